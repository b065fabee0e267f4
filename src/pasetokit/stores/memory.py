"""The embedded revocation store: one process, no dependencies, the default of ``TokenPolicy``.

:class:`MemoryRevocationStore` implements :class:`pasetokit.stores.RevocationStore` (the sync
protocol; ``TokenPolicy``'s async methods call it directly, as it never waits on I/O). It is
right for a single process; as soon as several processes or servers verify tokens, revocations
must be shared, e.g. with ``pasetokit.redis``.

- **Thread-safe:** one lock guards every read and write; each critical section is a few dict
  operations, so contention stays negligible.
- **Self-expiring:** every entry carries a deadline (``ttl`` seconds from now on a monotonic
  clock). Expired entries are dropped lazily, at the start of each access, using a heap ordered
  by deadline, so a purge costs O(expired · log n) rather than a scan.
- **One entry per family, not per rotation:** a family's record holds its current refresh
  token; rotating overwrites it, and presenting an older token revokes the record in place. So
  reuse detection never needs room, and refreshing in a loop costs one entry.
- **Bounded, with a bounded share per subject:** at most ``max_entries`` live entries, and at
  most ``max_entries_per_subject`` of them charged to any one subject (default: 1 % of
  ``max_entries``, at least 64). When a write finds no room (expired entries are purged
  first) it raises :class:`pasetokit.RevocationStoreUnavailableError`: dropping a revocation
  silently would re-enable a token the application meant to kill, so the store refuses loudly,
  and one subject's flood is refused before it can crowd out everybody else.
- **Same semantics as the Redis store:** writing an existing entry never shortens its life, and
  a subject's "revoked before" instant only moves forward.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections.abc import Callable
from typing import final

from pasetokit._crypto import ct_equal
from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

__all__ = ["DEFAULT_MAX_ENTRIES", "MemoryRevocationStore"]

DEFAULT_MAX_ENTRIES = 100_000

# Table indexes, also stored in heap entries so a popped deadline finds its table. _USED holds
# the first-version protocol's per-token marks (mark_used), which TokenPolicy no longer writes.
_TOKEN, _FAMILY, _SUBJECT, _USED = range(4)

# A family record's state: the jti of its current refresh token, or _REVOKED.
_REVOKED = None


def _default_share(max_entries: int) -> int:
    return min(max_entries, max(64, max_entries // 100))


@final
class MemoryRevocationStore:
    """A thread-safe, bounded, self-expiring in-memory :class:`~pasetokit.stores.RevocationStore`.

    ``clock`` returns monotonic seconds (default :func:`time.monotonic`); tests inject a fake one
    instead of sleeping. ``len(store)`` is the number of live entries.
    """

    __slots__ = (
        "_before",
        "_clock",
        "_current",
        "_heap",
        "_load",
        "_lock",
        "_max_entries",
        "_owner",
        "_share",
        "_tables",
    )

    def __init__(
        self,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_entries_per_subject: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if type(max_entries) is not int or max_entries < 1:
            raise ConfigurationError("MemoryRevocationStore: max_entries must be an int >= 1")
        share = _default_share(max_entries) if max_entries_per_subject is None else None
        if share is None:
            share = max_entries_per_subject
            if type(share) is not int or not 1 <= share <= max_entries:
                raise ConfigurationError(
                    "MemoryRevocationStore: max_entries_per_subject must be an int between 1 "
                    "and max_entries"
                )
        if not callable(clock):
            raise ConfigurationError("MemoryRevocationStore: clock must be a callable")
        self._max_entries = max_entries
        self._share = share
        self._clock = clock
        self._lock = threading.Lock()
        # One table per kind: key -> deadline (monotonic seconds).
        self._tables: tuple[dict[str, float], ...] = ({}, {}, {}, {})
        # Subject -> "revoked at or before" instant (epoch seconds), alongside _tables[_SUBJECT].
        self._before: dict[str, float] = {}
        # Family -> its current refresh token's jti, or _REVOKED; alongside _tables[_FAMILY].
        self._current: dict[str, str | None] = {}
        # (table, key) -> the subject it is charged to; subject -> how many entries it holds.
        self._owner: dict[tuple[int, str], str] = {}
        self._load: dict[str, int] = {}
        # (deadline, table, key). An entry whose deadline was later extended leaves a stale heap
        # item behind; _purge recognises it because the table holds another deadline.
        self._heap: list[tuple[float, int, str]] = []

    def __repr__(self) -> str:
        return f"MemoryRevocationStore(max_entries={self._max_entries})"

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return self._count()

    # --- RevocationStore -------------------------------------------------------------------

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """Whether ``jti``, its ``family`` or its ``subject`` (up to ``issued_at``) is revoked.

        Expired entries are purged first, so only live revocations answer.
        """
        tokens, families, subjects, _ = self._tables
        now = self._clock()
        with self._lock:
            if self._heap and self._heap[0][0] <= now:
                self._purge(now)
            # After the purge every entry present is live: membership is the whole answer.
            if jti in tokens:
                return True
            if family is not None and family in families and self._current[family] is _REVOKED:
                return True
            if subject is not None and subject in subjects:
                return issued_at <= self._before[subject]
            return False

    def revoke_token(self, jti: str, *, subject: str | None = None, ttl: float) -> None:
        """Revoke token ``jti`` for ``ttl`` seconds; an existing entry's life is never shortened.

        Raises:
            ConfigurationError: ``ttl`` is not a positive finite number, or a key is not a str.
            RevocationStoreUnavailableError: The store, or ``subject``'s share of it, is full.
        """
        with self._lock:
            self._put_locked(_TOKEN, jti, ttl, subject)

    def revoke_family(self, family: str, *, subject: str | None = None, ttl: float) -> None:
        """Revoke ``family`` for ``ttl`` seconds; a family that has rotated is revoked in place.

        Raises:
            ConfigurationError: ``ttl`` is not a positive finite number, or a key is not a str.
            RevocationStoreUnavailableError: No room for a family that has no record yet.
        """
        with self._lock:
            # An existing record (the family has rotated) is revoked in place: no room needed.
            self._put_locked(_FAMILY, family, ttl, subject)
            self._current[family] = _REVOKED

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke every token of ``subject`` issued at or before ``before`` (epoch seconds).

        The instant only moves forward: an older "log out everywhere" never undoes a newer one.

        Raises:
            ConfigurationError: ``before`` or ``ttl`` is not a finite number (``ttl`` > 0).
            RevocationStoreUnavailableError: The store, or ``subject``'s share of it, is full.
        """
        if isinstance(before, bool) or not isinstance(before, (int, float)):
            raise ConfigurationError("revoke_subject: before must be epoch seconds")
        if not math.isfinite(before):
            raise ConfigurationError("revoke_subject: before must be finite")
        with self._lock:
            self._put_locked(_SUBJECT, subject, ttl, subject)
            # Only ever moves forward: an older "log out everywhere" never undoes a newer one.
            self._before[subject] = max(before, self._before.get(subject, before))

    def advance_family(
        self, family: str, *, subject: str | None = None, presented: str, successor: str, ttl: float
    ) -> bool:
        """Refresh rotation: make ``successor`` current if ``presented`` is, else end the family.

        Returns:
            ``True`` when ``presented`` was the family's current token (or the family had no record
            yet); ``False`` when it was an older token used again: the family is then revoked in
            place. Current ids are compared in constant time.
        """
        with self._lock:
            self._put_locked(_FAMILY, family, ttl, subject)
            state = self._current.get(family, presented)  # no record yet: its first rotation
            # ct_equal: the family's current token id is compared like any other credential.
            if state is not _REVOKED and ct_equal(state.encode(), presented.encode()):
                self._current[family] = successor
                return True
            self._current[family] = _REVOKED  # an older token, used again: end the family
            return False

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        """First-version protocol (one entry per token): ``True`` the first time only."""
        with self._lock:
            now = self._clock()
            self._purge(now)
            if jti in self._tables[_USED]:
                return False
            self._put_locked(_USED, jti, ttl, None, now)
            return True

    # --- internals -------------------------------------------------------------------------

    def _put_locked(
        self, table: int, key: str, ttl: float, subject: str | None, now: float | None = None
    ) -> None:
        if not isinstance(key, str) or not (subject is None or isinstance(subject, str)):
            raise ConfigurationError("revocation store keys and subjects must be strings")
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not ttl > 0:
            raise ConfigurationError(f"ttl must be a positive number of seconds, got {ttl!r}")
        if not math.isfinite(ttl):
            raise ConfigurationError("ttl must be finite")
        if now is None:
            now = self._clock()
            self._purge(now)
        entries = self._tables[table]
        deadline = now + ttl
        current = entries.get(key)
        if current is None:
            self._admit(subject)
            if subject is not None:
                self._owner[table, key] = subject
                self._load[subject] = self._load.get(subject, 0) + 1
        elif current >= deadline:
            return  # never shorten an entry's life
        entries[key] = deadline
        heapq.heappush(self._heap, (deadline, table, key))
        if len(self._heap) > 2 * self._count() + 64:
            self._compact()

    def _admit(self, subject: str | None) -> None:
        """Refuse a new entry when the store, or ``subject``'s share of it, is full."""
        if self._count() >= self._max_entries:
            raise RevocationStoreUnavailableError(
                f"memory revocation store is full ({self._max_entries} live entries); "
                "raise MemoryRevocationStore(max_entries=...) or use a shared store "
                "such as pasetokit.redis"
            )
        if subject is not None and self._load.get(subject, 0) >= self._share:
            raise RevocationStoreUnavailableError(
                f"this subject holds {self._share} live revocation entries, its share of the "
                "store (max_entries_per_subject); older entries must expire first"
            )

    def _purge(self, now: float) -> None:
        """Drop every entry whose deadline has passed (caller holds the lock)."""
        heap, tables = self._heap, self._tables
        while heap and heap[0][0] <= now:
            deadline, table, key = heapq.heappop(heap)
            entries = tables[table]
            if entries.get(key) == deadline:  # not a stale item of an extended entry
                del entries[key]
                if table == _SUBJECT:
                    del self._before[key]
                elif table == _FAMILY:
                    del self._current[key]
                owner = self._owner.pop((table, key), None)
                if owner is not None:
                    left = self._load[owner] - 1
                    if left:
                        self._load[owner] = left
                    else:
                        del self._load[owner]

    def _compact(self) -> None:
        """Rebuild the heap without stale items (entries extended many times leave many)."""
        self._heap = [
            (deadline, table, key)
            for table, entries in enumerate(self._tables)
            for key, deadline in entries.items()
        ]
        heapq.heapify(self._heap)

    def _count(self) -> int:
        return sum(len(entries) for entries in self._tables)

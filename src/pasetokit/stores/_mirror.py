"""The local mirror: every live revocation of one prefix, held in this process, kept current.

``from_url(url, mirror=True, max_staleness=1.0)`` gives a Redis store a :class:`Mirror`; its
``is_revoked`` then answers from memory, with no network round trip. Writes, and refresh
rotation (``advance_family``), stay direct, atomic Redis operations.

**The feed.** Every Redis store, mirrored or not, appends each revocation to one stream,
``{prefix}feed`` (``XADD``, trimmed to the last ``FEED_RETENTION_S`` seconds by ``MINID``), so
that no revocation exists in Redis that the feed has not announced, whatever the writer does:

- on a single node, the script that writes the entry appends it to the feed in the same
  atomic step (the feed key is in its ``KEYS``), reuse-triggered family revocations included:
  there is no moment at which one exists without the other, so a writer that crashes or
  stalls at any point leaves either both or neither;
- on Redis Cluster the feed is in another slot, which no script can also write. The writer
  announces *first*, then writes, and each write carries a deadline (``WRITE_DEADLINE_S``
  after the announcement, on the server's clock) past which the script refuses it and the
  writer announces again. A writer that crashes in between leaves an announcement without
  its entry (mirrors then hold a revocation Redis does not: the safe side, and the caller
  never saw it succeed). A stalled writer cannot land a write behind the feed's retention.
  A reuse is detected by the rotation script, which cannot announce: it only marks the family
  "reuse detected" (it returns ``REUSED``), in the same atomic step. The mark is no
  revocation (direct lookups and mirrors alike treat the family as live), but the family
  never rotates again; the writer then announces and revokes like ``revoke_family``. If it
  dies in between, the next presentation of any of the family's refresh tokens gets
  ``REUSED`` again and completes the announcement and the revocation.

A mirror's thread follows the stream with a blocking ``XREAD`` from the last id it applied.

**Nothing missed across gaps.** On start and after *any* failure of the feed (connection lost
or refused, a timeout, Redis restarted), the mirror resyncs: it loads every entry by ``SCAN``
(``GET`` + ``PTTL``; on a cluster, every master), then replays the whole retained stream
(idempotent) and follows it from its last id. A revocation written before the scan reached
its key is in the keys; one written after is on the feed before the replay reads it. A
resync that takes longer than ``MAX_GAP_S`` starts over, and so does a follower that has
not caught up for that long (e.g. a process paused for minutes): the feed may have trimmed
what they would need. ``MAX_GAP_S`` + ``WRITE_DEADLINE_S`` + ``CLOCK_SKEW_S`` (the skew
tolerated between a cluster's clocks) is the retention.

**Staleness, bounded and enforced.** An ``XREAD`` that returns (empty after its block time,
or with fewer entries than asked) proves the view current as of the moment it was sent.
The view is trusted for ``max_staleness`` seconds after the last such proof; past it (Redis
down, paused, partitioned) ``is_revoked`` fails closed with
:class:`RevocationStoreUnavailableError`, or, with ``on_stale="direct"``, asks Redis directly.
It recovers by itself as soon as the feed answers again (after a resync).

**Memory, bounded.** At most ``max_entries`` entries are held (see ``BYTES_PER_ENTRY``).
Past the bound the mirror keeps what it holds and answers every lookup it cannot vouch for
with a direct Redis lookup (never by ignoring revocations) until a resync fits again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal

from pasetokit.exceptions import RevocationStoreUnavailableError

from ._mirror_view import View, parse_entry, put, stream_entries, text
from ._redis_layout import Layout
from ._redis_scripts import MAX_GAP_S

__all__ = [
    "BYTES_PER_ENTRY",
    "DEFAULT_MAX_MIRROR_ENTRIES",
    "Mirror",
    "OnStale",
]

OnStale = Literal["fail_closed", "direct"]

DEFAULT_MAX_MIRROR_ENTRIES = 1_000_000
BYTES_PER_ENTRY: Final = 240
"""Measured (``benchmarks/bench_mirror.py``, CPython 3.11, 22-character ids, 10-character
subjects): what one mirrored token revocation costs in the view, its strings, key tuple,
deadline and dict slot included. The default bound (1,000,000 entries) is about 240 MB."""

_BATCH = 500
_SWEEP_S = 60.0  # expired entries never answer (deadlines are checked): only memory


class _Resync(Exception):
    """Raised in the feed thread to reload the view."""


class Mirror:
    """The view plus the thread that keeps it current (see the module docstring).

    ``client`` is a *synchronous* ``redis.Redis`` or ``redis.cluster.RedisCluster`` of the
    mirror's own (its thread blocks in ``XREAD``); ``direct`` is the store's own lookup, used
    past the memory bound or, with ``on_stale="direct"``, when the view is stale.
    """

    def __init__(
        self,
        client: Any,
        layout: Layout,
        *,
        max_staleness: float,
        max_entries: int,
        fallback_when_stale: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._layout = layout
        self._feed = layout.feed()
        self._max_staleness = max_staleness
        self._max_entries = max_entries
        self.fallback_when_stale = fallback_when_stale
        self._clock = clock
        self._lock = threading.Lock()
        self._view = View()
        self._confirmed = -float("inf")  # monotonic instant the view was last proven current
        self._overflow = False
        self._last_id = "0-0"
        self._swept = clock()
        self._stop = threading.Event()
        self._block_ms = max(10, int(max_staleness * 1000 / 4))
        self._thread = threading.Thread(target=self._run, name="pasetokit-mirror", daemon=True)
        self._thread.start()

    # --- reads (the request path) ----------------------------------------------------------

    def lookup(self, jti: str, family: str | None, subject: str, issued_at: float) -> bool | None:
        """``True``/``False`` from the view, or ``None``: ask Redis directly. Raises
        ``RevocationStoreUnavailableError`` when the view is stale and no fallback is set."""
        now = self._clock()
        view = self._view
        if view.revoked(jti, family, subject, issued_at, now):
            return True  # a revocation we hold is always right, stale or not
        if now - self._confirmed > self._max_staleness:
            if self.fallback_when_stale:
                return None
            raise RevocationStoreUnavailableError(
                "revocation store unavailable: the local mirror could not confirm it is "
                f"current within max_staleness ({self._max_staleness} s)"
            )
        return None if self._overflow else False

    @property
    def is_current(self) -> bool:
        return self._clock() - self._confirmed <= self._max_staleness

    def __len__(self) -> int:
        return len(self._view)

    def wait_current(self, timeout: float) -> bool:
        """Wait (at most ``timeout`` seconds) for the first load; ``True`` once current."""
        deadline = time.monotonic() + timeout
        while not self.is_current:
            if time.monotonic() > deadline or not self._thread.is_alive():
                return False
            time.sleep(0.005)
        return True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self._block_ms / 1000 + 2)
        self._client.close()

    # --- the feed thread -------------------------------------------------------------------

    def _run(self) -> None:
        synced = False
        while not self._stop.is_set():
            try:
                if not synced:
                    self._resync()
                    synced = True
                self._follow()
            except _Resync:
                synced = False
            except Exception:  # any failure is a gap: resync after it
                synced = False
                self._stop.wait(0.05)

    def _follow(self) -> None:
        sent = self._clock()
        if sent - self._confirmed > MAX_GAP_S:
            raise _Resync  # not caught up for so long that the feed may have trimmed past us
        reply = self._client.xread({self._feed: self._last_id}, count=_BATCH, block=self._block_ms)
        entries = stream_entries(reply)
        self._apply_entries(entries)
        if len(entries) < _BATCH:
            self._confirmed = sent
        if sent - self._swept > _SWEEP_S:
            with self._lock:
                self._view.sweep(sent)
            self._swept = sent
            if self._overflow and len(self._view) < self._max_entries // 2:
                raise _Resync  # the view may fit again: reload it

    def _resync(self) -> None:
        sent = self._clock()
        view = View()
        overflow = self._load(view)
        # Replay everything the feed retains: announced before the scan, written after it.
        start, last = "-", "0-0"
        while True:
            batch = self._client.xrange(self._feed, min=start, count=_BATCH)
            overflow |= self._apply_entries(batch, view)
            if batch:
                last = text(batch[-1][0])
            if len(batch) < _BATCH:
                break
            start = "(" + last
        if self._clock() - sent > MAX_GAP_S:
            raise _Resync  # what was written during the scan may be trimmed from the replay
        with self._lock:
            self._view, self._overflow, self._last_id = view, overflow, last
        self._confirmed = sent

    def _load(self, view: View) -> bool:
        """Every live entry of the prefix into ``view``; ``True`` if it did not all fit."""
        now = self._clock()
        keys: list[str] = []
        overflow = False
        for raw in self._client.scan_iter(match=self._layout.prefix + "{*", count=1000):
            key = text(raw)
            if self._layout.parse(key) is None:
                continue  # a share, or not ours
            keys.append(key)
            if len(keys) >= _BATCH:
                overflow |= self._load_batch(keys, view, now)
                keys = []
        if keys:
            overflow |= self._load_batch(keys, view, now)
        return overflow

    def _load_batch(self, keys: list[str], view: View, now: float) -> bool:
        pipe = self._client.pipeline(transaction=False)
        for key in keys:
            pipe.get(key)
            pipe.pttl(key)
        replies = pipe.execute(raise_on_error=False)  # a foreign key of the wrong type: skipped
        overflow = False
        for i, key in enumerate(keys):
            value, pttl = replies[2 * i], replies[2 * i + 1]
            if not isinstance(value, (bytes, str)) or not isinstance(pttl, int) or pttl <= 0:
                continue
            parsed = self._layout.parse(key)
            if parsed is None:
                continue
            kind, subject, name = parsed
            deadline = now + pttl / 1000
            fits = put(
                view, kind, subject, name, text(value), deadline=deadline, limit=self._max_entries
            )
            overflow |= not fits
        return overflow

    def _apply_entries(self, entries: Iterable[Any], view: View | None = None) -> bool:
        """Apply feed entries to ``view`` (default: the live view, advancing the last id);
        ``True`` if some did not fit."""
        target = self._view if view is None else view
        now = self._clock()
        overflow = False
        with self._lock:
            for entry_id, fields in entries:
                parsed = parse_entry(fields)
                if parsed is not None:
                    kind, subject, name, value, ttl = parsed
                    fits = put(
                        target,
                        kind,
                        subject,
                        name,
                        value,
                        deadline=now + ttl,
                        limit=self._max_entries,
                    )
                    overflow |= not fits
                if view is None:
                    self._last_id = text(entry_id)
            if view is None and overflow:
                self._overflow = True
        return overflow

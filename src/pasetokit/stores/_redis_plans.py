"""Every Redis store command as a *plan*: the decisions, written once, with no I/O.

A plan is a generator: it yields a :class:`Call` (one script on one key, plus the feed on a
single node), receives the reply, and returns the result. The sync and async stores drive
the same plans (``_drive`` / ``_adrive`` in ``redis``), so they differ only in the I/O.

Every revocation is announced on the mirrors' feed so that Redis never holds one the feed has
not announced (``_mirror``, "The feed"): on a single node by the writing script itself; on a
cluster by a ``FEED`` call made first, whose reply (the server's time) gives the writes their
deadline (``WRITE_DEADLINE_S`` later): a write refused as ``LATE`` is announced again, once,
then the operation fails (``RevocationStoreUnavailableError``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, NamedTuple

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

from ._redis_layout import Layout, before_arg, escape, ttl_ms
from ._redis_scripts import (
    ABSENT,
    FEED_RETENTION_S,
    LATE,
    OVER_SHARE,
    REUSED,
    WRITE_DEADLINE_S,
)

__all__ = ["Call", "Note", "Plan", "Plans"]

# Read at call time, so a test's writer process can shorten it (tests/stores/feed_writer_support).
_WRITE_DEADLINE_MS = WRITE_DEADLINE_S * 1000


class Call(NamedTuple):
    """One script invocation, built by the base and sent by a subclass."""

    operation: str
    script: Callable[..., Any]
    keys: list[str]
    args: list[str | int]


class Note(NamedTuple):
    """What a revocation write announces on the feed (its fields, see ``_redis_scripts.FEED``)."""

    kind: str
    subject: str
    name: str
    value: str
    ms: int


Plan = Generator[Call, object, bool]


class Plans:
    """The plans of :class:`~pasetokit.stores._redis_base.RedisStore`, which provides the
    attributes below (its client's registered scripts, its layout and share)."""

    __slots__ = ()

    _cluster: bool
    _layout: Layout
    _share: int
    _feed_script: Callable[..., Any]
    _set_keep_ttl: Callable[..., Any]
    _charge_script: Callable[..., Any]
    _advance: Callable[..., Any]
    _revoke_subject: Callable[..., Any]

    def _head(self, deadline: int, note: Note) -> list[str | int]:
        """ARGV[1..6] of every revocation script (``_redis_scripts._HEAD``)."""
        kind, subject, name, _, ms = note
        return [deadline, kind, escape(subject), escape(name), ms, FEED_RETENTION_S * 1000]

    def _keys(self, key: str) -> list[str]:
        # A single node: the script announces on the feed itself, atomically with its write.
        return [key] if self._cluster else [key, self._layout.feed()]

    def _announce(self, operation: str, note: Note) -> Generator[Call, object, int]:
        """On a cluster, announce ``note`` on the feed *before* writing it and return the
        deadline (server ms) for its writes; on a single node 0 (the write announces)."""
        if not self._cluster:
            return 0
        kind, subject, name, value, ms = note
        args: list[str | int] = [
            kind, escape(subject), escape(name), value, ms, FEED_RETENTION_S * 1000,
        ]  # fmt: skip
        now = yield Call(operation, self._feed_script, [self._layout.feed()], args)
        if type(now) is not int:
            raise RevocationStoreUnavailableError(
                f"revocation store unavailable: unexpected feed reply during {operation}"
            )
        return now + _WRITE_DEADLINE_MS

    def _write(self, write: Call, note: Note, deadline: int) -> Generator[Call, object, object]:
        """``write`` (its single key, its own ARGV) as an announced revocation; announced
        again (once) if it came after its deadline."""
        for attempt in (1, 2):
            args = self._head(deadline, note) + write.args
            reply = yield write._replace(keys=self._keys(write.keys[0]), args=args)
            if reply != LATE:
                return reply
            if attempt == 1:
                deadline = yield from self._announce(write.operation, note)
        raise RevocationStoreUnavailableError(
            f"revocation store unavailable: {write.operation} stalled past its announcement's "
            f"deadline ({WRITE_DEADLINE_S} s) twice"
        )

    def _charge(self, operation: str, share_key: str, member: str, ms: int) -> Call:
        return Call(operation, self._charge_script, [share_key], [member, ms, self._share])

    def _entry_plan(self, operation: str, kind: str, name: str, subject: str, ttl: float) -> Plan:
        key, share_key, member = self._layout.entry(kind, name, subject)
        note = Note(kind, subject, name, "1", ttl_ms(ttl))
        deadline = yield from self._announce(operation, note)
        if kind == "fam":
            # A family with a record (it has rotated) is revoked in place: no share needed,
            # so this cannot be refused, however full the subject's share is.
            in_place = Call(operation, self._set_keep_ttl, [key], ["1", "xx"])
            reply = yield from self._write(in_place, note, deadline)
            if reply != ABSENT:
                return True
        self._admitted((yield self._charge(operation, share_key, member, note.ms)), operation)
        write = Call(operation, self._set_keep_ttl, [key], ["1", "any"])
        yield from self._write(write, note, deadline)
        return True

    def _token_plan(self, jti: str, subject: str, ttl: float) -> Plan:
        return self._entry_plan("revoke_token", "jti", jti, subject, ttl)

    def _family_plan(self, family: str, subject: str, ttl: float) -> Plan:
        return self._entry_plan("revoke_family", "fam", family, subject, ttl)

    def _subject_plan(self, subject: str, before: float, ttl: float) -> Plan:
        note = Note("sub", subject, "", before_arg(before), ttl_ms(ttl))
        deadline = yield from self._announce("revoke_subject", note)
        key = self._layout.subject(subject)
        write = Call("revoke_subject", self._revoke_subject, [key], [note.value])
        yield from self._write(write, note, deadline)
        return True

    def _advance_plan(
        self, family: str, subject: str, presented: str, successor: str, ttl: float
    ) -> Plan:
        for name, value in (("presented", presented), ("successor", successor)):
            if not isinstance(value, str):
                raise ConfigurationError(f"{name} must be a str (a jti)")
        key, share_key, member = self._layout.entry("fam", family, subject)
        note = Note("fam", subject, family, "1", ttl_ms(ttl))
        head = self._head(0, note)
        # Rotation (and reuse: revoke in place) of an existing family: one call.
        reply = yield Call(
            "advance_family", self._advance, self._keys(key), [*head, presented, successor, "xx"]
        )
        if reply == ABSENT:  # its first rotation: charge the subject, then create the record
            charge = self._charge("advance_family", share_key, member, note.ms)
            self._admitted((yield charge), "advance_family")
            create = [*head, presented, successor, "any"]
            reply = yield Call("advance_family", self._advance, self._keys(key), create)
        if reply == REUSED:  # a cluster: only marked (no rotation ever again); announce, revoke
            yield from self._entry_plan("advance_family", "fam", family, subject, ttl)
        return reply == 1

    @staticmethod
    def _admitted(reply: object, operation: str) -> None:
        if reply == OVER_SHARE:
            raise RevocationStoreUnavailableError(
                f"revocation store refused {operation}: this subject holds "
                "max_entries_per_subject live entries; older entries must expire first"
            )

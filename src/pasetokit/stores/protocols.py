"""Revocation stores: the only shared state of an otherwise stateless verifier.

A store answers one question per verification, "is this token revoked?", in at most one round
trip, records revocations, and keeps one record per refresh-token *family*: the family's
current refresh token. Every entry carries a time to live equal to the remaining lifetime of
what it describes, so stores never grow without bound; a refresh loop costs nothing extra (the
family record is overwritten in place), and stores may cap the entries of any one subject.

Every write names the ``subject`` its entry belongs to: stores use it to charge entries to a
subject (a bounded share each) and, on Redis Cluster, to keep the keys one verification reads
in one hash slot.

Stores raise :class:`pasetokit.RevocationStoreUnavailableError` when they cannot answer; the
policy then fails closed (unless the application opted into failing open).

Stores written against the first version of this protocol (``mark_used(jti, *, ttl)`` instead
of :meth:`RevocationStore.advance_family`, no ``subject`` on writes) still work with
``TokenPolicy``; see :mod:`pasetokit.stores.legacy` for what they lose.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["AsyncRevocationStore", "RevocationStore"]


@runtime_checkable
class RevocationStore(Protocol):
    """Synchronous store. ``ttl`` is in seconds (> 0); entries vanish by themselves after it."""

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """One round trip: is token ``jti`` revoked, or its ``family``, or was it issued (epoch
        seconds ``issued_at``) at or before a "log out everywhere" of ``subject``?"""
        ...

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Revoke the one token whose ``jti`` is given, for ``ttl`` seconds (its remaining life).

        ``subject`` is the token's ``sub``: the entry is charged to it.
        """
        ...

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Revoke ``family``. A family that already has a record is revoked in place (no new
        entry), so this cannot fail for lack of room once the family has rotated."""
        ...

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke every token of ``subject`` issued at or before ``before`` (epoch seconds)."""
        ...

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Refresh rotation, atomically. If ``presented`` (a refresh token's ``jti``) is the
        family's current token, or the family has no record yet (its first rotation), make
        ``successor`` current and return ``True``. Otherwise ``presented`` is an old token
        used again: revoke the family *in place* and return ``False``. Two racing callers
        with one token: exactly one gets ``True``."""
        ...


@runtime_checkable
class AsyncRevocationStore(Protocol):
    """The same contract for asyncio code; never blocks the event loop."""

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """Await :meth:`RevocationStore.is_revoked`: one round trip, token, family and subject."""
        ...

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Await :meth:`RevocationStore.revoke_token`: revoke one ``jti`` for ``ttl`` seconds."""
        ...

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Await :meth:`RevocationStore.revoke_family`: revoke ``family``, in place if recorded."""
        ...

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Await :meth:`RevocationStore.revoke_subject`: log ``subject`` out everywhere."""
        ...

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Await :meth:`RevocationStore.advance_family`: the atomic rotation step, same contract."""
        ...

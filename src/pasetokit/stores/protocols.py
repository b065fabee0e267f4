"""Revocation stores: the only shared state of an otherwise stateless verifier.

A store answers one question per verification, "is this token revoked?", in at most one round
trip, and records revocations and refresh-token use. Every entry carries a time to live equal to
the remaining lifetime of what it describes, so stores never grow without bound.

Stores raise :class:`pasetokit.RevocationStoreUnavailableError` when they cannot answer; the
policy then fails closed (unless the application opted into failing open).
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

    def revoke_token(self, jti: str, *, ttl: float) -> None: ...

    def revoke_family(self, family: str, *, ttl: float) -> None: ...

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke every token of ``subject`` issued at or before ``before`` (epoch seconds)."""
        ...

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        """Atomically record the first use of refresh token ``jti``: ``True`` the first time,
        ``False`` ever after (two racing callers: exactly one gets ``True``)."""
        ...


@runtime_checkable
class AsyncRevocationStore(Protocol):
    """The same contract for asyncio code; never blocks the event loop."""

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool: ...

    async def revoke_token(self, jti: str, *, ttl: float) -> None: ...

    async def revoke_family(self, family: str, *, ttl: float) -> None: ...

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None: ...

    async def mark_used(self, jti: str, *, ttl: float) -> bool: ...

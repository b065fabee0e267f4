"""Stores written against the first store protocol, adapted to the current one.

A first-version store has ``mark_used(jti, *, ttl) -> bool`` instead of ``advance_family`` and
takes no ``subject`` on writes. ``TokenPolicy`` wraps such a store in :class:`LegacyStore` (or
:class:`AsyncLegacyStore`) at build time, so the policy itself only knows one protocol.

What such a store loses: rotation costs one entry per refresh (a "used" mark per token rather
than one record per family), and reuse detection needs a second write (``revoke_family``) that
a full store may refuse. Implement ``advance_family`` to get both guarantees.
"""

from __future__ import annotations

from typing import Protocol, final

__all__ = ["AsyncLegacyStore", "AsyncV1Store", "LegacyStore", "V1Store"]


class V1Store(Protocol):
    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool: ...

    def revoke_token(self, jti: str, *, ttl: float) -> None: ...

    def revoke_family(self, family: str, *, ttl: float) -> None: ...

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None: ...

    def mark_used(self, jti: str, *, ttl: float) -> bool: ...


class AsyncV1Store(Protocol):
    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool: ...

    async def revoke_token(self, jti: str, *, ttl: float) -> None: ...

    async def revoke_family(self, family: str, *, ttl: float) -> None: ...

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None: ...

    async def mark_used(self, jti: str, *, ttl: float) -> bool: ...


@final
class LegacyStore:
    """A :class:`~pasetokit.stores.RevocationStore` over a first-version sync store."""

    __slots__ = ("store",)

    def __init__(self, store: V1Store) -> None:
        self.store = store

    def __repr__(self) -> str:
        return repr(self.store)

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.store.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_token(jti, ttl=ttl)

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_family(family, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.store.revoke_subject(subject, before=before, ttl=ttl)

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        if self.store.mark_used(presented, ttl=ttl):
            return True
        self.store.revoke_family(family, ttl=ttl)
        return False


@final
class AsyncLegacyStore:
    """An :class:`~pasetokit.stores.AsyncRevocationStore` over a first-version async store."""

    __slots__ = ("store",)

    def __init__(self, store: AsyncV1Store) -> None:
        self.store = store

    def __repr__(self) -> str:
        return repr(self.store)

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return await self.store.is_revoked(
            jti=jti, family=family, subject=subject, issued_at=issued_at
        )

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        await self.store.revoke_token(jti, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        await self.store.revoke_family(family, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        await self.store.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        if await self.store.mark_used(presented, ttl=ttl):
            return True
        await self.store.revoke_family(family, ttl=ttl)
        return False

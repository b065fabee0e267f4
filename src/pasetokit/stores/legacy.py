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
    """The first version of the sync store protocol, as stores written for it implement it.

    No ``subject`` on writes, and ``mark_used`` (one mark per refresh token) in place of
    ``advance_family``. ``TokenPolicy`` accepts such a store and wraps it in
    :class:`LegacyStore`.
    """

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """Is token ``jti``, its ``family``, or ``subject`` up to ``issued_at``, revoked?"""
        ...

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        """Revoke token ``jti`` for ``ttl`` seconds."""
        ...

    def revoke_family(self, family: str, *, ttl: float) -> None:
        """Revoke every token of ``family`` for ``ttl`` seconds."""
        ...

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke every token of ``subject`` issued at or before ``before`` (epoch seconds)."""
        ...

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        """Mark refresh token ``jti`` used for ``ttl`` seconds: ``True`` the first time only."""
        ...


class AsyncV1Store(Protocol):
    """The first version of the async store protocol: :class:`V1Store` with awaitable methods.

    ``TokenPolicy`` wraps such a store in :class:`AsyncLegacyStore`.
    """

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """Await :meth:`V1Store.is_revoked`."""
        ...

    async def revoke_token(self, jti: str, *, ttl: float) -> None:
        """Await :meth:`V1Store.revoke_token`."""
        ...

    async def revoke_family(self, family: str, *, ttl: float) -> None:
        """Await :meth:`V1Store.revoke_family`."""
        ...

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Await :meth:`V1Store.revoke_subject`."""
        ...

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        """Await :meth:`V1Store.mark_used`: ``True`` the first time only."""
        ...


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
        """Ask the wrapped store, unchanged."""
        return self.store.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Revoke ``jti`` in the wrapped store (which takes no ``subject``: it is dropped)."""
        self.store.revoke_token(jti, ttl=ttl)

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Revoke ``family`` in the wrapped store (``subject`` is dropped)."""
        self.store.revoke_family(family, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke ``subject``'s tokens issued up to ``before`` in the wrapped store."""
        self.store.revoke_subject(subject, before=before, ttl=ttl)

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Rotation over ``mark_used``: ``True`` if ``presented`` was never used.

        Otherwise ``presented`` is a reused refresh token: revoke ``family`` (a second write, which
        a full store may refuse) and return ``False``. ``successor`` is not recorded: the next
        rotation marks it in turn.
        """
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
        """Ask the wrapped store, unchanged."""
        return await self.store.is_revoked(
            jti=jti, family=family, subject=subject, issued_at=issued_at
        )

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Revoke ``jti`` in the wrapped store (which takes no ``subject``: it is dropped)."""
        await self.store.revoke_token(jti, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Revoke ``family`` in the wrapped store (``subject`` is dropped)."""
        await self.store.revoke_family(family, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke ``subject``'s tokens issued up to ``before`` in the wrapped store."""
        await self.store.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """:meth:`LegacyStore.advance_family` for the async store."""
        if await self.store.mark_used(presented, ttl=ttl):
            return True
        await self.store.revoke_family(family, ttl=ttl)
        return False

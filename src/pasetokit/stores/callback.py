"""A revocation store around the application's own answer: the database deny-list.

Most applications that revoke tokens already keep a table of revoked ids (Flask-JWT-Extended's
``token_in_blocklist_loader``, fastapi-paseto's ``token_in_denylist_loader``). The
:class:`CallbackRevocationStore` asks that table first, through the application's
``is_revoked(query) -> bool``, and then an ``inner`` store (the in-memory default, or a Redis
store) that keeps what the policy itself writes: ``revoke_*`` calls, refresh-token families and
their rotation. A token is revoked when either says so.

Fail closed: a callback that raises, or answers anything but ``True``/``False``, is a store that
cannot answer: :class:`pasetokit.RevocationStoreUnavailableError` (HTTP 503 in the adapters),
never a token let through (unless the policy was built with ``fail_open=True``).

:class:`AsyncCallbackRevocationStore` is the asyncio twin (an ``async def`` callback, an async
inner store or the in-memory one); the decision is shared, the twins only do the I/O.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import NamedTuple, final

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

from .memory import MemoryRevocationStore
from .protocols import AsyncRevocationStore, RevocationStore

__all__ = ["AsyncCallbackRevocationStore", "CallbackRevocationStore", "RevocationQuery"]


class RevocationQuery(NamedTuple):
    """What the policy asks about one token: its ``jti``, its refresh ``family``, its
    ``subject`` and when it was issued (``issued_at``, epoch seconds)."""

    jti: str
    family: str | None
    subject: str | None
    issued_at: float


def _answer(value: object) -> bool:
    # The one decision both twins share: only a real bool is an answer.
    if value is True or value is False:
        return value
    raise RevocationStoreUnavailableError(
        f"the is_revoked callback must return True or False, not {type(value).__name__}"
    )


def _failed(exc: Exception) -> RevocationStoreUnavailableError:
    if isinstance(exc, RevocationStoreUnavailableError):
        return exc
    return RevocationStoreUnavailableError(f"the is_revoked callback failed: {exc!r}")


@final
class CallbackRevocationStore:
    """``CallbackRevocationStore(is_revoked, inner=...)``: the application's synchronous
    ``is_revoked(query: RevocationQuery) -> bool``, then ``inner`` (default: a new
    :class:`MemoryRevocationStore`), which also takes every write."""

    __slots__ = ("callback", "inner")

    def __init__(
        self,
        is_revoked: Callable[[RevocationQuery], bool],
        *,
        inner: RevocationStore | None = None,
    ) -> None:
        if not callable(is_revoked):
            raise ConfigurationError("CallbackRevocationStore: is_revoked must be callable")
        if inspect.iscoroutinefunction(is_revoked):
            raise ConfigurationError(
                "CallbackRevocationStore: is_revoked is async; use AsyncCallbackRevocationStore"
            )
        if inner is not None and inspect.iscoroutinefunction(getattr(inner, "is_revoked", None)):
            raise ConfigurationError(
                "CallbackRevocationStore: inner is an async store; use AsyncCallbackRevocationStore"
            )
        self.callback = is_revoked
        self.inner: RevocationStore = MemoryRevocationStore() if inner is None else inner

    def __repr__(self) -> str:
        return f"CallbackRevocationStore({self.callback!r}, inner={self.inner!r})"

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """The callback's answer; if ``False``, the inner store's."""
        try:
            revoked = _answer(self.callback(RevocationQuery(jti, family, subject, issued_at)))
        except Exception as exc:
            raise _failed(exc) from exc
        return revoked or self.inner.is_revoked(
            jti=jti, family=family, subject=subject, issued_at=issued_at
        )

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Recorded in the inner store (your table is yours to write)."""
        self.inner.revoke_token(jti, subject=subject, ttl=ttl)

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Recorded in the inner store."""
        self.inner.revoke_family(family, subject=subject, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Recorded in the inner store."""
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Refresh rotation, by the inner store."""
        return self.inner.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


@final
class _InMemory:
    """The in-memory store behind the async protocol (it never blocks: no I/O)."""

    __slots__ = ("store",)

    def __init__(self, store: MemoryRevocationStore) -> None:
        self.store = store

    def __repr__(self) -> str:
        return repr(self.store)

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.store.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_token(jti, subject=subject, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_family(family, subject=subject, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.store.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        return self.store.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


@final
class AsyncCallbackRevocationStore:
    """The asyncio twin: ``async def is_revoked(query) -> bool`` (a sync callback works too),
    then ``inner``: an :class:`AsyncRevocationStore` or the in-memory store (default)."""

    __slots__ = ("callback", "inner")

    def __init__(
        self,
        is_revoked: Callable[[RevocationQuery], Awaitable[bool] | bool],
        *,
        inner: AsyncRevocationStore | MemoryRevocationStore | None = None,
    ) -> None:
        if not callable(is_revoked):
            raise ConfigurationError("AsyncCallbackRevocationStore: is_revoked must be callable")
        if inner is None or isinstance(inner, MemoryRevocationStore):
            self.inner: AsyncRevocationStore = _InMemory(inner or MemoryRevocationStore())
        elif inspect.iscoroutinefunction(getattr(inner, "is_revoked", None)):
            self.inner = inner
        else:
            raise ConfigurationError(
                "AsyncCallbackRevocationStore: a synchronous inner store would block the event "
                "loop; pass its async twin (e.g. AsyncRedisRevocationStore)"
            )
        self.callback = is_revoked

    def __repr__(self) -> str:
        return f"AsyncCallbackRevocationStore({self.callback!r}, inner={self.inner!r})"

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """The callback's answer; if ``False``, the inner store's."""
        try:
            value = self.callback(RevocationQuery(jti, family, subject, issued_at))
            revoked = _answer(await value if inspect.isawaitable(value) else value)
        except Exception as exc:
            raise _failed(exc) from exc
        return revoked or await self.inner.is_revoked(
            jti=jti, family=family, subject=subject, issued_at=issued_at
        )

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Recorded in the inner store."""
        await self.inner.revoke_token(jti, subject=subject, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Recorded in the inner store."""
        await self.inner.revoke_family(family, subject=subject, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Recorded in the inner store."""
        await self.inner.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Refresh rotation, by the inner store."""
        return await self.inner.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )

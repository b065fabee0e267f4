"""How ``TokenPolicy`` talks to its revocation store: sync or async, typed, failing closed.

The policy never calls a store directly; it goes through :class:`StoreGate`, which

- knows whether the store is synchronous or asynchronous (decided once, at build time), and
  adapts a first-version store (``mark_used``) to the current protocol
  (:mod:`pasetokit.stores.legacy`), so the policy only ever sees one protocol;
- has one typed method per store operation, in a sync and an ``a``-prefixed async form;
- turns *any* unexpected exception of a store (``ConnectionError``, ``OSError``, a bug...) into
  :class:`RevocationStoreUnavailableError`: a store that cannot answer must never let a token
  through by accident, nor surface as an HTTP 500;
- applies ``fail_open`` to the revocation *check* only. Writes (revocations, refresh rotation)
  always fail closed: failing open there would issue new tokens without reuse detection, or
  report a log-out that did not happen.

From async code, an async store is awaited; a sync :class:`MemoryRevocationStore` is called
directly (it never waits on I/O); any other sync store runs in a worker thread
(:func:`asyncio.to_thread`) so a blocking client cannot stall the event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple, ParamSpec, TypeVar, cast, final

from pasetokit.exceptions import ConfigurationError, PasetoError, RevocationStoreUnavailableError
from pasetokit.stores.legacy import AsyncLegacyStore, LegacyStore
from pasetokit.stores.memory import MemoryRevocationStore
from pasetokit.stores.protocols import AsyncRevocationStore, RevocationStore

__all__ = ["METHODS", "V1_METHODS", "Rotation", "StoreGate", "build_gate"]

METHODS = ("is_revoked", "revoke_token", "revoke_family", "revoke_subject", "advance_family")
V1_METHODS = ("is_revoked", "revoke_token", "revoke_family", "revoke_subject", "mark_used")

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger("pasetokit.policy")


class Rotation(NamedTuple):
    """What one refresh asks of the store (:meth:`StoreGate.advance_family`)."""

    family: str
    subject: str
    presented: str
    successor: str
    ttl: float


def build_gate(store: object, *, fail_open: bool) -> StoreGate | None:
    """Validate ``revocation_store`` (``None``: a new memory store; ``False``: disabled)."""
    if store is False:
        return None
    if store is None:
        store = MemoryRevocationStore()
    if store is True:
        raise ConfigurationError(
            "revocation_store=True is not a store; pass a store object, None for the "
            "built-in MemoryRevocationStore, or False to disable revocation checks"
        )
    legacy = not callable(getattr(store, "advance_family", None)) and callable(
        getattr(store, "mark_used", None)
    )
    names = V1_METHODS if legacy else METHODS
    missing = [name for name in names if not callable(getattr(store, name, None))]
    if missing:
        raise ConfigurationError(
            f"revocation_store {type(store).__name__} lacks {', '.join(missing)}; it must "
            "implement pasetokit.stores.RevocationStore or AsyncRevocationStore"
        )
    kinds = {inspect.iscoroutinefunction(getattr(store, name)) for name in names}
    if len(kinds) != 1:
        raise ConfigurationError(
            f"revocation_store {type(store).__name__} mixes sync and async methods; all of "
            f"{', '.join(names)} must be plain methods (RevocationStore) or all coroutine "
            "methods (AsyncRevocationStore)"
        )
    is_async = kinds.pop()
    inner: Any = store
    if legacy:
        inner = AsyncLegacyStore(inner) if is_async else LegacyStore(inner)
    if is_async:
        return StoreGate(cast(Any, store), async_store=inner, fail_open=fail_open)
    return StoreGate(cast(Any, store), sync_store=inner, fail_open=fail_open)


def _wrap(operation: str, exc: Exception) -> RevocationStoreUnavailableError:
    # The class name only: a client's message may carry a host name or credentials. The
    # original stays reachable as __context__ for debugging.
    error = RevocationStoreUnavailableError(
        f"revocation store unavailable: {type(exc).__name__} during {operation}"
    )
    error.__suppress_context__ = True  # as "raise ... from None", wherever it is raised
    return error


@final
class StoreGate:
    """A validated store plus how to call it. Built by :func:`build_gate`.

    Exactly one of ``sync_store`` / ``async_store`` is set; ``store`` is what the application
    passed (reported by ``TokenPolicy.revocation_store``).
    """

    __slots__ = ("_async", "_sync", "direct", "fail_open", "is_async", "store")

    def __init__(
        self,
        store: RevocationStore | AsyncRevocationStore,
        *,
        sync_store: RevocationStore | None = None,
        async_store: AsyncRevocationStore | None = None,
        fail_open: bool,
    ) -> None:
        self.store = store
        self._sync = sync_store
        self._async = async_store
        self.is_async = async_store is not None
        self.fail_open = fail_open
        # Sync stores that never block may be called from the event loop as they are.
        self.direct = isinstance(sync_store, MemoryRevocationStore)

    def __repr__(self) -> str:
        return repr(self.store)

    # --- the revocation check (honours fail_open) ------------------------------------------

    def is_revoked(self, jti: str, family: str | None, subject: str | None, iat: float) -> bool:
        try:
            return bool(
                self._sync_store.is_revoked(jti=jti, family=family, subject=subject, issued_at=iat)
            )
        except RevocationStoreUnavailableError as exc:
            return self._unavailable(exc)
        except PasetoError:
            raise
        except Exception as exc:
            return self._unavailable(_wrap("is_revoked", exc))

    async def ais_revoked(
        self, jti: str, family: str | None, subject: str | None, iat: float
    ) -> bool:
        try:
            if self._async is not None:
                call = self._async.is_revoked
                return bool(await call(jti=jti, family=family, subject=subject, issued_at=iat))
            return bool(
                await self._offload(
                    self._sync_store.is_revoked,
                    jti=jti,
                    family=family,
                    subject=subject,
                    issued_at=iat,
                )
            )
        except RevocationStoreUnavailableError as exc:
            return self._unavailable(exc)
        except PasetoError:
            raise
        except Exception as exc:
            return self._unavailable(_wrap("is_revoked", exc))

    # --- the same check for issuing (always fails closed, as writes do) ---------------------

    def is_revoked_closed(
        self, jti: str, family: str | None, subject: str | None, iat: float
    ) -> bool:
        """:meth:`is_revoked` ignoring ``fail_open``: before new tokens are issued
        (``reissue_access``), an outage must stop them, as it stops a refresh rotation."""
        return bool(
            _write(
                self._sync_store.is_revoked, jti=jti, family=family, subject=subject, issued_at=iat
            )
        )

    async def ais_revoked_closed(
        self, jti: str, family: str | None, subject: str | None, iat: float
    ) -> bool:
        """:meth:`is_revoked_closed` for async code."""
        return bool(
            await self._aclosed(
                lambda s: s.is_revoked,
                lambda s: s.is_revoked,
                jti=jti,
                family=family,
                subject=subject,
                issued_at=iat,
            )
        )

    def _unavailable(self, exc: RevocationStoreUnavailableError) -> bool:
        if not self.fail_open:
            raise exc
        # Opted in: the token goes through, but an outage must never pass unnoticed.
        logger.warning("revocation check skipped (fail_open=True): %s", exc.message)
        return False

    # --- writes (always fail closed) -------------------------------------------------------

    def revoke_token(self, jti: str, subject: str, ttl: float) -> None:
        _write(self._sync_store.revoke_token, jti, subject=subject, ttl=ttl)

    async def arevoke_token(self, jti: str, subject: str, ttl: float) -> None:
        await self._aclosed(
            lambda s: s.revoke_token, lambda s: s.revoke_token, jti, subject=subject, ttl=ttl
        )

    def revoke_family(self, family: str, subject: str, ttl: float) -> None:
        _write(self._sync_store.revoke_family, family, subject=subject, ttl=ttl)

    async def arevoke_family(self, family: str, subject: str, ttl: float) -> None:
        await self._aclosed(
            lambda s: s.revoke_family, lambda s: s.revoke_family, family, subject=subject, ttl=ttl
        )

    def revoke_subject(self, subject: str, before: float, ttl: float) -> None:
        _write(self._sync_store.revoke_subject, subject, before=before, ttl=ttl)

    async def arevoke_subject(self, subject: str, before: float, ttl: float) -> None:
        await self._aclosed(
            lambda s: s.revoke_subject,
            lambda s: s.revoke_subject,
            subject,
            before=before,
            ttl=ttl,
        )

    def advance_family(self, rotation: Rotation) -> bool:
        family, subject, presented, successor, ttl = rotation
        return bool(
            _write(
                self._sync_store.advance_family,
                family,
                subject=subject,
                presented=presented,
                successor=successor,
                ttl=ttl,
            )
        )

    async def aadvance_family(self, rotation: Rotation) -> bool:
        family, subject, presented, successor, ttl = rotation
        return bool(
            await self._aclosed(
                lambda s: s.advance_family,
                lambda s: s.advance_family,
                family,
                subject=subject,
                presented=presented,
                successor=successor,
                ttl=ttl,
            )
        )

    # --- plumbing --------------------------------------------------------------------------

    @property
    def _sync_store(self) -> RevocationStore:
        store = self._sync
        if store is None:  # the policy checks is_async first; this is a last line of defence
            raise ConfigurationError("the revocation store is asynchronous; use the a* methods")
        return store

    async def _offload(self, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        if self.direct:
            return call(*args, **kwargs)
        return await asyncio.to_thread(call, *args, **kwargs)

    async def _aclosed(
        self,
        native: Callable[[AsyncRevocationStore], Callable[P, Awaitable[R]]],
        blocking: Callable[[RevocationStore], Callable[P, R]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """One store call from async code, failing closed: ``native`` picks the method of an
        async store (awaited), ``blocking`` the same method of a sync one (offloaded)."""
        if self._async is not None:
            return await _awrite(native(self._async), *args, **kwargs)
        return await self._aoffload(blocking(self._sync_store), *args, **kwargs)

    async def _aoffload(self, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await self._offload(call, *args, **kwargs)
        except PasetoError:
            raise
        except Exception as exc:
            raise _wrap(call.__name__, exc) from None


def _write(call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        return call(*args, **kwargs)
    except PasetoError:
        raise
    except Exception as exc:
        raise _wrap(call.__name__, exc) from None


async def _awrite(call: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        return await call(*args, **kwargs)
    except PasetoError:
        raise
    except Exception as exc:
        raise _wrap(call.__name__, exc) from None

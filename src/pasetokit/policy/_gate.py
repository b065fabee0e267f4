"""How ``TokenPolicy`` talks to its revocation store: sync or async, failing closed.

The policy never calls a store directly; it goes through :class:`StoreGate`, which

- knows whether the store is synchronous or asynchronous (decided once, at build time);
- turns *any* unexpected exception of a store (``ConnectionError``, ``OSError``, a bug...) into
  :class:`RevocationStoreUnavailableError`: a store that cannot answer must never let a token
  through by accident, nor surface as an HTTP 500;
- applies ``fail_open`` to the revocation *check* only. Writes (revocations, refresh-token use)
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
from typing import Any, final

from pasetokit.exceptions import ConfigurationError, PasetoError, RevocationStoreUnavailableError
from pasetokit.stores.memory import MemoryRevocationStore

__all__ = ["METHODS", "StoreGate", "build_gate"]

METHODS = ("is_revoked", "revoke_token", "revoke_family", "revoke_subject", "mark_used")

logger = logging.getLogger("pasetokit.policy")


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
    missing = [name for name in METHODS if not callable(getattr(store, name, None))]
    if missing:
        raise ConfigurationError(
            f"revocation_store {type(store).__name__} lacks {', '.join(missing)}; it must "
            "implement pasetokit.stores.RevocationStore or AsyncRevocationStore"
        )
    kinds = {inspect.iscoroutinefunction(getattr(store, name)) for name in METHODS}
    if len(kinds) != 1:
        raise ConfigurationError(
            f"revocation_store {type(store).__name__} mixes sync and async methods; all of "
            f"{', '.join(METHODS)} must be plain methods (RevocationStore) or all coroutine "
            "methods (AsyncRevocationStore)"
        )
    return StoreGate(store, is_async=kinds.pop(), fail_open=fail_open)


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
    """A validated store plus how to call it. Built by :func:`build_gate`."""

    __slots__ = ("_is_revoked", "direct", "fail_open", "is_async", "store")

    def __init__(self, store: Any, *, is_async: bool, fail_open: bool) -> None:
        self.store = store
        self.is_async = is_async
        self.fail_open = fail_open
        # Sync stores that never block may be called from the event loop as they are.
        self.direct = isinstance(store, MemoryRevocationStore)
        self._is_revoked = store.is_revoked  # bound once: this is the per-request call

    def __repr__(self) -> str:
        return repr(self.store)

    # --- the revocation check (honours fail_open) ------------------------------------------

    def is_revoked(self, jti: str, family: str | None, subject: str | None, iat: float) -> bool:
        try:
            return bool(self._is_revoked(jti=jti, family=family, subject=subject, issued_at=iat))
        except RevocationStoreUnavailableError as exc:
            return self._unavailable(exc)
        except PasetoError:
            raise
        except Exception as exc:
            return self._unavailable(_wrap("is_revoked", exc))

    async def ais_revoked(
        self, jti: str, family: str | None, subject: str | None, iat: float
    ) -> bool:
        kwargs = {"jti": jti, "family": family, "subject": subject, "issued_at": iat}
        try:
            if self.is_async:
                return bool(await self._is_revoked(**kwargs))
            if self.direct:
                return bool(self._is_revoked(**kwargs))
            return bool(await asyncio.to_thread(self._is_revoked, **kwargs))
        except RevocationStoreUnavailableError as exc:
            return self._unavailable(exc)
        except PasetoError:
            raise
        except Exception as exc:
            return self._unavailable(_wrap("is_revoked", exc))

    def _unavailable(self, exc: RevocationStoreUnavailableError) -> bool:
        if not self.fail_open:
            raise exc
        # Opted in: the token goes through, but an outage must never pass unnoticed.
        logger.warning("revocation check skipped (fail_open=True): %s", exc.message)
        return False

    # --- writes (always fail closed) -------------------------------------------------------

    def call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.store, operation)(*args, **kwargs)
        except PasetoError:
            raise
        except Exception as exc:
            raise _wrap(operation, exc) from None

    async def acall(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(self.store, operation)
        try:
            if self.is_async:
                return await method(*args, **kwargs)
            if self.direct:
                return method(*args, **kwargs)
            return await asyncio.to_thread(method, *args, **kwargs)
        except PasetoError:
            raise
        except Exception as exc:
            raise _wrap(operation, exc) from None

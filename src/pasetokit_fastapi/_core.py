"""What one ``Auth`` knows, and its request flows on top of ``pasetokit.web.Gate``.

``authenticate`` awaits ``policy.averify`` so an async revocation store is never called in a
blocking way. When the policy cannot block (no store, or the in-memory one, which
``policy.averify`` calls directly too), ``loop_safe`` lets the hot paths call the sync
``gate.verify`` instead: the same decision without four coroutine layers per request (the
hand-written minimum calls ``policy.verify`` in an async dependency). ``authenticate_sync``
serves the seed-style ``paseto_required()`` called inside a route (an async store is awaited
on the server's loop from a sync route's worker thread). Both raise only
``pasetokit.TokenError`` subclasses for the client's faults.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import anyio.from_thread
from starlette.requests import HTTPConnection

from pasetokit import ConfigurationError, MemoryRevocationStore, TokenPair, TokenPolicy
from pasetokit.web import Gate, Requirement, RevokeWhat, Verified, WebSettings

from ._errors import ErrorHandler, ErrorMapper
from ._openapi import Schemes
from ._view import ConnectionView, view_of

__all__ = ["Core", "RevokeWhat"]


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Core:
    gate: Gate
    errors: ErrorMapper
    schemes: Schemes
    loop_safe: bool  # policy.verify never blocks: the event loop may call it

    @classmethod
    def build(
        cls, policy: TokenPolicy, settings: WebSettings, handler: ErrorHandler | None
    ) -> Core:
        gate = Gate(policy, settings)
        store = policy.revocation_store
        loop_safe = store is None or isinstance(store, MemoryRevocationStore)
        return cls(gate, ErrorMapper(gate.errors, handler), Schemes(settings), loop_safe)

    async def view(self, conn: HTTPConnection, req: Requirement) -> ConnectionView:
        return await view_of(conn, self.gate.locations(req))

    async def authenticate(self, conn: HTTPConnection, req: Requirement) -> Verified | None:
        view = await self.view(conn, req)
        if self.loop_safe:
            return self.gate.verify(view, req)
        return await self.gate.averify(view, req)

    def authenticate_sync(self, view: ConnectionView, req: Requirement) -> Verified | None:
        gate = self.gate
        if not gate.async_store:
            return gate.verify(view, req)
        found = gate.find(view, req)
        if found is None:
            return None
        if _in_event_loop():
            raise ConfigurationError(
                "the revocation store is asynchronous: in an `async def` route call "
                "`await authorize.apaseto_required(...)` (or use the auth.required() "
                "dependencies) instead of authorize.paseto_required(...)"
            )
        try:
            return anyio.from_thread.run(gate.ajudge, view, found, req)
        except RuntimeError as exc:  # not in a worker thread of the server's event loop
            raise ConfigurationError(
                "paseto_required() with an asynchronous revocation store must run inside a "
                "request (a sync route's worker thread) or be awaited as apaseto_required()"
            ) from exc

    async def rotate(self, conn: HTTPConnection, req: Requirement) -> TokenPair:
        """Refresh rotation (``Gate.arotate``) on ``conn``."""
        return await self.gate.arotate(await self.view(conn, req), req)

    async def revoke(
        self, conn: HTTPConnection, req: Requirement, what: RevokeWhat
    ) -> dict[str, Any]:
        """Log-out: verify the token, then revoke it, its family or its subject."""
        verified = await self.authenticate(conn, req)
        assert verified is not None  # noqa: S101 - the requirement is never optional
        await self.gate.arevoke(verified.claims, what)
        return verified.claims

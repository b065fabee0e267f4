"""Implicit refresh for FastAPI (the rule is :class:`pasetokit.web.ImplicitRefresh`'s).

A dependency that verified a token calls :func:`note`; when the rule wants a re-issue, the
verified token is left in the request's ``scope["state"]``. :class:`ImplicitRefreshMiddleware`
(added by ``auth.install(app)`` when ``implicit_refresh`` is set) reads it when the response
starts: a response below 400 that does not set the access cookie itself gets the re-issued
cookies. So the store call and the minting happen once per request, after the route ran, and
never for a failed one (an exception, an error response).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pasetokit.web import Gate, ImplicitRefresh, Verified, apply_cookies

__all__ = ["ImplicitRefreshMiddleware", "note"]

_KEY = "pasetokit.implicit_refresh"  # in scope["state"]: the list the middleware reads
logger = logging.getLogger("pasetokit.web")


def note(gate: Gate, conn: HTTPConnection, verified: Verified | None) -> None:
    """Leave ``verified`` for the middleware if the request asks for a re-issue."""
    implicit = gate.implicit
    if implicit is None or verified is None or conn.scope["type"] != "http":
        return
    if not implicit.wanted(verified.claims, verified.location):
        return
    pending = conn.scope.get("state", {}).get(_KEY)
    if pending is None:
        logger.warning(
            "implicit_refresh is set but its middleware is not installed: call "
            "auth.install(app) at start-up, or no access cookie is ever re-issued"
        )
        return
    pending[:] = [verified]  # the last verification of the request wins


class ImplicitRefreshMiddleware:
    """Pure ASGI middleware: applies what :func:`note` left when the response starts."""

    def __init__(self, app: ASGIApp, *, implicit: ImplicitRefresh) -> None:
        self.app = app
        self.implicit = implicit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pending: list[Verified] = []
        scope.setdefault("state", {})[_KEY] = pending

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start" and pending:
                message = await self._with_cookies(message, pending.pop())
            await send(message)

        await self.app(scope, receive, send_with_cookies)

    async def _with_cookies(self, message: Message, verified: Verified) -> Message:
        headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
        set_cookies = [v.decode("latin-1") for k, v in headers if k.lower() == b"set-cookie"]
        if not self.implicit.applies(message["status"], set_cookies):
            return message
        specs = await self.implicit.acookies(verified.token, verified.claims)
        if not specs:
            return message
        rendered: Any = Response()  # Starlette renders the Set-Cookie values
        apply_cookies(rendered, specs)
        headers.extend((k, v) for k, v in rendered.raw_headers if k == b"set-cookie")
        return {**message, "headers": headers}

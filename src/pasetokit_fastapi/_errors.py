"""pasetokit exceptions -> HTTP responses and WebSocket closes (the mapping itself is
``pasetokit.web.ErrorMap``: status per code, RFC 6750 challenge, ``{"detail","code"}`` body).

A token fault leaves the adapter as an :class:`AuthHTTPException`, a Starlette
``HTTPException`` carrying the status and headers, so FastAPI answers it even with no set-up
(never a 500: the body is then FastAPI's ``{"detail"}``). ``auth.install(app)`` (or
``app.add_exception_handler(AuthHTTPException, handle_auth_error)``) registers the adapter's
handler, the documented way, which renders ``{"detail": <message>, "code": <exc.code>}`` or
calls ``Auth(error_handler=...)``. On a WebSocket the connection is closed with 1008 (policy
violation) through Starlette's ``WebSocketException``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

from starlette.exceptions import HTTPException, WebSocketException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.status import WS_1008_POLICY_VIOLATION
from starlette.websockets import WebSocket

from pasetokit import ConfigurationError, TokenError
from pasetokit.web import ErrorMap, ErrorReply, resolved, websocket_reason

__all__ = ["AuthHTTPException", "ErrorHandler", "ErrorMapper", "handle_auth_error"]

ErrorHandler = Callable[[Request, "AuthHTTPException"], Response | Awaitable[Response]]


class AuthHTTPException(HTTPException):
    """A token failure on its way to the client. ``error`` is the pasetokit exception, ``code``
    its stable machine code; :meth:`body` is the default JSON body."""

    def __init__(
        self,
        error: TokenError,
        reply: ErrorReply,
        handler: ErrorHandler | None = None,
        challenge: Callable[[int], str | None] | None = None,
    ) -> None:
        super().__init__(reply.status, detail=error.message, headers=reply.headers)
        self.error = error
        self.code = error.code
        self.reply = reply
        self.handler = handler
        self._challenge = challenge

    def body(self) -> dict[str, str]:
        """The default JSON body: ``{"detail": message, "code": code}`` (a fresh dict to edit)."""
        return dict(self.reply.body)


async def handle_auth_error(request: Request, exc: Exception) -> Response:
    """The exception handler for :class:`AuthHTTPException` (``auth.install(app)`` registers
    it; ``app.add_exception_handler`` works too)."""
    if not isinstance(exc, AuthHTTPException):  # pragma: no cover - registered for that class
        raise exc
    if exc.handler is not None:
        response = cast(Response, await resolved(exc.handler(request, exc)))
        # RFC 6750 (as Flask's loaders): a 401 the handler built without a challenge gets one
        # for the status it chose
        if "www-authenticate" not in response.headers and exc._challenge is not None:
            value = exc._challenge(response.status_code)
            if value is not None:
                response.headers["WWW-Authenticate"] = value
        return response
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)


class ErrorMapper:
    """Turns token errors into :class:`AuthHTTPException` / ``WebSocketException`` for one
    ``Auth``."""

    __slots__ = ("_handler", "map")

    def __init__(self, errors: ErrorMap, handler: ErrorHandler | None = None) -> None:
        if handler is not None and not callable(handler):
            raise ConfigurationError("error_handler must be callable (request, exc) -> Response")
        self.map = errors
        self._handler = handler

    def http(self, conn: HTTPConnection, exc: TokenError, scopes: Sequence[str] = ()) -> Exception:
        """What to raise for ``exc`` on ``conn`` (an HTTP request or a WebSocket)."""
        if conn.scope["type"] == "websocket":
            return WebSocketException(WS_1008_POLICY_VIOLATION, websocket_reason(exc))
        return self.exception(exc, scopes)

    def exception(self, exc: TokenError, scopes: Sequence[str] = ()) -> AuthHTTPException:
        reply = self.map.reply(exc, scopes)
        return AuthHTTPException(
            exc, reply, self._handler, lambda status: self.map.challenge(exc, status, scopes)
        )


def install_handlers(app: Any, mapper: ErrorMapper) -> None:
    """Register the handlers (``Auth.install``): :class:`AuthHTTPException`, and
    ``pasetokit.TokenError`` escaping application code (e.g. a direct ``policy.arevoke``).
    A handler the application registered itself is kept."""

    async def token_error(conn: HTTPConnection, exc: Exception) -> Response | None:
        if not isinstance(exc, TokenError):  # pragma: no cover - registered for that class
            raise exc
        if isinstance(conn, WebSocket):
            await conn.close(WS_1008_POLICY_VIOLATION, websocket_reason(exc))
            return None
        return await handle_auth_error(cast(Request, conn), mapper.exception(exc))

    handlers = getattr(app, "exception_handlers", {})
    if AuthHTTPException not in handlers:
        app.add_exception_handler(AuthHTTPException, handle_auth_error)
    if TokenError not in handlers:
        app.add_exception_handler(TokenError, token_error)

"""pasetokit exceptions -> HTTP responses and WebSocket closes (on the class, never the text).

A token fault leaves the adapter as an :class:`AuthHTTPException`, a Starlette
``HTTPException``: FastAPI answers it without any set-up (so it is never a 500), and the
adapter's handler, put next to the application's own exception handlers the first time it is
needed, renders the body ``{"detail": <message>, "code": <exc.code>}``:

- 401 + ``WWW-Authenticate: Bearer`` (``error="invalid_token"`` once a token was presented;
  RFC 6750 section 3.1) for missing, malformed, invalid, expired, revoked, wrong-type and
  not-fresh tokens;
- 403 for insufficient scope (``error="insufficient_scope"``) and CSRF failures;
- 503 when the revocation store cannot answer (fail-closed).

``Auth(status_codes={code: status})`` changes a status; ``Auth(error_handler=...)`` builds the
response itself. On a WebSocket the connection is closed with 1008 (policy violation).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, cast

from starlette.exceptions import HTTPException, WebSocketException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.status import WS_1008_POLICY_VIOLATION
from starlette.websockets import WebSocket

import pasetokit.exceptions as pasetokit_exceptions
from pasetokit import (
    ConfigurationError,
    CSRFError,
    InsufficientScopeError,
    MissingTokenError,
    RevocationStoreUnavailableError,
    TokenError,
)

__all__ = [
    "AuthHTTPException",
    "ErrorHandler",
    "ErrorMapper",
    "handle_auth_error",
    "known_codes",
]

ErrorHandler = Callable[[Request, "AuthHTTPException"], Response | Awaitable[Response]]

# RFC 6750 section 3: error_description is %x20-21 / %x23-5B / %x5D-7E; scope tokens are
# %x21 / %x23-5B / %x5D-7E (RFC 6749 section 3.3).
_NOT_DESCRIPTION = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")
_NOT_SCOPE = re.compile(r"[^\x21\x23-\x5b\x5d-\x7e]")
_HANDLERS_KEY = "starlette.exception_handlers"
_CLOSE_REASON_BYTES = 123  # RFC 6455 section 5.5: a close frame's payload is at most 125 bytes


def known_codes() -> frozenset[str]:
    """Every ``code`` a pasetokit token error can carry."""
    classes = vars(pasetokit_exceptions).values()
    return frozenset(
        cls.code for cls in classes if isinstance(cls, type) and issubclass(cls, TokenError)
    )


def default_status(exc: TokenError) -> int:
    if isinstance(exc, RevocationStoreUnavailableError):
        return 503
    if isinstance(exc, (InsufficientScopeError, CSRFError)):
        return 403
    return 401


class AuthHTTPException(HTTPException):
    """A token failure on its way to the client. ``error`` is the pasetokit exception, ``code``
    its stable machine code; :meth:`body` is the default JSON body."""

    def __init__(
        self,
        error: TokenError,
        status_code: int,
        headers: dict[str, str],
        handler: ErrorHandler | None = None,
    ) -> None:
        super().__init__(status_code, detail=error.message, headers=headers)
        self.error = error
        self.code = error.code
        self.handler = handler

    def body(self) -> dict[str, str]:
        return {"detail": self.detail, "code": self.code}


async def handle_auth_error(request: Request, exc: Exception) -> Response:
    """The exception handler for :class:`AuthHTTPException` (also usable with
    ``app.add_exception_handler``)."""
    if not isinstance(exc, AuthHTTPException):  # pragma: no cover - registered for that class
        raise exc
    if exc.handler is not None:
        response = exc.handler(request, exc)
        return await response if inspect.isawaitable(response) else response
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)


def _register_handler(conn: HTTPConnection) -> None:
    """Put :func:`handle_auth_error` next to the app's exception handlers (once per app).

    Without it the exception would still be answered by FastAPI's ``HTTPException`` handler
    (right status and headers, body without ``code``); a handler the application registered
    for :class:`AuthHTTPException` itself is kept.
    """
    entry = conn.scope.get(_HANDLERS_KEY)
    if isinstance(entry, tuple) and entry and isinstance(entry[0], dict):
        entry[0].setdefault(AuthHTTPException, handle_auth_error)


class ErrorMapper:
    """Turns pasetokit token errors into :class:`AuthHTTPException` / ``WebSocketException``
    for one ``Auth``: the one place where the mapping can be changed."""

    __slots__ = ("_handler", "_scheme", "_status")

    def __init__(
        self,
        scheme: str,
        status_codes: Mapping[str, int] | None = None,
        handler: ErrorHandler | None = None,
    ) -> None:
        status = dict(status_codes or {})
        codes = known_codes()
        for code, value in status.items():
            if code not in codes:
                raise ConfigurationError(
                    f"status_codes: unknown error code {code!r}; known: {', '.join(sorted(codes))}"
                )
            if type(value) is not int or not 400 <= value <= 599:
                raise ConfigurationError(f"status_codes[{code!r}] must be a 4xx/5xx int")
        if handler is not None and not callable(handler):
            raise ConfigurationError("error_handler must be callable (request, exc) -> Response")
        self._scheme = scheme
        self._status = status
        self._handler = handler

    def status(self, exc: TokenError) -> int:
        return self._status.get(exc.code) or default_status(exc)

    def challenge(self, exc: TokenError, status: int, scopes: Sequence[str] = ()) -> str | None:
        """The ``WWW-Authenticate`` value (``None``: no challenge for this status)."""
        description = _NOT_DESCRIPTION.sub("?", exc.message)[:200]
        if isinstance(exc, InsufficientScopeError) and status == 403:
            wanted = " ".join(
                s for s in (_NOT_SCOPE.sub("", x) for x in scopes or exc.missing) if s
            )
            scope = f', scope="{wanted}"' if wanted else ""
            return (
                f'{self._scheme} error="insufficient_scope", '
                f'error_description="{description}"{scope}'
            )
        if status != 401:
            return None
        if isinstance(exc, MissingTokenError):
            return self._scheme  # RFC 6750 3.1: no error code when no credentials were sent
        return f'{self._scheme} error="invalid_token", error_description="{description}"'

    def http(self, conn: HTTPConnection, exc: TokenError, scopes: Sequence[str] = ()) -> Exception:
        """What to raise for ``exc`` on ``conn`` (an HTTP request or a WebSocket)."""
        if conn.scope["type"] == "websocket":
            return websocket_exception(exc)
        _register_handler(conn)
        return self.exception(exc, scopes)

    def exception(self, exc: TokenError, scopes: Sequence[str] = ()) -> AuthHTTPException:
        status = self.status(exc)
        headers = {"Cache-Control": "no-store"}
        challenge = self.challenge(exc, status, scopes)
        if challenge is not None:
            headers["WWW-Authenticate"] = challenge
        return AuthHTTPException(exc, status, headers, self._handler)


def websocket_exception(exc: TokenError) -> WebSocketException:
    """Close with 1008 (policy violation); the reason carries the code and message."""
    reason = f"{exc.code}: {exc.message}".encode("utf-8", "replace")[:_CLOSE_REASON_BYTES]
    return WebSocketException(WS_1008_POLICY_VIOLATION, reason.decode("utf-8", "ignore"))


def install_handlers(app: Any, mapper: ErrorMapper) -> None:
    """Register the handlers explicitly (``Auth.install``): :class:`AuthHTTPException`, and
    ``pasetokit.TokenError`` escaping application code (e.g. a direct ``policy.arevoke``)."""

    async def token_error(conn: HTTPConnection, exc: Exception) -> Response | None:
        if not isinstance(exc, TokenError):  # pragma: no cover - registered for that class
            raise exc
        if isinstance(conn, WebSocket):
            close = websocket_exception(exc)
            await conn.close(close.code, close.reason)
            return None
        return await handle_auth_error(cast(Request, conn), mapper.exception(exc))

    app.add_exception_handler(AuthHTTPException, handle_auth_error)
    app.add_exception_handler(TokenError, token_error)

"""pasetokit exceptions -> Flask responses. The mapping (status per code, the RFC 6750
challenge, the ``{"detail","code"}`` body) is ``pasetokit.web.ErrorMap``'s; here it becomes a
Flask response, through a loader registered on the manager when there is one (a 401 without
``WWW-Authenticate`` from a loader still gets the challenge).

:class:`PasetoHTTPException` is a werkzeug ``HTTPException`` carrying that response, for
``verify_paseto_in_request`` called inside a view: flask-restx and flask-restful bypass the
application's error handlers, but answer an ``HTTPException`` with its ``code``, ``data`` and
headers, and plain Flask answers it with its response, in production and debug mode alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask import Response, current_app, jsonify
from werkzeug.exceptions import HTTPException

from pasetokit import InvalidTokenError, TokenError
from pasetokit.web import ErrorReply, resolved

from ._state import AppState, get_state

__all__ = [
    "PasetoHTTPException",
    "UserLookupError",
    "aerror_response",
    "error_response",
    "handle_token_error",
]


class UserLookupError(InvalidTokenError):
    """A valid token whose subject the ``user_lookup_loader`` could not find (HTTP 401)."""

    code = "user_not_found"
    default_message = "user not found"


class PasetoHTTPException(HTTPException):
    """A token failure as a werkzeug ``HTTPException``: ``error`` is the pasetokit exception,
    ``code`` the HTTP status, ``data`` the JSON body, ``response`` the full response."""

    def __init__(self, error: TokenError, response: Response) -> None:
        super().__init__(description=error.message, response=response)
        self.error = error
        self.code = response.status_code
        self.data = response.get_json(silent=True)


def _loader_for(state: AppState, exc: TokenError) -> Callable[[Any], Any] | None:
    status = state.gate.errors.status(exc)
    return state.loaders.for_error(exc, status, isinstance(exc, UserLookupError))


def _default(reply: ErrorReply) -> Response:
    response = jsonify(reply.body)
    response.status_code = reply.status
    response.headers.update(reply.headers)
    return response


def _finish(state: AppState, exc: TokenError, scopes: Sequence[str], rv: object) -> Response:
    response = current_app.make_response(rv)  # type: ignore[arg-type]  # a loader's return value
    if "WWW-Authenticate" not in response.headers:
        value = state.gate.errors.challenge(exc, response.status_code, scopes)
        if value is not None:
            response.headers["WWW-Authenticate"] = value
    return response


def error_response(state: AppState, exc: TokenError, scopes: Sequence[str] = ()) -> Response:
    """The response for ``exc`` in a sync context (an async loader is run to completion)."""
    loader = _loader_for(state, exc)
    if loader is None:
        return _default(state.gate.errors.reply(exc, scopes))
    return _finish(state, exc, scopes, current_app.ensure_sync(loader)(exc))


async def aerror_response(state: AppState, exc: TokenError, scopes: Sequence[str] = ()) -> Response:
    """The response for ``exc`` inside an async view (an async loader is awaited)."""
    loader = _loader_for(state, exc)
    if loader is None:
        return _default(state.gate.errors.reply(exc, scopes))
    return _finish(state, exc, scopes, await resolved(loader(exc)))


def handle_token_error(exc: TokenError) -> Response:
    """App error handler: a ``TokenError`` escaping a view (e.g. ``get_policy().revoke``)."""
    return error_response(get_state(), exc)

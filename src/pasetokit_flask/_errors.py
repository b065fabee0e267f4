"""pasetokit exceptions -> HTTP responses (mapped on the class, never on the message text).

401 + ``WWW-Authenticate: Bearer`` for token faults (``error="invalid_token"`` once a token was
presented), 403 for scope (``error="insufficient_scope"``) and CSRF, 503 when the revocation
store cannot answer. Body ``{"detail": <message>, "code": <exc.code>}``. A loader registered on
the manager replaces the body; a 401 without ``WWW-Authenticate`` still gets the challenge.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence

from flask import Response, current_app, jsonify

from pasetokit import (
    CSRFError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    InvalidTokenError,
    MissingTokenError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenError,
)

from ._manager import AppState, ErrorLoader, get_state

__all__ = ["UserLookupError", "aerror_response", "error_response", "handle_token_error"]


class UserLookupError(InvalidTokenError):
    """A valid token whose subject the ``user_lookup_loader`` could not find (HTTP 401)."""

    code = "user_not_found"
    default_message = "user not found"


# RFC 6750 section 3: error_description is %x20-21 / %x23-5B / %x5D-7E; scope tokens %x21 /
# %x23-5B / %x5D-7E (RFC 6749 section 3.3).
_NOT_DESCRIPTION = re.compile(r"[^\x20\x21\x23-\x5b\x5d-\x7e]")
_NOT_SCOPE = re.compile(r"[^\x21\x23-\x5b\x5d-\x7e]")


def status_for(exc: TokenError) -> int:
    if isinstance(exc, RevocationStoreUnavailableError):
        return 503
    if isinstance(exc, (InsufficientScopeError, CSRFError)):
        return 403
    return 401


def challenge(exc: TokenError, scheme: str, scopes: Sequence[str] = ()) -> str | None:
    """The ``WWW-Authenticate`` value for ``exc`` (``None``: no challenge for this status)."""
    description = _NOT_DESCRIPTION.sub("?", exc.message)[:200]
    if isinstance(exc, InsufficientScopeError):
        wanted = " ".join(s for s in (_NOT_SCOPE.sub("", x) for x in scopes or exc.missing) if s)
        scope = f', scope="{wanted}"' if wanted else ""
        return f'{scheme} error="insufficient_scope", error_description="{description}"{scope}'
    if status_for(exc) != 401:
        return None
    if isinstance(exc, MissingTokenError):
        return scheme  # RFC 6750 3.1: no error code when no credentials were sent
    return f'{scheme} error="invalid_token", error_description="{description}"'


def _loader_for(state: AppState, exc: TokenError) -> ErrorLoader | None:
    loaders = state.manager.error_loaders
    if not loaders:
        return None
    if isinstance(exc, MissingTokenError):
        names: tuple[str, ...] = ("unauthorized", "any")
    elif isinstance(exc, ExpiredTokenError):
        names = ("expired", "any")
    elif isinstance(exc, FreshTokenRequiredError):
        names = ("needs_fresh", "any")
    elif isinstance(exc, RevokedTokenError):
        names = ("revoked", "any")
    elif isinstance(exc, UserLookupError):
        names = ("user_lookup", "invalid", "any")
    elif status_for(exc) == 401:
        names = ("invalid", "any")
    else:
        names = ("any",)
    for name in names:
        loader = loaders.get(name)
        if loader is not None:
            return loader
    return None


def _default(state: AppState, exc: TokenError, scopes: Sequence[str]) -> Response:
    response = jsonify(detail=exc.message, code=exc.code)
    response.status_code = status_for(exc)
    value = challenge(exc, state.settings.challenge_scheme, scopes)
    if value is not None:
        response.headers["WWW-Authenticate"] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def _finish(state: AppState, exc: TokenError, scopes: Sequence[str], rv: object) -> Response:
    response = current_app.make_response(rv)  # type: ignore[arg-type]  # a loader's return value
    if response.status_code == 401 and "WWW-Authenticate" not in response.headers:
        value = challenge(exc, state.settings.challenge_scheme, scopes)
        if value is not None:
            response.headers["WWW-Authenticate"] = value
    return response


def error_response(state: AppState, exc: TokenError, scopes: Sequence[str] = ()) -> Response:
    """The response for ``exc`` in a sync context (an async loader is run to completion)."""
    loader = _loader_for(state, exc)
    if loader is None:
        return _default(state, exc, scopes)
    return _finish(state, exc, scopes, current_app.ensure_sync(loader)(exc))


async def aerror_response(state: AppState, exc: TokenError, scopes: Sequence[str] = ()) -> Response:
    """The response for ``exc`` inside an async view (an async loader is awaited)."""
    loader = _loader_for(state, exc)
    if loader is None:
        return _default(state, exc, scopes)
    rv = loader(exc)
    if inspect.isawaitable(rv):
        rv = await rv
    return _finish(state, exc, scopes, rv)


def handle_token_error(exc: TokenError) -> Response:
    """App error handler: a ``TokenError`` escaping a view (``verify_paseto_in_request``)."""
    return error_response(get_state(), exc)

"""Verification of the current request (``pasetokit.web.Gate`` on a view of ``flask.request``),
the loaders, and the result kept for the view.

The view reads the WSGI environ itself (PEP 3333 ``HTTP_*`` keys, values as the server
received them; servers join repeated header lines with commas) through one lookup of the
request object, not a proxy hop per read. ``verify`` runs the policy's sync ``verify``;
``averify`` (async views) awaits ``averify`` so an async revocation store is never called in a
blocking way. Both raise only ``pasetokit.TokenError`` subclasses for the client's faults.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from flask import Request, current_app, request

from pasetokit import TokenError
from pasetokit.web import Requirement, Verified

from ._context import RequestAuth
from ._errors import PasetoHTTPException, UserLookupError, aerror_response, error_response
from ._state import AppState, get_state

__all__ = [
    "RequestView",
    "averify",
    "averify_paseto_in_request",
    "verify",
    "verify_paseto_in_request",
]

_UNPREFIXED = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})  # PEP 3333: no HTTP_ prefix
_ENVIRON_KEYS: dict[str, str] = {}  # header name -> environ key (names come from settings)


class RequestView:
    """A ``pasetokit.web.RequestView`` of one Flask request."""

    __slots__ = ("_request",)

    websocket = False  # Flask serves no WebSocket handshakes

    def __init__(self, req: Request) -> None:
        self._request = req

    @property
    def method(self) -> str:
        return self._request.method

    def header_values(self, name: str) -> tuple[str, ...]:
        key = _ENVIRON_KEYS.get(name)
        if key is None:
            key = name.upper().replace("-", "_")
            key = _ENVIRON_KEYS.setdefault(name, key if key in _UNPREFIXED else f"HTTP_{key}")
        value = self._request.environ.get(key)
        return () if value is None else (value,)

    @property
    def query_string(self) -> str:
        return self._request.query_string.decode("latin-1")

    def body(self) -> bytes:
        return self._request.get_data(cache=True)


def _view() -> RequestView:
    # werkzeug's documented LocalProxy._get_current_object: one context lookup, not one per read
    return RequestView(request._get_current_object())  # type: ignore[attr-defined]


def _keep(state: AppState, verified: Verified | None, user: Any) -> dict[str, Any] | None:
    if verified is None:
        RequestAuth().store()
        return None
    loaded = state.loaders.user is not None
    if loaded and user is None:
        raise UserLookupError()
    RequestAuth(verified.claims, verified.token, verified.location, user, loaded).store()
    return verified.claims


def verify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Sync verification of the current request against ``req``; stores the result."""
    verified = state.gate.verify(_view(), req)
    loaders = state.loaders
    user = None
    if verified is not None and (loaders.checks or loaders.user is not None):
        run = current_app.ensure_sync  # an async loader is run to completion
        for check in loaders.checks:
            run(check)(verified.claims)
        if loaders.user is not None:
            user = run(loaders.user)(verified.claims)
    return _keep(state, verified, user)


async def _result(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def averify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Async twin of :func:`verify`: awaits the policy's ``averify`` and async loaders."""
    verified = await state.gate.averify(_view(), req)
    loaders = state.loaders
    user = None
    if verified is not None:
        for check in loaders.checks:
            await _result(check(verified.claims))
        if loaders.user is not None:
            user = await _result(loaders.user(verified.claims))
    return _keep(state, verified, user)


def verify_paseto_in_request(
    *,
    optional: bool = False,
    fresh: bool = False,
    refresh: bool = False,
    locations: str | Iterable[str] | None = None,
    scopes: str | Iterable[str] = (),
) -> dict[str, Any] | None:
    """Verify the current request's token inside a view; returns the claims (``None``: optional
    and no token). A refused token raises :class:`PasetoHTTPException` carrying the 401/403/503
    response (loaders applied), which Flask, flask-restx and flask-restful all answer with; an
    application that registered its own ``TokenError`` handler gets the ``TokenError``."""
    req = Requirement.make(
        optional=optional, fresh=fresh, refresh=refresh, locations=locations, scopes=scopes
    )
    state = get_state()
    try:
        return verify(state, req)
    except TokenError as exc:
        if state.app_handles_token_errors:
            raise
        raise PasetoHTTPException(exc, error_response(state, exc, req.scopes)) from exc


async def averify_paseto_in_request(
    *,
    optional: bool = False,
    fresh: bool = False,
    refresh: bool = False,
    locations: str | Iterable[str] | None = None,
    scopes: str | Iterable[str] = (),
) -> dict[str, Any] | None:
    """Async twin of :func:`verify_paseto_in_request` for ``async def`` views."""
    req = Requirement.make(
        optional=optional, fresh=fresh, refresh=refresh, locations=locations, scopes=scopes
    )
    state = get_state()
    try:
        return await averify(state, req)
    except TokenError as exc:
        if state.app_handles_token_errors:
            raise
        raise PasetoHTTPException(exc, await aerror_response(state, exc, req.scopes)) from exc

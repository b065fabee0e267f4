"""Verification of the current request (``pasetokit.web.Gate`` on a view of ``flask.request``),
the loaders, and the result kept for the view.

The request is read through ``pasetokit.web.WSGIView`` (the WSGI environ itself), after one
lookup of the request object rather than a proxy hop per read. ``verify`` runs the policy's
sync ``verify``; ``averify`` (async views) awaits ``averify`` so an async revocation store is
never called in a blocking way. Both raise only ``pasetokit.TokenError`` subclasses for the
client's faults.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from flask import current_app, request

from pasetokit import TokenError
from pasetokit.web import Requirement, RequirementOptions, Verified, WSGIView

from ._context import RequestAuth
from ._errors import PasetoHTTPException, UserLookupError, aerror_response, error_response
from ._state import AppState, get_state

if TYPE_CHECKING:  # the Flask extra does not bring typing_extensions on every Python
    from typing_extensions import Unpack

__all__ = [
    "averify",
    "averify_paseto_in_request",
    "verify",
    "verify_paseto_in_request",
]


# One per verified request: the NamedTuple without its Python-level ``__new__`` frame.
_request_auth: Callable[[tuple[Any, ...]], RequestAuth] = partial(tuple.__new__, RequestAuth)


def _view() -> WSGIView:
    # werkzeug's documented LocalProxy._get_current_object: one context lookup, not one per read
    current = request._get_current_object()  # type: ignore[attr-defined]
    return WSGIView(current.environ, current.get_data)  # get_data caches the body


def _keep(state: AppState, verified: Verified | None, user: Any) -> dict[str, Any] | None:
    if verified is None:
        RequestAuth().store()
        return None
    loaded = state.loaders.user is not None
    if loaded and user is None:
        raise UserLookupError()
    claims, token, location = verified
    _request_auth((claims, token, location, user, loaded)).store()
    return claims


def verify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Sync verification of the current request against ``req``; stores the result."""
    verified = state.gate.verify(_view(), req)
    loaders = state.loaders
    user = None
    if verified is not None and (loaders.checks or loaders.user is not None):
        # an async loader is run to completion
        user = loaders.lookup(verified.claims, current_app.ensure_sync)
    return _keep(state, verified, user)


async def averify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Async twin of :func:`verify`: awaits the policy's ``averify`` and async loaders."""
    verified = await state.gate.averify(_view(), req)
    loaders = state.loaders
    user = None
    if verified is not None and (loaders.checks or loaders.user is not None):
        user = await loaders.alookup(verified.claims)  # no coroutine when there is nothing to ask
    return _keep(state, verified, user)


def verify_paseto_in_request(**options: Unpack[RequirementOptions]) -> dict[str, Any] | None:
    """Verify the current request's token inside a view; returns the claims (``None``: optional
    and no token). A refused token raises :class:`PasetoHTTPException` carrying the 401/403/503
    response (loaders applied), which Flask, flask-restx and flask-restful all answer with; an
    application that registered its own ``TokenError`` handler gets the ``TokenError``.
    ``options`` are ``@paseto_required``'s, validated per call."""
    req = Requirement.of(options, "verify_paseto_in_request")
    state = get_state()
    try:
        return verify(state, req)
    except TokenError as exc:
        if state.app_handles_token_errors:
            raise
        raise PasetoHTTPException(exc, error_response(state, exc, req.scopes)) from exc


async def averify_paseto_in_request(
    **options: Unpack[RequirementOptions],
) -> dict[str, Any] | None:
    """Async twin of :func:`verify_paseto_in_request` for ``async def`` views."""
    req = Requirement.of(options, "averify_paseto_in_request")
    state = get_state()
    try:
        return await averify(state, req)
    except TokenError as exc:
        if state.app_handles_token_errors:
            raise
        raise PasetoHTTPException(exc, await aerror_response(state, exc, req.scopes)) from exc

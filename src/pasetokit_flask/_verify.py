"""Verification of the current request: find the token, let the policy judge it, keep the result.

``verify`` runs the policy's sync ``verify``; ``averify`` (async views) awaits ``averify`` so
an async revocation store is never called in a blocking way. Both raise only
``pasetokit.TokenError`` subclasses for the client's faults.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from flask import current_app, request

from pasetokit import ConfigurationError, CSRFError

from ._context import RequestAuth
from ._errors import UserLookupError
from ._locations import Found, find_token, missing_token
from ._manager import AppState, get_state
from ._settings import Location, parse_locations

_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")

__all__ = [
    "Requirement",
    "averify",
    "averify_paseto_in_request",
    "verify",
    "verify_paseto_in_request",
]


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a view demands, validated once (at decoration time for ``paseto_required``)."""

    optional: bool = False
    fresh: bool = False
    refresh: bool = False
    locations: tuple[Location, ...] | None = None
    scopes: tuple[str, ...] = ()

    @classmethod
    def make(
        cls,
        *,
        optional: bool = False,
        fresh: bool = False,
        refresh: bool = False,
        locations: str | Iterable[str] | None = None,
        scopes: str | Iterable[str] = (),
    ) -> Requirement:
        wanted = tuple(scopes.split()) if isinstance(scopes, str) else tuple(scopes)
        if any(not isinstance(s, str) or not _SCOPE_TOKEN.fullmatch(s) for s in wanted):
            raise ConfigurationError(
                f"scopes must be RFC 6749 scope-tokens (printable ASCII without spaces, quotes "
                f"or backslashes), not {wanted!r}"
            )
        if refresh and (fresh or wanted):
            raise ConfigurationError("fresh and scopes apply to access tokens, not refresh=True")
        where = None if locations is None else parse_locations(locations, "locations")
        return cls(bool(optional), bool(fresh), bool(refresh), where, wanted)

    def token_type(self) -> Literal["access", "refresh"]:
        return "refresh" if self.refresh else "access"


def _find(state: AppState, req: Requirement) -> Found | None:
    locations = req.locations or state.settings.locations
    found = find_token(state.settings, locations, req.refresh)
    if found is None and not req.optional:
        raise missing_token(state.settings, locations, req.refresh)
    return found


def _csrf_header(state: AppState, refresh: bool) -> str:
    settings = state.settings
    presented = request.headers.get(settings.csrf_header_name)
    if not presented:
        cookie = settings.refresh_csrf_cookie_name if refresh else settings.access_csrf_cookie_name
        raise CSRFError(
            f"missing CSRF header '{settings.csrf_header_name}': a {request.method} request "
            f"authenticated by a cookie must repeat the '{cookie}' cookie's value in it"
        )
    return presented


def verify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Sync verification of the current request against ``req``; stores the result."""
    found = _find(state, req)
    if found is None:
        RequestAuth().store()
        return None
    claims = state.policy.verify(
        found.token, token_type=req.token_type(), fresh=req.fresh, scopes=req.scopes
    )
    if found.csrf_required:
        state.policy.check_csrf(claims, _csrf_header(state, req.refresh))
    auth = RequestAuth(claims, found.token, found.location)
    loader = state.manager.user_loader
    if loader is not None:
        auth.user = current_app.ensure_sync(loader)(claims)
        if auth.user is None:
            raise UserLookupError()
        auth.user_loaded = True
    auth.store()
    return claims


async def averify(state: AppState, req: Requirement) -> dict[str, Any] | None:
    """Async twin of :func:`verify`: awaits the policy's ``averify`` and an async user loader."""
    found = _find(state, req)
    if found is None:
        RequestAuth().store()
        return None
    claims = await state.policy.averify(
        found.token, token_type=req.token_type(), fresh=req.fresh, scopes=req.scopes
    )
    if found.csrf_required:
        state.policy.check_csrf(claims, _csrf_header(state, req.refresh))
    auth = RequestAuth(claims, found.token, found.location)
    loader = state.manager.user_loader
    if loader is not None:
        user = loader(claims)
        auth.user = await user if inspect.isawaitable(user) else user
        if auth.user is None:
            raise UserLookupError()
        auth.user_loaded = True
    auth.store()
    return claims


def verify_paseto_in_request(
    *,
    optional: bool = False,
    fresh: bool = False,
    refresh: bool = False,
    locations: str | Iterable[str] | None = None,
    scopes: str | Iterable[str] = (),
) -> dict[str, Any] | None:
    """Verify the current request's token inside a view; returns the claims (``None``: optional
    and no token). Raises ``pasetokit.TokenError`` subclasses, which the error handler that
    ``init_app`` registered turns into responses (under flask-restx/flask-restful, whose APIs
    bypass application error handlers, use :func:`paseto_required` instead)."""
    req = Requirement.make(
        optional=optional, fresh=fresh, refresh=refresh, locations=locations, scopes=scopes
    )
    return verify(get_state(), req)


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
    return await averify(get_state(), req)

"""Token creation bound to the current application's policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, Literal

from pasetokit import TokenPair
from pasetokit.codec import Footer

from ._manager import AppState, get_state

__all__ = ["create_access_token", "create_refresh_token", "create_token_pair"]

Purpose = Literal["local", "public"]


def _subject(subject: str | None, identity: str | None) -> str:
    if subject is not None and identity is None:
        return subject
    if identity is not None and subject is None:
        return identity
    raise TypeError("give the token's subject once: subject=... (or identity=...)")


def _csrf(state: AppState, csrf: bool | None) -> bool:
    """Bind a CSRF value by default when tokens may travel in cookies with CSRF protection."""
    if csrf is not None:
        return csrf
    settings = state.settings
    return settings.csrf_protect and "cookies" in settings.locations


def create_access_token(
    subject: str | None = None,
    *,
    identity: str | None = None,
    fresh: bool | timedelta | float = False,
    scopes: Iterable[str] | str = (),
    claims: Mapping[str, Any] | None = None,
    footer: Footer | None = None,
    expires_in: timedelta | float | None = None,
    purpose: Purpose | None = None,
    csrf: bool | None = None,
) -> str:
    """An access token from the current app's policy (``identity=`` is accepted as in
    Flask-JWT-Extended). ``csrf`` defaults to on when ``PASETO_TOKEN_LOCATION`` has cookies and
    CSRF protection is enabled."""
    state = get_state()
    return state.policy.create_access_token(
        _subject(subject, identity),
        fresh=fresh,
        purpose=purpose,
        claims=claims,
        footer=footer,
        expires_in=expires_in,
        scopes=scopes,
        csrf=_csrf(state, csrf),
    )


def create_refresh_token(
    subject: str | None = None,
    *,
    identity: str | None = None,
    scopes: Iterable[str] | str = (),
    claims: Mapping[str, Any] | None = None,
    footer: Footer | None = None,
    expires_in: timedelta | float | None = None,
    purpose: Purpose | None = None,
    csrf: bool | None = None,
) -> str:
    """A refresh token from the current app's policy (see :func:`create_access_token`)."""
    state = get_state()
    return state.policy.create_refresh_token(
        _subject(subject, identity),
        purpose=purpose,
        claims=claims,
        footer=footer,
        expires_in=expires_in,
        scopes=scopes,
        csrf=_csrf(state, csrf),
    )


def create_token_pair(
    subject: str | None = None,
    *,
    identity: str | None = None,
    fresh: bool | timedelta | float = True,
    scopes: Iterable[str] | str = (),
    claims: Mapping[str, Any] | None = None,
    csrf: bool | None = None,
) -> TokenPair:
    """Log-in: an access and a refresh token of one family (revoking the family, or reuse of
    the refresh token, also kills the access token), sharing one CSRF value."""
    state = get_state()
    return state.policy.create_token_pair(
        _subject(subject, identity),
        fresh=fresh,
        claims=claims,
        scopes=scopes,
        csrf=_csrf(state, csrf),
    )

"""Token creation bound to the current application's policy (``pasetokit.web.Minter``: the
CSRF default; ``identity=`` is Flask-JWT-Extended's spelling of ``subject=``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from pasetokit import TokenPair
from pasetokit.codec import Footer
from pasetokit.web import Purpose, one_subject

from ._state import get_state

__all__ = ["create_access_token", "create_refresh_token", "create_token_pair"]


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
    """An access token from the current app's policy. ``csrf`` defaults to on when
    ``PASETO_TOKEN_LOCATION`` has cookies and CSRF protection is enabled."""
    minter = get_state().gate.minter
    return minter.access(
        one_subject(subject, identity),
        fresh=fresh,
        purpose=purpose,
        claims=claims,
        footer=footer,
        expires_in=expires_in,
        scopes=scopes,
        csrf=csrf,
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
    minter = get_state().gate.minter
    return minter.refresh(
        one_subject(subject, identity),
        purpose=purpose,
        claims=claims,
        footer=footer,
        expires_in=expires_in,
        scopes=scopes,
        csrf=csrf,
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
    minter = get_state().gate.minter
    return minter.pair(
        one_subject(subject, identity), fresh=fresh, claims=claims, scopes=scopes, csrf=csrf
    )

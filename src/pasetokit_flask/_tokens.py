"""Token creation bound to the current application's policy (``pasetokit.web.Minter``: the
CSRF default is on when ``PASETO_TOKEN_LOCATION`` has cookies and CSRF protection is on).
``identity=`` is Flask-JWT-Extended's spelling of ``subject=``; the other options are the
policy's (``fresh``, ``purpose``, ``claims``, ``footer``, ``expires_in``, ``scopes``,
``csrf``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pasetokit import TokenPair
from pasetokit.web import AccessOptions, PairOptions, RefreshOptions, one_subject

from ._state import get_state

if TYPE_CHECKING:  # the Flask extra does not bring typing_extensions on every Python
    from typing_extensions import Unpack

__all__ = ["create_access_token", "create_refresh_token", "create_token_pair"]


def create_access_token(
    subject: str | None = None, *, identity: str | None = None, **options: Unpack[AccessOptions]
) -> str:
    """An access token from the current app's policy."""
    minter = get_state().gate.minter
    return minter.create_access_token(one_subject(subject, identity), **options)


def create_refresh_token(
    subject: str | None = None, *, identity: str | None = None, **options: Unpack[RefreshOptions]
) -> str:
    """A refresh token from the current app's policy."""
    minter = get_state().gate.minter
    return minter.create_refresh_token(one_subject(subject, identity), **options)


def create_token_pair(
    subject: str | None = None, *, identity: str | None = None, **options: Unpack[PairOptions]
) -> TokenPair:
    """Log-in: an access and a refresh token of one family (revoking the family, or reuse of
    the refresh token, also kills the access token), sharing one CSRF value."""
    minter = get_state().gate.minter
    return minter.create_token_pair(one_subject(subject, identity), **options)

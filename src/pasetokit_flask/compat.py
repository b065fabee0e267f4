"""Flask-JWT-Extended's names and habits, in one place: ``current_user`` /
``get_current_user`` (the ``user_lookup_loader``'s user), ``get_jwt`` / ``get_jwt_identity``
(the verified claims and subject), and the kinds of response loader
(``expired_token_loader`` ...) the manager accepts."""

from __future__ import annotations

from pasetokit import (
    ExpiredTokenError,
    FreshTokenRequiredError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
)

from ._context import current_user, get_claims, get_current_user, get_subject

__all__ = [
    "current_user",
    "get_current_user",
    "get_jwt",
    "get_jwt_identity",
    "loader_names",
]

get_jwt = get_claims
get_jwt_identity = get_subject


def loader_names(exc: TokenError, status: int, user_lookup: bool) -> tuple[str, ...]:
    """The loaders that may answer ``exc``, most specific first (Flask-JWT-Extended's kinds)."""
    if isinstance(exc, MissingTokenError):
        return ("unauthorized", "any")
    if isinstance(exc, ExpiredTokenError):
        return ("expired", "any")
    if isinstance(exc, FreshTokenRequiredError):
        return ("needs_fresh", "any")
    if isinstance(exc, RevokedTokenError):
        return ("revoked", "any")
    if user_lookup:
        return ("user_lookup", "invalid", "any")
    if status == 401:
        return ("invalid", "any")
    return ("any",)

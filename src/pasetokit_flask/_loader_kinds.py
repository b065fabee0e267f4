"""Which of the manager's response loaders may answer a token error (Flask-JWT-Extended's
kinds: ``unauthorized``, ``expired``, ``needs_fresh``, ``revoked``, ``user_lookup``,
``invalid``, then ``any``)."""

from __future__ import annotations

from pasetokit import (
    ExpiredTokenError,
    FreshTokenRequiredError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
)

__all__ = ["loader_names"]


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

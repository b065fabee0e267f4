"""What the verification left for the view: claims, token, user (kept on ``flask.g``)."""

from __future__ import annotations

from typing import Any

from flask import g
from werkzeug.local import LocalProxy

from pasetokit.web import Location

__all__ = [
    "RequestAuth",
    "current_user",
    "get_claims",
    "get_current_user",
    "get_jti",
    "get_raw_token",
    "get_subject",
    "get_token_location",
]

_G_KEY = "_pasetokit_auth"
_NOT_VERIFIED = (
    "no token was verified in this request: protect the view with @paseto_required or call "
    "verify_paseto_in_request() first"
)


class RequestAuth:
    """The outcome of one verification (``claims is None``: optional view, no token sent)."""

    __slots__ = ("claims", "location", "token", "user", "user_loaded")

    def __init__(
        self,
        claims: dict[str, Any] | None = None,
        token: str | None = None,
        location: Location | None = None,
        user: Any = None,
        user_loaded: bool = False,
    ) -> None:
        self.claims = claims
        self.token = token
        self.location = location
        self.user = user
        self.user_loaded = user_loaded

    def store(self) -> None:
        setattr(g._get_current_object(), _G_KEY, self)  # one proxy lookup, not a proxied setattr


def _auth() -> RequestAuth:
    auth: RequestAuth | None = g.get(_G_KEY)
    if auth is None:
        raise RuntimeError(_NOT_VERIFIED)
    return auth


def get_claims() -> dict[str, Any] | None:
    """The verified claims, or ``None`` in an optional view that received no token."""
    return _auth().claims


def get_subject() -> str | None:
    """The verified token's ``sub`` (``None``: optional view, no token)."""
    claims = _auth().claims
    return None if claims is None else claims.get("sub")


def get_jti() -> str | None:
    """The verified token's ``jti`` (``None``: optional view, no token)."""
    claims = _auth().claims
    return None if claims is None else claims.get("jti")


def get_raw_token() -> str | None:
    """The token string that was verified (e.g. to pass to ``get_policy().refresh``)."""
    return _auth().token


def get_token_location() -> Location | None:
    """Where the verified token was found: ``"headers"``, ``"cookies"``, ..."""
    return _auth().location


def get_current_user() -> Any:
    """The user the ``user_lookup_loader`` returned (``None``: optional view, no token)."""
    auth = _auth()
    if auth.claims is not None and not auth.user_loaded:
        raise RuntimeError(
            "current_user needs a user_lookup_loader registered on the PasetoManager"
        )
    return auth.user


current_user: Any = LocalProxy(get_current_user)
"""The user returned by the manager's ``user_lookup_loader`` (``None`` without a token)."""

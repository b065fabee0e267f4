"""What the verification left for the view: claims, token, user (kept on ``flask.g``), and the
claims as the application's own type: ``get_claims_as(MyClaims)`` returns them as a pydantic
model or dataclass (``pasetokit.web.claims_as``: times as aware datetimes); claims that do not
fit raise ``InvalidClaimsError``, which ``@paseto_required`` answers as a 401
``invalid_claims`` (never a 500)."""

from __future__ import annotations

from typing import Any, NamedTuple, TypeVar

from flask import g

from pasetokit.web import Location, check_model, claims_as

__all__ = [
    "RequestAuth",
    "auth",
    "get_claims",
    "get_claims_as",
    "get_jti",
    "get_raw_token",
    "get_subject",
    "get_token_location",
]

_G_KEY = "_pasetokit_auth"
T = TypeVar("T")
_NOT_VERIFIED = (
    "no token was verified in this request: protect the view with @paseto_required or call "
    "verify_paseto_in_request() first"
)


class RequestAuth(NamedTuple):
    """The outcome of one verification (``claims is None``: optional view, no token sent)."""

    claims: dict[str, Any] | None = None
    token: str | None = None
    location: Location | None = None
    user: Any = None
    user_loaded: bool = False

    def store(self) -> None:
        setattr(g._get_current_object(), _G_KEY, self)  # one proxy lookup, not a proxied setattr


def auth() -> RequestAuth:
    """What the verification of this request left (``RuntimeError``: none ran)."""
    kept: RequestAuth | None = g.get(_G_KEY)
    if kept is None:
        raise RuntimeError(_NOT_VERIFIED)
    return kept


def get_claims() -> dict[str, Any] | None:
    """The verified claims, or ``None`` in an optional view that received no token."""
    return auth().claims


def get_subject() -> str | None:
    """The verified token's ``sub`` (``None``: optional view, no token)."""
    claims = auth().claims
    return None if claims is None else claims.get("sub")


def get_jti() -> str | None:
    """The verified token's ``jti`` (``None``: optional view, no token)."""
    claims = auth().claims
    return None if claims is None else claims.get("jti")


def get_raw_token() -> str | None:
    """The token string that was verified (e.g. to pass to ``get_policy().refresh``)."""
    return auth().token


def get_token_location() -> Location | None:
    """Where the verified token was found: ``"headers"``, ``"cookies"``, ..."""
    return auth().location


def get_claims_as(model: type[T]) -> T | None:
    """The verified claims as ``model`` (``None``: optional view, no token);
    ``RuntimeError`` where no verification ran."""
    check_model(model)
    claims = auth().claims
    return None if claims is None else claims_as(model, claims)

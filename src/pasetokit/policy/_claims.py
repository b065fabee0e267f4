"""The claims ``TokenPolicy`` writes and checks beyond the registered ones.

Kept apart from ``policy.py`` so the policy reads as a sequence of steps. Two kinds of error:
arguments the *application* got wrong raise :class:`ConfigurationError`; claims of a verified
token that do not satisfy the request raise a :class:`TokenError` subclass.
"""

from __future__ import annotations

import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from pasetokit._grammar import is_scope_token
from pasetokit._time import format_datetime, parse_timestamp, to_seconds
from pasetokit.exceptions import (
    ClaimError,
    ConfigurationError,
    CSRFError,
    FreshTokenRequiredError,
    InsufficientScopeError,
)

__all__ = [
    "RESERVED",
    "check_csrf",
    "check_fresh",
    "check_scopes",
    "fresh_claim",
    "new_csrf",
    "new_id",
    "required_scopes",
    "scope_list",
    "subject",
    "token_scopes",
    "user_claims",
]

RESERVED = frozenset(
    {"sub", "jti", "iat", "nbf", "exp", "type", "fam", "fam_exp", "fresh", "scope", "scopes"}
    | {"csrf", "iss", "aud"}
)
"""Claim names the policy owns. ``scopes`` is included: ``verify`` reads it as an alternative to
``scope`` (tokens minted elsewhere), so letting ``claims=`` set it would bypass ``scopes=``;
``fam_exp`` too: ``reissue_access`` trusts it as the limit of the family's sessions."""


def new_id() -> str:
    """128 random bits, base64url: ``jti`` and family ids. base64url has no ``.``, so an id can
    never be mistaken for a token (``revoke_family`` relies on this)."""
    return secrets.token_urlsafe(16)


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def subject(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(
            f"subject must be a non-empty str, not {type(value).__name__}; "
            "convert ids explicitly, e.g. str(user.id)"
        )
    return value


def user_claims(claims: object) -> dict[str, Any]:
    """A copy of the application's extra claims, refusing reserved names (never overwritten)."""
    if claims is None:
        return {}
    if not isinstance(claims, Mapping):
        raise ConfigurationError("claims must be a mapping of claim names to JSON values")
    out = dict(claims)
    if not all(isinstance(name, str) for name in out):
        raise ConfigurationError("claim names must be strings")
    clash = sorted(RESERVED.intersection(out))
    if clash:
        raise ConfigurationError(
            f"claims must not set reserved claim(s) {', '.join(map(repr, clash))}; use the "
            "subject, expires_in, fresh, scopes and csrf arguments, or the policy's "
            "issuer/audience"
        )
    return out


def scope_list(scopes: object) -> tuple[str, ...]:
    """Scopes to put in a token: a space-separated str or an iterable of scope names. Each must
    be an RFC 6749 scope-token (no spaces); duplicates are dropped, order kept."""
    items = _scope_items(scopes)
    for item in items:
        if not is_scope_token(item):
            raise ConfigurationError(
                "each scope must be a non-empty run of printable ASCII without spaces, quotes "
                f"or backslashes (RFC 6749 scope-token); got {item!r}"
            )
    return tuple(dict.fromkeys(items))


def required_scopes(scopes: object) -> tuple[str, ...]:
    """Scopes ``verify`` must find: the same forms as :func:`scope_list`."""
    return tuple(dict.fromkeys(_scope_items(scopes)))


def _scope_items(scopes: object) -> list[str]:
    # A str is one space-separated list (OAuth's own form), never iterated character by character.
    if isinstance(scopes, str):
        return scopes.split()
    if not isinstance(scopes, Iterable) or isinstance(scopes, (bytes, Mapping)):
        raise ConfigurationError("scopes must be a str or an iterable of str")
    items = list(scopes)
    if not all(isinstance(item, str) for item in items):
        raise ConfigurationError("scopes must be a str or an iterable of str")
    return items


def token_scopes(claims: Mapping[str, Any]) -> tuple[str, ...]:
    """A verified token's scopes: ``scope`` (space-separated str) or ``scopes`` (list of str)."""
    scope = claims.get("scope")
    scopes = claims.get("scopes")
    if scope is not None:
        if scopes is not None:
            raise ClaimError("token carries both 'scope' and 'scopes'", claim="scope")
        if type(scope) is not str:
            raise ClaimError("claim 'scope' must be a space-separated string", claim="scope")
        return tuple(scope.split())
    if scopes is None:
        return ()
    # Each item must be one scope-token: "read write" as one item would change meaning when
    # the scopes are carried over, space-separated, into a rotated token.
    if type(scopes) is not list or not all(is_scope_token(s) for s in scopes):
        raise ClaimError("claim 'scopes' must be a list of scope names", claim="scopes")
    return tuple(scopes)


def check_scopes(claims: Mapping[str, Any], required: tuple[str, ...]) -> None:
    granted = set(token_scopes(claims))
    missing = tuple(s for s in required if s not in granted)
    if missing:
        raise InsufficientScopeError(missing=missing)


def fresh_claim(fresh: object, now: datetime, exp: datetime) -> str | bool:
    """``false``, or the RFC 3339 instant until which an access token counts as fresh."""
    if fresh is False:
        return False
    if fresh is True:
        return format_datetime(exp)
    try:
        span = to_seconds(fresh)  # type: ignore[arg-type]  # checked right here
    except TypeError:
        raise ConfigurationError(
            "fresh must be a bool, a timedelta or a number of seconds"
        ) from None
    if not (span > 0 and math.isfinite(span)):
        raise ConfigurationError("a fresh span must be a positive, finite duration")
    # Freshness never outlives the token; min() also keeps timedelta() clear of overflow.
    until = now + timedelta(seconds=min(span, (exp - now).total_seconds()))
    return format_datetime(until)


def check_fresh(claims: Mapping[str, Any], now: float, leeway: float) -> None:
    """Fresh means a ``fresh`` instant not yet passed; the leeway applies as it does to ``exp``
    (the instant was written by another server's clock)."""
    value = claims.get("fresh")
    if value is None or value is False:
        raise FreshTokenRequiredError()
    if type(value) is not str:
        raise ClaimError("claim 'fresh' must be false or an RFC 3339 date-time", claim="fresh")
    try:
        until = parse_timestamp(value)
    except ValueError:
        raise ClaimError(
            "claim 'fresh' must be false or an RFC 3339 date-time", claim="fresh"
        ) from None
    if now > until + leeway:
        raise FreshTokenRequiredError("token is no longer fresh")


def check_csrf(claims: Mapping[str, Any], presented: object) -> None:
    expected = claims.get("csrf")
    if expected is None:
        return  # not a CSRF-bound token (e.g. sent in an Authorization header)
    if type(expected) is not str or not expected:
        raise CSRFError("token carries a malformed csrf claim")
    if presented is None or presented == "":
        raise CSRFError("missing CSRF header")
    if not isinstance(presented, str) or not hmac.compare_digest(
        presented.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    ):
        raise CSRFError("CSRF token does not match")

"""What ``TokenPolicy`` hands its revocation store: keys, targets and lifetimes.

Every store entry lives exactly as long as what it describes could still be accepted: the
token's remaining lifetime plus the leeway ``verify`` grants.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pasetokit._time import parse_timestamp
from pasetokit.claims import ClaimRules
from pasetokit.codec import decode
from pasetokit.exceptions import (
    ClaimError,
    ConfigurationError,
    ExpiredTokenError,
    MissingClaimError,
)
from pasetokit.keyring import KeyRing

__all__ = ["family_target", "revocation_key", "rotation", "token_target"]

TokenOrClaims = str | bytes | Mapping[str, Any]


def revocation_key(claims: dict[str, Any]) -> tuple[str, str | None, str, float]:
    """(jti, family, subject, issued-at epoch) for the store's one ``is_revoked`` call.
    ``jti``, ``sub`` and ``iat`` are present and well typed (checked by the policy's decode)."""
    family = claims.get("fam")
    if family is not None and type(family) is not str:
        raise ClaimError("claim 'fam' must be a string", claim="fam")
    return claims["jti"], family, claims["sub"], parse_timestamp(claims["iat"])


def rotation(claims: dict[str, Any], now: datetime, leeway: float) -> tuple[str, str, float]:
    """(jti, family, ttl) to mark a verified refresh token used."""
    family = claims.get("fam")
    if type(family) is not str:
        raise MissingClaimError("fam")  # no family, no reuse detection: refuse to rotate
    # Marked for as long as the token could still be presented (at least a second).
    ttl = parse_timestamp(claims["exp"]) - now.timestamp() + leeway
    return claims["jti"], family, max(ttl, 1.0)


def token_target(
    ring: KeyRing, rules: ClaimRules, value: TokenOrClaims, now: datetime, leeway: float
) -> tuple[str, float] | None:
    """(jti, ttl) to revoke one token, or ``None`` when it has expired already."""
    if isinstance(value, Mapping):
        jti, exp = value.get("jti"), value.get("exp")
        if not isinstance(jti, str) or not jti or not isinstance(exp, str):
            raise ConfigurationError(
                "revoke() takes a token or the claims verify() returned (with jti and exp)"
            )
        claims: Mapping[str, Any] = value
    elif isinstance(value, (str, bytes)):
        try:
            claims = decode(ring, value, rules=rules, now=now).claims
        except ExpiredTokenError:
            return None  # authentic (claims are checked after the MAC/signature) and dead
        if "jti" not in claims:
            raise MissingClaimError("jti")
    else:
        raise ConfigurationError("revoke() takes a token (str) or a claims mapping")
    try:
        ttl = parse_timestamp(claims["exp"]) - now.timestamp() + leeway
    except ValueError:
        raise ConfigurationError("the claims' exp is not an RFC 3339 date-time") from None
    return (claims["jti"], ttl) if ttl > 0 else None


def family_target(ring: KeyRing, relaxed: ClaimRules, value: TokenOrClaims, now: datetime) -> str:
    """The family to revoke. A token must verify under the ``relaxed`` rules, which accept one
    that expired up to ``refresh_ttl`` ago (its family may well live on); an older one raises
    ``ExpiredTokenError`` rather than pretending the family was revoked."""
    if isinstance(value, Mapping):
        family = value.get("fam")
        if not isinstance(family, str) or not family:
            raise ConfigurationError("these claims carry no family ('fam')")
        return family
    # Family ids are base64url (no "."); every token has dots. So a str with a dot is a token
    # and must verify: a mistyped token never silently becomes a family id.
    if isinstance(value, bytes) or (isinstance(value, str) and "." in value):
        claims = decode(ring, value, rules=relaxed, now=now).claims
        family = claims.get("fam")
        if type(family) is not str:
            raise MissingClaimError("fam")
        return family
    if isinstance(value, str) and value:
        return value
    raise ConfigurationError("revoke_family() takes a token, its claims or a family id")

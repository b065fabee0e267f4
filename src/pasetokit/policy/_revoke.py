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

from ._claims import new_id
from ._gate import Rotation

__all__ = ["family_target", "revocation_key", "rotation", "token_target"]

TokenOrClaims = str | bytes | Mapping[str, Any]


def revocation_key(claims: dict[str, Any]) -> tuple[str, str | None, str, float]:
    """(jti, family, subject, issued-at epoch) for the store's one ``is_revoked`` call.
    ``jti``, ``sub`` and ``iat`` are present and well typed (checked by the policy's decode)."""
    family = claims.get("fam")
    if family is not None and type(family) is not str:
        raise ClaimError("claim 'fam' must be a string", claim="fam")
    return claims["jti"], family, claims["sub"], parse_timestamp(claims["iat"])


def rotation(claims: dict[str, Any], family_ttl: float) -> Rotation:
    """What to ask the store to rotate the verified refresh token ``claims``: its family's
    current token must be this one (``jti``), and becomes a new id, which the rotated refresh
    token will carry. The family record lives as long as any token of the family can."""
    family = claims.get("fam")
    if type(family) is not str:
        raise MissingClaimError("fam")  # no family, no reuse detection: refuse to rotate
    return Rotation(family, claims["sub"], claims["jti"], new_id(), family_ttl)


def token_target(
    ring: KeyRing, rules: ClaimRules, value: TokenOrClaims, now: datetime, leeway: float
) -> tuple[str, str, float] | None:
    """(jti, subject, ttl) to revoke one token, or ``None`` when it has expired already."""
    if isinstance(value, Mapping):
        jti, exp, sub = value.get("jti"), value.get("exp"), value.get("sub")
        if not isinstance(jti, str) or not jti or not isinstance(exp, str):
            raise ConfigurationError(
                "revoke() takes a token or the claims verify() returned (with jti and exp)"
            )
        if not isinstance(sub, str) or not sub:
            raise ConfigurationError("revoke() needs the claims' subject ('sub')")
        claims: Mapping[str, Any] = value
    elif isinstance(value, (str, bytes)):
        try:
            claims = decode(ring, value, rules=rules, now=now).claims
        except ExpiredTokenError:
            return None  # authentic (claims are checked after the MAC/signature) and dead
        for name in ("jti", "sub"):
            if name not in claims:
                raise MissingClaimError(name)
    else:
        raise ConfigurationError("revoke() takes a token (str) or a claims mapping")
    try:
        ttl = parse_timestamp(claims["exp"]) - now.timestamp() + leeway
    except ValueError:
        raise ConfigurationError("the claims' exp is not an RFC 3339 date-time") from None
    return (claims["jti"], claims["sub"], ttl) if ttl > 0 else None


def family_target(
    ring: KeyRing, relaxed: ClaimRules, value: TokenOrClaims, now: datetime, subject: str | None
) -> tuple[str, str]:
    """(family, subject) to revoke. A token must verify under the ``relaxed`` rules, which
    accept one that expired up to ``refresh_ttl`` ago (its family may well live on); an older
    one raises ``ExpiredTokenError`` rather than pretending the family was revoked. A bare
    family id needs its ``subject`` (stores keep a family's record with its subject's)."""
    if isinstance(value, Mapping):
        family, owner = value.get("fam"), value.get("sub")
        if not isinstance(family, str) or not family:
            raise ConfigurationError("these claims carry no family ('fam')")
        if not isinstance(owner, str) or not owner:
            raise ConfigurationError("revoke_family() needs the claims' subject ('sub')")
        return family, owner
    # Family ids are base64url (no "."); every token has dots. So a str with a dot is a token
    # and must verify: a mistyped token never silently becomes a family id.
    if isinstance(value, bytes) or (isinstance(value, str) and "." in value):
        claims = decode(ring, value, rules=relaxed, now=now).claims
        family = claims.get("fam")
        if type(family) is not str:
            raise MissingClaimError("fam")
        if type(claims.get("sub")) is not str:
            raise MissingClaimError("sub")
        return family, claims["sub"]
    if isinstance(value, str) and value:
        if not isinstance(subject, str) or not subject:
            raise ConfigurationError(
                "revoke_family(family_id) needs subject=...: the family's subject"
            )
        return value, subject
    raise ConfigurationError("revoke_family() takes a token, its claims or a family id")

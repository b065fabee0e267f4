"""Minting tokens for ``TokenPolicy``: the claims every token gets, and rotation.

Every token carries ``sub``, ``jti``, ``iat``, ``nbf``, ``exp``, ``type`` and ``fam``; access
tokens add ``fresh``; ``scope``, ``csrf``, ``iss`` and ``aud`` appear when they apply. An access
token minted together with a refresh token (log-in, rotation) also carries ``fam_exp``: that
refresh token's ``exp``, the limit :meth:`Issuer.reissue` never passes. The application's own
claims come last and can never overwrite any of these (reserved names are refused before this
module sees them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, final

from pasetokit._time import format_datetime, parse_timestamp
from pasetokit._types import Purpose, TokenType
from pasetokit.codec import Footer, encode
from pasetokit.exceptions import ClaimError, ConfigurationError, EncodeError, ReissueRefusedError
from pasetokit.keys import SigningKey

from . import _args as args
from . import _claims as pc

__all__ = ["Issuer"]


@final
@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer:
    """The issuing half of a policy: keys, lifetimes, purposes and the claims to write.
    Immutable, like the policy that holds it (the mappings are read-only views)."""

    keys: Mapping[Purpose, SigningKey]
    ttl: Mapping[str, float]
    purposes: Mapping[str, Purpose]
    issuer: str | None
    audience: str | None
    required: frozenset[str]
    include_kid: bool

    def __post_init__(self) -> None:
        for name in ("keys", "ttl", "purposes"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def mint(
        self,
        token_type: TokenType,
        subject: str,
        now: datetime,
        *,
        family: str,
        extra: dict[str, Any],
        scopes: tuple[str, ...],
        csrf: str | None,
        fresh: object = False,
        purpose: object = None,
        footer: Footer | None = None,
        expires_in: object = None,
        jti: str | None = None,
        limit: str | None = None,
        until: datetime | None = None,
    ) -> str:
        if purpose is None:
            use = self.purposes[token_type]
        else:
            use = args.purpose("purpose", purpose, self.keys)
        lifetime = self.ttl[token_type] if expires_in is None else self._lifetime(expires_in)
        # iat/nbf/exp keep microseconds: "log out everywhere" compares iat with the instant of
        # the log-out, and a whole-second iat would revoke a log-in made just after it.
        exp = _later(now, lifetime) if until is None else until
        claims: dict[str, Any] = {
            "sub": subject,
            "jti": pc.new_id() if jti is None else jti,
            "iat": now,
            "nbf": now,
            "exp": exp,
            "type": token_type,
            "fam": family,
        }
        if token_type == "access":
            claims["fresh"] = pc.fresh_claim(fresh, now, exp)
            if limit is not None:
                claims["fam_exp"] = limit
        if scopes:
            claims["scope"] = " ".join(scopes)
        if csrf is not None:
            claims["csrf"] = csrf
        if self.issuer is not None:
            claims["iss"] = self.issuer
        if self.audience is not None:
            claims["aud"] = self.audience
        claims.update(extra)
        missing = sorted(self.required.difference(claims))
        if missing:
            raise ConfigurationError(
                f"required claim(s) {', '.join(map(repr, missing))} missing; pass them in "
                "claims=, or verify would refuse this token"
            )
        return encode(self.keys[use], claims, footer=footer, include_kid=self.include_kid, now=now)

    def _lifetime(self, expires_in: object) -> float:
        seconds = args.duration("expires_in", expires_in)
        if seconds > self.ttl["refresh"]:
            # Revocation entries live refresh_ttl; a longer-lived token would outlive them.
            raise ConfigurationError("expires_in must not exceed the policy's refresh_ttl")
        return seconds

    def session(
        self,
        subject: str,
        now: datetime,
        *,
        family: str,
        extra: dict[str, Any],
        scopes: tuple[str, ...],
        csrf: str | None,
        fresh: object = False,
        successor: str | None = None,
    ) -> tuple[str, str]:
        """An access token and a refresh token of ``family``, issued at ``now``; the access
        token's ``fam_exp`` is the refresh token's ``exp`` (written by the same expression)."""
        limit = format_datetime(_later(now, self.ttl["refresh"]))
        common: dict[str, Any] = {"family": family, "scopes": scopes, "csrf": csrf}
        return (
            self.mint(
                "access", subject, now, extra=dict(extra), fresh=fresh, limit=limit, **common
            ),
            self.mint("refresh", subject, now, extra=extra, jti=successor, **common),
        )

    def rotate(self, claims: dict[str, Any], now: datetime, successor: str) -> tuple[str, str]:
        """A new access token (not fresh) and refresh token (``jti`` ``successor``, which the
        store now holds as the family's current token) in the family of the verified
        refresh token ``claims``, carrying over its scopes, its ``csrf`` value (so the client's
        CSRF cookie stays valid) and the application's own claims."""
        subject, family, carried = _carried(claims)
        return self.session(subject, now, family=family, successor=successor, **carried)

    def reissue_until(self, claims: dict[str, Any], now: datetime) -> datetime:
        """The ``exp`` a re-issued copy of the verified access token ``claims`` gets: the
        policy's access lifetime from ``now``, capped at the family's ``fam_exp``. Refused
        (:class:`ReissueRefusedError`) when it would not outlive the token presented."""
        limit = claims.get("fam_exp")
        if limit is None:
            raise ReissueRefusedError(
                "this access token belongs to no refresh family (no 'fam_exp'): only tokens "
                "minted with a refresh token (log-in, rotation) can be re-issued"
            )
        try:
            cap, current = parse_timestamp(limit), parse_timestamp(claims["exp"])
        except ValueError:
            raise ClaimError(
                "claim 'fam_exp' must be an RFC 3339 date-time", claim="fam_exp"
            ) from None
        try:
            full: datetime | None = now + timedelta(seconds=self.ttl["access"])
        except OverflowError:  # past year 9999: the family's limit, representable, is earlier
            full = None
        until = _instant(cap) if full is None else min(full, _instant(cap))
        if until <= now or until.timestamp() <= current:
            raise ReissueRefusedError(
                "a copy would expire no later than this token"
                if until == full
                else "the token's family has reached its refresh token's expiry: log in again"
            )
        return until

    def reissue(self, claims: dict[str, Any], now: datetime, until: datetime) -> str:
        """A copy of the verified access token ``claims``, issued at ``now``, expiring at
        ``until`` (:meth:`reissue_until`): same subject, family, ``fam_exp``, scopes, ``csrf``
        and application claims; a new ``jti``; never fresh (no one has just authenticated)."""
        subject, family, carried = _carried(claims)
        return self.mint(
            "access", subject, now, family=family, limit=claims["fam_exp"], until=until, **carried
        )


def _later(now: datetime, seconds: float) -> datetime:
    """``now`` plus ``seconds``, or the :class:`EncodeError` ``encode`` raises for a generated
    ``exp`` past the last instant RFC 3339 (and ``datetime``) can write."""
    try:
        return now + timedelta(seconds=seconds)
    except OverflowError:
        raise EncodeError("the generated exp would fall after 9999-12-31T23:59:59Z") from None


def _instant(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


def _carried(claims: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(subject, family, the mint arguments a token of the family passes on): its scopes, its
    ``csrf`` value and the application's own claims."""
    csrf = claims.get("csrf")
    if csrf is not None and type(csrf) is not str:
        raise ClaimError("claim 'csrf' must be a string", claim="csrf")
    family = claims.get("fam")
    if type(family) is not str:
        raise ClaimError("claim 'fam' must be a string", claim="fam")
    extra = {name: value for name, value in claims.items() if name not in pc.RESERVED}
    return claims["sub"], family, {"extra": extra, "scopes": pc.token_scopes(claims), "csrf": csrf}

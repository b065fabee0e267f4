"""Minting tokens for ``TokenPolicy``: the claims every token gets, and rotation.

Every token carries ``sub``, ``jti``, ``iat``, ``nbf``, ``exp``, ``type`` and ``fam``; access
tokens add ``fresh``; ``scope``, ``csrf``, ``iss`` and ``aud`` appear when they apply. The
application's own claims come last and can never overwrite any of these (reserved names are
refused before this module sees them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Literal, final

from pasetokit.codec import Footer, encode
from pasetokit.exceptions import ClaimError, ConfigurationError
from pasetokit.keys import LocalKey, SecretKey

from . import _args as args
from . import _claims as pc

__all__ = ["Issuer"]

Purpose = Literal["local", "public"]


@final
@dataclass(frozen=True, slots=True, kw_only=True)
class Issuer:
    """The issuing half of a policy: keys, lifetimes, purposes and the claims to write.
    Immutable, like the policy that holds it (the mappings are read-only views)."""

    keys: Mapping[Purpose, LocalKey | SecretKey]
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
        token_type: Literal["access", "refresh"],
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
    ) -> str:
        if purpose is None:
            use = self.purposes[token_type]
        else:
            use = args.purpose("purpose", purpose, self.keys)
        lifetime = self.ttl[token_type] if expires_in is None else self._lifetime(expires_in)
        # iat/nbf/exp keep microseconds: "log out everywhere" compares iat with the instant of
        # the log-out, and a whole-second iat would revoke a log-in made just after it.
        exp = now + timedelta(seconds=lifetime)
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

    def rotate(self, claims: dict[str, Any], now: datetime, successor: str) -> tuple[str, str]:
        """A new access token (not fresh) and refresh token (``jti`` ``successor``, which the
        store now holds as the family's current token) in the family of the verified
        refresh token ``claims``, carrying over its scopes, its ``csrf`` value (so the client's
        CSRF cookie stays valid) and the application's own claims."""
        extra = {name: value for name, value in claims.items() if name not in pc.RESERVED}
        scopes = pc.token_scopes(claims)
        csrf = claims.get("csrf")
        if csrf is not None and type(csrf) is not str:
            raise ClaimError("claim 'csrf' must be a string", claim="csrf")
        subject, family = claims["sub"], claims["fam"]
        common: dict[str, Any] = {"family": family, "scopes": scopes, "csrf": csrf}
        return (
            self.mint("access", subject, now, extra=dict(extra), **common),
            self.mint("refresh", subject, now, extra=extra, jti=successor, **common),
        )

"""Registered claims: the rules ``decode`` enforces, and the normalisation ``encode`` applies.

Rules are data (a frozen, keyword-only dataclass) so a misspelt option fails when it is built,
and every check raises; none returns a bool (PASETO 02-Validators.md, 05-API-UX.md).
"""

from __future__ import annotations

import hmac
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ._time import format_datetime, format_epoch, parse_timestamp, to_seconds
from .exceptions import (
    ClaimError,
    ConfigurationError,
    EncodeError,
    ExpiredTokenError,
    MissingClaimError,
    NotYetValidError,
)

__all__ = ["DATETIME_CLAIMS", "DEFAULT_RULES", "STRING_CLAIMS", "ClaimRules"]

DATETIME_CLAIMS = ("exp", "nbf", "iat")
STRING_CLAIMS = ("iss", "sub", "aud", "jti")
_ABSENT: Any = object()
_CLAIM_OF = {"audience": "aud", "issuer": "iss", "subject": "sub"}


@dataclass(frozen=True, kw_only=True, slots=True)
class ClaimRules:
    """What a decoded token's claims must satisfy. ``exp``, ``nbf`` and ``iat`` are always checked
    when present; the options below add to that.

    - ``require_exp``: a token without ``exp`` is refused (default). Set ``False`` to accept
      non-expiring tokens explicitly.
    - ``leeway``: clock skew tolerated on ``exp``, ``nbf`` and ``iat`` (timedelta or seconds).
    - ``max_age``: if set, ``iat`` is required and must be no older than this.
    - ``audience`` / ``issuer`` / ``subject``: exact expected values (compared in constant time);
      the claim is then required.
    - ``required``: further claim names that must be present.
    """

    require_exp: bool = True
    leeway: timedelta | float = 0
    max_age: timedelta | float | None = None
    audience: str | None = None
    issuer: str | None = None
    subject: str | None = None
    required: Collection[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.require_exp, bool):
            raise ConfigurationError("ClaimRules.require_exp must be a bool")
        try:
            leeway = to_seconds(self.leeway)
            max_age = None if self.max_age is None else to_seconds(self.max_age)
        except TypeError as exc:
            raise ConfigurationError(f"ClaimRules: {exc}") from None
        # NaN or infinity would silently switch every time check off.
        if not math.isfinite(leeway) or (max_age is not None and not math.isfinite(max_age)):
            raise ConfigurationError("ClaimRules: leeway and max_age must be finite")
        if leeway < 0 or (max_age is not None and max_age <= 0):
            raise ConfigurationError("ClaimRules: leeway must be >= 0 and max_age > 0")
        for name in ("audience", "issuer", "subject"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise ConfigurationError(f"ClaimRules.{name} must be a non-empty str")
        if isinstance(self.required, str) or not all(isinstance(c, str) for c in self.required):
            raise ConfigurationError("ClaimRules.required must be a collection of claim names")
        object.__setattr__(self, "required", frozenset(self.required))
        object.__setattr__(self, "_leeway", leeway)
        object.__setattr__(self, "_max_age", max_age)
        expected = ((_CLAIM_OF[n], getattr(self, n)) for n in ("audience", "issuer", "subject"))
        object.__setattr__(self, "_expected", tuple((c, v) for c, v in expected if v is not None))

    # Derived once in __post_init__, so check() does no per-call bookkeeping.
    _leeway: float = field(init=False, repr=False, compare=False, default=0.0)
    _max_age: float | None = field(init=False, repr=False, compare=False, default=None)
    _expected: tuple[tuple[str, str], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def check(self, claims: Mapping[str, Any], now: float) -> None:
        """Raise a :class:`ClaimError` subclass unless ``claims`` pass at time ``now`` (epoch s)."""
        get = claims.get
        for name in STRING_CLAIMS:
            value = get(name, _ABSENT)
            if value is not _ABSENT and type(value) is not str:
                raise ClaimError(f"claim {name!r} must be a string", claim=name)
        leeway = self._leeway
        name = "exp"  # the claim being read, for the error message
        try:
            value = get("exp", _ABSENT)
            if value is _ABSENT:
                if self.require_exp:
                    raise MissingClaimError("exp")
            elif now > parse_timestamp(value) + leeway:
                raise ExpiredTokenError()
            name = "nbf"
            value = get("nbf", _ABSENT)
            if value is not _ABSENT and now + leeway < parse_timestamp(value):
                raise NotYetValidError()
            # iat is most often the very string nbf was: parse_timestamp answers from memory.
            name = "iat"
            value = get("iat", _ABSENT)
            iat = None if value is _ABSENT else parse_timestamp(value)
        except ValueError:  # from parse_timestamp only: no TokenError is a ValueError
            raise ClaimError(
                f"claim {name!r} must be an RFC 3339 date-time with a time zone", claim=name
            ) from None
        if iat is not None and iat > now + leeway:
            raise ClaimError("token was issued in the future", claim="iat")
        if self._max_age is not None:
            if iat is None:
                raise MissingClaimError("iat")
            if now > iat + self._max_age + leeway:
                raise ExpiredTokenError("token is older than its maximum age")
        for name, expected in self._expected:
            _expect(claims, name, expected)
        for name in self.required:
            if name not in claims:
                raise MissingClaimError(name)


DEFAULT_RULES = ClaimRules()


def _expect(claims: Mapping[str, Any], name: str, expected: str) -> None:
    value = claims.get(name)
    if value is None:
        raise MissingClaimError(name)
    if not hmac.compare_digest(value.encode("utf-8"), expected.encode("utf-8")):
        raise ClaimError(f"claim {name!r} does not match", claim=name)


def prepare_claims(
    claims: Mapping[str, Any], expires_in: float | None, now: float
) -> dict[str, Any]:
    """A new dict ready for JSON: datetimes as RFC 3339, ``exp`` added, registered types checked.

    ``now`` is epoch seconds; a generated ``exp`` is ``expires_in`` after the whole second of
    ``now``. The caller's mapping is never modified.
    """
    if not isinstance(claims, Mapping):
        raise EncodeError("claims must be a mapping (a JSON object)")
    out = dict(claims)
    for name in out:
        if type(name) is not str and not isinstance(name, str):
            raise EncodeError("claim names must be strings")
    get = out.get
    for name in DATETIME_CLAIMS:
        value = get(name, _ABSENT)
        if value is not _ABSENT:
            out[name] = _datetime_claim(name, value)
    for name in STRING_CLAIMS:
        value = get(name, _ABSENT)
        if value is not _ABSENT and not isinstance(value, str):
            raise EncodeError(f"claim {name!r} must be a string")
    if "exp" not in out and expires_in is not None:
        # Whole seconds: the spec recommends creators omit fractional seconds.
        try:
            out["exp"] = format_epoch(math.floor(now) + expires_in)
        except (ValueError, OverflowError, OSError):  # RFC 3339 years have four digits
            raise EncodeError("the generated exp would fall after 9999-12-31T23:59:59Z") from None
    return out


def _datetime_claim(name: str, value: object) -> str:
    if isinstance(value, datetime):
        try:
            return format_datetime(value)
        except ValueError:
            raise EncodeError(f"claim {name!r}: datetime must be timezone-aware") from None
    if type(value) is str or isinstance(value, str):
        try:
            parse_timestamp(value)  # validated only; the caller's text is kept as written
        except ValueError:
            raise EncodeError(f"claim {name!r} is not an RFC 3339 date-time") from None
        return value
    raise EncodeError(
        f"claim {name!r} must be a datetime or an RFC 3339 string; "
        "PASETO does not use numeric dates"
    )

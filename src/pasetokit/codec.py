"""The recipe layer: :func:`encode` claims into a token and :func:`decode` one back, checked."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from . import _json, v4
from ._paserk_format import FORBIDDEN_IN_FOOTER
from ._time import to_seconds
from .claims import DEFAULT_RULES, ClaimRules, prepare_claims
from .exceptions import (
    ConfigurationError,
    EncodeError,
    InvalidKeyError,
    InvalidTokenError,
    MalformedTokenError,
)
from .keyring import KeyRing, select_keys
from .keys import AnyKey, LocalKey, SecretKey, SigningKey
from .token import DEFAULT_MAX_TOKEN_SIZE, Token, parse_token

__all__ = ["decode", "encode"]

Footer = Mapping[str, Any] | str | bytes
Assertion = bytes | str | Mapping[str, Any]

DEFAULT_LIFETIME = timedelta(hours=1)
DEFAULT_FOOTER_LIMITS = _json.FooterLimits()
# PASERK types that must never travel in a footer (PASERK README; spec 01-Payload-Processing):
# raw keys invite in-band key negotiation, password-wrapped keys are attackable offline.
_FORBIDDEN_PASERK = FORBIDDEN_IN_FOOTER


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ConfigurationError("now must be a timezone-aware datetime")
    return now


def _assertion(value: Assertion) -> bytes:
    try:
        return _json.canonical(value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"implicit_assertion: {exc}") from None


def _footer_bytes(footer: Footer | None, kid: str | None) -> bytes:
    if kid is not None:
        if footer is not None and not isinstance(footer, Mapping):
            raise EncodeError("include_kid needs a mapping footer (or none)")
        if footer and footer.get("kid", kid) != kid:
            raise EncodeError("the footer already names another kid; drop include_kid or it")
        footer = {"kid": kid, **(footer or {})}
    if footer is None:
        return b""
    if isinstance(footer, bytes):
        data = footer
    elif isinstance(footer, str):
        data = footer.encode("utf-8")
    elif isinstance(footer, Mapping):
        try:
            data = _json.dumps(dict(footer))
        except (TypeError, ValueError) as exc:
            raise EncodeError(f"footer is not JSON-serialisable: {exc}") from None
    else:
        raise EncodeError("footer must be a mapping, str or bytes")
    if _FORBIDDEN_PASERK.search(data):
        raise EncodeError("a footer must not carry a raw or password-wrapped key (PASERK)")
    return data


def encode(
    key: SigningKey,
    claims: Mapping[str, Any],
    *,
    footer: Footer | None = None,
    implicit_assertion: Assertion = b"",
    expires_in: timedelta | float | None = DEFAULT_LIFETIME,
    include_kid: bool = False,
    now: datetime | None = None,
) -> str:
    """Encode ``claims`` into a ``v4.local`` (``LocalKey``) or ``v4.public`` (``SecretKey``) token.

    ``exp``/``nbf``/``iat`` may be timezone-aware datetimes; they are written as RFC 3339. A
    token without ``exp`` gets one ``expires_in`` from ``now`` (default 1 hour); pass
    ``expires_in=None`` to issue a non-expiring token on purpose. ``include_kid`` puts the key's
    PASERK id in a JSON footer (the public key's ``pid`` for public tokens), so a ``KeyRing`` can
    pick the right key. ``claims`` is never modified.
    """
    if not isinstance(key, (LocalKey, SecretKey)):
        raise InvalidKeyError(
            "encode takes a LocalKey (v4.local) or a SecretKey (v4.public); "
            f"got {type(key).__name__}"
        )
    try:
        lifetime = None if expires_in is None else to_seconds(expires_in)
    except TypeError as exc:
        raise ConfigurationError(f"expires_in: {exc}") from None
    if lifetime is not None and not (math.isfinite(lifetime) and 0 < lifetime < 1e10):
        raise ConfigurationError("expires_in must be a positive, finite duration")
    payload = _json_payload(prepare_claims(claims, lifetime, _now(now)))
    kid = None
    if include_kid:
        kid = key.paserk_id if isinstance(key, LocalKey) else key.public_key().paserk_id
    footer_data = _footer_bytes(footer, kid)
    implicit = _assertion(implicit_assertion)
    if isinstance(key, LocalKey):
        return v4.encrypt(key, payload, footer=footer_data, implicit_assertion=implicit)
    return v4.sign(key, payload, footer=footer_data, implicit_assertion=implicit)


def _json_payload(claims: dict[str, Any]) -> bytes:
    try:
        return _json.dumps(claims)
    except (TypeError, ValueError) as exc:
        raise EncodeError(f"claims are not JSON-serialisable: {exc}") from None


def decode(
    key: AnyKey | KeyRing,
    token: str | bytes,
    *,
    rules: ClaimRules = DEFAULT_RULES,
    implicit_assertion: Assertion = b"",
    now: datetime | None = None,
    max_size: int = DEFAULT_MAX_TOKEN_SIZE,
    footer_limits: _json.FooterLimits = DEFAULT_FOOTER_LIMITS,
) -> Token:
    """Verify ``token`` and its claims; return a :class:`Token` or raise a ``TokenError``.

    The purpose comes from the token and must match the key (a ``SecretKey`` verifies with its
    public half). With a ``KeyRing``, the footer's ``kid`` picks the key, failing closed.
    """
    if not isinstance(rules, ClaimRules):
        raise ConfigurationError("rules must be a ClaimRules")
    if max_size is not DEFAULT_MAX_TOKEN_SIZE and (type(max_size) is not int or max_size < 1):
        raise ConfigurationError("max_size must be a positive int")
    implicit = (
        implicit_assertion if type(implicit_assertion) is bytes else _assertion(implicit_assertion)
    )
    moment = time.time() if now is None else _now(now).timestamp()
    raw = parse_token(token, max_size)
    # The footer may be read before verification, but only to choose a key; nothing else in it
    # is trusted until the MAC or signature checks out.
    footer_obj = kid = None
    if raw.footer:
        if _FORBIDDEN_PASERK.search(raw.footer):
            raise MalformedTokenError("footer carries a forbidden PASERK type")
        try:
            footer_obj = _json.loads_footer(raw.footer, footer_limits)
        except ValueError:
            raise MalformedTokenError("footer is not acceptable JSON") from None
        if footer_obj is not None:
            kid = footer_obj.get("kid")
    opener = v4.open_local if raw.purpose == "local" else v4.open_public
    for candidate in select_keys(key, raw.purpose, kid):
        message = opener(candidate, raw, implicit)  # type: ignore[arg-type]
        if message is not None:
            break
    else:
        raise InvalidTokenError()
    try:
        claims = _json.loads_object(message)
    except ValueError:
        raise InvalidTokenError("token payload is not a JSON object") from None
    rules.check(claims, moment)
    return Token(claims, footer_obj if footer_obj is not None else raw.footer, raw.purpose)

"""The recipe layer: :func:`encode` claims into a token and :func:`decode` one back, checked."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from . import _json, v4
from ._paserk_format import FORBIDDEN_IN_FOOTER, FORBIDDEN_IN_FOOTER_TEXT
from ._time import to_seconds
from ._types import Purpose
from .claims import DEFAULT_RULES, ClaimRules, prepare_claims
from .exceptions import (
    ConfigurationError,
    EncodeError,
    InvalidKeyError,
    InvalidTokenError,
    MalformedTokenError,
    WrongPurposeError,
)
from .keyring import KeyRing, select_keys
from .keys import AnyKey, LocalKey, PublicKey, SecretKey, SigningKey, VerifyKey
from .token import DEFAULT_MAX_TOKEN_SIZE, Token, split_token, verified_token

__all__ = ["decode", "encode"]

Footer = Mapping[str, Any] | str | bytes
Assertion = bytes | str | Mapping[str, Any]

DEFAULT_LIFETIME = timedelta(hours=1)
DEFAULT_FOOTER_LIMITS = _json.FooterLimits()
# PASERK types that must never travel in a footer (PASERK README; spec 01-Payload-Processing):
# raw keys invite in-band key negotiation, password-wrapped keys are attackable offline.
_FORBIDDEN_PASERK = FORBIDDEN_IN_FOOTER


def _epoch(now: datetime) -> float:
    # Only called with a given ``now`` (both callers read time.time() themselves for None).
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ConfigurationError("now must be a timezone-aware datetime")
    return now.timestamp()


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
    # Never None here: encode writes b"" itself when there is neither a footer nor a kid.
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
    if _FORBIDDEN_PASERK.search(data) or (data[:1] == b"{" and _escaped_paserk(data)):
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
    kind = type(key)
    if kind is not LocalKey and kind is not SecretKey:  # both classes are final
        raise InvalidKeyError(
            f"encode takes a LocalKey (v4.local) or a SecretKey (v4.public); got {kind.__name__}"
        )
    payload = _json_payload(
        prepare_claims(claims, _lifetime(expires_in), time.time() if now is None else _epoch(now))
    )
    kid = None
    if include_kid:
        kid = key.paserk_id if isinstance(key, LocalKey) else key.public_key().paserk_id
    footer_data = b"" if footer is None and kid is None else _footer_bytes(footer, kid)
    implicit = (
        implicit_assertion if type(implicit_assertion) is bytes else _assertion(implicit_assertion)
    )
    if kind is LocalKey:
        return v4.encrypt(key, payload, footer=footer_data, implicit_assertion=implicit)  # type: ignore[arg-type]
    return v4.sign(key, payload, footer=footer_data, implicit_assertion=implicit)  # type: ignore[arg-type]


def _lifetime(expires_in: timedelta | float | None) -> float | None:
    if expires_in is None:
        return None
    try:
        lifetime = to_seconds(expires_in)
    except TypeError as exc:
        raise ConfigurationError(f"expires_in: {exc}") from None
    if not (math.isfinite(lifetime) and 0 < lifetime < 1e10):
        raise ConfigurationError("expires_in must be a positive, finite duration")
    return lifetime


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
    if type(rules) is not ClaimRules and not isinstance(rules, ClaimRules):
        raise ConfigurationError("rules must be a ClaimRules")
    if max_size is not DEFAULT_MAX_TOKEN_SIZE and (type(max_size) is not int or max_size < 1):
        raise ConfigurationError("max_size must be a positive int")
    implicit = (
        implicit_assertion if type(implicit_assertion) is bytes else _assertion(implicit_assertion)
    )
    if now is None:
        moment = time.time()
    elif type(now) is datetime and now.tzinfo is not None:
        moment = now.timestamp()
    else:
        moment = _epoch(now)  # refuses naive or non-datetime values
    purpose, body, footer = split_token(token, max_size)
    # The footer may be read before verification, but only to choose a key; nothing else in it
    # is trusted until the MAC or signature checks out.
    footer_obj = kid = None
    if footer:
        footer_obj = _footer_object(footer, footer_limits)
        if footer_obj is not None:
            kid = footer_obj.get("kid")
    candidates = _fast_candidates(key, purpose, kid) or select_keys(key, purpose, kid)
    if purpose == "local":
        message = v4.open_local_any(candidates, body, footer, implicit)  # type: ignore[arg-type]
    else:
        message = v4.open_public_any(candidates, body, footer, implicit)  # type: ignore[arg-type]
    if message is None:
        raise InvalidTokenError()
    try:
        claims = _json.loads_object(message)
    except ValueError:
        raise InvalidTokenError("token payload is not a JSON object") from None
    rules.check(claims, moment)
    return verified_token(claims, footer if footer_obj is None else footer_obj, purpose)


def _fast_candidates(key: object, purpose: Purpose, kid: object) -> tuple[VerifyKey, ...]:
    """select_keys' answer for the common cases, or ``()`` to let it decide (and raise)."""
    if type(key) is LocalKey or type(key) is PublicKey:
        if kid is None or kid == key.paserk_id:
            if key.purpose != purpose:
                raise WrongPurposeError()
            return (key,)
    elif type(key) is KeyRing and type(kid) is str:
        # Ring ids are PASERK ids only, each naming a key of its own purpose (lid: local;
        # pid, sid: public): a hit of the right purpose is what KeyRing.select returns.
        found = key._by_id.get(kid)
        if found is not None and found.purpose == purpose:
            return (found,)
    return ()


def _escaped_paserk(data: bytes) -> bool:
    """Whether a JSON footer's strings, escapes decoded, hold a forbidden PASERK.

    Outside strings JSON has no PASERK letter, and a string's raw text is what it decodes to
    but for escapes. Of those only ``\\u00XX`` can spell a PASERK character (an ASCII one;
    ``\\n`` leaves its backslash, which no PASERK holds): without one, the raw bytes are
    exact and were searched. ``raw_unicode_escape`` decodes exactly the ``\\u`` escapes,
    pairing backslashes from the left as JSON does (``\\\\u002e`` stays text), and non-ASCII
    bytes come out as Latin-1 letters, none in a PASERK: the decoded text, searched at C
    speed, holds a forbidden PASERK exactly when one of the strings does.
    """
    if b"\\u00" not in data:
        return False
    try:
        text = data.decode("raw_unicode_escape")
    except UnicodeDecodeError:  # a \\u without four hex digits: not JSON, refused anyway
        return False
    return FORBIDDEN_IN_FOOTER_TEXT.search(text) is not None


def _footer_object(footer: bytes, limits: _json.FooterLimits) -> dict[str, Any] | None:
    # Every PASERK has a "." in it: most footers skip the regex after one memchr.
    if b"\\" in footer and b"\\u00" in footer and footer[:1] == b"{":
        return _spelled_footer_object(footer, limits)
    if b"." in footer and _FORBIDDEN_PASERK.search(footer):
        raise MalformedTokenError("footer carries a forbidden PASERK type")
    try:
        return _json.loads_footer(footer, limits)
    except ValueError:
        raise MalformedTokenError("footer is not acceptable JSON") from None


def _spelled_footer_object(footer: bytes, limits: _json.FooterLimits) -> dict[str, Any] | None:
    # A JSON footer with a \\u00 escape may spell a PASERK ("k4\\u002elocal."): its decoded
    # text is searched, once it has parsed (the raw bytes' PASERKs are a part of it).
    try:
        found = _json.loads_footer(footer, limits)
    except ValueError:
        raise MalformedTokenError("footer is not acceptable JSON") from None
    if _escaped_paserk(footer):
        raise MalformedTokenError("footer carries a forbidden PASERK type")
    return found

"""Build-time validation of ``TokenPolicy``'s keyword arguments.

Every check here runs once, at start-up, and says how to fix what it refuses. Key material is
never echoed: messages name the argument and the type or size found, never the value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from pasetokit._time import to_seconds
from pasetokit._types import PURPOSES, Purpose
from pasetokit.exceptions import ConfigurationError, InvalidKeyError
from pasetokit.keyring import KeyRing
from pasetokit.keys import AnyKey, LocalKey, PublicKey, SecretKey, SigningKey

__all__ = [
    "MAX_DURATION",
    "check_clock",
    "duration",
    "flag",
    "issuing_keys",
    "optional_text",
    "purpose",
    "required_names",
    "verify_ring",
]

MAX_DURATION = 100 * 365 * 24 * 3600.0
"""100 years: anything longer is a unit mistake (and more than a Redis store accepts)."""

_HOW_LOCAL = "generate one with `pasetokit keygen local` or LocalKey.generate()"
_HOW_SECRET = "generate one with `pasetokit keygen public` or SecretKey.generate()"


def _not_a_key(name: str, value: object, cls: type, how: str) -> InvalidKeyError:
    found = type(value).__name__
    if isinstance(value, str):
        hint = (
            f"load a PASERK with {cls.__name__}.from_paserk(...)"
            if value.startswith("k4.")
            else "a password-like string is not a key"
        )
        return InvalidKeyError(f"{name} must be a {cls.__name__}, not a str ({hint}); {how}")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return InvalidKeyError(
            f"{name} must be a {cls.__name__}, not {found} ({len(value)} bytes); "
            f"wrap raw key bytes with {cls.__name__}.from_bytes(...) or {how}"
        )
    return InvalidKeyError(f"{name} must be a {cls.__name__}, not {found}; {how}")


def issuing_keys(local_key: object, secret_key: object) -> dict[Purpose, SigningKey]:
    """The keys that issue tokens, by purpose. At least one is required."""
    keys: dict[Purpose, SigningKey] = {}
    if local_key is not None:
        if not isinstance(local_key, LocalKey):
            raise _not_a_key("local_key", local_key, LocalKey, _HOW_LOCAL)
        keys["local"] = local_key
    if secret_key is not None:
        if isinstance(secret_key, PublicKey):
            raise InvalidKeyError(
                "secret_key got a PublicKey, which cannot sign; pass the SecretKey, and give "
                "public keys of other issuers in verify_keys"
            )
        if not isinstance(secret_key, SecretKey):
            raise _not_a_key("secret_key", secret_key, SecretKey, _HOW_SECRET)
        keys["public"] = secret_key
    if not keys:
        raise ConfigurationError(
            "TokenPolicy needs an issuing key: local_key=LocalKey (v4.local tokens) and/or "
            f"secret_key=SecretKey (v4.public tokens); {_HOW_LOCAL}"
        )
    return keys


def verify_ring(
    issuing: Iterable[SigningKey], verify_keys: object, *, without_kid: bool
) -> KeyRing:
    """One ring: the issuing keys first, then ``verify_keys`` (a KeyRing, an iterable of keys,
    or a single key). A ``SecretKey`` verifies with its public half. ``without_kid`` (the
    policy issues tokens without a kid) makes the ring try each key, as does a ``verify_keys``
    ring built that way; ``KeyRing`` caps how many keys that allows."""
    without_kid = without_kid or (isinstance(verify_keys, KeyRing) and verify_keys.try_without_kid)
    keys: list[AnyKey] = list(issuing)
    if verify_keys is None:
        pass
    elif isinstance(verify_keys, (LocalKey, SecretKey, PublicKey)):
        keys.append(verify_keys)
    elif isinstance(verify_keys, (str, bytes, bytearray, memoryview)):
        raise InvalidKeyError(
            "verify_keys must be a KeyRing or an iterable of LocalKey/SecretKey/PublicKey, not "
            f"{type(verify_keys).__name__}; parse PASERK strings with pasetokit.paserk."
            "key_from_paserk(...) or use TokenPolicy.from_env"
        )
    elif isinstance(verify_keys, Iterable):
        for index, key in enumerate(verify_keys):
            if not isinstance(key, (LocalKey, SecretKey, PublicKey)):
                raise _not_a_key(
                    f"verify_keys[{index}]",
                    key,
                    PublicKey,
                    "use a LocalKey, SecretKey or PublicKey object",
                )
            keys.append(key)
    else:
        raise InvalidKeyError(
            "verify_keys must be a KeyRing or an iterable of keys, not "
            f"{type(verify_keys).__name__}"
        )
    return KeyRing(keys, try_without_kid=without_kid)


def duration(name: str, value: object, *, allow_zero: bool = False) -> float:
    """A positive (or, with ``allow_zero``, non-negative) finite duration, in seconds."""
    try:
        seconds = to_seconds(value)  # type: ignore[arg-type]  # validated by to_seconds
    except TypeError:
        raise ConfigurationError(
            f"{name} must be a timedelta or a number of seconds, not {type(value).__name__}"
        ) from None
    low_ok = seconds >= 0 if allow_zero else seconds > 0
    if not (low_ok and math.isfinite(seconds)):  # NaN fails both comparisons
        bound = ">= 0" if allow_zero else "> 0"
        raise ConfigurationError(f"{name} must be finite and {bound}, got {value!r}")
    if seconds > MAX_DURATION:
        raise ConfigurationError(f"{name} is longer than 100 years; check its unit (seconds)")
    return seconds


def purpose(name: str, value: object, keys: Mapping[Purpose, Any]) -> Purpose:
    """An explicit purpose must name a configured key; ``None`` picks local, else public."""
    if value is None:
        return "local" if "local" in keys else "public"
    if value not in PURPOSES:
        raise ConfigurationError(f"{name} must be 'local' or 'public', got {value!r}")
    if value not in keys:
        needed = "local_key=LocalKey" if value == "local" else "secret_key=SecretKey"
        how = _HOW_LOCAL if value == "local" else _HOW_SECRET
        raise ConfigurationError(f"{name}={value!r} needs {needed}; {how}")
    return "local" if value == "local" else "public"


def optional_text(name: str, value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ConfigurationError(f"{name} must be a non-empty str or None")
    return value


def flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{name} must be True or False, not {type(value).__name__}")
    return value


def required_names(value: object) -> frozenset[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError("required_claims must be a collection of claim names")
    names = list(value)
    if not all(isinstance(n, str) and n for n in names):
        raise ConfigurationError("required_claims must hold non-empty claim names (str)")
    return frozenset(names)


def check_clock(clock: object) -> Callable[[], datetime]:
    """A clock must be callable and return an aware datetime; it is called once to check."""
    if not callable(clock):
        raise ConfigurationError("clock must be a callable returning an aware datetime")
    sample = clock()
    if not isinstance(sample, datetime) or sample.utcoffset() is None:
        raise ConfigurationError(
            "clock must return a timezone-aware datetime, e.g. datetime.now(timezone.utc)"
        )
    return clock

"""fastapi-paseto's ``authpaseto_*`` settings, read once into a :class:`pasetokit.TokenPolicy`
and :class:`WebSettings` (for ``pasetokit_fastapi.compat.AuthPASETO.load_config``).

The names are fastapi-paseto's (0.7.1 and later); an unknown ``authpaseto_*`` name is refused
with a did-you-mean (upstream ignores it, which is how its own ``basic.py`` ran with no key at
all). What upstream accepts and pasetokit will not is refused here, at start-up, with what to do
instead:

- ``authpaseto_secret_key = "secret"``: a password is not a key. It must be a ``k4.local``
  PASERK (``pasetokit keygen local``), read from the environment.
- ``authpaseto_*_token_expires = False`` (tokens that never expire): every token expires.
- ``authpaseto_version`` other than 4, ``authpaseto_decode_audience`` with several audiences,
  different encode and decode issuers: pasetokit checks one of each.

Token faults keep pasetokit's statuses (401/403/503, never upstream's 422).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, get_args

from pasetokit import (
    ConfigurationError,
    InvalidKeyError,
    LocalKey,
    PublicKey,
    SecretKey,
    TokenPolicy,
)

from .minting import Purpose
from .settings import Location, WebSettings

__all__ = ["AuthPasetoConfig", "read_authpaseto_settings"]

_P = "authpaseto_"
_NAMES = frozenset(
    _P + name
    for name in (
        "token_location",
        "secret_key",
        "public_key",
        "public_key_file",
        "private_key",
        "private_key_file",
        "purpose",
        "version",
        "decode_leeway",
        "encode_issuer",
        "decode_issuer",
        "decode_audience",
        "denylist_enabled",
        "denylist_token_checks",
        "header_name",
        "header_type",
        "json_key",
        "json_type",
        "websocket_query_key",
        "websocket_query_type",
        "access_token_expires",
        "refresh_token_expires",
        "other_token_expires",
    )
)
_LOCATIONS: Mapping[str, Location] = {"headers": "headers", "json": "json", "query": "query_string"}
_HOW = (
    "generate a key with `pasetokit keygen local` and put the k4.local PASERK it prints in the "
    "environment (never in the source); read it here, e.g. os.environ['PASETO_LOCAL_KEY']"
)


@dataclass(frozen=True, slots=True)
class AuthPasetoConfig:
    """What ``load_config`` built: the policy, the adapter settings, the JSON prefix (upstream's
    ``authpaseto_json_type``) and the deny-list switches."""

    policy: TokenPolicy
    settings: WebSettings
    issuer: str | None
    audience: str | None
    json_type: str | None
    denylist_enabled: bool
    denylist_token_checks: frozenset[str]


def _items(settings: object) -> dict[str, Any]:
    try:
        pairs = list(settings)  # type: ignore[call-overload]  # a pydantic model or pairs
        return {str(key).lower(): value for key, value in pairs}
    except (TypeError, ValueError):
        raise ConfigurationError(
            "load_config: the callback must return a pydantic model or a list of "
            f"(name, value) pairs, not {type(settings).__name__}"
        ) from None


def _check_names(values: Mapping[str, Any]) -> None:
    # The settings model may hold the application's own settings too (upstream's
    # denylist_redis.py keeps ``access_expires`` there): refuse only what looks like ours.
    for name in values:
        if name in _NAMES:
            continue
        close = difflib.get_close_matches(name, sorted(_NAMES), n=1, cutoff=0.8)
        if close or name.startswith(_P):
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigurationError(f"load_config: unknown setting {name!r}{hint}")


def _text(values: Mapping[str, Any], name: str) -> str | None:
    value = values.get(_P + name)
    file = values.get(_P + name + "_file")
    if value is None and file is not None:
        value = Path(str(file)).read_text(encoding="utf-8")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigurationError(f"{_P}{name} must be a string, not {type(value).__name__}")
    return value.strip()


def _local_key(text: str | None) -> LocalKey | None:
    if text is None:
        return None
    if not text.startswith("k4.local."):
        raise InvalidKeyError(
            f"{_P}secret_key is not a key: a password such as 'secret' can be guessed offline "
            f"from any token it signed; {_HOW}"
        )
    return LocalKey.from_paserk(text)


def _secret_key(text: str | None) -> SecretKey | None:
    if text is None:
        return None
    if text.startswith("-----BEGIN"):
        return SecretKey.from_pem(text)
    return SecretKey.from_paserk(text)


def _public_key(text: str | None) -> PublicKey | None:
    if text is None:
        return None
    if text.startswith("-----BEGIN"):
        return PublicKey.from_pem(text)
    return PublicKey.from_paserk(text)


def _expiry(values: Mapping[str, Any], kind: str, default: timedelta) -> timedelta:
    name = f"{_P}{kind}_token_expires"
    value = values.get(name, default)
    if value is False:
        raise ConfigurationError(
            f"{name}=False (tokens that never expire) is refused: a stolen token would work "
            "forever; set a timedelta (access: minutes, refresh: days) and refresh instead"
        )
    if isinstance(value, bool) or not isinstance(value, (int, timedelta)):
        raise ConfigurationError(f"{name} must be a timedelta or seconds, not {value!r}")
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _one(values: Mapping[str, Any], *names: str) -> str | None:
    found = {values[_P + n] for n in names if values.get(_P + n) not in (None, "", [], ())}
    if len(found) > 1:
        raise ConfigurationError(
            f"{' and '.join(_P + n for n in names)} differ: pasetokit issues and checks one "
            "issuer; set the same value (or only one of them)"
        )
    return found.pop() if found else None


def _audience(values: Mapping[str, Any]) -> str | None:
    value = values.get(_P + "decode_audience")
    if isinstance(value, (list, tuple, set, frozenset)):
        if len(value) > 1:
            raise ConfigurationError(
                f"{_P}decode_audience lists several audiences: a pasetokit policy accepts one; "
                "build one policy (one AuthPASETO configuration) per audience"
            )
        value = next(iter(value), None)
    return value or None


def _locations(values: Mapping[str, Any]) -> tuple[Location, ...]:
    given = values.get(_P + "token_location", ["headers"])
    names: Iterable[object] = [given] if isinstance(given, str) else given
    result: list[Location] = []
    for name in names:
        if name not in _LOCATIONS:
            raise ConfigurationError(
                f"{_P}token_location: unknown location {name!r}; choose from headers, json, query"
            )
        result.append(_LOCATIONS[str(name)])
    return tuple(result)


def _policy(values: Mapping[str, Any]) -> TokenPolicy:
    version = values.get(_P + "version", 4)
    if version != 4:
        raise ConfigurationError(f"{_P}version={version!r}: pasetokit implements PASETO v4 only")
    local, secret = (
        _local_key(_text(values, "secret_key")),
        _secret_key(_text(values, "private_key")),
    )
    public = _public_key(_text(values, "public_key"))
    if (
        public is not None
        and secret is not None
        and public.to_bytes() != secret.public_key().to_bytes()
    ):
        raise InvalidKeyError(f"{_P}public_key is not the public half of {_P}private_key")
    if local is None and secret is None:
        raise ConfigurationError(f"load_config: {_P}secret_key is not set; {_HOW}")
    # None: the policy's own rule, upstream's too (local when a secret_key is set, else public)
    purpose: Purpose | None = values.get(_P + "purpose")
    if purpose is not None and purpose not in get_args(Purpose):
        raise ConfigurationError(f"{_P}purpose must be 'local' or 'public', not {purpose!r}")
    access = _expiry(values, "access", timedelta(minutes=15))
    refresh = _expiry(values, "refresh", timedelta(days=30))
    _expiry(values, "other", timedelta(days=30))  # custom token types are refused at use
    leeway = values.get(_P + "decode_leeway") or 0
    return TokenPolicy(
        local_key=local,
        secret_key=secret,
        verify_keys=None if public is None or secret is not None else [public],
        access_ttl=access,
        refresh_ttl=refresh,
        access_purpose=purpose,
        refresh_purpose=purpose,
        issuer=_one(values, "encode_issuer", "decode_issuer"),
        audience=_audience(values),
        leeway=leeway,
    )


def read_authpaseto_settings(settings: object) -> AuthPasetoConfig:
    """The ``load_config`` callback's result as a policy and settings (or the start-up error
    that says what to change)."""
    values = _items(settings)
    _check_names(values)
    checks = values.get(_P + "denylist_token_checks", ("access", "refresh"))
    if isinstance(checks, str) or not set(checks) <= {"access", "refresh"}:
        raise ConfigurationError(f"{_P}denylist_token_checks lists 'access' and/or 'refresh'")
    enabled = values.get(_P + "denylist_enabled", False)
    if not isinstance(enabled, bool):
        raise ConfigurationError(f"{_P}denylist_enabled must be True or False")
    options: dict[str, object] = {_P + "token_location": _locations(values)}
    names = {_P + "token_location": "token_locations"}
    for ours, theirs in _OPTION_NAMES:
        names[_P + theirs] = ours
        if values.get(_P + theirs) is not None:
            options[_P + theirs] = values[_P + theirs]
    web = WebSettings.from_options(options, names=names)
    json_type = values.get(_P + "json_type") or None
    return AuthPasetoConfig(
        policy=_policy(values),
        settings=web,
        issuer=_one(values, "encode_issuer", "decode_issuer"),
        audience=_audience(values),
        json_type=json_type,
        denylist_enabled=enabled,
        denylist_token_checks=frozenset(checks),
    )


_OPTION_NAMES = (
    ("header_name", "header_name"),
    ("header_type", "header_type"),
    ("json_key", "json_key"),
    ("query_string_name", "websocket_query_key"),
)

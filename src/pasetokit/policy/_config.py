"""``TokenPolicy.from_env`` / ``from_mapping``: settings under a fixed prefix, parsed strictly.

Every key that starts with the prefix (compared case-insensitively, so ``paseto_leeway`` is
caught too) must be one of :data:`SETTINGS`; anything else is refused with a did-you-mean, so a
typo can never silently fall back to a default. Values are strings (environment variables) or,
in a mapping such as Flask's ``app.config``, already the right Python type (a key object, an
int, a bool, a timedelta), which the constructor then validates.

Key settings take a PASERK (``k4.local.…``, ``k4.secret.…``, ``k4.public.…``) or an Ed25519 PEM
(literal ``\\n`` escapes, as ``.env`` files often hold, are accepted). Messages name the setting
and what is wrong, never the value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

from pasetokit._key_text import key_from_text
from pasetokit._paserk_format import PASERK_SHAPED
from pasetokit._types import PURPOSES
from pasetokit.exceptions import ConfigurationError, InvalidKeyError, PasetoError
from pasetokit.keys import AnyKey, LocalKey, SecretKey

__all__ = ["DEFAULT_PREFIX", "SETTINGS", "settings_from_mapping"]

DEFAULT_PREFIX = "PASETO_"

_HOW_LOCAL = "generate one with `pasetokit keygen local` (or LocalKey.generate().to_paserk())"
_HOW_SECRET = "generate one with `pasetokit keygen public` (or SecretKey.generate().to_paserk())"
_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z ]+)-----.*?-----END \1-----", re.DOTALL)
_SECONDS = re.compile(r"[0-9]{1,12}", re.ASCII).fullmatch
_SPLIT = re.compile(r"[\s,]+")

Parser = Callable[[str, object], object]


def _text(setting: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"{setting} must be a string, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ConfigurationError(f"{setting} is empty; remove it to use the default or set it")
    return text


def _pem(text: str) -> str:
    # .env files and container settings often carry a PEM on one line with "\n" escapes.
    return text.replace("\\n", "\n") if "\n" not in text else text


def _not_paserk(setting: str, text: str, how: str) -> InvalidKeyError | None:
    if PASERK_SHAPED.match(text):
        return None
    return InvalidKeyError(
        f"{setting} is not a PASERK key: a password or passphrase is not a key; {how}"
    )


def _local_key(setting: str, value: object) -> object:
    if isinstance(value, LocalKey):
        return value
    text = _text(setting, value)
    if text.startswith("-----BEGIN"):
        raise InvalidKeyError(
            f"{setting}: PEM holds Ed25519 (v4.public) keys, not v4.local keys; {_HOW_LOCAL}"
        )
    error = _not_paserk(setting, text, _HOW_LOCAL)
    if error is not None:
        raise error
    try:
        return LocalKey.from_paserk(text)
    except PasetoError as exc:
        raise InvalidKeyError(f"{setting}: {exc.message}; {_HOW_LOCAL}") from None


def _secret_key(setting: str, value: object) -> object:
    if isinstance(value, SecretKey):
        return value
    text = _text(setting, value)
    is_pem = text.startswith("-----BEGIN")
    error = None if is_pem else _not_paserk(setting, text, _HOW_SECRET)
    if error is not None:
        raise error
    try:
        return SecretKey.from_pem(_pem(text)) if is_pem else SecretKey.from_paserk(text)
    except InvalidKeyError as exc:
        raise InvalidKeyError(f"{setting}: {exc.message}; {_HOW_SECRET}") from None


def _verify_keys(setting: str, value: object) -> object:
    if not isinstance(value, str):
        return value  # a KeyRing or an iterable of keys: the constructor checks it
    text = _text(setting, value)
    keys: list[AnyKey] = []
    for number, item in enumerate(_key_items(text), start=1):
        where = f"{setting} (key {number})"
        try:
            keys.append(key_from_text(item))
        except InvalidKeyError as exc:
            raise InvalidKeyError(f"{where}: {exc.message}") from None
    return keys


def _key_items(text: str) -> list[str]:
    """PEM blocks (which contain whitespace) first, then PASERKs separated by commas/space."""
    text = _pem(text)
    pems = [m.group(0) for m in _PEM_BLOCK.finditer(text)]
    rest = _PEM_BLOCK.sub(" ", text)
    return pems + [item for item in _SPLIT.split(rest) if item]


def _seconds(setting: str, value: object) -> object:
    if not isinstance(value, str):
        return value  # int, float or timedelta: the constructor checks it
    text = _text(setting, value)
    if not _SECONDS(text):
        raise ConfigurationError(
            f"{setting} must be a whole number of seconds (e.g. 900 for 15 minutes)"
        )
    return int(text)


def _ttl(setting: str, value: object) -> object:
    if value is False:  # Flask-JWT-Extended's JWT_ACCESS_TOKEN_EXPIRES = False
        raise ConfigurationError(
            f"{setting} = False (a token that never expires) is refused: every token expires, "
            "so a stolen one stops working; set a timedelta or a number of seconds"
        )
    return _seconds(setting, value)


def _purpose(setting: str, value: object) -> object:
    text = _text(setting, value)
    if text not in PURPOSES:
        raise ConfigurationError(f"{setting} must be 'local' or 'public'")
    return text


def _plain(setting: str, value: object) -> object:
    if isinstance(value, str) and not value:
        raise ConfigurationError(f"{setting} is empty; remove it to use the default or set it")
    return value  # issuer / audience: exact values, not stripped; the constructor checks type


def _names(setting: str, value: object) -> object:
    if not isinstance(value, str):
        return value
    names = [name for name in _SPLIT.split(_text(setting, value)) if name]
    if not names:
        raise ConfigurationError(f"{setting} is empty; remove it or list claim names")
    return names


def _flag(setting: str, value: object) -> object:
    if isinstance(value, bool):
        return value
    text = _text(setting, value).lower()
    if text not in ("true", "false"):
        raise ConfigurationError(f"{setting} must be 'true' or 'false'")
    return text == "true"


SETTINGS: Mapping[str, tuple[str, Parser]] = {
    "LOCAL_KEY": ("local_key", _local_key),
    "SECRET_KEY": ("secret_key", _secret_key),
    "VERIFY_KEYS": ("verify_keys", _verify_keys),
    "ACCESS_TTL": ("access_ttl", _ttl),
    "REFRESH_TTL": ("refresh_ttl", _ttl),
    "ACCESS_PURPOSE": ("access_purpose", _purpose),
    "REFRESH_PURPOSE": ("refresh_purpose", _purpose),
    "ISSUER": ("issuer", _plain),
    "AUDIENCE": ("audience", _plain),
    "REQUIRED_CLAIMS": ("required_claims", _names),
    "LEEWAY": ("leeway", _seconds),
    "FAIL_OPEN": ("fail_open", _flag),
    "INCLUDE_KID": ("include_kid", _flag),
}
"""Setting suffix -> (constructor argument, parser). ``clock`` and ``revocation_store`` are
objects, not settings: pass them as overrides."""


def _did_you_mean(name: str, candidates: Collection[str], prefix: str = "") -> str:
    # Compare case-folded names without the shared prefix, which would make every name look
    # alike ("PASETO_REDIS_URL" is not a typo of "PASETO_ISSUER").
    size = len(prefix)
    by_stem = {c[size:].upper(): c for c in candidates}
    match = difflib.get_close_matches(name[size:].upper(), list(by_stem), n=1, cutoff=0.75)
    return f" (did you mean {by_stem[match[0]]}?)" if match else ""


def settings_from_mapping(
    mapping: Mapping[str, Any],
    prefix: str,
    overrides: Mapping[str, Any],
    params: Collection[str],
) -> dict[str, Any]:
    """Constructor keyword arguments from ``mapping``'s ``prefix`` keys, then ``overrides``
    (which win). ``params`` are the constructor's argument names."""
    if not isinstance(prefix, str) or not prefix:
        raise ConfigurationError("prefix must be a non-empty str, e.g. 'PASETO_'")
    if not isinstance(mapping, Mapping):
        raise ConfigurationError("settings must come from a mapping (os.environ, app.config...)")
    known = {prefix + suffix: entry for suffix, entry in SETTINGS.items()}
    folded = prefix.upper()
    ours = {
        key: value
        for key, value in mapping.items()
        if isinstance(key, str) and key.upper().startswith(folded)
    }
    # Unknown names first: a typo is the likeliest reason anything below looks wrong.
    unknown = [key for key in ours if key not in known]
    if unknown:
        names = "; ".join(f"{key}{_did_you_mean(key, known, prefix)}" for key in sorted(unknown))
        raise ConfigurationError(
            f"unknown setting(s): {names}. Valid settings: {', '.join(sorted(known))}"
        )
    bad = sorted(name for name in overrides if name not in params)
    if bad:
        names = "; ".join(f"{name}{_did_you_mean(name, params)}" for name in bad)
        raise ConfigurationError(
            f"unknown TokenPolicy argument(s): {names}. Valid: {', '.join(sorted(params))}"
        )
    kwargs: dict[str, Any] = {}
    for key, value in ours.items():
        param, parse = known[key]
        kwargs[param] = parse(key, value)
    kwargs.update(overrides)
    return kwargs

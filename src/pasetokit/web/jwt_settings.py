"""Leftover Flask-JWT-Extended ``JWT_*`` settings: refused at start-up, each with the
``PASETO_*`` name that does its job (or why nothing does), so a port never runs with a setting
silently ignored (a ``JWT_COOKIE_SECURE=False`` that no longer applies, a ``JWT_SECRET_KEY``
that no longer signs anything)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pasetokit import ConfigurationError

__all__ = ["JWT_SETTING_HINTS", "refuse_jwt_settings"]

_SAME = (
    "TOKEN_LOCATION",
    "HEADER_NAME",
    "HEADER_TYPE",
    "QUERY_STRING_NAME",
    "JSON_KEY",
    "REFRESH_JSON_KEY",
    "ACCESS_COOKIE_NAME",
    "REFRESH_COOKIE_NAME",
    "ACCESS_COOKIE_PATH",
    "REFRESH_COOKIE_PATH",
    "COOKIE_DOMAIN",
    "COOKIE_SECURE",
    "COOKIE_SAMESITE",
    "SESSION_COOKIE",
    "COOKIE_CSRF_PROTECT",
    "CSRF_METHODS",
    "ACCESS_CSRF_COOKIE_NAME",
    "REFRESH_CSRF_COOKIE_NAME",
    "ACCESS_CSRF_COOKIE_PATH",
    "REFRESH_CSRF_COOKIE_PATH",
)
_KEY = "with a k4.local PASERK from `pasetokit keygen local` (a password is not a key)"
JWT_SETTING_HINTS: Mapping[str, str] = {
    **{f"JWT_{name}": f"PASETO_{name}" for name in _SAME},
    "JWT_ACCESS_CSRF_HEADER_NAME": "PASETO_CSRF_HEADER_NAME",
    "JWT_REFRESH_CSRF_HEADER_NAME": "PASETO_CSRF_HEADER_NAME",
    "JWT_SECRET_KEY": f"PASETO_LOCAL_KEY, {_KEY}",
    "JWT_PRIVATE_KEY": "PASETO_SECRET_KEY (an Ed25519 PEM or k4.secret PASERK)",
    "JWT_PUBLIC_KEY": "PASETO_VERIFY_KEYS (an Ed25519 PEM or k4.public PASERK)",
    "JWT_ACCESS_TOKEN_EXPIRES": "PASETO_ACCESS_TTL (every token expires: False is refused)",
    "JWT_REFRESH_TOKEN_EXPIRES": "PASETO_REFRESH_TTL (every token expires: False is refused)",
    "JWT_DECODE_LEEWAY": "PASETO_LEEWAY",
    "JWT_DECODE_AUDIENCE": "PASETO_AUDIENCE",
    "JWT_ENCODE_AUDIENCE": "PASETO_AUDIENCE",
    "JWT_DECODE_ISSUER": "PASETO_ISSUER",
    "JWT_ENCODE_ISSUER": "PASETO_ISSUER",
    "JWT_ALGORITHM": "nothing: PASETO v4 fixes the algorithm (PASETO_ACCESS_PURPOSE picks "
    "local or public); remove it",
    "JWT_DECODE_ALGORITHMS": "nothing: PASETO v4 fixes the algorithm; remove it",
}


def refuse_jwt_settings(config: Mapping[str, Any]) -> None:
    """Raise ``ConfigurationError`` naming every ``JWT_*`` key of ``config`` and its
    replacement."""
    found = sorted(k for k in config if isinstance(k, str) and k.upper().startswith("JWT_"))
    if not found:
        return
    hints = []
    for key in found:
        hint = JWT_SETTING_HINTS.get(key.upper())
        if hint is None:
            close = difflib.get_close_matches(key.upper(), list(JWT_SETTING_HINTS), n=1)
            hint = JWT_SETTING_HINTS[close[0]] if close else "nothing: remove it"
            hint = f"{hint} (did you mean {close[0]}?)" if close else hint
        hints.append(f"{key} -> {hint}")
    raise ConfigurationError(
        "Flask-JWT-Extended settings are not read by pasetokit; use: " + "; ".join(hints)
    )

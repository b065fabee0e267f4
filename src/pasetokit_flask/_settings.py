"""The adapter's own ``PASETO_*`` settings: read and validated once, in ``init_app``.

Only the keys listed in :data:`ADAPTER_DEFAULTS` belong to the adapter (where to look for a
token, cookie attributes, CSRF); every other ``PASETO_*`` key is the policy's and is handed to
``TokenPolicy.from_mapping``, which rejects the unknown ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pasetokit import ConfigurationError
from pasetokit.web import LOCATIONS, Location, parse_locations

__all__ = ["ADAPTER_DEFAULTS", "LOCATIONS", "PREFIX", "Location", "Settings", "parse_locations"]

PREFIX = "PASETO_"


ADAPTER_DEFAULTS: Mapping[str, object] = {
    "PASETO_TOKEN_LOCATION": ("headers",),
    "PASETO_HEADER_NAME": "Authorization",
    "PASETO_HEADER_TYPE": "Bearer",
    "PASETO_QUERY_STRING_NAME": "token",
    "PASETO_JSON_KEY": "access_token",
    "PASETO_REFRESH_JSON_KEY": "refresh_token",
    "PASETO_ACCESS_COOKIE_NAME": "access_token_cookie",
    "PASETO_REFRESH_COOKIE_NAME": "refresh_token_cookie",
    "PASETO_ACCESS_COOKIE_PATH": "/",
    "PASETO_REFRESH_COOKIE_PATH": "/",
    "PASETO_COOKIE_DOMAIN": None,
    "PASETO_COOKIE_SECURE": True,
    "PASETO_COOKIE_SAMESITE": "Lax",
    "PASETO_SESSION_COOKIE": False,
    "PASETO_COOKIE_CSRF_PROTECT": True,
    "PASETO_CSRF_METHODS": ("POST", "PUT", "PATCH", "DELETE"),
    "PASETO_CSRF_HEADER_NAME": "X-CSRF-Token",
    "PASETO_ACCESS_CSRF_COOKIE_NAME": "csrf_access_token",
    "PASETO_REFRESH_CSRF_COOKIE_NAME": "csrf_refresh_token",
    "PASETO_ACCESS_CSRF_COOKIE_PATH": "/",
    "PASETO_REFRESH_CSRF_COOKIE_PATH": "/",
}

# RFC 9110 "token": header names, auth schemes and method names.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# RFC 6265 cookie-name (a token) and a conservative path / domain (no separators, no controls).
_COOKIE_ATTR = re.compile(r"[\x21-\x3a\x3c-\x7e]+")
_SAMESITE = {"lax": "Lax", "strict": "Strict", "none": "None"}


def _str(config: Mapping[str, Any], key: str, pattern: re.Pattern[str] | None = None) -> str:
    value = config[key]
    if (
        not isinstance(value, str)
        or not value
        or (pattern is not None and not pattern.fullmatch(value))
    ):
        raise ConfigurationError(f"{key} must be a non-empty name, without spaces, not {value!r}")
    return value


def _bool(config: Mapping[str, Any], key: str) -> bool:
    value = config[key]
    if not isinstance(value, bool):
        raise ConfigurationError(f"{key} must be True or False, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """The adapter's validated settings for one Flask application."""

    locations: tuple[Location, ...]
    header_name: str
    header_type: str
    query_string_name: str
    json_key: str
    refresh_json_key: str
    access_cookie_name: str
    refresh_cookie_name: str
    access_cookie_path: str
    refresh_cookie_path: str
    cookie_domain: str | None
    cookie_secure: bool
    cookie_samesite: str | None
    session_cookie: bool
    csrf_protect: bool
    csrf_methods: frozenset[str]
    csrf_header_name: str
    access_csrf_cookie_name: str
    refresh_csrf_cookie_name: str
    access_csrf_cookie_path: str
    refresh_csrf_cookie_path: str

    @property
    def challenge_scheme(self) -> str:
        """The scheme named in ``WWW-Authenticate`` (RFC 6750: ``Bearer``)."""
        return self.header_type or "Bearer"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """Validate the adapter keys of ``config`` (missing ones take their defaults)."""
        merged = {key: config.get(key, default) for key, default in ADAPTER_DEFAULTS.items()}

        header_type = merged["PASETO_HEADER_TYPE"]
        if not isinstance(header_type, str) or (header_type and not _TOKEN.fullmatch(header_type)):
            raise ConfigurationError(
                f"PASETO_HEADER_TYPE must be an auth scheme such as 'Bearer' (or '' for a bare "
                f"token), not {header_type!r}"
            )

        samesite = merged["PASETO_COOKIE_SAMESITE"]
        if samesite is not None:
            if not isinstance(samesite, str) or samesite.lower() not in _SAMESITE:
                raise ConfigurationError(
                    f"PASETO_COOKIE_SAMESITE must be 'Lax', 'Strict', 'None' or None, "
                    f"not {samesite!r}"
                )
            samesite = _SAMESITE[samesite.lower()]
        secure = _bool(merged, "PASETO_COOKIE_SECURE")
        if samesite == "None" and not secure:
            raise ConfigurationError(
                "PASETO_COOKIE_SAMESITE='None' needs PASETO_COOKIE_SECURE=True (browsers drop "
                "SameSite=None cookies that are not Secure)"
            )

        domain = merged["PASETO_COOKIE_DOMAIN"]
        if domain is not None and (
            not isinstance(domain, str) or not _COOKIE_ATTR.fullmatch(domain)
        ):
            raise ConfigurationError(
                f"PASETO_COOKIE_DOMAIN must be a domain or None, not {domain!r}"
            )

        methods = merged["PASETO_CSRF_METHODS"]
        if isinstance(methods, str) or not isinstance(methods, Iterable):
            raise ConfigurationError(
                f"PASETO_CSRF_METHODS must be a list of HTTP methods, not {methods!r}"
            )
        csrf_methods: set[str] = set()
        for method in methods:
            if not isinstance(method, str) or not _TOKEN.fullmatch(method):
                raise ConfigurationError(f"PASETO_CSRF_METHODS: {method!r} is not an HTTP method")
            csrf_methods.add(method.upper())

        return cls(
            locations=parse_locations(merged["PASETO_TOKEN_LOCATION"], "PASETO_TOKEN_LOCATION"),
            header_name=_str(merged, "PASETO_HEADER_NAME", _TOKEN),
            header_type=header_type,
            query_string_name=_str(merged, "PASETO_QUERY_STRING_NAME"),
            json_key=_str(merged, "PASETO_JSON_KEY"),
            refresh_json_key=_str(merged, "PASETO_REFRESH_JSON_KEY"),
            access_cookie_name=_str(merged, "PASETO_ACCESS_COOKIE_NAME", _TOKEN),
            refresh_cookie_name=_str(merged, "PASETO_REFRESH_COOKIE_NAME", _TOKEN),
            access_cookie_path=_str(merged, "PASETO_ACCESS_COOKIE_PATH", _COOKIE_ATTR),
            refresh_cookie_path=_str(merged, "PASETO_REFRESH_COOKIE_PATH", _COOKIE_ATTR),
            cookie_domain=domain,
            cookie_secure=secure,
            cookie_samesite=samesite,
            session_cookie=_bool(merged, "PASETO_SESSION_COOKIE"),
            csrf_protect=_bool(merged, "PASETO_COOKIE_CSRF_PROTECT"),
            csrf_methods=frozenset(csrf_methods),
            csrf_header_name=_str(merged, "PASETO_CSRF_HEADER_NAME", _TOKEN),
            access_csrf_cookie_name=_str(merged, "PASETO_ACCESS_CSRF_COOKIE_NAME", _TOKEN),
            refresh_csrf_cookie_name=_str(merged, "PASETO_REFRESH_CSRF_COOKIE_NAME", _TOKEN),
            access_csrf_cookie_path=_str(merged, "PASETO_ACCESS_CSRF_COOKIE_PATH", _COOKIE_ATTR),
            refresh_csrf_cookie_path=_str(merged, "PASETO_REFRESH_CSRF_COOKIE_PATH", _COOKIE_ATTR),
        )

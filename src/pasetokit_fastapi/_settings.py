"""The adapter's own options (where tokens travel, cookies, CSRF, OpenAPI names), validated once.

:class:`AuthSettings` is a frozen pydantic model that forbids unknown fields, so a misspelt
option fails when the :class:`~pasetokit_fastapi.Auth` is built (with a did-you-mean), never on
the first request. Everything about the tokens themselves belongs to the ``TokenPolicy``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from typing_extensions import TypedDict

from pasetokit import ConfigurationError
from pasetokit.web import LOCATIONS, Location, parse_locations

__all__ = ["LOCATIONS", "AuthOptions", "AuthSettings", "Location", "parse_locations"]

SameSite = Literal["lax", "strict", "none"]

# RFC 9110 "token": header names, auth schemes and method names; cookie names too (RFC 6265).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A conservative cookie path / domain: visible ASCII without ';' (no separators, no controls).
_COOKIE_ATTR = re.compile(r"[\x21-\x3a\x3c-\x7e]+")
# An OpenAPI component name.
_COMPONENT = re.compile(r"[A-Za-z0-9._-]+")


def _check(pattern: re.Pattern[str], value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise ValueError(f"{what} must be a non-empty name without spaces, not {value!r}")
    return value


class AuthSettings(BaseModel):
    """Options of one :class:`~pasetokit_fastapi.Auth` (defaults are the safe ones)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    token_locations: tuple[Location, ...] = ("headers",)
    header_name: str = "Authorization"
    header_type: str = "Bearer"  # "" for a bare token in the header
    query_string_name: str = "token"
    json_key: str = "access_token"
    refresh_json_key: str = "refresh_token"
    access_cookie_name: str = "access_token_cookie"
    refresh_cookie_name: str = "refresh_token_cookie"
    access_cookie_path: str = "/"
    refresh_cookie_path: str = "/"
    cookie_domain: str | None = None
    cookie_secure: bool = True  # False only for local development over plain HTTP
    cookie_samesite: SameSite = "lax"
    session_cookie: bool = False  # True: no Max-Age, the cookie dies with the browser session
    csrf_protect: bool = True
    csrf_methods: frozenset[str] = frozenset({"POST", "PUT", "PATCH", "DELETE"})
    csrf_header_name: str = "X-CSRF-Token"
    access_csrf_cookie_name: str = "csrf_access_token"
    refresh_csrf_cookie_name: str = "csrf_refresh_token"
    access_csrf_cookie_path: str = "/"
    refresh_csrf_cookie_path: str = "/"
    scheme_prefix: str = "Paseto"  # OpenAPI security scheme names: PasetoBearer, PasetoCookie...

    @field_validator("token_locations", mode="before")
    @classmethod
    def _locations(cls, value: object) -> tuple[Location, ...]:
        try:
            return parse_locations(value, "token_locations")
        except ConfigurationError as exc:
            raise ValueError(exc.message) from None

    @field_validator(
        "header_name",
        "access_cookie_name",
        "refresh_cookie_name",
        "csrf_header_name",
        "access_csrf_cookie_name",
        "refresh_csrf_cookie_name",
    )
    @classmethod
    def _token_names(cls, value: str) -> str:
        return _check(_TOKEN, value, "the name")

    @field_validator("header_type")
    @classmethod
    def _scheme(cls, value: str) -> str:
        if value and not _TOKEN.fullmatch(value):
            raise ValueError(f"must be an auth scheme such as 'Bearer' (or ''), not {value!r}")
        return value

    @field_validator("query_string_name", "json_key", "refresh_json_key")
    @classmethod
    def _keys(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator(
        "access_cookie_path",
        "refresh_cookie_path",
        "access_csrf_cookie_path",
        "refresh_csrf_cookie_path",
    )
    @classmethod
    def _paths(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError(f"a cookie path starts with '/', not {value!r}")
        return _check(_COOKIE_ATTR, value, "a cookie path")

    @field_validator("cookie_domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        return None if value is None else _check(_COOKIE_ATTR, value, "cookie_domain")

    @field_validator("cookie_samesite", mode="before")
    @classmethod
    def _samesite(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("csrf_methods", mode="before")
    @classmethod
    def _methods(cls, value: object) -> frozenset[str]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValueError(f"must be a list of HTTP methods, not {value!r}")
        methods = set()
        for method in value:
            if not isinstance(method, str) or not _TOKEN.fullmatch(method):
                raise ValueError(f"{method!r} is not an HTTP method")
            methods.add(method.upper())
        return frozenset(methods)

    @field_validator("scheme_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return _check(_COMPONENT, value, "scheme_prefix")

    @model_validator(mode="after")
    def _consistent(self) -> AuthSettings:
        if self.cookie_samesite == "none" and not self.cookie_secure:
            raise ValueError(
                "cookie_samesite='none' needs cookie_secure=True (browsers drop SameSite=None "
                "cookies that are not Secure)"
            )
        return self

    @classmethod
    def build(cls, options: dict[str, Any]) -> AuthSettings:
        """Validate ``options``; any problem is a :class:`pasetokit.ConfigurationError`."""
        try:
            return cls.model_validate(options)
        except ValidationError as exc:
            raise ConfigurationError(_explain(exc)) from None


def _explain(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"]) or "settings"
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(name, AuthSettings.model_fields, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"unknown option {name!r}{hint}")
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
    return "invalid Auth options: " + "; ".join(problems)


class AuthOptions(TypedDict, total=False):
    """The keyword options of ``Auth(policy, **options)`` (the fields of :class:`AuthSettings`),
    for type checkers."""

    token_locations: str | Iterable[Location]
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
    cookie_samesite: SameSite | Literal["Lax", "Strict", "None"]
    session_cookie: bool
    csrf_protect: bool
    csrf_methods: Iterable[str]
    csrf_header_name: str
    access_csrf_cookie_name: str
    refresh_csrf_cookie_name: str
    access_csrf_cookie_path: str
    refresh_csrf_cookie_path: str
    scheme_prefix: str

"""Every option of a web adapter, validated once: :class:`WebSettings`.

A frozen, slotted, keyword-only dataclass (like ``ClaimRules``): a bad value raises
:class:`pasetokit.ConfigurationError` when the settings are built, never on a request.
:meth:`WebSettings.from_options` is the one entry point for an adapter's own configuration
style: it takes the options under the adapter's names (FastAPI keywords, Flask ``PASETO_*``
keys) through a name table, refuses an unknown name with a did-you-mean, and reports every
problem under the name the user wrote. Nothing about the tokens themselves is here: that is
the ``TokenPolicy``'s.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Literal

from pasetokit import ConfigurationError, TokenError

__all__ = [
    "LOCATIONS",
    "Location",
    "SameSite",
    "WebSettings",
    "known_codes",
    "parse_locations",
]

Location = Literal["headers", "cookies", "query_string", "json"]
LOCATIONS: tuple[Location, ...] = ("headers", "cookies", "query_string", "json")
SameSite = Literal["Lax", "Strict", "None"]

# RFC 9110 "token": header names, auth schemes, method names; cookie names too (RFC 6265).
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# A conservative cookie path / domain: visible ASCII without ';' (no separators, no controls).
_COOKIE_ATTR = re.compile(r"[\x21-\x3a\x3c-\x7e]+")
# An OpenAPI component name.
_COMPONENT = re.compile(r"[A-Za-z0-9._-]+")
# RFC 6454 serialised origin: scheme "://" host [ ":" port ], nothing else.
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[a-z0-9.\-\[\]:]+")
_SAMESITE: dict[str, SameSite] = {"lax": "Lax", "strict": "Strict", "none": "None"}


def parse_locations(value: object, what: str) -> tuple[Location, ...]:
    """``"headers"``, ``"headers, cookies"`` or a sequence of location names, in order.

    ``what`` names the setting in error messages (``token_locations``, ``PASETO_TOKEN_LOCATION``).
    """
    items: Iterable[object]
    if isinstance(value, str):
        items = [part for part in re.split(r"[\s,]+", value) if part]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise ConfigurationError(f"{what} must be a string or a list of locations, not {value!r}")
    result: list[Location] = []
    for item in items:
        if item not in LOCATIONS:
            raise ConfigurationError(
                f"{what}: unknown token location {item!r}; choose from {', '.join(LOCATIONS)}"
            )
        if item in result:
            raise ConfigurationError(f"{what}: location {item!r} is listed twice")
        result.append(item)
    if not result:
        raise ConfigurationError(f"{what} must name at least one location")
    return tuple(result)


def known_codes() -> frozenset[str]:
    """Every ``code`` a token error can carry (adapters' own subclasses included)."""
    codes, todo = set(), [TokenError]
    while todo:
        cls = todo.pop()
        codes.add(cls.code)
        todo.extend(cls.__subclasses__())
    return frozenset(codes)


# --- one normaliser per kind of value: (value, the name the user wrote) -> the value ----------


def _name(pattern: re.Pattern[str]) -> Callable[[object, str], object]:
    def check(value: object, what: str) -> object:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ConfigurationError(
                f"{what} must be a non-empty name without spaces, not {value!r}"
            )
        return value

    return check


def _key(value: object, what: str) -> object:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _flag(value: object, what: str) -> object:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{what} must be True or False, not {value!r}")
    return value


def _scheme(value: object, what: str) -> object:
    if not isinstance(value, str) or (value and not _TOKEN.fullmatch(value)):
        raise ConfigurationError(
            f"{what} must be an auth scheme such as 'Bearer' (or '' for a bare token), "
            f"not {value!r}"
        )
    return value


def _path(value: object, what: str) -> object:
    if not isinstance(value, str) or not value.startswith("/"):
        raise ConfigurationError(f"{what}: a cookie path starts with '/', not {value!r}")
    return _name(_COOKIE_ATTR)(value, what)


def _domain(value: object, what: str) -> object:
    if value is not None and (not isinstance(value, str) or not _COOKIE_ATTR.fullmatch(value)):
        raise ConfigurationError(f"{what} must be a domain or None, not {value!r}")
    return value


def _samesite(value: object, what: str) -> object:
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in _SAMESITE:
        raise ConfigurationError(f"{what} must be 'Lax', 'Strict', 'None' or None, not {value!r}")
    return _SAMESITE[value.lower()]


def _methods(value: object, what: str) -> object:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError(f"{what} must be a list of HTTP methods, not {value!r}")
    methods = set()
    for method in value:
        if not isinstance(method, str) or not _TOKEN.fullmatch(method):
            raise ConfigurationError(f"{what}: {method!r} is not an HTTP method")
        methods.add(method.upper())
    return frozenset(methods)


def _origins(value: object, what: str) -> object:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError(f"{what} must be a list of origins, not {value!r}")
    origins = []
    for origin in value:
        if not isinstance(origin, str) or not _ORIGIN.fullmatch(origin.lower().rstrip("/")):
            raise ConfigurationError(
                f"{what}: {origin!r} is not an origin such as 'https://app.example.com'"
            )
        origins.append(origin.lower().rstrip("/"))
    return tuple(dict.fromkeys(origins))


def _status_codes(value: object, what: str) -> object:
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"{what} must map error codes to HTTP statuses, not {value!r}")
    codes = known_codes()
    for code, status in value.items():
        if code not in codes:
            raise ConfigurationError(
                f"{what}: unknown error code {code!r}; known: {', '.join(sorted(codes))}"
            )
        if type(status) is not int or not 400 <= status <= 599:
            raise ConfigurationError(f"{what}[{code!r}] must be a 4xx/5xx int, not {status!r}")
    return MappingProxyType(dict(value))


def _window(value: object, what: str) -> object:
    """``None`` (off) or a positive duration: a ``timedelta``, seconds, or a string of digits
    (seconds, as an environment variable holds them)."""
    if value is None or isinstance(value, timedelta):
        seconds = None if value is None else value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip(), re.ASCII):
        seconds = float(value.strip())
    else:
        raise ConfigurationError(f"{what} must be a timedelta, seconds or None, not {value!r}")
    if seconds is None:
        return None
    if not (seconds > 0 and math.isfinite(seconds)):
        raise ConfigurationError(f"{what} must be a positive duration, not {value!r}")
    return timedelta(seconds=seconds)


def _component(value: object, what: str) -> object:
    return _name(_COMPONENT)(value, what)


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """The options of one adapter instance (defaults are the safe ones)."""

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
    cookie_samesite: SameSite | None = "Lax"
    session_cookie: bool = False  # True: no Max-Age, the cookie dies with the browser session
    csrf_protect: bool = True
    csrf_methods: frozenset[str] = frozenset({"POST", "PUT", "PATCH", "DELETE"})
    csrf_header_name: str = "X-CSRF-Token"
    access_csrf_cookie_name: str = "csrf_access_token"
    refresh_csrf_cookie_name: str = "csrf_refresh_token"
    access_csrf_cookie_path: str = "/"
    refresh_csrf_cookie_path: str = "/"
    # WebSocket handshakes authenticated by a cookie need an allowed Origin: the request's own
    # origin always, plus these (e.g. "https://app.example.com").
    websocket_origins: tuple[str, ...] = ()
    # Implicit refresh of cookie sessions: an access cookie with at most this long left is
    # re-issued on a successful response (pasetokit.web.implicit_refresh). None: off.
    implicit_refresh: timedelta | None = None
    status_codes: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    scheme_prefix: str = "Paseto"  # OpenAPI security scheme names: PasetoBearer, PasetoCookie...

    def __post_init__(self) -> None:
        self._normalise({name: name for name in _FIELDS})

    def _normalise(self, label: Mapping[str, str]) -> None:
        for name, check in _FIELDS.items():
            object.__setattr__(self, name, check(getattr(self, name), label[name]))
        if self.cookie_samesite == "None" and not self.cookie_secure:
            raise ConfigurationError(
                f"{label['cookie_samesite']}='None' needs {label['cookie_secure']}=True "
                "(browsers drop SameSite=None cookies that are not Secure)"
            )
        if self.implicit_refresh is not None and "cookies" not in self.token_locations:
            raise ConfigurationError(
                f"{label['implicit_refresh']} re-issues access cookies, but "
                f"{label['token_locations']} does not include 'cookies'"
            )

    @classmethod
    def from_options(
        cls, options: Mapping[str, object], *, names: Mapping[str, str] | None = None
    ) -> WebSettings:
        """Settings from ``options`` spelt the adapter's way: ``names`` maps each name the
        adapter accepts to a field (default: the field names themselves). A name outside the
        table is refused with a did-you-mean; problems are reported under the adapter's
        names."""
        table = dict(names) if names is not None else {name: name for name in _FIELDS}
        label = {name: name for name in _FIELDS} | {field: key for key, field in table.items()}
        values: dict[str, object] = {}
        for key, value in options.items():
            target = table.get(key)
            if target is None:
                close = difflib.get_close_matches(str(key), list(table), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ConfigurationError(f"unknown option {key!r}{hint}")
            values[target] = value
        settings = object.__new__(cls)
        for name in _FIELDS:
            default = _DEFAULTS[name]
            object.__setattr__(settings, name, values.get(name, default))
        settings._normalise(label)
        return settings

    def replace(self, **changes: object) -> WebSettings:
        """A copy with ``changes`` (validated)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def challenge_scheme(self) -> str:
        """The scheme named in ``WWW-Authenticate`` (RFC 6750: ``Bearer``)."""
        return self.header_type or "Bearer"

    def cookie_name(self, refresh: bool) -> str:
        """The name of the cookie that carries the refresh (``True``) or access token."""
        return self.refresh_cookie_name if refresh else self.access_cookie_name

    def csrf_cookie_name(self, refresh: bool) -> str:
        """The name of the double-submit CSRF cookie that goes with the refresh or access cookie."""
        return self.refresh_csrf_cookie_name if refresh else self.access_csrf_cookie_name

    def json_key_for(self, refresh: bool) -> str:
        """The JSON body key that carries the refresh (``True``) or access token."""
        return self.refresh_json_key if refresh else self.json_key


_FIELDS: dict[str, Callable[[object, str], object]] = {
    "token_locations": parse_locations,
    "header_name": _name(_TOKEN),
    "header_type": _scheme,
    "query_string_name": _key,
    "json_key": _key,
    "refresh_json_key": _key,
    "access_cookie_name": _name(_TOKEN),
    "refresh_cookie_name": _name(_TOKEN),
    "access_cookie_path": _path,
    "refresh_cookie_path": _path,
    "cookie_domain": _domain,
    "cookie_secure": _flag,
    "cookie_samesite": _samesite,
    "session_cookie": _flag,
    "csrf_protect": _flag,
    "csrf_methods": _methods,
    "csrf_header_name": _name(_TOKEN),
    "access_csrf_cookie_name": _name(_TOKEN),
    "refresh_csrf_cookie_name": _name(_TOKEN),
    "access_csrf_cookie_path": _path,
    "refresh_csrf_cookie_path": _path,
    "websocket_origins": _origins,
    "implicit_refresh": _window,
    "status_codes": _status_codes,
    "scheme_prefix": _component,
}


def _default(f: dataclasses.Field[object]) -> object:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


_DEFAULTS: dict[str, object] = {f.name: _default(f) for f in dataclasses.fields(WebSettings)}

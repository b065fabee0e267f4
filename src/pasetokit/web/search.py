"""Finding the token in a request, with one set of rules for every adapter.

An adapter hands over a :class:`RequestView` (method, raw header field lines, the raw query
string, the body when it is JSON); everything else is decided here, so both adapters read the
same request the same way:

- The locations are searched in order; the first that holds a token wins. A location that holds
  nothing is skipped; one that holds something unusable raises ``MalformedTokenError``, so the
  client hears that its token was seen and refused.
- A credential sent ambiguously is refused (``MalformedTokenError``): several ``Authorization``
  field lines (servers join them with commas, RFC 9110 section 5.3, so a comma means several),
  a repeated query parameter, a repeated cookie name, a JSON key given twice. Frameworks pick
  different copies (Starlette the last cookie, werkzeug the first); a proxy may have checked
  yet another.
- Optional whitespace (SP / HTAB) around a field value is not part of it (RFC 9110 section
  5.5), for the ``Authorization`` header and the CSRF header alike. The scheme is compared
  case-insensitively (RFC 9110 section 11.1); another scheme (``Basic ...``) is no bearer token
  at all: that location is empty. The credential must be an RFC 9110 ``token68``.
- A cookie on an unsafe method needs the CSRF header (double submit, compared in constant time
  by the policy); a cookie on a WebSocket handshake needs an allowed ``Origin`` (browsers send
  cookies on cross-site WebSocket handshakes, and no CSRF header can be added to one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol
from urllib.parse import parse_qsl, urlsplit

from pasetokit import CSRFError, MalformedTokenError, MissingTokenError

from .settings import Location, WebSettings

__all__ = [
    "Found",
    "RequestView",
    "check_csrf_header",
    "field_value",
    "find_token",
    "missing_token",
    "needs_json_body",
    "plain_credential",
]

_OWS = " \t"
# RFC 9110 section 11.2 token68 (PASETO tokens are base64url parts joined by dots).
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_SCHEME_SPLIT = re.compile(r"[ \t]+")
# The common case in one match: a scheme, 1*(SP / HTAB), a token68, nothing else.
_ONE_CREDENTIAL = re.compile(r"([^ \t,]+)[ \t]+([A-Za-z0-9\-._~+/]+=*)")
_TOKEN68_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"
_JSON_MEDIA = re.compile(r"application/(?:[\w.+-]+\+)?json", re.ASCII)


class RequestView(Protocol):
    """What the token search reads from a request; each adapter wraps its own request object.

    Header names are matched case-insensitively; values are the field lines as received
    (latin-1 text, as ASGI and WSGI both give them), one item per line.
    """

    @property
    def method(self) -> str:
        """The request method (``"GET"``, ``"POST"`` ...): decides whether CSRF is checked."""
        ...

    @property
    def websocket(self) -> bool:
        """Whether this is a WebSocket handshake (a cookie then needs an allowed ``Origin``)."""
        ...

    def header_values(self, name: str) -> Sequence[str]:
        """Every field line of header ``name`` (case-insensitive), in order; empty when absent."""
        ...

    @property
    def query_string(self) -> str:
        """The raw query string, without the ``?`` (percent-encoded, as received)."""
        ...

    def body(self) -> bytes:
        """The request body, in full; read only for the ``json`` location on a JSON request."""
        ...


class Found(NamedTuple):
    """A token the search found: its text, the ``location`` it came from, and whether the CSRF
    header must match (a cookie-borne token on a method in ``csrf_methods``).
    """

    token: str
    location: Location
    csrf_required: bool  # a cookie on an unsafe method: the CSRF header must match


def field_value(view: RequestView, name: str) -> str | None:
    """Every field line of ``name`` joined as RFC 9110 section 5.3 says (a comma), without
    the optional whitespace around it (section 5.5); ``None`` when the field is absent."""
    lines = view.header_values(name)
    if not lines:
        return None
    return ",".join(lines).strip(_OWS)


def _scheme_sp_token68(value: str) -> tuple[str, str] | None:
    """``(scheme, credential)`` when ``value`` is ``scheme SP token68`` with one space, the
    shape nearly every client sends: what ``_ONE_CREDENTIAL`` would match, decided with str
    and bytes methods (a regex scan costs ~40 instructions per character of the token, a
    byte-table ``translate`` a few). ``None``: anything else, left to the general rules."""
    scheme, _, credential = value.partition(" ")
    if not scheme or "\t" in scheme or "," in scheme or not credential.isascii():
        return None
    chars = credential.rstrip("=")
    if not chars or chars.encode("ascii").translate(None, _TOKEN68_CHARS):
        return None
    return scheme, credential


def _from_header(settings: WebSettings, view: RequestView) -> str | None:
    lines = view.header_values(settings.header_name)
    if not lines:
        return None
    # field_value's rule, without its call on the hot path: one line needs no join
    value = (lines[0] if len(lines) == 1 else ",".join(lines)).strip(_OWS)
    scheme = settings.header_type.lower()
    fast = _scheme_sp_token68(value) if scheme else None
    if fast is not None:
        return fast[1] if fast[0].lower() == scheme else None
    one = _ONE_CREDENTIAL.fullmatch(value) if scheme else None
    if one is not None:  # fast path; anything else is decided below
        given, token = one.groups()
        return token if given.lower() == scheme else None
    if "," in value:
        members = [member.strip(_OWS) for member in value.split(",")]
        if not scheme or any(
            _SCHEME_SPLIT.split(member, maxsplit=1)[0].lower() == scheme for member in members
        ):
            raise MalformedTokenError(
                f"malformed {settings.header_name} header: several credentials were sent "
                f"(more than one header, or a comma); send one '{_expected(settings)}'"
            )
        return None  # parameters of another scheme (Digest ...): no bearer token here
    if scheme:
        given, *rest = _SCHEME_SPLIT.split(value, maxsplit=1)
        if given.lower() != scheme:
            return None  # another scheme (Basic ...) is no bearer token at all
        value = rest[0] if rest else ""
    if not _TOKEN68.fullmatch(value):
        raise MalformedTokenError(
            f"malformed {settings.header_name} header: expected '{_expected(settings)}'"
        )
    return value


def plain_credential(view: RequestView, name: str, scheme: str) -> str | None:
    """The credential of a header that is exactly ``<scheme> SP <credential>`` (one field line,
    the scheme in any case, no SP / HTAB / comma in the credential), *not yet checked to be a
    token68*; ``None`` for anything else. A cheap first look for :class:`Gate`, which lets the
    strict search decide whenever the policy refuses what this returned."""
    lines = view.header_values(name)
    if len(lines) != 1:
        return None
    given, _, credential = lines[0].strip(_OWS).partition(" ")
    if (
        not credential
        or given.lower() != scheme
        or " " in credential
        or "\t" in credential
        or "," in credential
    ):
        return None
    return credential


def _expected(settings: WebSettings) -> str:
    return f"{settings.header_type} <token>" if settings.header_type else "<token>"


def _cookie(view: RequestView, name: str) -> str | None:
    found: list[str] = []
    for line in view.header_values("cookie"):
        for pair in line.split(";"):
            key, eq, value = pair.partition("=")
            if eq and key.strip(_OWS) == name:
                value = value.strip(_OWS)
                if len(value) >= 2 and value[0] == value[-1] == '"':  # RFC 6265 DQUOTE form
                    value = value[1:-1]
                found.append(value)
    if len(found) > 1:
        raise MalformedTokenError(f"cookie '{name}' was sent more than once")
    return found[0] if found and found[0] else None


def _query(view: RequestView, name: str) -> str | None:
    values = [v for k, v in parse_qsl(view.query_string, keep_blank_values=True) if k == name]
    if len(values) > 1:
        raise MalformedTokenError(f"query parameter '{name}' was sent more than once")
    return values[0] if values and values[0] else None


class _Repeated(Exception):
    pass


def _json(view: RequestView, key: str) -> str | None:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items) and sum(1 for k, _ in items if k == key) > 1:
            raise _Repeated
        return result

    try:
        data = json.loads(view.body(), object_pairs_hook=pairs)
    except _Repeated:
        raise MalformedTokenError(f"JSON body key '{key}' was sent more than once") from None
    except (ValueError, RecursionError):  # not JSON (or absurdly nested): no token in it
        return None
    if not isinstance(data, dict):
        return None
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedTokenError(f"JSON body key '{key}' must hold the token as a string")
    return value


def needs_json_body(view: RequestView, locations: Sequence[Location]) -> bool:
    """Whether the search may read the body: the ``json`` location on a JSON request."""
    if "json" not in locations or view.websocket:
        return False
    media = (field_value(view, "content-type") or "").partition(";")[0].strip(_OWS)
    return _JSON_MEDIA.fullmatch(media.lower()) is not None


def _netloc(origin: str) -> str | None:
    """The ``host[:port]`` of an Origin, or ``None`` when it is no URL (e.g. ``http://[``):
    a malformed Origin is simply not an allowed one."""
    try:
        return urlsplit(origin).netloc
    except ValueError:
        return None


def _check_origin(settings: WebSettings, view: RequestView) -> None:
    """A cookie-authenticated WebSocket handshake must come from an allowed origin."""
    origin = (field_value(view, "origin") or "").lower().rstrip("/")
    if origin in settings.websocket_origins:
        return
    host = (field_value(view, "host") or "").lower()
    # The opaque origin "null" (sandboxed frames, file: pages) has no netloc, so it can never
    # equal a Host: no separate test for it is needed (test_rules_web_http pins the refusal).
    if origin and host and _netloc(origin) == host:
        return
    raise CSRFError(
        f"cross-site WebSocket handshake refused: a cookie-authenticated WebSocket needs an "
        f"allowed Origin (the server's own, or one in websocket_origins), not {origin or 'none'!r}"
    )


def find_token(
    settings: WebSettings, view: RequestView, locations: Sequence[Location], *, refresh: bool
) -> Found | None:
    """The first token found in ``locations`` (in that order), or ``None``."""
    for location in locations:
        if location == "headers":
            token = _from_header(settings, view)
            if token is not None:
                return Found(token, location, False)
        elif location == "cookies":
            token = _cookie(view, settings.cookie_name(refresh))
            if token is not None:
                if view.websocket:
                    _check_origin(settings, view)
                    return Found(token, location, False)
                unsafe = settings.csrf_protect and view.method.upper() in settings.csrf_methods
                return Found(token, location, unsafe)
        elif location == "query_string":
            token = _query(view, settings.query_string_name)
            if token is not None:
                return Found(token, location, False)
        elif needs_json_body(view, locations):
            token = _json(view, settings.json_key_for(refresh))
            if token is not None:
                return Found(token, location, False)
    return None


def check_csrf_header(settings: WebSettings, view: RequestView, *, refresh: bool) -> str:
    """The CSRF header's value (without optional whitespace); ``CSRFError`` when missing. The
    comparison with the token's value is the policy's (``check_csrf``, constant time)."""
    presented = field_value(view, settings.csrf_header_name)
    if not presented:
        raise CSRFError(
            f"missing CSRF header '{settings.csrf_header_name}': a {view.method.upper()} "
            f"request authenticated by a cookie must repeat the "
            f"'{settings.csrf_cookie_name(refresh)}' cookie's value in it"
        )
    return presented


def missing_token(
    settings: WebSettings, locations: Sequence[Location], *, refresh: bool
) -> MissingTokenError:
    """A ``MissingTokenError`` that says where a token was expected."""
    kind = "refresh" if refresh else "access"
    places = []
    for location in locations:
        if location == "headers":
            scheme = f"{settings.header_type} " if settings.header_type else ""
            places.append(f"the {settings.header_name} header ('{scheme}<token>')")
        elif location == "cookies":
            places.append(f"cookie '{settings.cookie_name(refresh)}'")
        elif location == "query_string":
            places.append(f"query parameter '{settings.query_string_name}'")
        else:
            places.append(f"JSON body key '{settings.json_key_for(refresh)}'")
    return MissingTokenError(f"missing {kind} token: send it in " + " or ".join(places))

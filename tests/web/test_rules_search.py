"""``pasetokit.web.search`` rules at their boundaries: the cheap first look at the header
(:func:`plain_credential`) and what the strict search then decides, the ``Authorization``
header's scheme, whitespace and comma rules, cookies, query parameters, the JSON body, the
WebSocket ``Origin`` check and the CSRF header. Each refusal pins the class and ``code``."""

from __future__ import annotations

import dataclasses

import pytest

from pasetokit import CSRFError, MalformedTokenError, MissingTokenError
from pasetokit.web import (
    Gate,
    Location,
    Requirement,
    WebSettings,
    check_csrf_header,
    field_value,
    find_token,
    missing_token,
    needs_json_body,
    plain_credential,
)

from policy_support import FakeClock, make_policy

ALL = WebSettings(token_locations=("headers", "cookies", "query_string", "json"))
HEADERS: tuple[Location, ...] = ("headers",)


@dataclasses.dataclass
class _View:
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    query_string: str = ""
    raw_body: bytes = b""
    method: str = "GET"
    websocket: bool = False

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def body(self) -> bytes:
        return self.raw_body


def _auth(*values: str) -> _View:
    return _View([("Authorization", v) for v in values])


def _refused(settings: WebSettings, view: _View, locations: tuple[Location, ...] = HEADERS) -> None:
    with pytest.raises(MalformedTokenError) as info:
        find_token(settings, view, locations, refresh=False)
    assert type(info.value) is MalformedTokenError
    assert info.value.code == "malformed_token"


def _header(settings: WebSettings, *values: str) -> str | None:
    found = find_token(settings, _auth(*values), HEADERS, refresh=False)
    return None if found is None else found.token


# --- plain_credential: exactly "<scheme> SP <credential>", one line, nothing decided beyond -------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Bearer abc"], "abc"),
        (["bEARER abc"], "abc"),  # the scheme in any case
        ([" \tBearer abc\t "], "abc"),  # optional whitespace around the field value
        (["Bearer abc\x0c"], "abc\x0c"),  # only SP / HTAB are OWS: the strict search decides
        (["Bearer a=b"], "a=b"),  # not yet checked to be a token68
        (["Bearer"], None),
        (["Bearer "], None),
        (["Bearer  abc"], None),
        (["Bearer a b"], None),
        (["Bearer a\tb"], None),
        (["Bearer a,b"], None),
        (["Basic abc"], None),
        (["Bearer abc", "Bearer abc"], None),  # several field lines
        ([], None),
    ],
)
def test_plain_credential(lines: list[str], expected: str | None) -> None:
    assert plain_credential(_auth(*lines), "authorization", "bearer") == expected


def test_the_gate_lets_the_strict_search_refuse_what_the_first_look_took() -> None:
    # "Bearer <token>\f": the first look takes "<token>\f", the policy refuses it, and the
    # strict search's verdict (a malformed header) is the answer, not the policy's.
    policy = make_policy(FakeClock())
    token = policy.create_access_token("u")
    gate = Gate(policy, WebSettings())
    verified = gate.verify(_auth(f"Bearer {token}"), Requirement())
    assert verified is not None
    assert verified.claims["sub"] == "u"
    for odd in ("\x0c", "\x0b", "\r", "\x85", "\xa0"):
        with pytest.raises(MalformedTokenError) as info:
            gate.verify(_auth(f"Bearer {token}{odd}"), Requirement())
        assert type(info.value) is MalformedTokenError
        assert info.value.code == "malformed_token"


# --- field values: the lines joined by a comma, only SP / HTAB stripped ---------------------------


def test_field_value() -> None:
    view = _View([("X-A", " \ta\t "), ("X-B", "a"), ("x-b", "b"), ("X-C", "c\x0c"), ("X-D", "")])
    assert field_value(view, "x-a") == "a"
    assert field_value(view, "x-b") == "a,b"
    assert field_value(view, "x-c") == "c\x0c"
    assert field_value(view, "x-d") == ""
    assert field_value(view, "x-e") is None


def test_the_csrf_header_keeps_what_is_not_ows() -> None:
    post = [("X-CSRF-Token", "\tabc \x0c ")]
    assert check_csrf_header(ALL, _View(post, method="POST"), refresh=False) == "abc \x0c"
    for headers in ([], [("X-CSRF-Token", " \t ")]):
        with pytest.raises(CSRFError) as info:
            check_csrf_header(ALL, _View(headers, method="POST"), refresh=True)
        assert type(info.value) is CSRFError
        assert info.value.code == "csrf_failed"


# --- the Authorization header ---------------------------------------------------------------------


def test_the_header_fast_path_keeps_what_the_general_rule_takes() -> None:
    from pasetokit.web.search import _scheme_sp_token68

    assert _scheme_sp_token68("Bearer XX=") == ("Bearer", "XX=")
    assert _scheme_sp_token68("Bearer X") == ("Bearer", "X")
    assert _scheme_sp_token68("B,earer X") is None


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\r", "\n", "\x1c", "\x85", "\xa0"])
def test_only_sp_and_htab_are_optional_whitespace_in_the_header(odd: str) -> None:
    _refused(ALL, _auth(f"Bearer tok{odd}"))
    assert _header(ALL, f"{odd}Bearer tok") is None  # the scheme is "<odd>Bearer": not ours
    assert _header(ALL, f"Bearer{odd}tok") is None
    assert _header(ALL, " \tBearer tok \t") == "tok"
    assert _header(ALL, "Bearer \t tok") == "tok"  # 1*(SP / HTAB) between scheme and token


def test_the_header_scheme_and_token68() -> None:
    assert _header(ALL, "bearer tok") == "tok"
    assert _header(ALL, "BEARER\ttok==") == "tok=="
    assert _header(ALL, "Basic dXNlcjpwYXNz") is None  # another scheme: no bearer token
    assert _header(ALL, "Basic\tdXNlcjpwYXNz") is None
    assert _header(ALL, "Basic  dXNlcjpwYXNz") is None
    assert _header(ALL, "Basic") is None
    assert _header(ALL) is None
    for value in ("Bearer", "Bearer ", "Bearer a=b", "Bearer =", "Bearer a b", "Bearer é"):
        _refused(ALL, _auth(value))
    paseto = ALL.replace(header_type="PASETO")
    assert _header(paseto, "paseto tok") == "tok"
    assert _header(paseto, "Bearer tok") is None


@pytest.mark.parametrize(
    "values",
    [
        ("Bearer a, Bearer b",),
        ("Bearer a", "Bearer b"),
        ("Basic x", "Bearer b"),
        ("Bearer a,",),
        ("Digest a=1, bearer b",),
        ("Bearer a, Basic x",),
        ("Digest a=1, \tBearer",),  # OWS around a member is not part of it
    ],
)
def test_several_credentials_are_refused(values: tuple[str, ...]) -> None:
    _refused(ALL, _auth(*values))


def test_parameters_of_another_scheme_are_no_bearer_token() -> None:
    assert _header(ALL, 'Digest username="u", realm="r"') is None
    assert _header(ALL, "Basic a", "Digest b") is None
    assert _header(ALL, "Digest a=1,\x0cBearer b") is None  # "\x0cBearer" is no scheme of ours


def test_bare_token_header() -> None:
    bare = ALL.replace(header_type="")
    assert _header(bare, "\tv4.local.abc ") == "v4.local.abc"
    assert _header(bare, "tok==") == "tok=="
    for values in (("a b",), ("a,b",), ("a", "b"), ("Bearer tok",), ("a\x0c",)):
        _refused(bare, _auth(*values))


# --- cookies --------------------------------------------------------------------------------------


def _cookie(*lines: str, refresh: bool = False) -> str | None:
    view = _View([("Cookie", line) for line in lines])
    found = find_token(ALL, view, ("cookies",), refresh=refresh)
    return None if found is None else found.token


def test_cookie_values() -> None:
    assert _cookie("a=1; access_token_cookie=tok; b=2") == "tok"
    assert _cookie("a=1", "access_token_cookie=tok") == "tok"  # several Cookie lines
    assert _cookie(" \taccess_token_cookie \t= \ttok\t ") == "tok"
    assert _cookie("access_token_cookie=ab=c==") == "ab=c=="  # the first "=" splits
    assert _cookie('access_token_cookie="tok"') == "tok"  # RFC 6265 DQUOTE form
    assert _cookie('access_token_cookie="t"') == "t"
    assert _cookie('access_token_cookie=""') is None  # a quoted empty value is no token
    assert _cookie('access_token_cookie="') == '"'
    assert _cookie("access_token_cookie=") is None
    assert _cookie("access_token_cookie") is None  # no "=": no cookie of that name
    assert _cookie("access_token_cookie=tok\x0c") == "tok\x0c"  # the policy refuses it
    assert _cookie("\x0caccess_token_cookie=tok") is None
    assert _cookie("Access_Token_Cookie=tok") is None  # cookie names are case-sensitive
    assert _cookie("access_token_cookie=a; refresh_token_cookie=r", refresh=True) == "r"


@pytest.mark.parametrize(
    "lines",
    [
        ("access_token_cookie=a; access_token_cookie=b",),
        ("access_token_cookie=a", "access_token_cookie=a"),
        ("access_token_cookie=a; access_token_cookie=",),
    ],
)
def test_a_repeated_cookie_is_refused(lines: tuple[str, ...]) -> None:
    _refused(ALL, _View([("Cookie", line) for line in lines]), ("cookies",))


def test_csrf_is_required_on_unsafe_methods_only() -> None:
    cookie = [("Cookie", "access_token_cookie=tok")]
    for method, required in (("GET", False), ("post", True), ("PUT", True), ("OPTIONS", False)):
        found = find_token(ALL, _View(cookie, method=method), ("cookies",), refresh=False)
        assert found == ("tok", "cookies", required)
    off = ALL.replace(csrf_protect=False)
    found = find_token(off, _View(cookie, method="POST"), ("cookies",), refresh=False)
    assert found == ("tok", "cookies", False)
    mine = ALL.replace(csrf_methods=frozenset({"GET"}))
    found = find_token(mine, _View(cookie, method="get"), ("cookies",), refresh=False)
    assert found == ("tok", "cookies", True)


# --- query parameters -----------------------------------------------------------------------------


def _query(query: str) -> str | None:
    found = find_token(ALL, _View(query_string=query), ("query_string",), refresh=False)
    return None if found is None else found.token


def test_query_parameters() -> None:
    assert _query("a=1&token=tok&b=2") == "tok"
    assert _query("token=a%2Bb") == "a+b"
    assert _query("token=") is None
    assert _query("token") is None
    assert _query("tokens=x") is None
    for query in ("token=a&token=b", "token=a&token=", "token=&token="):
        _refused(ALL, _View(query_string=query), ("query_string",))


# --- the JSON body --------------------------------------------------------------------------------


def _body(body: bytes, media: str = "application/json", refresh: bool = False) -> str | None:
    view = _View([("Content-Type", media)], raw_body=body, method="POST")
    found = find_token(ALL, view, ("json",), refresh=refresh)
    return None if found is None else found.token


def test_json_bodies() -> None:
    assert _body(b'{"access_token": "tok"}') == "tok"
    assert _body(b'{"refresh_token": "r", "access_token": "a"}', refresh=True) == "r"
    for body in (b'{"access_token": ""}', b'{"access_token": null}', b"{}", b"[1]", b'"tok"'):
        assert _body(body) is None
    for body in (b"not json", b"", b"[" * 100_000):
        assert _body(body) is None
    for body in (b'{"access_token": 1}', b'{"access_token": ["t"]}', b'{"access_token": {}}'):
        _refused(ALL, _View([("Content-Type", "application/json")], raw_body=body), ("json",))


@pytest.mark.parametrize(
    ("media", "json"),
    [
        ("application/json", True),
        ("Application/JSON; charset=utf-8", True),
        (" application/json ;x=y", True),
        ("application/problem+json", True),
        ("application/vnd.api+json", True),
        ("application/json\x0c", False),
        ("application/jsonx", False),
        ("text/json", False),
        ("text/plain", False),
        ("", False),
    ],
)
def test_needs_json_body(media: str, json: bool) -> None:
    view = _View([("Content-Type", media)], raw_body=b'{"access_token": "t"}')
    assert needs_json_body(view, ("json",)) is json
    assert needs_json_body(view, ("headers", "json")) is json
    assert needs_json_body(view, ("headers", "cookies")) is False
    assert needs_json_body(dataclasses.replace(view, websocket=True), ("json",)) is False
    assert (_body(view.raw_body, media) == "t") is json


def test_needs_json_body_without_a_content_type() -> None:
    assert needs_json_body(_View(), ("json",)) is False


# --- the search order -----------------------------------------------------------------------------


def test_the_first_location_holding_a_token_wins() -> None:
    view = _View(
        [
            ("Authorization", "Bearer h"),
            ("Cookie", "access_token_cookie=c"),
            ("Content-Type", "application/json"),
        ],
        query_string="token=q",
        raw_body=b'{"access_token": "j"}',
    )
    for locations, token in (
        (("headers", "cookies", "query_string", "json"), "h"),
        (("cookies", "headers"), "c"),
        (("query_string", "headers"), "q"),
        (("json", "headers"), "j"),
    ):
        found = find_token(ALL, view, locations, refresh=False)  # type: ignore[arg-type]
        assert found is not None
        assert (found.token, found.location) == (token, locations[0])
    empty = _View(query_string="token=q")
    found = find_token(ALL, empty, ("headers", "cookies", "json", "query_string"), refresh=False)
    assert found == ("q", "query_string", False)
    assert find_token(ALL, _View(), ALL.token_locations, refresh=False) is None


def test_a_refusal_stops_the_search() -> None:
    view = _View([("Authorization", "Bearer a b"), ("Cookie", "access_token_cookie=c")])
    _refused(ALL, view, ("headers", "cookies"))


# --- WebSocket handshakes with a cookie -----------------------------------------------------------


def _handshake(headers: list[tuple[str, str]]) -> _View:
    return _View([("Cookie", "access_token_cookie=c"), *headers], method="GET", websocket=True)


@pytest.mark.parametrize(
    "headers",
    [
        [("Origin", "https://app.example"), ("Host", "app.example")],
        [("Origin", "HTTPS://APP.EXAMPLE/"), ("Host", "App.Example")],
        [("Origin", "https://app.example:8443"), ("Host", "app.example:8443")],
        [("Origin", "https://spa.example"), ("Host", "app.example")],  # listed
        [("Origin", "https://spa.example")],  # listed, no Host
    ],
)
def test_an_allowed_origin(headers: list[tuple[str, str]]) -> None:
    listed = ALL.replace(websocket_origins=("https://spa.example",))
    found = find_token(listed, _handshake(headers), ("cookies",), refresh=False)
    assert found == ("c", "cookies", False)  # no CSRF header on a handshake


@pytest.mark.parametrize(
    "headers",
    [
        [("Host", "app.example")],  # no Origin
        [("Origin", ""), ("Host", "app.example")],
        [("Origin", "https://evil.example"), ("Host", "app.example")],
        [("Origin", "https://app.example:8443"), ("Host", "app.example")],
        [("Origin", "http://[")],
        [("Origin", "http://["), ("Host", "[")],
        # without a Host header, only a listed origin is allowed (whatever it names)
        [("Origin", "https://app.example")],
        [("Origin", "https://xxxx")],
    ],
)
def test_a_refused_origin(headers: list[tuple[str, str]]) -> None:
    listed = ALL.replace(websocket_origins=("https://spa.example",))
    with pytest.raises(CSRFError) as info:
        find_token(listed, _handshake(headers), ("cookies",), refresh=False)
    assert type(info.value) is CSRFError
    assert info.value.code == "csrf_failed"


def test_a_header_token_on_a_handshake_needs_no_origin() -> None:
    view = _View([("Authorization", "Bearer h")], websocket=True)
    assert find_token(ALL, view, ("headers", "cookies"), refresh=False) == ("h", "headers", False)


# --- missing_token names where a token was expected -----------------------------------------------


def test_missing_token_names_the_places() -> None:
    error = missing_token(ALL, ALL.token_locations, refresh=False)
    assert type(error) is MissingTokenError
    assert error.code == "missing_token"
    assert str(error) == (
        "missing access token: send it in the Authorization header ('Bearer <token>') or "
        "cookie 'access_token_cookie' or query parameter 'token' or JSON body key 'access_token'"
    )
    bare = missing_token(ALL.replace(header_type=""), ("headers", "json"), refresh=True)
    assert str(bare) == (
        "missing refresh token: send it in the Authorization header ('<token>') or "
        "JSON body key 'refresh_token'"
    )

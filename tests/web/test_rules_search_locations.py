"""``pasetokit.web.search`` rules at their boundaries, the other locations: cookies (quoting,
repeats, CSRF on unsafe methods), query parameters, the JSON body and its media types, the
search order, the WebSocket ``Origin`` check and what ``missing_token`` names (the header:
``test_rules_search``). Each refusal pins the class and ``code``."""

from __future__ import annotations

import dataclasses

import pytest
from search_support import ALL, View, refused

from pasetokit import CSRFError, MissingTokenError
from pasetokit.web import find_token, missing_token, needs_json_body

# --- cookies --------------------------------------------------------------------------------------


def _cookie(*lines: str, refresh: bool = False) -> str | None:
    view = View([("Cookie", line) for line in lines])
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
def test_a_repeated_cookie_isrefused(lines: tuple[str, ...]) -> None:
    refused(ALL, View([("Cookie", line) for line in lines]), ("cookies",))


def test_csrf_is_required_on_unsafe_methods_only() -> None:
    cookie = [("Cookie", "access_token_cookie=tok")]
    for method, required in (("GET", False), ("post", True), ("PUT", True), ("OPTIONS", False)):
        found = find_token(ALL, View(cookie, method=method), ("cookies",), refresh=False)
        assert found == ("tok", "cookies", required)
    off = ALL.replace(csrf_protect=False)
    found = find_token(off, View(cookie, method="POST"), ("cookies",), refresh=False)
    assert found == ("tok", "cookies", False)
    mine = ALL.replace(csrf_methods=frozenset({"GET"}))
    found = find_token(mine, View(cookie, method="get"), ("cookies",), refresh=False)
    assert found == ("tok", "cookies", True)


# --- query parameters -----------------------------------------------------------------------------


def _query(query: str) -> str | None:
    found = find_token(ALL, View(query_string=query), ("query_string",), refresh=False)
    return None if found is None else found.token


def test_query_parameters() -> None:
    assert _query("a=1&token=tok&b=2") == "tok"
    assert _query("token=a%2Bb") == "a+b"
    assert _query("token=") is None
    assert _query("token") is None
    assert _query("tokens=x") is None
    for query in ("token=a&token=b", "token=a&token=", "token=&token="):
        refused(ALL, View(query_string=query), ("query_string",))


# --- the JSON body --------------------------------------------------------------------------------


def _body(body: bytes, media: str = "application/json", refresh: bool = False) -> str | None:
    view = View([("Content-Type", media)], raw_body=body, method="POST")
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
        refused(ALL, View([("Content-Type", "application/json")], raw_body=body), ("json",))


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
    view = View([("Content-Type", media)], raw_body=b'{"access_token": "t"}')
    assert needs_json_body(view, ("json",)) is json
    assert needs_json_body(view, ("headers", "json")) is json
    assert needs_json_body(view, ("headers", "cookies")) is False
    assert needs_json_body(dataclasses.replace(view, websocket=True), ("json",)) is False
    assert (_body(view.raw_body, media) == "t") is json


def test_needs_json_body_without_a_content_type() -> None:
    assert needs_json_body(View(), ("json",)) is False


# --- the search order -----------------------------------------------------------------------------


def test_the_first_location_holding_a_token_wins() -> None:
    view = View(
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
    empty = View(query_string="token=q")
    found = find_token(ALL, empty, ("headers", "cookies", "json", "query_string"), refresh=False)
    assert found == ("q", "query_string", False)
    assert find_token(ALL, View(), ALL.token_locations, refresh=False) is None


def test_a_refusal_stops_the_search() -> None:
    view = View([("Authorization", "Bearer a b"), ("Cookie", "access_token_cookie=c")])
    refused(ALL, view, ("headers", "cookies"))


# --- WebSocket handshakes with a cookie -----------------------------------------------------------


def _handshake(headers: list[tuple[str, str]]) -> View:
    return View([("Cookie", "access_token_cookie=c"), *headers], method="GET", websocket=True)


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
    view = View([("Authorization", "Bearer h")], websocket=True)
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

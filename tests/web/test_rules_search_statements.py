"""``pasetokit.web.search`` rules that only statement mutants showed unpinned: an absent field
is ``None`` (not ``""``), a bare-token header that is absent is no token (not a malformed one),
an empty quoted cookie (``name=""``) holds no token, and a JSON
body key that holds a non-string is refused by the search itself; the body is read only for
the ``json`` location on a JSON request that is no WebSocket handshake; a missing or empty CSRF
header is refused by the search (``csrf_failed``), before any comparison."""

from __future__ import annotations

import pytest
from search_support import View

from pasetokit import CSRFError, MalformedTokenError
from pasetokit.web import WebSettings, find_token
from pasetokit.web.search import check_csrf_header, field_value, needs_json_body


def test_an_absent_field_is_none_and_an_empty_one_is_empty() -> None:
    assert field_value(View(), "X-CSRF-Token") is None
    assert field_value(View([("X-CSRF-Token", " \t")]), "x-csrf-token") == ""


def test_an_absent_bare_token_header_is_no_token_not_a_malformed_one() -> None:
    bare = WebSettings(header_type="")
    assert find_token(bare, View(), ("headers",), refresh=False) is None
    with pytest.raises(MalformedTokenError) as info:  # present but empty: seen and refused
        find_token(bare, View([("Authorization", "")]), ("headers",), refresh=False)
    assert info.value.code == "malformed_token"


@pytest.mark.parametrize(
    ("cookie", "expected"),
    [
        ('access_token_cookie=""', None),  # DQUOTE form of the empty value: no token
        ('access_token_cookie="a"', "a"),
        ('access_token_cookie="', '"'),  # one quote is no DQUOTE pair: the value as sent
    ],
)
def test_the_dquote_form_of_a_cookie_needs_both_quotes(cookie: str, expected: str | None) -> None:
    found = find_token(WebSettings(), View([("Cookie", cookie)]), ("cookies",), refresh=False)
    assert (found.token if found else None) == expected


@pytest.mark.parametrize("body", [b'{"access_token": 5}', b'{"access_token": ["t"]}'])
def test_a_json_token_that_is_no_string_is_refused_by_the_search(body: bytes) -> None:
    view = View([("Content-Type", "application/json")], raw_body=body)
    with pytest.raises(MalformedTokenError, match="must hold the token as a string") as info:
        find_token(WebSettings(token_locations=("json",)), view, ("json",), refresh=False)
    assert info.value.code == "malformed_token"


def test_the_body_is_read_only_for_the_json_location_and_never_on_a_websocket() -> None:
    json_request = [("Content-Type", "application/json")]
    assert needs_json_body(View(json_request), ("headers", "json")) is True
    assert needs_json_body(View(json_request), ("headers", "cookies")) is False
    assert needs_json_body(View(json_request, websocket=True), ("json",)) is False
    assert needs_json_body(View([("Content-Type", "text/plain")]), ("json",)) is False


@pytest.mark.parametrize("headers", [[], [("X-CSRF-Token", "")], [("X-CSRF-Token", " \t ")]])
def test_a_missing_or_empty_csrf_header_is_refused(headers: list[tuple[str, str]]) -> None:
    view = View(headers, method="post")
    with pytest.raises(CSRFError, match="missing CSRF header 'X-CSRF-Token': a POST") as info:
        check_csrf_header(WebSettings(), view, refresh=True)
    assert info.value.code == "csrf_failed"
    assert "'csrf_refresh_token' cookie" in str(info.value)


def test_the_csrf_header_is_returned_without_optional_whitespace() -> None:
    view = View([("X-CSRF-Token", " \tabc ")], method="POST")
    assert check_csrf_header(WebSettings(), view, refresh=False) == "abc"

"""``pasetokit.web.WSGIView`` rules (PEP 3333): header names become ``HTTP_*`` environ keys
(``CONTENT_TYPE`` / ``CONTENT_LENGTH`` without the prefix), one field line per key, the method
upper-cased with ``GET`` by default, the raw query string, and a body read only on demand."""

from __future__ import annotations

import pytest

import pasetokit.web.wsgi
from pasetokit.web import WebSettings, WSGIView, find_token


@pytest.fixture(autouse=True)
def _no_cached_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # header name -> environ key is cached per process: start each test without it, so the
    # mapping itself is what the test sees (a test runner may have filled it before)
    monkeypatch.setattr(pasetokit.web.wsgi, "_ENVIRON_KEYS", {})


def _never() -> bytes:
    raise AssertionError("the body was read")


def test_header_names_map_to_environ_keys() -> None:
    environ = {
        "HTTP_AUTHORIZATION": "Bearer a",
        "HTTP_X_CSRF_TOKEN": "c",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": "2",
        "HTTP_CONTENT_TYPE": "text/plain",  # not where PEP 3333 puts it
    }
    view = WSGIView(environ, _never)
    assert view.header_values("Authorization") == ("Bearer a",)
    assert view.header_values("authorization") == ("Bearer a",)
    assert view.header_values("x-csrf-token") == ("c",)
    assert view.header_values("X-CSRF-Token") == ("c",)
    assert view.header_values("Content-Type") == ("application/json",)
    assert view.header_values("content-length") == ("2",)
    assert view.header_values("Cookie") == ()
    assert view.header_values("Cookie") == ()  # the cached key answers the same
    assert view.websocket is False


def test_method_query_string_and_body() -> None:
    assert WSGIView({}, _never).method == "GET"
    assert WSGIView({}, _never).query_string == ""
    view = WSGIView({"REQUEST_METHOD": "post", "QUERY_STRING": "token=a%20b"}, lambda: b"{}")
    assert view.method == "POST"
    assert view.query_string == "token=a%20b"
    assert view.body() == b"{}"


def test_the_search_reads_the_body_only_for_a_json_location() -> None:
    settings = WebSettings(token_locations=("headers", "json"))
    header = WSGIView(
        {"HTTP_AUTHORIZATION": "Bearer h", "CONTENT_TYPE": "application/json"}, _never
    )
    assert find_token(settings, header, ("headers",), refresh=False) == ("h", "headers", False)
    body = WSGIView(
        {"CONTENT_TYPE": "application/json", "REQUEST_METHOD": "POST"},
        lambda: b'{"access_token": "j"}',
    )
    assert find_token(settings, body, settings.token_locations, refresh=False) == (
        "j",
        "json",
        False,
    )

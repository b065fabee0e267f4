"""``pasetokit.web.overrides`` rules no other test pins: ``location=`` as one name or a list,
``token_key=`` renaming every place a token is read from, ``token_prefix=``/``json_prefix``
on a JSON value (exactly "<prefix> <token68>"), and the search order around the JSON body."""

from __future__ import annotations

import json

import pytest
from search_support import ALL, View

from pasetokit import ConfigurationError, MalformedTokenError
from pasetokit.web import find_with_overrides, override_locations
from pasetokit.web.search import Found


def _json_view(body: dict[str, str]) -> View:
    headers = [("Content-Type", "application/json")]
    return View(headers, raw_body=json.dumps(body).encode(), method="POST")


# --- location=: one name or a list; upstream's "query" is "query_string" -------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        ("query", ("query_string",)),
        ("headers", ("headers",)),
        (["json", "query"], ("json", "query_string")),
        (("cookies",), ("cookies",)),
    ],
)
def test_override_locations(given: object, expected: tuple[str, ...] | None) -> None:
    assert override_locations(given) == expected  # type: ignore[arg-type]


def test_override_locations_refuses_an_unknown_name() -> None:
    with pytest.raises(ConfigurationError) as info:
        override_locations(["headers", "body"])
    assert info.value.code == "configuration_error"


# --- token_key=: the header, JSON keys (both), query parameter and cookies (both) --------------


@pytest.mark.parametrize(
    ("view", "location", "refresh"),
    [
        (View([("X-Tok", "Bearer tok")]), "headers", False),
        (View(query_string="X-Tok=tok"), "query_string", False),
        (View([("Cookie", "X-Tok=tok")]), "cookies", False),
        (View([("Cookie", "X-Tok=tok")]), "cookies", True),
        (_json_view({"X-Tok": "tok"}), "json", False),
        (_json_view({"X-Tok": "tok"}), "json", True),
    ],
)
def test_token_key_renames_every_place(view: View, location: str, refresh: bool) -> None:
    found = find_with_overrides(ALL, view, (location,), refresh=refresh, token_key="X-Tok")  # type: ignore[arg-type]
    assert found == Found("tok", location, False)  # type: ignore[arg-type]
    # and only under that name: the default one is no longer read
    assert find_with_overrides(ALL, view, (location,), refresh=refresh) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("refresh", "name"), [(False, "access_token"), (True, "refresh_token")])
def test_without_token_key_the_kinds_keep_their_own_names(refresh: bool, name: str) -> None:
    cookie = "access_token_cookie" if not refresh else "refresh_token_cookie"
    view = View([("Cookie", f"{cookie}=tok")])
    assert find_with_overrides(ALL, view, ("cookies",), refresh=refresh) == Found(
        "tok", "cookies", False
    )
    other = "refresh_token_cookie" if not refresh else "access_token_cookie"
    assert (
        find_with_overrides(ALL, View([("Cookie", f"{other}=tok")]), ("cookies",), refresh=refresh)
        is None
    )
    prefixed = _json_view({name: "Token tok"})
    found = find_with_overrides(ALL, prefixed, ("json",), refresh=refresh, json_prefix="Token")
    assert found == Found("tok", "json", False)


# --- a JSON value with a prefix: exactly "<prefix> <token68>" -----------------------------------


@pytest.mark.parametrize(
    ("value", "token"),
    [
        ("Token tok", "tok"),
        ("token tok", "tok"),  # the prefix is a scheme word: case-insensitive
        ("\tToken  tokX ", "tokX"),  # spaces and tabs around and between, nothing more stripped
        ("Token v4.local.a-b_c~+/==", "v4.local.a-b_c~+/=="),
    ],
)
def test_a_prefixed_json_value(value: str, token: str) -> None:
    view = _json_view({"paseto": value})
    found = find_with_overrides(
        ALL, view, ("json",), refresh=False, token_key="paseto", json_prefix="Token"
    )
    assert found == Found(token, "json", False)


@pytest.mark.parametrize(
    "value",
    [
        "Token",  # the prefix alone
        "tok",  # the token alone
        "Bearer tok",  # another prefix
        "Token tok extra",  # two words after the prefix
        "Token tok\n",  # a newline is not optional whitespace
        "Token to*k",  # not token68
    ],
)
def test_a_malformed_prefixed_json_value(value: str) -> None:
    view = _json_view({"paseto": value})
    with pytest.raises(MalformedTokenError) as info:
        find_with_overrides(
            ALL, view, ("json",), refresh=False, token_key="paseto", json_prefix="Token"
        )
    assert type(info.value) is MalformedTokenError
    assert info.value.code == "malformed_token"


def test_token_prefix_is_the_json_prefix_too() -> None:
    view = _json_view({"access_token": "Token tok"})
    found = find_with_overrides(ALL, view, ("json",), refresh=False, token_prefix="Token")
    assert found == Found("tok", "json", False)
    # token_prefix wins over the configured json_prefix
    found = find_with_overrides(
        ALL, view, ("json",), refresh=False, token_prefix="Token", json_prefix="Other"
    )
    assert found == Found("tok", "json", False)


def test_the_search_goes_on_past_a_prefixed_json_location() -> None:
    # JSON first, but the request has no JSON body (and then no JSON value): the header is next
    header = View([("Authorization", "Bearer tok")])
    found = find_with_overrides(
        ALL, header, ("json", "headers"), refresh=False, json_prefix="Token"
    )
    assert found == Found("tok", "headers", False)
    body = _json_view({"other": "x"})
    body.headers.append(("Authorization", "Bearer tok"))
    found = find_with_overrides(ALL, body, ("json", "headers"), refresh=False, json_prefix="Token")
    assert found == Found("tok", "headers", False)

"""fastapi-paseto's per-call overrides (``pasetokit.web.overrides``) rules that only statement
mutants showed unpinned: a JSON body token with a prefix (upstream's ``authpaseto_json_type``) is
``<prefix> <token68>``, one token, the prefix in any case; a body without the key holds no token."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pasetokit import MalformedTokenError
from pasetokit.web import WebSettings
from pasetokit.web.overrides import find_with_overrides, override_locations

JSON = WebSettings(token_locations=("json",))


@dataclasses.dataclass
class View:
    raw_body: bytes
    method: str = "POST"
    websocket: bool = False
    query_string: str = ""

    def header_values(self, name: str) -> list[str]:
        return ["application/json"] if name.lower() == "content-type" else []

    def body(self) -> bytes:
        return self.raw_body


def _find(body: bytes) -> object:
    found = find_with_overrides(JSON, View(body), ("json",), refresh=False, json_prefix="Bearer")
    return None if found is None else (found.token, found.location)


@pytest.mark.parametrize(
    "body", [b'{"access_token": "Bearer abc.d="}', b'{"access_token": " bearer\\tabc.d= "}']
)
def test_a_prefixed_json_token(body: bytes) -> None:
    assert _find(body) == ("abc.d=", "json")


def test_a_body_without_the_key_holds_no_token() -> None:
    assert _find(b'{"other": "Bearer abc"}') is None


@pytest.mark.parametrize(
    "value", ["Bearer abc def", "Basic abc", "Bearer", "abc", "Bearer a!b", "Bearer  "]
)
def test_a_json_token_without_its_prefix_or_not_one_token68_is_refused(value: str) -> None:
    body = json.dumps({"access_token": value}).encode()
    with pytest.raises(MalformedTokenError, match="expected 'Bearer <token>'") as info:
        _find(body)
    assert info.value.code == "malformed_token"


@dataclasses.dataclass
class HeaderView(View):
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


def test_token_key_names_the_header_and_token_prefix_its_scheme() -> None:
    view = HeaderView(b"", headers=[("X-Tok", "Token abc"), ("Authorization", "Bearer xyz")])
    settings = WebSettings()
    found = find_with_overrides(
        settings, view, ("headers",), refresh=False, token_key="X-Tok", token_prefix="Token"
    )
    assert found is not None
    assert (found.token, found.location) == ("abc", "headers")
    keyed = find_with_overrides(settings, view, ("headers",), refresh=False, token_key="X-Tok")
    assert keyed is None  # X-Tok holds another scheme than Bearer: no bearer token there
    plain = find_with_overrides(settings, view, ("headers",), refresh=False)
    assert plain is not None
    assert plain.token == "xyz"


def test_no_location_override_is_none_and_upstreams_query_is_query_string() -> None:
    assert override_locations(None) is None
    assert override_locations("query") == ("query_string",)
    assert override_locations(["headers", "query"]) == ("headers", "query_string")

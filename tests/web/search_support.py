"""What the token-search rule tests share (no tests here): a plain :class:`RequestView`, the
settings with every location, and the check that a search is refused as malformed."""

from __future__ import annotations

import dataclasses

import pytest

from pasetokit import MalformedTokenError
from pasetokit.web import Location, WebSettings, find_token

ALL = WebSettings(token_locations=("headers", "cookies", "query_string", "json"))
HEADERS: tuple[Location, ...] = ("headers",)


@dataclasses.dataclass
class View:
    """A request as the search sees it: header field lines, query string, body, method."""

    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    query_string: str = ""
    raw_body: bytes = b""
    method: str = "GET"
    websocket: bool = False

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def body(self) -> bytes:
        return self.raw_body


def refused(settings: WebSettings, view: View, locations: tuple[Location, ...] = HEADERS) -> None:
    """The search of ``locations`` raises exactly ``MalformedTokenError`` (code and all)."""
    with pytest.raises(MalformedTokenError) as info:
        find_token(settings, view, locations, refresh=False)
    assert type(info.value) is MalformedTokenError
    assert info.value.code == "malformed_token"

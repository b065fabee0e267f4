"""Fuzz the web layer's token search (``pasetokit.web.find_token``) over fuzzed requests.

A request view is built from fuzzed header field lines (Authorization, Cookie, Origin, Host,
Content-Type, the CSRF header; sometimes repeated), query string, body, method and WebSocket
flag, and searched in a fuzzed order of locations, for access and refresh tokens, with default
and bare-token settings. Invariant: only ``PasetoError``; a found token is a non-empty str.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import atheris
from fuzz_support import main, pick

with atheris.instrument_imports():
    from pasetokit import PasetoError, web

SETTINGS = (
    web.WebSettings(token_locations=("headers", "cookies", "query_string", "json")),
    web.WebSettings(header_type="", websocket_origins=("https://app.example",)),
)
NAMES = ("authorization", "cookie", "origin", "host", "content-type", "x-csrf-token")
# Field-line shapes that reach past the first checks; "{}" is filled with fuzzed text.
LINES = (
    "{}",
    "Bearer {}",
    " \tbearer {} ",
    "Basic {}",
    "Bearer a, Bearer {}",
    "access_token_cookie={}",
    "a=b; refresh_token_cookie={}; c",
    'access_token_cookie="{}"',
    "https://{}",
    "http://[{}",
    "application/json; {}",
    "app.example{}",
)
QUERIES = ("{}", "token={}", "token=a&token={}", "x=1&token={}")
BODIES = (b"%b", b'{"access_token": "%b"}', b'{"refresh_token": %b}', b'{"access_token": 1, %b}')
METHODS = ("GET", "POST", "put", "DELETE", "")


@dataclass
class View:
    method: str
    websocket: bool
    query_string: str
    raw_body: bytes
    headers: dict[str, list[str]] = field(default_factory=dict)

    def header_values(self, name: str) -> Sequence[str]:
        return self.headers.get(name.lower(), [])

    def body(self) -> bytes:
        return self.raw_body


def _text(fdp: atheris.FuzzedDataProvider, size: int) -> str:
    """Header-like text: latin-1, as ASGI and WSGI hand field lines over."""
    raw: bytes = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, size))
    return raw.decode("latin-1")


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    settings = pick(fdp, SETTINGS)  # choices first: the body takes whatever input is left
    locations = tuple(dict.fromkeys(pick(fdp, web.LOCATIONS) for _ in range(4)))
    refresh = fdp.ConsumeBool()
    view = View(
        method=pick(fdp, METHODS),
        websocket=fdp.ConsumeBool(),
        query_string=pick(fdp, QUERIES).format(_text(fdp, 64)),
        raw_body=b"",
    )
    for name in NAMES:  # each field absent, once, or repeated
        for _ in range(fdp.ConsumeIntInRange(0, 2)):
            view.headers.setdefault(name, []).append(pick(fdp, LINES).format(_text(fdp, 40)))
    view.raw_body = pick(fdp, BODIES) % fdp.ConsumeBytes(fdp.remaining_bytes())
    try:
        found = web.find_token(settings, view, locations, refresh=refresh)
    except PasetoError:
        return
    if found is not None and (not isinstance(found.token, str) or not found.token):
        raise AssertionError(f"find_token returned {found!r}")
    web.missing_token(settings, locations, refresh=refresh)


if __name__ == "__main__":
    main(test_one_input)

"""A Starlette connection (HTTP request or WebSocket handshake) as a ``pasetokit.web``
``RequestView``: raw ASGI header lines, the raw query string, the body read beforehand."""

from __future__ import annotations

import functools

from starlette.requests import HTTPConnection, Request

from pasetokit.web import Location, needs_json_body

__all__ = ["ConnectionView", "view_of"]


@functools.lru_cache(maxsize=64)
def _key(name: str) -> bytes:
    """An ASGI header name: lower-case bytes (servers lower-case them; the spec says so)."""
    return name.lower().encode("latin-1")


class ConnectionView:
    __slots__ = ("_body", "_scope")

    def __init__(self, conn: HTTPConnection, body: bytes = b"") -> None:
        self._scope = conn.scope
        self._body = body

    @property
    def method(self) -> str:
        method: str = self._scope.get("method", "GET")
        return method

    @property
    def websocket(self) -> bool:
        return bool(self._scope["type"] == "websocket")

    def header_values(self, name: str) -> list[str]:
        key = _key(name)
        values = []  # a loop, not a comprehension: no function frame per call on 3.10/3.11
        for k, v in self._scope["headers"]:
            if k == key:
                values.append(v.decode("latin-1"))
        return values

    @property
    def query_string(self) -> str:
        raw: bytes = self._scope.get("query_string", b"")
        return raw.decode("latin-1")

    def body(self) -> bytes:
        return self._body


async def view_of(conn: HTTPConnection, locations: tuple[Location, ...]) -> ConnectionView:
    """The view of ``conn``, with its body read when the token search may need it."""
    view = ConnectionView(conn)
    if isinstance(conn, Request) and needs_json_body(view, locations):
        view = ConnectionView(conn, await conn.body())
    return view

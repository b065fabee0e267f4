"""The current Flask request as a ``pasetokit.web`` ``RequestView``: the WSGI header lines
(servers join repeated ones with commas), the raw query string, the body on demand."""

from __future__ import annotations

from flask import request

__all__ = ["RequestView", "current_view"]


class RequestView:
    __slots__ = ()

    @property
    def method(self) -> str:
        return request.method

    @property
    def websocket(self) -> bool:
        return False  # Flask serves no WebSocket handshakes

    def header_values(self, name: str) -> list[str]:
        value = request.headers.get(name)
        return [] if value is None else [value]

    @property
    def query_string(self) -> str:
        return request.query_string.decode("latin-1")

    def body(self) -> bytes:
        return request.get_data(cache=True)


_VIEW = RequestView()


def current_view() -> RequestView:
    return _VIEW

"""The current Flask request as a ``pasetokit.web`` ``RequestView``, read from the WSGI environ
itself (PEP 3333: ``HTTP_*`` keys, the value as the server received it; servers join repeated
header lines with commas), the raw query string, and the body on demand. One view per
verification, bound to the request object, so each read is a dict lookup, not a proxy hop."""

from __future__ import annotations

from flask import Request, request

__all__ = ["RequestView", "current_view"]

# PEP 3333: the two headers a server passes without the HTTP_ prefix.
_UNPREFIXED = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})
_ENVIRON_KEYS: dict[str, str] = {}  # header name -> environ key; names come from settings only


def _environ_key(name: str) -> str:
    key = name.upper().replace("-", "_")
    return key if key in _UNPREFIXED else f"HTTP_{key}"


class RequestView:
    __slots__ = ("_request",)

    websocket = False  # Flask serves no WebSocket handshakes

    def __init__(self, req: Request) -> None:
        self._request = req

    @property
    def method(self) -> str:
        return self._request.method

    def header_values(self, name: str) -> tuple[str, ...]:
        key = _ENVIRON_KEYS.get(name)
        if key is None:
            key = _ENVIRON_KEYS.setdefault(name, _environ_key(name))
        value = self._request.environ.get(key)
        return () if value is None else (value,)

    @property
    def query_string(self) -> str:
        return self._request.query_string.decode("latin-1")

    def body(self) -> bytes:
        return self._request.get_data(cache=True)


def current_view() -> RequestView:
    # werkzeug's documented LocalProxy._get_current_object: one context lookup, not one per read
    return RequestView(request._get_current_object())  # type: ignore[attr-defined]

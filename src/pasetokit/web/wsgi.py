"""A :class:`~pasetokit.web.RequestView` of a WSGI request (PEP 3333), for any WSGI framework.

Header field lines are the environ's ``HTTP_*`` keys (``CONTENT_TYPE`` and ``CONTENT_LENGTH``
without the prefix), as the server received them: servers join repeated lines with commas,
which the token search reads as several credentials. Each read is a dict lookup; the body is
read only when the search needs it, through the framework's own (caching) reader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["WSGIView"]

_UNPREFIXED = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})
_ENVIRON_KEYS: dict[str, str] = {}  # header name -> environ key (names come from settings)


def _environ_key(name: str) -> str:
    key = name.upper().replace("-", "_")
    return key if key in _UNPREFIXED else f"HTTP_{key}"


class WSGIView:
    """``environ``: the request's WSGI environ; ``body``: returns the request body (and keeps
    it for the application, as werkzeug's ``get_data`` does)."""

    __slots__ = ("_body", "_environ")

    websocket = False  # WSGI carries no WebSocket handshakes

    def __init__(self, environ: Mapping[str, Any], body: Callable[[], bytes]) -> None:
        self._environ = environ
        self._body = body

    @property
    def method(self) -> str:
        """The request method, upper-case (``REQUEST_METHOD``)."""
        return str(self._environ.get("REQUEST_METHOD", "GET")).upper()

    def header_values(self, name: str) -> tuple[str, ...]:
        """Header ``name`` as the server passed it (a WSGI server joins repeated lines into one
        comma-separated value, which the token search refuses as ambiguous)."""
        key = _ENVIRON_KEYS.get(name)
        if key is None:
            key = _ENVIRON_KEYS.setdefault(name, _environ_key(name))
        value = self._environ.get(key)
        return () if value is None else (value,)

    @property
    def query_string(self) -> str:
        """The raw query string (``QUERY_STRING``), without the ``?``."""
        return str(self._environ.get("QUERY_STRING", ""))

    def body(self) -> bytes:
        """The request body, in full (read once, kept for the application)."""
        return self._body()

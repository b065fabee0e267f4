"""The options of :class:`~pasetokit.web.WebSettings` as keywords, for type checkers:
:class:`WebOptions`, a ``TypedDict`` an adapter takes as ``**options: Unpack[WebOptions]``
(FastAPI's ``Auth(policy, **options)``). Values are validated by
:meth:`WebSettings.from_options`, not here; a test keeps the two lists of names equal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Literal, TypedDict

from .settings import Location

__all__ = ["WebOptions"]


class WebOptions(TypedDict, total=False):
    """The keyword options of an adapter (the fields of :class:`WebSettings`)."""

    token_locations: str | Iterable[Location]
    header_name: str
    header_type: str
    query_string_name: str
    json_key: str
    refresh_json_key: str
    access_cookie_name: str
    refresh_cookie_name: str
    access_cookie_path: str
    refresh_cookie_path: str
    cookie_domain: str | None
    cookie_secure: bool
    cookie_samesite: Literal["Lax", "Strict", "None", "lax", "strict", "none"] | None
    session_cookie: bool
    csrf_protect: bool
    csrf_methods: Iterable[str]
    csrf_header_name: str
    access_csrf_cookie_name: str
    refresh_csrf_cookie_name: str
    access_csrf_cookie_path: str
    refresh_csrf_cookie_path: str
    websocket_origins: Iterable[str]
    implicit_refresh: timedelta | float | None
    status_codes: Mapping[str, int]
    scheme_prefix: str

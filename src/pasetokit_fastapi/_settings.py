"""The adapter's options are :class:`pasetokit.web.WebSettings` fields, given as ``Auth``
keywords; :class:`AuthOptions` spells them out for type checkers. A misspelt option fails when
the :class:`~pasetokit_fastapi.Auth` is built (with a did-you-mean), never on a request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Literal

from typing_extensions import TypedDict

from pasetokit.web import LOCATIONS, Location, WebSettings, parse_locations

__all__ = ["LOCATIONS", "AuthOptions", "AuthSettings", "Location", "parse_locations"]

AuthSettings = WebSettings
"""The validated options of one ``Auth`` (``auth.settings``)."""


class AuthOptions(TypedDict, total=False):
    """The keyword options of ``Auth(policy, **options)`` (the fields of :class:`AuthSettings`),
    for type checkers."""

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

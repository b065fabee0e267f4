"""The adapter's own ``PASETO_*`` settings: the one name table from Flask configuration keys to
:class:`pasetokit.web.WebSettings` fields, read and validated once, in ``init_app``.

Only the keys in :data:`CONFIG_NAMES` belong to the adapter (where to look for a token, cookie
attributes, CSRF, WebSocket origins, status overrides); every other ``PASETO_*`` key is the
policy's and is handed to ``TokenPolicy.from_mapping``, which rejects the unknown ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pasetokit.web import LOCATIONS, Location, WebSettings, parse_locations

__all__ = ["CONFIG_NAMES", "LOCATIONS", "PREFIX", "Location", "parse_locations", "settings_from"]

PREFIX = "PASETO_"

_SPECIAL = {
    "PASETO_TOKEN_LOCATION": "token_locations",
    "PASETO_COOKIE_CSRF_PROTECT": "csrf_protect",
}
_FIELDS = (
    "header_name",
    "header_type",
    "query_string_name",
    "json_key",
    "refresh_json_key",
    "access_cookie_name",
    "refresh_cookie_name",
    "access_cookie_path",
    "refresh_cookie_path",
    "cookie_domain",
    "cookie_secure",
    "cookie_samesite",
    "session_cookie",
    "csrf_methods",
    "csrf_header_name",
    "access_csrf_cookie_name",
    "refresh_csrf_cookie_name",
    "access_csrf_cookie_path",
    "refresh_csrf_cookie_path",
    "websocket_origins",
    "implicit_refresh",
    "status_codes",
)
CONFIG_NAMES: Mapping[str, str] = _SPECIAL | {PREFIX + name.upper(): name for name in _FIELDS}
"""``app.config`` key -> ``WebSettings`` field."""


def settings_from(config: Mapping[str, Any]) -> WebSettings:
    """The adapter's settings from the adapter keys of ``config`` (missing ones: defaults)."""
    return WebSettings.from_options(
        {key: config[key] for key in CONFIG_NAMES if key in config}, names=CONFIG_NAMES
    )

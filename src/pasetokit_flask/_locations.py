"""Finding the token in the request: headers, cookies, query string, JSON body, in order.

Only transport parsing lives here; what the token says is the policy's business. A location
that holds nothing is skipped; one that holds something unusable (``Bearer`` with no token, a
JSON token that is not a string) raises ``MalformedTokenError``, so the client hears that its
token was seen and refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from flask import request

from pasetokit import MalformedTokenError
from pasetokit.web import missing_token

from ._settings import Location, Settings

__all__ = ["Found", "find_token", "missing_token"]

_WHITESPACE = " \t"


class Found(NamedTuple):
    token: str
    location: Location
    csrf_required: bool  # a cookie on an unsafe method: the CSRF header must match


def _from_header(settings: Settings) -> str | None:
    value = request.headers.get(settings.header_name)
    if value is None:
        return None
    scheme = settings.header_type
    if not scheme:
        token = value.strip(_WHITESPACE)
    else:
        given, _, rest = value.partition(" ")
        if given.lower() != scheme.lower():  # exact scheme, case-insensitive: another scheme
            return None  # (Basic ...) is no bearer token at all
        token = rest.strip(_WHITESPACE)
    if not token or " " in token or "\t" in token:
        expected = f"{scheme} <token>" if scheme else "<token>"
        raise MalformedTokenError(f"malformed {settings.header_name} header: expected '{expected}'")
    return token


def _from_json(key: str) -> str | None:
    if not request.is_json:
        return None
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # absurdly nested JSON: not a body we can read a token from
        return None
    if not isinstance(data, dict):
        return None
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedTokenError(f"JSON body key '{key}' must hold the token as a string")
    return value


def find_token(settings: Settings, locations: Sequence[Location], refresh: bool) -> Found | None:
    """The first token found in ``locations`` (in that order), or ``None``."""
    for location in locations:
        if location == "headers":
            token = _from_header(settings)
            if token is not None:
                return Found(token, location, False)
        elif location == "cookies":
            name = settings.refresh_cookie_name if refresh else settings.access_cookie_name
            token = request.cookies.get(name)
            if token:
                unsafe = settings.csrf_protect and request.method in settings.csrf_methods
                return Found(token, location, unsafe)
        elif location == "query_string":
            token = request.args.get(settings.query_string_name)
            if token:
                return Found(token, location, False)
        else:
            token = _from_json(settings.refresh_json_key if refresh else settings.json_key)
            if token is not None:
                return Found(token, location, False)
    return None

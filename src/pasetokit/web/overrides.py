"""Per-call overrides of where and how a token is sent (fastapi-paseto's ``paseto_required(
location=, token_key=, token_prefix=, base64_encoded=)``), with the one search's rules.

An override changes names only (which header, which JSON key, which scheme word); the rules of
:func:`find_token` (one credential, token68, repeated keys refused) stay. Two things the search
has no setting for are here: a JSON value carrying a prefix (``{"paseto": "Token v4.local..."}``,
upstream's ``authpaseto_json_type``) and a base64-wrapped token (upstream's ``base64_encode``).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable

from pasetokit import MalformedTokenError

from .search import Found, RequestView, _json, find_token, needs_json_body
from .settings import Location, WebSettings, parse_locations

__all__ = ["find_with_overrides", "override_locations", "unwrap_base64", "wrap_base64"]

_ALIASES = {"query": "query_string"}
_SPLIT = re.compile(r"[ \t]+")
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def override_locations(location: str | Iterable[str] | None) -> tuple[Location, ...] | None:
    """``location=`` as locations (upstream's ``"query"`` is ``"query_string"``)."""
    if location is None:
        return None
    names = [location] if isinstance(location, str) else list(location)
    return parse_locations([_ALIASES.get(n, n) for n in names], "location")


def _prefixed_json(view: RequestView, key: str, prefix: str) -> str | None:
    value = _json(view, key)
    if value is None:
        return None
    given, *rest = _SPLIT.split(value.strip(" \t"), maxsplit=1)
    if given.lower() != prefix.lower() or not rest or not _TOKEN68.fullmatch(rest[0]):
        raise MalformedTokenError(f"malformed JSON body key '{key}': expected '{prefix} <token>'")
    return rest[0]


def find_with_overrides(
    settings: WebSettings,
    view: RequestView,
    locations: tuple[Location, ...],
    *,
    refresh: bool,
    token_key: str | None = None,
    token_prefix: str | None = None,
    json_prefix: str | None = None,
) -> Found | None:
    """The first token in ``locations`` with ``token_key`` naming the header, JSON key, query
    parameter or cookie, and ``token_prefix`` the header scheme or JSON prefix."""
    changes: dict[str, object] = {}
    if token_key is not None:
        changes.update(
            header_name=token_key,
            json_key=token_key,
            refresh_json_key=token_key,
            query_string_name=token_key,
            access_cookie_name=token_key,
            refresh_cookie_name=token_key,
        )
    if token_prefix is not None:
        changes["header_type"] = token_prefix
    local = settings.replace(**changes) if changes else settings
    prefix = token_prefix if token_prefix is not None else json_prefix
    for location in locations:
        if location == "json" and prefix:
            if needs_json_body(view, locations):
                token = _prefixed_json(view, local.json_key_for(refresh), prefix)
                if token is not None:
                    return Found(token, location, False)
            continue
        found = find_token(local, view, (location,), refresh=refresh)
        if found is not None:
            return found
    return None


def unwrap_base64(token: str) -> str:
    """A base64-wrapped token (standard alphabet, padded) unwrapped; strict."""
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
        return raw.decode("ascii")
    except (UnicodeError, binascii.Error, ValueError):
        raise MalformedTokenError("the token is not base64 (base64_encoded=True)") from None


def wrap_base64(token: str) -> str:
    """``token`` in base64 (what ``unwrap_base64`` reverses)."""
    return base64.b64encode(token.encode("ascii")).decode("ascii")

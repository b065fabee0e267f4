"""Finding the token in a request: headers, cookies, query string, JSON body, in order.

Only transport parsing lives here; what the token says is the policy's business. A location
that holds nothing is skipped; one that holds something unusable (``Bearer`` with no token, a
JSON token that is not a string) raises ``MalformedTokenError``, so the client hears that its
token was seen and refused. Another scheme in the header (``Basic ...``, ``XBearerX ...``) is
not a bearer token at all: that location is empty. Nothing here is validated by FastAPI, so no
input can become a 422.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, create_model
from starlette.requests import HTTPConnection, Request

from pasetokit import MalformedTokenError
from pasetokit.web import missing_token

from ._settings import AuthSettings, Location

__all__ = ["Found", "JsonTokenReader", "find_token", "missing_token", "read_json_body"]

_WHITESPACE = " \t"


class Found(NamedTuple):
    token: str
    location: Location
    csrf_required: bool  # a cookie on an unsafe method: the CSRF header must match


class JsonTokenReader:
    """The token under one key of a JSON object body, read with a pydantic model whose only
    field is that key (a strict ``str``): not JSON or not an object -> no token there; the key
    holding anything but a string -> ``MalformedTokenError``."""

    __slots__ = ("key", "model")

    def __init__(self, key: str) -> None:
        self.key = key
        self.model: type[BaseModel] = create_model(
            "JsonTokenBody",
            __config__=ConfigDict(extra="ignore"),
            token=(StrictStr | None, Field(default=None, alias=key)),
        )

    def read(self, body: bytes) -> str | None:
        try:
            parsed = self.model.model_validate_json(body)
        except ValidationError as exc:
            if any(error["loc"][:1] == (self.key,) for error in exc.errors(include_url=False)):
                raise MalformedTokenError(
                    f"JSON body key '{self.key}' must hold the token as a string"
                ) from None
            return None  # not JSON, not an object, nested too deep: no token in this body
        token: Any = getattr(parsed, "token", None)
        return token if isinstance(token, str) and token else None


def _is_json(conn: HTTPConnection) -> bool:
    content_type = conn.headers.get("content-type", "")
    media = content_type.partition(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def read_json_body(conn: HTTPConnection, locations: Sequence[Location]) -> bytes | None:
    """The request body when it may carry a token (``json`` location, JSON content type)."""
    if "json" not in locations or not isinstance(conn, Request) or not _is_json(conn):
        return None
    return await conn.body()


def _from_header(settings: AuthSettings, conn: HTTPConnection) -> str | None:
    value = conn.headers.get(settings.header_name)
    if value is None:
        return None
    scheme = settings.header_type
    if not scheme:
        token = value.strip(_WHITESPACE)
    else:
        given, _, rest = value.lstrip(_WHITESPACE).partition(" ")
        if given.lower() != scheme.lower():  # exact scheme, compared case-insensitively
            return None
        token = rest.strip(_WHITESPACE)
    if not token or " " in token or "\t" in token:
        expected = f"{scheme} <token>" if scheme else "<token>"
        raise MalformedTokenError(f"malformed {settings.header_name} header: expected '{expected}'")
    return token


def find_token(
    settings: AuthSettings,
    readers: tuple[JsonTokenReader, JsonTokenReader],
    conn: HTTPConnection,
    body: bytes | None,
    *,
    locations: Sequence[Location],
    refresh: bool,
) -> Found | None:
    """The first token found in ``locations`` (in that order), or ``None``. ``body`` is what
    :func:`read_json_body` returned; ``readers`` are the access and refresh JSON readers."""
    for location in locations:
        if location == "headers":
            token = _from_header(settings, conn)
            if token is not None:
                return Found(token, location, False)
        elif location == "cookies":
            name = settings.refresh_cookie_name if refresh else settings.access_cookie_name
            token = conn.cookies.get(name)
            if token:
                unsafe = (
                    settings.csrf_protect
                    and conn.scope["type"] == "http"
                    and conn.scope["method"] in settings.csrf_methods
                )
                return Found(token, location, unsafe)
        elif location == "query_string":
            token = conn.query_params.get(settings.query_string_name)
            if token:
                return Found(token, location, False)
        elif body is not None:
            token = readers[1 if refresh else 0].read(body)
            if token is not None:
                return Found(token, location, False)
    return None

"""OpenAPI security schemes, so /docs shows the Authorize button and a lock on protected routes.

FastAPI lists a dependency as a security requirement when its callable is a
``fastapi.security.base.SecurityBase``. A requirement's own dependency object carries the
scheme of its first location; the schemes of the other locations ride along as tiny no-op
sub-dependencies. Several schemes on one route are alternatives (OpenAPI ``security`` is a
list of OR-ed requirements): a header *or* a cookie.

- ``Authorization: Bearer`` -> HTTP bearer, ``bearerFormat: PASETO``;
- another header name or scheme -> an API key in that header;
- cookies -> an API key in the access (or refresh) cookie;
- query string -> an API key in the query parameter. A JSON body has no OpenAPI scheme.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import Depends
from fastapi.openapi.models import APIKey, HTTPBearer
from fastapi.openapi.models import SecurityBase as SecuritySchemeModel
from fastapi.security.base import SecurityBase

from pasetokit.web import Location, WebSettings

__all__ = ["SchemeMarker", "Schemes", "bind_schemes", "keyword"]


def _api_key(where: str, name: str, description: str) -> APIKey:
    return APIKey.model_validate({"in": where, "name": name, "description": description})


class SchemeMarker(SecurityBase):
    """A security scheme for the OpenAPI document; as a dependency it does nothing."""

    def __init__(self, model: SecuritySchemeModel, scheme_name: str) -> None:
        self.model = model
        self.scheme_name = scheme_name

    async def __call__(self) -> None:
        return None


def _model(
    settings: WebSettings, location: Location, refresh: bool
) -> tuple[str, SecuritySchemeModel] | None:
    prefix, kind = settings.scheme_prefix, "refresh" if refresh else "access"
    if location == "headers":
        header, scheme = settings.header_name, settings.header_type
        if header.lower() == "authorization" and scheme.lower() == "bearer":
            return f"{prefix}Bearer", HTTPBearer(
                bearerFormat="PASETO",
                description="A PASETO v4 token (an access token; a refresh token where the "
                "route renews tokens), sent as 'Authorization: Bearer <token>'.",
            )
        shape = f"{scheme} <token>" if scheme else "<token>"
        return f"{prefix}Header", _api_key(
            "header", header, f"A PASETO v4 token, sent as '{header}: {shape}'."
        )
    if location == "cookies":
        name = settings.refresh_cookie_name if refresh else settings.access_cookie_name
        return f"{prefix}{'Refresh' if refresh else ''}Cookie", _api_key(
            "cookie",
            name,
            f"The {kind} token cookie set at log-in (HttpOnly). Unsafe methods also "
            f"need the '{settings.csrf_header_name}' header (double-submit CSRF).",
        )
    if location == "query_string":
        return f"{prefix}Query", _api_key(
            "query",
            settings.query_string_name,
            "A PASETO v4 token in the query string (meant for WebSockets).",
        )
    return None


class Schemes:
    """The scheme markers of one ``Auth`` (one object per scheme, shared by its routes)."""

    __slots__ = ("_markers", "_settings")

    def __init__(self, settings: WebSettings) -> None:
        self._settings = settings
        self._markers: dict[str, SchemeMarker] = {}

    def for_locations(self, locations: tuple[Location, ...], refresh: bool) -> list[SchemeMarker]:
        """The markers for ``locations``, in order (locations without a scheme are left out)."""
        markers = []
        for location in locations:
            found = _model(self._settings, location, refresh)
            if found is None:
                continue
            name, model = found
            marker = self._markers.get(name)
            if marker is None:
                marker = self._markers[name] = SchemeMarker(model, name)
            markers.append(marker)
        return markers


_EMPTY = inspect.Parameter.empty


def keyword(name: str, annotation: Any = _EMPTY, default: Any = _EMPTY) -> inspect.Parameter:
    """A keyword-only parameter of a signature FastAPI reads."""
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def bind_schemes(
    dependency: Any,
    markers: list[SchemeMarker],
    *params: inspect.Parameter,
    returns: Any = _EMPTY,
) -> None:
    """Give ``dependency`` what FastAPI reads: when it is a ``SecurityBase``, its first scheme
    (no extra sub-dependency on the hot path); a signature of ``params`` and then the other
    schemes as marker sub-dependencies."""
    if isinstance(dependency, SecurityBase) and markers:
        dependency.model, dependency.scheme_name = markers[0].model, markers[0].scheme_name
        markers = markers[1:]
    schemes = [keyword(f"scheme_{i}", default=Depends(m)) for i, m in enumerate(markers)]
    dependency.__signature__ = inspect.Signature([*params, *schemes], return_annotation=returns)

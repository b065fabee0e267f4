"""The declarative dependencies: ``auth.required(...)``, ``auth.rotate()``, ``auth.revoke()``.

Each is an object with an async ``__call__`` whose signature FastAPI reads: the connection (an
HTTP request or a WebSocket, never validated, so no input is ever a 422) plus, as marker
sub-dependencies, the OpenAPI schemes of its further locations. Token errors leave as
``AuthHTTPException`` (HTTP) or a 1008 close (WebSocket); ``pasetokit.ConfigurationError`` is
the application's bug and is not mapped.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from fastapi.openapi.models import SecurityBase as SecuritySchemeModel
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection

from pasetokit import TokenError, TokenPair
from pasetokit.web import Requirement

from ._core import Core, RevokeWhat
from ._implicit import note
from ._openapi import bind_schemes, keyword
from ._view import ConnectionView

__all__ = ["RequiredDependency", "RevokeDependency", "RotateDependency", "build"]

D = TypeVar("D", bound="_Dependency")


class _Dependency:
    """Base of the dependencies; build them with :func:`build`."""

    model: SecuritySchemeModel  # set (with scheme_name) on the SecurityBase variants only
    scheme_name: str

    def __init__(self, core: Core, requirement: Requirement) -> None:
        self._core = core
        self.requirement = requirement
        locations = core.gate.locations(requirement)
        self._bodiless = "json" not in locations  # the view needs no awaited body read
        markers = core.schemes.for_locations(locations, requirement.refresh)
        bind_schemes(self, markers, keyword("conn", HTTPConnection))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.requirement})"


class RequiredDependency(_Dependency):
    """Resolves to the verified claims (``None`` when optional and no token was sent)."""

    async def __call__(self, conn: HTTPConnection, **_schemes: None) -> dict[str, Any] | None:
        core, req = self._core, self.requirement
        try:  # core.authenticate, unrolled: each awaited layer costs every request
            if self._bodiless and core.loop_safe:
                verified = core.gate.verify(ConnectionView(conn), req)
            else:
                verified = await core.authenticate(conn, req)
        except TokenError as exc:
            raise core.errors.http(conn, exc, req.scopes) from None
        if core.gate.implicit is not None:
            note(core.gate, conn, verified)
        return None if verified is None else verified.claims


class RotateDependency(_Dependency):
    """Resolves to a new :class:`pasetokit.TokenPair` for the presented refresh token."""

    async def __call__(self, conn: HTTPConnection, **_schemes: None) -> TokenPair:
        core = self._core
        try:
            return await core.rotate(conn, self.requirement)
        except TokenError as exc:
            raise core.errors.http(conn, exc) from None


class RevokeDependency(_Dependency):
    """Verifies the presented token, revokes it (or its family, or its subject) and resolves
    to its claims."""

    def __init__(self, core: Core, requirement: Requirement, what: RevokeWhat) -> None:
        super().__init__(core, requirement)
        self.what: RevokeWhat = what

    async def __call__(self, conn: HTTPConnection, **_schemes: None) -> dict[str, Any]:
        core = self._core
        try:
            return await core.revoke(conn, self.requirement, self.what)
        except TokenError as exc:
            raise core.errors.http(conn, exc, self.requirement.scopes) from None


_SECURED: dict[type[_Dependency], type[_Dependency]] = {
    kind: type(f"_Secured{kind.__name__}", (kind, SecurityBase), {})
    for kind in (RequiredDependency, RotateDependency, RevokeDependency)
}


def build(kind: type[D], core: Core, requirement: Requirement, *args: Any) -> D:
    """A ``kind`` dependency for ``requirement``. When its locations have OpenAPI schemes, the
    object is also a ``SecurityBase`` carrying the first scheme itself (no extra
    sub-dependency on the hot path); the other schemes ride along as marker sub-dependencies."""
    secured = core.schemes.for_locations(core.gate.locations(requirement), requirement.refresh)
    return cast(D, (_SECURED[kind] if secured else kind)(core, requirement, *args))

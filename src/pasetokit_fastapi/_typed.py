"""``auth.required(model=MyClaims)``: the verified claims as the application's model
(``pasetokit.web.claims_as``: a pydantic model or a dataclass, times as aware datetimes); a
token whose claims do not fit is a 401 ``invalid_claims``, never FastAPI's 422."""

from __future__ import annotations

import inspect
from typing import Any, Generic, TypeVar

from fastapi import Depends
from starlette.requests import HTTPConnection

from pasetokit import TokenError
from pasetokit.web import claims_as

from ._core import Core
from ._dependencies import RequiredDependency
from ._openapi import keyword

__all__ = ["TypedDependency"]

T = TypeVar("T")


class TypedDependency(Generic[T]):
    """Resolves to ``model`` built from the claims ``base`` verified (``None``: optional, no
    token)."""

    def __init__(self, core: Core, base: RequiredDependency, model: type[T]) -> None:
        self._core = core
        self.base = base
        self.model = model
        conn, claims = keyword("conn", HTTPConnection), keyword("claims", default=Depends(base))
        self.__signature__ = inspect.Signature([conn, claims])

    def __repr__(self) -> str:
        return f"TypedDependency({self.base!r}, model={self.model.__name__})"

    async def __call__(self, conn: HTTPConnection, claims: dict[str, Any] | None) -> T | None:
        if claims is None:
            return None
        try:
            return claims_as(self.model, claims)
        except TokenError as exc:
            raise self._core.errors.http(conn, exc) from None

"""Typed claims in Flask: ``get_claims_as(MyClaims)`` in a protected view returns the verified
claims as the application's pydantic model or dataclass (``pasetokit.web.claims_as``: times
as aware datetimes). Claims that do not fit raise ``InvalidClaimsError``, which
``@paseto_required`` answers as a 401 ``invalid_claims`` (never a 500)."""

from __future__ import annotations

from typing import TypeVar

from pasetokit.web import check_model, claims_as

from ._context import get_claims

__all__ = ["get_claims_as"]

T = TypeVar("T")


def get_claims_as(model: type[T]) -> T | None:
    """The verified claims as ``model`` (``None``: optional view, no token);
    ``RuntimeError`` where no verification ran."""
    check_model(model)
    claims = get_claims()
    return None if claims is None else claims_as(model, claims)

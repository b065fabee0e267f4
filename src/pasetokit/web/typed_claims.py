"""Typed claims: the verified claims as the application's own model, validated once, with
``exp``/``iat``/``nbf`` as aware datetimes (:func:`claims_as`).

A model is a pydantic model (anything with ``model_validate``; pydantic itself is not imported
here, it is the application's) or a dataclass. Claims the model does not declare are left out
of a dataclass (a pydantic model decides with its own ``extra`` setting). Claims that do not
fit the model are the token's fault, not the application's: :class:`InvalidClaimsError`, a
401 with code ``invalid_claims`` in both adapters, never a 422 or a 500.

Dataclass fields annotated with a plain class (``str``, ``int``, ``datetime``, another
dataclass is *not* recursed into) are checked with ``isinstance``; ``X | None`` accepts
``None``; other annotations (generics, ``Any``, a ``TypedDict`` or a Protocol ``isinstance``
cannot check) are taken as they are. Use pydantic for deeper checks.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pasetokit import ClaimError, ConfigurationError

from .timestamps import claim_time

__all__ = ["InvalidClaimsError", "check_model", "claims_as"]

T = TypeVar("T")
_TIMES = ("exp", "iat", "nbf")


class InvalidClaimsError(ClaimError):
    """The verified claims do not fit the route's claims model (HTTP 401)."""

    code = "invalid_claims"
    default_message = "the token's claims do not fit the expected model"

    def __init__(self, message: str | None = None, *, claim: str = "") -> None:
        super().__init__(message or self.default_message, claim=claim)


def check_model(model: object) -> None:
    """Refuse, when the route is built, what cannot be a claims model."""
    if isinstance(model, type) and (
        dataclasses.is_dataclass(model) or callable(getattr(model, "model_validate", None))
    ):
        return
    raise ConfigurationError(f"model must be a pydantic model class or a dataclass, not {model!r}")


def _with_times(claims: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(claims)
    for name in _TIMES:
        if name in values:
            values[name] = claim_time(values, name)
    return values


def _fits(value: object, hint: object) -> bool:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        # ``None`` in a union is ``NoneType``, a plain class: the isinstance below takes it.
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    try:
        return isinstance(value, hint)  # type: ignore[arg-type]  # refused below if no class
    except TypeError:
        # What isinstance cannot check: generics (``list[str]``, which even passes
        # ``isinstance(hint, type)`` on Python 3.10), ``Any`` (a class since 3.11), a TypedDict,
        # a Protocol that is not runtime_checkable. The application's to check.
        return True


def _dataclass(model: type[T], values: dict[str, Any]) -> T:
    hints = typing.get_type_hints(model)
    kwargs: dict[str, Any] = {}
    for field in dataclasses.fields(model):  # type: ignore[arg-type]
        if not field.init or field.name not in values:
            continue
        value = values[field.name]
        if not _fits(value, hints[field.name]):  # every dataclass field is annotated
            raise InvalidClaimsError(
                f"claim {field.name!r} must be {hints[field.name]!r}, not {type(value).__name__}",
                claim=field.name,
            )
        kwargs[field.name] = value
    try:
        return model(**kwargs)
    except TypeError as exc:  # a required field without its claim
        raise InvalidClaimsError(f"the token's claims do not fit {model.__name__}: {exc}") from None


def claims_as(model: type[T], claims: Mapping[str, Any]) -> T:
    """``claims`` as an instance of ``model`` (times as aware datetimes), or
    :class:`InvalidClaimsError`."""
    # Every call, not only when a route is built: an *instance* passes is_dataclass and may have
    # a model_validate, and neither can build one (nor has the __name__ the errors quote).
    check_model(model)
    values = _with_times(claims)
    if dataclasses.is_dataclass(model):
        return _dataclass(model, values)
    validate = model.model_validate  # type: ignore[attr-defined]  # check_model saw it
    try:
        result: T = validate(values)
    except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
        first = str(exc).splitlines()
        detail = first[1].strip() if len(first) > 1 else (first[0] if first else "")
        raise InvalidClaimsError(
            f"the token's claims do not fit {model.__name__}: {detail}", claim=detail
        ) from None
    return result

"""``claims_as`` rules no other test pins: how a dataclass field's annotation is checked (bool
is not a number, ``X | None`` and ``Optional[X]``, generics taken as they are), fields without
their claim, what is not a model, and the claim an :class:`InvalidClaimsError` names."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, Optional

import pydantic
import pytest

from pasetokit import ConfigurationError
from pasetokit.web import InvalidClaimsError, claims_as


@dataclasses.dataclass
class Claims:
    sub: str
    n: int = 0
    ratio: float = 0.0
    new_style: int | None = None
    old_style: Optional[int] = None  # noqa: UP045 - typing.Union is a distinct path
    tags: list[str] = dataclasses.field(default_factory=list)
    late: str = "default"


def _refused(claims: dict[str, Any], model: Any = Claims) -> InvalidClaimsError:
    with pytest.raises(InvalidClaimsError) as info:
        claims_as(model, claims)
    assert type(info.value) is InvalidClaimsError
    assert info.value.code == "invalid_claims"
    return info.value


def test_fitting_claims() -> None:
    got = claims_as(
        Claims,
        {"sub": "a", "n": 2, "ratio": 1, "new_style": None, "old_style": 3, "tags": ["x"]},
    )
    assert got == Claims("a", 2, 1, None, 3, ["x"])
    assert claims_as(Claims, {"sub": "a", "ratio": 0.5, "new_style": 4}).new_style == 4


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("n", True),
        ("n", 1.0),
        ("ratio", False),
        ("ratio", "1"),
        ("new_style", "x"),
        ("old_style", "x"),
        ("old_style", True),
        ("sub", 5),
    ],
)
def test_misfits_name_their_claim(name: str, value: object) -> None:
    claims = {"sub": "a", name: value}
    assert _refused(claims).claim == name


def test_a_missing_claim_before_a_present_one() -> None:
    # ``n``..``tags`` are absent; ``late`` after them must still be read.
    assert claims_as(Claims, {"sub": "a", "late": "given"}).late == "given"


def test_a_required_field_without_its_claim() -> None:
    error = _refused({"n": 1})
    assert error.claim == ""  # no single claim is at fault: the model's shape is


def test_the_claim_attribute_is_kept() -> None:
    assert InvalidClaimsError(claim="scope").claim == "scope"
    assert InvalidClaimsError().claim == ""


class Model(pydantic.BaseModel):
    sub: str
    n: int


def test_a_pydantic_misfit_names_the_field() -> None:
    error = _refused({"sub": "a", "n": "many"}, Model)
    assert error.claim == "n"
    assert "do not fit Model: n" in error.message


@pytest.mark.parametrize("model", [dict, int, object(), "Claims"])
def test_what_is_not_a_model_is_a_configuration_error(model: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        claims_as(model, {"sub": "a"})
    assert type(info.value) is ConfigurationError


def test_what_is_not_a_model_is_named_in_the_error() -> None:
    class Plain:
        model_validate = "not callable"

    with pytest.raises(ConfigurationError) as info:
        claims_as(Plain, {"sub": "a"})
    assert type(info.value) is ConfigurationError
    assert info.value.message.endswith(f"not {Plain!r}")


def _raising(message: str) -> type:
    class Strict:
        @classmethod
        def model_validate(cls, values: dict[str, Any]) -> Strict:
            raise ValueError(message)

    return Strict


@pytest.mark.parametrize(
    ("message", "claim"),
    [
        # pydantic's layout: a title line, then the field, then what is wrong with it
        ("1 validation error for Strict\nsub\n  Input should be a valid string", "sub"),
        ("title\n  n  ", "n"),  # exactly two lines: the second, stripped
        ("one line only", "one line only"),
        ("", ""),
    ],
)
def test_a_validator_error_names_its_claim(message: str, claim: str) -> None:
    error = _refused({"sub": "a"}, _raising(message))
    assert error.claim == claim
    assert error.message == f"the token's claims do not fit Strict: {claim}"


def test_annotations_isinstance_cannot_check_are_taken_as_they_are() -> None:
    @dataclasses.dataclass
    class Loose:
        sub: str
        anything: Any = None
        literal: Literal["a", "b"] = "a"
        pair: tuple[int, str] = (0, "")

    got = claims_as(Loose, {"sub": "a", "anything": {"x": 1}, "literal": "z", "pair": "?"})
    assert got == Loose("a", {"x": 1}, "z", "?")  # type: ignore[arg-type]  # unchecked: kept

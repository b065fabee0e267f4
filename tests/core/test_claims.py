"""Registered-claim rules, always against a fixed clock."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit.exceptions import (
    ClaimError,
    ConfigurationError,
    ExpiredTokenError,
    MissingClaimError,
    NotYetValidError,
)

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


def _decode(claims: dict[str, Any], *, at: datetime = NOW, **rules: Any) -> dict[str, Any]:
    key = pasetokit.LocalKey.generate()
    token = pasetokit.encode(key, claims, now=NOW)
    return pasetokit.decode(key, token, now=at, rules=pasetokit.ClaimRules(**rules)).claims


def test_exp_boundary_and_leeway() -> None:
    claims = {"exp": NOW + timedelta(minutes=1)}
    assert _decode(claims, at=NOW + timedelta(minutes=1))
    with pytest.raises(ExpiredTokenError) as info:
        _decode(claims, at=NOW + timedelta(minutes=1, seconds=1))
    assert info.value.claim == "exp"
    assert info.value.code == "token_expired"
    assert _decode(claims, at=NOW + timedelta(minutes=1, seconds=30), leeway=30)
    assert _decode(claims, at=NOW + timedelta(minutes=1, seconds=30), leeway=timedelta(seconds=30))
    with pytest.raises(ExpiredTokenError):
        _decode(claims, at=NOW + timedelta(minutes=1, seconds=31), leeway=30)


def test_nbf() -> None:
    claims = {"nbf": NOW + timedelta(seconds=10)}
    with pytest.raises(NotYetValidError) as info:
        _decode(claims)
    assert info.value.claim == "nbf"
    assert _decode(claims, leeway=10)
    assert _decode(claims, at=NOW + timedelta(seconds=10))


def test_iat_in_the_future() -> None:
    claims = {"iat": NOW + timedelta(seconds=5)}
    with pytest.raises(ClaimError) as info:
        _decode(claims)
    assert info.value.claim == "iat"
    assert _decode(claims, leeway=5)


def test_max_age() -> None:
    claims = {"iat": NOW}
    assert _decode(claims, at=NOW + timedelta(minutes=5), max_age=300)
    with pytest.raises(ExpiredTokenError):
        _decode(claims, at=NOW + timedelta(minutes=5, seconds=1), max_age=300)
    with pytest.raises(MissingClaimError) as info:
        _decode({}, max_age=300)
    assert info.value.claim == "iat"


@pytest.mark.parametrize(
    ("rule", "claim"), [("audience", "aud"), ("issuer", "iss"), ("subject", "sub")]
)
def test_expected_values(rule: str, claim: str) -> None:
    assert _decode({claim: "expected"}, **_rule(rule))[claim] == "expected"
    with pytest.raises(ClaimError) as info:
        _decode({claim: "other"}, **_rule(rule))
    assert info.value.claim == claim
    assert type(info.value) is ClaimError
    with pytest.raises(MissingClaimError) as missing:
        _decode({}, **_rule(rule))
    assert missing.value.claim == claim


def _rule(name: str) -> dict[str, Any]:
    return {name: "expected"}


def test_required_names() -> None:
    assert _decode({"tenant": "t", "role": "r"}, required=["tenant", "role"])
    with pytest.raises(MissingClaimError) as info:
        _decode({"tenant": "t"}, required=("tenant", "role"))
    assert info.value.claim == "role"


def test_registered_values_must_be_strings_even_if_null() -> None:
    key = pasetokit.LocalKey.generate()
    for payload in (b'{"exp":null}', b'{"exp":"2099-01-01T00:00:00Z","jti":null}'):
        token = pasetokit.v4.encrypt(key, payload)
        with pytest.raises(ClaimError):
            pasetokit.decode(key, token, rules=pasetokit.ClaimRules(require_exp=False))


def test_rules_are_data() -> None:
    rules = pasetokit.ClaimRules(leeway=5, required=["a"])
    assert rules.required == frozenset({"a"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.leeway = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        pasetokit.ClaimRules(leway=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        pasetokit.ClaimRules(True)  # type: ignore[call-arg]
    assert pasetokit.ClaimRules(leeway=5) == pasetokit.ClaimRules(leeway=5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"leeway": -1},
        {"leeway": "5"},
        {"max_age": 0},
        {"audience": ""},
        {"issuer": 7},
        {"required": "exp"},
        {"required": [1]},
        {"require_exp": "yes"},
        {"leeway": float("nan")},
        {"leeway": float("inf")},
        {"max_age": float("nan")},
    ],
)
def test_bad_rules_fail_when_built(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        pasetokit.ClaimRules(**kwargs)


def test_no_token_error_is_a_value_error() -> None:
    # ClaimRules.check maps ValueError from the date parser to ClaimError; a TokenError that
    # were also a ValueError would be swallowed and reported as a malformed date.
    import pasetokit.exceptions as exc

    errors = [c for c in vars(exc).values() if isinstance(c, type) and issubclass(c, Exception)]
    assert all(not issubclass(c, ValueError) for c in errors if issubclass(c, exc.TokenError))

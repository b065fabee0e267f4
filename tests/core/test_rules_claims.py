"""Claim rules pinned at their boundaries: each leeway at exactly ``leeway`` and ``leeway + 1 s``,
each bound just under, at and just over, and the ``claim=`` attribute of every claim error.

Written against ``ClaimRules.check`` (public) with a fixed epoch instant; no real clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ClaimError,
    ClaimRules,
    ConfigurationError,
    EncodeError,
    ExpiredTokenError,
    MissingClaimError,
    NotYetValidError,
)

T0 = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
NOW = T0.timestamp()
LEEWAY = 10


def at(offset: float) -> str:
    """RFC 3339 text for ``NOW + offset`` seconds."""
    return (T0 + timedelta(seconds=offset)).isoformat().replace("+00:00", "Z")


def check(rules: ClaimRules, **claims: Any) -> None:
    claims.setdefault("exp", at(3600))
    rules.check(claims, NOW)


# --- exp / nbf / iat with a leeway ------------------------------------------------------------


def test_exp_at_and_past_the_leeway() -> None:
    rules = ClaimRules(leeway=LEEWAY)
    check(rules, exp=at(-LEEWAY))
    with pytest.raises(ExpiredTokenError) as info:
        check(rules, exp=at(-LEEWAY - 1))
    assert info.value.code == "token_expired"
    assert info.value.claim == "exp"


def test_nbf_at_and_past_the_leeway() -> None:
    rules = ClaimRules(leeway=LEEWAY)
    check(rules, nbf=at(LEEWAY))
    with pytest.raises(NotYetValidError) as info:
        check(rules, nbf=at(LEEWAY + 1))
    assert info.value.code == "token_not_yet_valid"
    assert info.value.claim == "nbf"


def test_nbf_without_leeway() -> None:
    rules = ClaimRules()
    check(rules, nbf=at(0))
    with pytest.raises(NotYetValidError):
        check(rules, nbf=at(1))


def test_iat_at_and_past_the_leeway() -> None:
    rules = ClaimRules(leeway=LEEWAY)
    check(rules, iat=at(LEEWAY))
    with pytest.raises(ClaimError) as info:
        check(rules, iat=at(LEEWAY + 1))
    assert type(info.value) is ClaimError
    assert info.value.code == "invalid_claim"
    assert info.value.claim == "iat"


def test_iat_without_leeway() -> None:
    check(ClaimRules(), iat=at(0))
    with pytest.raises(ClaimError):
        check(ClaimRules(), iat=at(1))


# --- max_age ----------------------------------------------------------------------------------


def test_max_age_at_and_past_its_bound_with_leeway() -> None:
    rules = ClaimRules(max_age=60, leeway=LEEWAY)
    check(rules, iat=at(-60 - LEEWAY))
    with pytest.raises(ExpiredTokenError) as info:
        check(rules, iat=at(-60 - LEEWAY - 1))
    assert info.value.code == "token_expired"


def test_max_age_without_leeway() -> None:
    rules = ClaimRules(max_age=60)
    check(rules, iat=at(-60))
    with pytest.raises(ExpiredTokenError):
        check(rules, iat=at(-61))


def test_max_age_requires_iat() -> None:
    with pytest.raises(MissingClaimError) as info:
        check(ClaimRules(max_age=60))
    assert info.value.code == "missing_claim"
    assert info.value.claim == "iat"


@pytest.mark.parametrize("max_age", [0.5, 1, 1.5, timedelta(seconds=1)])
def test_max_age_small_positive_values_are_allowed(max_age: Any) -> None:
    ClaimRules(max_age=max_age)


@pytest.mark.parametrize("max_age", [0, -1, timedelta(0), -0.001])
def test_max_age_must_be_positive(max_age: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        ClaimRules(max_age=max_age)
    assert info.value.code == "configuration_error"


def test_leeway_zero_is_allowed_negative_is_not() -> None:
    ClaimRules(leeway=0)
    ClaimRules(leeway=timedelta(0))
    with pytest.raises(ConfigurationError):
        ClaimRules(leeway=-0.001)


@pytest.mark.parametrize("field", ["leeway", "max_age"])
@pytest.mark.parametrize("value", [float("inf"), float("nan"), "10", True])
def test_durations_must_be_finite_numbers(field: str, value: Any) -> None:
    with pytest.raises(ConfigurationError):
        ClaimRules(**{field: value})


# --- require_exp ------------------------------------------------------------------------------


def test_require_exp_default_and_opt_out() -> None:
    with pytest.raises(MissingClaimError) as info:
        ClaimRules().check({}, NOW)
    assert info.value.claim == "exp"
    ClaimRules(require_exp=False).check({}, NOW)
    with pytest.raises(ConfigurationError):
        ClaimRules(require_exp=1)  # type: ignore[arg-type]


# --- claim= attribute -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iss", "sub", "aud", "jti"])
def test_string_claim_type_error_names_the_claim(name: str) -> None:
    with pytest.raises(ClaimError) as info:
        check(ClaimRules(), **{name: 1})
    assert type(info.value) is ClaimError
    assert info.value.claim == name


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_malformed_datetime_names_the_claim(name: str) -> None:
    with pytest.raises(ClaimError) as info:
        check(ClaimRules(), **{name: "2026-11-28"})
    assert type(info.value) is ClaimError
    assert info.value.code == "invalid_claim"
    assert info.value.claim == name


@pytest.mark.parametrize(("rule", "claim"), [("issuer", "iss"), ("audience", "aud")])
def test_expected_value_errors_name_the_claim(rule: str, claim: str) -> None:
    options: dict[str, Any] = {rule: "expected"}
    rules = ClaimRules(**options)
    with pytest.raises(MissingClaimError) as missing:
        check(rules)
    assert missing.value.claim == claim
    with pytest.raises(ClaimError) as wrong:
        check(rules, **{claim: "expected-not"})
    assert type(wrong.value) is ClaimError
    assert wrong.value.claim == claim
    check(rules, **{claim: "expected"})


def test_required_claim_error_names_it() -> None:
    with pytest.raises(MissingClaimError) as info:
        check(ClaimRules(required=["tenant"]))
    assert info.value.claim == "tenant"
    check(ClaimRules(required=["tenant"]), tenant=None)  # present, even if null


# --- encode: datetime claims given as RFC 3339 text ---------------------------------------------


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_encode_keeps_valid_rfc3339_text(local_key: pasetokit.LocalKey, name: str) -> None:
    text = "2026-11-28T14:00:00.5+01:00"  # kept as written, not normalised to UTC
    token = pasetokit.encode(local_key, {name: text}, now=T0, expires_in=7200)
    rules = ClaimRules(require_exp=False)
    moment = T0 + timedelta(hours=1, milliseconds=500)  # that very instant
    assert pasetokit.decode(local_key, token, rules=rules, now=moment).claims[name] == text


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
@pytest.mark.parametrize("value", ["2026-11-28", "soon", 1767225600, None])
def test_encode_refuses_other_datetime_values(
    local_key: pasetokit.LocalKey, name: str, value: object
) -> None:
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(local_key, {name: value})
    assert type(info.value) is EncodeError


class _Text(str):
    """A str subclass (what an enum.StrEnum or a settings library may hand over)."""


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_encode_takes_rfc3339_text_of_a_str_subclass(
    local_key: pasetokit.LocalKey, name: str
) -> None:
    text = _Text(at(0))
    token = pasetokit.encode(local_key, {name: text}, now=T0, expires_in=7200)
    assert pasetokit.decode(local_key, token, now=T0).claims[name] == str(text)
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(local_key, {name: _Text("2026-11-28")})
    assert info.value.code == "encode_error"


def test_encode_takes_claim_names_of_a_str_subclass(local_key: pasetokit.LocalKey) -> None:
    token = pasetokit.encode(local_key, {_Text("tenant"): "t"}, now=T0)
    assert pasetokit.decode(local_key, token, now=T0).claims["tenant"] == "t"
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(local_key, {b"tenant": "t"})  # type: ignore[dict-item]
    assert info.value.code == "encode_error"


def test_a_generated_exp_ends_with_the_year_9999(local_key: pasetokit.LocalKey) -> None:
    # RFC 3339 writes four-digit years: the last second encodes, the next is an EncodeError
    # (it was a bare ValueError: see test_adv_generated_exp_past_the_year_9999_is_an_encode_error)
    now = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    token = pasetokit.encode(local_key, {}, now=now, expires_in=timedelta(seconds=3599))
    assert pasetokit.decode(local_key, token, now=now).claims["exp"] == "9999-12-31T23:59:59Z"
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(local_key, {}, now=now, expires_in=3600.0)
    assert info.value.code == "encode_error"

"""``pasetokit.web.minting`` rules: the adapter's CSRF default (cookies *and* CSRF protection),
every ``create_*`` argument reaching the policy, the defaults of each (``fresh`` off for an
access token, on for a log-in pair) and the compatibility spellings (``identity=``)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

import pasetokit
from pasetokit._time import format_datetime
from pasetokit.token import parse_token
from pasetokit.web import Minter, WebSettings, one_subject

from policy_support import START, FakeClock, make_policy

COOKIES = WebSettings(token_locations=("headers", "cookies"))


def _minter(settings: WebSettings = COOKIES) -> tuple[Minter, pasetokit.TokenPolicy]:
    policy = make_policy(FakeClock(), secret_key=pasetokit.SecretKey.generate())
    return Minter(policy, settings), policy


def _footer(token: str) -> dict[str, Any]:
    return dict(json.loads(parse_token(token).footer))


def _claims(policy: pasetokit.TokenPolicy, token: str, refresh: bool = False) -> dict[str, Any]:
    return dict(policy.verify(token, token_type="refresh" if refresh else "access"))


# --- the CSRF default: on only when cookies are a location and CSRF protection is on -----------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (COOKIES, True),
        (COOKIES.replace(csrf_protect=False), False),
        (WebSettings(token_locations=("headers",)), False),
        (WebSettings(token_locations=("headers",), csrf_protect=False), False),
        (WebSettings(token_locations=("cookies",)), True),
    ],
    ids=["cookies+csrf", "cookies-no-csrf", "headers+csrf", "headers-no-csrf", "cookies-only"],
)
def test_csrf_default(settings: WebSettings, expected: bool) -> None:
    minter, policy = _minter(settings)
    assert minter.csrf_default(None) is expected
    assert minter.csrf_default(True) is True
    assert minter.csrf_default(False) is False
    for token in (
        minter.create_access_token("u"),
        minter.create_refresh_token("u"),
        minter.create_token_pair("u").access_token,
    ):
        assert (policy.csrf_value(token) is not None) is expected


@pytest.mark.parametrize("explicit", [True, False])
def test_an_explicit_csrf_wins_over_the_default(explicit: bool) -> None:
    for settings in (COOKIES, WebSettings(token_locations=("headers",))):
        minter, policy = _minter(settings)
        pair = minter.create_token_pair("u", csrf=explicit)
        for token in (
            minter.create_access_token("u", csrf=explicit),
            minter.create_refresh_token("u", csrf=explicit),
            pair.access_token,
            pair.refresh_token,
        ):
            assert (policy.csrf_value(token) is not None) is explicit


# --- every argument reaches the policy ------------------------------------------------------------


def test_access_token_defaults() -> None:
    minter, policy = _minter(WebSettings(token_locations=("headers",)))
    token = minter.create_access_token("u")
    assert token.startswith("v4.local.")
    assert set(_footer(token)) == {"kid"}
    claims = _claims(policy, token)
    assert claims["sub"] == "u"
    assert claims["type"] == "access"
    assert claims["fresh"] is False
    assert "scope" not in claims
    assert "csrf" not in claims
    assert claims["exp"] == format_datetime(START + policy.access_ttl)


def test_access_token_arguments() -> None:
    minter, policy = _minter()
    token = minter.create_access_token(
        "u",
        fresh=True,
        purpose="public",
        claims={"role": "admin"},
        footer={"app": "x"},
        expires_in=timedelta(seconds=42),
        scopes=["items:read", "admin"],
    )
    assert token.startswith("v4.public.")
    assert _footer(token)["app"] == "x"
    claims = _claims(policy, token)
    assert claims["fresh"] == claims["exp"] == format_datetime(START + timedelta(seconds=42))
    assert claims["role"] == "admin"
    assert claims["scope"] == "items:read admin"


def test_refresh_token_defaults() -> None:
    minter, policy = _minter(WebSettings(token_locations=("headers",)))
    token = minter.create_refresh_token("u")
    assert token.startswith("v4.local.")
    assert set(_footer(token)) == {"kid"}
    claims = _claims(policy, token, refresh=True)
    assert claims["sub"] == "u"
    assert claims["type"] == "refresh"
    assert "scope" not in claims
    assert "csrf" not in claims
    assert "fresh" not in claims
    assert claims["exp"] == format_datetime(START + policy.refresh_ttl)


def test_refresh_token_arguments() -> None:
    minter, policy = _minter()
    token = minter.create_refresh_token(
        "u",
        purpose="public",
        claims={"role": "admin"},
        footer={"app": "x"},
        expires_in=120,
        scopes="items:read",
    )
    assert token.startswith("v4.public.")
    assert _footer(token)["app"] == "x"
    claims = _claims(policy, token, refresh=True)
    assert claims["exp"] == format_datetime(START + timedelta(seconds=120))
    assert claims["role"] == "admin"
    assert claims["scope"] == "items:read"


def test_token_pair_is_fresh_by_default_and_carries_its_arguments() -> None:
    minter, policy = _minter(WebSettings(token_locations=("headers",)))
    plain = minter.create_token_pair("u")
    claims = _claims(policy, plain.access_token)
    assert claims["fresh"] == claims["exp"]  # fresh=True: fresh until it expires
    assert "scope" not in claims
    assert "csrf" not in claims
    pair = minter.create_token_pair("u", fresh=False, claims={"role": "r"}, scopes="a b")
    access = _claims(policy, pair.access_token)
    refresh = _claims(policy, pair.refresh_token, refresh=True)
    assert access["fresh"] is False
    assert access["role"] == refresh["role"] == "r"
    assert access["scope"] == refresh["scope"] == "a b"
    assert access["sub"] == refresh["sub"] == "u"


# --- one subject: subject= or identity=, exactly once ---------------------------------------------


def test_one_subject() -> None:
    assert one_subject("a", None) == "a"
    assert one_subject(None, "b") == "b"
    assert one_subject("", None) == ""  # an empty subject is the policy's to refuse
    assert one_subject(None, "") == ""


@pytest.mark.parametrize(("subject", "identity"), [(None, None), ("a", "b"), ("a", "a")])
def test_one_subject_refuses(subject: str | None, identity: str | None) -> None:
    with pytest.raises(TypeError):
        one_subject(subject, identity)

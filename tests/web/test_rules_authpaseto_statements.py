"""fastapi-paseto ``authpaseto_*`` rules that only statement mutants showed unpinned: what the
callback returns, the type of a key setting, a bad ``purpose`` when both keys are set, the
default (zero) ``decode_leeway``, the deny-list switches, and the header/JSON/query names passed
through to the web settings."""

from __future__ import annotations

from typing import Any

import pytest

from pasetokit import ConfigurationError, LocalKey, SecretKey
from pasetokit.web import read_authpaseto_settings
from pasetokit.web.authpaseto import AuthPasetoConfig

LOCAL = LocalKey.generate().to_paserk()
SIGNER = SecretKey.generate().to_paserk()


def read(**values: Any) -> AuthPasetoConfig:
    return read_authpaseto_settings([(f"authpaseto_{k}", v) for k, v in values.items()])


def _refused(match: str, **values: Any) -> None:
    with pytest.raises(ConfigurationError, match=match) as info:
        read(**values)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"


@pytest.mark.parametrize("settings", [5, None, [("authpaseto_secret_key",)]])
def test_the_callback_must_return_a_model_or_pairs(settings: object) -> None:
    with pytest.raises(ConfigurationError, match=r"^load_config: the callback must return") as info:
        read_authpaseto_settings(settings)
    assert type(info.value) is ConfigurationError


@pytest.mark.parametrize("name", ["secret_key", "private_key", "public_key"])
def test_a_key_setting_must_be_text(name: str) -> None:
    _refused(f"^authpaseto_{name} must be a string, not bytes", **{name: b"k4.local.x"})


def test_a_bad_purpose_is_refused_even_when_both_keys_are_set() -> None:
    _refused(
        "purpose must be 'local' or 'public'", secret_key=LOCAL, private_key=SIGNER, purpose="x"
    )


@pytest.mark.parametrize(
    ("given", "leeway"),
    [
        ({}, 0.0),
        ({"decode_leeway": 0}, 0.0),
        ({"decode_leeway": None}, 0.0),
        ({"decode_leeway": 3}, 3.0),
    ],
)
def test_decode_leeway_defaults_to_zero(given: dict[str, Any], leeway: float) -> None:
    policy = read(secret_key=LOCAL, **given).policy
    assert policy._rules.leeway == leeway  # the ClaimRules every verify applies


@pytest.mark.parametrize("checks", ["access", ["access", "other"], ("refresh", "Access")])
def test_denylist_token_checks_names_access_and_refresh_only(checks: object) -> None:
    _refused(
        "denylist_token_checks lists 'access' and/or 'refresh'",
        secret_key=LOCAL,
        denylist_token_checks=checks,
    )


def test_denylist_token_checks_and_enabled_are_kept() -> None:
    config = read(secret_key=LOCAL, denylist_enabled=True, denylist_token_checks=["refresh"])
    assert config.denylist_enabled is True
    assert config.denylist_token_checks == frozenset({"refresh"})
    assert read(secret_key=LOCAL).denylist_token_checks == frozenset({"access", "refresh"})


@pytest.mark.parametrize("enabled", ["yes", 1, None])
def test_denylist_enabled_must_be_a_bool(enabled: object) -> None:
    _refused("denylist_enabled must be True or False", secret_key=LOCAL, denylist_enabled=enabled)


def test_the_header_json_and_query_names_reach_the_web_settings() -> None:
    config = read(
        secret_key=LOCAL,
        header_name="X-Token",
        header_type="Token",
        json_key="tok",
        websocket_query_key="q",
    )
    web = config.settings
    assert (web.header_name, web.header_type, web.json_key, web.query_string_name) == (
        "X-Token",
        "Token",
        "tok",
        "q",
    )

"""``pasetokit.web.app_config`` rules no other test pins: with a policy given, every policy key
in ``app.config`` is refused, all of them named (with the adapter's did-you-mean)."""

from __future__ import annotations

import pytest

from pasetokit import ConfigurationError, LocalKey, TokenPolicy
from pasetokit.web import config_policy

POLICY = TokenPolicy(local_key=LocalKey.generate(), revocation_store=False)


def test_a_given_policy_refuses_every_policy_key_by_name() -> None:
    config = {"PASETO_LEEWAY": 5, "PASETO_ISSUER": "us", "PASETO_HEADER_NAME": "X"}
    with pytest.raises(ConfigurationError) as info:
        config_policy(config, POLICY)
    assert type(info.value) is ConfigurationError
    assert info.value.message.startswith(
        "unexpected setting(s) in app.config: PASETO_ISSUER, PASETO_LEEWAY. "
    )


def test_a_misspelt_adapter_key_beside_a_given_policy_gets_a_hint() -> None:
    with pytest.raises(ConfigurationError) as info:
        config_policy({"PASETO_HEADER_NAM": "X"}, POLICY)
    assert info.value.message.startswith(
        "unexpected setting(s) in app.config: PASETO_HEADER_NAM (did you mean the Flask "
        "adapter's PASETO_HEADER_NAME?). "
    )


def test_a_given_policy_with_adapter_keys_only() -> None:
    assert config_policy({"PASETO_HEADER_NAME": "X", "OTHER": 1}, POLICY) is POLICY

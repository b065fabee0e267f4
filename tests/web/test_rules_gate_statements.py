"""``pasetokit.web.Gate`` rules that only statement mutants showed unpinned: it is built from a
``TokenPolicy`` and a ``WebSettings``; anything else is a ``ConfigurationError`` at build time."""

from __future__ import annotations

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import Gate, WebSettings

from policy_support import FakeClock, make_policy


@pytest.mark.parametrize("policy", [None, "policy", object()])
def test_a_gate_needs_a_token_policy(policy: object) -> None:
    with pytest.raises(
        ConfigurationError, match=r"^a web adapter needs a pasetokit.TokenPolicy"
    ) as info:
        Gate(policy, WebSettings())  # type: ignore[arg-type]
    assert info.value.code == "configuration_error"


@pytest.mark.parametrize("settings", [None, {"token_locations": ("headers",)}])
def test_a_gate_needs_web_settings(settings: object) -> None:
    with pytest.raises(ConfigurationError, match=r"^settings must be a WebSettings") as info:
        Gate(make_policy(FakeClock()), settings)  # type: ignore[arg-type]
    assert info.value.code == "configuration_error"

"""``pasetokit.web.seed_minting`` rules no other test pins: the seed's positional order
(``subject, fresh, purpose, expires_time``), ``user_claims``, ``scopes`` and ``csrf`` reaching
the token, and ``create_token_pair``'s fresh log-in default."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from pasetokit import ConfigurationError, LocalKey, SecretKey, TokenPolicy
from pasetokit.web import Minter, SeedMinting, WebSettings

from policy_support import FakeClock

CLOCK = FakeClock()
POLICY = TokenPolicy(
    local_key=LocalKey.generate(),
    secret_key=SecretKey.generate(),
    revocation_store=False,
    clock=CLOCK,
)
START = "2026-11-28T12:00:00Z"


class Seed(SeedMinting):
    __slots__ = ("_it",)

    def __init__(self, settings: WebSettings) -> None:
        self._it = Minter(POLICY, settings)

    @property
    def _minter(self) -> Minter:
        return self._it


HEADERS = Seed(WebSettings())
COOKIES = Seed(WebSettings(token_locations=("cookies",)))


def _claims(token: str, kind: str = "access") -> dict[str, Any]:
    return POLICY.verify(token, token_type=kind)  # type: ignore[arg-type]


def test_create_access_token_positional_order() -> None:
    token = HEADERS.create_access_token("alice", True, "public", 60)
    assert token.startswith("v4.public.")
    claims = _claims(token)
    assert (claims["sub"], claims["exp"], claims["fresh"]) == (
        "alice",
        "2026-11-28T12:01:00Z",
        claims["exp"],
    )


def test_create_access_token_keywords_reach_the_token() -> None:
    claims = _claims(
        HEADERS.create_access_token(
            "alice",
            expires_time=timedelta(minutes=2),
            user_claims={"role": "admin"},
            scopes=["read", "write"],
            csrf=True,
        )
    )
    assert claims["exp"] == "2026-11-28T12:02:00Z"
    assert (claims["role"], claims["scope"]) == ("admin", "read write")
    assert "csrf" in claims
    assert claims["fresh"] is False  # not fresh by default


@pytest.mark.parametrize("expires_time", [None, True])
def test_expires_time_none_or_true_is_the_policy_default(expires_time: Any) -> None:
    claims = _claims(HEADERS.create_access_token("alice", expires_time=expires_time))
    assert claims["exp"] == "2026-11-28T12:15:00Z"  # TokenPolicy's access_ttl: 15 minutes


def test_expires_time_false_is_refused() -> None:
    with pytest.raises(ConfigurationError):
        HEADERS.create_access_token("alice", expires_time=False)
    with pytest.raises(ConfigurationError):
        HEADERS.create_refresh_token("alice", expires_time=False)


def test_csrf_default_follows_the_settings() -> None:
    assert "csrf" in _claims(COOKIES.create_access_token("alice"))
    assert "csrf" not in _claims(HEADERS.create_access_token("alice"))
    assert "csrf" not in _claims(COOKIES.create_access_token("alice", csrf=False))
    assert "csrf" in _claims(COOKIES.create_refresh_token("alice"), "refresh")
    assert "csrf" not in _claims(COOKIES.create_refresh_token("alice", csrf=False), "refresh")


def test_create_refresh_token_positional_order_and_keywords() -> None:
    token = HEADERS.create_refresh_token("bob", "public", 120, user_claims={"d": 1}, scopes="a b")
    assert token.startswith("v4.public.")
    claims = _claims(token, "refresh")
    assert (claims["sub"], claims["exp"], claims["d"]) == ("bob", "2026-11-28T12:02:00Z", 1)
    assert claims["scope"] == "a b"
    assert "csrf" not in claims


def test_create_token_pair() -> None:
    pair = COOKIES.create_token_pair("carol", user_claims={"d": 2}, scopes="s")
    access, refresh = _claims(pair.access_token), _claims(pair.refresh_token, "refresh")
    assert access["fresh"] == access["exp"]  # a log-in is fresh by default
    assert (access["d"], access["scope"], refresh["d"]) == (2, "s", 2)
    assert access["fam"] == refresh["fam"]
    assert "csrf" in access
    assert "csrf" in refresh
    stale = HEADERS.create_token_pair("carol", fresh=False, csrf=True)
    assert _claims(stale.access_token)["fresh"] is False
    assert "csrf" in _claims(stale.access_token)

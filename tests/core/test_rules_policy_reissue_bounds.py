"""``TokenPolicy.reissue_access``'s bounds (``policy/_issue.py``) and its async twin's revocation
check (``StoreGate.ais_revoked_closed``), which mutmut showed unpinned: a malformed ``fam_exp``
names that claim, a copy that would expire *at* the present is refused, the year-9999 cap, and
``areissue_access`` refuses a token revoked by its ``jti`` or by its subject (before ``iat``)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

import pasetokit
from pasetokit import ClaimError, LocalKey, ReissueRefusedError, RevokedTokenError, TokenPolicy

from policy_support import START, FakeClock, base_claims, make_policy


@pytest.mark.parametrize("fam_exp", ["tomorrow", "2026-12-28", ""])
def test_a_malformed_fam_exp_is_a_claim_error_naming_it(fam_exp: str) -> None:
    key = LocalKey.generate()
    policy = TokenPolicy(local_key=key, clock=lambda: START, revocation_store=False)
    claims = base_claims(fam_exp=fam_exp)
    token = pasetokit.encode(key, claims, include_kid=True, now=START, expires_in=600)
    with pytest.raises(ClaimError) as info:
        policy.reissue_access(token)
    assert type(info.value) is ClaimError
    assert (info.value.code, info.value.claim) == ("invalid_claim", "fam_exp")


def test_a_copy_that_would_expire_now_is_refused() -> None:
    """At the family's end (inside the leeway, so the old access token still verifies) the
    copy's expiry ``min(now + access_ttl, fam_exp)`` is *now*: refused, not minted dead."""
    clock = FakeClock()
    policy = make_policy(clock, access_ttl=60, refresh_ttl=120, leeway=90)
    access = policy.create_token_pair("alice").access_token
    clock.advance(119)
    copy = policy.verify(policy.reissue_access(access))  # one second left: capped at fam_exp
    assert copy["exp"] == copy["fam_exp"]
    clock.advance(1)
    with pytest.raises(ReissueRefusedError) as info:
        policy.reissue_access(access)
    assert info.value.code == "reissue_refused"


def test_near_the_year_9999_the_copy_expires_at_fam_exp() -> None:
    end = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    clock = FakeClock(end - timedelta(seconds=100))
    policy = make_policy(clock, access_ttl=60, refresh_ttl=90)
    access = policy.create_token_pair("u").access_token
    clock.advance(50)  # now + access_ttl passes the end of time; fam_exp is 10 s before it
    claims = policy.verify(policy.reissue_access(access))
    assert claims["exp"] == claims["fam_exp"] == "9999-12-31T23:59:49Z"


@pytest.mark.parametrize("by", ["token", "subject"])
def test_areissue_refuses_a_revoked_token_through_a_sync_store(by: str) -> None:
    clock = FakeClock()
    policy = make_policy(clock)  # a MemoryRevocationStore: the async twin offloads its check
    access = policy.create_token_pair("alice").access_token
    clock.advance(10)  # a copy now outlives the token
    assert asyncio.run(policy.areissue_access(access))
    if by == "token":
        policy.revoke(access)
    else:
        policy.revoke_subject("alice")
    with pytest.raises(RevokedTokenError) as info:
        asyncio.run(policy.areissue_access(access))
    assert info.value.code == "token_revoked"


def test_a_lifetime_setting_that_is_not_seconds_is_named_in_the_error() -> None:
    mapping = {"PASETO_LOCAL_KEY": LocalKey.generate().to_paserk(), "PASETO_ACCESS_TTL": "15m"}
    with pytest.raises(pasetokit.ConfigurationError) as info:
        TokenPolicy.from_mapping(mapping)
    assert info.value.message == (
        "PASETO_ACCESS_TTL must be a whole number of seconds (e.g. 900 for 15 minutes)"
    )

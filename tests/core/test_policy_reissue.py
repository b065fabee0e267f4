"""``TokenPolicy.reissue_access``: a copy of an access token in its own family, for implicit
refresh. Never fresh, never past the refresh token it was issued with (``fam_exp``), refused
for a revoked token, family or subject, failing closed even with ``fail_open=True``; nothing is
rotated, so concurrent re-issues all succeed. Time is the shared :class:`FakeClock`."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ClaimError,
    ConfigurationError,
    FreshTokenRequiredError,
    MemoryRevocationStore,
    ReissueRefusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenPolicy,
    WrongTokenTypeError,
)
from pasetokit._time import parse_timestamp

from policy_support import (
    AsyncFailingStore,
    AsyncMemoryStore,
    FailingStore,
    FakeClock,
    base_claims,
    make_policy,
    raw_token,
)

ACCESS = timedelta(minutes=15)
REFRESH = timedelta(hours=1)


def policy_on(clock: FakeClock, **kwargs: Any) -> TokenPolicy:
    return make_policy(clock, access_ttl=ACCESS, refresh_ttl=REFRESH, **kwargs)


def at(text: str) -> float:
    return parse_timestamp(text)


def test_copy_keeps_the_session_and_drops_freshness() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    pair = policy.create_token_pair("alice", scopes=["read"], csrf=True, claims={"role": "x"})
    old = policy.verify(pair.access_token, fresh=True)
    clock.advance(600)
    new = policy.verify(policy.reissue_access(pair.access_token))
    same = ("sub", "fam", "fam_exp", "scope", "csrf", "role", "type")
    assert {name: new[name] for name in same} == {name: old[name] for name in same}
    assert new["jti"] != old["jti"]
    assert new["fresh"] is False
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(policy.reissue_access(pair.access_token), fresh=True)
    assert at(new["iat"]) == at(new["nbf"]) == clock.now.timestamp()
    assert at(new["exp"]) == (clock.now + ACCESS).timestamp()


def test_fam_exp_is_the_refresh_tokens_exp_at_log_in_and_rotation() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    pair = policy.create_token_pair("alice")
    refresh_exp = policy.verify(pair.refresh_token, token_type="refresh")["exp"]
    assert policy.verify(pair.access_token)["fam_exp"] == refresh_exp
    clock.advance(60)
    rotated = policy.refresh(pair.refresh_token)
    new_exp = policy.verify(rotated.refresh_token, token_type="refresh")["exp"]
    assert policy.verify(rotated.access_token)["fam_exp"] == new_exp != refresh_exp
    assert "fam_exp" not in policy.verify(rotated.refresh_token, token_type="refresh")


def test_exp_is_capped_at_the_family_limit_then_refused() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    token = policy.create_token_pair("alice").access_token
    limit = at(policy.verify(token)["fam_exp"])
    exps = []
    for _ in range(5):  # every 10 minutes: 12:25, 12:35, 12:45, 12:55, then the cap 13:00
        clock.advance(600)
        token = policy.reissue_access(token)
        exps.append(at(policy.verify(token)["exp"]))
    assert exps[-1] == limit
    assert all(exp <= limit for exp in exps)
    clock.advance(60)
    with pytest.raises(ReissueRefusedError, match="log in again") as caught:
        policy.reissue_access(token)
    assert caught.value.code == "reissue_refused"


def test_a_copy_made_at_once_would_not_outlive_the_token() -> None:
    policy = policy_on(FakeClock())
    with pytest.raises(ReissueRefusedError, match="no later than this token"):
        policy.reissue_access(policy.create_token_pair("alice").access_token)


def test_a_token_without_a_refresh_family_is_refused() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    with pytest.raises(ReissueRefusedError, match="no refresh family"):
        policy.reissue_access(policy.create_access_token("alice", csrf=True))


def test_a_refresh_token_is_not_an_access_token() -> None:
    policy = policy_on(FakeClock())
    with pytest.raises(WrongTokenTypeError):
        policy.reissue_access(policy.create_token_pair("alice").refresh_token)


def test_the_limit_is_reserved() -> None:
    policy = policy_on(FakeClock())
    with pytest.raises(ConfigurationError, match="fam_exp"):
        policy.create_access_token("alice", claims={"fam_exp": "2999-01-01T00:00:00Z"})


@pytest.mark.parametrize("how", ["token", "family", "subject", "reuse"])
def test_revoked_sessions_are_never_extended(how: str) -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    pair = policy.create_token_pair("alice")
    clock.advance(60)
    if how == "token":
        policy.revoke(pair.access_token)
    elif how == "family":
        policy.revoke_family(pair.access_token)
    elif how == "subject":
        clock.advance(1)
        policy.revoke_subject("alice")
    else:
        policy.refresh(pair.refresh_token)
        with pytest.raises(RevokedTokenError):
            policy.refresh(pair.refresh_token)  # reuse: the family is ended
    with pytest.raises(RevokedTokenError):
        policy.reissue_access(pair.access_token)


def test_revoking_the_family_or_subject_later_covers_the_copy() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    pair = policy.create_token_pair("alice")
    clock.advance(600)
    copy = policy.reissue_access(pair.access_token)
    policy.revoke_family(pair.access_token)
    with pytest.raises(RevokedTokenError):
        policy.verify(copy)
    other = policy.create_token_pair("bob").access_token
    clock.advance(600)
    copy = policy.reissue_access(other)
    clock.advance(0.001)
    policy.revoke_subject("bob")
    with pytest.raises(RevokedTokenError):
        policy.verify(copy)


def test_concurrent_reissues_all_succeed_and_rotate_nothing() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    pair = policy.create_token_pair("alice")
    clock.advance(600)
    copies = [policy.reissue_access(pair.access_token) for _ in range(3)]
    assert len({policy.verify(copy)["jti"] for copy in copies}) == 3
    policy.refresh(pair.refresh_token)  # the refresh token was never touched


def test_the_check_fails_closed_even_with_fail_open() -> None:
    clock = FakeClock()
    policy = policy_on(clock, store=FailingStore(ConnectionError("down")), fail_open=True)
    token = policy.create_token_pair("alice").access_token
    clock.advance(60)
    policy.verify(token)  # the check alone fails open, as configured
    with pytest.raises(RevocationStoreUnavailableError):
        policy.reissue_access(token)
    async_policy = policy_on(clock, store=AsyncFailingStore(ConnectionError("x")), fail_open=True)
    token = async_policy.create_token_pair("alice").access_token
    clock.advance(60)
    with pytest.raises(RevocationStoreUnavailableError):
        asyncio.run(async_policy.areissue_access(token))


def test_async_twin_awaits_an_async_store() -> None:
    clock = FakeClock()
    store = AsyncMemoryStore(MemoryRevocationStore(clock=clock.monotonic))
    policy = policy_on(clock, store=store)
    pair = policy.create_token_pair("alice")
    with pytest.raises(ConfigurationError, match="areissue_access"):
        policy.reissue_access(pair.access_token)
    clock.advance(600)
    copy = asyncio.run(policy.areissue_access(pair.access_token))
    assert store.calls == ["is_revoked"]
    assert (
        asyncio.run(policy.averify(copy))["fam"]
        == asyncio.run(policy.averify(pair.access_token))["fam"]
    )
    asyncio.run(policy.arevoke_family(copy))
    with pytest.raises(RevokedTokenError):
        asyncio.run(policy.areissue_access(pair.access_token))


def test_sync_store_from_async_code_and_no_store() -> None:
    clock = FakeClock()
    policy = policy_on(clock)
    token = policy.create_token_pair("alice").access_token
    clock.advance(60)
    assert asyncio.run(policy.areissue_access(token)).startswith("v4.local.")
    stateless = TokenPolicy(
        local_key=pasetokit.LocalKey.generate(), clock=clock, revocation_store=False
    )
    token = stateless.create_token_pair("alice").access_token
    clock.advance(60)
    assert stateless.verify(stateless.reissue_access(token))["sub"] == "alice"


def test_clock_is_the_policys() -> None:
    clock = FakeClock()
    assert policy_on(clock).clock is clock


@pytest.mark.parametrize("limit", [5, "tomorrow", "2026-13-01T00:00:00Z"])
def test_a_malformed_limit_is_a_claim_error(limit: object) -> None:
    clock, key = FakeClock(), pasetokit.LocalKey.generate()
    policy = policy_on(clock, local_key=key)
    token = raw_token(key, base_claims(fam_exp=limit))
    clock.advance(300)
    with pytest.raises(ClaimError, match="fam_exp"):
        policy.reissue_access(token)


def test_a_far_limit_still_gives_only_access_ttl() -> None:
    clock, key = FakeClock(), pasetokit.LocalKey.generate()
    policy = policy_on(clock, local_key=key)
    token = raw_token(key, base_claims(fam_exp="2999-01-01T00:00:00Z"))
    clock.advance(300)
    assert (
        at(policy.verify(policy.reissue_access(token))["exp"]) == (clock.now + ACCESS).timestamp()
    )

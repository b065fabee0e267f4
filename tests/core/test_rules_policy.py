"""TokenPolicy rules no other test pins: the store gate fails closed on *any* ``PasetoError``,
the async twins do every check the sync ones do, lifetimes handed to the store, ``revoke`` under
the policy's own rules, ``from_env(prefix=)``, issuing defaults and the policy clock."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ClaimError,
    ConfigurationError,
    InsufficientScopeError,
    LocalKey,
    MemoryRevocationStore,
    PasetoError,
    RefreshTokenReusedError,
    RevokedTokenError,
    SecretKey,
    TokenPolicy,
)

from policy_support import (
    START,
    AsyncFailingStore,
    AsyncMemoryStore,
    FailingStore,
    FakeClock,
    RecordingStore,
    base_claims,
    make_policy,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def key() -> LocalKey:
    return LocalKey.generate()


@pytest.fixture
def recording(clock: FakeClock) -> RecordingStore:
    return RecordingStore(MemoryRevocationStore(clock=clock.monotonic))


def ttls(store: RecordingStore, name: str) -> list[float]:
    return [kwargs["ttl"] for called, _, kwargs in store.calls if called == name]


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


# --- the store gate fails closed on any PasetoError -----------------------------------------------


class _Odd(PasetoError):
    code = "odd"


@pytest.mark.parametrize("error", [ConfigurationError("bug"), _Odd("odd"), RevokedTokenError()])
@pytest.mark.parametrize("fail_open", [False, True])
def test_verify_reraises_a_paseto_error_of_the_store(
    clock: FakeClock, error: PasetoError, fail_open: bool
) -> None:
    policy = make_policy(clock, store=FailingStore(error), fail_open=fail_open)
    token = policy.create_access_token("alice")
    with pytest.raises(type(error)) as info:
        policy.verify(token)
    assert info.value is error


@pytest.mark.parametrize("error", [ConfigurationError("bug"), _Odd("odd")])
@pytest.mark.parametrize("store_kind", ["sync", "async"])
@pytest.mark.parametrize("fail_open", [False, True])
def test_averify_reraises_a_paseto_error_of_the_store(
    clock: FakeClock, error: PasetoError, store_kind: str, fail_open: bool
) -> None:
    store: Any = FailingStore(error) if store_kind == "sync" else AsyncFailingStore(error)
    policy = make_policy(clock, store=store, fail_open=fail_open)
    token = policy.create_access_token("alice")
    with pytest.raises(type(error)) as info:
        asyncio.run(policy.averify(token))
    assert info.value is error


@pytest.mark.parametrize("store_kind", ["sync", "async"])
def test_store_writes_reraise_a_paseto_error(clock: FakeClock, store_kind: str) -> None:
    error = _Odd("odd")
    store: Any = FailingStore(error) if store_kind == "sync" else AsyncFailingStore(error)
    policy = make_policy(clock, store=store)
    token = policy.create_access_token("alice")
    if store_kind == "sync":
        for write in (policy.revoke, policy.revoke_family):
            with pytest.raises(_Odd):
                write(token)
        with pytest.raises(_Odd):
            policy.revoke_subject("alice")
    else:
        for awrite in (policy.arevoke, policy.arevoke_family):
            with pytest.raises(_Odd):
                asyncio.run(awrite(token))
        with pytest.raises(_Odd):
            asyncio.run(policy.arevoke_subject("alice"))


def test_sync_store_in_a_thread_reraises_a_paseto_error(clock: FakeClock) -> None:
    # A sync store that is not the memory store runs in a worker thread from the async twins.
    error = _Odd("odd")
    policy = make_policy(clock, store=FailingStore(error))
    refresh = policy.create_refresh_token("alice")
    with pytest.raises(_Odd):
        asyncio.run(policy.arefresh(refresh))


# --- async twins do every check -------------------------------------------------------------------


@pytest.mark.parametrize("store_kind", ["memory", "async"])
def test_arefresh_refuses_a_revoked_refresh_token(
    clock: FakeClock, key: LocalKey, store_kind: str
) -> None:
    memory = MemoryRevocationStore(clock=clock.monotonic)
    store: Any = memory if store_kind == "memory" else AsyncMemoryStore(memory)
    policy = make_policy(clock, local_key=key, store=store)
    pair = policy.create_token_pair("alice")
    asyncio.run(policy.arevoke(pair.refresh_token))
    with pytest.raises(RevokedTokenError) as info:
        asyncio.run(policy.arefresh(pair.refresh_token))
    assert type(info.value) is RevokedTokenError
    assert info.value.code == "token_revoked"
    # Refused before it was marked used (and no new tokens were minted from it).
    jti = pasetokit.decode(key, pair.refresh_token, now=clock()).claims["jti"]
    assert memory.mark_used(jti, ttl=5)


def test_refresh_refuses_a_revoked_refresh_token(clock: FakeClock) -> None:
    policy = make_policy(clock)
    pair = policy.create_token_pair("alice")
    policy.revoke(pair.refresh_token)
    with pytest.raises(RevokedTokenError) as info:
        policy.refresh(pair.refresh_token)
    assert type(info.value) is RevokedTokenError


def test_averify_checks_scopes(clock: FakeClock) -> None:
    policy = make_policy(clock)
    token = policy.create_access_token("alice", scopes="read")
    assert asyncio.run(policy.averify(token, scopes="read"))["sub"] == "alice"
    with pytest.raises(InsufficientScopeError) as info:
        asyncio.run(policy.averify(token, scopes="read admin"))
    assert info.value.code == "insufficient_scope"
    assert info.value.missing == ("admin",)
    with pytest.raises(InsufficientScopeError):
        asyncio.run(policy.averify(token, scopes=["admin"]))


def test_averify_checks_freshness_and_type(clock: FakeClock) -> None:
    policy = make_policy(clock)
    stale = policy.create_access_token("alice")
    with pytest.raises(pasetokit.FreshTokenRequiredError):
        asyncio.run(policy.averify(stale, fresh=True))
    with pytest.raises(pasetokit.WrongTokenTypeError):
        asyncio.run(policy.averify(stale, token_type="refresh"))


# --- refresh: the family record lives as long as its newest token could be presented ------------
# (store protocol v2: one record per family, advanced on each rotation; a presented token that is
# not the current one is a reuse. The record must outlive the successor: refresh_ttl + leeway.)


def test_family_record_ttl_covers_the_successor_and_the_leeway(
    clock: FakeClock, recording: RecordingStore
) -> None:
    policy = make_policy(clock, store=recording, leeway=30, refresh_ttl=3600)
    refresh = policy.create_refresh_token("alice")
    clock.advance(600)
    policy.refresh(refresh)
    assert ttls(recording, "advance_family") == [pytest.approx(3600 + 30)]


def test_family_record_ttl_within_the_leeway_after_exp(
    clock: FakeClock, recording: RecordingStore
) -> None:
    policy = make_policy(clock, store=recording, leeway=30, refresh_ttl=3600)
    refresh = policy.create_refresh_token("alice")
    clock.advance(3600 + 20)  # expired 20 s ago, still inside the 30 s leeway
    policy.refresh(refresh)
    assert ttls(recording, "advance_family") == [pytest.approx(3600 + 30)]
    clock.advance(9)
    with pytest.raises(RefreshTokenReusedError):
        policy.refresh(refresh)


@pytest.mark.parametrize("left", [0.25, 0.0, 1.0, 1.5])
def test_family_record_ttl_does_not_shrink_with_the_presented_token(
    clock: FakeClock, recording: RecordingStore, left: float
) -> None:
    policy = make_policy(clock, store=recording, refresh_ttl=3600)
    refresh = policy.create_refresh_token("alice")
    clock.advance(3600 - left)
    policy.refresh(refresh)
    assert ttls(recording, "advance_family") == [pytest.approx(3600)]


def test_arefresh_family_record_ttl(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording, leeway=30, refresh_ttl=3600)
    refresh = policy.create_refresh_token("alice")
    clock.advance(100)
    asyncio.run(policy.arefresh(refresh))
    assert ttls(recording, "advance_family") == [pytest.approx(3600 + 30)]


def test_reuse_revokes_the_family_for_refresh_ttl_plus_leeway(
    clock: FakeClock, recording: RecordingStore
) -> None:
    policy = make_policy(clock, store=recording, leeway=30, refresh_ttl=3600)
    refresh = policy.create_refresh_token("alice")
    rotated = policy.refresh(refresh)
    with pytest.raises(RefreshTokenReusedError) as info:
        policy.refresh(refresh)
    assert info.value.code == "refresh_token_reused"
    # v2: the reuse is found and the family revoked in place by the one atomic advance_family,
    # whose record lives refresh_ttl + leeway; no separate revoke_family call is needed.
    assert ttls(recording, "advance_family") == [pytest.approx(3600 + 30)] * 2
    assert ttls(recording, "revoke_family") == []
    with pytest.raises(RevokedTokenError):
        policy.verify(rotated.refresh_token, token_type="refresh")


# --- revoke() under the policy's rules ------------------------------------------------------------


def test_revoke_enforces_issuer_and_audience(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, issuer="us", audience="app")
    claims = base_claims(exp=START + timedelta(minutes=5), aud="app")
    for bad in ({"iss": "them"}, {"iss": "us", "aud": "other"}, {}):
        token = pasetokit.encode(key, {**claims, **bad}, now=START)
        with pytest.raises(ClaimError) as info:
            policy.revoke(token)
        assert info.value.claim in ("iss", "aud")
        with pytest.raises(ClaimError):
            asyncio.run(policy.arevoke(token))


def test_revoke_a_token_inside_the_leeway(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording, leeway=30)
    token = policy.create_access_token("alice")
    clock.advance(15 * 60 + 10)  # expired 10 s ago: verify still accepts it
    assert policy.verify(token)["sub"] == "alice"
    policy.revoke(token)
    assert ttls(recording, "revoke_token") == [pytest.approx(20)]
    with pytest.raises(RevokedTokenError):
        policy.verify(token)


def test_arevoke_a_token_inside_the_leeway(clock: FakeClock) -> None:
    policy = make_policy(clock, leeway=30)
    token = policy.create_access_token("alice")
    clock.advance(15 * 60 + 10)
    asyncio.run(policy.arevoke(token))
    with pytest.raises(RevokedTokenError):
        policy.verify(token)


def test_revoke_past_the_leeway_is_a_no_op(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording, leeway=30)
    token = policy.create_access_token("alice")
    clock.advance(15 * 60 + 31)
    policy.revoke(token)
    assert ttls(recording, "revoke_token") == []


@pytest.mark.parametrize(("offset", "revoked"), [(-1, True), (0, False), (1, False)])
def test_revoke_claims_at_the_end_of_their_life(
    clock: FakeClock, recording: RecordingStore, offset: float, revoked: bool
) -> None:
    policy = make_policy(clock, store=recording, leeway=30)
    exp = START + timedelta(seconds=-30 - offset)  # ttl = exp - now + leeway = -offset
    policy.revoke({"jti": "j", "sub": "alice", "exp": stamp(exp)})
    assert ttls(recording, "revoke_token") == ([pytest.approx(-offset)] if revoked else [])


@pytest.mark.parametrize(
    "claims",
    [
        {"jti": "", "exp": "2026-11-28T13:00:00Z"},
        {"jti": 5, "exp": "2026-11-28T13:00:00Z"},
        {"exp": "2026-11-28T13:00:00Z"},
        {"jti": "j"},
        {"jti": "j", "exp": 1767225600},
    ],
)
def test_revoke_claims_need_a_jti_and_an_exp(
    clock: FakeClock, recording: RecordingStore, claims: dict[str, Any]
) -> None:
    policy = make_policy(clock, store=recording)
    with pytest.raises(ConfigurationError) as info:
        policy.revoke(claims)
    assert type(info.value) is ConfigurationError
    assert recording.calls == []


@pytest.mark.parametrize("exp", ["tomorrow", "2026-11-28", "2026-11-28T13:00:00"])
def test_revoke_claims_with_a_malformed_exp(
    clock: FakeClock, recording: RecordingStore, exp: str
) -> None:
    policy = make_policy(clock, store=recording)
    with pytest.raises(ConfigurationError, match="RFC 3339") as info:
        policy.revoke({"jti": "j", "sub": "alice", "exp": exp})
    assert type(info.value) is ConfigurationError
    assert recording.calls == []


# --- the policy's clock drives every revocation ---------------------------------------------------

FAR = datetime(2100, 1, 1, tzinfo=timezone.utc)  # far from the real clock, on either side


@pytest.mark.parametrize("start", [FAR, datetime(2001, 1, 1, tzinfo=timezone.utc)])
def test_revocations_use_the_policy_clock(start: datetime) -> None:
    clock = FakeClock(start)
    memory = MemoryRevocationStore(clock=clock.monotonic)
    policy = make_policy(clock, store=AsyncMemoryStore(memory))
    first, second, third = (policy.create_token_pair("alice") for _ in range(3))
    asyncio.run(policy.arevoke_family(first.access_token))
    asyncio.run(policy.arevoke(second.access_token))
    with pytest.raises(RevokedTokenError):
        asyncio.run(policy.averify(first.access_token))
    with pytest.raises(RevokedTokenError):
        asyncio.run(policy.averify(second.access_token))
    assert asyncio.run(policy.averify(third.access_token))["sub"] == "alice"
    asyncio.run(policy.arevoke_subject("alice"))
    with pytest.raises(RevokedTokenError):
        asyncio.run(policy.averify(third.access_token))
    clock.advance(1)
    after = policy.create_access_token("alice")
    assert asyncio.run(policy.averify(after))["sub"] == "alice"


@pytest.mark.parametrize("start", [FAR, datetime(2001, 1, 1, tzinfo=timezone.utc)])
def test_sync_revocations_use_the_policy_clock(start: datetime) -> None:
    clock = FakeClock(start)
    policy = make_policy(clock)
    first, second = policy.create_token_pair("alice"), policy.create_token_pair("bob")
    policy.revoke_family(first.refresh_token)
    policy.revoke(second.access_token)
    for token in (first.access_token, second.access_token):
        with pytest.raises(RevokedTokenError):
            policy.verify(token)
    assert policy.refresh(second.refresh_token)


# --- from_env(prefix=) ----------------------------------------------------------------------------


def test_from_env_with_a_prefix(key: LocalKey) -> None:
    environ = {
        "MYAPP_LOCAL_KEY": key.to_paserk(),
        "MYAPP_ISSUER": "mine",
        "MYAPP_ACCESS_TTL": "60",
        "PASETO_ISSUER": "not read with another prefix",
        "PASETO_TYPO": "not read either",
    }
    policy = TokenPolicy.from_env(environ, prefix="MYAPP_", revocation_store=False)
    assert policy.access_ttl == timedelta(seconds=60)
    claims = policy.verify(policy.create_access_token("alice"))
    assert claims["iss"] == "mine"
    assert pasetokit.decode(key, policy.create_access_token("a"), rules=pasetokit.ClaimRules())


def test_from_env_keyword_overrides_win_over_the_environment(key: LocalKey) -> None:
    environ = {"PASETO_LOCAL_KEY": key.to_paserk(), "PASETO_ACCESS_TTL": "300"}
    assert "revocation_store=disabled" not in repr(TokenPolicy.from_env(environ))
    policy = TokenPolicy.from_env(
        environ, access_ttl=timedelta(minutes=1), issuer="over", revocation_store=False
    )
    assert policy.access_ttl == timedelta(minutes=1)
    assert "revocation_store=disabled" in repr(policy)
    assert policy.verify(policy.create_access_token("alice"))["iss"] == "over"
    with pytest.raises(ConfigurationError) as info:  # checked by name, as constructor arguments
        TokenPolicy.from_env(environ, acess_ttl=60)
    assert info.value.code == "configuration_error"


def test_from_env_prefix_typos_are_caught(key: LocalKey) -> None:
    environ = {"MYAPP_LOCAL_KEY": key.to_paserk(), "MYAPP_ISUER": "x"}
    with pytest.raises(ConfigurationError, match="MYAPP_ISSUER"):
        TokenPolicy.from_env(environ, prefix="MYAPP_")
    with pytest.raises(ConfigurationError):
        TokenPolicy.from_env(environ, prefix="")


# --- issuing defaults -----------------------------------------------------------------------------


def test_create_refresh_token_purpose_and_footer(clock: FakeClock) -> None:
    secret, local = SecretKey.generate(), LocalKey.generate()
    policy = TokenPolicy(local_key=local, secret_key=secret, clock=clock)
    default = policy.create_refresh_token("alice")
    assert default.startswith("v4.local.")
    public = policy.create_refresh_token("alice", purpose="public", footer={"app": "web"})
    assert public.startswith("v4.public.")
    token = pasetokit.decode(secret, public, now=clock())
    assert token.footer == {"kid": secret.public_key().paserk_id, "app": "web"}
    assert token.claims["type"] == "refresh"
    assert policy.refresh(public)
    only_local = TokenPolicy(local_key=local, clock=clock)
    with pytest.raises(ConfigurationError):
        only_local.create_refresh_token("alice", purpose="public")


def test_create_access_token_purpose_and_footer(clock: FakeClock) -> None:
    secret, local = SecretKey.generate(), LocalKey.generate()
    policy = TokenPolicy(local_key=local, secret_key=secret, clock=clock)
    token = policy.create_access_token("alice", purpose="public", footer={"app": "web"})
    footer = pasetokit.decode(secret, token, now=clock()).footer
    assert isinstance(footer, dict)
    assert footer["app"] == "web"


def test_csrf_is_off_by_default(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key)
    pair = policy.create_token_pair("alice")
    tokens = [
        policy.create_access_token("alice"),
        policy.create_refresh_token("alice"),
        pair.access_token,
        pair.refresh_token,
    ]
    for token in tokens:
        claims = pasetokit.decode(key, token, now=clock()).claims
        assert "csrf" not in claims
        assert policy.csrf_value(token) is None
    bound = policy.create_access_token("alice", csrf=True)
    assert isinstance(policy.csrf_value(bound), str)
    with pytest.raises(ConfigurationError):
        policy.create_access_token("alice", csrf=1)  # type: ignore[arg-type]


# --- claim= on the policy's claim errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "claim"),
    [
        ({"fam": 5}, "fam"),
        ({"scope": 5}, "scope"),
        ({"scopes": "read"}, "scopes"),
        ({"scope": "a", "scopes": ["a"]}, "scope"),
    ],
)
def test_policy_claim_errors_name_the_claim(
    clock: FakeClock, key: LocalKey, extra: dict[str, Any], claim: str
) -> None:
    policy = make_policy(clock, local_key=key)
    token = pasetokit.encode(key, base_claims(**extra), include_kid=True, now=START)
    with pytest.raises(ClaimError) as info:
        policy.verify(token, scopes="read")
    assert type(info.value) is ClaimError
    assert info.value.claim == claim


@pytest.mark.parametrize("fresh", [5, "soon"])
def test_malformed_fresh_names_the_claim(clock: FakeClock, key: LocalKey, fresh: object) -> None:
    policy = make_policy(clock, local_key=key)
    token = pasetokit.encode(key, base_claims(fresh=fresh), include_kid=True, now=START)
    with pytest.raises(ClaimError) as info:
        policy.verify(token, fresh=True)
    assert info.value.claim == "fresh"


def test_rotation_refuses_a_malformed_csrf(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key)
    claims = base_claims(type="refresh", csrf=5, fresh=None)
    token = pasetokit.encode(key, claims, include_kid=True, now=START)
    with pytest.raises(ClaimError) as info:
        policy.refresh(token)
    assert info.value.claim == "csrf"


def test_from_env_reads_os_environ_by_default(
    key: LocalKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.upper().startswith(("PASETO_", "MYAPP_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MYAPP_LOCAL_KEY", key.to_paserk())
    monkeypatch.setenv("MYAPP_ISSUER", "from-os-environ")
    policy = TokenPolicy.from_env(prefix="MYAPP_", revocation_store=False)
    assert policy.verify(policy.create_access_token("alice"))["iss"] == "from-os-environ"
    with pytest.raises(ConfigurationError):
        TokenPolicy.from_env()  # no PASETO_ key at all: no issuing key


def test_access_ttl_may_equal_refresh_ttl(key: LocalKey) -> None:
    policy = TokenPolicy(local_key=key, access_ttl=60, refresh_ttl=60, revocation_store=False)
    assert policy.access_ttl == policy.refresh_ttl
    with pytest.raises(ConfigurationError):
        TokenPolicy(local_key=key, access_ttl=61, refresh_ttl=60)


def test_revoke_family_and_csrf_value_enforce_the_issuer(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, issuer="us")
    claims = base_claims(exp=START + timedelta(minutes=5), iss="them", csrf="c")
    foreign = pasetokit.encode(key, claims, include_kid=True, now=START)
    with pytest.raises(ClaimError):
        policy.revoke_family(foreign)
    with pytest.raises(ClaimError):
        policy.csrf_value(foreign)
    own = pasetokit.encode(key, {**claims, "iss": "us", "csrf": 5}, include_kid=True, now=START)
    assert policy.csrf_value(own) is None  # a non-str csrf claim is not a CSRF value


# --- constructor arguments at their bounds ------------------------------------------------------

HUNDRED_YEARS = 100 * 365 * 24 * 3600


@pytest.mark.parametrize(
    "kwargs",
    [
        {"issuer": ""},
        {"issuer": 5},
        {"audience": ""},
        {"required_claims": [""]},
        {"required_claims": [5]},
        {"refresh_ttl": HUNDRED_YEARS + 1},
    ],
)
def test_constructor_refuses(key: LocalKey, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError) as info:
        TokenPolicy(local_key=key, **kwargs)
    assert type(info.value) is ConfigurationError


@pytest.mark.parametrize("verify_keys", ["k4.local.abc", b"\0" * 32, [b"\0" * 32], ["k4.public.x"]])
def test_verify_keys_refuse_raw_material(key: LocalKey, verify_keys: Any) -> None:
    with pytest.raises(pasetokit.InvalidKeyError) as info:
        TokenPolicy(local_key=key, verify_keys=verify_keys)
    assert type(info.value) is pasetokit.InvalidKeyError


def test_hundred_years_is_the_longest_duration(key: LocalKey) -> None:
    policy = TokenPolicy(local_key=key, refresh_ttl=HUNDRED_YEARS, revocation_store=False)
    assert policy.refresh_ttl.total_seconds() == HUNDRED_YEARS


def test_ids_carry_128_and_256_random_bits(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key)
    claims = pasetokit.decode(key, policy.create_access_token("a", csrf=True), now=clock()).claims
    assert len(claims["jti"]) == len(claims["fam"]) == 22  # 16 bytes, base64url
    assert len(claims["csrf"]) == 43  # 32 bytes, base64url


# --- revoke_family under its relaxed rules: only the exp limit is relaxed -------------------------


def test_revoke_family_enforces_the_audience(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, audience="app")
    claims = base_claims(exp=START + timedelta(minutes=5))
    for bad in ({"aud": "other"}, {}):
        token = pasetokit.encode(key, {**claims, **bad}, include_kid=True, now=START)
        with pytest.raises(ClaimError) as info:
            policy.revoke_family(token)
        assert info.value.claim == "aud"
    good = pasetokit.encode(key, {**claims, "aud": "app"}, include_kid=True, now=START)
    policy.revoke_family(good)


def test_revoke_family_enforces_the_required_claims(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, required_claims=["tenant"])
    claims = base_claims(exp=START + timedelta(minutes=5))
    token = pasetokit.encode(key, claims, include_kid=True, now=START)
    with pytest.raises(pasetokit.MissingClaimError) as info:
        policy.revoke_family(token)
    assert info.value.claim == "tenant"
    policy.revoke_family(
        pasetokit.encode(key, {**claims, "tenant": "t"}, include_kid=True, now=START)
    )


@pytest.mark.parametrize(("age", "accepted"), [(7199, True), (7200, True), (7201, False)])
def test_revoke_family_enforces_max_age(
    clock: FakeClock, key: LocalKey, age: int, accepted: bool
) -> None:
    # refresh_ttl 3600 and leeway 0: the relaxed rules allow an exp up to refresh_ttl ago and an
    # iat up to max_age (refresh_ttl) + that leeway ago. A token minted elsewhere with a far exp
    # is still refused once its iat is older than 7200 s.
    policy = make_policy(clock, local_key=key, refresh_ttl=3600, access_ttl=60)
    claims = base_claims(exp=START + timedelta(days=10))
    token = pasetokit.encode(key, claims, include_kid=True, now=START)
    clock.advance(age)
    if accepted:
        policy.revoke_family(token)
    else:
        with pytest.raises(pasetokit.ExpiredTokenError) as info:
            policy.revoke_family(token)
        assert info.value.code == "token_expired"


def test_repr_names_the_policy_not_its_keys(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, issuer="us", audience="app")
    text = repr(policy)
    assert text.startswith("TokenPolicy(access=local/0:15:00, refresh=local/30 days, 0:00:00, ")
    assert "issuer='us', audience='app'" in text
    assert text.endswith(", fail_open=False)")
    assert key.paserk_id in text
    assert key.to_paserk() not in text
    off = TokenPolicy(local_key=key, revocation_store=False)
    assert "revocation_store=disabled, fail_open=False)" in repr(off)

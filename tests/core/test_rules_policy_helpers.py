"""Rules of the policy helpers (``policy/_args``, ``_claims``, ``_config``, ``_issue``,
``_revoke``) that no other test pins: durations and freshness at their boundaries, the
freshness leeway, CSRF values that are not valid UTF-8, the claim a ``MissingClaimError``
names, revocation targets that are not strings, and PEM escapes in settings."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ConfigurationError,
    CSRFError,
    FreshTokenRequiredError,
    InvalidKeyError,
    LocalKey,
    MemoryRevocationStore,
    MissingClaimError,
    SecretKey,
    TokenPolicy,
)

from policy_support import START, FakeClock, RecordingStore, base_claims, make_policy


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def key() -> LocalKey:
    return LocalKey.generate()


@pytest.fixture
def recording(clock: FakeClock) -> RecordingStore:
    return RecordingStore(MemoryRevocationStore(clock=clock.monotonic))


# --- durations: any positive span, sub-second included; expires_in up to refresh_ttl ------------


def test_sub_second_durations_are_durations(key: LocalKey) -> None:
    policy = TokenPolicy(local_key=key, access_ttl=0.5, refresh_ttl=0.75, revocation_store=False)
    assert policy.access_ttl == timedelta(seconds=0.5)
    assert policy.refresh_ttl == timedelta(seconds=0.75)


@pytest.mark.parametrize("ttl", [0, -0.5, timedelta(0)])
def test_zero_and_negative_durations_are_refused(key: LocalKey, ttl: float | timedelta) -> None:
    with pytest.raises(ConfigurationError) as info:
        TokenPolicy(local_key=key, access_ttl=ttl)
    assert type(info.value) is ConfigurationError


def test_expires_in_may_equal_refresh_ttl(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, refresh_ttl=3600)
    token = policy.create_access_token("alice", expires_in=3600)
    exp = pasetokit.decode(key, token, now=START).claims["exp"]
    assert exp == "2026-11-28T13:00:00Z"
    with pytest.raises(ConfigurationError) as info:
        policy.create_access_token("alice", expires_in=3600.001)
    assert type(info.value) is ConfigurationError


# --- freshness: any positive span; the leeway applies to the fresh instant as to exp -----------


def test_a_sub_second_fresh_span(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, leeway=0)
    token = policy.create_access_token("alice", fresh=0.5)
    assert pasetokit.decode(key, token, now=START).claims["fresh"] == "2026-11-28T12:00:00.500000Z"
    assert policy.verify(token, fresh=True)["sub"] == "alice"
    for span in (0, -1, timedelta(0)):
        with pytest.raises(ConfigurationError) as info:
            policy.create_access_token("alice", fresh=span)
        assert type(info.value) is ConfigurationError


@pytest.mark.parametrize(("after", "fresh"), [(60 + 10, True), (60 + 10 + 1, False)])
def test_fresh_until_plus_leeway(clock: FakeClock, after: float, fresh: bool) -> None:
    policy = make_policy(clock, leeway=10)
    token = policy.create_access_token("alice", fresh=60)
    clock.advance(after)
    if fresh:
        assert policy.verify(token, fresh=True)["sub"] == "alice"
        return
    with pytest.raises(FreshTokenRequiredError) as info:
        policy.verify(token, fresh=True)
    assert type(info.value) is FreshTokenRequiredError
    assert info.value.code == "fresh_token_required"


# --- CSRF: a value that is not valid UTF-8 is a mismatch, never a crash --------------------------


@pytest.mark.parametrize(
    ("expected", "presented"), [("\ud800", "abc"), ("abc", "\ud800"), ("\ud800", "\udfff")]
)
def test_csrf_with_a_lone_surrogate_is_a_mismatch(
    clock: FakeClock, expected: str, presented: str
) -> None:
    policy = make_policy(clock)
    with pytest.raises(CSRFError) as info:
        policy.check_csrf({"csrf": expected}, presented)
    assert type(info.value) is CSRFError
    assert info.value.code == "csrf_failed"
    policy.check_csrf({"csrf": "\ud800"}, "\ud800")  # the same text matches


# --- a MissingClaimError names the claim that is missing ------------------------------------------


def _token(key: LocalKey, **claims: Any) -> str:
    return pasetokit.encode(key, base_claims(**claims), include_kid=True, now=START)


def _missing(call: Any, *args: Any, **kwargs: Any) -> str | None:
    with pytest.raises(MissingClaimError) as info:
        call(*args, **kwargs)
    assert info.value.code == "missing_claim"
    return info.value.claim


def test_refresh_without_a_family_names_fam(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key)
    token = _token(key, type="refresh", fam=None, exp=START + timedelta(days=1))
    assert _missing(policy.refresh, token) == "fam"


@pytest.mark.parametrize("name", ["jti", "sub"])
def test_revoke_of_a_token_without_jti_or_sub_names_it(
    clock: FakeClock, key: LocalKey, recording: RecordingStore, name: str
) -> None:
    policy = make_policy(clock, local_key=key, store=recording)
    token = _token(key, drop=name, exp=START + timedelta(hours=1))
    assert _missing(policy.revoke, token) == name
    assert recording.calls == []


@pytest.mark.parametrize(("name", "value"), [("fam", None), ("fam", 5), ("sub", None)])
def test_revoke_family_of_a_token_without_fam_or_sub_names_it(
    clock: FakeClock, key: LocalKey, recording: RecordingStore, name: str, value: Any
) -> None:
    policy = make_policy(clock, local_key=key, store=recording)
    claims: dict[str, Any] = {"exp": START + timedelta(hours=1)}
    if value is None:
        token = _token(key, drop=name, **claims)
    else:
        token = pasetokit.encode(
            key, {**base_claims(**claims), name: value}, include_kid=True, now=START
        )
    assert _missing(policy.revoke_family, token) == name
    assert recording.calls == []


# --- revocation targets: every id and subject is a non-empty str, before the store is called ---

_EXP = "2026-11-28T13:00:00Z"


@pytest.mark.parametrize(
    "claims",
    [
        {"jti": 5, "exp": _EXP, "sub": "alice"},
        {"jti": "j", "exp": 1767225600, "sub": "alice"},
        {"jti": "j", "exp": _EXP, "sub": 5},
        {"jti": "j", "exp": _EXP, "sub": ""},
        {"jti": "j", "exp": _EXP},
    ],
)
def test_revoke_claims_refused_before_the_store(
    clock: FakeClock, recording: RecordingStore, claims: dict[str, Any]
) -> None:
    policy = make_policy(clock, store=recording)
    with pytest.raises(ConfigurationError) as info:
        policy.revoke(claims)
    assert type(info.value) is ConfigurationError
    assert recording.calls == []


@pytest.mark.parametrize(
    ("value", "subject"),
    [
        ({"fam": 5, "sub": "alice"}, None),
        ({"fam": "", "sub": "alice"}, None),
        ({"fam": "f", "sub": 5}, None),
        ({"fam": "f", "sub": ""}, None),
        (5, "alice"),
        (["f"], "alice"),
        ("", "alice"),
        ("family-id", 5),
        ("family-id", ""),
        ("family-id", None),
    ],
)
def test_revoke_family_targets_refused_before_the_store(
    clock: FakeClock, recording: RecordingStore, value: Any, subject: Any
) -> None:
    policy = make_policy(clock, store=recording)
    with pytest.raises(ConfigurationError) as info:
        policy.revoke_family(value, subject=subject)
    assert type(info.value) is ConfigurationError
    assert recording.calls == []


def test_revoke_family_by_id_and_subject(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording)
    policy.revoke_family("family-id", subject="alice")
    assert [(n, a, k["subject"]) for n, a, k in recording.calls] == [
        ("revoke_family", ("family-id",), "alice")
    ]


# --- settings: a PEM's "\n" escapes are unescaped only in a PEM with no real newline ------------


def test_a_pem_mixing_real_and_escaped_newlines_is_refused() -> None:
    pem = SecretKey.generate().to_pem()
    assert pem.count("\n") >= 3
    mixed = pem.replace("\n", "\\n", 1)  # the first line break escaped, the others real
    with pytest.raises(InvalidKeyError) as info:
        TokenPolicy.from_mapping({"PASETO_SECRET_KEY": mixed})
    assert type(info.value) is InvalidKeyError
    assert info.value.code == "invalid_key"


# --- from_mapping's keyword overrides are constructor arguments, checked by name ----------------


def test_from_mapping_overrides(key: LocalKey) -> None:
    config = {"PASETO_LOCAL_KEY": key.to_paserk()}
    policy = TokenPolicy.from_mapping(config, revocation_store=False, leeway=5)
    assert policy.revocation_store is None
    with pytest.raises(ConfigurationError, match="did you mean leeway") as info:
        TokenPolicy.from_mapping(config, leway=5)
    assert type(info.value) is ConfigurationError


# --- arevoke_family of a bare family id takes the subject given -----------------------------------


def test_arevoke_family_by_id_and_subject(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording)
    asyncio.run(policy.arevoke_family("family-id", subject="alice"))
    assert [(n, a, k["subject"]) for n, a, k in recording.calls] == [
        ("revoke_family", ("family-id",), "alice")
    ]

"""TokenPolicy: building, issuing and verifying (revocation and refresh: test_policy_revocation)."""

from __future__ import annotations

import copy
import pickle
import sys
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pasetokit
from pasetokit import (
    ClaimError,
    ConfigurationError,
    CSRFError,
    EncodeError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    InvalidKeyError,
    InvalidTokenError,
    LocalKey,
    MissingClaimError,
    NotYetValidError,
    PublicKey,
    SecretKey,
    TokenError,
    TokenPair,
    TokenPolicy,
    UnknownKeyError,
    WrongTokenTypeError,
)
from pasetokit._time import parse_timestamp

from policy_support import START, FakeClock, base_claims, make_policy, raw_token

RESERVED = ["sub", "jti", "iat", "nbf", "exp", "type", "fam", "fam_exp", "fresh", "scope", "scopes"]
RESERVED += ["csrf", "iss", "aud"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def key() -> LocalKey:
    return LocalKey.generate()


@pytest.fixture
def policy(clock: FakeClock, key: LocalKey) -> TokenPolicy:
    return make_policy(clock, local_key=key)


def ts(value: str) -> datetime:
    return datetime.fromtimestamp(parse_timestamp(value), START.tzinfo)


# --- building ---------------------------------------------------------------------------------


def test_no_issuing_key_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="needs an issuing key"):
        TokenPolicy()
    with pytest.raises(ConfigurationError, match="needs an issuing key"):
        TokenPolicy(verify_keys=[LocalKey.generate()])


@pytest.mark.parametrize("weak", ["hunter2-password", "k4.local.not-really"])
def test_string_key_is_refused_with_how_to_generate(weak: str) -> None:
    with pytest.raises(InvalidKeyError) as info:
        TokenPolicy(local_key=weak)  # type: ignore[arg-type]
    message = info.value.message
    assert "pasetokit keygen local" in message
    assert "LocalKey.generate()" in message
    assert weak not in message


def test_short_bytes_key_is_refused() -> None:
    with pytest.raises(InvalidKeyError, match="keygen local") as info:
        TokenPolicy(local_key=b"secret")  # type: ignore[arg-type]
    assert "6 bytes" in info.value.message
    assert "secret'" not in info.value.message


def test_wrong_key_classes_are_refused(key: LocalKey) -> None:
    signer = SecretKey.generate()
    with pytest.raises(InvalidKeyError, match="cannot sign"):
        TokenPolicy(secret_key=signer.public_key())  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="must be a SecretKey"):
        TokenPolicy(secret_key=key)  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="must be a LocalKey"):
        TokenPolicy(local_key=signer)  # type: ignore[arg-type]


def test_purpose_without_its_key_is_refused(key: LocalKey) -> None:
    with pytest.raises(ConfigurationError, match="secret_key=SecretKey"):
        TokenPolicy(local_key=key, access_purpose="public")
    with pytest.raises(ConfigurationError, match="local_key=LocalKey"):
        TokenPolicy(secret_key=SecretKey.generate(), refresh_purpose="local")
    with pytest.raises(ConfigurationError, match="'local' or 'public'"):
        TokenPolicy(local_key=key, access_purpose="v4.local")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"access_ttl": 0},
        {"access_ttl": -5},
        {"access_ttl": float("nan")},
        {"refresh_ttl": float("inf")},
        {"access_ttl": "900"},
        {"access_ttl": True},
        {"refresh_ttl": timedelta(days=365 * 101)},
        {"access_ttl": 3600, "refresh_ttl": 60},
        {"leeway": -1},
        {"leeway": float("nan")},
        {"issuer": ""},
        {"audience": 5},
        {"required_claims": "tenant"},
        {"required_claims": [1]},
        {"fail_open": "false"},
        {"include_kid": 1},
        {"clock": "now"},
        {"clock": datetime.now},  # naive
        {"revocation_store": True},
        {"revocation_store": object()},
        {"revocation_store": False, "fail_open": True},
        {"verify_keys": "k4.local.abc"},
        {"verify_keys": [object()]},
        {"verify_keys": 42},
    ],
)
def test_bad_settings_fail_at_build_time(key: LocalKey, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        TokenPolicy(local_key=key, **kwargs)


def test_store_mixing_sync_and_async_is_refused(key: LocalKey) -> None:
    class Mixed:
        def is_revoked(self, **kwargs: Any) -> bool:
            return False

        def revoke_token(self, jti: str, *, ttl: float) -> None: ...
        def revoke_family(self, family: str, *, ttl: float) -> None: ...
        def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None: ...
        async def mark_used(self, jti: str, *, ttl: float) -> bool:
            return True

    with pytest.raises(ConfigurationError, match="mixes sync and async"):
        TokenPolicy(local_key=key, revocation_store=Mixed())  # type: ignore[arg-type]


def test_policy_is_immutable_and_final(policy: TokenPolicy) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        policy._leeway = 5
    with pytest.raises(AttributeError, match="immutable"):
        policy.anything = 1
    with pytest.raises(AttributeError, match="immutable"):
        del policy._ring
    assert not hasattr(policy, "__dict__")
    # @final is enforced by mypy (strict, in CI); typing.final records __final__ only on 3.11+.
    if sys.version_info >= (3, 11):
        assert getattr(TokenPolicy, "__final__", False)
    assert copy.copy(policy) is policy
    assert copy.deepcopy(policy) is policy
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(policy)


def test_repr_shows_key_ids_never_key_material() -> None:
    local, signer = LocalKey.generate(), SecretKey.generate()
    old = LocalKey.generate()
    policy = TokenPolicy(local_key=local, secret_key=signer, verify_keys=[old], issuer="auth")
    text = repr(policy)
    for key in (local, signer, old):
        assert key.paserk_id in text
    for secret in (local, signer, old):
        assert secret.to_paserk() not in text
        assert secret.to_paserk().split(".")[2][:16] not in text
        assert secret.to_bytes().hex()[:16] not in text
    assert "issuer='auth'" in text
    assert "0:15:00" in text


def test_ttl_properties(key: LocalKey) -> None:
    policy = TokenPolicy(local_key=key, access_ttl=60, refresh_ttl=timedelta(hours=2))
    assert policy.access_ttl == timedelta(seconds=60)
    assert policy.refresh_ttl == timedelta(hours=2)
    assert isinstance(policy.revocation_store, pasetokit.MemoryRevocationStore)
    assert TokenPolicy(local_key=key, revocation_store=False).revocation_store is None


# --- issuing ----------------------------------------------------------------------------------


def test_access_token_claims(policy: TokenPolicy, key: LocalKey) -> None:
    token = policy.create_access_token("alice")
    assert token.startswith("v4.local.")
    decoded = pasetokit.decode(key, token, now=START)
    claims = decoded.claims
    assert set(claims) == {"sub", "jti", "iat", "nbf", "exp", "type", "fam", "fresh"}
    assert claims["sub"] == "alice"
    assert claims["type"] == "access"
    assert claims["fresh"] is False
    assert ts(claims["iat"]) == ts(claims["nbf"]) == START
    assert ts(claims["exp"]) == START + timedelta(minutes=15)
    assert decoded.kid == key.paserk_id


def test_refresh_token_claims(policy: TokenPolicy, key: LocalKey) -> None:
    claims = pasetokit.decode(key, policy.create_refresh_token("alice"), now=START).claims
    assert claims["type"] == "refresh"
    assert "fresh" not in claims
    assert ts(claims["exp"]) == START + timedelta(days=30)


def test_ids_are_unique_and_never_look_like_tokens(policy: TokenPolicy) -> None:
    claims = [policy.verify(policy.create_access_token("alice")) for _ in range(200)]
    jtis = {c["jti"] for c in claims}
    families = {c["fam"] for c in claims}
    assert len(jtis) == len(families) == 200
    assert all("." not in fam and len(fam) >= 22 for fam in families)


def test_iat_keeps_sub_second_precision(clock: FakeClock, policy: TokenPolicy) -> None:
    clock.advance(0.25)
    claims = policy.verify(policy.create_access_token("alice"))
    assert claims["iat"].endswith(".250000Z")


def test_default_purposes(key: LocalKey) -> None:
    signer = SecretKey.generate()
    only_public = TokenPolicy(secret_key=signer)
    assert only_public.create_access_token("a").startswith("v4.public.")
    both = TokenPolicy(local_key=key, secret_key=signer, refresh_purpose="public")
    assert both.create_access_token("a").startswith("v4.local.")
    assert both.create_refresh_token("a").startswith("v4.public.")
    assert both.create_access_token("a", purpose="public").startswith("v4.public.")
    with pytest.raises(ConfigurationError, match="secret_key"):
        TokenPolicy(local_key=key).create_access_token("a", purpose="public")


def test_public_token_kid_is_the_public_key_id() -> None:
    signer = SecretKey.generate()
    policy = TokenPolicy(secret_key=signer)
    token = policy.create_access_token("a")
    assert pasetokit.decode(signer.public_key(), token).kid == signer.public_key().paserk_id


def test_expires_in(policy: TokenPolicy) -> None:
    claims = policy.verify(policy.create_access_token("a", expires_in=timedelta(minutes=1)))
    assert ts(claims["exp"]) == START + timedelta(minutes=1)
    claims = policy.verify(policy.create_refresh_token("a", expires_in=120), token_type="refresh")
    assert ts(claims["exp"]) == START + timedelta(minutes=2)
    with pytest.raises(ConfigurationError, match="refresh_ttl"):
        policy.create_access_token("a", expires_in=timedelta(days=31))
    for bad in (0, -1, "60", float("nan")):
        with pytest.raises(ConfigurationError):
            policy.create_access_token("a", expires_in=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("subject", ["", 42, None, b"alice"])
def test_subject_must_be_a_non_empty_str(policy: TokenPolicy, subject: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"str\(user.id\)"):
        policy.create_access_token(subject)
    with pytest.raises(ConfigurationError):
        policy.create_refresh_token(subject)


@pytest.mark.parametrize("name", RESERVED)
def test_reserved_claims_are_never_overwritten(policy: TokenPolicy, name: str) -> None:
    with pytest.raises(ConfigurationError, match=repr(name)):
        policy.create_access_token("alice", claims={name: "x", "role": "admin"})
    with pytest.raises(ConfigurationError, match=repr(name)):
        policy.create_refresh_token("alice", claims={name: "x"})


def test_extra_claims(policy: TokenPolicy) -> None:
    extra = {"role": "admin", "tenant": {"id": 7}}
    claims = policy.verify(policy.create_access_token("alice", claims=extra))
    assert claims["role"] == "admin"
    assert claims["tenant"] == {"id": 7}
    assert extra == {"role": "admin", "tenant": {"id": 7}}  # the caller's mapping is untouched
    with pytest.raises(ConfigurationError, match="mapping"):
        policy.create_access_token("alice", claims=[("role", "x")])  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="strings"):
        policy.create_access_token("alice", claims={1: "x"})  # type: ignore[dict-item]
    with pytest.raises(EncodeError):
        policy.create_access_token("alice", claims={"when": object()})


def test_fresh_true_lasts_until_expiry(policy: TokenPolicy) -> None:
    claims = policy.verify(policy.create_access_token("a", fresh=True), fresh=True)
    assert claims["fresh"] == claims["exp"]


@pytest.mark.parametrize("span", [timedelta(minutes=5), 300, 300.0])
def test_fresh_span(clock: FakeClock, policy: TokenPolicy, span: Any) -> None:
    token = policy.create_access_token("a", fresh=span)
    assert ts(policy.verify(token)["fresh"]) == START + timedelta(minutes=5)
    clock.advance(300)
    policy.verify(token, fresh=True)
    clock.advance(1)
    with pytest.raises(FreshTokenRequiredError, match="no longer fresh"):
        policy.verify(token, fresh=True)
    policy.verify(token)  # still a perfectly valid, just not fresh, token


def test_fresh_span_never_outlives_the_token(policy: TokenPolicy) -> None:
    claims = policy.verify(policy.create_access_token("a", fresh=timedelta(days=2)))
    assert claims["fresh"] == claims["exp"]


@pytest.mark.parametrize("bad", [0, -1, "yes", float("nan"), None])
def test_bad_fresh_values(policy: TokenPolicy, bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="fresh"):
        policy.create_access_token("a", fresh=bad)


def test_scopes_claim(policy: TokenPolicy) -> None:
    claims = policy.verify(policy.create_access_token("a", scopes=["read", "write", "read"]))
    assert claims["scope"] == "read write"
    claims = policy.verify(policy.create_access_token("a", scopes="read  write:all"))
    assert claims["scope"] == "read write:all"
    assert "scope" not in policy.verify(policy.create_access_token("a"))


@pytest.mark.parametrize("bad", [["a b"], ['say"hi'], ["back\\slash"], [""], [1], b"read", 5])
def test_bad_scopes_are_refused(policy: TokenPolicy, bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="scope"):
        policy.create_access_token("a", scopes=bad)


def test_csrf_claim(policy: TokenPolicy) -> None:
    first = policy.verify(policy.create_access_token("a", csrf=True))["csrf"]
    second = policy.verify(policy.create_access_token("a", csrf=True))["csrf"]
    assert isinstance(first, str)
    assert len(first) >= 32
    assert first != second
    assert "csrf" not in policy.verify(policy.create_access_token("a"))
    with pytest.raises(ConfigurationError, match="csrf"):
        policy.create_access_token("a", csrf="yes")  # type: ignore[arg-type]


def test_csrf_value(policy: TokenPolicy) -> None:
    token = policy.create_refresh_token("a", csrf=True)
    assert policy.csrf_value(token) == policy.verify(token, token_type="refresh")["csrf"]
    assert policy.csrf_value(policy.create_access_token("a")) is None
    with pytest.raises(InvalidTokenError):
        policy.csrf_value(TokenPolicy(local_key=LocalKey.generate()).create_access_token("a"))


def test_token_pair_shares_family_and_csrf(policy: TokenPolicy) -> None:
    pair = policy.create_token_pair("alice", scopes=["read"], csrf=True, claims={"role": "x"})
    assert isinstance(pair, TokenPair)
    access = policy.verify(pair.access_token, fresh=True, scopes=["read"])
    refresh = policy.verify(pair.refresh_token, token_type="refresh")
    assert access["fam"] == refresh["fam"]
    assert access["csrf"] == refresh["csrf"]
    assert access["role"] == refresh["role"] == "x"
    assert access["jti"] != refresh["jti"]
    not_fresh = policy.create_token_pair("alice", fresh=False).access_token
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(not_fresh, fresh=True)


def test_issuer_and_audience(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, issuer="auth", audience="api")
    claims = policy.verify(policy.create_access_token("a"))
    assert (claims["iss"], claims["aud"]) == ("auth", "api")
    other = make_policy(clock, local_key=key, issuer="auth", audience="billing")
    with pytest.raises(ClaimError, match="aud"):
        other.verify(policy.create_access_token("a"))
    plain = make_policy(clock, local_key=key)
    with pytest.raises(ClaimError, match="iss"):
        policy.verify(plain.create_access_token("a"))


def test_required_claims(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, required_claims=["tenant"])
    with pytest.raises(ConfigurationError, match="'tenant'"):
        policy.create_access_token("a")
    assert policy.verify(policy.create_access_token("a", claims={"tenant": "t1"}))
    other = make_policy(clock, local_key=key)
    with pytest.raises(MissingClaimError, match="tenant"):
        policy.verify(other.create_access_token("a"))


def test_footer_and_kid(clock: FakeClock, key: LocalKey, policy: TokenPolicy) -> None:
    token = policy.create_access_token("a", footer={"app": "shop"})
    assert pasetokit.decode(key, token, now=START).footer == {"kid": key.paserk_id, "app": "shop"}
    with pytest.raises(EncodeError, match="mapping footer"):
        policy.create_access_token("a", footer="plain")
    no_kid = make_policy(clock, local_key=key, include_kid=False)
    token = no_kid.create_access_token("a", footer="plain")
    assert pasetokit.decode(key, token, now=START).footer == b"plain"
    assert policy.verify(token)["sub"] == "a"


# --- verifying --------------------------------------------------------------------------------


def test_lifetime_boundaries(clock: FakeClock, policy: TokenPolicy) -> None:
    access = policy.create_access_token("a")
    refresh = policy.create_refresh_token("a")
    clock.advance(15 * 60)
    policy.verify(access)  # exp itself is still valid
    clock.advance(0.001)
    with pytest.raises(ExpiredTokenError):
        policy.verify(access)
    policy.verify(refresh, token_type="refresh")
    clock.advance(30 * 24 * 3600)
    with pytest.raises(ExpiredTokenError):
        policy.verify(refresh, token_type="refresh")


def test_leeway(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, leeway=30)
    token = policy.create_access_token("a", fresh=60)
    clock.advance(15 * 60 + 29)
    policy.verify(token)
    clock.advance(2)
    with pytest.raises(ExpiredTokenError):
        policy.verify(token)


def test_no_token_is_accepted_longer_than_refresh_ttl(
    clock: FakeClock, key: LocalKey, policy: TokenPolicy
) -> None:
    """Even a token minted elsewhere with a longer exp: revocation entries would not outlive it."""
    token = pasetokit.encode(
        key, base_claims(), include_kid=True, now=START, expires_in=timedelta(days=60)
    )
    assert policy.verify(token)
    clock.advance(30 * 24 * 3600 + 1)
    with pytest.raises(ExpiredTokenError, match="maximum age"):
        policy.verify(token)


def test_not_yet_valid(clock: FakeClock, key: LocalKey) -> None:
    ahead = FakeClock(START + timedelta(minutes=5))
    token = make_policy(ahead, local_key=key).create_access_token("a")
    with pytest.raises(NotYetValidError):
        make_policy(clock, local_key=key).verify(token)


def test_token_types_are_strict(policy: TokenPolicy, key: LocalKey) -> None:
    access = policy.create_access_token("a")
    refresh = policy.create_refresh_token("a")
    with pytest.raises(WrongTokenTypeError, match="expected a refresh token"):
        policy.verify(access, token_type="refresh")
    with pytest.raises(WrongTokenTypeError, match="expected an access token"):
        policy.verify(refresh)
    with pytest.raises(WrongTokenTypeError, match="no type"):
        policy.verify(raw_token(key, base_claims(type=None)))
    with pytest.raises(WrongTokenTypeError):
        policy.verify(raw_token(key, base_claims(type="id")))
    with pytest.raises(WrongTokenTypeError):
        policy.verify(raw_token(key, base_claims(type=["access"])))
    with pytest.raises(ConfigurationError, match="token_type"):
        policy.verify(access, token_type="id")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["sub", "jti", "iat"])
def test_claims_revocation_needs_are_required(
    policy: TokenPolicy, key: LocalKey, name: str
) -> None:
    with pytest.raises(MissingClaimError, match=name):
        policy.verify(raw_token(key, base_claims(drop=name)))


def test_malformed_family_is_refused(policy: TokenPolicy, key: LocalKey) -> None:
    with pytest.raises(ClaimError, match="fam"):
        policy.verify(raw_token(key, base_claims(fam=7)))
    assert policy.verify(raw_token(key, base_claims(fam=None)))["sub"] == "alice"


def test_fresh_checks(policy: TokenPolicy, key: LocalKey) -> None:
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(policy.create_access_token("a"), fresh=True)
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(policy.create_refresh_token("a"), token_type="refresh", fresh=True)
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(raw_token(key, base_claims(fresh=None)), fresh=True)
    for bad in ("yes", True, "2026-11-28"):
        with pytest.raises(ClaimError, match="fresh"):
            policy.verify(raw_token(key, base_claims(fresh=bad)), fresh=True)
    with pytest.raises(ConfigurationError, match="fresh"):
        policy.verify(policy.create_access_token("a"), fresh=1)  # type: ignore[arg-type]


def test_scopes_are_checked(policy: TokenPolicy) -> None:
    token = policy.create_access_token("a", scopes=["read", "write"])
    assert policy.verify(token, scopes=["read"])
    assert policy.verify(token, scopes="write read")
    assert policy.verify(token, scopes=())
    with pytest.raises(InsufficientScopeError) as info:
        policy.verify(token, scopes=["read", "admin", "root"])
    assert info.value.missing == ("admin", "root")
    assert info.value.code == "insufficient_scope"
    with pytest.raises(InsufficientScopeError):
        policy.verify(policy.create_access_token("a"), scopes=["read"])
    with pytest.raises(ConfigurationError, match="scopes"):
        policy.verify(token, scopes=[1])  # type: ignore[list-item]


def test_scopes_list_claim_and_malformed_scope_claims(policy: TokenPolicy, key: LocalKey) -> None:
    assert policy.verify(raw_token(key, base_claims(scopes=["read", "x"])), scopes=["x"])
    for claims in (
        base_claims(scopes="read"),
        base_claims(scopes=["read", 1]),
        base_claims(scopes=["read write"]),
        base_claims(scope=["read"]),
        base_claims(scope="read", scopes=["read"]),
    ):
        with pytest.raises(ClaimError, match="scope"):
            policy.verify(raw_token(key, claims), scopes=["read"])


def test_purpose_is_detected_from_the_token(clock: FakeClock) -> None:
    local, signer = LocalKey.generate(), SecretKey.generate()
    policy = TokenPolicy(local_key=local, secret_key=signer, clock=clock)
    assert policy.verify(policy.create_access_token("a", purpose="local"))
    assert policy.verify(policy.create_access_token("a", purpose="public"))


def test_key_rotation(clock: FakeClock) -> None:
    old, new = LocalKey.generate(), LocalKey.generate()
    token = make_policy(clock, local_key=old).create_access_token("a")
    rotated = make_policy(clock, local_key=new, verify_keys=[old])
    assert rotated.verify(token)["sub"] == "a"
    assert make_policy(clock, local_key=new, verify_keys=pasetokit.KeyRing([old])).verify(token)
    assert make_policy(clock, local_key=new, verify_keys=old).verify(token)
    with pytest.raises(UnknownKeyError):
        make_policy(clock, local_key=new).verify(token)


def test_public_key_rotation(clock: FakeClock) -> None:
    old, new = SecretKey.generate(), SecretKey.generate()
    token = TokenPolicy(secret_key=old, clock=clock).create_access_token("a")
    rotated = TokenPolicy(secret_key=new, verify_keys=[old.public_key()], clock=clock)
    assert rotated.verify(token)["sub"] == "a"
    with pytest.raises(UnknownKeyError):
        TokenPolicy(secret_key=new, clock=clock).verify(token)
    verify_only = PublicKey.from_paserk(old.public_key().to_paserk())
    mixed = TokenPolicy(local_key=LocalKey.generate(), verify_keys=[verify_only], clock=clock)
    assert mixed.verify(token)["sub"] == "a"


def test_unknown_kid_fails_closed(policy: TokenPolicy, key: LocalKey) -> None:
    stranger = LocalKey.generate()
    token = pasetokit.encode(
        key, base_claims(), footer={"kid": stranger.paserk_id}, now=START, expires_in=60
    )
    with pytest.raises(UnknownKeyError):
        policy.verify(token)


def test_tampered_token(policy: TokenPolicy) -> None:
    token = policy.create_access_token("a")
    flipped = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(InvalidTokenError):
        policy.verify(flipped)


# --- CSRF -------------------------------------------------------------------------------------


def test_check_csrf(policy: TokenPolicy) -> None:
    claims = policy.verify(policy.create_access_token("a", csrf=True))
    policy.check_csrf(claims, claims["csrf"])
    with pytest.raises(CSRFError, match="missing CSRF header") as info:
        policy.check_csrf(claims, None)
    assert info.value.code == "csrf_failed"
    with pytest.raises(CSRFError, match="missing"):
        policy.check_csrf(claims, "")
    with pytest.raises(CSRFError, match="does not match"):
        policy.check_csrf(claims, claims["csrf"][:-1] + "x")
    with pytest.raises(CSRFError):
        policy.check_csrf(claims, 123)  # type: ignore[arg-type]
    with pytest.raises(CSRFError):
        policy.check_csrf(claims, "\udcff")  # a lone surrogate from a mangled header
    policy.check_csrf(policy.verify(policy.create_access_token("a")), None)  # no csrf claim
    with pytest.raises(CSRFError, match="malformed"):
        policy.check_csrf({"csrf": 5}, "5")
    with pytest.raises(ConfigurationError):
        policy.check_csrf("claims", "x")  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------------------------

_garbage = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300),
    st.text(alphabet="v4.localpublicABCxyz-_0123456789", max_size=300),
    st.builds(lambda body: "v4.local." + body, st.text(max_size=200)),
    st.none(),
    st.integers(),
)


@given(garbage=_garbage)
@settings(max_examples=300, deadline=None)
def test_garbage_raises_only_token_errors(garbage: Any) -> None:
    policy = _SHARED_POLICY
    for token_type in ("access", "refresh"):
        with pytest.raises(TokenError):
            policy.verify(garbage, token_type=token_type)


@given(position=st.integers(min_value=0), char=st.sampled_from("AB-_x.="))
@settings(max_examples=200, deadline=None)
def test_mutated_tokens_raise_only_token_errors(position: int, char: str) -> None:
    token = _SHARED_TOKEN
    i = position % len(token)
    mutated = token[:i] + char + token[i + 1 :]
    if mutated == token:
        return
    with pytest.raises(TokenError):
        _SHARED_POLICY.verify(mutated)


_claim_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@given(
    extra=st.dictionaries(
        st.text(min_size=1, max_size=12).filter(lambda n: n not in RESERVED), _claim_values
    )
)
@settings(max_examples=100, deadline=None)
def test_extra_claims_round_trip(extra: dict[str, Any]) -> None:
    claims = _SHARED_POLICY.verify(_SHARED_POLICY.create_access_token("alice", claims=extra))
    assert {name: claims[name] for name in extra} == extra


_SHARED_POLICY = TokenPolicy(local_key=LocalKey.generate(), clock=FakeClock())
_SHARED_TOKEN = _SHARED_POLICY.create_access_token("alice")


def test_policy_without_kid_tries_its_few_keys(clock: FakeClock) -> None:
    """Issue 10 item 7: tokens without a kid open only by a ring that tries each key, which
    KeyRing allows for a few keys per purpose; a policy issuing such tokens builds that ring."""
    from pasetokit.keyring import MAX_KEYS_WITHOUT_KID

    old, new = LocalKey.generate(), LocalKey.generate()
    token = make_policy(clock, local_key=old, include_kid=False).create_access_token("a")
    rotated = make_policy(clock, local_key=new, verify_keys=[old], include_kid=False)
    assert rotated.verify(token)["sub"] == "a"
    with pytest.raises(pasetokit.UnknownKeyError):
        make_policy(clock, local_key=new, verify_keys=[old]).verify(token)
    many = [LocalKey.generate() for _ in range(MAX_KEYS_WITHOUT_KID)]
    with pytest.raises(pasetokit.ConfigurationError, match="at most"):
        make_policy(clock, local_key=new, verify_keys=many, include_kid=False)

"""encode/decode: the recipe layer's contract."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import v4
from pasetokit._json import FooterLimits
from pasetokit.exceptions import (
    ClaimError,
    ConfigurationError,
    EncodeError,
    InvalidKeyError,
    InvalidTokenError,
    MalformedTokenError,
    MissingClaimError,
    UnknownKeyError,
    WrongPurposeError,
)
from pasetokit.keyring import MAX_KEYS_WITHOUT_KID

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
KeyPair = tuple[pasetokit.LocalKey | pasetokit.SecretKey, pasetokit.LocalKey | pasetokit.PublicKey]


@pytest.fixture(params=["local", "public"])
def keys(request: pytest.FixtureRequest) -> KeyPair:
    if request.param == "local":
        key = pasetokit.LocalKey.generate()
        return key, key
    secret = pasetokit.SecretKey.generate()
    return secret, secret.public_key()


def test_round_trip(keys: KeyPair) -> None:
    issuing, verifying = keys
    token = pasetokit.encode(issuing, {"sub": "alice", "roles": ["a"]}, now=NOW)
    decoded = pasetokit.decode(verifying, token, now=NOW)
    assert decoded.claims == {"sub": "alice", "roles": ["a"], "exp": "2026-11-28T13:00:00Z"}
    assert decoded.purpose == issuing.purpose
    assert decoded.version == "v4"
    assert decoded.footer == b""
    assert token.startswith(f"v4.{issuing.purpose}.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.purpose = "local"  # type: ignore[misc]


def test_secret_key_verifies_with_its_public_half() -> None:
    secret = pasetokit.SecretKey.generate()
    token = pasetokit.encode(secret, {"sub": "a"})
    assert pasetokit.decode(secret, token).claims["sub"] == "a"


def test_claims_are_never_mutated(keys: KeyPair) -> None:
    claims: dict[str, Any] = {"sub": "a", "iat": NOW, "nested": {"x": [1, 2]}}
    before = copy.deepcopy(claims)
    pasetokit.encode(keys[0], claims, now=NOW)
    assert claims == before


def test_datetimes_become_rfc3339_utc(keys: KeyPair) -> None:
    paris = timezone(timedelta(hours=1))
    claims = {
        "iat": NOW,
        "nbf": NOW.astimezone(paris),
        "exp": NOW + timedelta(minutes=5, microseconds=250),
    }
    token = pasetokit.encode(keys[0], claims, now=NOW)
    decoded = pasetokit.decode(keys[1], token, now=NOW).claims
    assert decoded == {
        "iat": "2026-11-28T12:00:00Z",
        "nbf": "2026-11-28T12:00:00Z",
        "exp": "2026-11-28T12:05:00.000250Z",
    }


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        pytest.param({"exp": 1767225600}, "numeric", id="numeric-exp"),
        pytest.param({"iat": 1.5}, "numeric", id="numeric-iat"),
        pytest.param({"exp": datetime(2030, 1, 1)}, "timezone-aware", id="naive-datetime"),
        pytest.param({"nbf": "2030-01-01"}, "RFC 3339", id="date-only"),
        pytest.param({"exp": "2030-01-01T00:00:00"}, "RFC 3339", id="no-offset"),
        pytest.param({"sub": 42}, "string", id="numeric-sub"),
        pytest.param({"aud": ["a", "b"]}, "string", id="list-aud"),
        pytest.param({"x": object()}, "JSON", id="not-json"),
        pytest.param({"x": float("nan")}, "JSON", id="nan"),
        pytest.param({1: "x"}, "names", id="non-str-key"),
    ],
)
def test_encode_refuses_bad_claims(claims: dict[Any, Any], message: str) -> None:
    with pytest.raises(EncodeError, match=message):
        pasetokit.encode(pasetokit.LocalKey.generate(), claims)


def test_claims_must_be_a_mapping() -> None:
    with pytest.raises(EncodeError):
        pasetokit.encode(pasetokit.LocalKey.generate(), [("sub", "a")])  # type: ignore[arg-type]


def test_expiry_defaults_and_overrides(local_key: pasetokit.LocalKey) -> None:
    def exp(**kwargs: Any) -> Any:
        token = pasetokit.encode(local_key, {}, now=NOW, **kwargs)
        rules = pasetokit.ClaimRules(require_exp=False)
        return pasetokit.decode(local_key, token, now=NOW, rules=rules).claims.get("exp")

    assert exp() == "2026-11-28T13:00:00Z"
    assert exp(expires_in=timedelta(minutes=15)) == "2026-11-28T12:15:00Z"
    assert exp(expires_in=90) == "2026-11-28T12:01:30Z"
    assert exp(expires_in=None) is None
    # An explicit exp claim wins over the default lifetime.
    token = pasetokit.encode(local_key, {"exp": NOW + timedelta(days=2)}, now=NOW)
    assert pasetokit.decode(local_key, token, now=NOW).claims["exp"] == "2026-11-30T12:00:00Z"


def test_non_expiring_tokens_need_an_explicit_opt_in_on_both_sides(
    local_key: pasetokit.LocalKey,
) -> None:
    token = pasetokit.encode(local_key, {"sub": "a"}, expires_in=None)
    with pytest.raises(MissingClaimError) as info:
        pasetokit.decode(local_key, token)
    assert info.value.claim == "exp"
    rules = pasetokit.ClaimRules(require_exp=False)
    assert pasetokit.decode(local_key, token, rules=rules).claims == {"sub": "a"}


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        pytest.param({"app": "x"}, {"app": "x"}, id="mapping"),
        pytest.param("plain text", b"plain text", id="str"),
        pytest.param(b"\x00\x01", b"\x00\x01", id="bytes"),
        pytest.param(b"", b"", id="empty"),
        pytest.param('["json", "but not an object"]', b'["json", "but not an object"]', id="array"),
    ],
)
def test_footers(keys: KeyPair, footer: Any, expected: Any) -> None:
    token = pasetokit.encode(keys[0], {}, footer=footer)
    assert token.count(".") == (3 if expected else 2)
    assert pasetokit.decode(keys[1], token).footer == expected


@pytest.mark.parametrize(
    "footer",
    [
        {"wpk": "k4.local.AAAA"},
        {"kid": "k4.secret.AAAA"},
        {"x": "k4.public.AAAA"},
        "k4.local-pw.AAAA",
        b"k3.secret-pw.AAAA",
    ],
)
def test_footer_never_carries_a_raw_or_password_wrapped_key(footer: Any) -> None:
    with pytest.raises(EncodeError, match="PASERK"):
        pasetokit.encode(pasetokit.LocalKey.generate(), {}, footer=footer)


def test_decode_refuses_forbidden_paserk_in_footer(local_key: pasetokit.LocalKey) -> None:
    # Built with the hazmat layer, which does not police footers.
    token = v4.encrypt(local_key, b'{"exp":"2099-01-01T00:00:00Z"}', footer=b"k4.public.AAAA")
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(local_key, token)


@pytest.mark.parametrize(
    ("footer", "limits"),
    [
        pytest.param(b'{"a":{"b":1}}', FooterLimits(), id="too-deep"),
        pytest.param(b'{"a":1,"b":2,"c":3}', FooterLimits(max_keys=2), id="too-many-keys"),
        pytest.param(b'{"a":"' + b"x" * 100 + b'"}', FooterLimits(max_length=64), id="too-long"),
        pytest.param(
            b"{" * 5000, FooterLimits(max_depth=10_000, max_length=10_000), id="deep-garbage"
        ),
        pytest.param(b'{"a":1,"a":2}', FooterLimits(), id="duplicate-keys"),
        pytest.param(b"{not json", FooterLimits(), id="invalid"),
    ],
)
def test_footer_limits(local_key: pasetokit.LocalKey, footer: bytes, limits: FooterLimits) -> None:
    token = v4.encrypt(local_key, b'{"exp":"2099-01-01T00:00:00Z"}', footer=footer)
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(local_key, token, footer_limits=limits)


def test_footer_limits_can_be_relaxed(local_key: pasetokit.LocalKey) -> None:
    token = pasetokit.encode(local_key, {}, footer={"a": {"b": 1}})
    assert pasetokit.decode(local_key, token, footer_limits=FooterLimits(max_depth=3)).footer == {
        "a": {"b": 1}
    }


def test_footer_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_depth"):
        FooterLimits(max_depth=0)
    with pytest.raises(TypeError):
        FooterLimits(max_deph=3)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "assertion",
    [b'{"tenant":"t1","user":7}', '{"tenant":"t1","user":7}', {"user": 7, "tenant": "t1"}],
    ids=["bytes", "str", "mapping-sorted"],
)
def test_implicit_assertion_forms_agree(keys: KeyPair, assertion: Any) -> None:
    token = pasetokit.encode(keys[0], {}, implicit_assertion={"tenant": "t1", "user": 7})
    assert pasetokit.decode(keys[1], token, implicit_assertion=assertion).claims
    with pytest.raises(InvalidTokenError):
        pasetokit.decode(keys[1], token)
    with pytest.raises(InvalidTokenError):
        pasetokit.decode(keys[1], token, implicit_assertion={"tenant": "t2", "user": 7})


def test_implicit_assertion_of_a_wrong_type_is_a_configuration_error(
    local_key: pasetokit.LocalKey,
) -> None:
    with pytest.raises(ConfigurationError):
        pasetokit.encode(local_key, {}, implicit_assertion=7)  # type: ignore[arg-type]


def test_wrong_purpose_is_an_error_never_a_fallback() -> None:
    local = pasetokit.LocalKey.generate()
    secret = pasetokit.SecretKey.generate()
    local_token = pasetokit.encode(local, {})
    public_token = pasetokit.encode(secret, {})
    cases: list[tuple[Any, str]] = [
        (local, public_token),
        (secret, local_token),
        (secret.public_key(), local_token),
        (pasetokit.KeyRing([local]), public_token),
        (pasetokit.KeyRing([secret]), local_token),
    ]
    for key, token in cases:
        with pytest.raises(WrongPurposeError):
            pasetokit.decode(key, token)


def test_only_keys_are_keys(local_key: pasetokit.LocalKey) -> None:
    token = pasetokit.encode(local_key, {})
    for not_a_key in ["secret", b"x" * 32, None]:
        with pytest.raises(InvalidKeyError):
            pasetokit.decode(not_a_key, token)  # type: ignore[arg-type]
        with pytest.raises(InvalidKeyError):
            pasetokit.encode(not_a_key, {})  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="SecretKey"):
        pasetokit.encode(pasetokit.SecretKey.generate().public_key(), {})  # type: ignore[arg-type]


def test_tampering_anywhere_is_opaque(keys: KeyPair) -> None:
    token = pasetokit.encode(keys[0], {"sub": "a"}, footer={"app": "x"})
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    start = token.index(".", 3) + 1
    for i in range(start, len(token), 7):
        if token[i] == ".":
            continue
        swapped = alphabet[(alphabet.index(token[i]) + 1) % 64]
        with pytest.raises(pasetokit.TokenError) as info:
            pasetokit.decode(keys[1], token[:i] + swapped + token[i + 1 :])
        assert isinstance(info.value, InvalidTokenError)
        if not isinstance(info.value, MalformedTokenError):
            assert str(info.value) == "invalid token"


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        pytest.param(b"[1,2]", InvalidTokenError, id="array"),
        pytest.param(b'"text"', InvalidTokenError, id="string"),
        pytest.param(b'{"a":1,"a":2}', InvalidTokenError, id="duplicate-keys"),
        pytest.param(b'{"a":NaN}', InvalidTokenError, id="nan"),
        pytest.param(b"\xff\xfe", InvalidTokenError, id="not-utf8"),
        pytest.param(b"{", InvalidTokenError, id="truncated"),
        pytest.param(b"[" * 100_000, InvalidTokenError, id="deeply-nested"),
        pytest.param(b'{"exp":1767225600}', ClaimError, id="numeric-exp"),
        pytest.param(b'{"exp":"2099-01-01"}', ClaimError, id="date-only-exp"),
        pytest.param(b'{"exp":"2099-01-01T00:00:00Z","iss":7}', ClaimError, id="numeric-iss"),
    ],
)
def test_authenticated_payload_must_be_a_json_object(
    keys: KeyPair, payload: bytes, error: type[Exception]
) -> None:
    issuing = keys[0]
    if isinstance(issuing, pasetokit.LocalKey):
        token = v4.encrypt(issuing, payload)
    else:
        token = v4.sign(issuing, payload)
    with pytest.raises(error):
        pasetokit.decode(keys[1], token, max_size=1_000_000)


class TestKeyRing:
    def test_rotation_by_kid(self) -> None:
        old, new = pasetokit.LocalKey.generate(), pasetokit.LocalKey.generate()
        old_secret, new_secret = pasetokit.SecretKey.generate(), pasetokit.SecretKey.generate()
        ring = pasetokit.KeyRing([new, old, new_secret, old_secret.public_key()])
        for key in (old, new, old_secret, new_secret):
            token = pasetokit.encode(key, {"sub": "a"}, include_kid=True)
            decoded = pasetokit.decode(ring, token)
            verifier = key.public_key() if isinstance(key, pasetokit.SecretKey) else key
            expected = verifier.paserk_id
            assert decoded.kid == expected

    def test_without_kid_tries_the_keys_of_the_purpose_only_when_asked(self) -> None:
        old, new = pasetokit.LocalKey.generate(), pasetokit.LocalKey.generate()
        token = pasetokit.encode(old, {"sub": "a"})
        ring = pasetokit.KeyRing([new, old], try_without_kid=True)
        assert ring.try_without_kid
        assert pasetokit.decode(ring, token).claims["sub"] == "a"
        with pytest.raises(UnknownKeyError):
            pasetokit.decode(pasetokit.KeyRing([new, old]), token)
        with pytest.raises(InvalidTokenError):
            pasetokit.decode(pasetokit.KeyRing([new]), token)
        # One key per purpose needs no kid: the token can only be meant for that key.
        secret = pasetokit.SecretKey.generate()
        both = pasetokit.KeyRing([old, secret])
        assert pasetokit.decode(both, token).claims["sub"] == "a"
        assert pasetokit.decode(both, pasetokit.encode(secret, {"sub": "b"})).claims["sub"] == "b"

    def test_try_without_kid_is_capped_and_typed(self) -> None:
        keys = [pasetokit.LocalKey.generate() for _ in range(MAX_KEYS_WITHOUT_KID + 1)]
        pasetokit.KeyRing(keys[:-1], try_without_kid=True)
        pasetokit.KeyRing(keys)  # a big ring is fine when tokens carry a kid
        with pytest.raises(ConfigurationError, match="at most"):
            pasetokit.KeyRing(keys, try_without_kid=True)
        with pytest.raises(ConfigurationError, match="bool"):
            pasetokit.KeyRing(keys[:1], try_without_kid=1)  # type: ignore[arg-type]
        assert "try_without_kid=True" in repr(pasetokit.KeyRing(keys[:1], try_without_kid=True))

    def test_unknown_kid_fails_closed(self) -> None:
        old, new = pasetokit.LocalKey.generate(), pasetokit.LocalKey.generate()
        token = pasetokit.encode(old, {}, include_kid=True)
        with pytest.raises(UnknownKeyError):
            pasetokit.decode(pasetokit.KeyRing([new]), token)
        with pytest.raises(UnknownKeyError):
            pasetokit.decode(new, token)

    def test_opaque_kid(self, local_key: pasetokit.LocalKey) -> None:
        token = pasetokit.encode(local_key, {}, footer={"kid": "my-key-2024"})
        # A single key was chosen by the caller: an application-defined kid is theirs to check.
        assert pasetokit.decode(local_key, token).kid == "my-key-2024"
        # A ring cannot resolve it, so it fails closed.
        with pytest.raises(UnknownKeyError):
            pasetokit.decode(pasetokit.KeyRing([local_key]), token)

    @pytest.mark.parametrize("kid", ["k4.pid.xxxx", "k4.sid.xxxx", "k3.lid.xxxx", 7, ["k4.lid"]])
    def test_kid_of_another_kind_or_type(self, local_key: pasetokit.LocalKey, kid: Any) -> None:
        token = pasetokit.encode(local_key, {}, footer={"kid": kid})
        for key in (local_key, pasetokit.KeyRing([local_key])):
            with pytest.raises(InvalidTokenError):
                pasetokit.decode(key, token)

    def test_secret_key_answers_to_sid_and_pid(self) -> None:
        secret = pasetokit.SecretKey.generate()
        ring = pasetokit.KeyRing([secret])
        for kid in (secret.paserk_id, secret.public_key().paserk_id):
            token = pasetokit.encode(secret, {}, footer={"kid": kid})
            assert pasetokit.decode(ring, token).kid == kid
            assert pasetokit.decode(secret, token).kid == kid

    def test_ring_validation_and_repr(self, local_key: pasetokit.LocalKey) -> None:
        with pytest.raises(InvalidKeyError):
            pasetokit.KeyRing([])
        with pytest.raises(InvalidKeyError):
            pasetokit.KeyRing(["k4.local.xxx"])  # type: ignore[list-item]
        ring = pasetokit.KeyRing([local_key, local_key])
        assert len(ring) == 1
        assert list(ring) == [local_key]
        assert local_key.paserk_id in ring
        assert repr(ring) == f"KeyRing({local_key.paserk_id})"
        assert local_key.to_paserk() not in repr(ring)
        with pytest.raises(AttributeError):
            ring._keys = ()

    def test_include_kid_needs_a_mapping_footer(self, local_key: pasetokit.LocalKey) -> None:
        with pytest.raises(EncodeError):
            pasetokit.encode(local_key, {}, footer="text", include_kid=True)
        with pytest.raises(EncodeError, match="another kid"):
            pasetokit.encode(local_key, {}, footer={"kid": "app-1"}, include_kid=True)
        token = pasetokit.encode(local_key, {}, footer={"app": 1}, include_kid=True)
        assert pasetokit.decode(local_key, token).footer == {
            "kid": local_key.paserk_id,
            "app": 1,
        }


@pytest.mark.parametrize("max_size", [0, -1, "big", 1.5])
def test_max_size_must_be_a_positive_int(local_key: pasetokit.LocalKey, max_size: Any) -> None:
    with pytest.raises(ConfigurationError):
        pasetokit.decode(local_key, pasetokit.encode(local_key, {}), max_size=max_size)


def test_now_must_be_aware(local_key: pasetokit.LocalKey) -> None:
    with pytest.raises(ConfigurationError):
        pasetokit.encode(local_key, {}, now=datetime(2026, 1, 1))
    with pytest.raises(ConfigurationError):
        pasetokit.decode(local_key, "v4.local.x", rules="strict")  # type: ignore[arg-type]

"""TokenPolicy.from_env / from_mapping: strict settings under a prefix, keys as PASERK or PEM."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ConfigurationError,
    InvalidKeyError,
    LocalKey,
    PublicKey,
    SecretKey,
    TokenPolicy,
)
from pasetokit._b64 import b64encode

from policy_support import FakeClock


@pytest.fixture(scope="module")
def local() -> LocalKey:
    return LocalKey.generate()


@pytest.fixture(scope="module")
def signer() -> SecretKey:
    return SecretKey.generate()


def assert_no_material(message: str, *keys: LocalKey | SecretKey | str) -> None:
    for key in keys:
        text = key if isinstance(key, str) else key.to_paserk()
        body = text.split(".")[-1] if text.startswith("k4.") else text
        assert body[:12] not in message


def test_full_configuration(local: LocalKey, signer: SecretKey) -> None:
    old_local, partner = LocalKey.generate(), SecretKey.generate()
    env = {
        "PASETO_LOCAL_KEY": local.to_paserk(),
        "PASETO_SECRET_KEY": signer.to_paserk(),
        "PASETO_VERIFY_KEYS": f"{old_local.to_paserk()}, {partner.public_key().to_paserk()}",
        "PASETO_ACCESS_TTL": "300",
        "PASETO_REFRESH_TTL": " 86400 ",
        "PASETO_ACCESS_PURPOSE": "local",
        "PASETO_REFRESH_PURPOSE": "public",
        "PASETO_ISSUER": "auth",
        "PASETO_AUDIENCE": "api",
        "PASETO_REQUIRED_CLAIMS": "tenant, region",
        "PASETO_LEEWAY": "5",
        "PASETO_FAIL_OPEN": "false",
        "PASETO_INCLUDE_KID": "TRUE",
        "HOME": "/root",  # not ours: ignored
    }
    policy = TokenPolicy.from_env(env)
    assert policy.access_ttl == timedelta(minutes=5)
    assert policy.refresh_ttl == timedelta(days=1)
    extra = {"tenant": "t", "region": "eu"}
    access = policy.create_access_token("a", claims=extra)
    refresh = policy.create_refresh_token("a", claims=extra)
    assert access.startswith("v4.local.")
    assert refresh.startswith("v4.public.")
    claims = policy.verify(access)
    assert (claims["iss"], claims["aud"]) == ("auth", "api")
    for key in (old_local, partner.public_key()):
        assert key.paserk_id in repr(policy)
    old_token = TokenPolicy(
        local_key=old_local, issuer="auth", audience="api", required_claims=["tenant", "region"]
    ).create_access_token("a", claims=extra)
    assert policy.verify(old_token)["sub"] == "a"


def test_from_env_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch, local: LocalKey) -> None:
    monkeypatch.setenv("PASETO_LOCAL_KEY", local.to_paserk())
    monkeypatch.setenv("PASETO_ACCESS_TTL", "60")
    assert TokenPolicy.from_env().access_ttl == timedelta(seconds=60)


def test_pem_keys(signer: SecretKey) -> None:
    partner = SecretKey.generate()
    pem = signer.to_pem()
    for text in (pem, pem.replace("\n", "\\n")):  # real newlines, or .env-style escapes
        policy = TokenPolicy.from_env(
            {
                "PASETO_SECRET_KEY": text,
                "PASETO_VERIFY_KEYS": partner.public_key().to_pem() + "\n" + partner.to_pem(),
            }
        )
        token = policy.create_access_token("a")
        assert pasetokit.decode(signer.public_key(), token).claims["sub"] == "a"
        assert partner.public_key().paserk_id in repr(policy)


def test_typed_values_from_a_mapping(local: LocalKey) -> None:
    config: dict[Any, Any] = {
        "PASETO_LOCAL_KEY": local,
        "PASETO_ACCESS_TTL": timedelta(minutes=2),
        "PASETO_REFRESH_TTL": 3600,
        "PASETO_FAIL_OPEN": False,
        "PASETO_VERIFY_KEYS": [LocalKey.generate()],
        "PASETO_REQUIRED_CLAIMS": ("tenant",),
        "DEBUG": True,
        7: "non-string keys are not settings",
    }
    policy = TokenPolicy.from_mapping(config)
    assert policy.access_ttl == timedelta(minutes=2)
    assert policy.refresh_ttl == timedelta(hours=1)


def test_overrides_win(local: LocalKey) -> None:
    clock = FakeClock()
    policy = TokenPolicy.from_mapping(
        {"PASETO_LOCAL_KEY": local.to_paserk(), "PASETO_ACCESS_TTL": "60"},
        access_ttl=120,
        clock=clock,
        revocation_store=False,
    )
    assert policy.access_ttl == timedelta(seconds=120)
    assert policy.revocation_store is None
    assert policy.verify(policy.create_access_token("a"))["iat"] == "2026-11-28T12:00:00Z"


def test_unknown_override(local: LocalKey) -> None:
    with pytest.raises(ConfigurationError, match="did you mean revocation_store"):
        TokenPolicy.from_mapping({"PASETO_LOCAL_KEY": local.to_paserk()}, revocation_stor=False)


def test_other_prefix(local: LocalKey) -> None:
    policy = TokenPolicy.from_mapping(
        {"AUTH_LOCAL_KEY": local.to_paserk(), "PASETO_WHATEVER": "ignored"}, prefix="AUTH_"
    )
    assert policy.create_access_token("a").startswith("v4.local.")
    with pytest.raises(ConfigurationError, match="prefix"):
        TokenPolicy.from_mapping({}, prefix="")


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("PASETO_ACESS_TTL", "PASETO_ACCESS_TTL"),
        ("PASETO_LOCALKEY", "PASETO_LOCAL_KEY"),
        ("PASETO_FAILOPEN", "PASETO_FAIL_OPEN"),
        ("paseto_leeway", "PASETO_LEEWAY"),
        ("PASETO_VERIFY_KEY", "PASETO_VERIFY_KEYS"),
    ],
)
def test_typos_are_refused_with_a_suggestion(local: LocalKey, name: str, suggestion: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        TokenPolicy.from_env({"PASETO_LOCAL_KEY": local.to_paserk(), name: "1"})
    message = info.value.message
    assert name in message
    assert f"did you mean {suggestion}?" in message
    assert "Valid settings: PASETO_ACCESS_PURPOSE, PASETO_ACCESS_TTL" in message
    assert_no_material(message, local)


def test_unknown_setting_without_a_close_match() -> None:
    with pytest.raises(ConfigurationError, match="PASETO_REDIS_URL") as info:
        TokenPolicy.from_env({"PASETO_REDIS_URL": "redis://localhost"})
    assert "did you mean" not in info.value.message.split("Valid")[0]


@pytest.mark.parametrize("weak", ["secret", "changeme-please-0123456789", "hunter2 hunter2"])
def test_weak_local_key(weak: str) -> None:
    with pytest.raises(InvalidKeyError) as info:
        TokenPolicy.from_env({"PASETO_LOCAL_KEY": weak})
    message = info.value.message
    assert "PASETO_LOCAL_KEY" in message
    assert "pasetokit keygen local" in message
    assert "password" in message
    assert weak not in message


def test_wrong_paserk_types_never_echo_material(local: LocalKey, signer: SecretKey) -> None:
    cases = [
        ("PASETO_LOCAL_KEY", signer.to_paserk(), "'secret'"),
        ("PASETO_LOCAL_KEY", "k4.local." + b64encode(local.to_bytes()[:31]), "32 bytes"),
        ("PASETO_LOCAL_KEY", signer.to_pem(), "PEM"),
        ("PASETO_SECRET_KEY", local.to_paserk(), "'local'"),
        ("PASETO_SECRET_KEY", "password1", "keygen public"),
        (
            "PASETO_SECRET_KEY",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "PEM",
        ),
        ("PASETO_VERIFY_KEYS", "k4.public.AAAA", "key 1"),
        ("PASETO_VERIFY_KEYS", f"{local.to_paserk()},hunter2", "key 2"),
        ("PASETO_VERIFY_KEYS", "k4.local-pw.AAAA", "key 1"),
    ]
    for name, value, expected in cases:
        env = {"PASETO_LOCAL_KEY": LocalKey.generate().to_paserk(), name: value}
        with pytest.raises(InvalidKeyError) as info:
            TokenPolicy.from_env(env)
        assert expected in info.value.message, (name, info.value.message)
        assert name in info.value.message
        assert_no_material(info.value.message, local, signer)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PASETO_ACCESS_TTL", "15m", "whole number of seconds"),
        ("PASETO_ACCESS_TTL", "-5", "whole number of seconds"),
        ("PASETO_ACCESS_TTL", "0", "access_ttl"),
        ("PASETO_ACCESS_TTL", "١٢", "whole number"),  # non-ASCII digits
        ("PASETO_LEEWAY", "1.5", "whole number"),
        ("PASETO_ACCESS_TTL", "", "empty"),
        ("PASETO_ISSUER", "", "empty"),
        ("PASETO_FAIL_OPEN", "yes", "'true' or 'false'"),
        ("PASETO_FAIL_OPEN", "1", "'true' or 'false'"),
        ("PASETO_INCLUDE_KID", 1, "must be a string"),
        ("PASETO_ACCESS_PURPOSE", "LOCAL", "'local' or 'public'"),
        ("PASETO_REFRESH_PURPOSE", "public", "secret_key"),
        ("PASETO_REQUIRED_CLAIMS", " , ", "empty"),
        ("PASETO_REFRESH_TTL", "60", "access_ttl must not exceed"),
        # Flask-JWT-Extended's JWT_ACCESS_TOKEN_EXPIRES = False, renamed: named and explained
        ("PASETO_ACCESS_TTL", False, r"PASETO_ACCESS_TTL = False \(a token that never expires"),
        ("PASETO_REFRESH_TTL", False, r"PASETO_REFRESH_TTL = False \(a token that never"),
        ("PASETO_LEEWAY", True, "leeway must be a timedelta or a number of seconds, not bool"),
    ],
)
def test_bad_values(local: LocalKey, name: str, value: object, expected: str) -> None:
    with pytest.raises(ConfigurationError, match=expected):
        TokenPolicy.from_mapping({"PASETO_LOCAL_KEY": local.to_paserk(), name: value})


def test_flags(local: LocalKey) -> None:
    base = {"PASETO_LOCAL_KEY": local.to_paserk()}
    policy = TokenPolicy.from_env({**base, "PASETO_FAIL_OPEN": " True "})
    assert "fail_open=True" in repr(policy)
    no_kid = TokenPolicy.from_env({**base, "PASETO_INCLUDE_KID": "false"})
    assert pasetokit.decode(local, no_kid.create_access_token("a")).footer == b""


def test_no_key_at_all() -> None:
    with pytest.raises(ConfigurationError, match="needs an issuing key"):
        TokenPolicy.from_env({})
    with pytest.raises(ConfigurationError, match="mapping"):
        TokenPolicy.from_mapping([("PASETO_LOCAL_KEY", "x")])  # type: ignore[arg-type]


def test_verify_keys_accepts_public_and_secret_keys(local: LocalKey) -> None:
    partner = SecretKey.generate()
    public = PublicKey.from_pem(partner.public_key().to_pem())
    policy = TokenPolicy.from_env(
        {
            "PASETO_LOCAL_KEY": local.to_paserk(),
            "PASETO_VERIFY_KEYS": f"{partner.to_paserk()}\n{public.to_paserk()}",
        }
    )
    token = TokenPolicy(secret_key=partner).create_access_token("a")
    assert policy.verify(token)["sub"] == "a"

"""Rules of the policy argument checks (``policy/_args.py``) that only the statement-level
mutants showed unpinned: an empty string or bytes is not an empty key list, a non-key inside
``verify_keys`` is refused by the policy itself, and ``issuer``/``audience`` must be non-empty
strings; ``from_mapping`` (``policy/_config.py``) takes a ``SecretKey`` object as it is; and two
``policy/_issue.py`` rules: a pair whose refresh ``exp`` would pass year 9999 is an
``EncodeError``, and a re-issue refuses a token whose ``fam`` is not a string. Each test pins the
exact class and ``code``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ClaimError,
    ConfigurationError,
    EncodeError,
    InvalidKeyError,
    LocalKey,
    PublicKey,
    SecretKey,
    TokenPolicy,
)

from policy_support import START, base_claims


@pytest.mark.parametrize("value", ["", b"", bytearray(), memoryview(b"")])
def test_empty_text_or_bytes_is_not_an_empty_key_list(value: object) -> None:
    # Iterable, but not a collection of keys: refused before the ring is built, never read as
    # "no extra verify keys" (the mutant that drops the check iterates nothing and accepts it).
    with pytest.raises(InvalidKeyError) as info:
        TokenPolicy(local_key=LocalKey.generate(), verify_keys=value)  # type: ignore[arg-type]
    assert type(info.value) is InvalidKeyError
    assert info.value.code == "invalid_key"
    assert "verify_keys must be a KeyRing" in info.value.message


@pytest.mark.parametrize("stranger", ["k4.local.AAAA", b"\x00" * 32, 7, None])
def test_a_non_key_inside_verify_keys_is_refused_by_index(stranger: object) -> None:
    public = PublicKey.from_bytes(b"\x01" * 32)
    keys: list[Any] = [public, stranger]
    with pytest.raises(InvalidKeyError) as info:
        TokenPolicy(local_key=LocalKey.generate(), verify_keys=keys)
    assert type(info.value) is InvalidKeyError
    assert info.value.code == "invalid_key"
    assert "verify_keys[1]" in info.value.message


def test_real_keys_inside_verify_keys_are_accepted() -> None:
    public = PublicKey.from_bytes(b"\x01" * 32)
    policy = TokenPolicy(local_key=LocalKey.generate(), verify_keys=[public, LocalKey.generate()])
    assert policy.create_access_token("alice").startswith("v4.local.")


@pytest.mark.parametrize("setting", ["issuer", "audience"])
@pytest.mark.parametrize("value", ["", 5, b"app", ["app"]])
def test_issuer_and_audience_are_non_empty_strings(setting: str, value: object) -> None:
    chosen: dict[str, Any] = {setting: value}
    with pytest.raises(ConfigurationError) as info:
        TokenPolicy(local_key=LocalKey.generate(), **chosen)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"
    assert info.value.message == f"{setting} must be a non-empty str or None"


@pytest.mark.parametrize("setting", ["issuer", "audience"])
def test_issuer_and_audience_may_be_none_or_a_string(setting: str) -> None:
    for value in (None, "app"):
        chosen: dict[str, Any] = {setting: value}
        TokenPolicy(local_key=LocalKey.generate(), **chosen)


def test_from_mapping_takes_key_objects_as_they_are() -> None:
    # app.config may hold the key objects themselves; only strings are parsed (PASERK or PEM).
    secret, local = SecretKey.generate(), LocalKey.generate()
    policy = TokenPolicy.from_mapping(
        {"PASETO_SECRET_KEY": secret, "PASETO_LOCAL_KEY": local, "PASETO_ACCESS_PURPOSE": "public"}
    )
    token = policy.create_access_token("alice")
    assert token.startswith("v4.public.")
    assert pasetokit.decode(secret.public_key(), token).claims["sub"] == "alice"


def test_a_pair_whose_refresh_exp_would_pass_year_9999_is_an_encode_error() -> None:
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    policy = TokenPolicy(
        local_key=LocalKey.generate(), clock=lambda: late, access_ttl=60, refresh_ttl=7200
    )
    assert policy.create_access_token("alice").startswith("v4.local.")  # 60 s still fits
    with pytest.raises(EncodeError) as info:
        policy.create_token_pair("alice")  # the refresh token's exp (and fam_exp) would not
    assert type(info.value) is EncodeError
    assert info.value.code == "encode_error"


@pytest.mark.parametrize("family", [5, None, ["f"]])
def test_a_reissue_refuses_a_family_that_is_not_a_string(family: object) -> None:
    key = LocalKey.generate()
    policy = TokenPolicy(local_key=key, clock=lambda: START, revocation_store=False)
    claims = base_claims(fam=family, fam_exp="2026-12-28T12:00:00Z")
    token = pasetokit.encode(key, claims, include_kid=True, now=START, expires_in=600)
    with pytest.raises(ClaimError) as info:
        policy.reissue_access(token)
    assert type(info.value) is ClaimError
    assert info.value.code == "invalid_claim"
    assert info.value.claim == "fam"

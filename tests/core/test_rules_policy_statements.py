"""Rules of the policy argument checks (``policy/_args.py``) that only the statement-level
mutants showed unpinned: an empty string or bytes is not an empty key list, a non-key inside
``verify_keys`` is refused by the policy itself, and ``issuer``/``audience`` must be non-empty
strings; ``from_mapping`` (``policy/_config.py``) takes a ``SecretKey`` object as it is. Each
test pins the exact class and ``code``."""

from __future__ import annotations

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

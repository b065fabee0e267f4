"""``pasetokit.web.authpaseto`` rules no other test pins: the ``public``-purpose key settings
(PASERK or PEM, inline or ``*_file``), the one-issuer and one-audience rules, and which
``*_token_expires`` values are lifetimes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ConfigurationError,
    InvalidKeyError,
    LocalKey,
    PasetoError,
    SecretKey,
    TokenPolicy,
)
from pasetokit.web import read_authpaseto_settings
from pasetokit.web.authpaseto import AuthPasetoConfig

LOCAL = LocalKey.generate().to_paserk()
SIGNER = SecretKey.generate()


def read(**values: Any) -> AuthPasetoConfig:
    return read_authpaseto_settings([(f"authpaseto_{k}", v) for k, v in values.items()])


def _refused(error: type[PasetoError], **values: Any) -> PasetoError:
    with pytest.raises(error) as info:
        read(**values)
    assert type(info.value) is error
    return info.value


def _signs_with(policy: TokenPolicy, signer: SecretKey) -> None:
    token = policy.create_access_token("alice")
    assert token.startswith("v4.public.")
    assert pasetokit.decode(signer.public_key(), token).claims["sub"] == "alice"


# --- the v4.public keys: PASERK or PEM, inline or from a file -------------------------------------


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_private_key_inline(form: str) -> None:
    text = SIGNER.to_paserk() if form == "paserk" else SIGNER.to_pem()
    _signs_with(read(private_key=text).policy, SIGNER)


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_key_files(tmp_path: Path, form: str) -> None:
    private, public = tmp_path / "private", tmp_path / "public"
    pub = SIGNER.public_key()
    private.write_text(SIGNER.to_pem() if form == "pem" else SIGNER.to_paserk(), "utf-8")
    public.write_text(pub.to_pem() if form == "pem" else pub.to_paserk(), "utf-8")
    config = read(private_key_file=str(private), public_key_file=str(public))
    _signs_with(config.policy, SIGNER)


def test_an_inline_key_wins_over_its_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file"  # never read: the inline value is given
    config = read(private_key=SIGNER.to_paserk(), private_key_file=str(missing))
    _signs_with(config.policy, SIGNER)


def test_an_empty_key_setting_is_unset() -> None:
    config = read(secret_key=LOCAL, private_key="", public_key="")
    assert config.policy.create_access_token("alice").startswith("v4.local.")


def test_a_public_key_verifies_tokens_of_its_issuer() -> None:
    partner = SecretKey.generate()
    ours = read(secret_key=LOCAL, public_key=partner.public_key().to_paserk()).policy
    theirs = TokenPolicy(secret_key=partner, revocation_store=False)
    assert ours.verify(theirs.create_access_token("bob"))["sub"] == "bob"


@pytest.mark.parametrize("form", ["paserk", "pem"])
def test_a_public_key_must_be_the_private_keys_half(form: str) -> None:
    other = SecretKey.generate().public_key()
    text = other.to_paserk() if form == "paserk" else other.to_pem()
    error = _refused(InvalidKeyError, private_key=SIGNER.to_paserk(), public_key=text)
    assert error.code == "invalid_key"
    matching = SIGNER.public_key()
    same = matching.to_paserk() if form == "paserk" else matching.to_pem()
    _signs_with(read(private_key=SIGNER.to_paserk(), public_key=same).policy, SIGNER)


# --- one issuer, one audience ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "decode", "issuer"),
    [
        ("us", None, "us"),
        (None, "us", "us"),
        ("us", "us", "us"),
        ("", "us", "us"),
        (None, None, None),
    ],
)
def test_one_issuer(encode: str | None, decode: str | None, issuer: str | None) -> None:
    config = read(secret_key=LOCAL, encode_issuer=encode, decode_issuer=decode)
    assert config.issuer == issuer
    claims = config.policy.verify(config.policy.create_access_token("alice"))
    assert claims.get("iss") == issuer


def test_two_issuers_are_refused() -> None:
    _refused(ConfigurationError, secret_key=LOCAL, encode_issuer="us", decode_issuer="them")


@pytest.mark.parametrize(
    ("audience", "expected"),
    [(["api"], "api"), (("api",), "api"), ("api", "api"), ([], None), ("", None)],
)
def test_one_audience(audience: Any, expected: str | None) -> None:
    config = read(secret_key=LOCAL, decode_audience=audience)
    assert config.audience == expected
    claims = config.policy.verify(config.policy.create_access_token("alice"))
    assert claims.get("aud") == expected


def test_several_audiences_are_refused() -> None:
    _refused(ConfigurationError, secret_key=LOCAL, decode_audience=["api", "admin"])


# --- lifetimes: a timedelta or whole seconds; never False, never a float or a bool --------------


@pytest.mark.parametrize("given", [600, timedelta(minutes=10)])
def test_expiry_in_seconds_or_timedelta(given: int | timedelta) -> None:
    policy = read(secret_key=LOCAL, access_token_expires=given).policy
    assert policy.access_ttl == timedelta(minutes=10)


@pytest.mark.parametrize("given", [False, True, 1.5, "600", None])
def test_expiry_refused(given: object) -> None:
    error = _refused(ConfigurationError, secret_key=LOCAL, refresh_token_expires=given)
    assert error.code == "configuration_error"


# --- purpose: local when a secret_key is set, unless authpaseto_purpose says otherwise ---------


@pytest.mark.parametrize(
    ("values", "header"),
    [
        ({"secret_key": LOCAL}, "v4.local."),
        ({"private_key": SIGNER.to_paserk()}, "v4.public."),
        ({"secret_key": LOCAL, "private_key": SIGNER.to_paserk()}, "v4.local."),
        (
            {"secret_key": LOCAL, "private_key": SIGNER.to_paserk(), "purpose": "public"},
            "v4.public.",
        ),
        ({"secret_key": LOCAL, "private_key": SIGNER.to_paserk(), "purpose": "local"}, "v4.local."),
    ],
)
def test_purpose(values: dict[str, Any], header: str) -> None:
    policy = read(**values).policy
    assert policy.create_access_token("alice").startswith(header)
    assert policy.create_refresh_token("alice").startswith(header)


@pytest.mark.parametrize("purpose", ["LOCAL", "v4.local", "", 4])
def test_an_unknown_purpose_is_refused(purpose: object) -> None:
    _refused(ConfigurationError, secret_key=LOCAL, purpose=purpose)


def test_default_lifetimes_and_the_other_expiry_is_checked() -> None:
    policy = read(secret_key=LOCAL).policy
    assert policy.access_ttl == timedelta(minutes=15)
    assert policy.refresh_ttl == timedelta(days=30)
    _refused(ConfigurationError, secret_key=LOCAL, other_token_expires=False)
    _refused(ConfigurationError, secret_key=LOCAL, other_token_expires=1.5)

"""Text to key: PASERK or PEM, told apart in one place for the CLI and ``TokenPolicy.from_env``."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pasetokit import InvalidKeyError, LocalKey, PaserkError, PublicKey, SecretKey, TokenPolicy
from pasetokit._b64 import b64encode
from pasetokit._key_text import key_from_text

SECRET = SecretKey.generate()
LOCAL = LocalKey.generate()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LOCAL.to_paserk(), LOCAL),
        (SECRET.to_paserk(), SECRET),
        (SECRET.public_key().to_paserk(), SECRET.public_key()),
        (SECRET.to_pem(), SECRET),
        (SECRET.public_key().to_pem(), SECRET.public_key()),
        ("\n  " + LOCAL.to_paserk() + "\n", LOCAL),
        ("\r\n" + SECRET.to_pem().replace("\n", "\r\n"), SECRET),
    ],
    ids=["local", "secret", "public", "secret-pem", "public-pem", "padded", "crlf-pem"],
)
def test_every_form(text: str, expected: object) -> None:
    key = key_from_text(text)
    assert key == expected
    assert type(key) is type(expected)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("hunter2", PaserkError, "expected a PASERK (k4.local., k4.secret. or k4.public.) or"),
        ("", PaserkError, "Ed25519 PEM"),
        ("k4.lid." + "A" * 44, PaserkError, "key id, not a key"),
        ("k3.local." + b64encode(bytes(32)), PaserkError, "k4 only"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
            InvalidKeyError,
            "",
        ),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", InvalidKeyError, "PEM"),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", InvalidKeyError, "PEM"),
    ],
)
def test_refusals_never_quote_the_text(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        key_from_text(text)
    assert message in str(info.value)
    assert "AAAA" not in str(info.value)
    if text.strip():
        assert text.strip() not in str(info.value)


def test_raw_key_material_is_never_echoed() -> None:
    raw = b64encode(LOCAL.to_bytes())
    for text in (raw, "k4." + raw, "k4.locl." + raw):
        with pytest.raises(PaserkError) as info:
            key_from_text(text)
        assert raw not in str(info.value)


def test_not_a_str() -> None:
    with pytest.raises(InvalidKeyError, match="must be a str"):
        key_from_text(LOCAL.to_bytes())  # type: ignore[arg-type]


def test_from_env_verify_keys_use_it() -> None:
    """PASETO_VERIFY_KEYS takes the same forms, mixed, and reports the item that failed."""
    partner = SecretKey.generate()
    env = {
        "PASETO_LOCAL_KEY": LOCAL.to_paserk(),
        "PASETO_VERIFY_KEYS": f"{partner.public_key().to_pem()}\n{LocalKey.generate().to_paserk()}",
    }
    assert partner.public_key().paserk_id in repr(TokenPolicy.from_env(env))
    env["PASETO_VERIFY_KEYS"] = f"{LOCAL.to_paserk()}, hunter2"
    with pytest.raises(InvalidKeyError, match=r"key 2\): not a key: expected a PASERK"):
        TokenPolicy.from_env(env)


def test_public_pem_is_a_public_key() -> None:
    assert isinstance(key_from_text(SECRET.public_key().to_pem()), PublicKey)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=200),
        st.builds(lambda b: "k4.local." + b64encode(b), st.binary(max_size=40)),
        st.builds(lambda t: "-----BEGIN PRIVATE KEY-----\n" + t, st.text(max_size=120)),
    )
)
def test_garbage_raises_only_key_errors(text: str) -> None:
    """Any text gives a key or an InvalidKeyError (the fuzz target does the same, longer)."""
    key: object = None
    with contextlib.suppress(InvalidKeyError):
        key = key_from_text(text)
    assert key is None or isinstance(key, (LocalKey, SecretKey, PublicKey))

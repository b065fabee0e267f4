"""Hazmat ``pasetokit.v4``: every key-type, purpose and final-error check, with forged tokens
(the vectors only send valid ones through this API)."""

from __future__ import annotations

from typing import Any

import pytest

import pasetokit
from pasetokit import (
    InvalidKeyError,
    InvalidTokenError,
    MalformedTokenError,
    WrongPurposeError,
    v4,
)
from pasetokit._b64 import b64decode, b64encode

LOCAL = pasetokit.LocalKey.generate()
SECRET = pasetokit.SecretKey.generate()
PUBLIC = SECRET.public_key()


def flip_last_body_byte(token: str) -> str:
    parts = token.split(".")
    body = bytearray(b64decode(parts[2]))
    body[-1] ^= 1
    parts[2] = b64encode(bytes(body))
    return ".".join(parts)


def exactly(error: type[pasetokit.PasetoError], info: pytest.ExceptionInfo[Any], code: str) -> None:
    assert type(info.value) is error
    assert info.value.code == code


# --- key types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", [SECRET, PUBLIC, LOCAL.to_bytes(), None], ids=["secret", "public", "raw-bytes", "none"]
)
def test_encrypt_and_decrypt_need_a_local_key(key: Any) -> None:
    token = v4.encrypt(LOCAL, b"m")
    with pytest.raises(InvalidKeyError) as enc:
        v4.encrypt(key, b"m")
    exactly(InvalidKeyError, enc, "invalid_key")
    with pytest.raises(InvalidKeyError) as dec:
        v4.decrypt(key, token)
    exactly(InvalidKeyError, dec, "invalid_key")


@pytest.mark.parametrize(
    "key", [PUBLIC, LOCAL, SECRET.to_bytes(), None], ids=["public", "local", "raw-bytes", "none"]
)
def test_sign_needs_a_secret_key(key: Any) -> None:
    with pytest.raises(InvalidKeyError) as info:
        v4.sign(key, b"m")
    exactly(InvalidKeyError, info, "invalid_key")


@pytest.mark.parametrize(
    "key", [LOCAL, PUBLIC.to_bytes(), None], ids=["local", "raw-bytes", "none"]
)
def test_verify_needs_a_public_or_secret_key(key: Any) -> None:
    token = v4.sign(SECRET, b"m")
    with pytest.raises(InvalidKeyError) as info:
        v4.verify(key, token)
    exactly(InvalidKeyError, info, "invalid_key")
    assert v4.verify(SECRET, token) == v4.verify(PUBLIC, token) == (b"m", b"")


# --- purposes ----------------------------------------------------------------------------------


def test_decrypt_refuses_a_public_token() -> None:
    # A well-formed public token whose body is long enough to be a local one.
    token = v4.sign(SECRET, b"x" * 40)
    with pytest.raises(WrongPurposeError) as info:
        v4.decrypt(LOCAL, token)
    exactly(WrongPurposeError, info, "wrong_purpose")


def test_verify_refuses_a_local_token() -> None:
    token = v4.encrypt(LOCAL, b"x" * 40)
    with pytest.raises(WrongPurposeError) as info:
        v4.verify(PUBLIC, token)
    exactly(WrongPurposeError, info, "wrong_purpose")


# --- forged tokens: the final InvalidTokenError ------------------------------------------------


def test_decrypt_refuses_a_forged_token() -> None:
    token = v4.encrypt(LOCAL, b"secret message", footer=b"f")
    for forged in (
        flip_last_body_byte(token),
        v4.encrypt(pasetokit.LocalKey.generate(), b"secret message", footer=b"f"),
        token[: token.rindex(".")] + "." + b64encode(b"g"),
    ):
        with pytest.raises(InvalidTokenError) as info:
            v4.decrypt(LOCAL, forged)
        exactly(InvalidTokenError, info, "invalid_token")


def test_decrypt_binds_the_implicit_assertion() -> None:
    token = v4.encrypt(LOCAL, b"m", implicit_assertion=b"ctx")
    assert v4.decrypt(LOCAL, token, implicit_assertion=b"ctx") == (b"m", b"")
    with pytest.raises(InvalidTokenError) as info:
        v4.decrypt(LOCAL, token)
    exactly(InvalidTokenError, info, "invalid_token")


def test_verify_refuses_a_forged_token() -> None:
    token = v4.sign(SECRET, b"signed message", footer=b"f")
    for forged in (
        flip_last_body_byte(token),
        v4.sign(pasetokit.SecretKey.generate(), b"signed message", footer=b"f"),
        token[: token.rindex(".")] + "." + b64encode(b"g"),
    ):
        with pytest.raises(InvalidTokenError) as info:
            v4.verify(PUBLIC, forged)
        exactly(InvalidTokenError, info, "invalid_token")


def test_verify_binds_the_implicit_assertion() -> None:
    token = v4.sign(SECRET, b"m", implicit_assertion=b"ctx")
    assert v4.verify(PUBLIC, token, implicit_assertion=b"ctx") == (b"m", b"")
    with pytest.raises(InvalidTokenError):
        v4.verify(PUBLIC, token, implicit_assertion=b"other")


def test_footers_come_back() -> None:
    assert v4.decrypt(LOCAL, v4.encrypt(LOCAL, b"m", footer=b"foot")) == (b"m", b"foot")
    assert v4.verify(PUBLIC, v4.sign(SECRET, b"m", footer=b"foot")) == (b"m", b"foot")
    assert v4.encrypt(LOCAL, b"m").count(".") == 2
    assert v4.sign(SECRET, b"m").count(".") == 2


# --- max_size ----------------------------------------------------------------------------------


def test_max_size_of_decrypt_and_verify() -> None:
    local, public = v4.encrypt(LOCAL, b"m"), v4.sign(SECRET, b"m")
    assert v4.decrypt(LOCAL, local, max_size=len(local))[0] == b"m"
    assert v4.verify(PUBLIC, public, max_size=len(public))[0] == b"m"
    with pytest.raises(MalformedTokenError):
        v4.decrypt(LOCAL, local, max_size=len(local) - 1)
    with pytest.raises(MalformedTokenError):
        v4.verify(PUBLIC, public, max_size=len(public) - 1)


# --- hazmat inputs are bytes exactly: one bytearray among them is refused ----------------------


@pytest.mark.parametrize("which", ["message", "footer", "implicit_assertion"])
@pytest.mark.parametrize("make", ["encrypt", "sign"])
def test_each_input_must_be_bytes(which: str, make: str) -> None:
    given: dict[str, Any] = {"message": b"m", "footer": b"f", "implicit_assertion": b"i"}
    given[which] = bytearray(given[which])
    message = given.pop("message")
    key: Any = LOCAL if make == "encrypt" else SECRET
    with pytest.raises(TypeError, match="must be bytes"):
        getattr(v4, make)(key, message, **given)

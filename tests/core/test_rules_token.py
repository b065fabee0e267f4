"""The token's outer shape at its limits: the default size (a hard-coded 16 KiB, not read from
the constant), the bytes-input boundary and the minimum body (a 1-byte message)."""

from __future__ import annotations

import pytest

import pasetokit
from pasetokit import MalformedTokenError, v4
from pasetokit._b64 import b64encode

EXPECTED_DEFAULT_MAX = 16384  # written out on purpose: moving the default must fail here

KEY = pasetokit.LocalKey.generate()
SECRET = pasetokit.SecretKey.generate()


def local_token_of_length(length: int) -> str:
    """A valid v4.local token (non-JSON footer) of exactly ``length`` characters."""
    for pad in range(length):
        token = v4.encrypt(KEY, b'{"sub":"a"}', footer=b"f" * pad)
        if len(token) == length:
            return token
        if len(token) > length:
            break
    raise AssertionError(f"no token of length {length}")


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_default_size_limit_is_16_kib(as_bytes: bool) -> None:
    rules = pasetokit.ClaimRules(require_exp=False)
    at_limit = local_token_of_length(EXPECTED_DEFAULT_MAX)
    over = local_token_of_length(EXPECTED_DEFAULT_MAX + 1)
    given_at: str | bytes = at_limit.encode() if as_bytes else at_limit
    given_over: str | bytes = over.encode() if as_bytes else over
    assert pasetokit.decode(KEY, given_at, rules=rules).claims == {"sub": "a"}
    with pytest.raises(MalformedTokenError, match="too large") as info:
        pasetokit.decode(KEY, given_over, rules=rules)
    assert info.value.code == "malformed_token"


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_input_at_and_over_a_custom_limit(kind: type) -> None:
    token = v4.encrypt(KEY, b"{}")
    data = kind(token.encode())
    assert v4.decrypt(KEY, data, max_size=len(token)) == (b"{}", b"")
    with pytest.raises(MalformedTokenError, match="too large"):
        v4.decrypt(KEY, data, max_size=len(token) - 1)


def test_oversized_non_ascii_bytes_are_refused_as_too_large() -> None:
    # The size check on bytes comes before any decoding of them.
    with pytest.raises(MalformedTokenError, match="too large"):
        v4.decrypt(KEY, b"\xff" * 101, max_size=100)  # type: ignore[arg-type]
    with pytest.raises(MalformedTokenError, match="ASCII"):
        v4.decrypt(KEY, b"\xff" * 100, max_size=100)  # type: ignore[arg-type]


def test_local_token_with_a_one_byte_message() -> None:
    token = v4.encrypt(KEY, b"x")
    assert v4.decrypt(KEY, token) == (b"x", b"")


def test_public_token_with_a_one_byte_message() -> None:
    token = v4.sign(SECRET, b"x")
    assert v4.verify(SECRET.public_key(), token) == (b"x", b"")


@pytest.mark.parametrize("size", [0, 1, 63, 64])
def test_local_body_shorter_than_nonce_tag_and_a_byte(size: int) -> None:
    with pytest.raises(MalformedTokenError, match="too short") as info:
        v4.decrypt(KEY, "v4.local." + b64encode(b"\0" * size))
    assert info.value.code == "malformed_token"


@pytest.mark.parametrize("size", [0, 1, 63, 64])
def test_public_body_shorter_than_signature_and_a_byte(size: int) -> None:
    with pytest.raises(MalformedTokenError, match="too short"):
        v4.verify(SECRET.public_key(), "v4.public." + b64encode(b"\0" * size))


def test_65_byte_bodies_reach_the_cryptography() -> None:
    # Well formed, but forged: refused by the MAC / signature, not by the parser.
    with pytest.raises(pasetokit.InvalidTokenError) as local:
        v4.decrypt(KEY, "v4.local." + b64encode(b"\0" * 65))
    assert type(local.value) is pasetokit.InvalidTokenError
    with pytest.raises(pasetokit.InvalidTokenError) as public:
        v4.verify(SECRET.public_key(), "v4.public." + b64encode(b"\0" * 65))
    assert type(public.value) is pasetokit.InvalidTokenError


def test_token_kid_property() -> None:
    token = pasetokit.encode(KEY, {}, footer={"kid": 5})
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(KEY, token)
    assert pasetokit.decode(KEY, pasetokit.encode(KEY, {}, include_kid=True)).kid == KEY.paserk_id
    assert pasetokit.decode(KEY, pasetokit.encode(KEY, {}, footer=b"raw")).kid is None
    assert pasetokit.decode(KEY, pasetokit.encode(KEY, {}, footer={"k": 1})).kid is None

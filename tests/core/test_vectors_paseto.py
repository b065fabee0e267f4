"""The official PASETO v4 vectors (tests/vectors/paseto/v4.json): one test per vector.

Each success vector is checked three ways: the hazmat layer reproduces the token byte for byte
(a fixed nonce through the private ``_encrypt``; Ed25519 is deterministic), opens it back, and
the recipe layer ``decode`` returns the payload's claims (with the clock before the vectors'
2022 ``exp``). Each must-fail vector must raise the precise ``TokenError``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import v4
from pasetokit.exceptions import MalformedTokenError, WrongPurposeError

from conftest import load_vectors

VECTORS = load_vectors("paseto/v4.json")
BEFORE_EXPIRY = datetime(2021, 6, 1, tzinfo=timezone.utc)


def _params(expect_fail: bool) -> list[Any]:
    return [pytest.param(v, id=v["name"]) for v in VECTORS if v["expect-fail"] is expect_fail]


def test_vector_file_is_complete() -> None:
    assert len(VECTORS) == 17
    assert sum(v["expect-fail"] for v in VECTORS) == 5


@pytest.mark.parametrize("vec", _params(expect_fail=False))
def test_success_vector(vec: dict[str, Any]) -> None:
    payload = vec["payload"].encode()
    footer = vec["footer"].encode()
    implicit = vec["implicit-assertion"].encode()
    key: pasetokit.LocalKey | pasetokit.PublicKey
    if vec["token"].startswith("v4.local."):
        key = pasetokit.LocalKey.from_bytes(bytes.fromhex(vec["key"]))
        nonce = bytes.fromhex(vec["nonce"])
        assert v4._encrypt(key, payload, footer, implicit, nonce) == vec["token"]
        assert v4.decrypt(key, vec["token"], implicit_assertion=implicit) == (payload, footer)
    else:
        secret = pasetokit.SecretKey.from_bytes(bytes.fromhex(vec["secret-key"]))
        key = pasetokit.PublicKey.from_bytes(bytes.fromhex(vec["public-key"]))
        assert secret.public_key() == key
        assert secret == pasetokit.SecretKey.from_pem(vec["secret-key-pem"])
        assert secret == pasetokit.SecretKey.from_bytes(bytes.fromhex(vec["secret-key-seed"]))
        assert key == pasetokit.PublicKey.from_pem(vec["public-key-pem"])
        assert v4.sign(secret, payload, footer=footer, implicit_assertion=implicit) == vec["token"]
        assert v4.verify(key, vec["token"], implicit_assertion=implicit) == (payload, footer)
    token = pasetokit.decode(key, vec["token"], implicit_assertion=implicit, now=BEFORE_EXPIRY)
    assert token.claims == json.loads(payload)
    expected_footer = json.loads(footer) if footer.startswith(b"{") else footer
    assert token.footer == expected_footer
    # The vectors' exp is 2022-01-01: with the real clock the same token is expired.
    with pytest.raises(pasetokit.ExpiredTokenError):
        pasetokit.decode(key, vec["token"], implicit_assertion=implicit)


# Why each must-fail vector fails, and the error that says so.
FAILURES: dict[str, type[pasetokit.TokenError]] = {
    "4-F-1": WrongPurposeError,  # v4.local token, only Ed25519 keys available
    "4-F-2": WrongPurposeError,  # v4.public token, only a symmetric key available
    "4-F-3": MalformedTokenError,  # v3.local header
    "4-F-4": MalformedTokenError,  # non-zero trailing bits in the last base64url character
    "4-F-5": MalformedTokenError,  # "==" padding
}


def _fail_keys(
    vec: dict[str, Any],
) -> list[pasetokit.LocalKey | pasetokit.SecretKey | pasetokit.PublicKey]:
    if vec.get("key"):
        return [pasetokit.LocalKey.from_bytes(bytes.fromhex(vec["key"]))]
    return [
        pasetokit.SecretKey.from_bytes(bytes.fromhex(vec["secret-key"])),
        pasetokit.PublicKey.from_bytes(bytes.fromhex(vec["public-key"])),
    ]


@pytest.mark.parametrize("vec", _params(expect_fail=True))
def test_failure_vector(vec: dict[str, Any]) -> None:
    implicit = vec["implicit-assertion"].encode()
    for key in _fail_keys(vec):
        with pytest.raises(FAILURES[vec["name"]]):
            pasetokit.decode(key, vec["token"], implicit_assertion=implicit, now=BEFORE_EXPIRY)
        ring = pasetokit.KeyRing([key])
        with pytest.raises(FAILURES[vec["name"]]):
            pasetokit.decode(ring, vec["token"], implicit_assertion=implicit, now=BEFORE_EXPIRY)

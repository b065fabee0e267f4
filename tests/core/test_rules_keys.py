"""Key rules that no vector reaches: a PKCS#8 key with a mismatched public half, exact lengths,
non-``str`` PASERKs."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from pasetokit import InvalidKeyError, LocalKey, PaserkError, PublicKey, SecretKey

# RFC 8410 OneAsymmetricKey v2: version 1, the Ed25519 OID, the seed, then [1] publicKey.
V2_PREFIX = bytes.fromhex("3053020101300506032b657004220420")
V2_PUBLIC = bytes.fromhex("a123032100")
V1_PREFIX = bytes.fromhex("302e020100300506032b657004220420")


def pem(der: bytes, label: str = "PRIVATE KEY") -> str:
    body = base64.b64encode(der).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""])


def test_pkcs8_v2_with_the_matching_public_half() -> None:
    key = SecretKey.generate()
    seed, public = key.to_bytes()[:32], key.public_key().to_bytes()
    assert SecretKey.from_pem(pem(V2_PREFIX + seed + V2_PUBLIC + public)) == key
    assert SecretKey.from_pem(pem(V1_PREFIX + seed)) == key


def test_pkcs8_v2_with_a_mismatched_public_half_is_refused() -> None:
    key, other = SecretKey.generate(), SecretKey.generate()
    seed = key.to_bytes()[:32]
    forged = pem(V2_PREFIX + seed + V2_PUBLIC + other.public_key().to_bytes())
    with pytest.raises(InvalidKeyError, match="public half") as info:
        SecretKey.from_pem(forged)
    assert type(info.value) is InvalidKeyError
    assert info.value.code == "invalid_key"
    with pytest.raises(InvalidKeyError):
        SecretKey.from_pem(forged.encode())


def test_raw_64_bytes_with_a_mismatched_public_half_is_refused() -> None:
    key, other = SecretKey.generate(), SecretKey.generate()
    with pytest.raises(InvalidKeyError, match="public half"):
        SecretKey.from_bytes(key.to_bytes()[:32] + other.public_key().to_bytes())


def test_secret_paserk_with_a_mismatched_public_half_is_a_paserk_error() -> None:
    key, other = SecretKey.generate(), SecretKey.generate()
    material = key.to_bytes()[:32] + other.public_key().to_bytes()
    paserk = "k4.secret." + base64.urlsafe_b64encode(material).rstrip(b"=").decode()
    with pytest.raises(PaserkError) as info:
        SecretKey.from_paserk(paserk)
    assert info.value.code == "invalid_paserk"


@pytest.mark.parametrize("size", [0, 31, 33, 63, 65])
def test_secret_key_lengths(size: int) -> None:
    with pytest.raises(InvalidKeyError):
        SecretKey.from_bytes(b"\1" * size)


def test_secret_key_from_a_32_byte_seed() -> None:
    key = SecretKey.from_bytes(b"\1" * 32)
    assert key.to_bytes()[:32] == b"\1" * 32
    assert len(key.to_bytes()) == 64
    assert SecretKey.from_bytes(key.to_bytes()) == key


@pytest.mark.parametrize("size", [31, 33])
def test_local_and_public_key_lengths(size: int) -> None:
    with pytest.raises(InvalidKeyError):
        LocalKey.from_bytes(b"\1" * size)
    with pytest.raises(InvalidKeyError):
        PublicKey.from_bytes(b"\1" * size)


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_bytes_like_material(kind: type) -> None:
    raw = b"\2" * 32
    assert LocalKey.from_bytes(kind(raw)).to_bytes() == raw
    assert PublicKey.from_bytes(kind(raw)).to_bytes() == raw


@pytest.mark.parametrize("material", ["k4.local.xyz", 32, None])
def test_material_must_be_bytes(material: Any) -> None:
    for cls in (LocalKey, PublicKey, SecretKey):
        with pytest.raises(InvalidKeyError) as info:
            cls.from_bytes(material)
        assert type(info.value) is InvalidKeyError


@pytest.mark.parametrize("paserk", [b"k4.local.AAAA", 5, None, ["k4.local."]])
def test_non_str_paserk(paserk: Any) -> None:
    for cls in (LocalKey, PublicKey, SecretKey):
        with pytest.raises(PaserkError) as info:
            cls.from_paserk(paserk)
        assert info.value.code == "invalid_paserk"


def test_paserk_type_must_be_exact() -> None:
    local = LocalKey.generate().to_paserk()
    for bad in (local.replace("k4.", "k3."), local.replace("local", "public"), "k4.local", "k4"):
        with pytest.raises(PaserkError):
            LocalKey.from_paserk(bad)
    assert LocalKey.from_paserk(local).to_paserk() == local


def test_key_equality_is_by_material_and_type() -> None:
    raw = b"\3" * 32
    assert LocalKey.from_bytes(raw) == LocalKey.from_bytes(raw)
    assert LocalKey.from_bytes(raw) != LocalKey.from_bytes(b"\4" * 32)
    assert LocalKey.from_bytes(raw) != PublicKey.from_bytes(raw)


@pytest.mark.parametrize("cls", [LocalKey, PublicKey, SecretKey])
@pytest.mark.parametrize("payload", ["!!!!", "AAAA=", "A", "AAAB" * 8 + "x"])
def test_paserk_payload_must_be_canonical_base64url(cls: Any, payload: str) -> None:
    kind = {LocalKey: "local", PublicKey: "public", SecretKey: "secret"}[cls]
    with pytest.raises(PaserkError, match="base64url") as info:
        cls.from_paserk(f"k4.{kind}.{payload}")
    assert type(info.value) is PaserkError


def test_paserk_payload_with_non_zero_trailing_bits() -> None:
    good = LocalKey.generate().to_paserk()  # 32 bytes: 43 characters, 2 trailing bits
    last = good[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    bad = good[:-1] + alphabet[alphabet.index(last) ^ 1]
    with pytest.raises(PaserkError, match="base64url"):
        LocalKey.from_paserk(bad)


def test_repr_is_the_class_and_the_id() -> None:
    local, secret = LocalKey.generate(), SecretKey.generate()
    assert repr(local) == f"LocalKey({local.paserk_id})"
    assert repr(secret) == f"SecretKey({secret.paserk_id})"
    assert repr(secret.public_key()) == f"PublicKey({secret.public_key().paserk_id})"


def test_hash_follows_the_key() -> None:
    keys = [LocalKey.generate() for _ in range(8)]
    assert len({hash(k) for k in keys}) == 8
    assert hash(LocalKey.from_bytes(keys[0].to_bytes())) == hash(keys[0])
    assert len(set(keys + [LocalKey.from_bytes(k.to_bytes()) for k in keys])) == 8

"""Typed keys: exact sizes, one type per purpose, immutability, no material in repr."""

from __future__ import annotations

import copy
import pickle

import pytest

import pasetokit
from pasetokit._b64 import b64encode
from pasetokit.exceptions import InvalidKeyError, PaserkError


def test_local_key_sizes_and_types() -> None:
    assert pasetokit.LocalKey.from_bytes(bytes(32)).to_bytes() == bytes(32)
    for size in (0, 16, 31, 33, 64):
        with pytest.raises(InvalidKeyError, match="exactly 32"):
            pasetokit.LocalKey.from_bytes(bytes(size))
    with pytest.raises(InvalidKeyError, match="keygen"):
        pasetokit.LocalKey.from_bytes("secret")  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError):
        pasetokit.LocalKey.from_bytes(32)  # type: ignore[arg-type]


def test_secret_key_forms() -> None:
    key = pasetokit.SecretKey.generate()
    seed, public = key.to_bytes()[:32], key.to_bytes()[32:]
    assert public == key.public_key().to_bytes()
    assert pasetokit.SecretKey.from_bytes(seed) == key
    assert pasetokit.SecretKey.from_bytes(seed + public) == key
    assert pasetokit.SecretKey.from_pem(key.to_pem()) == key
    assert pasetokit.SecretKey.from_pem(key.to_pem().encode()) == key
    assert pasetokit.SecretKey.from_paserk(key.to_paserk()) == key
    for size in (31, 33, 63, 65):
        with pytest.raises(InvalidKeyError):
            pasetokit.SecretKey.from_bytes(bytes(size))


def test_public_key_forms() -> None:
    public = pasetokit.SecretKey.generate().public_key()
    assert pasetokit.PublicKey.from_bytes(public.to_bytes()) == public
    assert pasetokit.PublicKey.from_pem(public.to_pem()) == public
    assert pasetokit.PublicKey.from_paserk(public.to_paserk()) == public
    with pytest.raises(InvalidKeyError):
        pasetokit.PublicKey.from_bytes(bytes(31))


@pytest.mark.parametrize(
    "pem",
    [
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
        "not a pem",
        "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
        # RSA / P-256 keys are not Ed25519 (a P-256 SPKI prefix, truncated).
        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
        "-----END PRIVATE KEY-----\n",
    ],
)
def test_bad_private_pem(pem: str) -> None:
    with pytest.raises(InvalidKeyError):
        pasetokit.SecretKey.from_pem(pem)


def test_public_pem_label_must_match() -> None:
    key = pasetokit.SecretKey.generate()
    with pytest.raises(InvalidKeyError):
        pasetokit.PublicKey.from_pem(key.to_pem())
    with pytest.raises(InvalidKeyError):
        pasetokit.SecretKey.from_pem(key.public_key().to_pem())


def test_paserk_type_separation() -> None:
    local = pasetokit.LocalKey.generate()
    secret = pasetokit.SecretKey.generate()
    with pytest.raises(PaserkError):
        pasetokit.SecretKey.from_paserk(local.to_paserk())
    with pytest.raises(PaserkError):
        pasetokit.PublicKey.from_paserk(local.to_paserk())
    with pytest.raises(PaserkError):
        pasetokit.LocalKey.from_paserk(secret.public_key().to_paserk())
    with pytest.raises(PaserkError, match="version 4"):
        pasetokit.LocalKey.from_paserk(local.to_paserk().replace("k4.", "k3.", 1))


@pytest.mark.parametrize("make", [pasetokit.LocalKey.generate, pasetokit.SecretKey.generate])
def test_repr_shows_only_the_id(make: object) -> None:
    key = make()  # type: ignore[operator]
    text = repr(key) + str(key)
    assert key.paserk_id in text
    assert key.to_paserk() not in text
    assert b64encode(key.to_bytes()) not in text
    assert key.to_bytes().hex() not in text


def test_ids_have_the_right_kind() -> None:
    secret = pasetokit.SecretKey.generate()
    assert pasetokit.LocalKey.generate().paserk_id.startswith("k4.lid.")
    assert secret.paserk_id.startswith("k4.sid.")
    assert secret.public_key().paserk_id.startswith("k4.pid.")
    assert len(secret.paserk_id) == 51  # "k4.sid." + 44 characters of a 33-byte BLAKE2b


@pytest.mark.parametrize("make", [pasetokit.LocalKey.generate, pasetokit.SecretKey.generate])
def test_immutable_unpicklable_hashable(make: object) -> None:
    key = make()  # type: ignore[operator]
    with pytest.raises(AttributeError):
        key._material = bytes(32)
    with pytest.raises(AttributeError):
        del key._material
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(key)
    assert copy.copy(key) is key
    assert copy.deepcopy(key) is key
    assert {key: 1}[key] == 1
    assert key != make()  # type: ignore[operator]
    assert key != "not a key"


def test_constructors_are_private() -> None:
    with pytest.raises(TypeError, match="generate"):
        pasetokit.LocalKey(bytes(32))
    with pytest.raises(TypeError):
        pasetokit.LocalKey(object(), bytes(32))


def test_public_key_cannot_sign_or_encrypt() -> None:
    public = pasetokit.SecretKey.generate().public_key()
    public_api = {name for name in dir(public) if not name.startswith("_")}
    assert public_api == {
        "from_bytes",
        "from_paserk",
        "from_pem",
        "paserk_id",
        "purpose",
        "to_bytes",
        "to_paserk",
        "to_pem",
    }
    assert not hasattr(pasetokit.PublicKey, "generate")


def test_decode_given_a_non_key_raises_configuration_error() -> None:
    """The caller's own mistake is a ConfigurationError (not a TokenError), even from decode
    (exceptions.ConfigurationError says so); a token that does not parse stays a token fault."""
    key = pasetokit.LocalKey.generate()
    token = pasetokit.encode(key, {})
    for wrong in (key.to_paserk(), key.to_bytes(), None):
        with pytest.raises(pasetokit.ConfigurationError) as info:
            pasetokit.decode(wrong, token)  # type: ignore[arg-type]
        assert not isinstance(info.value, pasetokit.TokenError)
        with pytest.raises(pasetokit.MalformedTokenError):
            pasetokit.decode(wrong, "not a token")  # type: ignore[arg-type]
    with pytest.raises(pasetokit.ConfigurationError):
        pasetokit.decode(key, token, rules={"require_exp": False})  # type: ignore[arg-type]

"""The official PASERK k4 vectors (paseto-standard/test-vectors @ 32d7406), one test per vector.

Quirks (see tests/vectors/README in the shared folder): ``password`` is used verbatim as UTF-8
even where it looks like hex, ``options.memlimit`` is in bytes, and the seal keys are Ed25519.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any, Literal

import pytest

from pasetokit import paserk
from pasetokit._b64 import b64decode
from pasetokit.exceptions import InvalidKeyError, PaserkError
from pasetokit.keys import LocalKey, PublicKey, SecretKey, paserk_id

Vector = dict[str, Any]
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "paserk"


def vectors(kind: str) -> list[Any]:
    data = json.loads((VECTORS / f"{kind}.json").read_text(encoding="utf-8"))
    params = []
    for vec in data["tests"]:
        params.append(pytest.param(vec, id=vec["name"]))
    return params


def _key_bytes(vec: Vector, field: str = "key") -> bytes:
    return bytes.fromhex(vec[field])


def _assert_fail_to_build(vec: Vector, cls: type[LocalKey | PublicKey | SecretKey]) -> None:
    """An expect-fail plain/id vector: its ``paserk`` must not parse, its ``key`` must not build."""
    assert vec["key"] is not None or vec["paserk"] is not None
    if vec["paserk"] is not None:
        with pytest.raises(PaserkError):
            cls.from_paserk(vec["paserk"])
        with pytest.raises(PaserkError):
            paserk.key_from_paserk(vec["paserk"])
    if vec["key"] is not None:
        with pytest.raises(InvalidKeyError):
            cls.from_bytes(_key_bytes(vec))
    if vec.get("public-key") is not None:  # a v3 (P-384) PEM public key: not an Ed25519 key
        with pytest.raises(InvalidKeyError):
            PublicKey.from_bytes(_key_bytes(vec, "public-key"))
        with pytest.raises(InvalidKeyError):
            PublicKey.from_pem(_key_bytes(vec, "public-key"))


def _check_plain(vec: Vector, cls: type[LocalKey | PublicKey | SecretKey]) -> None:
    if vec["expect-fail"]:
        _assert_fail_to_build(vec, cls)
        return
    key = cls.from_paserk(vec["paserk"])
    assert type(key) is cls
    assert key.to_bytes().hex() == vec["key"]
    assert key.to_paserk() == vec["paserk"]
    assert cls.from_bytes(_key_bytes(vec)).to_paserk() == vec["paserk"]
    assert paserk.key_from_paserk(vec["paserk"]) == key


@pytest.mark.parametrize("vec", vectors("k4.local"))
def test_local(vec: Vector) -> None:
    _check_plain(vec, LocalKey)


@pytest.mark.parametrize("vec", vectors("k4.public"))
def test_public(vec: Vector) -> None:
    _check_plain(vec, PublicKey)


@pytest.mark.parametrize("vec", vectors("k4.secret"))
def test_secret(vec: Vector) -> None:
    _check_plain(vec, SecretKey)
    if not vec["expect-fail"]:
        key = SecretKey.from_paserk(vec["paserk"])
        assert key.to_bytes()[:32].hex() == vec["secret-key-seed"]
        assert key.public_key().to_bytes().hex() == vec["public-key"]


def _check_id(
    vec: Vector, cls: type[LocalKey | PublicKey | SecretKey], kind: Literal["lid", "pid", "sid"]
) -> None:
    if vec["expect-fail"]:
        _assert_fail_to_build(vec, cls)
        return
    key = cls.from_bytes(_key_bytes(vec))
    assert key.paserk_id == vec["paserk"]
    assert paserk_id(kind, key.to_paserk()) == vec["paserk"]
    assert len(vec["paserk"]) == len(f"k4.{kind}.") + 44


@pytest.mark.parametrize("vec", vectors("k4.lid"))
def test_lid(vec: Vector) -> None:
    _check_id(vec, LocalKey, "lid")


@pytest.mark.parametrize("vec", vectors("k4.pid"))
def test_pid(vec: Vector) -> None:
    _check_id(vec, PublicKey, "pid")


@pytest.mark.parametrize("vec", vectors("k4.sid"))
def test_sid(vec: Vector) -> None:
    _check_id(vec, SecretKey, "sid")
    if not vec["expect-fail"]:  # the seed alone gives the same key, hence the same id
        assert SecretKey.from_bytes(_key_bytes(vec, "seed")).paserk_id == vec["paserk"]


@pytest.mark.parametrize("vec", vectors("k4.local-wrap.pie"))
def test_local_wrap_pie(vec: Vector) -> None:
    wrapping_key = LocalKey.from_bytes(_key_bytes(vec, "wrapping-key"))
    if vec["expect-fail"]:
        with pytest.raises(PaserkError):
            paserk.unwrap_local(vec["paserk"], wrapping_key)
        return
    assert paserk.unwrap_local(vec["paserk"], wrapping_key).to_bytes().hex() == vec["unwrapped"]


@pytest.mark.parametrize("vec", vectors("k4.secret-wrap.pie"))
def test_secret_wrap_pie(vec: Vector) -> None:
    wrapping_key = LocalKey.from_bytes(_key_bytes(vec, "wrapping-key"))
    if vec["expect-fail"]:
        with pytest.raises(PaserkError):
            paserk.unwrap_secret(vec["paserk"], wrapping_key)
        return
    assert paserk.unwrap_secret(vec["paserk"], wrapping_key).to_bytes().hex() == vec["unwrapped"]


def _pw_limits(vec: Vector) -> dict[str, paserk.Argon2Limits]:
    """The vector's options as the (inclusive) unwrap ceilings; a k3 vector has other options."""
    options = vec["options"]
    if "memlimit" not in options:
        return {}
    return {
        "limits": paserk.Argon2Limits(memlimit=options["memlimit"], opslimit=options["opslimit"])
    }


def _check_pw_header(vec: Vector) -> None:
    """The blob's Argon2id fields are the vector's options: mem in bytes, time, parallelism 1."""
    header = vec["paserk"][: vec["paserk"].index(".", 3) + 1]
    raw = b64decode(vec["paserk"][len(header) :])
    mem, time, para = struct.unpack(">QII", raw[16:32])
    assert (mem, time, para) == (vec["options"]["memlimit"], vec["options"]["opslimit"], 1)


@pytest.mark.parametrize("vec", vectors("k4.local-pw"))
def test_local_pw(vec: Vector) -> None:
    if vec["expect-fail"]:
        with pytest.raises(PaserkError):
            paserk.password_unwrap_local(vec["paserk"], vec["password"], **_pw_limits(vec))
        return
    _check_pw_header(vec)
    key = paserk.password_unwrap_local(vec["paserk"], vec["password"], **_pw_limits(vec))
    assert key.to_bytes().hex() == vec["unwrapped"]


@pytest.mark.parametrize("vec", vectors("k4.secret-pw"))
def test_secret_pw(vec: Vector) -> None:
    if vec["expect-fail"]:
        with pytest.raises(PaserkError):
            paserk.password_unwrap_secret(vec["paserk"], vec["password"], **_pw_limits(vec))
        return
    _check_pw_header(vec)
    key = paserk.password_unwrap_secret(vec["paserk"], vec["password"], **_pw_limits(vec))
    assert key.to_bytes().hex() == vec["unwrapped"]


@pytest.mark.parametrize("vec", vectors("k4.seal"))
def test_seal(vec: Vector) -> None:
    secret_key = SecretKey.from_bytes(_key_bytes(vec, "sealing-secret-key"))
    assert secret_key.public_key().to_bytes().hex() == vec["sealing-public-key"]
    if vec["expect-fail"]:
        with pytest.raises(PaserkError):
            paserk.unseal(vec["paserk"], secret_key)
        return
    assert paserk.unseal(vec["paserk"], secret_key).to_bytes().hex() == vec["unsealed"]


def test_vector_counts() -> None:
    """All 11 files and 51 vectors are here, so none can go missing silently."""
    counts = {
        path.name: len(json.loads(path.read_text(encoding="utf-8"))["tests"])
        for path in VECTORS.glob("*.json")
    }
    assert len(counts) == 11
    assert sum(counts.values()) == 51

"""PASERK rules at their bounds: Argon2id cost floors (just under / at), the mapping of an
Argon2id failure, non-``str`` inputs everywhere."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest

from pasetokit import ConfigurationError, LocalKey, PaserkError, SecretKey, paserk
from pasetokit._b64 import b64decode, b64encode

PASSWORD = "correct horse"
MIN_MEM, MIN_OPS = paserk.MIN_MEMLIMIT, paserk.MIN_OPSLIMIT


def with_params(text: str, mem: int, ops: int) -> str:
    header = text[: text.index(".", 3) + 1]
    raw = bytearray(b64decode(text[len(header) :]))
    raw[16:32] = struct.pack(">QII", mem, ops, 1)
    return header + b64encode(bytes(raw))


def test_cost_floors_on_wrap() -> None:
    key = LocalKey.generate()
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=MIN_OPS)
    assert paserk.password_unwrap_local(wrapped, PASSWORD) == key
    with pytest.raises(ConfigurationError) as mem:
        paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM - 1024, opslimit=MIN_OPS)
    assert type(mem.value) is ConfigurationError
    with pytest.raises(ConfigurationError) as ops:
        paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=MIN_OPS - 1)
    assert type(ops.value) is ConfigurationError


def test_cost_ceilings_on_wrap() -> None:
    key = LocalKey.generate()
    limits = paserk.Argon2Limits()
    assert (limits.memlimit, limits.opslimit) == (64 * 1024 * 1024, 3)
    with pytest.raises(ConfigurationError):
        paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=limits.opslimit + 1)
    with pytest.raises(ConfigurationError):
        paserk.password_wrap(key, PASSWORD, memlimit=limits.memlimit + 1024)
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=limits.opslimit)
    assert paserk.password_unwrap_local(wrapped, PASSWORD) == key


def test_cost_floors_on_unwrap() -> None:
    key = SecretKey.generate()
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=MIN_OPS)
    assert paserk.password_unwrap_secret(wrapped, PASSWORD) == key
    for mem, ops in ((MIN_MEM - 1024, MIN_OPS), (MIN_MEM, MIN_OPS - 1)):
        with pytest.raises(PaserkError, match="Argon2id") as info:
            paserk.password_unwrap_secret(with_params(wrapped, mem, ops), PASSWORD)
        assert info.value.code == "invalid_paserk"


def test_lowered_unwrap_ceilings_at_and_under_the_cost() -> None:
    key = LocalKey.generate()
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM + 1024, opslimit=MIN_OPS + 1)
    exact = paserk.Argon2Limits(memlimit=MIN_MEM + 1024, opslimit=MIN_OPS + 1)
    assert paserk.password_unwrap_local(wrapped, PASSWORD, limits=exact) == key
    low_memory = paserk.Argon2Limits(memlimit=MIN_MEM, opslimit=MIN_OPS + 1)
    with pytest.raises(PaserkError, match="memory"):
        paserk.password_unwrap_local(wrapped, PASSWORD, limits=low_memory)
    low_time = paserk.Argon2Limits(memlimit=MIN_MEM + 1024, opslimit=MIN_OPS)
    with pytest.raises(PaserkError, match="time cost"):
        paserk.password_unwrap_local(wrapped, PASSWORD, limits=low_time)


def test_argon2_failure_is_a_paserk_error(monkeypatch: pytest.MonkeyPatch) -> None:
    key = LocalKey.generate()
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=MIN_OPS)

    def refuse(*args: Any, **kwargs: Any) -> bytes:
        raise ValueError("Argon2id failed")

    from pasetokit import _crypto

    monkeypatch.setattr(_crypto, "argon2id", refuse)
    with pytest.raises(PaserkError, match="Argon2id failed") as unwrap:
        paserk.password_unwrap_local(wrapped, PASSWORD)
    assert type(unwrap.value) is PaserkError
    with pytest.raises(PaserkError) as wrap:
        paserk.password_wrap(key, PASSWORD, memlimit=MIN_MEM, opslimit=MIN_OPS)
    assert type(wrap.value) is PaserkError


@pytest.mark.parametrize("value", [b"k4.local.AAAA", 5, None])
def test_non_str_paserk_everywhere(value: Any) -> None:
    wk, sk = LocalKey.generate(), SecretKey.generate()
    calls: list[Callable[[], object]] = [
        lambda: paserk.key_from_paserk(value),
        lambda: paserk.unwrap_local(value, wk),
        lambda: paserk.unwrap_secret(value, wk),
        lambda: paserk.password_unwrap_local(value, PASSWORD),
        lambda: paserk.password_unwrap_secret(value, PASSWORD),
        lambda: paserk.unseal(value, sk),
    ]
    for call in calls:
        with pytest.raises(PaserkError) as info:
            call()
        assert info.value.code == "invalid_paserk"


# libsodium's crypto_pwhash_argon2id MEMLIMIT_MAX (64-bit) and OPSLIMIT_MAX: the highest limits
# Argon2Limits takes, each accepted at the value and refused one step over.
_MAX_MEMLIMIT = 4 * 1024**4 - 1024
_MAX_OPSLIMIT = 2**32 - 1


def test_argon2_limits_top_out_at_what_libsodium_can_run() -> None:
    top = paserk.Argon2Limits(memlimit=_MAX_MEMLIMIT, opslimit=_MAX_OPSLIMIT)
    assert (top.memlimit, top.opslimit) == (_MAX_MEMLIMIT, _MAX_OPSLIMIT)
    for over in ({"memlimit": _MAX_MEMLIMIT + 1024}, {"opslimit": _MAX_OPSLIMIT + 1}):
        with pytest.raises(ConfigurationError) as info:
            paserk.Argon2Limits(**over)
        assert type(info.value) is ConfigurationError
        assert info.value.code == "configuration_error"

"""Fuzz PASERK parsing and unwrapping: ``from_paserk``, ``key_from_paserk``, ``unwrap_*``,
``password_unwrap_*`` and ``unseal``.

Inputs are raw text, a known header over fuzzed payload bytes (so the base64 and length checks
pass and the MAC / Argon2id-bound / X25519 code runs), or a genuine PASERK, optionally damaged.
Invariant: only ``PasetoError``; a genuine, undamaged PASERK opens to the key it wraps.
Argon2id work is held to the cheapest costs by tight ``Argon2Limits``, so a run stays fast.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import atheris
from fuzz_support import LOCAL, SECRET, b64, damage, main, pick, rest

with atheris.instrument_imports():
    from pasetokit import LocalKey, PasetoError, PublicKey, SecretKey, paserk

TINY = paserk.Argon2Limits(memlimit=64 * 1024, opslimit=2)
PASSWORD = b"fuzz"
HEADERS = (
    "k4.local.",
    "k4.secret.",
    "k4.public.",
    "k4.lid.",
    "k4.local-wrap.pie.",
    "k4.secret-wrap.pie.",
    "k4.local-pw.",
    "k4.secret-pw.",
    "k4.seal.",
    "k3.local.",
    "k4.local-wrap.",
)

Opener = Callable[[str], object]
OPENERS: tuple[Opener, ...] = (
    LocalKey.from_paserk,
    SecretKey.from_paserk,
    PublicKey.from_paserk,
    paserk.key_from_paserk,
    lambda text: paserk.unwrap_local(text, LOCAL),
    lambda text: paserk.unwrap_secret(text, LOCAL),
    lambda text: paserk.password_unwrap_local(text, PASSWORD, limits=TINY),
    lambda text: paserk.password_unwrap_secret(text, PASSWORD, limits=TINY),
    lambda text: paserk.unseal(text, SECRET),
)


def _pw_params(fdp: atheris.FuzzedDataProvider) -> bytes:
    """Argon2id fields that are mostly within TINY, sometimes anything."""
    if fdp.ConsumeBool():
        raw: bytes = fdp.ConsumeBytes(16)
        return raw.ljust(16, b"\0")
    mem: int = fdp.ConsumeIntInRange(8, 64) * 1024
    time: int = fdp.ConsumeIntInRange(1, 2)
    return mem.to_bytes(8, "big") + time.to_bytes(4, "big") + b"\0\0\0\1"


def _genuine(fdp: atheris.FuzzedDataProvider) -> tuple[str, int, LocalKey | SecretKey]:
    """A real PASERK of a fuzzed key, and the index of the opener that must open it."""
    material = fdp.ConsumeBytes(32).ljust(32, b"\0")
    local = LocalKey.from_bytes(material)
    secret = SecretKey.from_bytes(material)
    choice = fdp.ConsumeIntInRange(0, 4)
    if choice == 0:
        return paserk.wrap(local, LOCAL), 4, local
    if choice == 1:
        return paserk.wrap(secret, LOCAL), 5, secret
    if choice == 2:
        text = paserk.password_wrap(local, PASSWORD, memlimit=8192, opslimit=1, limits=TINY)
        return text, 6, local
    if choice == 3:
        text = paserk.password_wrap(secret, PASSWORD, memlimit=8192, opslimit=1, limits=TINY)
        return text, 7, secret
    return paserk.seal(local, SECRET.public_key()), 8, local


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    expected: tuple[int, LocalKey | SecretKey] | None = None
    if mode == 0:
        text = str(rest(fdp, text=True))
    elif mode == 1:
        header = pick(fdp, HEADERS)
        salt = fdp.ConsumeBytes(16) if header.endswith("-pw.") else b""
        params = _pw_params(fdp) if salt else b""
        text = header + b64(salt + params + fdp.ConsumeBytes(fdp.remaining_bytes()))
    else:
        genuine, index, key = _genuine(fdp)
        text = damage(fdp, genuine)
        if text == genuine:
            expected = (index, key)
    if expected is not None:
        index, key = expected
        if OPENERS[index](text) != key:
            raise AssertionError("a genuine PASERK opened to another key")
        return
    for opener in OPENERS:
        with contextlib.suppress(PasetoError):
            opener(text)


if __name__ == "__main__":
    main(test_one_input)

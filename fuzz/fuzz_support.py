"""Shared pieces of the fuzz targets: fixed keys, and the one rule every target enforces.

The invariant (issue 10): whatever the input, a target's calls end normally or raise a
``pasetokit`` error of the documented kind, and never hang. Anything else escapes
``TestOneInput``, and atheris reports it as a crash with the input that caused it; a hang is
caught by libFuzzer's ``-timeout``.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable
from typing import TypeVar

import atheris

with atheris.instrument_imports():
    from pasetokit import KeyRing, LocalKey, PublicKey, SecretKey

__all__ = [
    "KEYS",
    "LOCAL",
    "OTHER_LOCAL",
    "OTHER_SECRET",
    "SECRET",
    "b64",
    "damage",
    "main",
    "pick",
    "rest",
]

# Fixed material, so that a crash reproduces from its input file alone.
LOCAL = LocalKey.from_bytes(bytes(range(32)))
OTHER_LOCAL = LocalKey.from_bytes(bytes(range(1, 33)))
SECRET = SecretKey.from_bytes(bytes(range(64, 96)))
OTHER_SECRET = SecretKey.from_bytes(bytes(range(96, 128)))
PUBLIC: PublicKey = SECRET.public_key()

KEYS: tuple[LocalKey | SecretKey | PublicKey | KeyRing, ...] = (
    LOCAL,
    SECRET,
    PUBLIC,
    OTHER_SECRET.public_key(),
    KeyRing([LOCAL]),
    KeyRing([LOCAL, OTHER_LOCAL]),
    KeyRing([SECRET, OTHER_SECRET.public_key()]),
    KeyRing([LOCAL, OTHER_LOCAL, SECRET, OTHER_SECRET]),
)


def b64(data: bytes) -> str:
    """Unpadded base64url, as PASETO and PASERK write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


T = TypeVar("T")


def pick(fdp: atheris.FuzzedDataProvider, options: tuple[T, ...]) -> T:
    index: int = fdp.ConsumeIntInRange(0, len(options) - 1)
    return options[index]


def rest(fdp: atheris.FuzzedDataProvider, *, text: bool) -> str | bytes:
    """What is left of the input, as text or as raw bytes."""
    if text:
        result: str = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
        return result
    raw: bytes = fdp.ConsumeBytes(fdp.remaining_bytes())
    return raw


def damage(fdp: atheris.FuzzedDataProvider, text: str, lowest: int = 0x21) -> str:
    """``text`` with one character replaced (an ASCII one from ``lowest`` up), or, when the
    fuzzer says so, unchanged."""
    if not text or not fdp.ConsumeBool():
        return text
    i: int = fdp.ConsumeIntInRange(0, len(text) - 1)
    return text[:i] + chr(fdp.ConsumeIntInRange(lowest, 0x7E)) + text[i + 1 :]


def main(test_one_input: Callable[[bytes], None]) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()

"""Shared pieces of the fuzz targets: fixed keys, and the one rule every target enforces.

The invariant (issue 10): whatever the input, a target's calls end normally or raise a
``pasetokit`` error of the documented kind, and never hang. Anything else escapes
``TestOneInput``, and atheris reports it as a crash with the input that caused it; a hang is
caught by libFuzzer's ``-timeout``.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable
from typing import TypeVar

import atheris

with atheris.instrument_imports():
    from pasetokit import KeyRing, LocalKey, PublicKey, SecretKey

__all__ = [
    "CLAIM_NAMES",
    "KEYS",
    "LOCAL",
    "OTHER_LOCAL",
    "OTHER_SECRET",
    "SECRET",
    "b64",
    "claims_payload",
    "damage",
    "json_value",
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


CLAIM_NAMES = (
    "exp", "nbf", "iat", "sub", "iss", "aud", "jti", "type", "fam", "fresh", "scope", "scopes",
    "csrf", "kid", "x",
)  # fmt: skip


def json_value(fdp: atheris.FuzzedDataProvider, size: int = 64) -> object:
    """A JSON value from fuzzed text when it parses, else the text itself."""
    text: str = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, size))
    try:
        return json.loads(text)
    except ValueError:
        return text


def claims_payload(fdp: atheris.FuzzedDataProvider) -> bytes:
    """A token payload that skips ``encode``'s checks: either raw bytes, or a JSON object of
    registered and policy claim names with fuzzed values (the claim parsers' hard cases)."""
    if fdp.ConsumeIntInRange(0, 3) == 0:
        raw: bytes = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200))
        return raw
    claims = {pick(fdp, CLAIM_NAMES): json_value(fdp) for _ in range(fdp.ConsumeIntInRange(0, 8))}
    try:
        return json.dumps(claims).encode("utf-8")
    except ValueError:  # NaN and infinities are refused by json.dumps with allow_nan=False only
        return b"{}"


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

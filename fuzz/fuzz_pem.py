"""Fuzz PEM key loading: ``SecretKey.from_pem`` and ``PublicKey.from_pem`` on str and bytes,
and the one text-to-key parser (PEM or PASERK) that the CLI and ``from_env`` use.

Inputs are raw text or bytes, or a PEM block around fuzzed DER (often behind the Ed25519 prefix,
so the fixed-layout checks run), or a genuine PEM, optionally damaged. Invariant: only
``PasetoError``, never a slow regular expression (libFuzzer's ``-timeout``); a genuine PEM
loads to the key it holds.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Callable

import atheris
from fuzz_support import damage, main, pick, rest

with atheris.instrument_imports():
    from pasetokit import PasetoError, PublicKey, SecretKey
    from pasetokit._key_text import key_from_text

LOADERS: tuple[Callable[[str | bytes], object], ...] = (SecretKey.from_pem, PublicKey.from_pem)
PREFIXES = (
    b"",
    bytes.fromhex("302e020100300506032b657004220420"),  # PKCS#8 v1
    bytes.fromhex("3053020101300506032b657004220420"),  # PKCS#8 v2 (then [1] public key)
    bytes.fromhex("302a300506032b6570032100"),  # SPKI
)
LABELS = ("PRIVATE KEY", "PUBLIC KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY")


def _block(fdp: atheris.FuzzedDataProvider) -> str:
    der = pick(fdp, PREFIXES) + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 96))
    body = base64.encodebytes(der).decode("ascii")
    if fdp.ConsumeBool():
        body = body.replace("\n", pick(fdp, ("\r\n", "", " ", "\n\n")))
    label = pick(fdp, LABELS)
    return f"-----BEGIN {label}-----\n{body}-----END {pick(fdp, LABELS)}-----\n"


def _genuine(fdp: atheris.FuzzedDataProvider) -> tuple[str, object, int]:
    secret = SecretKey.from_bytes(fdp.ConsumeBytes(32).ljust(32, b"\0"))
    if fdp.ConsumeBool():
        return secret.to_pem(), secret, 0
    return secret.public_key().to_pem(), secret.public_key(), 1


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 3)
    pem: str | bytes
    if mode < 2:
        pem = rest(fdp, text=mode == 0)
    elif mode == 2:
        pem = _block(fdp)
    else:
        text, key, index = _genuine(fdp)
        loaded = (LOADERS[index](text), LOADERS[index](text.encode("ascii")), key_from_text(text))
        if any(found != key for found in loaded):
            raise AssertionError("a genuine PEM loaded to another key")
        pem = damage(fdp, text, lowest=0)
    for load in LOADERS:
        with contextlib.suppress(PasetoError):
            load(pem)
    if isinstance(pem, str):
        with contextlib.suppress(PasetoError):
            key_from_text(pem)


if __name__ == "__main__":
    main(test_one_input)

"""Just enough DER to read and write Ed25519 keys in PEM (RFC 8410), without a crypto dependency.

Ed25519 DER is fixed-layout, so recognising the exact prefixes is both sufficient and strict:
anything else (another curve, RSA, encrypted PEM) is refused rather than half-parsed.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["pkcs8_to_seed", "public_to_spki", "seed_to_pkcs8", "spki_to_public"]

# PrivateKeyInfo v1: SEQ { INT 0, SEQ { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
_PKCS8_V1 = bytes.fromhex("302e020100300506032b657004220420")
# OneAsymmetricKey v2 (RFC 8410 §7): the same, then [1] publicKey BIT STRING.
_PKCS8_V2 = bytes.fromhex("3053020101300506032b657004220420")
_PKCS8_V2_PK = bytes.fromhex("a123032100")
# SubjectPublicKeyInfo: SEQ { SEQ { OID 1.3.101.112 }, BIT STRING pk }
_SPKI = bytes.fromhex("302a300506032b6570032100")

_PEM = re.compile(
    r"\s*-----BEGIN (?P<label>[A-Z ]+)-----\r?\n(?P<body>[A-Za-z0-9+/=\r\n]+?)\r?\n?"
    r"-----END (?P=label)-----\s*",
)


def _der(pem: str | bytes, label: str) -> bytes:
    text = pem.decode("ascii") if isinstance(pem, bytes) else pem
    match = _PEM.fullmatch(text)
    if match is None or match["label"] != label:
        raise ValueError(f"expected one PEM block labelled {label!r}")
    try:
        return base64.b64decode(match["body"].replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("PEM body is not valid base64") from None


def _pem(der: bytes, label: str) -> str:
    body = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----", ""])


def pkcs8_to_seed(pem: str | bytes) -> tuple[bytes, bytes | None]:
    """Return ``(seed, embedded_public_key_or_None)`` from an Ed25519 PKCS#8 PEM."""
    der = _der(pem, "PRIVATE KEY")
    if len(der) == 48 and der.startswith(_PKCS8_V1):
        return der[16:], None
    if len(der) == 85 and der.startswith(_PKCS8_V2) and der[48:53] == _PKCS8_V2_PK:
        return der[16:48], der[53:]
    raise ValueError("not an unencrypted Ed25519 PKCS#8 private key")


def spki_to_public(pem: str | bytes) -> bytes:
    der = _der(pem, "PUBLIC KEY")
    if len(der) == 44 and der.startswith(_SPKI):
        return der[12:]
    raise ValueError("not an Ed25519 SubjectPublicKeyInfo public key")


def seed_to_pkcs8(seed: bytes) -> str:
    return _pem(_PKCS8_V1 + seed, "PRIVATE KEY")


def public_to_spki(public_key: bytes) -> str:
    return _pem(_SPKI + public_key, "PUBLIC KEY")

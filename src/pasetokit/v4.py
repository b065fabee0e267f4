"""PASETO v4 primitives (hazmat): ``v4.local`` and ``v4.public`` on raw bytes.

Most code wants :func:`pasetokit.encode` / :func:`pasetokit.decode`, which add claims, footers
and key rings on top. Step numbers below are those of the spec's Version4.md.
"""

from __future__ import annotations

import struct

from . import _crypto
from ._b64 import b64encode
from .exceptions import InvalidKeyError, InvalidTokenError, WrongPurposeError
from .keys import LocalKey, PublicKey, SecretKey
from .pae import pae
from .token import DEFAULT_MAX_TOKEN_SIZE, RawToken, parse_token

__all__ = ["decrypt", "encrypt", "sign", "verify"]

LOCAL_HEADER = b"v4.local."
PUBLIC_HEADER = b"v4.public."
_LE64 = struct.Struct("<Q").pack
# PAE's count (5) and the fixed-size header and nonce pieces, precomputed for open_local.
_PAE5_HEADER = _LE64(5) + _LE64(len(LOCAL_HEADER)) + LOCAL_HEADER + _LE64(32)
_ENC_INFO = b"paseto-encryption-key"
_AUTH_INFO = b"paseto-auth-key-for-aead"


def _split_key(key: bytes, nonce: bytes) -> tuple[bytes, bytes, bytes]:
    # Step 4 (encrypt) / 5 (decrypt): derive Ek, n2 and Ak from the key and the random nonce.
    tmp = _crypto.blake2b(_ENC_INFO + nonce, size=56, key=key)
    return tmp[:32], tmp[32:], _crypto.blake2b(_AUTH_INFO + nonce, size=32, key=key)


def _with_footer(header: bytes, body: bytes, footer: bytes) -> str:
    # Step 8: the footer piece is present only when the footer is non-empty.
    token = header.decode() + b64encode(body)
    return token + "." + b64encode(footer) if footer else token


def _encrypt(key: LocalKey, message: bytes, footer: bytes, implicit: bytes, nonce: bytes) -> str:
    enc_key, nonce2, auth_key = _split_key(key.to_bytes(), nonce)
    ciphertext = _crypto.xchacha20(enc_key, nonce2, message)  # step 5
    pre_auth = pae((LOCAL_HEADER, nonce, ciphertext, footer, implicit))  # step 6
    tag = _crypto.blake2b(pre_auth, size=32, key=auth_key)  # step 7
    return _with_footer(LOCAL_HEADER, nonce + ciphertext + tag, footer)


def encrypt(
    key: LocalKey, message: bytes, *, footer: bytes = b"", implicit_assertion: bytes = b""
) -> str:
    """Encrypt-then-MAC ``message`` into a ``v4.local`` token."""
    if not isinstance(key, LocalKey):  # step 1: algorithm lucidity
        raise InvalidKeyError("v4.local tokens are made with a LocalKey")
    # Step 3: a fresh 32-byte nonce from the OS CSPRNG (v4 does not hash it with the message).
    return _encrypt(key, message, footer, implicit_assertion, _crypto.random_bytes(32))


def open_local(key: LocalKey, raw: RawToken, implicit: bytes) -> bytes | None:
    """Authenticate then decrypt a parsed ``v4.local`` token; ``None`` when the tag is wrong."""
    body = raw.body
    nonce, ciphertext, tag = body[:32], body[32:-32], body[-32:]
    enc_key, nonce2, auth_key = _split_key(key.to_bytes(), nonce)
    footer = raw.footer
    # Step 6, PAE of (h, n, c, f, i) written out: this is the hot path of every local decode.
    pre_auth = b"".join(
        (
            _PAE5_HEADER,
            nonce,
            _LE64(len(ciphertext)),
            ciphertext,
            _LE64(len(footer)),
            footer,
            _LE64(len(implicit)),
            implicit,
        )
    )
    # Step 8: constant-time comparison, and the MAC is checked before anything is decrypted.
    if not _crypto.ct_equal(tag, _crypto.blake2b(pre_auth, size=32, key=auth_key)):
        return None
    return _crypto.xchacha20(enc_key, nonce2, ciphertext)  # step 9


def sign(
    key: SecretKey, message: bytes, *, footer: bytes = b"", implicit_assertion: bytes = b""
) -> str:
    """Sign ``message`` into a ``v4.public`` token (the message is readable by anyone)."""
    if not isinstance(key, SecretKey):  # step 1
        raise InvalidKeyError("v4.public tokens are signed with a SecretKey")
    pre_auth = pae((PUBLIC_HEADER, message, footer, implicit_assertion))  # step 3
    signature = _crypto.ed25519_sign(key.to_bytes(), pre_auth)  # step 4
    return _with_footer(PUBLIC_HEADER, message + signature, footer)


def open_public(key: PublicKey, raw: RawToken, implicit: bytes) -> bytes | None:
    """Verify a parsed ``v4.public`` token; ``None`` when the signature is wrong."""
    message, signature = raw.body[:-64], raw.body[-64:]
    pre_auth = pae((PUBLIC_HEADER, message, raw.footer, implicit))  # step 5
    return message if _crypto.ed25519_verify(key.to_bytes(), pre_auth, signature) else None


def decrypt(
    key: LocalKey,
    token: str,
    *,
    implicit_assertion: bytes = b"",
    max_size: int = DEFAULT_MAX_TOKEN_SIZE,
) -> tuple[bytes, bytes]:
    """Return ``(message, footer)`` of a ``v4.local`` token, or raise a ``TokenError``."""
    if not isinstance(key, LocalKey):
        raise InvalidKeyError("v4.local tokens are opened with a LocalKey")
    raw = parse_token(token, max_size)
    if raw.purpose != "local":
        raise WrongPurposeError()
    message = open_local(key, raw, implicit_assertion)
    if message is None:
        raise InvalidTokenError()
    return message, raw.footer


def verify(
    key: PublicKey | SecretKey,
    token: str,
    *,
    implicit_assertion: bytes = b"",
    max_size: int = DEFAULT_MAX_TOKEN_SIZE,
) -> tuple[bytes, bytes]:
    """Return ``(message, footer)`` of a ``v4.public`` token, or raise a ``TokenError``."""
    if isinstance(key, SecretKey):
        key = key.public_key()
    if not isinstance(key, PublicKey):
        raise InvalidKeyError("v4.public tokens are verified with a PublicKey")
    raw = parse_token(token, max_size)
    if raw.purpose != "public":
        raise WrongPurposeError()
    message = open_public(key, raw, implicit_assertion)
    if message is None:
        raise InvalidTokenError()
    return message, raw.footer

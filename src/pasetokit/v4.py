"""PASETO v4 primitives (hazmat): ``v4.local`` and ``v4.public`` on raw bytes.

Most code wants :func:`pasetokit.encode` / :func:`pasetokit.decode`, which add claims, footers
and key rings on top. Step numbers below are those of the spec's Version4.md.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from . import _crypto
from ._b64 import b64encode
from .exceptions import InvalidKeyError, InvalidTokenError, WrongPurposeError
from .keys import LocalKey, PublicKey, SecretKey
from .token import DEFAULT_MAX_TOKEN_SIZE, RawToken, parse_token

__all__ = ["decrypt", "encrypt", "open_local_any", "open_public_any", "sign", "verify"]

LOCAL_HEADER = b"v4.local."
PUBLIC_HEADER = b"v4.public."
_LE64 = struct.Struct("<Q").pack
# PAE's count and the fixed-size leading pieces (header; nonce length), precomputed.
_PAE5_HEADER = _LE64(5) + _LE64(len(LOCAL_HEADER)) + LOCAL_HEADER + _LE64(32)
_PAE4_HEADER = _LE64(4) + _LE64(len(PUBLIC_HEADER)) + PUBLIC_HEADER
_blake2b = _crypto.blake2b_new
_ENC_INFO = b"paseto-encryption-key"
_AUTH_INFO = b"paseto-auth-key-for-aead"


def _split_key(key: bytes, nonce: bytes) -> tuple[bytes, bytes, bytes]:
    # Step 4 (encrypt) / 5 (decrypt): derive Ek, n2 and Ak from the key and the random nonce.
    tmp = _blake2b(_ENC_INFO + nonce, digest_size=56, key=key).digest()
    return tmp[:32], tmp[32:], _blake2b(_AUTH_INFO + nonce, digest_size=32, key=key).digest()


def _local_pae(nonce: bytes, ciphertext: bytes, footer: bytes, implicit: bytes) -> bytes:
    # PAE of (h, n, c, f, i) written out, the fixed pieces precomputed (pae.py is the general
    # form; tests check that both agree): this runs for every local token.
    return b"".join(
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


def _public_pae(message: bytes, footer: bytes, implicit: bytes, before: bytes = b"") -> bytes:
    # PAE of (h, m, f, i), written out as above; ``before`` is joined in front (the signature,
    # for libsodium's signed-message layout) at no extra copy.
    return b"".join(
        (
            before,
            _PAE4_HEADER,
            _LE64(len(message)),
            message,
            _LE64(len(footer)),
            footer,
            _LE64(len(implicit)),
            implicit,
        )
    )


def _require_bytes(message: object, footer: object, implicit: object) -> None:
    # PAE is defined over byte strings; the inlined PAE above would take a bytearray too.
    if type(message) is not bytes or type(footer) is not bytes or type(implicit) is not bytes:
        raise TypeError("message, footer and implicit_assertion must be bytes")


def _with_footer(header: str, body: bytes, footer: bytes) -> str:
    # Step 8: the footer piece is present only when the footer is non-empty.
    token = header + b64encode(body)
    return token + "." + b64encode(footer) if footer else token


def _encrypt(key: LocalKey, message: bytes, footer: bytes, implicit: bytes, nonce: bytes) -> str:
    enc_key, nonce2, auth_key = _split_key(key._material, nonce)
    ciphertext = _crypto.xchacha20(enc_key, nonce2, message)  # step 5
    pre_auth = _local_pae(nonce, ciphertext, footer, implicit)  # step 6
    tag = _blake2b(pre_auth, digest_size=32, key=auth_key).digest()  # step 7
    return _with_footer("v4.local.", nonce + ciphertext + tag, footer)


def encrypt(
    key: LocalKey, message: bytes, *, footer: bytes = b"", implicit_assertion: bytes = b""
) -> str:
    """Encrypt-then-MAC ``message`` into a ``v4.local`` token."""
    if type(key) is not LocalKey:  # step 1: algorithm lucidity (LocalKey is final)
        raise InvalidKeyError("v4.local tokens are made with a LocalKey")
    _require_bytes(message, footer, implicit_assertion)
    # Step 3: a fresh 32-byte nonce from the OS CSPRNG (v4 does not hash it with the message).
    return _encrypt(key, message, footer, implicit_assertion, _crypto.random_bytes(32))


def open_local_any(
    keys: Iterable[LocalKey], body: bytes, footer: bytes, implicit: bytes
) -> bytes | None:
    """Authenticate then decrypt a ``v4.local`` body with the first of ``keys`` whose tag
    matches; ``None`` when none does.

    Per candidate only the MAC work is done (Ak, then the tag over a PAE built once); Ek and
    n2 are derived, and the ciphertext decrypted, only for the key that matched.
    """
    nonce, ciphertext, tag = body[:32], body[32:-32], body[-32:]
    pre_auth = _local_pae(nonce, ciphertext, footer, implicit)  # step 6
    auth_info = _AUTH_INFO + nonce
    for key in keys:
        material = key._material
        auth_key = _blake2b(auth_info, digest_size=32, key=material).digest()  # step 5 (Ak)
        # Step 8: constant-time comparison, and the MAC is checked before anything is decrypted.
        if _crypto.ct_equal(tag, _blake2b(pre_auth, digest_size=32, key=auth_key).digest()):
            tmp = _blake2b(_ENC_INFO + nonce, digest_size=56, key=material).digest()  # Ek, n2
            return _crypto.xchacha20(tmp[:32], tmp[32:], ciphertext)  # step 9
    return None


def open_local(key: LocalKey, raw: RawToken, implicit: bytes) -> bytes | None:
    """Authenticate then decrypt a parsed ``v4.local`` token; ``None`` when the tag is wrong."""
    return open_local_any((key,), raw.body, raw.footer, implicit)


def sign(
    key: SecretKey, message: bytes, *, footer: bytes = b"", implicit_assertion: bytes = b""
) -> str:
    """Sign ``message`` into a ``v4.public`` token (the message is readable by anyone)."""
    if type(key) is not SecretKey:  # step 1 (SecretKey is final)
        raise InvalidKeyError("v4.public tokens are signed with a SecretKey")
    _require_bytes(message, footer, implicit_assertion)
    pre_auth = _public_pae(message, footer, implicit_assertion)  # step 3
    signature = _crypto.ed25519_sign(key._material, pre_auth)  # step 4
    return _with_footer("v4.public.", message + signature, footer)


def open_public_any(
    keys: Iterable[PublicKey], body: bytes, footer: bytes, implicit: bytes
) -> bytes | None:
    """Verify a ``v4.public`` body with the first of ``keys`` that accepts its signature (the
    PAE is built once); ``None`` when none does."""
    message, signature = body[:-64], body[-64:]
    signed = _public_pae(message, footer, implicit, signature)  # step 5, behind the signature
    for key in keys:
        if _crypto.ed25519_open(key._material, signed):  # step 6
            return message
    return None


def open_public(key: PublicKey, raw: RawToken, implicit: bytes) -> bytes | None:
    """Verify a parsed ``v4.public`` token; ``None`` when the signature is wrong."""
    return open_public_any((key,), raw.body, raw.footer, implicit)


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

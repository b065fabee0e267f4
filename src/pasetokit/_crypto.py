"""The only module that imports PyNaCl and pycryptodome: thin, typed wrappers over primitives.

Nothing here knows about tokens; callers own the protocol. Failures are reported as ``False`` or
``None`` (never with the library's message) so the protocol layer can raise its own opaque error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from typing import Any

import nacl.bindings as _sodium
import nacl.exceptions as _nacl_exc
import nacl.pwhash.argon2id as _argon2id
from Crypto.Cipher import ChaCha20 as _ChaCha20
from Crypto.Util import _raw_api

__all__ = [
    "argon2id",
    "blake2b",
    "ct_equal",
    "ed25519_pk_to_x25519",
    "ed25519_seed_keypair",
    "ed25519_sign",
    "ed25519_sk_to_x25519",
    "ed25519_verify",
    "random_bytes",
    "x25519",
    "x25519_keypair",
    "xchacha20",
]

ARGON2_OPSLIMIT_MIN: int = _argon2id.OPSLIMIT_MIN
ARGON2_MEMLIMIT_MIN: int = _argon2id.MEMLIMIT_MIN

random_bytes = os.urandom
ct_equal = hmac.compare_digest


blake2b_new = hashlib.blake2b  # the constructor itself, for the protocol's hot paths


def blake2b(data: bytes, *, size: int, key: bytes = b"") -> bytes:
    return hashlib.blake2b(data, digest_size=size, key=key).digest()


def _xchacha20_public(key: bytes, nonce: bytes, data: bytes) -> bytes:
    return _ChaCha20.new(key=key, nonce=nonce).encrypt(data)


def _xchacha20_direct(key: bytes, nonce: bytes, data: bytes) -> bytes:
    # The same C functions pycryptodome's ChaCha20 object calls (HChaCha20, then ChaCha20 with
    # the IETF 12-byte nonce 0x00000000 || nonce[16:]), minus about 5 us of Python wrapping per
    # call: a third of a whole v4.local decode.
    # The C types and functions are looked up once (_ctypes, _cfuncs), not parsed or found on
    # every call, and allocated by cffi's backend itself (FFI.new is a Python wrapper).
    new, (u8_32, void_pp, u8_array) = _newp, _ctypes
    hchacha20, init, encrypt, destroy, buffer = _cfuncs
    subkey = new(u8_32)
    if hchacha20(key, nonce[:16], subkey):
        raise ValueError("HChaCha20 failed")
    holder = new(void_pp)
    if init(holder, subkey, 32, b"\0\0\0\0" + nonce[16:], 12):
        raise ValueError("ChaCha20 init failed")
    state, size = holder[0], len(data)
    out = new(u8_array, size)
    try:
        if encrypt(state, data, out, size):
            raise ValueError("ChaCha20 failed")
    finally:
        destroy(state)
    result: bytes = buffer(out, size)[:]
    return result


_lib: Any = getattr(_ChaCha20, "_raw_chacha20_lib", None)
_ffi: Any = getattr(_raw_api, "ffi", None)
_ctypes: Any = None
_newp: Any = None
_cfuncs: Any = None


def _bind_direct() -> bool:
    """Look up the direct path's C types and functions in ``_lib`` once (not on every call);
    ``False`` when pycryptodome's build lacks any of them."""
    global _ctypes, _newp, _cfuncs  # noqa: PLW0603 - the probe sets the hot path's lookups
    try:
        _ctypes = tuple(_ffi.typeof(t) for t in ("uint8_t[32]", "void **", "uint8_t[]"))
        _newp = getattr(getattr(_ffi, "_backend", None), "newp", _ffi.new)
        _cfuncs = (
            _lib.hchacha20,
            _lib.chacha20_init,
            _lib.chacha20_encrypt,
            _lib.chacha20_destroy,
            _ffi.buffer,
        )
    except Exception:  # no cffi backend or a symbol missing: the direct path is never picked
        _ctypes = _newp = _cfuncs = None
        return False
    return True


def _pick_xchacha20() -> Callable[[bytes, bytes, bytes], bytes]:
    """Use the direct path only if pycryptodome exposes it through cffi and it agrees with the
    public API on a known input; any other pycryptodome build gets the public API."""
    if _raw_api.backend != "cffi" or not _bind_direct():
        return _xchacha20_public
    probe = (bytes(range(32)), bytes(range(24)), bytes(range(100)))
    try:
        agrees = _xchacha20_direct(*probe) == _xchacha20_public(*probe)
    except Exception:
        agrees = False
    return _xchacha20_direct if agrees else _xchacha20_public


_xchacha20 = _pick_xchacha20()
FAST_XCHACHA20: bool = _xchacha20 is _xchacha20_direct
"""Whether XChaCha20 calls pycryptodome's C functions directly (probed at import)."""


def xchacha20(key: bytes, nonce: bytes, data: bytes) -> bytes:
    """XChaCha20 stream XOR (counter 0): 32-byte key, 24-byte nonce."""
    if len(key) != 32 or len(nonce) != 24:
        raise ValueError("XChaCha20 needs a 32-byte key and a 24-byte nonce")
    return _xchacha20(key, nonce, data)


def ed25519_seed_keypair(seed: bytes) -> tuple[bytes, bytes]:
    """Return ``(public_key32, secret_key64)`` derived from a 32-byte seed."""
    pk, sk = _sodium.crypto_sign_seed_keypair(seed)
    return pk, sk


def _sign_public(secret_key64: bytes, message: bytes) -> bytes:
    return _sodium.crypto_sign(message, secret_key64)[:64]


def _open_public(public_key: bytes, signed: bytes) -> bool:
    try:
        _sodium.crypto_sign_open(signed, public_key)
    except (_nacl_exc.BadSignatureError, _nacl_exc.ValueError, _nacl_exc.TypeError):
        return False
    return True


def _sign_direct(secret_key64: bytes, message: bytes) -> bytes:
    # libsodium's crypto_sign through PyNaCl's own cffi module, minus the wrapper's checks and
    # copies (the caller passes a 64-byte key); only the 64 signature bytes are copied out.
    if len(secret_key64) != 64:
        raise ValueError("Ed25519 secret key must be 64 bytes")
    signed = _sodium_ffi.new(_sodium_uchars, len(message) + 64)
    if _sodium_lib.crypto_sign(signed, _sodium_ffi.NULL, message, len(message), secret_key64):
        raise ValueError("Ed25519 signing failed")
    result: bytes = _sodium_ffi.buffer(signed, 64)[:]
    return result


def _open_direct(public_key: bytes, signed: bytes) -> bool:
    # crypto_sign_open with no output buffer (libsodium allows NULL): verification only.
    if len(public_key) != 32 or len(signed) < 64:
        return False
    return not _sodium_lib.crypto_sign_open(
        _sodium_ffi.NULL, _sodium_ffi.NULL, signed, len(signed), public_key
    )


def _pick_ed25519() -> tuple[Callable[[bytes, bytes], bytes], Callable[[bytes, bytes], bool]]:
    """The direct calls only if PyNaCl's cffi module has them and they agree with its public
    bindings on a known key pair (a good, a forged and a truncated signature)."""
    if _sodium_ffi is None or _sodium_lib is None:
        return _sign_public, _open_public
    try:
        pk, sk = _sodium.crypto_sign_seed_keypair(bytes(range(32)))
        message = bytes(range(100))
        signature = _sign_direct(sk, message)
        forged = bytes([signature[0] ^ 1]) + signature[1:]
        agrees = (
            signature == _sign_public(sk, message)
            and _open_direct(pk, signature + message)
            and not _open_direct(pk, forged + message)
            and not _open_direct(pk, signature[:63])
        )
    except Exception:
        agrees = False
    return (_sign_direct, _open_direct) if agrees else (_sign_public, _open_public)


try:
    from nacl._sodium import ffi as _sodium_ffi
    from nacl._sodium import lib as _sodium_lib

    _sodium_uchars: Any = _sodium_ffi.typeof("unsigned char[]")
except Exception:  # another PyNaCl layout: the public bindings are used
    _sodium_ffi = _sodium_lib = _sodium_uchars = None
_ed25519_sign, ed25519_open = _pick_ed25519()
FAST_ED25519: bool = _ed25519_sign is _sign_direct
"""Whether Ed25519 goes straight to PyNaCl's libsodium (probed at import)."""


def ed25519_sign(secret_key64: bytes, message: bytes) -> bytes:
    """Detached Ed25519 signature (64 bytes)."""
    return _ed25519_sign(secret_key64, message)


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    # libsodium rejects non-canonical S and small-order public keys.
    if len(signature) != 64:
        return False
    return ed25519_open(public_key, signature + message)


def ed25519_pk_to_x25519(public_key: bytes) -> bytes | None:
    try:
        return _sodium.crypto_sign_ed25519_pk_to_curve25519(public_key)
    except _nacl_exc.CryptoError:
        return None


def ed25519_sk_to_x25519(secret_key64: bytes) -> bytes:
    return _sodium.crypto_sign_ed25519_sk_to_curve25519(secret_key64)


def x25519_keypair() -> tuple[bytes, bytes]:
    """Return ``(public, secret)`` of a fresh X25519 key pair."""
    pk, sk = _sodium.crypto_box_keypair()
    return pk, sk


def x25519(secret: bytes, public: bytes) -> bytes | None:
    """X25519 shared secret, or ``None`` for a low-order / all-zero result."""
    try:
        return _sodium.crypto_scalarmult(secret, public)
    except (_nacl_exc.RuntimeError, _nacl_exc.CryptoError):
        return None


def argon2id(password: bytes, salt: bytes, *, opslimit: int, memlimit: int) -> bytes:
    """Argon2id with parallelism 1 (libsodium's only choice), 32-byte output.

    Raises ``ValueError`` when libsodium refuses (parameters, or memory it cannot allocate)."""
    try:
        return _argon2id.kdf(32, password, salt, opslimit=opslimit, memlimit=memlimit)
    except (_nacl_exc.CryptoError, MemoryError):
        raise ValueError("Argon2id failed") from None

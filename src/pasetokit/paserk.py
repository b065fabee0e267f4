"""PASERK k4 beyond the plain key types: PIE wrapping, password wrapping (PBKW) and sealing (PKE).

Hazmat: these functions move secret keys between systems; most applications only need
``LocalKey.to_paserk()`` / ``from_paserk()``. Every function follows paserk ``operations/*.md`` for
version 4; the comments carry the spec's step numbers.

Parsing is strict and happens before any cryptography: the header (version, type and, for wraps,
the prefix) must match exactly, the payload must be canonical unpadded base64url and of the exact
length. Every failure raises :class:`~pasetokit.exceptions.PaserkError`; messages never contain key
material, and a failed tag check says only that authentication failed.
"""

from __future__ import annotations

import struct

from . import _crypto
from ._argon2 import DEFAULT_ARGON2_LIMITS, MIN_MEMLIMIT, MIN_OPSLIMIT, Argon2Limits, check_cost
from ._b64 import b64encode
from ._paserk_format import KEY_TYPES, TYPES, VERSION, kind_of, payload
from .exceptions import ConfigurationError, InvalidKeyError, PaserkError
from .keys import AnyKey, LocalKey, PublicKey, SecretKey, SigningKey

__all__ = [
    "DEFAULT_ARGON2_LIMITS",
    "DEFAULT_MEMLIMIT",
    "DEFAULT_OPSLIMIT",
    "MIN_MEMLIMIT",
    "MIN_OPSLIMIT",
    "Argon2Limits",
    "key_from_paserk",
    "password_unwrap_local",
    "password_unwrap_secret",
    "password_wrap",
    "seal",
    "unseal",
    "unwrap_local",
    "unwrap_secret",
    "wrap",
]

# password_wrap's cost: libsodium's INTERACTIVE profile, as paserk-php uses (the official
# vectors use 64 and 256 MiB). The ceiling on what a PASERK may make us spend is Argon2Limits.
DEFAULT_MEMLIMIT = 64 * 1024 * 1024
DEFAULT_OPSLIMIT = 2

_LOCAL_PIE = "k4.local-wrap.pie."
_SECRET_PIE = "k4.secret-wrap.pie."
_LOCAL_PW = "k4.local-pw."
_SECRET_PW = "k4.secret-pw."
_SEAL = "k4.seal."

_AUTH_FAILED = "cannot unwrap PASERK: authentication failed"
# mem (u64, bytes), time (u32), para (u32), all big-endian (PBKW.md).
_PBKW_PARAMS = struct.Struct(">QII")
_TAG = 32


def _require(key: object, cls: type, what: str) -> None:
    # The signatures are typed, but a wrong key type must fail loudly at run time too.
    if not isinstance(key, cls):
        raise InvalidKeyError(f"{what} must be a {cls.__name__}, not {type(key).__name__}")


def _header_for(key: SigningKey, local: str, secret: str) -> str:
    if isinstance(key, LocalKey):
        return local
    if isinstance(key, SecretKey):
        return secret
    raise InvalidKeyError(
        f"only a LocalKey or a SecretKey can be wrapped, not {type(key).__name__}; "
        "a PublicKey is not secret: use to_paserk()"
    )


def _local_key(ptk: bytes) -> LocalKey:
    return LocalKey.from_bytes(ptk)  # ptk has exactly 32 bytes: the payload length was checked


def _secret_key(ptk: bytes) -> SecretKey:
    # Authentic but inconsistent seed || pk: signing with it would leak the seed, so refuse it.
    try:
        return SecretKey.from_bytes(ptk)
    except InvalidKeyError:
        raise PaserkError(
            "the unwrapped secret key's public half does not match its seed"
        ) from None


# --- PIE symmetric wrapping (operations/Wrap/pie.md) --------------------------------------------


def wrap(key: SigningKey, wrapping_key: LocalKey) -> str:
    """Wrap ``key`` as ``k4.local-wrap.pie.`` or ``k4.secret-wrap.pie.`` under ``wrapping_key``."""
    # 1. Lucidity: a v4 local key wraps; a local key gives local-wrap, a secret key secret-wrap.
    _require(wrapping_key, LocalKey, "the wrapping key")
    header = _header_for(key, _LOCAL_PIE, _SECRET_PIE)
    wk = wrapping_key.to_bytes()
    n = _crypto.random_bytes(32)  # 2.
    x = _crypto.blake2b(b"\x80" + n, key=wk, size=56)  # 3. Ek = x[:32], n2 = x[32:]
    ak = _crypto.blake2b(b"\x81" + n, key=wk, size=32)  # 4.
    c = _crypto.xchacha20(x[:32], x[32:], key.to_bytes())  # 5.
    t = _crypto.blake2b(header.encode() + n + c, key=ak, size=32)  # 6. h covers version+type+prefix
    return header + b64encode(t + n + c)  # 7. The tag comes first, unlike in tokens.


def _pie_unwrap(paserk: str, wrapping_key: LocalKey, header: str, size: int) -> bytes:
    _require(wrapping_key, LocalKey, "the wrapping key")
    raw = payload(paserk, header, _TAG + 32 + size)
    t, n, c = raw[:32], raw[32:64], raw[64:]  # 1.
    wk = wrapping_key.to_bytes()
    ak = _crypto.blake2b(b"\x81" + n, key=wk, size=32)  # 2.
    t2 = _crypto.blake2b(header.encode() + n + c, key=ak, size=32)  # 3.
    if not _crypto.ct_equal(t, t2):  # 4. Constant time; nothing is decrypted before this.
        raise PaserkError(_AUTH_FAILED)
    x = _crypto.blake2b(b"\x80" + n, key=wk, size=56)  # 5.
    # 6. Step 7's length check is already done: the payload length fixed len(c) == size.
    return _crypto.xchacha20(x[:32], x[32:], c)


def unwrap_local(paserk: str, wrapping_key: LocalKey) -> LocalKey:
    """Unwrap a ``k4.local-wrap.pie.`` PASERK."""
    return _local_key(_pie_unwrap(paserk, wrapping_key, _LOCAL_PIE, 32))


def unwrap_secret(paserk: str, wrapping_key: LocalKey) -> SecretKey:
    """Unwrap a ``k4.secret-wrap.pie.`` PASERK (7. and checks the seed against the public half)."""
    return _secret_key(_pie_unwrap(paserk, wrapping_key, _SECRET_PIE, 64))


# --- PBKW password wrapping (operations/PBKW.md) ------------------------------------------------


def _password(password: str | bytes, error: type[ConfigurationError]) -> bytes:
    if isinstance(password, str):
        try:
            password = password.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            raise error("the password is not valid Unicode text") from None
    if not isinstance(password, (bytes, bytearray, memoryview)):
        raise error(f"the password must be str or bytes, not {type(password).__name__}")
    if not password:
        raise error("the password must not be empty")
    return bytes(password)


def _pbkw_keys(pw: bytes, salt: bytes, mem: int, time: int) -> tuple[bytes, bytes]:
    try:
        k = _crypto.argon2id(pw, salt, opslimit=time, memlimit=mem)  # 2. (parallelism is 1)
    except ValueError:
        raise PaserkError("Argon2id failed (not enough memory for its parameters?)") from None
    ek = _crypto.blake2b(b"\xff" + k, size=32)  # 3. (decrypt: 6.)
    ak = _crypto.blake2b(b"\xfe" + k, size=32)  # 4. (decrypt: 3.)
    return ek, ak


def password_wrap(
    key: SigningKey,
    password: str | bytes,
    *,
    memlimit: int = DEFAULT_MEMLIMIT,
    opslimit: int = DEFAULT_OPSLIMIT,
    limits: Argon2Limits = DEFAULT_ARGON2_LIMITS,
) -> str:
    """Wrap ``key`` as ``k4.local-pw.`` or ``k4.secret-pw.`` under an Argon2id-derived key.

    ``memlimit`` is in bytes (a multiple of 1024) and ``opslimit`` is the Argon2id time cost. Both
    are held to ``limits`` (by default the unwrap default), so that the PASERK made here unwraps
    under the same limits: a larger cost needs a larger ``Argon2Limits`` on both sides.
    """
    header = _header_for(key, _LOCAL_PW, _SECRET_PW)
    pw = _password(password, ConfigurationError)
    check_cost(memlimit, opslimit, 1, limits, ConfigurationError)
    s = _crypto.random_bytes(16)  # 1.
    ek, ak = _pbkw_keys(pw, s, memlimit, opslimit)  # 2.-4.
    n = _crypto.random_bytes(24)  # 5.
    edk = _crypto.xchacha20(ek, n, key.to_bytes())  # 6. n is used as is; no derived nonce.
    body = s + _PBKW_PARAMS.pack(memlimit, opslimit, 1) + n + edk
    t = _crypto.blake2b(header.encode() + body, key=ak, size=32)  # 7.
    return header + b64encode(body + t)  # 8.


def _pbkw_unwrap(
    paserk: str, password: str | bytes, header: str, size: int, limits: Argon2Limits
) -> bytes:
    # 1. Header, encoding and length; salt(16) params(16) nonce(24) edk(size) tag(32).
    raw = payload(paserk, header, 56 + size + _TAG)
    pw = _password(password, PaserkError)
    mem, time, para = _PBKW_PARAMS.unpack(raw[16:32])
    check_cost(mem, time, para, limits, PaserkError)  # before Argon2id: the DoS guard
    ek, ak = _pbkw_keys(pw, raw[:16], mem, time)  # 2.-3.
    body, t = raw[:-_TAG], raw[-_TAG:]
    t2 = _crypto.blake2b(header.encode() + body, key=ak, size=32)  # 4.
    if not _crypto.ct_equal(t, t2):  # 5. A wrong password and a forged blob look the same.
        raise PaserkError(_AUTH_FAILED)
    # 6.-7. Step 8's length check is already done: the payload length fixed len(edk) == size.
    return _crypto.xchacha20(ek, raw[32:56], raw[56:-_TAG])


def password_unwrap_local(
    paserk: str, password: str | bytes, *, limits: Argon2Limits = DEFAULT_ARGON2_LIMITS
) -> LocalKey:
    """Unwrap a ``k4.local-pw.`` PASERK, refusing (before Argon2id runs) one whose cost is over
    ``limits``: by default 64 MiB and 3 passes, 0.14-0.25 s of one core per attempt."""
    return _local_key(_pbkw_unwrap(paserk, password, _LOCAL_PW, 32, limits))


def password_unwrap_secret(
    paserk: str, password: str | bytes, *, limits: Argon2Limits = DEFAULT_ARGON2_LIMITS
) -> SecretKey:
    """Unwrap a ``k4.secret-pw.`` PASERK, refusing (before Argon2id runs) one whose cost is over
    ``limits`` (see :func:`password_unwrap_local`)."""
    return _secret_key(_pbkw_unwrap(paserk, password, _SECRET_PW, 64, limits))


# --- PKE sealing (operations/PKE.md) ------------------------------------------------------------


def _seal_key(domain: bytes, xk: bytes, epk: bytes, xpk: bytes) -> bytes:
    # Ek (0x01) and Ak (0x02). PKE.md's decryption steps write "pk" here, but sealing uses xpk,
    # and so do paserk-php and the vectors: it is xpk on both sides.
    return _crypto.blake2b(domain + _SEAL.encode() + xk + epk + xpk, size=32)


def _x25519_public(public_key: PublicKey) -> bytes:
    # libsodium's Ed25519 -> X25519 conversion. PublicKey accepts any 32 bytes (the k4.public
    # vectors hold off-curve and small-order ones), and libsodium refuses to convert those: the
    # caller's sealing key is then unusable. A SecretKey's own public half always converts.
    xpk = _crypto.ed25519_pk_to_x25519(public_key.to_bytes())
    if xpk is None:
        raise InvalidKeyError("the public key cannot be converted to X25519")
    return xpk


def seal(key: LocalKey, public_key: PublicKey) -> str:
    """Seal ``key`` to the holder of the Ed25519 ``public_key`` as ``k4.seal.``."""
    _require(key, LocalKey, "the sealed key")  # Only v4.local keys can be sealed.
    _require(public_key, PublicKey, "the sealing key")
    xpk = _x25519_public(public_key)  # 1.
    epk, esk = _crypto.x25519_keypair()  # 2.
    xk = _crypto.x25519(esk, xpk)  # 3.
    if xk is None:  # cannot happen: xpk is not of small order
        raise InvalidKeyError("the sealing key cannot be used for X25519")
    ek = _seal_key(b"\x01", xk, epk, xpk)  # 4.
    ak = _seal_key(b"\x02", xk, epk, xpk)  # 5.
    n = _crypto.blake2b(epk + xpk, size=24)  # 6.
    edk = _crypto.xchacha20(ek, n, key.to_bytes())  # 7.
    t = _crypto.blake2b(_SEAL.encode() + epk + edk, key=ak, size=32)  # 8.
    return _SEAL + b64encode(t + epk + edk)  # 9.


def unseal(paserk: str, secret_key: SecretKey) -> LocalKey:
    """Open a ``k4.seal.`` PASERK with the recipient's Ed25519 ``secret_key``."""
    # 1. Header, encoding and length, and an Ed25519 secret key.
    _require(secret_key, SecretKey, "the unsealing key")
    raw = payload(paserk, _SEAL, _TAG + 32 + 32)
    t, epk, edk = raw[:32], raw[32:64], raw[64:]
    xsk = _crypto.ed25519_sk_to_x25519(secret_key.to_bytes())  # 2.
    xpk = _x25519_public(secret_key.public_key())
    xk = _crypto.x25519(xsk, epk)  # 3.
    if xk is None:  # a low-order epk gives an all-zero xk: a forgery attempt
        raise PaserkError(_AUTH_FAILED)
    ak = _seal_key(b"\x02", xk, epk, xpk)  # 4.
    t2 = _crypto.blake2b(_SEAL.encode() + epk + edk, key=ak, size=32)  # 5.
    if not _crypto.ct_equal(t, t2):  # 6.
        raise PaserkError(_AUTH_FAILED)
    ek = _seal_key(b"\x01", xk, epk, xpk)  # 7.
    n = _crypto.blake2b(epk + xpk, size=24)
    # 8. Step 9's 32-byte check is already done: the payload length fixed len(edk) == 32.
    return _local_key(_crypto.xchacha20(ek, n, edk))


# --- plain keys ---------------------------------------------------------------------------------


def key_from_paserk(paserk: str) -> AnyKey:
    """Parse a plain ``k4.local.``, ``k4.secret.`` or ``k4.public.`` PASERK into its key class."""
    if not isinstance(paserk, str):
        raise PaserkError("a PASERK must be a str")
    version, kind = kind_of(paserk)
    if version is not None and version != VERSION:
        raise PaserkError(f"got a {version} PASERK; pasetokit supports k4 only")
    if version is None or kind is None:
        raise PaserkError("not a PASERK: expected k4.local., k4.secret. or k4.public.")
    if kind not in KEY_TYPES:
        raise PaserkError(f"a k4.{kind} PASERK {TYPES[kind].hint}")
    # Each from_paserk raises PaserkError for bad data (a SecretKey's mismatched halves too).
    if kind == "local":
        return LocalKey.from_paserk(paserk)
    if kind == "secret":
        return SecretKey.from_paserk(paserk)
    return PublicKey.from_paserk(paserk)

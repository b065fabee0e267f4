"""Typed v4 keys: one immutable class per purpose (PASETO "Algorithm Lucidity").

A key is its material *and* its version and purpose, so a 32-byte blob can never drift from one
use to another: ``LocalKey`` only encrypts/decrypts ``v4.local``, ``SecretKey`` only signs
``v4.public``, ``PublicKey`` only verifies. ``repr`` shows the PASERK id, never the material.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, NoReturn, final

from . import _crypto, _pem
from ._b64 import b64encode
from ._paserk_format import payload
from ._types import Purpose
from .exceptions import InvalidKeyError, PaserkError

__all__ = ["AnyKey", "LocalKey", "PublicKey", "SecretKey", "SigningKey", "VerifyKey", "paserk_id"]

_GUARD = object()


def paserk_id(kind: Literal["lid", "pid", "sid"], paserk: str) -> str:
    """PASERK ID operation (operations/ID.md): unkeyed BLAKE2b-264 over ``h || paserk``."""
    header = f"k4.{kind}."
    return header + b64encode(_crypto.blake2b((header + paserk).encode("ascii"), size=33))


def _require_guard(key: object, guard: object) -> None:
    if guard is not _GUARD:
        name = type(key).__name__
        raise TypeError(f"use {name}.generate(), {name}.from_bytes() or {name}.from_paserk()")


def _as_bytes(material: object, what: str) -> bytes:
    if isinstance(material, str):
        raise InvalidKeyError(
            f"{what} must be raw bytes, not a string; use from_paserk() for a PASERK, "
            "or generate one with `pasetokit keygen`"
        )
    if not isinstance(material, (bytes, bytearray, memoryview)):
        raise InvalidKeyError(f"{what} must be bytes, not {type(material).__name__}")
    return bytes(material)


class _Key:
    """Shared immutability, equality and repr; concrete classes are ``@final``."""

    __slots__ = ("_id", "_material")
    purpose: ClassVar[Purpose]
    _id: str
    _material: bytes

    def __init__(self, guard: object = None, material: bytes = b"") -> None:
        _require_guard(self, guard)
        object.__setattr__(self, "_material", material)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __copy__(self) -> _Key:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, object]) -> _Key:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} cannot be pickled; serialise with to_paserk()")

    @property
    def paserk_id(self) -> str:
        """The key's PASERK id: safe to publish and to put in a footer as ``kid``."""
        return self._id

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return _crypto.ct_equal(self._material, other._material)

    def __hash__(self) -> int:
        return hash(self._id)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._id})"


@final
class LocalKey(_Key):
    """A 32-byte symmetric key for ``v4.local`` (PASERK ``k4.local``, id ``k4.lid``)."""

    __slots__ = ()
    purpose = "local"

    def __init__(self, guard: object = None, material: bytes = b"") -> None:
        super().__init__(guard, material)
        object.__setattr__(self, "_id", paserk_id("lid", self.to_paserk()))

    @classmethod
    def generate(cls) -> LocalKey:
        """A new random key from the operating system's CSPRNG."""
        return cls(_GUARD, _crypto.random_bytes(32))

    @classmethod
    def from_bytes(cls, material: bytes) -> LocalKey:
        """The key whose raw material is ``material``.

        Args:
            material: Exactly 32 bytes (``bytes``, ``bytearray`` or ``memoryview``).

        Raises:
            InvalidKeyError: ``material`` is not bytes (a ``str`` gets a hint to use
                :meth:`from_paserk`) or is not 32 bytes long.
        """
        raw = _as_bytes(material, "a LocalKey")
        if len(raw) != 32:
            raise InvalidKeyError(
                f"a v4.local key must be exactly 32 bytes, got {len(raw)}; "
                "use LocalKey.generate() or `pasetokit keygen local`"
            )
        return cls(_GUARD, raw)

    @classmethod
    def from_paserk(cls, paserk: str) -> LocalKey:
        """Parse a ``k4.local.`` PASERK, as :meth:`to_paserk` and ``pasetokit keygen`` write it.

        Raises:
            PaserkError: Not a str, another PASERK type (the message names it), non-canonical
                base64url, or not 32 bytes.
        """
        return cls(_GUARD, payload(paserk, "k4.local.", 32))

    def to_paserk(self) -> str:
        """The key as a ``k4.local.`` PASERK. Handle with care: this is the secret."""
        return "k4.local." + b64encode(self._material)

    def to_bytes(self) -> bytes:
        """The raw 32 bytes. Handle with care: this is the secret."""
        return self._material


@final
class PublicKey(_Key):
    """An Ed25519 public key that verifies ``v4.public`` (PASERK ``k4.public``, id ``k4.pid``).

    It has no method that could sign or encrypt.
    """

    __slots__ = ()
    purpose = "public"

    def __init__(self, guard: object = None, material: bytes = b"") -> None:
        # Any 32 bytes are accepted as the *encoding* (the official k4.public vectors use
        # all-zero and off-curve bytes); libsodium's verification refuses small-order and
        # non-canonical points, so such a key can never verify a signature.
        super().__init__(guard, material)
        object.__setattr__(self, "_id", paserk_id("pid", self.to_paserk()))

    @classmethod
    def from_bytes(cls, material: bytes) -> PublicKey:
        """The public key whose raw Ed25519 encoding is ``material``.

        Args:
            material: Exactly 32 bytes. Any 32 bytes are accepted here, as the official vectors
                require; a small-order or non-canonical point simply never verifies.

        Raises:
            InvalidKeyError: ``material`` is not bytes or is not 32 bytes long.
        """
        raw = _as_bytes(material, "a PublicKey")
        if len(raw) != 32:
            raise InvalidKeyError(f"an Ed25519 public key must be exactly 32 bytes, got {len(raw)}")
        return cls(_GUARD, raw)

    @classmethod
    def from_pem(cls, pem: str | bytes) -> PublicKey:
        """Read an Ed25519 ``PUBLIC KEY`` PEM (SubjectPublicKeyInfo, as OpenSSL writes it).

        Raises:
            InvalidKeyError: Not a PEM, not a ``PUBLIC KEY`` block, or not an Ed25519 key.
        """
        try:
            return cls(_GUARD, _pem.spki_to_public(pem))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidKeyError(f"cannot read public key PEM: {exc}") from None

    @classmethod
    def from_paserk(cls, paserk: str) -> PublicKey:
        """Parse a ``k4.public.`` PASERK, as :meth:`to_paserk` writes it.

        Raises:
            PaserkError: Not a str, another PASERK type, non-canonical base64url, or not 32 bytes.
        """
        return cls(_GUARD, payload(paserk, "k4.public.", 32))

    def to_paserk(self) -> str:
        """The key as a ``k4.public.`` PASERK: safe to publish."""
        return "k4.public." + b64encode(self._material)

    def to_bytes(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return self._material

    def to_pem(self) -> str:
        """The key as an SPKI ``PUBLIC KEY`` PEM, for tools that read OpenSSL's format."""
        return _pem.public_to_spki(self._material)


@final
class SecretKey(_Key):
    """An Ed25519 signing key for ``v4.public`` (PASERK ``k4.secret``, id ``k4.sid``).

    The material is libsodium's 64 bytes, seed || public key. The public half is always
    recomputed from the seed and an embedded one must match: signing with a mismatched half leaks
    the private key (RUSTSEC-2022-0093, pasetors#76).
    """

    __slots__ = ("_public",)
    purpose = "public"
    _public: PublicKey

    def __init__(self, guard: object = None, material: bytes = b"") -> None:
        _require_guard(self, guard)
        if len(material) not in (32, 64):
            raise InvalidKeyError(
                f"an Ed25519 secret key is a 32-byte seed or 64 bytes seed||public key, "
                f"got {len(material)} bytes"
            )
        public, secret64 = _crypto.ed25519_seed_keypair(material[:32])
        if len(material) == 64 and not _crypto.ct_equal(material[32:], public):
            raise InvalidKeyError("the secret key's public half does not match its seed")
        super().__init__(guard, secret64)
        object.__setattr__(self, "_public", PublicKey(_GUARD, public))
        object.__setattr__(self, "_id", paserk_id("sid", self.to_paserk()))

    @classmethod
    def generate(cls) -> SecretKey:
        """A new random signing key (a fresh 32-byte seed from the operating system's CSPRNG)."""
        return cls(_GUARD, _crypto.random_bytes(32))

    @classmethod
    def from_bytes(cls, material: bytes) -> SecretKey:
        """The signing key made from a 32-byte seed or libsodium's 64 bytes seed || public key.

        Raises:
            InvalidKeyError: ``material`` is not bytes, has another length, or its embedded public
                half does not match the seed (signing with it would leak the private key).
        """
        return cls(_GUARD, _as_bytes(material, "a SecretKey"))

    @classmethod
    def from_pem(cls, pem: str | bytes) -> SecretKey:
        """Read an unencrypted Ed25519 ``PRIVATE KEY`` PEM (PKCS#8 v1, or v2 with the public key).

        Raises:
            InvalidKeyError: Not a PEM, not an Ed25519 PKCS#8 key, or an embedded public key that
                does not match the seed.
        """
        try:
            seed, public = _pem.pkcs8_to_seed(pem)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidKeyError(f"cannot read private key PEM: {exc}") from None
        return cls(_GUARD, seed + public if public is not None else seed)

    @classmethod
    def from_paserk(cls, paserk: str) -> SecretKey:
        """Parse a ``k4.secret.`` PASERK (64 bytes seed || public key), as :meth:`to_paserk` writes.

        Raises:
            PaserkError: Not a str, another PASERK type, non-canonical base64url, not 64 bytes, or
                a public half that does not match the seed.
        """
        raw = payload(paserk, "k4.secret.", 64)
        try:
            return cls(_GUARD, raw)
        except InvalidKeyError as exc:
            raise PaserkError(f"invalid k4.secret PASERK: {exc}") from None

    def public_key(self) -> PublicKey:
        """The matching :class:`PublicKey` (recomputed from the seed), to hand to verifiers."""
        return self._public

    def to_paserk(self) -> str:
        """The key as a ``k4.secret.`` PASERK. Handle with care: this is the secret."""
        return "k4.secret." + b64encode(self._material)

    def to_bytes(self) -> bytes:
        """The 64 bytes seed || public key. Handle with care: this is the secret."""
        return self._material

    def to_pem(self) -> str:
        """Unencrypted PKCS#8 PEM. Handle with care: this is the secret."""
        return _pem.seed_to_pkcs8(self._material[:32])


# The key unions, defined once (issue 9): every signature that takes "any key" says AnyKey.
AnyKey = LocalKey | SecretKey | PublicKey
"""Any v4 key: what ``decode``, ``KeyRing`` and the text parsers take or return."""
SigningKey = LocalKey | SecretKey
"""A key that makes tokens (``encode``) and that PASERK can wrap."""
VerifyKey = LocalKey | PublicKey
"""A key as verification uses it: a ``SecretKey`` verifies with its public half."""

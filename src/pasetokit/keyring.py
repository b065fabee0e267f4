"""Several verification keys at once, for rotation (PASETO 01-Payload-Processing.md, Key-ID).

The footer's ``kid`` may be read before verification to pick a key, and the lookup fails closed:
an unknown id is an error, never a fall-back to "try every key". A token without a ``kid`` is
opened only by a ring that holds a single key of its purpose, unless the ring was built with
``try_without_kid=True`` (at most :data:`MAX_KEYS_WITHOUT_KID` keys per purpose): a forged
kid-less token would otherwise cost one MAC or signature check per key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import final

from ._paserk_format import ID_HEADERS, PASERK_SHAPED
from ._types import PURPOSES, Purpose
from .exceptions import (
    ConfigurationError,
    InvalidKeyError,
    InvalidTokenError,
    UnknownKeyError,
    WrongPurposeError,
)
from .keys import AnyKey, LocalKey, PublicKey, SecretKey, VerifyKey

__all__ = ["MAX_KEYS_WITHOUT_KID", "KeyRing", "VerifyKey", "select_keys"]

MAX_KEYS_WITHOUT_KID = 4
"""The most keys of one purpose a ``KeyRing(..., try_without_kid=True)`` may hold."""


@final
class KeyRing:
    """An immutable set of ``LocalKey``, ``SecretKey`` and ``PublicKey`` for decoding.

    A ``SecretKey`` verifies with its public half and answers to both its ``sid`` and ``pid``.
    Tokens should name their key (``encode(..., include_kid=True)``): with several keys of a
    purpose, a token without a ``kid`` is refused (:class:`UnknownKeyError`) unless
    ``try_without_kid=True``, which tries each key of the purpose in turn and is allowed for
    rings of at most :data:`MAX_KEYS_WITHOUT_KID` keys per purpose.
    """

    __slots__ = ("_by_id", "_by_purpose", "_keys", "_try_without_kid")
    _by_id: dict[str, VerifyKey]
    _keys: tuple[AnyKey, ...]
    _by_purpose: dict[str, tuple[VerifyKey, ...]]
    _try_without_kid: bool

    def __init__(self, keys: Iterable[AnyKey], *, try_without_kid: bool = False) -> None:
        if not isinstance(try_without_kid, bool):
            raise ConfigurationError("KeyRing: try_without_kid must be a bool")
        by_id: dict[str, VerifyKey] = {}
        ordered: dict[str, AnyKey] = {}
        for key in keys:
            if isinstance(key, SecretKey):
                by_id[key.paserk_id] = by_id[key.public_key().paserk_id] = key.public_key()
            elif isinstance(key, (LocalKey, PublicKey)):
                by_id[key.paserk_id] = key
            else:
                raise InvalidKeyError(
                    f"KeyRing takes LocalKey, SecretKey or PublicKey, not {type(key).__name__}"
                )
            ordered.setdefault(key.paserk_id, key)
        if not ordered:
            raise InvalidKeyError("KeyRing needs at least one key")
        verifiers = list(dict.fromkeys(by_id.values()))
        by_purpose = {p: tuple(k for k in verifiers if k.purpose == p) for p in PURPOSES}
        if try_without_kid and max(map(len, by_purpose.values())) > MAX_KEYS_WITHOUT_KID:
            raise ConfigurationError(
                f"KeyRing: try_without_kid allows at most {MAX_KEYS_WITHOUT_KID} keys per "
                "purpose (each kid-less token costs one check per key); issue tokens with "
                "include_kid=True instead"
            )
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_keys", tuple(ordered.values()))
        object.__setattr__(self, "_by_purpose", by_purpose)
        object.__setattr__(self, "_try_without_kid", try_without_kid)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("KeyRing is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("KeyRing is immutable")

    def __iter__(self) -> Iterator[AnyKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, kid: object) -> bool:
        return kid in self._by_id

    def __repr__(self) -> str:
        extra = ", try_without_kid=True" if self._try_without_kid else ""
        return f"KeyRing({', '.join(k.paserk_id for k in self._keys)}{extra})"

    @property
    def try_without_kid(self) -> bool:
        """Whether a token without a ``kid`` is tried against every key of its purpose."""
        return self._try_without_kid

    def select(self, purpose: Purpose, kid: str | None) -> tuple[VerifyKey, ...]:
        """The keys to try for a token of ``purpose`` whose footer names ``kid`` (or none)."""
        keys = self._by_purpose[purpose]
        if not keys:
            raise WrongPurposeError()
        if kid is None:
            if len(keys) == 1 or self._try_without_kid:
                return keys
            raise UnknownKeyError(
                "the token names no key (kid) and the key ring holds several keys of its purpose"
            )
        # Fail closed: an id that names no key here (or an opaque, non-PASERK id) is refused.
        key = self._by_id.get(kid) if _is_paserk_id(purpose, kid) else None
        if key is None:
            raise UnknownKeyError()
        return (key,)


def _is_paserk_id(purpose: Purpose, kid: str) -> bool:
    """``True`` for a PASERK id of the kind that matches the token's purpose, ``False`` for an
    application-defined (opaque) id; a PASERK id of another version or kind is refused."""
    if kid.startswith(ID_HEADERS[purpose]):
        return True
    if PASERK_SHAPED.match(kid):
        raise InvalidTokenError("key id does not match the token's version and purpose")
    return False


def select_keys(key: AnyKey | KeyRing, purpose: Purpose, kid: object) -> tuple[VerifyKey, ...]:
    """Resolve what ``decode`` was given into the keys to try, failing closed."""
    if kid is not None and not isinstance(kid, str):
        raise InvalidTokenError("footer kid must be a string")
    if isinstance(key, KeyRing):
        return key.select(purpose, kid)
    verifier: VerifyKey
    if isinstance(key, SecretKey):
        verifier = key.public_key()
    elif isinstance(key, (LocalKey, PublicKey)):
        verifier = key
    else:
        raise InvalidKeyError(
            f"decode takes a LocalKey, PublicKey, SecretKey or KeyRing, not {type(key).__name__}"
        )
    # Algorithm lucidity: a key of one purpose never opens a token of the other.
    if verifier.purpose != purpose:
        raise WrongPurposeError()
    # A PASERK id must name this very key; an opaque application id is left to the caller,
    # who chose the key explicitly.
    if (
        kid is not None
        and _is_paserk_id(purpose, kid)
        and kid
        not in (
            verifier.paserk_id,
            key.paserk_id,
        )
    ):
        raise UnknownKeyError()
    return (verifier,)

"""Several verification keys at once, for rotation (PASETO 01-Payload-Processing.md, Key-ID).

The footer's ``kid`` may be read before verification to pick a key, and the lookup fails closed:
an unknown id is an error, never a fall-back to "try every key".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import final

from ._paserk_format import ID_HEADERS, PASERK_SHAPED
from ._types import PURPOSES, Purpose
from .exceptions import InvalidKeyError, InvalidTokenError, UnknownKeyError, WrongPurposeError
from .keys import AnyKey, LocalKey, PublicKey, SecretKey, VerifyKey

__all__ = ["KeyRing", "VerifyKey", "select_keys"]


@final
class KeyRing:
    """An immutable set of ``LocalKey``, ``SecretKey`` and ``PublicKey`` for decoding.

    A ``SecretKey`` verifies with its public half and answers to both its ``sid`` and ``pid``.
    """

    __slots__ = ("_by_id", "_by_purpose", "_keys")
    _by_id: dict[str, VerifyKey]
    _keys: tuple[AnyKey, ...]
    _by_purpose: dict[str, tuple[VerifyKey, ...]]

    def __init__(self, keys: Iterable[AnyKey]) -> None:
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
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_keys", tuple(ordered.values()))
        object.__setattr__(
            self,
            "_by_purpose",
            {p: tuple(k for k in verifiers if k.purpose == p) for p in PURPOSES},
        )

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
        return f"KeyRing({', '.join(k.paserk_id for k in self._keys)})"

    def select(self, purpose: Purpose, kid: str | None) -> tuple[VerifyKey, ...]:
        """The keys to try for a token of ``purpose`` whose footer names ``kid`` (or none)."""
        keys = self._by_purpose[purpose]
        if not keys:
            raise WrongPurposeError()
        if kid is None:
            return keys
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

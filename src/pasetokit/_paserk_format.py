"""PASERK's text format, once: the table of types and strict parsing of ``k4.<type>.<data>``.

``keys`` (plain keys) and ``paserk`` (ids, wraps, password wraps, seals) both parse through
:func:`payload`: the exact header (version, type and, for wraps, the prefix), then canonical
unpadded base64url, then the exact length, all before any cryptography. Messages only ever
quote fixed strings from :data:`TYPES`, never the caller's text, since a mistyped PASERK may
well be a raw key (advisory 014).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from ._b64 import b64decode
from ._types import Purpose
from .exceptions import PaserkError

__all__ = [
    "FORBIDDEN_IN_FOOTER",
    "FORBIDDEN_IN_FOOTER_TEXT",
    "ID_HEADERS",
    "KEY_TYPES",
    "PASERK_SHAPED",
    "TYPES",
    "VERSION",
    "PaserkType",
    "header_error",
    "kind_of",
    "payload",
]

VERSION = "k4"


class PaserkType(NamedTuple):
    """One row of the PASERK type table (PASERK ``types/``; digest §5.2)."""

    hint: str
    """For a plain key what it holds; for the others what ``key_from_paserk`` says to do."""
    footer_safe: bool
    """May stand in a PASETO footer: ids as ``kid``, wraps and seals as ``wpk``."""


TYPES: Mapping[str, PaserkType] = {
    "local": PaserkType("a v4.local key", footer_safe=False),
    "public": PaserkType("a v4.public verifying key", footer_safe=False),
    "secret": PaserkType("a v4.public signing key", footer_safe=False),
    "lid": PaserkType("is a key id, not a key", footer_safe=True),
    "pid": PaserkType("is a key id, not a key", footer_safe=True),
    "sid": PaserkType("is a key id, not a key", footer_safe=True),
    "local-wrap": PaserkType("is wrapped; use pasetokit.paserk.unwrap_local()", footer_safe=True),
    "secret-wrap": PaserkType("is wrapped; use pasetokit.paserk.unwrap_secret()", footer_safe=True),
    "local-pw": PaserkType(
        "is password-wrapped; use pasetokit.paserk.password_unwrap_local()", footer_safe=False
    ),
    "secret-pw": PaserkType(
        "is password-wrapped; use pasetokit.paserk.password_unwrap_secret()", footer_safe=False
    ),
    "seal": PaserkType("is sealed; use pasetokit.paserk.unseal()", footer_safe=True),
}
"""Every PASERK type, by name."""
KEY_TYPES = frozenset({"local", "public", "secret"})
"""The types that are a key as they stand."""

_UNSAFE = sorted(
    (name for name, row in TYPES.items() if not row.footer_safe), key=len, reverse=True
)
FORBIDDEN_IN_FOOTER = re.compile(rb"k[0-9]+\.(?:%b)\." % "|".join(_UNSAFE).encode("ascii"))
"""Finds a PASERK of a type that must never travel in a footer (raw keys, password wraps: the
PASERK README), of any version, anywhere in the footer's bytes."""
FORBIDDEN_IN_FOOTER_TEXT = re.compile(FORBIDDEN_IN_FOOTER.pattern.decode("ascii"))
"""The same in decoded text: a JSON footer's strings, where an escape can spell a PASERK."""

ID_HEADERS: Mapping[Purpose, tuple[str, ...]] = {
    "local": ("k4.lid.",),
    "public": ("k4.pid.", "k4.sid."),
}
"""The PASERK ids that may name a key of each purpose (a ``kid``): a secret key answers to its
``sid`` and its public half's ``pid``."""
PASERK_SHAPED = re.compile(r"k[0-9]+\.")
"""Text starting like a PASERK of any version (``k3.``, ``k4.``; use ``match``): never an opaque
key id, never a password."""

_VERSION_SHAPED = re.compile(r"k[0-9]{1,2}").fullmatch


def kind_of(paserk: str) -> tuple[str | None, str | None]:
    """``(version, type)`` of a PASERK's header, each ``None`` unless it is a recognisable one
    (a version like ``k3``, a type from :data:`TYPES`): safe to quote in a message."""
    version, _, rest = paserk.partition(".")
    kind = rest.partition(".")[0]
    return (version if _VERSION_SHAPED(version) else None), (kind if kind in TYPES else None)


def header_error(paserk: str, expected: str) -> PaserkError:
    """Say what was expected (``k4.local``, ``k4.local-wrap.pie``) and, when it is a recognisable
    PASERK header, what was found."""
    version, kind = kind_of(paserk)
    if version is None or kind is None:
        return PaserkError(f"expected a {expected} PASERK")
    if version != VERSION:
        return PaserkError(
            f"expected a {expected} PASERK, got {version}; "
            "pasetokit supports k4 only (PASERK version 4)"
        )
    found = f"{version}.{kind}"
    if expected.startswith(found + "."):  # right type, another wrap prefix
        return PaserkError(f"expected a {expected} PASERK; only the pie wrap prefix is supported")
    if expected == found:  # right type, but no "." before the data
        return PaserkError(f"malformed {expected} PASERK")
    return PaserkError(f"expected a {expected} PASERK, got type {kind!r}")


def payload(paserk: object, header: str, size: int) -> bytes:
    """The ``size`` bytes after ``header`` (e.g. ``"k4.local."``): exact header, canonical
    base64url, exact length, or :class:`PaserkError`."""
    if not isinstance(paserk, str):
        raise PaserkError("a PASERK must be a str")
    if not paserk.startswith(header):
        raise header_error(paserk, header[:-1])
    try:
        # The strict decoder also rejects any further ".", so there is no room for extra parts.
        raw = b64decode(paserk[len(header) :])
    except ValueError:
        raise PaserkError(f"{header[:-1]} PASERK payload is not canonical base64url") from None
    if len(raw) != size:
        raise PaserkError(f"{header[:-1]} PASERK must hold exactly {size} bytes")
    return raw

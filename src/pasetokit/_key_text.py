"""Text to key, once: a PASERK (``k4.local``/``k4.secret``/``k4.public``) or an Ed25519 PEM.

The CLI (key files, variables, stdin) and ``TokenPolicy.from_env`` (``PASETO_VERIFY_KEYS``) read
keys from text that may hold either form; this is the one place that tells them apart. Errors
are ``InvalidKeyError`` (``PaserkError`` for PASERK text) and never quote the text.
"""

from __future__ import annotations

from ._paserk_format import kind_of
from .exceptions import InvalidKeyError, PaserkError
from .keys import AnyKey, PublicKey, SecretKey
from .paserk import key_from_paserk

__all__ = ["key_from_text"]

_PEM_START = "-----BEGIN"
_PRIVATE = "-----BEGIN PRIVATE KEY-----"
_PUBLIC = "-----BEGIN PUBLIC KEY-----"


def key_from_text(text: str) -> AnyKey:
    """The key ``text`` holds: an unencrypted Ed25519 ``PRIVATE KEY`` PEM, a ``PUBLIC KEY`` PEM,
    or a plain PASERK; surrounding whitespace is ignored."""
    if not isinstance(text, str):
        raise InvalidKeyError(f"key text must be a str, not {type(text).__name__}")
    body = text.strip()
    if body.startswith(_PRIVATE):
        return SecretKey.from_pem(body)
    if body.startswith(_PUBLIC):
        return PublicKey.from_pem(body)
    if body.startswith(_PEM_START):
        raise InvalidKeyError(
            "unsupported PEM: expected an unencrypted Ed25519 PRIVATE KEY or a PUBLIC KEY"
        )
    if kind_of(body)[0] is None:  # neither PEM nor anything like "k4.": say both forms
        raise PaserkError(
            "not a key: expected a PASERK (k4.local., k4.secret. or k4.public.) or an Ed25519 PEM"
        )
    return key_from_paserk(body)

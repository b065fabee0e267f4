"""Strict, canonical, unpadded base64url (PASETO Common.md, "Base64 Encoding/Decoding").

Python's ``urlsafe_b64decode`` accepts padding, foreign characters and non-zero trailing bits, which
is how vectors 4-F-4 and 4-F-5 get past other libraries. Here every one of those is rejected.
"""

from __future__ import annotations

import binascii

__all__ = ["b64decode", "b64decode_bytes", "b64encode"]

_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = [0] * 256
for _i, _c in enumerate(_ALPHABET):
    _VALUE[_c] = _i
# One C-speed pass maps the URL alphabet to the standard one and every other byte ("+", "/",
# "=", whitespace, NUL, ...) to "*", which is then looked for: a2b_base64 would skip it silently.
_TO_STD = bytes(
    c if c in _ALPHABET[:62] else {ord("-"): ord("+"), ord("_"): ord("/")}.get(c, ord("*"))
    for c in range(256)
)
_TO_URL = bytes.maketrans(b"+/", b"-_")
# Bits that must be zero in the last character when 2 or 3 characters are left over.
_TRAILING_MASK = (0, 0, 0x0F, 0x03)
_PAD = (b"", b"", b"==", b"=")


def b64decode_bytes(data: bytes) -> bytes:
    """Decode canonical unpadded base64url given as ASCII bytes, or raise ``ValueError``."""
    std = data.translate(_TO_STD)
    if b"*" in std:
        raise ValueError("not base64url")
    rest = len(data) % 4
    if rest == 1:
        raise ValueError("impossible base64url length")
    if rest and _VALUE[data[-1]] & _TRAILING_MASK[rest]:
        raise ValueError("non-canonical base64url")
    return binascii.a2b_base64(std + _PAD[rest])


def b64decode(text: str) -> bytes:
    """Decode canonical unpadded base64url or raise ``ValueError``."""
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError("not base64url") from None
    return b64decode_bytes(data)


def b64encode(data: bytes) -> str:
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_TO_URL).decode("ascii")

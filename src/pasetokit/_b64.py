"""Strict, canonical, unpadded base64url (PASETO Common.md, "Base64 Encoding/Decoding").

Python's ``urlsafe_b64decode`` accepts padding, foreign characters and non-zero trailing bits, which
is how vectors 4-F-4 and 4-F-5 get past other libraries. Here every one of those is rejected.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["b64decode", "b64encode"]

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
# fullmatch, not match("^...$"): "$" would also match before a trailing newline.
_CHARS = re.compile(r"[A-Za-z0-9_-]*").fullmatch
_TO_STD = bytes.maketrans(b"-_", b"+/")
# Bits that must be zero in the last character when 2 or 3 characters are left over.
_TRAILING_MASK = {2: 0x0F, 3: 0x03}  # read only when rest is 2 or 3
_PAD = {0: "", 2: "==", 3: "="}


def b64decode(text: str) -> bytes:
    """Decode canonical unpadded base64url or raise ``ValueError``."""
    if not _CHARS(text):
        raise ValueError("not base64url")
    rest = len(text) % 4
    if rest == 1:
        raise ValueError("impossible base64url length")
    if rest and _VALUE[text[-1]] & _TRAILING_MASK[rest]:
        raise ValueError("non-canonical base64url")
    return binascii.a2b_base64((text + _PAD[rest]).encode("ascii").translate(_TO_STD))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

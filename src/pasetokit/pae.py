"""Pre-Authentication Encoding (PASETO Common.md, "PAE Definition")."""

from __future__ import annotations

import struct
from collections.abc import Sequence

__all__ = ["pae"]

_LE64 = struct.Struct("<Q").pack
_MSB_CLEAR = 0x7FFF_FFFF_FFFF_FFFF


def pae(pieces: Sequence[bytes]) -> bytes:
    """``LE64(len(pieces)) || for each piece: LE64(len(piece)) || piece``.

    LE64 clears the most significant bit so the encoding is also a valid signed integer.
    A bare ``bytes``/``str`` is refused: it is a sequence too, and PAE of it is meaningless.
    """
    if isinstance(pieces, (bytes, bytearray, str)):
        raise TypeError("pae() takes a sequence of byte strings, not a single string")
    out = [_LE64(len(pieces) & _MSB_CLEAR)]
    for piece in pieces:
        if type(piece) is not bytes:
            raise TypeError("pae() pieces must be bytes")
        out += (_LE64(len(piece) & _MSB_CLEAR), piece)
    return b"".join(out)

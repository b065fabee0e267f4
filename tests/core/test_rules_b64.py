"""base64url rules at their edges: every trailing character, padding never written."""

from __future__ import annotations

import pytest

from pasetokit._b64 import b64decode, b64decode_bytes, b64encode


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", ""),
        (b"\x00\x00\x17", "AAAX"),  # ends in X: nothing but "=" may be stripped
        (b"\x00\x00\x3d", "AAA9"),
        (b"\xff", "_w"),
        (b"\xfb\xff", "-_8"),
        (b"\x00\x00\x00", "AAAA"),
    ],
)
def test_encode_exact(data: bytes, text: str) -> None:
    assert b64encode(data) == text
    assert b64decode(text) == data


def test_every_last_character_round_trips() -> None:
    for value in range(256):
        data = bytes([1, 2, value])
        assert b64decode(b64encode(data)) == data
        assert "=" not in b64encode(data[:2])


@pytest.mark.parametrize("data", [b"AAAA!!!!", b"AAAA+/+/", b"AA==AAAA", b"AAAA\n\n\n\n"])
def test_bytes_outside_the_alphabet_are_refused(data: bytes) -> None:
    # Once they are dropped, what is left ("AAAA") would decode: the alphabet check must refuse.
    with pytest.raises(ValueError, match="not base64url"):
        b64decode_bytes(data)

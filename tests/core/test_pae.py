"""PAE known answers from the spec (Common.md) and its type discipline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasetokit import v4
from pasetokit.pae import pae


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        pytest.param([], "0000000000000000", id="empty-list"),
        pytest.param([b""], "01000000000000000000000000000000", id="one-empty-string"),
        pytest.param([b"test"], "01000000000000000400000000000000" + b"test".hex(), id="test"),
        pytest.param(
            [b"a", b"bc"],
            "020000000000000001000000000000006102000000000000006263",
            id="two",
        ),
    ],
)
def test_known_answers(pieces: list[bytes], expected: str) -> None:
    assert pae(pieces).hex() == expected


@pytest.mark.parametrize("bad", [b"test", "test", bytearray(b"test")])
def test_a_bare_string_is_not_a_list(bad: object) -> None:
    # The spec's PAE('test') example must be an error, not PAE of four one-byte pieces.
    with pytest.raises(TypeError):
        pae(bad)  # type: ignore[arg-type]


def test_pieces_must_be_bytes() -> None:
    with pytest.raises(TypeError):
        pae(["text"])  # type: ignore[list-item]


@given(st.binary(max_size=64), st.binary(max_size=64), st.binary(max_size=64))
def test_inlined_pae_of_v4_agrees_with_pae(body: bytes, footer: bytes, implicit: bytes) -> None:
    # v4 writes PAE out by hand on its hot paths; it must be this very function.
    nonce = (body * 32 + bytes(32))[:32]
    local = v4._local_pae(nonce, body, footer, implicit)
    assert local == pae([v4.LOCAL_HEADER, nonce, body, footer, implicit])
    public = v4._public_pae(body, footer, implicit)
    assert public == pae([v4.PUBLIC_HEADER, body, footer, implicit])

"""Strict base64url: the decoder behind every token piece and PASERK payload."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasetokit._b64 import b64decode, b64encode


@given(st.binary(max_size=300))
def test_round_trip_and_canonical(data: bytes) -> None:
    text = b64encode(data)
    assert "=" not in text
    assert b64decode(text) == data


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("AA==", id="padding"),
        pytest.param("AA=", id="partial-padding"),
        pytest.param("AB", id="non-zero-trailing-bits-2"),
        pytest.param("AAB", id="non-zero-trailing-bits-3"),
        pytest.param("A", id="impossible-length"),
        pytest.param("AA+A", id="plus"),
        pytest.param("AA/A", id="slash"),
        pytest.param("AA A", id="space"),
        pytest.param("AAAA\n", id="trailing-newline"),
        pytest.param("\nAAAA", id="leading-newline"),
        pytest.param("AAé", id="non-ascii"),
        pytest.param("AA\x00A", id="nul"),
    ],
)
def test_rejects_non_canonical(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the decoder's whole contract is ValueError
        b64decode(bad)


@given(
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=40
    )
)
def test_accepts_exactly_the_canonical_strings(text: str) -> None:
    # Python's lenient decoder is the oracle for the bytes; re-encoding is the oracle for
    # canonical form. Strict decoding must succeed exactly when both agree.
    try:
        lenient = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        lenient = None
    canonical = lenient is not None and b64encode(lenient) == text
    try:
        strict = b64decode(text)
    except ValueError:
        assert not canonical
    else:
        assert canonical
        assert strict == lenient

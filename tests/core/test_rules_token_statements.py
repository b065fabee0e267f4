"""The token size limit counts bytes, not items, for a memoryview of wider items (a statement
mutant's gap in ``token.split_token``: deleting its second size check failed no test)."""

from __future__ import annotations

from typing import Any

import pytest

import pasetokit
from pasetokit import MalformedTokenError, v4

KEY = pasetokit.LocalKey.generate()


def token_with_length_divisible_by_4() -> tuple[bytes, bytes]:
    for n in range(8):  # one more payload byte moves the length by 0 or 1 character
        payload = b'{"a":"' + b"x" * n + b'"}'
        token = v4.encrypt(KEY, payload).encode("ascii")
        if len(token) % 4 == 0:
            return token, payload
    raise AssertionError("no token length divisible by 4")


def test_memoryview_of_wide_items_is_measured_in_bytes() -> None:
    token, payload = token_with_length_divisible_by_4()
    wide: Any = memoryview(token).cast("I")  # a quarter as many items as bytes (typed str only)
    assert v4.decrypt(KEY, wide, max_size=len(token)) == (payload, b"")
    with pytest.raises(MalformedTokenError, match="too large") as info:
        v4.decrypt(KEY, wide, max_size=len(token) - 1)  # items fit, bytes do not
    assert info.value.code == "malformed_token"

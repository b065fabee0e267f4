"""A JSON-looking footer with a ``\\u00`` escape that does not parse is refused as malformed
(the escape-aware footer path's ``raise``, which a statement mutant deleted unnoticed: the
caller then got an ``UnboundLocalError``, not a ``TokenError``)."""

from __future__ import annotations

import pytest

import pasetokit
from pasetokit import MalformedTokenError, v4

KEY = pasetokit.LocalKey.generate()
RULES = pasetokit.ClaimRules(require_exp=False)


@pytest.mark.parametrize(
    "footer",
    [b'{"kid":"\\u0041",}', b'{"kid":"\\u0041"', b'{"a":"\\u0041","a":"\\u0041"}'],
    ids=["trailing-comma", "unclosed", "duplicate-key"],
)
def test_escaped_footer_that_is_not_json_is_malformed(footer: bytes) -> None:
    token = v4.encrypt(KEY, b'{"sub":"a"}', footer=footer)
    with pytest.raises(MalformedTokenError, match="footer is not acceptable JSON") as info:
        pasetokit.decode(KEY, token, rules=RULES)
    assert info.value.code == "malformed_token"


def test_escaped_footer_that_is_json_is_read() -> None:
    token = v4.encrypt(KEY, b'{"sub":"a"}', footer=b'{"kid":"\\u0041"}')
    assert pasetokit.decode(KEY, token, rules=RULES).footer == {"kid": "A"}

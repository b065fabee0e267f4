"""A JSON text with a stray leading ``{`` is refused, payload and footer alike, by the fast path
that scans from the text's first byte (a statement mutant starting the scan one byte late read
``{{"sub":"a"}`` as ``{"sub":"a"}`` and no test noticed)."""

from __future__ import annotations

import pytest

import pasetokit
from pasetokit import InvalidTokenError, MalformedTokenError, v4

KEY = pasetokit.LocalKey.generate()
RULES = pasetokit.ClaimRules(require_exp=False)


def test_payload_with_a_stray_leading_brace_is_refused() -> None:
    assert pasetokit.decode(KEY, v4.encrypt(KEY, b'{"sub":"a"}'), rules=RULES).claims == {
        "sub": "a"
    }
    with pytest.raises(InvalidTokenError, match="not a JSON object") as info:
        pasetokit.decode(KEY, v4.encrypt(KEY, b'{{"sub":"a"}'), rules=RULES)
    assert type(info.value) is InvalidTokenError
    assert info.value.code == "invalid_token"


def test_footer_with_a_stray_leading_brace_is_refused() -> None:
    good = v4.encrypt(KEY, b'{"sub":"a"}', footer=b'{"kid":"x"}')
    assert pasetokit.decode(KEY, good, rules=RULES).footer == {"kid": "x"}
    with pytest.raises(MalformedTokenError, match="footer") as info:
        pasetokit.decode(KEY, v4.encrypt(KEY, b'{"sub":"a"}', footer=b'{{"kid":"x"}'), rules=RULES)
    assert info.value.code == "malformed_token"


def test_canonical_takes_bytes_as_given() -> None:
    """An implicit assertion given as bytes is used byte for byte (not decoded, not refused)."""
    from pasetokit._json import canonical

    raw = b"\xff\x00not utf-8"
    assert canonical(raw) is raw
    assert canonical("é") == "é".encode()
    assert canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()

"""The RFC 6749 scope-token grammar, and the policy checks that use it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pasetokit
from pasetokit._grammar import NOT_DESCRIPTION_CHAR, NOT_SCOPE_CHAR, is_scope_token

NQCHAR = {chr(c) for c in [0x21, *range(0x23, 0x5C), *range(0x5D, 0x7F)]}


@pytest.mark.parametrize("value", ["read", "a:b", "x!#$%&'()*+,-./[]^_`{|}~", "~", "!"])
def test_scope_tokens(value: str) -> None:
    assert is_scope_token(value)


@pytest.mark.parametrize(
    "value", ["", " ", "read write", 'a"b', "a\\b", "caf\u00e9", "a\tb", "a\n", None, b"read", 3]
)
def test_not_scope_tokens(value: object) -> None:
    assert not is_scope_token(value)


@given(st.text(max_size=20))
def test_grammar_is_exactly_nqchar(text: str) -> None:
    assert is_scope_token(text) == (bool(text) and set(text) <= NQCHAR)
    assert set(NOT_SCOPE_CHAR.sub("", text)) <= NQCHAR
    assert set(NOT_DESCRIPTION_CHAR.sub("", text)) <= NQCHAR | {" "}
    assert NOT_DESCRIPTION_CHAR.sub("", text) == "".join(c for c in text if c in NQCHAR | {" "})


def test_policy_uses_the_grammar() -> None:
    policy = pasetokit.TokenPolicy(local_key=pasetokit.LocalKey.generate())
    with pytest.raises(pasetokit.ConfigurationError, match="scope-token"):
        policy.create_access_token("a", scopes=['say"hi'])
    token = policy.create_access_token("a", scopes=["read", "write:all"])
    assert policy.verify(token, scopes="read write:all")["sub"] == "a"

"""The footer check of ``decode`` (``codec._footer_object``) against an oracle: a footer is
accepted exactly when it is strict JSON (unique keys at every level), within the limits, and no
decoded string holds a forbidden PASERK, however its characters are escaped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pasetokit
from pasetokit import _paserk_format, codec
from pasetokit._json import FooterLimits
from pasetokit.exceptions import EncodeError, MalformedTokenError

_FORBIDDEN = _paserk_format.FORBIDDEN_IN_FOOTER_TEXT


# Strings rich in PASERK pieces, backslashes and text that looks like an escape ("u002e").
_PASERKISH = st.lists(
    st.sampled_from(
        ["k", "4.", ".", "local", "\\", "u002e", "u006b4", "k4.local.", "k12.secret-pw.", "k4.lid."]
    ),
    max_size=4,
).map("".join)


@given(st.dictionaries(_PASERKISH, _PASERKISH | st.integers(), max_size=3), st.data())
def test_a_forbidden_paserk_is_refused_however_escaped(
    value: dict[str, Any], data: st.DataObject
) -> None:
    def spell(item: object) -> str:
        # Any character of a string may be written as a \u escape, the others as json does.
        if not isinstance(item, str):
            return json.dumps(item)
        escape = data.draw(st.lists(st.booleans(), min_size=len(item), max_size=len(item)))
        chars = (
            f"\\u{ord(c):04x}" if e else json.dumps(c)[1:-1]
            for c, e in zip(item, escape, strict=True)
        )
        return '"' + "".join(chars) + '"'

    footer = ("{" + ",".join(f"{spell(k)}:{spell(v)}" for k, v in value.items()) + "}").encode()
    strings = [*value, *(v for v in value.values() if isinstance(v, str))]
    if any(_FORBIDDEN.search(s) for s in strings):
        with pytest.raises(MalformedTokenError, match="PASERK"):
            codec._footer_object(footer, FooterLimits())
        with pytest.raises(EncodeError, match="PASERK"):
            pasetokit.encode(pasetokit.LocalKey.generate(), {}, footer=footer)
    else:
        assert codec._footer_object(footer, FooterLimits()) == value


@pytest.mark.parametrize(
    "footer",
    [
        b'{"k4":".local.","a":"k4","b":".secret."}',  # strings are not joined into one
        b'{"a":"\\\\u006b4.local.x"}',  # an escaped backslash: "u006b" is text, not "k"
        b'{"a":"k4\\\\.local.x"}',  # a backslash in the middle is no PASERK
        b'{"a":"\\u006b4.lid.x","b":"\\n"}',  # an id is allowed in a footer
    ],
)
def test_escaped_footers_that_spell_no_forbidden_paserk_pass(footer: bytes) -> None:
    assert codec._footer_object(footer, FooterLimits()) == json.loads(footer)


def test_a_footer_with_a_broken_escape_is_no_foreign_error() -> None:
    # Not JSON (a \u without four hex digits): encode passes it as bytes, decode refuses it.
    key = pasetokit.LocalKey.generate()
    token = pasetokit.encode(key, {}, footer=b'{"a":"\\u00zz k4.lid.x"}')
    with pytest.raises(MalformedTokenError, match="not acceptable JSON"):
        pasetokit.decode(key, token)


_PIECES = st.lists(
    st.sampled_from(
        ["k", "4", ".", "local", "lid", "\\", '"', ",", ":", "é", "x", "k4.secret.", "u002e", "{"]
    ),
    max_size=5,
).map("".join)
_TREES = st.recursive(
    st.none() | st.integers() | _PIECES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_PIECES, inner, max_size=3),
    max_leaves=8,
)
_LIMITS = FooterLimits(max_depth=4, max_keys=20)


def _strict(footer: bytes) -> Any:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(dict(pairs)) != len(pairs):
            raise ValueError("duplicate")
        return dict(pairs)

    return json.loads(footer, object_pairs_hook=unique)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _depth_keys(value: Any) -> tuple[int, int]:
    # The spec's depth (a scalar 1, a container one more than its deepest item) and all keys.
    items = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(value, dict | list):
        return 1, 0
    inner = [_depth_keys(item) for item in items]
    depth = 1 + max((d for d, _ in inner), default=1)
    return depth, sum(k for _, k in inner) + (len(value) if isinstance(value, dict) else 0)


@given(st.dictionaries(_PIECES, _TREES, max_size=4), st.data())
def test_footer_check_agrees_with_the_oracle(top: dict[str, Any], data: st.DataObject) -> None:
    space = data.draw(st.sampled_from(["", " ", "\n "]))

    def spell(value: Any) -> str:
        # Any string character may be a \u escape; any object may repeat one of its entries.
        if isinstance(value, str):
            escape = data.draw(st.lists(st.booleans(), min_size=len(value), max_size=len(value)))
            chars = (
                f"\\u{ord(c):04x}" if e else json.dumps(c)[1:-1]
                for c, e in zip(value, escape, strict=True)
            )
            return '"' + "".join(chars) + '"'
        if isinstance(value, dict):
            items = [f"{spell(k)}{space}:{space}{spell(v)}" for k, v in value.items()]
            if items and data.draw(st.integers(0, 3)) == 0:
                items.insert(
                    data.draw(st.integers(0, len(items))), data.draw(st.sampled_from(items))
                )
            return "{" + f",{space}".join(items) + "}"
        if isinstance(value, list):
            return "[" + ",".join(spell(item) for item in value) + "]"
        return json.dumps(value)

    footer = spell(top).encode()
    try:
        expected = _strict(footer)
    except ValueError:
        expected = None
    acceptable = expected is not None and not any(map(_FORBIDDEN.search, _strings(expected)))
    if acceptable:
        depth, keys = _depth_keys(expected)
        acceptable = depth <= _LIMITS.max_depth and keys <= _LIMITS.max_keys
    if acceptable:
        assert codec._footer_object(footer, _LIMITS) == expected
    else:
        with pytest.raises(MalformedTokenError):
            codec._footer_object(footer, _LIMITS)

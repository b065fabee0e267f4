"""Strict JSON and the footer limits: every limit enforced, counted exactly, before parsing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasetokit import _json
from pasetokit._json import FooterLimits, loads_footer

# Keys and strings full of the characters a pre-scan can trip on.
_TEXT = st.text(alphabet='ab:"\\{}[], \n\u2028é', max_size=6)
_SCALARS = st.none() | st.booleans() | st.integers() | _TEXT
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=12,
)
_OBJECTS = st.dictionaries(_TEXT, _VALUES, max_size=4)


def _keys(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_keys(v) for v in value)
    return 0


def _depth(value: Any) -> int:
    # The spec's depth: a scalar is 1, a container one more than its deepest item (or 2 empty).
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=1)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=1)
    return 1


@given(_OBJECTS, st.booleans(), st.booleans())
def test_measure_is_exact(value: dict[str, Any], spaced: bool, ascii_only: bool) -> None:
    separators = (", ", " : ") if spaced else (",", ":")
    text = json.dumps(value, separators=separators, ensure_ascii=ascii_only).encode()
    depth = _depth(value)
    assert _json._measure(text, depth) == (_keys(value), depth)
    assert _json._measure(text, depth - 1)[1] == depth  # counted one past the limit: refused


@given(_OBJECTS)
def test_loads_footer_agrees_with_the_limits(value: dict[str, Any]) -> None:
    text = json.dumps(value).encode()
    keys, depth = _keys(value), _depth(value)
    exact = FooterLimits(max_keys=max(keys, 1), max_depth=depth, max_length=len(text))
    assert loads_footer(text, exact) == value
    for tight in (
        FooterLimits(max_keys=keys - 1, max_depth=depth) if keys > 1 else None,
        FooterLimits(max_depth=depth - 1, max_keys=999) if depth > 1 else None,
        FooterLimits(max_length=len(text) - 1, max_keys=999, max_depth=99) if text else None,
    ):
        if tight is not None:
            with pytest.raises(ValueError, match="too"):
                loads_footer(text, tight)


@pytest.mark.parametrize(
    ("footer", "limits", "message"),
    [
        # Length is checked before anything else: this is not even JSON.
        (b"{" + b"x" * 100, FooterLimits(max_length=50), "too long"),
        (b'{"a":' * 300 + b"1" + b"}" * 300, FooterLimits(), "nested too deeply"),
        (b"{" * 300, FooterLimits(), "unbalanced"),
        (b"{" + b'"k":1,' * 600 + b"}", FooterLimits(), "too many keys"),
        (b"{]}" + b"[" * 300, FooterLimits(), "unbalanced"),
        (b'{"a":[{}]}', FooterLimits(), "nested too deeply"),  # few brackets: parsed, walked
    ],
)
def test_limits_refuse_before_parsing(footer: bytes, limits: FooterLimits, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        loads_footer(footer, limits)


def test_kid_footer_and_non_json_footers() -> None:
    assert loads_footer(b'{"kid":"k4.lid.abc"}', FooterLimits()) == {"kid": "k4.lid.abc"}
    assert loads_footer(b"arbitrary-string-that-isn't-json", FooterLimits()) is None
    assert loads_footer(b"", FooterLimits()) is None
    # Colons and brackets inside strings are not keys or levels.
    tricky = b'{"url":"https://x/{a}[b]","t":"12:00:00"}'
    assert loads_footer(tricky, FooterLimits(max_keys=2)) == json.loads(tricky)


@pytest.mark.parametrize(
    "footer",
    [
        b'{"a":1,"a":2}',
        b'{"a":"x:y","a":1}',  # a colon in a string must not hide the duplicate
        b'{"a":1,"a":2,"b":"\\u003a"}',  # nor an escaped one
        b'{"a":1, "a" : 2}',
        b'{"a":NaN}',
        b'{"a":1}x',
        b'{"a":1',
        b'{"\xff":1}',
    ],
)
def test_flat_footers_stay_strict(footer: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the contract is ValueError
        loads_footer(footer, FooterLimits())


@given(_OBJECTS.filter(lambda v: len(v) > 0), st.data())
def test_a_duplicated_key_is_always_refused(value: dict[str, Any], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(value)))
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans()))
    duplicated = text[:1] + json.dumps(key) + ":0," + text[1:]
    with pytest.raises(ValueError):  # noqa: PT011
        loads_footer(duplicated.encode(), FooterLimits(max_keys=999, max_depth=99))


@pytest.mark.parametrize(
    "footer",
    [b'{"a":"x,y","a":1}', b'{"a":"x,y:z","a":"p:q,r"}', b'{"a":"[","a":"]"}'],
)
def test_commas_and_brackets_in_strings_hide_no_duplicate(footer: bytes) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        loads_footer(footer, FooterLimits())


def test_many_brackets_are_measured_before_parsing() -> None:
    deep = b'{"a":' + b"[" * 300 + b"]" * 300 + b"}"
    with pytest.raises(ValueError, match="nested too deeply"):
        loads_footer(deep, FooterLimits(max_depth=200))
    brackets_in_strings = b"{" + b",".join(b'"k%d":"[{]}"' % i for i in range(100)) + b"}"
    assert len(loads_footer(brackets_in_strings, FooterLimits()) or {}) == 100

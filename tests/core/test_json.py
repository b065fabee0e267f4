"""Strict JSON and the footer limits: every limit enforced and counted exactly; the length
before parsing, nesting past the parser's recursion refused rather than raised."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasetokit._json import FooterLimits, _fewer, loads_footer

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
def test_loads_footer_agrees_with_the_limits(
    value: dict[str, Any], spaced: bool, ascii_only: bool
) -> None:
    separators = (", ", " : ") if spaced else (",", ":")
    text = json.dumps(value, separators=separators, ensure_ascii=ascii_only).encode()
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


_ROOMY = FooterLimits(max_keys=9, max_depth=99)


@pytest.mark.parametrize(
    ("footer", "limits", "message"),
    [
        # Length is checked before anything else: this is not even JSON.
        (b"{" + b"x" * 100, FooterLimits(max_length=50), "too long"),
        (b'{"a":' * 300 + b"1" + b"}" * 300, FooterLimits(), "nested too deeply"),
        (b"{" * 300, FooterLimits(), "Expecting property name"),
        (b"{" + b",".join(b'"k%d":1' % i for i in range(600)) + b"}", FooterLimits(), "too many"),
        (b'{"a":{' + b",".join(b'"k%d":1' % i for i in range(9)) + b"}}", _ROOMY, "too many"),
        (b"{]}" + b"[" * 300, FooterLimits(), "Expecting property name"),
        (b'{"a":[{}]}', FooterLimits(), "nested too deeply"),
        (b'{"a":[{}]}', FooterLimits(max_depth=3), "nested too deeply"),
    ],
)
def test_limits_refuse(footer: bytes, limits: FooterLimits, message: str) -> None:
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


@pytest.mark.parametrize(
    "footer",
    [
        b'{"a":' + b"[" * 4093 + b"]" * 4093 + b"}",  # 8192 bytes: the most an 8 KiB one nests
        b'{"a":' + b"[" * 4000 + b"]" * 4000 + b"}",
        b'{"a":' * 1365 + b"1" + b"}" * 1365,
        b'{"a":' + b'[{"a":' * 500 + b"1" + b"}]" * 500 + b"}",
    ],
)
@pytest.mark.parametrize("limits", [FooterLimits(), FooterLimits(max_depth=10**6, max_keys=10**6)])
def test_nesting_past_the_parser_recursion_is_refused(footer: bytes, limits: FooterLimits) -> None:
    # The C scanner raises RecursionError past its limit (which differs between Pythons); it
    # must come out as the depth limit, never as RecursionError or a crash.
    assert len(footer) <= limits.max_length
    try:
        value = loads_footer(footer, limits)
    except ValueError as exc:
        assert "nested too deeply" in str(exc)  # noqa: PT017 - either outcome is checked
    else:  # an interpreter whose parser goes this deep: a correct parse, limits walked
        assert limits.max_depth > 2
        assert type(value) is dict
        assert set(value) == {"a"}


@pytest.mark.parametrize("size", [8192, 100_000])
def test_unclosed_nesting_is_refused(size: int) -> None:
    # Past the recursion limit (3.10-3.12 at 8 KiB) or not (3.13): a ValueError either way.
    footer = b'{"a":' + b"[" * (size - 5)
    with pytest.raises(ValueError):  # noqa: PT011 - too deep or invalid, per interpreter
        loads_footer(footer, FooterLimits(max_length=size, max_depth=10**6))


def test_deep_footers_within_the_recursion_limit_are_walked() -> None:
    deep = b'{"a":' + b"[" * 300 + b"]" * 300 + b"}"
    with pytest.raises(ValueError, match="nested too deeply"):
        loads_footer(deep, FooterLimits(max_depth=200))
    brackets_in_strings = b"{" + b",".join(b'"k%d":"[{]}"' % i for i in range(100)) + b"}"
    assert len(loads_footer(brackets_in_strings, FooterLimits()) or {}) == 100


@given(st.data())
def test_a_duplicate_is_refused_whichever_count_runs(data: st.DataObject) -> None:
    # Long strings put few entries in many bytes: the counts run as memchr finds, not as
    # bytes.count; commas and colons in them force the exact colon count.
    value = data.draw(st.dictionaries(_TEXT, _SCALARS, min_size=1, max_size=5))
    pad = data.draw(st.sampled_from(["", "x", ",", ":", ",:", "\\:"]))
    value["pad"] = pad * data.draw(st.integers(0, 1500))
    key = data.draw(st.sampled_from(sorted(value)))
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans())).encode()
    roomy = FooterLimits(max_keys=999, max_length=1 << 16)
    assert loads_footer(text, roomy) == value
    with pytest.raises(ValueError, match="duplicate"):
        loads_footer(b"{" + json.dumps(key).encode() + b":0," + text[1:], roomy)


@pytest.mark.parametrize(
    ("count", "limit"), [(0, 0), (0, 1), (1, 1), (1, 2), (3, 3), (3, 4), (40, 41)]
)
def test_fewer_is_exact(count: int, limit: int) -> None:
    assert _fewer(b"x" * 20_000 + b"a,b" * count, b",", limit) is (count < limit)


@pytest.mark.parametrize(
    ("text", "limit", "fewer"),
    [(b",", 1, False), (b",", 2, True), (b",,", 2, False), (b",,", 3, True), (b"", 1, True)],
)
def test_fewer_counts_from_the_first_byte_and_adjacent_hits(
    text: bytes, limit: int, fewer: bool
) -> None:
    assert _fewer(text, b",", limit) is fewer


@pytest.mark.parametrize(
    ("footer", "unique"),
    [
        # Runs of three backslashes (an escaped quote after an escaped backslash) and strings
        # ending in an escaped backslash: the backslashes are paired before quotes count.
        (rb'{"a":"\\\",","b":"\\","c":"\\","d":"\\","a":"\\"}', False),
        (rb'{"a":"\\\",","b":"\\","c":"\\","d":"\\","e":"\\"}', True),
        (rb'{"a":"\\\",","b":1}', True),
    ],
)
def test_backslash_runs_before_quotes_are_paired(footer: bytes, unique: bool) -> None:
    if unique:
        assert loads_footer(footer, FooterLimits()) == json.loads(footer)
    else:
        with pytest.raises(ValueError, match="duplicate"):
            loads_footer(footer, FooterLimits())


@pytest.mark.parametrize(
    "footer",
    [
        b'{"a":"\\"","a":1}',  # an escaped quote in a string is not a string's end
        b'{"a":"\\\\","a":"\\"","b":"x,y"}',  # after an escaped backslash a quote ends it
        b'{"a":"\\\\\\"","a":1}',  # three backslashes: the last escapes the quote
        b'{"a":"\\\\\\\\","b":"x,","a":1}',  # four: two escaped backslashes
        b'{"a":"x,\\u0022","a":1}',  # \\u0022 spells a quote, no quote character
    ],
)
def test_escaped_quotes_and_backslashes_hide_no_duplicate(footer: bytes) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        loads_footer(footer, FooterLimits())
    unique = footer.replace(b'"a":1', b'"c":1').replace(b'"a":"', b'"d":"', 1)
    assert loads_footer(unique, FooterLimits()) == json.loads(unique)


@pytest.mark.parametrize(
    "footer", [b'{"a":{"b":1,"b":2}}', b'{"a":[{"b":"x:,","c":1,"b":1}]}', b'{"a":1,"b":{},"a":2}']
)
def test_nested_duplicates_are_refused(footer: bytes) -> None:
    with pytest.raises(ValueError, match="duplicate"):
        loads_footer(footer, FooterLimits(max_depth=4))


def _keyed(n: int, size: int = 0) -> bytes:
    # n distinct keys, the last value padded so the whole text is ``size`` bytes (if given).
    text = json.dumps({f"k{i}": "" for i in range(n)}, separators=(",", ":")).encode()
    return text[:-2] + b"x" * max(size - len(text), 0) + text[-2:]


@pytest.mark.parametrize(
    ("footer", "message"),
    [
        (_keyed(512), None),
        (_keyed(513), "too many keys"),
        (_keyed(3, 8192), None),
        (_keyed(3, 8193), "too long"),
        (_keyed(500, 8192), None),  # both limits at once, on the count path
        (b'{"a":1,"b":"x"}', None),  # depth 2: a flat object
        (b'{"a":1,"b":[]}', "nested too deeply"),  # depth 3
    ],
)
def test_default_limits_at_their_boundaries(footer: bytes, message: str | None) -> None:
    if message is None:
        assert loads_footer(footer, FooterLimits()) == json.loads(footer)
    else:
        with pytest.raises(ValueError, match=message):
            loads_footer(footer, FooterLimits())

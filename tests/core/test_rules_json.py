"""Footer limits and canonical implicit assertions, pinned at each limit through ``decode``.

``FooterLimits`` is reached through ``pasetokit._json`` (it has no public alias yet); everything
else goes through ``encode``/``decode``."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pasetokit
from pasetokit import ConfigurationError, InvalidTokenError, MalformedTokenError
from pasetokit._json import FooterLimits

KEY = pasetokit.LocalKey.generate()


def token_with_footer(footer: bytes) -> str:
    return pasetokit.encode(KEY, {"sub": "a"}, footer=footer)


def accepted(footer: bytes, limits: FooterLimits | None = None) -> bool:
    token = token_with_footer(footer)
    try:
        if limits is None:
            pasetokit.decode(KEY, token)
        else:
            pasetokit.decode(KEY, token, footer_limits=limits)
    except MalformedTokenError as exc:
        code = exc.code
    else:
        return True
    assert code == "malformed_token"
    return False


def json_of_length(length: int) -> bytes:
    """A flat, valid JSON object of exactly ``length`` bytes: {"p":"xxx..."}."""
    data = b'{"p":"' + b"x" * (length - 8) + b'"}'
    assert len(data) == length
    return data


def json_with_keys(count: int) -> bytes:
    data = json.dumps({f"k{i}": 0 for i in range(count)}, separators=(",", ":")).encode()
    return data


# --- the defaults: 8 KiB, 512 keys, depth 2 ----------------------------------------------------


def test_default_limits_are_8_kib_512_keys_depth_2() -> None:
    limits = FooterLimits()
    assert (limits.max_length, limits.max_keys, limits.max_depth) == (8192, 512, 2)


def test_default_length_limit() -> None:
    assert accepted(json_of_length(8192))
    assert not accepted(json_of_length(8193))


def test_default_key_limit() -> None:
    assert accepted(json_with_keys(512))
    assert not accepted(json_with_keys(513))


def test_default_depth_limit() -> None:
    assert accepted(b'{"a":1,"b":"[{"}')
    assert not accepted(b'{"a":{"b":1}}')
    assert not accepted(b'{"a":[1]}')


def test_a_non_json_footer_is_not_measured() -> None:
    # Not starting with "{": authenticated bytes, whatever their length.
    assert accepted(b"x" * 10_000)


# --- > versus >= at each limit ----------------------------------------------------------------


def test_custom_length_at_and_over() -> None:
    footer = json_of_length(100)
    assert accepted(footer, FooterLimits(max_length=100))
    assert not accepted(footer, FooterLimits(max_length=99))


def test_custom_keys_at_and_over() -> None:
    footer = json_with_keys(3)
    assert accepted(footer, FooterLimits(max_keys=3))
    assert not accepted(footer, FooterLimits(max_keys=2))


def test_custom_depth_at_and_over() -> None:
    footer = b'{"a":{"b":1}}'
    assert accepted(footer, FooterLimits(max_depth=3))
    assert not accepted(footer, FooterLimits(max_depth=2))


# --- the key counter and the depth measure with escaped quotes ---------------------------------


def test_escaped_quote_colon_in_a_value_is_not_a_key() -> None:
    # The value is `\":` : a quote-colon that is escaped, so one key only.
    footer = b'{"a":"\\":"}'
    assert json.loads(footer) == {"a": '":'}
    assert accepted(footer, FooterLimits(max_keys=1))


def test_key_ending_in_an_escaped_backslash_still_counts() -> None:
    # `"a\\":` : the key is a backslash-ended name; the quote before ":" is not escaped.
    footer = b'{"a\\\\":1,"b":2}'
    assert json.loads(footer) == {"a\\": 1, "b": 2}
    assert not accepted(footer, FooterLimits(max_keys=1))


def test_brackets_inside_strings_with_escaped_quotes_do_not_count() -> None:
    footer = b'{"a":"\\"[[{{","b":"}}]]\\""}'
    assert json.loads(footer) == {"a": '"[[{{', "b": '}}]]"'}
    assert accepted(footer)


def test_nesting_after_an_escaped_quote_is_measured() -> None:
    footer = b'{"a":"\\"","b":{"c":1}}'
    assert not accepted(footer)
    assert accepted(footer, FooterLimits(max_depth=3))


def test_unbalanced_footer_is_malformed() -> None:
    assert not accepted(b'{"a":[}', FooterLimits(max_depth=5))


def test_invalid_json_footer_is_malformed() -> None:
    assert not accepted(b'{"a":1,"a":2}')
    assert not accepted(b'{"a":NaN}')
    assert not accepted(b"{nope}")


# --- FooterLimits validation --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["max_length", "max_depth", "max_keys"])
@pytest.mark.parametrize("value", [0, -1, True, 1.0, "8"])
def test_footer_limits_refuse(name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=name):
        FooterLimits(**{name: value})


@pytest.mark.parametrize("name", ["max_length", "max_depth", "max_keys"])
def test_footer_limits_accept_one(name: str) -> None:
    assert getattr(FooterLimits(**{name: 1}), name) == 1


# --- canonical implicit assertions --------------------------------------------------------------


def test_mapping_assertion_is_sorted_compact_utf8_json() -> None:
    token = pasetokit.encode(KEY, {}, implicit_assertion={"b": [1, 2], "a": "é"})
    expected = '{"a":"é","b":[1,2]}'.encode()
    assert pasetokit.decode(KEY, token, implicit_assertion=expected)
    assert pasetokit.decode(KEY, token, implicit_assertion={"a": "é", "b": [1, 2]})
    for other in (b'{"b":[1,2],"a":"\xc3\xa9"}', b'{"a":"\\u00e9","b":[1,2]}', b""):
        with pytest.raises(InvalidTokenError):
            pasetokit.decode(KEY, token, implicit_assertion=other)


def test_str_assertion_is_utf8() -> None:
    token = pasetokit.encode(KEY, {}, implicit_assertion="é")
    assert pasetokit.decode(KEY, token, implicit_assertion="é".encode())


@pytest.mark.parametrize("bad", [{"x": float("nan")}, {"x": float("inf")}, {"x": object()}, 5])
def test_assertion_that_is_not_canonical_json(bad: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        pasetokit.encode(KEY, {}, implicit_assertion=bad)
    assert info.value.code == "configuration_error"
    token = pasetokit.encode(KEY, {})
    with pytest.raises(ConfigurationError):
        pasetokit.decode(KEY, token, implicit_assertion=bad)


# --- payload JSON: compact, UTF-8, no NaN -------------------------------------------------------


def test_payload_is_compact_utf8_json() -> None:
    token = pasetokit.encode(KEY, {"a": "é", "b": [1, 2]}, expires_in=None)
    assert pasetokit.v4.decrypt(KEY, token)[0] == '{"a":"é","b":[1,2]}'.encode()


def test_json_footer_is_compact_utf8_json() -> None:
    token = pasetokit.encode(KEY, {}, footer={"a": "é", "b": 1})
    assert pasetokit.v4.decrypt(KEY, token)[1] == '{"a":"é","b":1}'.encode()


def test_arrays_are_peeled_like_objects() -> None:
    for footer in (b'{"a":[1]}', b'{"a":[]}', b'{"a":{}}'):
        assert accepted(footer, FooterLimits(max_depth=3))
        assert not accepted(footer, FooterLimits(max_depth=2))
    assert accepted(b'{"a":[[1]]}', FooterLimits(max_depth=4))
    assert not accepted(b'{"a":[[1]]}', FooterLimits(max_depth=3))

"""RFC 3339 strictness, for both parsers (3.11+ fast path and the portable one)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasetokit import _time

# "manual" is the portable parser; "selected" is the one decode uses on this interpreter (the
# fromisoformat fast path on 3.11+, the manual one on 3.10), so every interpreter runs the same
# cases and the parser in use is always the one under test.
PARSERS: list[object] = [
    pytest.param(_time.parse_timestamp_manual, id="manual"),
    pytest.param(_time.parse_timestamp, id="selected"),
]

E = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-01T00:00:00Z", E),
        ("2026-01-01T00:00:00+00:00", E),
        ("2026-01-01T01:30:00+01:30", E),
        ("2025-12-31T22:00:00-02:00", E),
        ("2026-01-01T00:00:00.5Z", E + 0.5),
        ("2026-01-01T00:00:00.250000Z", E + 0.25),
        ("2024-02-29T00:00:00Z", datetime(2024, 2, 29, tzinfo=timezone.utc).timestamp()),
    ],
)
def test_accepts(parse: Callable[[object], float], text: str, expected: float) -> None:
    assert parse(text) == pytest.approx(expected)


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        "2026-01-01",
        "2026-01-01T00:00:00",
        "2026-01-01 00:00:00Z",
        "2026-01-01t00:00:00Z",
        "2026-01-01T00:00:00z",
        "20260101T000000Z",
        "2026-01-01T00:00:00+0000",
        "2026-01-01T00:00Z",
        "2026-W01-1T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:59:60Z",
        "2026-02-30T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00Z\n",
        "\uff12\uff10\uff12\uff16-01-01T00:00:00Z",  # full-width digits: \d without re.ASCII
        "",
        1767225600,
        None,
    ],
)
def test_rejects(parse: Callable[[object], float], text: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - ValueError is the whole contract
        parse(text)


@given(
    st.datetimes(
        timezones=st.just(timezone.utc),
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
    )
)
def test_format_then_parse(moment: datetime) -> None:
    text = _time.format_datetime(moment)
    assert text.endswith("Z")
    assert _time.parse_timestamp_manual(text) == pytest.approx(moment.timestamp(), abs=1e-6)
    assert _time.parse_timestamp(text) == pytest.approx(moment.timestamp(), abs=1e-6)


def test_format_refuses_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        _time.format_datetime(datetime(2026, 1, 1))


def test_fast_parser_is_selected_exactly_where_fromisoformat_reads_rfc3339() -> None:
    # 3.10's fromisoformat refuses "Z" and fraction lengths other than 3 or 6; 3.11+ reads both.
    if sys.version_info >= (3, 11):
        assert _time._slow_parse is _time.parse_timestamp_iso
        assert _time.parse_timestamp_iso("2026-01-01T00:00:00.5Z") == E + 0.5
    else:
        assert _time._slow_parse is _time.parse_timestamp_manual
        with pytest.raises(ValueError):  # noqa: PT011 - why the fast path is not used here
            datetime.fromisoformat("2026-01-01T00:00:00Z")


@pytest.mark.parametrize(
    "seconds", [0.0, 1.0, 1_796_162_041.0, 1_796_162_041.25, 253_402_300_799.0, 253_402_300_799.5]
)
def test_format_epoch_matches_format_datetime(seconds: float) -> None:
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    assert _time.format_epoch(seconds) == _time.format_datetime(moment)
    assert _time.parse_timestamp(_time.format_epoch(seconds)) == seconds


def test_parse_timestamp_remembers_only_what_it_accepted() -> None:
    a, b = "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+01:00"
    assert _time.parse_timestamp(a) == _time.parse_timestamp(a) == 1767225600.0
    assert _time.parse_timestamp(b) == 1767225600.0 - 3600
    assert _time.parse_timestamp(a) == 1767225600.0
    for bad in ("2026-01-01", "2026-01-01T00:00:00", 1767225600, None):
        with pytest.raises(ValueError):  # noqa: PT011 - the parser's contract
            _time.parse_timestamp(bad)
        with pytest.raises(ValueError):  # noqa: PT011 - and again: refusals are not remembered
            _time.parse_timestamp(bad)
    assert _time.parse_timestamp(a) == 1767225600.0


def _agrees_with_the_portable_parser(text: str) -> None:
    # parse_timestamp's fast paths (a separator check for the canonical form, the shape regex,
    # fromisoformat) must accept exactly what the by-hand parser accepts, with the same value.
    try:
        expected: float | None = _time.parse_timestamp_manual(text)
    except ValueError:
        expected = None
    try:
        got: float | None = _time.parse_timestamp(text)
    except ValueError:
        got = None
    assert got == (pytest.approx(expected, abs=1e-6) if expected is not None else None)


@given(
    st.text(alphabet="0123456789-T:Z+.tz \u0660x", min_size=18, max_size=22)
    | st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", fullmatch=True)
)
def test_parse_timestamp_agrees_with_the_portable_parser(text: str) -> None:
    _agrees_with_the_portable_parser(text)


@given(
    st.from_regex(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fullmatch=True),
    st.integers(0, 19),
    st.sampled_from(list("0123456789 +-:.TtZz\u0660\u0967x\x00")),
)
def test_one_changed_character_of_the_canonical_form(text: str, at: int, char: str) -> None:
    _agrees_with_the_portable_parser(text[:at] + char + text[at + 1 :])

"""_time's paths that only the statement mutants reached: the last second ``format_epoch``'s fast
path may take (year 9999; one more is not a date Python can write), and a ``str`` subclass,
which skips the exact-``str`` fast path and cache and is parsed (and remembered) by the full one."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pasetokit._time import format_epoch, parse_timestamp

LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z, written out: the fast path's bound


def test_format_epoch_up_to_the_last_second_of_year_9999() -> None:
    assert format_epoch(LAST_SECOND) == "9999-12-31T23:59:59Z"
    assert format_epoch(0) == "1970-01-01T00:00:00Z"
    with pytest.raises(ValueError, match="year 10000"):
        format_epoch(LAST_SECOND + 1)


class Text(str):
    __slots__ = ()


def test_a_str_subclass_is_parsed_by_the_full_path() -> None:
    moment = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc).timestamp()
    assert parse_timestamp(Text("2026-11-28T12:00:00Z")) == moment
    assert parse_timestamp(Text("2026-11-28T12:00:00Z")) == moment  # what it remembered
    assert parse_timestamp(Text("2026-11-28T13:00:00+01:00")) == moment
    with pytest.raises(ValueError, match="time zone"):
        parse_timestamp(Text("2026-11-28T12:00:00"))  # no time zone

"""RFC 3339 rules at their edges, and ``format_datetime`` on a machine that is not in UTC.

The first tests go through ``ClaimRules`` (public); the portable 3.10 parser is reached directly
(``_time.parse_timestamp_manual``) only in the tests that name it, since on 3.11+ the public path
uses ``fromisoformat`` instead."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone, tzinfo

import pytest

import pasetokit
from pasetokit import ClaimError, ClaimRules, EncodeError, _time

E = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()

PARSERS: list[object] = [pytest.param(_time.parse_timestamp_manual, id="manual")]
if sys.version_info >= (3, 11):
    PARSERS.append(pytest.param(_time.parse_timestamp_iso, id="iso"))


@pytest.mark.parametrize(
    "text", ["2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.+00:00", "2026-01-01T00:00:00,5Z"]
)
def test_empty_or_comma_fraction_is_refused_by_the_rules(text: str) -> None:
    with pytest.raises(ClaimError) as info:
        ClaimRules(require_exp=False).check({"nbf": text}, E)
    assert info.value.claim == "nbf"


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        "2026-01-01T00:00:00.Z",
        "2026-01-01T00:60:00Z",
        "2026-01-01T00:00:00+00:60",
        "2026-01-01T00:00:00+00:99",
        "2026-01-01T00:00:00-24:00",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:60Z",
    ],
)
def test_out_of_range_fields(parse: Callable[[object], float], text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - ValueError is the whole contract
        parse(text)


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-01T23:59:59Z", E + 86399),
        ("2026-01-01T00:59:00Z", E + 59 * 60),
        ("2026-01-01T00:00:00+23:59", E - (23 * 3600 + 59 * 60)),
        ("2026-01-01T00:00:00-23:59", E + (23 * 3600 + 59 * 60)),
        ("2026-01-01T00:00:00+00:59", E - 59 * 60),
        ("2026-01-01T00:00:00-00:01", E + 60),
        ("2026-01-01T05:00:00+05:00", E),
        ("2026-01-01T00:00:00.000001Z", E + 0.000001),
        ("1970-01-01T00:00:00Z", 0.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ],
)
def test_edges_that_are_valid(parse: Callable[[object], float], text: str, expected: float) -> None:
    assert parse(text) == pytest.approx(expected, abs=1e-6)


def test_manual_parser_offset_sign_and_minutes() -> None:
    parse = _time.parse_timestamp_manual
    assert parse("2026-01-01T00:00:00+01:01") == E - 3660
    assert parse("2026-01-01T00:00:00-01:01") == E + 3660
    assert parse("2026-01-01T00:00:00+00:00") == parse("2026-01-01T00:00:00-00:00") == E


# --- format_datetime under a non-UTC local zone -----------------------------------------------


@pytest.fixture
def local_zone_new_york() -> Iterator[None]:
    """Run the test with the process's local time zone set to America/New_York (UTC-5/-4)."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only")
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "EST5EDT,M3.2.0,M11.1.0"  # POSIX rule: no tz database needed
    time.tzset()
    try:
        assert time.timezone != 0  # the zone really changed
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.mark.usefixtures("local_zone_new_york")
@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 7, 1, 14, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 7, 1, 7, 30, tzinfo=timezone(timedelta(hours=-5))),
        datetime(2026, 7, 1, 12, 30, tzinfo=timezone.utc),
    ],
)
def test_format_datetime_ignores_the_local_zone(value: datetime) -> None:
    assert _time.format_datetime(value) == "2026-07-01T12:30:00Z"


@pytest.mark.usefixtures("local_zone_new_york")
def test_encode_writes_utc_under_a_local_zone(local_key: pasetokit.LocalKey) -> None:
    moment = datetime(2026, 7, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    token = pasetokit.encode(local_key, {"nbf": moment}, now=moment)
    claims = pasetokit.decode(local_key, token, now=moment).claims
    assert claims["nbf"] == "2026-07-01T12:30:00Z"
    assert claims["exp"] == "2026-07-01T13:30:00Z"


class _NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_format_datetime_refuses_a_zone_without_offset() -> None:
    with pytest.raises(ValueError, match="aware"):
        _time.format_datetime(datetime(2026, 1, 1, tzinfo=_NoOffset()))


def test_encode_refuses_a_zone_without_offset(local_key: pasetokit.LocalKey) -> None:
    with pytest.raises(EncodeError) as info:
        pasetokit.encode(local_key, {"nbf": datetime(2026, 1, 1, tzinfo=_NoOffset())})
    assert info.value.code == "encode_error"


def test_to_seconds_types() -> None:
    assert _time.to_seconds(timedelta(minutes=1)) == 60.0
    assert _time.to_seconds(2) == 2.0
    for bad in (True, "1", None):
        with pytest.raises(TypeError):
            _time.to_seconds(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-28T12:00:-04",  # 20 characters, no "Z" at the end
        "2026-11-28T11:00,00Z",  # no ":" before the seconds
        "2026-11-28 12:00:00Z",  # no "T"
    ],
)
def test_the_canonical_fast_path_takes_rfc_3339_only(text: str) -> None:
    # Each has the length of "YYYY-MM-DDTHH:MM:SSZ" and Python 3.11+'s fromisoformat reads it;
    # only the fast path's separator checks keep it from being accepted.
    with pytest.raises(ValueError, match="RFC 3339"):
        _time.parse_timestamp(text)
    with pytest.raises(ClaimError) as info:
        ClaimRules().check({"exp": text}, E)
    assert (info.value.code, info.value.claim) == ("invalid_claim", "exp")


def test_format_epoch_writes_years_1970_to_9999() -> None:
    assert _time.format_epoch(0) == "1970-01-01T00:00:00Z"
    assert _time.format_epoch(253402300799) == "9999-12-31T23:59:59Z"  # the last second
    with pytest.raises(ValueError, match="out of range"):
        _time.format_epoch(253402300800)  # year 10000: not four digits

"""RFC 3339 date-times, strictly (PASETO 04-Claims.md: DateTime claims).

``datetime.fromisoformat`` accepts date-only, offset-less, space-separated and basic-format input;
none of those is RFC 3339 §5.6, so the text is matched first and converted by hand.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime, timedelta, timezone

__all__ = ["format_datetime", "parse_timestamp", "to_seconds"]

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:(Z)|([+-])(\d{2}):([0-5]\d))",
    re.ASCII,
).fullmatch
_EPOCH_DAY = date(1970, 1, 1).toordinal()


def parse_timestamp_manual(text: object) -> float:
    """Seconds since the epoch of an RFC 3339 string; ``ValueError`` for anything else.

    The leap second ``:60`` is refused, as Python's datetime cannot represent it.
    """
    if not isinstance(text, str):
        raise ValueError("not an RFC 3339 string")
    m = _RFC3339(text)
    if m is None:
        raise ValueError("not an RFC 3339 date-time with a time zone")
    year, month, day, hour, minute, second, frac, zulu, sign, off_h, off_m = m.groups()
    hour_, minute_, second_ = int(hour), int(minute), int(second)
    if hour_ > 23 or minute_ > 59 or second_ > 59:
        raise ValueError("time out of range")
    days = date(int(year), int(month), int(day)).toordinal() - _EPOCH_DAY  # validates the date
    seconds = float(days * 86400 + hour_ * 3600 + minute_ * 60 + second_)
    if frac:
        seconds += float(frac)
    if not zulu:
        oh, om = int(off_h), int(off_m)
        if oh > 23:  # the pattern allows offset minutes 00-59 only
            raise ValueError("offset out of range")
        offset = oh * 3600 + om * 60
        seconds -= offset if sign == "+" else -offset
    return seconds


def parse_timestamp_iso(text: object) -> float:
    """The same contract in a third of the time, for Python 3.11+ whose ``fromisoformat`` reads
    "Z" and any number of fraction digits. The regex admits only the RFC 3339 shape first;
    ``fromisoformat`` then checks the ranges (hour 24, second 60, day 30 of February...)."""
    if not isinstance(text, str) or _RFC3339(text) is None:
        raise ValueError("not an RFC 3339 date-time with a time zone")
    return datetime.fromisoformat(text).timestamp()


parse_timestamp = parse_timestamp_iso if sys.version_info >= (3, 11) else parse_timestamp_manual


def format_datetime(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` in UTC (the form the spec recommends)."""
    if value.tzinfo is not timezone.utc:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("datetime must be timezone-aware")
        value = value.astimezone(timezone.utc)
    # isoformat() of a UTC value ends in "+00:00"; it is several times faster than strftime().
    return value.isoformat()[:-6] + "Z"


def to_seconds(value: timedelta | float) -> float:
    """A duration given as ``timedelta`` or seconds, as float seconds."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("a duration is a timedelta or a number of seconds")
    return float(value)

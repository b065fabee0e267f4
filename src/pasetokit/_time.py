"""RFC 3339 date-times, strictly (PASETO 04-Claims.md: DateTime claims).

``datetime.fromisoformat`` accepts date-only, offset-less, space-separated and basic-format input;
none of those is RFC 3339 §5.6, so the text is matched first and converted by hand.
"""

from __future__ import annotations

import math
import re
import sys
import time
from datetime import date, datetime, timedelta, timezone

__all__ = ["format_datetime", "format_epoch", "parse_timestamp", "to_seconds"]

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


_last: list[tuple[object, float]] = [(None, 0.0)]  # one slot, replaced whole; no str is None
_SHAPE = re.compile(  # _RFC3339 without its groups: the check alone, for the fast path
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", re.ASCII
).fullmatch
_fromisoformat = datetime.fromisoformat


_FAST_ISO = sys.version_info >= (3, 11)


def _canonical(text: str) -> bool:
    # "YYYY-MM-DDTHH:MM:SSZ", the form encode writes, told by its separators without the regex
    # engine; fromisoformat then requires an ASCII digit in each of the other 14 places.
    return (
        len(text) == 20
        and text[19] == "Z"
        and text[10] == "T"
        and text[4] == "-"
        and text[7] == "-"
        and text[13] == ":"
        and text[16] == ":"
    )


_slow_parse = parse_timestamp_iso if _FAST_ISO else parse_timestamp_manual


def parse_timestamp(text: object) -> float:
    """Seconds since the epoch of an RFC 3339 string with a time zone; ``ValueError`` otherwise.

    It remembers the last string it accepted: one verification reads the same text several
    times (``iat`` is usually ``nbf``, and the policy's revocation key reads ``iat`` again).
    One (text, value) tuple, replaced whole, so threads can share it; only an exact, already
    accepted ``str`` is answered from it. On 3.11+ the common case is parse_timestamp_iso,
    inlined: this runs three times per decode.
    """
    last = _last[0]
    if type(text) is str:
        if text == last[0]:
            return last[1]
        if _FAST_ISO and (_canonical(text) or _SHAPE(text) is not None):
            value = _fromisoformat(text).timestamp()
            _last[0] = (text, value)
            return value
    value = _slow_parse(text)
    _last[0] = (text, value)
    return value


def format_datetime(value: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` in UTC (the form the spec recommends)."""
    if value.tzinfo is not timezone.utc:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("datetime must be timezone-aware")
        value = value.astimezone(timezone.utc)
    # isoformat() of a UTC value ends in "+00:00"; it is several times faster than strftime().
    return value.isoformat()[:-6] + "Z"


def format_epoch(seconds: float) -> str:
    """``format_datetime`` of an epoch instant, faster for the whole seconds ``encode`` writes."""
    if seconds == math.floor(seconds) and 0 <= seconds < 253402300800:  # years 1970-9999
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
    return format_datetime(datetime.fromtimestamp(seconds, timezone.utc))


def to_seconds(value: timedelta | float) -> float:
    """A duration given as ``timedelta`` or seconds, as float seconds."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("a duration is a timedelta or a number of seconds")
    return float(value)

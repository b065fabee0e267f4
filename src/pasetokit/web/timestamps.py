"""Claim times as aware datetimes: pasetokit writes ``exp``/``iat``/``nbf`` as RFC 3339
strings (PASETO's format), where JWT code compares numbers. :func:`claim_time` gives the
``datetime`` (UTC) either way, for the Flask-JWT-Extended implicit-refresh recipe."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from pasetokit import ClaimError

__all__ = ["claim_time"]

# RFC 3339 section 5.6 date-time (decode has checked the claim already; this only reads it).
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})", re.ASCII
).fullmatch


def claim_time(claims: Mapping[str, Any], name: str = "exp") -> datetime:
    """``claims[name]`` as an aware UTC datetime (``KeyError`` when absent, as a dict would)."""
    value = claims[name]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    if not isinstance(value, str):
        raise ClaimError(f"claim {name!r} is not a time", claim=name)
    match = _RFC3339(value)
    if match is None:
        raise ClaimError(f"claim {name!r} is not an RFC 3339 time", claim=name)
    whole, fraction, offset = match.groups()
    # fromisoformat before 3.11 reads only 3 or 6 fraction digits and no "Z".
    micro = f".{(fraction + '000000')[:6]}" if fraction else ""
    zone = "+00:00" if offset in ("Z", "z") else offset
    try:
        return datetime.fromisoformat(whole + micro + zone).astimezone(timezone.utc)
    except ValueError:  # a field out of range (month 13, hour 25)
        raise ClaimError(f"claim {name!r} is not an RFC 3339 time", claim=name) from None

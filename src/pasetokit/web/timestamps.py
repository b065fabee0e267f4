"""Claim times as aware datetimes: pasetokit writes ``exp``/``iat``/``nbf`` as RFC 3339
strings (PASETO's format), where JWT code compares numbers. :func:`claim_time` gives the
``datetime`` (UTC) either way, for the Flask-JWT-Extended implicit-refresh recipe."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from pasetokit import ClaimError

__all__ = ["claim_time"]


def claim_time(claims: Mapping[str, Any], name: str = "exp") -> datetime:
    """``claims[name]`` as an aware UTC datetime (``KeyError`` when absent, as a dict would)."""
    value = claims[name]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    if not isinstance(value, str):
        raise ClaimError(f"claim {name!r} is not a time", claim=name)
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ClaimError(f"claim {name!r} is not an RFC 3339 time", claim=name) from None
    if when.tzinfo is None:
        raise ClaimError(f"claim {name!r} has no time zone", claim=name)
    return when.astimezone(timezone.utc)

"""Fuzz the web layer's token-search settings (``pasetokit.web``), kept apart on purpose.

``pasetokit.web`` is being reshaped (issue 9): today its public functions are
``parse_locations`` and ``missing_token``, and this target drives exactly those. When the token
search over a request view lands there, point ``test_one_input`` at it: build a view from fuzzed
header pairs, cookies, query and body, and keep the invariant (only ``PasetoError``).
"""

from __future__ import annotations

from dataclasses import dataclass

import atheris
from fuzz_support import main

with atheris.instrument_imports():
    from pasetokit import PasetoError, web


@dataclass(frozen=True)
class Names:
    """Location names as an adapter's settings would give them (fuzzed)."""

    header_name: str
    header_type: str
    access_cookie_name: str
    refresh_cookie_name: str
    query_string_name: str
    json_key: str
    refresh_json_key: str


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    value: object
    if fdp.ConsumeBool():
        value = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
    else:
        value = [
            fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 20))
            for _ in range(fdp.ConsumeIntInRange(0, 6))
        ]
    try:
        locations = web.parse_locations(value, "token_locations")
    except PasetoError:
        return
    if not locations or len(set(locations)) != len(locations):
        raise AssertionError(f"parse_locations returned {locations!r}")
    names = Names(*(fdp.ConsumeUnicodeNoSurrogates(12) for _ in range(7)))
    error = web.missing_token(names, locations, fdp.ConsumeBool())
    if not isinstance(error, PasetoError):
        raise AssertionError("missing_token must build a pasetokit error")


if __name__ == "__main__":
    main(test_one_input)

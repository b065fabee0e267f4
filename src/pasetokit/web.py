"""Framework-agnostic pieces the web adapters share: where a token may be, and what to say when
it is not there. No request object is touched here; each adapter reads its own framework's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal, Protocol

from .exceptions import ConfigurationError, MissingTokenError

__all__ = ["LOCATIONS", "Location", "LocationNames", "missing_token", "parse_locations"]

Location = Literal["headers", "cookies", "query_string", "json"]
LOCATIONS: tuple[Location, ...] = ("headers", "cookies", "query_string", "json")


def parse_locations(value: object, what: str) -> tuple[Location, ...]:
    """``"headers"``, ``"headers, cookies"`` or a sequence of location names, in order.

    ``what`` names the setting in error messages (``token_locations``, ``PASETO_TOKEN_LOCATION``).
    """
    items: Iterable[object]
    if isinstance(value, str):
        items = [part for part in re.split(r"[\s,]+", value) if part]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise ConfigurationError(f"{what} must be a string or a list of locations, not {value!r}")
    result: list[Location] = []
    for item in items:
        if item not in LOCATIONS:
            raise ConfigurationError(
                f"{what}: unknown token location {item!r}; choose from {', '.join(LOCATIONS)}"
            )
        if item in result:
            raise ConfigurationError(f"{what}: location {item!r} is listed twice")
        result.append(item)
    if not result:
        raise ConfigurationError(f"{what} must name at least one location")
    return tuple(result)


class LocationNames(Protocol):
    """The names an adapter's settings give each location (read-only)."""

    @property
    def header_name(self) -> str: ...
    @property
    def header_type(self) -> str: ...
    @property
    def access_cookie_name(self) -> str: ...
    @property
    def refresh_cookie_name(self) -> str: ...
    @property
    def query_string_name(self) -> str: ...
    @property
    def json_key(self) -> str: ...
    @property
    def refresh_json_key(self) -> str: ...


def missing_token(
    names: LocationNames, locations: Sequence[Location], refresh: bool
) -> MissingTokenError:
    """A ``MissingTokenError`` that says where a token was expected."""
    kind = "refresh" if refresh else "access"
    places = []
    for location in locations:
        if location == "headers":
            scheme = f"{names.header_type} " if names.header_type else ""
            places.append(f"the {names.header_name} header ('{scheme}<token>')")
        elif location == "cookies":
            name = names.refresh_cookie_name if refresh else names.access_cookie_name
            places.append(f"cookie '{name}'")
        elif location == "query_string":
            places.append(f"query parameter '{names.query_string_name}'")
        else:
            key = names.refresh_json_key if refresh else names.json_key
            places.append(f"JSON body key '{key}'")
    return MissingTokenError(f"missing {kind} token: send it in " + " or ".join(places))

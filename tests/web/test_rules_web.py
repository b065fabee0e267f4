"""``pasetokit.web`` rules: location parsing (order, duplicates, unknown names, emptiness) and
the missing-token message for an access token and for a header without a scheme."""

from __future__ import annotations

from typing import Any

import pytest

from pasetokit import ConfigurationError, MissingTokenError
from pasetokit.web import LOCATIONS, WebSettings, missing_token, parse_locations

NAMES = WebSettings(
    header_name="X-Token",
    header_type="",
    access_cookie_name="access",
    refresh_cookie_name="refresh",
    query_string_name="t",
    json_key="token",
    refresh_json_key="rtoken",
)


def test_every_location_alone_and_in_order() -> None:
    assert LOCATIONS == ("headers", "cookies", "query_string", "json")
    for location in LOCATIONS:
        assert parse_locations(location, "s") == (location,)
    assert parse_locations("json\tquery_string,,cookies", "s") == (
        "json",
        "query_string",
        "cookies",
    )
    assert parse_locations(("cookies", "headers"), "s") == ("cookies", "headers")


@pytest.mark.parametrize(
    "value", ["", " , ", [], ("headers", "headers"), ["Headers"], [b"headers"], None, 3]
)
def test_bad_locations(value: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"^SETTING") as info:
        parse_locations(value, "SETTING")
    assert type(info.value) is ConfigurationError


def test_missing_access_token_without_a_header_scheme() -> None:
    error = missing_token(NAMES, ("headers", "cookies", "json"), refresh=False)
    assert isinstance(error, MissingTokenError)
    assert error.code == "missing_token"
    assert error.message == (
        "missing access token: send it in the X-Token header ('<token>') or cookie 'access' "
        "or JSON body key 'token'"
    )


def test_missing_refresh_token_in_one_place() -> None:
    error = missing_token(NAMES, ("query_string",), refresh=True)
    assert error.message == "missing refresh token: send it in query parameter 't'"

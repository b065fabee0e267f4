"""The adapters' shared, framework-agnostic pieces."""

from __future__ import annotations

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import WebSettings, missing_token, parse_locations


def test_parse_locations() -> None:
    assert parse_locations("headers, cookies", "x") == ("headers", "cookies")
    assert parse_locations(["json"], "x") == ("json",)
    for bad in ("", "header", "headers headers", 7):
        with pytest.raises(ConfigurationError, match=r"^x"):
            parse_locations(bad, "x")


def test_missing_token_names_every_place() -> None:
    names = WebSettings(access_cookie_name="a", refresh_cookie_name="r")
    error = missing_token(names, ("headers", "cookies", "query_string", "json"), refresh=True)
    assert error.code == "missing_token"
    assert str(error) == (
        "missing refresh token: send it in the Authorization header ('Bearer <token>') or "
        "cookie 'r' or query parameter 'token' or JSON body key 'refresh_token'"
    )

"""``pasetokit.web.settings`` rules no other test pins: the implicit-refresh window (each form,
each bound), the status-code range, origins as written, the option-name did-you-mean and which
CSRF cookie goes with which token."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import Location, WebSettings

COOKIES: tuple[Location, ...] = ("cookies",)


def _refused(**options: object) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as info:
        WebSettings(**options)  # type: ignore[arg-type]
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"
    return info.value


# --- implicit_refresh: None, or a positive finite duration in one of three forms ----------------


@pytest.mark.parametrize(
    ("given", "seconds"),
    [
        (timedelta(seconds=30), 30.0),
        (timedelta(milliseconds=500), 0.5),
        (30, 30.0),
        (0.5, 0.5),  # under a second is still a window
        ("30", 30.0),
        (" 30\t", 30.0),  # an environment variable's stray whitespace
        ("999999999", 999999999.0),  # nine digits
    ],
)
def test_implicit_refresh_window(given: object, seconds: float) -> None:
    settings = WebSettings(token_locations=COOKIES, implicit_refresh=given)  # type: ignore[arg-type]
    assert settings.implicit_refresh == timedelta(seconds=seconds)


def test_implicit_refresh_off() -> None:
    assert WebSettings(token_locations=COOKIES, implicit_refresh=None).implicit_refresh is None
    assert WebSettings().implicit_refresh is None


@pytest.mark.parametrize(
    "given",
    [
        True,  # a bool is not a number of seconds
        False,
        0,
        0.0,
        -1,
        timedelta(0),
        timedelta(seconds=-5),
        math.inf,
        math.nan,
        "0",
        "",
        "abc",
        "1e3",
        "-5",
        "1.5",
        "1234567890",  # ten digits
        [30],
    ],
)
def test_implicit_refresh_refused(given: object) -> None:
    error = _refused(token_locations=COOKIES, implicit_refresh=given)
    assert error.message.startswith("implicit_refresh must be")


def test_implicit_refresh_needs_the_cookie_location() -> None:
    error = _refused(token_locations=("headers", "json"), implicit_refresh=60)
    assert "does not include 'cookies'" in error.message
    both = WebSettings(token_locations=("headers", "cookies"), implicit_refresh=60)  # type: ignore[arg-type]
    assert both.implicit_refresh == timedelta(minutes=1)


# --- status_codes: known codes to 4xx/5xx ints, both ends included ------------------------------


@pytest.mark.parametrize("status", [400, 401, 598, 599])
def test_status_codes_in_range(status: int) -> None:
    assert WebSettings(status_codes={"token_expired": status}).status_codes == {
        "token_expired": status
    }


@pytest.mark.parametrize("status", [399, 600, 200, True, 401.0, "401"])
def test_status_codes_out_of_range(status: object) -> None:
    error = _refused(status_codes={"token_expired": status})
    assert error.message.startswith("status_codes['token_expired'] must be a 4xx/5xx int")


# --- origins and paths ----------------------------------------------------------------------------


def test_origins_are_lower_cased_without_a_trailing_slash() -> None:
    settings = WebSettings(
        websocket_origins=["https://App.Example.com/", "https://app.example.com"]  # type: ignore[arg-type]
    )
    assert settings.websocket_origins == ("https://app.example.com",)


def test_a_bad_cookie_path_names_its_setting() -> None:
    error = _refused(refresh_csrf_cookie_path="/a;b")
    assert error.message.startswith("refresh_csrf_cookie_path must be a non-empty name")


# --- from_options: unknown names, with a did-you-mean only when one is close --------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zzzzzz", "unknown option 'zzzzzz'"),
        ("header_nam", "unknown option 'header_nam'; did you mean 'header_name'?"),
    ],
)
def test_from_options_unknown_name(name: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        WebSettings.from_options({name: "x"})
    assert type(info.value) is ConfigurationError
    assert info.value.message == message


# --- which CSRF cookie goes with which token ------------------------------------------------------


def test_csrf_cookie_name_per_kind() -> None:
    settings = WebSettings(access_csrf_cookie_name="a", refresh_csrf_cookie_name="r")
    assert settings.csrf_cookie_name(False) == "a"
    assert settings.csrf_cookie_name(True) == "r"

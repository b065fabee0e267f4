"""``WebSettings`` rules that only statement mutants showed unpinned: ``status_codes`` must be a
mapping of known codes to 4xx/5xx ints (each end of the range), and ``implicit_refresh`` takes a
positive duration as a ``timedelta``, seconds (int or float) or a string of digits."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import WebSettings

COOKIES = ("headers", "cookies")


def _refused(**options: object) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as info:
        WebSettings(**options)  # type: ignore[arg-type]
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"
    return info.value


def test_status_codes_must_be_a_mapping() -> None:
    error = _refused(status_codes=[("token_expired", 401)])
    assert "must map error codes to HTTP statuses" in str(error)


@pytest.mark.parametrize("status", [400, 401, 599])
def test_a_status_from_400_to_599_is_accepted(status: int) -> None:
    settings = WebSettings(status_codes={"token_expired": status})
    assert settings.status_codes["token_expired"] == status


@pytest.mark.parametrize("status", [399, 600, True, 401.0])
def test_a_status_outside_400_599_or_no_int_is_refused(status: object) -> None:
    error = _refused(status_codes={"token_expired": status})
    assert "must be a 4xx/5xx int" in str(error)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (timedelta(minutes=2), 120.0),
        (1, 1.0),  # one second: the smallest whole window
        (0.5, 0.5),  # any positive duration, under a second too
        (90.0, 90.0),
        ("60", 60.0),
        (" 45 ", 45.0),  # an environment variable's digits, blanks around them allowed
        (None, None),
    ],
)
def test_implicit_refresh_takes_a_positive_duration(value: object, seconds: float | None) -> None:
    settings = WebSettings(token_locations=COOKIES, implicit_refresh=value)  # type: ignore[arg-type]
    window = settings.implicit_refresh
    assert (window.total_seconds() if window is not None else None) == seconds


@pytest.mark.parametrize(
    "value", [0, -1, 0.0, -0.5, math.inf, math.nan, "0", timedelta(0), timedelta(seconds=-1)]
)
def test_implicit_refresh_that_is_not_positive_is_refused(value: object) -> None:
    error = _refused(token_locations=COOKIES, implicit_refresh=value)
    assert "must be a positive duration" in str(error)


@pytest.mark.parametrize("value", [True, "1e3", "-5", "1.5", "", "ten", "1234567890", [60]])
def test_implicit_refresh_of_another_kind_is_refused(value: object) -> None:
    error = _refused(token_locations=COOKIES, implicit_refresh=value)
    assert "must be a timedelta, seconds or None" in str(error)


def test_implicit_refresh_needs_the_cookies_location() -> None:
    error = _refused(token_locations=("headers",), implicit_refresh=60)
    assert "implicit_refresh re-issues access cookies" in str(error)
    with pytest.raises(ConfigurationError, match=r"^PASETO_IMPLICIT.* 'cookies'") as info:
        WebSettings.from_options(
            {"PASETO_IMPLICIT": 60}, names={"PASETO_IMPLICIT": "implicit_refresh"}
        )
    assert info.value.code == "configuration_error"

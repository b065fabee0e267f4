"""``pasetokit.web.cookies`` rules that only statement mutants showed unpinned: a cookie's
``max_age`` is a ``timedelta`` or seconds (``bool`` and text refused, at the call, as a
``ConfigurationError``), and the ``Max-Age`` it gives is whole seconds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import WebSettings, token_cookies

from policy_support import FakeClock, make_policy

NO_CSRF = WebSettings(token_locations=("cookies",), csrf_protect=False)


@pytest.mark.parametrize("max_age", [True, False, "60", [60]])
def test_a_max_age_that_is_no_duration_is_refused(max_age: object) -> None:
    policy = make_policy(FakeClock())
    with pytest.raises(
        ConfigurationError, match=r"^max_age must be a timedelta or seconds"
    ) as info:
        token_cookies(policy, NO_CSRF, "t", refresh=False, max_age=max_age)  # type: ignore[arg-type]
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"


@pytest.mark.parametrize(
    ("max_age", "seconds"), [(timedelta(minutes=1), 60), (90, 90), (59.9, 59), (0, 0)]
)
def test_a_max_age_is_whole_seconds(max_age: timedelta | float, seconds: int) -> None:
    policy = make_policy(FakeClock())
    (spec,) = token_cookies(policy, NO_CSRF, "t", refresh=True, max_age=max_age)
    assert spec.name == "refresh_token_cookie"
    assert spec.options["max_age"] == seconds
    assert type(spec.options["max_age"]) is int

"""``pasetokit.web.cookies`` rules, as exact :class:`CookieSpec` lists: the token cookie's safe
attributes (HttpOnly, Secure, SameSite=Lax, its own path), its ``Max-Age`` (the token's
lifetime, ``max_age=``, or none for a session cookie), the JS-readable CSRF cookie next to it,
the cookies a log-out expires, and :func:`apply_cookies`' set-or-delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from pasetokit import ConfigurationError
from pasetokit.web import CookieSpec, WebSettings, apply_cookies, cleared_cookies, token_cookies

from policy_support import FakeClock, make_policy

COOKIES = WebSettings(
    token_locations=("cookies",),
    access_cookie_path="/api",
    refresh_cookie_path="/auth/refresh",
    access_csrf_cookie_path="/app",
    refresh_csrf_cookie_path="/auth",
)
POLICY = make_policy(FakeClock(), access_ttl=timedelta(minutes=5), refresh_ttl=timedelta(hours=2))
DEFAULTS = {"domain": None, "secure": True, "samesite": "Lax"}


def _token(refresh: bool, csrf: bool = True) -> str:
    if refresh:
        return POLICY.create_refresh_token("u", csrf=csrf)
    return POLICY.create_access_token("u", csrf=csrf)


def test_access_cookies() -> None:
    token = _token(False)
    csrf = POLICY.csrf_value(token)
    assert csrf
    assert token_cookies(POLICY, COOKIES, token, refresh=False) == [
        CookieSpec(
            "access_token_cookie",
            token,
            {"path": "/api", "httponly": True, **DEFAULTS, "max_age": 300},
        ),
        CookieSpec(
            "csrf_access_token",
            csrf,
            {"path": "/app", "httponly": False, **DEFAULTS, "max_age": 300},
        ),
    ]


def test_refresh_cookies() -> None:
    token = _token(True)
    csrf = POLICY.csrf_value(token)
    assert token_cookies(POLICY, COOKIES, token, refresh=True) == [
        CookieSpec(
            "refresh_token_cookie",
            token,
            {"path": "/auth/refresh", "httponly": True, **DEFAULTS, "max_age": 7200},
        ),
        CookieSpec(
            "csrf_refresh_token",
            csrf,
            {"path": "/auth", "httponly": False, **DEFAULTS, "max_age": 7200},
        ),
    ]


@pytest.mark.parametrize(
    ("max_age", "seconds"),
    [(timedelta(seconds=90), 90), (timedelta(seconds=90.9), 90), (61, 61), (1.5, 1), (0, 0)],
)
def test_max_age_given(max_age: timedelta | float, seconds: int) -> None:
    for refresh in (False, True):
        specs = token_cookies(POLICY, COOKIES, _token(refresh), refresh=refresh, max_age=max_age)
        assert [s.options["max_age"] for s in specs] == [seconds, seconds]


def test_session_cookies_have_no_max_age_unless_one_is_given() -> None:
    session = COOKIES.replace(session_cookie=True)
    for refresh in (False, True):
        specs = token_cookies(POLICY, session, _token(refresh), refresh=refresh)
        assert [s.options["max_age"] for s in specs] == [None, None]
        given = token_cookies(POLICY, session, _token(refresh), refresh=refresh, max_age=30)
        assert [s.options["max_age"] for s in given] == [30, 30]


@pytest.mark.parametrize("max_age", [True, False, "60", [60]])
def test_max_age_must_be_a_duration(max_age: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        token_cookies(POLICY, COOKIES, _token(False), refresh=False, max_age=max_age)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"


def test_domain_secure_and_samesite() -> None:
    settings = COOKIES.replace(
        cookie_domain="example.com", cookie_secure=False, cookie_samesite="Strict"
    )
    token = _token(False)
    for spec in token_cookies(POLICY, settings, token, refresh=False):
        assert spec.options | {"max_age": 0, "path": "", "httponly": 0} == {
            "domain": "example.com",
            "secure": False,
            "samesite": "Strict",
            "max_age": 0,
            "path": "",
            "httponly": 0,
        }
    given = token_cookies(POLICY, settings, token, refresh=False, domain="app.example.com")
    assert [s.options["domain"] for s in given] == ["app.example.com"] * 2
    with pytest.raises(ConfigurationError) as info:  # validated like the setting
        token_cookies(POLICY, settings, token, refresh=False, domain="a b")
    assert type(info.value) is ConfigurationError


def test_without_csrf_protection_only_the_token_cookie() -> None:
    plain = COOKIES.replace(csrf_protect=False)
    token = _token(False, csrf=False)
    assert token_cookies(POLICY, plain, token, refresh=False) == [
        CookieSpec(
            "access_token_cookie",
            token,
            {"path": "/api", "httponly": True, **DEFAULTS, "max_age": 300},
        )
    ]
    assert cleared_cookies(plain, refresh=False) == [
        CookieSpec("access_token_cookie", None, {"path": "/api", "httponly": True, **DEFAULTS})
    ]


@pytest.mark.parametrize("refresh", [False, True])
def test_a_token_without_csrf_value_cannot_go_in_a_cookie(refresh: bool) -> None:
    with pytest.raises(ConfigurationError) as info:
        token_cookies(POLICY, COOKIES, _token(refresh, csrf=False), refresh=refresh)
    assert type(info.value) is ConfigurationError
    assert info.value.code == "configuration_error"


def test_cleared_cookies() -> None:
    assert cleared_cookies(COOKIES, refresh=False) == [
        CookieSpec("access_token_cookie", None, {"path": "/api", "httponly": True, **DEFAULTS}),
        CookieSpec("csrf_access_token", None, {"path": "/app", **DEFAULTS}),
    ]
    assert cleared_cookies(COOKIES, refresh=True) == [
        CookieSpec(
            "refresh_token_cookie", None, {"path": "/auth/refresh", "httponly": True, **DEFAULTS}
        ),
        CookieSpec("csrf_refresh_token", None, {"path": "/auth", **DEFAULTS}),
    ]


class _Response:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def set_cookie(self, name: str, value: str, **options: Any) -> None:
        self.calls.append(("set", name, value, options))

    def delete_cookie(self, name: str, **options: Any) -> None:
        self.calls.append(("delete", name, options))


def test_apply_cookies_sets_or_deletes() -> None:
    response = _Response()
    apply_cookies(response, [CookieSpec("a", "v", {"path": "/"}), CookieSpec("b", None, {"x": 1})])
    assert response.calls == [("set", "a", "v", {"path": "/"}), ("delete", "b", {"x": 1})]
    apply_cookies(response, [CookieSpec("c", "", {})])  # an empty value is still set
    assert response.calls[-1] == ("set", "c", "", {})

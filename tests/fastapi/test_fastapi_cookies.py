"""Cookie helpers (safe defaults) and double-submit CSRF on unsafe methods."""

from http.cookies import SimpleCookie
from typing import Any

import pytest
from fastapi import Response

from pasetokit import ConfigurationError
from pasetokit_fastapi import Auth

from fastapi_support import Clock, bearer, client, make_app, make_policy


def setup(**options: Any) -> tuple[Clock, Auth, Any]:
    clock = Clock()
    auth = Auth(make_policy(clock), token_locations=("headers", "cookies"), **options)
    return clock, auth, client(make_app(auth))


def cookies_of(response: Any) -> dict[str, dict[str, Any]]:
    """Set-Cookie headers as {name: {value, attribute: value...}}."""
    parsed: dict[str, dict[str, Any]] = {}
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            attrs = {k: v for k, v in morsel.items() if v}
            parsed[name] = {"value": morsel.value, **attrs}
    return parsed


def test_cookie_defaults_are_safe() -> None:
    _, auth, c = setup()
    r = c.post("/login-cookies")
    cookies = cookies_of(r)
    assert set(cookies) == {
        "access_token_cookie",
        "csrf_access_token",
        "refresh_token_cookie",
        "csrf_refresh_token",
    }
    access = cookies["access_token_cookie"]
    assert access["value"] == r.json()["access_token"]
    assert access["httponly"] is True
    assert access["secure"] is True
    assert access["samesite"].lower() == "lax"
    assert (access["path"], access["max-age"]) == ("/", "900")
    assert cookies["refresh_token_cookie"]["max-age"] == str(30 * 24 * 3600)
    csrf = cookies["csrf_access_token"]
    assert "httponly" not in csrf  # the page's script must read it
    assert csrf["secure"] is True
    claims = auth.policy.verify(r.json()["access_token"])
    assert csrf["value"] == claims["csrf"]


def test_relaxed_and_custom_cookie_settings() -> None:
    _, _, c = setup(
        cookie_secure=False,
        cookie_samesite="Strict",
        session_cookie=True,
        access_cookie_name="at",
        access_cookie_path="/api",
        cookie_domain="example.test",
    )
    cookies = cookies_of(c.post("/login-cookies"))
    access = cookies["at"]
    assert "secure" not in access
    assert access["samesite"].lower() == "strict"
    assert "max-age" not in access  # a session cookie
    assert (access["path"], access["domain"]) == ("/api", "example.test")


def test_cookie_on_safe_method_needs_no_csrf_header() -> None:
    _, _, c = setup()
    c.post("/login-cookies")
    r = c.get("/protected")
    assert (r.status_code, r.json()["sub"]) == (200, "alice")
    assert c.get("/seed").json()["location"] == "cookies"


def test_cookie_on_unsafe_method_needs_the_csrf_header() -> None:
    _, _, c = setup()
    c.post("/login-cookies")
    r = c.post("/called")
    assert (r.status_code, r.json()["code"]) == (403, "csrf_failed")
    assert "X-CSRF-Token" in r.json()["detail"]  # the error names the missing header
    assert "csrf_access_token" in r.json()["detail"]
    assert "WWW-Authenticate" not in r.headers
    r = c.post("/called", headers={"X-CSRF-Token": "wrong"})
    assert (r.status_code, r.json()["code"]) == (403, "csrf_failed")
    r = c.post("/called", headers={"X-CSRF-Token": c.cookies["csrf_access_token"]})
    assert r.status_code == 200


def test_a_header_token_needs_no_csrf_header() -> None:
    _, auth, c = setup()
    token = auth.create_access_token("alice")  # carries a csrf claim (cookies are enabled)
    assert "csrf" in auth.policy.verify(token)
    assert c.post("/called", headers=bearer(token)).status_code == 200


def test_csrf_can_be_switched_off_and_methods_configured() -> None:
    _, _, c = setup(csrf_protect=False)
    c.post("/login-cookies")
    assert c.post("/called").status_code == 200
    assert "csrf_access_token" not in c.cookies
    _, _, c = setup(csrf_methods=["PATCH"], csrf_header_name="X-XSRF")
    c.post("/login-cookies")
    assert c.post("/called").status_code == 200


def test_cookie_rotation_and_logout_need_csrf_too() -> None:
    _, _, c = setup()
    c.post("/login-cookies")
    r = c.post("/rotate")
    assert (r.status_code, r.json()["code"]) == (403, "csrf_failed")
    assert "csrf_refresh_token" in r.json()["detail"]
    r = c.post("/rotate", headers={"X-CSRF-Token": c.cookies["csrf_refresh_token"]})
    assert r.status_code == 200
    r = c.post("/logout")
    assert r.json()["code"] == "csrf_failed"
    r = c.post("/logout", headers={"X-CSRF-Token": c.cookies["csrf_access_token"]})
    assert r.status_code == 200
    assert c.get("/protected").json()["code"] == "token_revoked"


def test_unset_cookies_expires_them_all() -> None:
    _, _, c = setup()
    c.post("/login-cookies")
    r = c.post("/logout-cookies")
    cookies = cookies_of(r)
    assert len(cookies) == 4
    assert all(v["value"] == "" and v["max-age"] == "0" for v in cookies.values())
    assert c.get("/protected").json()["code"] == "missing_token"


def test_seed_cookie_helpers() -> None:
    _, _, c = setup()
    r = c.post("/seed-login-cookies")
    cookies = cookies_of(r)
    assert cookies["refresh_token_cookie"]["max-age"] == "60"
    assert c.get("/seed").json()["sub"] == "alice"
    assert len(cookies_of(c.post("/seed-unset"))) == 4


def test_a_token_without_csrf_value_is_refused_as_a_cookie() -> None:
    auth = Auth(make_policy(), token_locations=("headers", "cookies"))
    token = auth.create_access_token("alice", csrf=False)
    with pytest.raises(ConfigurationError, match="csrf=True"):
        auth.set_access_cookies(Response(), token)
    plain = Auth(make_policy(), token_locations=("headers", "cookies"), csrf_protect=False)
    plain.set_access_cookies(Response(), token)

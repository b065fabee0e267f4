"""Token locations (cookies + double-submit CSRF, query string, JSON body, order) and cookies."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import pytest
from flask import Flask, jsonify
from flask.testing import FlaskClient

from pasetokit import ConfigurationError, TokenPolicy
from pasetokit_flask import set_access_cookies, unset_access_cookies, unset_refresh_cookies

from flask_support import Clock, assert_error, bearer, body, make_app, make_policy

ALL = ["headers", "cookies", "query_string", "json"]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def policy(clock: Clock) -> TokenPolicy:
    return make_policy(clock)


def client_for(policy: TokenPolicy, **config: Any) -> FlaskClient:
    config.setdefault("PASETO_TOKEN_LOCATION", ALL)
    return make_app(policy, config).test_client()


def set_cookies(response: Any) -> dict[str, dict[str, Any]]:
    """Set-Cookie headers parsed: name -> {"value": ..., attribute: ...}."""
    cookies: dict[str, dict[str, Any]] = {}
    for header in response.headers.getlist("Set-Cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            attrs: dict[str, Any] = {"value": morsel.value}
            attrs.update({k: v for k, v in morsel.items() if v})
            lowered = header.lower()
            attrs["httponly"] = "; httponly" in lowered
            attrs["secure"] = "; secure" in lowered
            cookies[name] = attrs
    return cookies


def csrf_cookie(client: FlaskClient, name: str = "csrf_access_token") -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None
    return cookie.value


# --- cookies and CSRF -------------------------------------------------------------------------


def test_cookie_login_sets_safe_cookies(policy: TokenPolicy) -> None:
    client = make_app(policy, {"PASETO_COOKIE_SECURE": True}).test_client()
    cookies = set_cookies(client.post("/cookie-login"))
    assert set(cookies) == {
        "access_token_cookie",
        "refresh_token_cookie",
        "csrf_access_token",
        "csrf_refresh_token",
    }
    for name, attrs in cookies.items():
        assert attrs["secure"], name
        assert attrs["samesite"] == "Lax", name
        assert attrs["path"] == "/", name
    assert cookies["access_token_cookie"]["httponly"]
    assert cookies["refresh_token_cookie"]["httponly"]
    assert not cookies["csrf_access_token"]["httponly"]  # the page's script must read it
    assert not cookies["csrf_refresh_token"]["httponly"]
    assert cookies["access_token_cookie"]["max-age"] == str(15 * 60)
    assert cookies["refresh_token_cookie"]["max-age"] == str(30 * 24 * 3600)
    access = cookies["access_token_cookie"]["value"]
    assert policy.verify(access)["csrf"] == cookies["csrf_access_token"]["value"]


def test_cookie_attributes_are_configurable(policy: TokenPolicy) -> None:
    config = {
        "PASETO_COOKIE_SECURE": False,
        "PASETO_COOKIE_SAMESITE": "strict",
        "PASETO_REFRESH_COOKIE_PATH": "/refresh",
        "PASETO_REFRESH_CSRF_COOKIE_PATH": "/refresh",
        "PASETO_COOKIE_DOMAIN": "example.test",
        "PASETO_SESSION_COOKIE": True,
        "PASETO_ACCESS_COOKIE_NAME": "at",
    }
    cookies = set_cookies(make_app(policy, config).test_client().post("/cookie-login"))
    assert not cookies["at"]["secure"]
    assert cookies["at"]["samesite"] == "Strict"
    assert cookies["at"]["domain"] == "example.test"
    assert "max-age" not in cookies["at"]
    assert cookies["refresh_token_cookie"]["path"] == "/refresh"
    assert cookies["csrf_refresh_token"]["path"] == "/refresh"


def test_cookie_token_on_safe_method_needs_no_csrf(policy: TokenPolicy) -> None:
    client = client_for(policy)
    client.post("/cookie-login")
    response = client.get("/called")
    assert response.status_code == 200
    assert body(response)["where"] == "cookies"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_cookie_token_on_unsafe_method_needs_the_csrf_header(
    policy: TokenPolicy, method: str
) -> None:
    client = client_for(policy)
    client.post("/cookie-login")
    response = client.open("/called", method=method)
    data = assert_error(response, 403, "csrf_failed")
    assert "X-CSRF-Token" in data["detail"]  # the error names the missing header
    assert "csrf_access_token" in data["detail"]
    assert "WWW-Authenticate" not in response.headers
    wrong = client.open("/called", method=method, headers={"X-CSRF-Token": "nope"})
    assert_error(wrong, 403, "csrf_failed")
    ok = client.open("/called", method=method, headers={"X-CSRF-Token": csrf_cookie(client)})
    assert ok.status_code == 200


def test_csrf_header_name_and_methods_are_configurable(policy: TokenPolicy) -> None:
    client = client_for(policy, PASETO_CSRF_HEADER_NAME="X-XSRF", PASETO_CSRF_METHODS=["PUT"])
    client.post("/cookie-login")
    assert client.post("/called").status_code == 200  # POST is no longer checked
    data = assert_error(client.put("/called"), 403, "csrf_failed")
    assert "X-XSRF" in data["detail"]
    assert client.put("/called", headers={"X-XSRF": csrf_cookie(client)}).status_code == 200


def test_csrf_protection_can_be_switched_off(policy: TokenPolicy) -> None:
    client = client_for(policy, PASETO_COOKIE_CSRF_PROTECT=False)
    cookies = set_cookies(client.post("/cookie-login"))
    assert "csrf_access_token" not in cookies
    assert client.post("/called").status_code == 200


def test_csrf_header_of_another_session_is_refused(policy: TokenPolicy) -> None:
    victim, attacker = client_for(policy), client_for(policy)
    victim.post("/cookie-login")
    attacker.post("/cookie-login")
    response = victim.post("/called", headers={"X-CSRF-Token": csrf_cookie(attacker)})
    assert_error(response, 403, "csrf_failed")


def test_bearer_header_needs_no_csrf(policy: TokenPolicy) -> None:
    client = client_for(policy)
    token = body(client.post("/login"))["access_token"]
    assert client.post("/called", headers=bearer(token)).status_code == 200


def test_refresh_cookie_rotation_needs_the_refresh_csrf(policy: TokenPolicy) -> None:
    client = client_for(policy)
    client.post("/cookie-login")
    data = assert_error(client.post("/refresh"), 403, "csrf_failed")
    assert "csrf_refresh_token" in data["detail"]
    refresh_csrf = csrf_cookie(client, "csrf_refresh_token")
    assert client.post("/refresh", headers={"X-CSRF-Token": refresh_csrf}).status_code == 200


def test_unset_cookies_expires_everything(policy: TokenPolicy) -> None:
    client = client_for(policy)
    client.post("/cookie-login")
    cookies = set_cookies(client.post("/cookie-logout"))
    assert set(cookies) == {
        "access_token_cookie",
        "refresh_token_cookie",
        "csrf_access_token",
        "csrf_refresh_token",
    }
    for attrs in cookies.values():
        assert attrs["value"] == ""
        assert attrs["max-age"] == "0"
    assert_error(client.get("/cookie-only"), 401, "missing_token")


def test_unset_one_kind(policy: TokenPolicy) -> None:
    app = make_app(policy)
    with app.test_request_context("/"):
        response = jsonify()
        unset_access_cookies(response)
        assert set(set_cookies(response)) == {"access_token_cookie", "csrf_access_token"}
        response = jsonify()
        unset_refresh_cookies(response)
        assert set(set_cookies(response)) == {"refresh_token_cookie", "csrf_refresh_token"}


def test_a_token_without_csrf_value_is_refused_for_cookies(policy: TokenPolicy) -> None:
    app = make_app(policy)
    with app.test_request_context("/"), pytest.raises(ConfigurationError, match="csrf=True"):
        set_access_cookies(jsonify(), policy.create_access_token("alice"))


def test_explicit_max_age(policy: TokenPolicy) -> None:
    app = make_app(policy)
    with app.test_request_context("/"):
        response = jsonify()
        set_access_cookies(response, policy.create_access_token("a", csrf=True), max_age=60)
        assert set_cookies(response)["access_token_cookie"]["max-age"] == "60"


def test_default_tokens_carry_csrf_when_cookies_are_a_location(policy: TokenPolicy) -> None:
    with_cookies = client_for(policy)
    headers_only = make_app(policy).test_client()
    assert "csrf" in policy.verify(body(with_cookies.post("/login"))["access_token"])
    assert "csrf" not in policy.verify(body(headers_only.post("/login"))["access_token"])


# --- query string, JSON body, order, per-view override ----------------------------------------


def test_query_string(policy: TokenPolicy) -> None:
    client = client_for(policy, PASETO_QUERY_STRING_NAME="t")
    token = body(client.post("/login"))["access_token"]
    response = client.get("/called", query_string={"t": token})
    assert body(response)["where"] == "query_string"
    assert_error(client.get("/called", query_string={"t": "junk"}), 401, "malformed_token")


def test_json_body(policy: TokenPolicy) -> None:
    client = client_for(policy)
    tokens = body(client.post("/login"))
    response = client.post("/called", json={"access_token": tokens["access_token"]})
    assert body(response)["where"] == "json"
    rotated = client.post("/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert rotated.status_code == 200
    assert_error(client.post("/called", json={"access_token": 42}), 401, "malformed_token")
    assert_error(client.post("/called", json=["not", "a", "dict"]), 401, "missing_token")
    response = client.post("/called", data="{not json", content_type="application/json")
    assert_error(response, 401, "missing_token")  # never a 400 from a bad body
    form = client.post("/called", data={"access_token": tokens["access_token"]})
    assert_error(form, 401, "missing_token")  # only JSON bodies are read


def test_deeply_nested_json_is_no_500(policy: TokenPolicy) -> None:
    client = client_for(policy)
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/called", data=deep, content_type="application/json")
    assert_error(response, 401, "missing_token")


def test_locations_are_tried_in_the_configured_order(policy: TokenPolicy) -> None:
    header_first = client_for(policy, PASETO_TOKEN_LOCATION="headers, query_string")
    query_first = client_for(policy, PASETO_TOKEN_LOCATION=["query_string", "headers"])
    token = body(header_first.post("/login"))["access_token"]
    both = {"headers": bearer(token), "query_string": {"token": token}}
    assert body(header_first.get("/called", **both))["where"] == "headers"
    assert body(query_first.get("/called", **both))["where"] == "query_string"
    # a bad token in the first location is refused, never skipped for a good one later
    refused = query_first.get("/called", headers=bearer(token), query_string={"token": "junk"})
    assert_error(refused, 401, "malformed_token")


def test_unconfigured_locations_are_ignored(policy: TokenPolicy) -> None:
    client = make_app(policy).test_client()  # headers only
    token = body(client.post("/login"))["access_token"]
    data = assert_error(client.get("/called", query_string={"token": token}), 401, "missing_token")
    assert "query" not in data["detail"]


def test_missing_token_message_lists_every_location(policy: TokenPolicy) -> None:
    detail = assert_error(client_for(policy).get("/called"), 401, "missing_token")["detail"]
    for fragment in ("Authorization", "access_token_cookie", "query parameter 'token'", "JSON"):
        assert fragment in detail


def test_per_view_locations_override(policy: TokenPolicy) -> None:
    client = make_app(policy).test_client()  # app: headers only; /cookie-only: cookies only
    token = body(client.post("/login"))["access_token"]
    assert_error(client.get("/cookie-only", headers=bearer(token)), 401, "missing_token")
    client.post("/cookie-login")
    assert client.get("/cookie-only").status_code == 200
    assert_error(client.post("/cookie-only"), 403, "csrf_failed")
    ok = client.post("/cookie-only", headers={"X-CSRF-Token": csrf_cookie(client)})
    assert ok.status_code == 200


def test_empty_values_count_as_absent(policy: TokenPolicy) -> None:
    client = client_for(policy)
    client.set_cookie("access_token_cookie", "")
    response = client.post("/called", query_string={"token": ""}, json={"access_token": ""})
    assert_error(response, 401, "missing_token")


def test_app_without_cookie_location(policy: TokenPolicy) -> None:
    app: Flask = make_app(policy)
    client = app.test_client()
    client.post("/cookie-login")
    assert_error(client.get("/called"), 401, "missing_token")

"""Implicit refresh of cookie sessions, both adapters, identical behaviour, over real servers.

Every test runs against FastAPI (uvicorn) and Flask (werkzeug) built from one policy on the
shared :class:`FakeClock` (access 15 min, refresh 1 h, window 5 min): an access cookie with at
most 5 minutes left is re-issued on a successful response, with its CSRF cookie; never for a
header token, a refresh token, a failed request, or past the refresh token's expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from flask import Flask
from implicit_support import (
    ACCESS,
    OPTIONS,
    Answer,
    Client,
    client_for,
    fastapi_app,
    make_shared_policy,
    serve_fastapi,
)
from web_support import SwitchStore

from pasetokit import ConfigurationError, FreshTokenRequiredError, TokenPair, TokenPolicy
from pasetokit._time import parse_timestamp
from pasetokit.web import WebSettings
from pasetokit_fastapi import Auth
from pasetokit_flask import PasetoManager

from policy_support import FakeClock

ADAPTERS = ["fastapi", "flask"]
ACCESS_COOKIE, CSRF_COOKIE = "access_token_cookie", "csrf_access_token"


@pytest.fixture(params=ADAPTERS)
def which(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def policy(clock: FakeClock) -> TokenPolicy:
    return make_shared_policy(clock)


@pytest.fixture
def client(which: str, policy: TokenPolicy) -> Iterator[Client]:
    with client_for(which, policy) as client:
        yield client


def log_in(policy: TokenPolicy, **kwargs: Any) -> TokenPair:
    return policy.create_token_pair("alice", csrf=True, **kwargs)


def cookies_of(pair_or_token: TokenPair | str, policy: TokenPolicy) -> dict[str, str]:
    token = pair_or_token if isinstance(pair_or_token, str) else pair_or_token.access_token
    return {ACCESS_COOKIE: token, CSRF_COOKIE: policy.csrf_value(token) or ""}


def reissued(answer: Answer) -> str | None:
    morsel = answer.cookies.get(ACCESS_COOKIE)
    return None if morsel is None else morsel.value


def at(text: str) -> float:
    return parse_timestamp(text)


# --- inside and outside the window -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/me", "/seed"])
def test_inside_the_window_a_new_cookie_pair_is_set(
    client: Client, policy: TokenPolicy, clock: FakeClock, path: str
) -> None:
    pair = log_in(policy, scopes=["read"], claims={"role": "x"})
    old = policy.verify(pair.access_token)
    clock.advance(11 * 60)  # 4 minutes left
    answer = client.send(path, cookies=cookies_of(pair, policy))
    assert answer.status == 200
    token = reissued(answer)
    assert token is not None
    assert token != pair.access_token
    new = policy.verify(token)
    assert {k: new[k] for k in ("sub", "fam", "fam_exp", "scope", "csrf", "role")} == {
        k: old[k] for k in ("sub", "fam", "fam_exp", "scope", "csrf", "role")
    }
    assert at(new["exp"]) == (clock.now + ACCESS).timestamp()
    access, csrf = answer.cookies[ACCESS_COOKIE], answer.cookies[CSRF_COOKIE]
    assert csrf.value == old["csrf"]  # the CSRF cookie keeps its value: a script's copy holds
    assert int(access["max-age"]) == int(csrf["max-age"]) == 15 * 60
    assert access["httponly"] is True
    assert not csrf["httponly"]
    assert access["path"] == csrf["path"] == "/"
    assert answer.set_cookie_count == 2


def test_outside_the_window_nothing_is_set(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(9 * 60)  # 6 minutes left
    answer = client.send("/me", cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)
    clock.advance(60)  # exactly the window left: due
    assert reissued(client.send("/me", cookies=cookies_of(pair, policy))) is not None


def test_a_header_token_is_never_turned_into_a_cookie(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(14 * 60)
    answer = client.send("/me", headers={"Authorization": f"Bearer {pair.access_token}"})
    assert (answer.status, answer.set_cookie_count) == (200, 0)
    # Both sent: the header is found first (token_locations order), so nothing either.
    answer = client.send(
        "/me",
        headers={"Authorization": f"Bearer {pair.access_token}"},
        cookies=cookies_of(pair, policy),
    )
    assert (answer.status, answer.set_cookie_count) == (200, 0)


def test_a_refresh_token_cookie_is_never_reissued(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(58 * 60)  # 2 minutes left on the refresh token
    refresh_csrf = policy.csrf_value(pair.refresh_token) or ""
    answer = client.send(
        "/refresh",
        method="POST",
        cookies={"refresh_token_cookie": pair.refresh_token},
        headers={"X-CSRF-Token": refresh_csrf},
    )
    assert (answer.status, answer.set_cookie_count) == (200, 0)


# --- the refresh token's limits ----------------------------------------------------------------


def test_exp_is_capped_at_the_refresh_tokens_expiry(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    limit = at(policy.verify(pair.refresh_token, token_type="refresh")["exp"])
    token = pair.access_token
    seen = []
    for _ in range(4):  # 12:11 -> 12:26, 12:22 -> 12:37, 12:33 -> 12:48, 12:44 -> 12:59
        clock.advance(11 * 60)
        token = reissued(client.send("/me", cookies=cookies_of(token, policy))) or ""
        seen.append(at(policy.verify(token)["exp"]))
    clock.advance(11 * 60)  # 12:55, 4 minutes left, the family's limit 13:00 is 5 minutes out
    answer = client.send("/me", cookies=cookies_of(token, policy))
    token = reissued(answer) or ""
    assert at(policy.verify(token)["exp"]) == limit  # capped, not 13:10
    assert int(answer.cookies[ACCESS_COOKIE]["max-age"]) == 5 * 60
    assert int(answer.cookies[CSRF_COOKIE]["max-age"]) == 5 * 60
    assert seen == sorted(seen)
    assert seen[-1] < limit
    clock.advance(2 * 60)  # 12:57: the token's exp is the limit, nothing left to extend
    answer = client.send("/me", cookies=cookies_of(token, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)


def test_a_token_of_no_refresh_family_is_left_to_expire(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    token = policy.create_access_token("alice", csrf=True)
    clock.advance(14 * 60)
    answer = client.send("/me", cookies=cookies_of(token, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)


# --- revocation, freshness, CSRF ---------------------------------------------------------------


def test_a_family_revoked_during_the_request_is_not_extended(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    answer = client.send("/revoke-quietly", cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)
    assert client.send("/me", cookies=cookies_of(pair, policy)).status == 401


def test_a_revoked_family_gets_401_and_no_cookie(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    policy.revoke_family(pair.access_token)
    answer = client.send("/me", cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (401, 0)


def test_the_fresh_claim_is_dropped(client: Client, policy: TokenPolicy, clock: FakeClock) -> None:
    pair = log_in(policy)  # fresh: the user just logged in
    clock.advance(12 * 60)
    assert client.send("/fresh", cookies=cookies_of(pair, policy)).status == 200
    token = reissued(client.send("/me", cookies=cookies_of(pair, policy)))
    assert token is not None
    assert policy.verify(token)["fresh"] is False
    with pytest.raises(FreshTokenRequiredError):
        policy.verify(token, fresh=True)
    answer = client.send("/fresh", cookies=cookies_of(token, policy))
    assert answer.status == 401


def test_the_reissued_cookies_pass_the_csrf_check(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    answer = client.send(
        "/me",
        method="POST",
        cookies=cookies_of(pair, policy),
        headers={"X-CSRF-Token": policy.csrf_value(pair.access_token) or ""},
    )
    assert answer.status == 200
    new_token, new_csrf = answer.cookies[ACCESS_COOKIE].value, answer.cookies[CSRF_COOKIE].value
    assert new_csrf == policy.csrf_value(new_token) == policy.csrf_value(pair.access_token)
    sent = {ACCESS_COOKIE: new_token, CSRF_COOKIE: new_csrf}
    ok = client.send("/me", method="POST", cookies=sent, headers={"X-CSRF-Token": new_csrf})
    assert ok.status == 200
    refused = client.send("/me", method="POST", cookies=sent)
    assert (refused.status, refused.set_cookie_count) == (403, 0)


# --- failed requests and responses that set cookies themselves ----------------------------------


@pytest.mark.parametrize(("path", "status"), [("/declined", 400), ("/raises", 409)])
def test_a_failed_request_gets_no_cookie(
    client: Client, policy: TokenPolicy, clock: FakeClock, path: str, status: int
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    answer = client.send(path, cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (status, 0)


def test_an_expired_cookie_is_refused_not_extended(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(16 * 60)
    answer = client.send("/me", cookies={ACCESS_COOKIE: pair.access_token})
    assert (answer.status, answer.set_cookie_count) == (401, 0)


def test_a_route_that_sets_the_cookie_itself_wins(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    answer = client.send("/step-up", cookies=cookies_of(pair, policy))
    assert answer.status == 200
    assert answer.set_cookie_count == 2  # the route's own access and CSRF cookies, once each
    assert policy.verify(answer.cookies[ACCESS_COOKIE].value, fresh=True)["sub"] == "alice"


def test_log_out_clears_and_nothing_is_reissued(
    client: Client, policy: TokenPolicy, clock: FakeClock
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    answer = client.send(
        "/logout",
        method="POST",
        cookies=cookies_of(pair, policy),
        headers={"X-CSRF-Token": policy.csrf_value(pair.access_token) or ""},
    )
    assert answer.status == 200
    assert answer.cookies[ACCESS_COOKIE].value == ""  # cleared, not re-issued


def test_a_store_outage_skips_the_reissue_but_not_the_request(
    which: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    store = SwitchStore(clock)
    policy = make_shared_policy(clock, store=store, fail_open=True)
    pair = log_in(policy)
    clock.advance(12 * 60)
    with client_for(which, policy) as client, caplog.at_level(logging.WARNING, "pasetokit"):
        store.down = True
        answer = client.send("/me", cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)  # fail_open: the check only
    assert "implicit refresh skipped" in caplog.text


# --- settings ----------------------------------------------------------------------------------


def test_off_by_default(which: str, policy: TokenPolicy, clock: FakeClock) -> None:
    pair = log_in(policy)
    clock.advance(14 * 60)
    with client_for(which, policy, implicit_refresh=None) as client:
        answer = client.send("/me", cookies=cookies_of(pair, policy))
    assert (answer.status, answer.set_cookie_count) == (200, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (timedelta(0), "positive"),
        (-5, "positive"),
        (True, "timedelta, seconds or None"),
        ("5 minutes", "timedelta, seconds or None"),
        (float("inf"), "positive"),
    ],
)
def test_bad_windows_are_refused(value: object, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        WebSettings(token_locations=("cookies",), implicit_refresh=value)  # type: ignore[arg-type]


def test_windows_are_read_once_in_both_spellings(policy: TokenPolicy) -> None:
    settings = WebSettings(token_locations=("cookies",), implicit_refresh=300)  # type: ignore[arg-type]
    assert settings.implicit_refresh == timedelta(minutes=5)
    app = Flask("settings")
    app.config.update(
        PASETO_TOKEN_LOCATION="cookies", PASETO_IMPLICIT_REFRESH="300", PASETO_COOKIE_SECURE=False
    )
    PasetoManager(app, policy=policy)
    assert app.extensions["pasetokit"].gate.implicit.window == timedelta(minutes=5)
    assert Auth(policy, **OPTIONS).settings.implicit_refresh == timedelta(minutes=5)


def test_a_window_needs_cookies_and_must_be_shorter_than_access_ttl(policy: TokenPolicy) -> None:
    with pytest.raises(ConfigurationError, match="does not include 'cookies'"):
        Auth(policy, implicit_refresh=60)
    app = Flask("no_cookies")
    app.config.update(PASETO_IMPLICIT_REFRESH=60)
    with pytest.raises(ConfigurationError, match="PASETO_IMPLICIT_REFRESH re-issues"):
        PasetoManager(app, policy=policy)
    with pytest.raises(ConfigurationError, match="shorter than the policy's access_ttl"):
        Auth(policy, token_locations="cookies", implicit_refresh=ACCESS)
    app = Flask("too_long")
    app.config.update(PASETO_TOKEN_LOCATION="cookies", PASETO_IMPLICIT_REFRESH=ACCESS)
    with pytest.raises(ConfigurationError, match="shorter than the policy's access_ttl"):
        PasetoManager(app, policy=policy)


def test_fastapi_without_install_warns_and_sets_nothing(
    policy: TokenPolicy, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    pair = log_in(policy)
    clock.advance(12 * 60)
    app = fastapi_app(policy, install=False)
    with (
        serve_fastapi(app) as url,
        httpx.Client(base_url=url, timeout=10) as http,
        caplog.at_level(logging.WARNING, "pasetokit"),
    ):
        r = http.get("/me", headers={"Cookie": f"{ACCESS_COOKIE}={pair.access_token}"})
    assert r.status_code == 200
    assert "set-cookie" not in r.headers
    assert "auth.install(app)" in caplog.text

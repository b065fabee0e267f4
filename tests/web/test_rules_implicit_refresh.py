"""``pasetokit.web.ImplicitRefresh`` rules on their own (the adapters' wiring is in
``test_web_implicit_refresh``): the window must be shorter than ``access_ttl``; only an access
cookie of a refresh family, with at most the window left, asks for a re-issue; only a success
that does not set the cookie itself carries it; the copy's cookie lives as long as the copy;
a refusal skips it, logging an outage as a warning."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from web_support import SwitchStore

from pasetokit import ConfigurationError, TokenPolicy
from pasetokit._time import format_datetime
from pasetokit.web import ImplicitRefresh, WebSettings

from policy_support import FakeClock, make_policy

ACCESS, REFRESH, WINDOW = timedelta(minutes=15), timedelta(hours=1), timedelta(minutes=5)
SETTINGS = WebSettings(token_locations=("cookies",), implicit_refresh=WINDOW)


def _setup(
    settings: WebSettings = SETTINGS, refresh: timedelta = REFRESH
) -> tuple[FakeClock, TokenPolicy, ImplicitRefresh, SwitchStore]:
    clock = FakeClock()
    store = SwitchStore(clock)
    policy = make_policy(clock, store=store, access_ttl=ACCESS, refresh_ttl=refresh)
    rule = ImplicitRefresh.of(policy, settings)
    assert rule is not None
    return clock, policy, rule, store


def _session(policy: TokenPolicy, csrf: bool = True) -> tuple[str, dict[str, Any]]:
    token = policy.create_token_pair("u", csrf=csrf).access_token
    return token, policy.verify(token)


# --- the window ---------------------------------------------------------------------------------


def test_the_window_must_be_shorter_than_access_ttl() -> None:
    policy = make_policy(FakeClock(), access_ttl=ACCESS)
    assert ImplicitRefresh.of(policy, SETTINGS.replace(implicit_refresh=None)) is None
    ok = ImplicitRefresh.of(
        policy, SETTINGS.replace(implicit_refresh=ACCESS - timedelta(seconds=1))
    )
    assert ok is not None
    assert ok.window == ACCESS - timedelta(seconds=1)
    for window in (ACCESS, ACCESS + timedelta(seconds=1)):
        with pytest.raises(ConfigurationError) as info:
            ImplicitRefresh.of(policy, SETTINGS.replace(implicit_refresh=window))
        assert type(info.value) is ConfigurationError
        assert info.value.code == "configuration_error"


# --- wanted: an access cookie of a family, with at most the window left -------------------------


def test_wanted_at_the_window_boundary() -> None:
    clock, policy, rule, _ = _setup()
    _, claims = _session(policy)
    clock.advance((ACCESS - WINDOW).total_seconds() - 1)  # window + 1 s left
    assert rule.wanted(claims, "cookies") is False
    clock.advance(1)  # exactly the window left
    assert rule.wanted(claims, "cookies") is True
    for location in ("headers", "query_string", "json"):
        assert rule.wanted(claims, location) is False


def test_wanted_only_for_an_access_token_of_a_family_with_csrf() -> None:
    clock, policy, rule, _ = _setup()
    _, claims = _session(policy)
    clock.advance((ACCESS - WINDOW).total_seconds())
    assert rule.wanted(claims, "cookies") is True
    assert rule.wanted(claims | {"type": "refresh"}, "cookies") is False
    assert rule.wanted({k: v for k, v in claims.items() if k != "fam_exp"}, "cookies") is False
    assert rule.wanted({k: v for k, v in claims.items() if k != "csrf"}, "cookies") is False
    assert rule.wanted(claims | {"csrf": 1}, "cookies") is False
    assert rule.wanted(claims | {"exp": "soon"}, "cookies") is False  # unreadable: no re-issue
    assert rule.wanted(claims | {"fam_exp": 5}, "cookies") is False
    assert rule.wanted(claims | {"fam_exp": claims["exp"]}, "cookies") is False  # at the limit


def test_without_csrf_protection_no_csrf_value_is_needed() -> None:
    plain = SETTINGS.replace(csrf_protect=False)
    clock, policy, rule, _ = _setup(plain)
    _, claims = _session(policy, csrf=False)
    clock.advance((ACCESS - WINDOW).total_seconds())
    assert rule.wanted(claims, "cookies") is True


# --- applies: a success that does not set the access cookie itself -----------------------------


def test_applies() -> None:
    _, _, rule, _ = _setup()
    assert rule.applies(200, []) is True
    assert rule.applies(399, ["other=1", "access_token_cookie_2=x"]) is True
    assert rule.applies(400, []) is False
    assert rule.applies(500, []) is False
    for value in ("access_token_cookie=x; Path=/", " access_token_cookie=", "csrf_access_token=y"):
        assert rule.applies(200, ["other=1", value]) is False


# --- the copy's cookies --------------------------------------------------------------------------


def test_the_copy_s_cookies_live_as_long_as_the_copy() -> None:
    clock, policy, rule, _ = _setup()
    token, claims = _session(policy)
    clock.advance(600)
    specs = rule.cookies(token, claims)
    assert [s.name for s in specs] == ["access_token_cookie", "csrf_access_token"]
    assert [s.options["max_age"] for s in specs] == [900, 900]
    copy = specs[0].value
    assert copy is not None
    assert copy != token
    assert specs[1].value == claims["csrf"] == policy.csrf_value(copy)
    assert asyncio.run(rule.acookies(token, claims))[0].options["max_age"] == 900


def test_the_copy_s_cookie_is_capped_at_the_family_s_limit() -> None:
    clock, policy, rule, _ = _setup(refresh=ACCESS + timedelta(seconds=1))
    token, claims = _session(policy)
    clock.advance(ACCESS.total_seconds() - 0.5)  # 1.5 s to the family's limit
    specs = rule.cookies(token, claims)
    assert [s.options["max_age"] for s in specs] == [1, 1]
    clock, policy, rule, _ = _setup(refresh=timedelta(minutes=20))
    token, claims = _session(policy)
    clock.advance(600)
    claims_left = claims | {"fam_exp": format_datetime(policy.clock() + timedelta(minutes=8))}
    assert rule.cookies(token, claims_left)[0].options["max_age"] == 480


def test_session_cookies_carry_no_max_age() -> None:
    clock, policy, rule, _ = _setup(SETTINGS.replace(session_cookie=True))
    token, claims = _session(policy)
    clock.advance(600)
    assert [s.options["max_age"] for s in rule.cookies(token, claims)] == [None, None]


# --- a refusal skips the re-issue ----------------------------------------------------------------


def test_a_token_without_a_family_is_skipped_silently(caplog: pytest.LogCaptureFixture) -> None:
    _, policy, rule, _ = _setup()
    alone = policy.create_access_token("u", csrf=True)
    with caplog.at_level(logging.DEBUG, logger="pasetokit.web"):
        assert rule.cookies(alone, policy.verify(alone)) == []
    assert caplog.records == []


def test_a_store_outage_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    clock, policy, rule, store = _setup()
    token, claims = _session(policy)
    clock.advance(600)
    store.down = True
    with caplog.at_level(logging.DEBUG, logger="pasetokit.web"):
        assert rule.cookies(token, claims) == []
        assert asyncio.run(rule.acookies(token, claims)) == []
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]
    assert all(r.name == "pasetokit.web" for r in caplog.records)
    assert all(r.getMessage().startswith("implicit refresh skipped: ") for r in caplog.records)


def test_a_revoked_token_is_skipped_with_its_code(caplog: pytest.LogCaptureFixture) -> None:
    clock, policy, rule, _ = _setup()
    token, claims = _session(policy)
    clock.advance(600)
    policy.revoke(claims)
    with caplog.at_level(logging.DEBUG, logger="pasetokit.web"):
        assert rule.cookies(token, claims) == []
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, "implicit refresh skipped: token_revoked")
    ]

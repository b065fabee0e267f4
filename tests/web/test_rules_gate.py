"""``pasetokit.web.Gate`` rules without a framework: what it is built from, where it looks (the
route's locations first), the first look at the header only when the header is searched first,
the strict search's verdict on a header the policy refused, the requirement reaching the policy
(type, freshness, scopes), optional routes, CSRF on cookie-borne tokens, and both twins."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from search_support import View

from pasetokit import (
    ConfigurationError,
    CSRFError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    MalformedTokenError,
    MemoryRevocationStore,
    MissingTokenError,
    TokenError,
    WrongTokenTypeError,
)
from pasetokit.web import Gate, Requirement, Verified, WebSettings, find_token

from policy_support import AsyncMemoryStore, FakeClock, make_policy

BOTH = WebSettings(token_locations=("headers", "cookies"))
CLOCK = FakeClock()
POLICY = make_policy(CLOCK)


def _both(gate: Gate, view: View, req: Requirement) -> Verified | None:
    """verify and averify must agree; the sync answer."""
    sync = gate.verify(view, req)
    assert asyncio.run(gate.averify(view, req)) == sync
    return sync


def _refused(gate: Gate, view: View, req: Requirement, cls: type[TokenError]) -> TokenError:
    with pytest.raises(TokenError) as info:
        gate.verify(view, req)
    with pytest.raises(TokenError) as ainfo:
        asyncio.run(gate.averify(view, req))
    for error in (info.value, ainfo.value):
        assert type(error) is cls
        assert error.code == cls.code
    assert str(info.value) == str(ainfo.value)
    return info.value


def test_what_a_gate_is_built_from() -> None:
    for policy, settings in ((object(), BOTH), (POLICY, object())):
        with pytest.raises(ConfigurationError) as info:
            Gate(policy, settings)  # type: ignore[arg-type]
        assert type(info.value) is ConfigurationError
    assert Gate(POLICY, BOTH).async_store is False
    store = AsyncMemoryStore(MemoryRevocationStore(clock=CLOCK.monotonic))
    assert Gate(make_policy(CLOCK, store=store), BOTH).async_store is True
    assert Gate(make_policy(CLOCK, store=False), BOTH).async_store is False  # no store at all
    assert Gate(POLICY, BOTH).implicit is None
    on = BOTH.replace(implicit_refresh=timedelta(minutes=1))
    assert Gate(POLICY, on).implicit is not None


def test_locations_are_the_route_s_else_the_adapter_s() -> None:
    gate = Gate(POLICY, BOTH)
    assert gate.locations(Requirement()) == ("headers", "cookies")
    assert gate.locations(Requirement(locations=("cookies",))) == ("cookies",)


def test_the_header_token_is_verified() -> None:
    token = POLICY.create_access_token("u", scopes="a b", fresh=True)
    gate = Gate(POLICY, BOTH.replace(header_type="PASETO"))
    view = View([("Authorization", f"paseto {token}")])
    verified = _both(gate, view, Requirement())
    assert verified is not None
    assert (verified.token, verified.location, verified.claims["sub"]) == (token, "headers", "u")
    assert _both(gate, view, Requirement(fresh=True, scopes=("a", "b"))) is not None
    _refused(gate, View([("Authorization", f"Bearer {token}")]), Requirement(), MissingTokenError)


def test_the_requirement_reaches_the_policy() -> None:
    stale = POLICY.create_access_token("u", scopes="a")
    gate = Gate(POLICY, BOTH)
    view = View([("Authorization", f"Bearer {stale}")])
    _refused(gate, view, Requirement(fresh=True), FreshTokenRequiredError)
    _refused(gate, view, Requirement(scopes=("a", "b")), InsufficientScopeError)
    _refused(gate, view, Requirement(refresh=True), WrongTokenTypeError)
    refresh = POLICY.create_refresh_token("u")
    assert _both(gate, View([("Authorization", f"Bearer {refresh}")]), Requirement(refresh=True))


def test_the_first_look_only_when_the_header_is_searched_first() -> None:
    header = POLICY.create_access_token("h")
    cookie = POLICY.create_access_token("c")
    view = View(
        [("Authorization", f"Bearer {header}"), ("Cookie", f"access_token_cookie={cookie}")]
    )
    cookies_first = Gate(POLICY, BOTH.replace(token_locations=("cookies", "headers")))
    found = _both(cookies_first, view, Requirement())
    assert found is not None
    assert (found.location, found.claims["sub"]) == ("cookies", "c")
    route = Requirement(locations=("cookies", "headers"))
    found = _both(Gate(POLICY, BOTH), view, route)
    assert found is not None
    assert (found.location, found.claims["sub"]) == ("cookies", "c")
    found = _both(Gate(POLICY, BOTH), view, Requirement())
    assert found is not None
    assert (found.location, found.claims["sub"]) == ("headers", "h")
    header_first = Requirement(locations=("headers",))
    cookie_gate = Gate(POLICY, BOTH.replace(token_locations=("cookies",)))
    found = _both(cookie_gate, view, header_first)
    assert found is not None
    assert (found.location, found.claims["sub"]) == ("headers", "h")


@pytest.mark.parametrize("tail", ["\x0c", "!", "=x", "é"])
def test_a_refused_header_gets_the_strict_search_s_verdict(tail: str) -> None:
    token = POLICY.create_access_token("u")
    view = View([("Authorization", f"Bearer {token}{tail}")])
    with pytest.raises(MalformedTokenError) as strict:
        find_token(BOTH, view, BOTH.token_locations, refresh=False)
    error = _refused(Gate(POLICY, BOTH), view, Requirement(), MalformedTokenError)
    assert str(error) == str(strict.value)  # the same answer as without the first look


def test_a_refused_cookie_gets_the_policy_s_verdict() -> None:
    view = View([("Cookie", "access_token_cookie=v4.local.x")])
    error = _refused(Gate(POLICY, BOTH), view, Requirement(), MalformedTokenError)
    with pytest.raises(MalformedTokenError) as policy:
        POLICY.verify("v4.local.x")
    assert str(error) == str(policy.value)


def test_bare_tokens_take_no_first_look() -> None:
    token = POLICY.create_access_token("u")
    gate = Gate(POLICY, BOTH.replace(header_type=""))
    found = _both(gate, View([("Authorization", token)]), Requirement())
    assert found is not None
    assert found.token == token
    _refused(gate, View([("Authorization", f"Bearer {token}")]), Requirement(), MalformedTokenError)


def test_optional_and_missing() -> None:
    gate = Gate(POLICY, BOTH)
    assert _both(gate, View(), Requirement(optional=True)) is None
    error = _refused(gate, View(), Requirement(refresh=True), MissingTokenError)
    assert "refresh_token_cookie" in str(error)  # the refresh cookie was the one expected
    assert "access" not in str(error)


def test_csrf_on_a_cookie_borne_token() -> None:
    token = POLICY.create_access_token("u", csrf=True)
    csrf = POLICY.csrf_value(token)
    assert csrf is not None
    gate = Gate(POLICY, BOTH)
    cookie = ("Cookie", f"access_token_cookie={token}")
    assert _both(gate, View([cookie]), Requirement()) is not None  # GET: no CSRF header needed
    _refused(gate, View([cookie], method="POST"), Requirement(), CSRFError)
    wrong = ("X-CSRF-Token", csrf[:-1] + ("A" if csrf[-1] != "A" else "B"))
    _refused(gate, View([cookie, wrong], method="POST"), Requirement(), CSRFError)
    ok = _both(gate, View([cookie, ("X-CSRF-Token", csrf)], method="POST"), Requirement())
    assert ok is not None
    assert ok.location == "cookies"
    header = ("Authorization", f"Bearer {token}")
    assert _both(gate, View([header], method="POST"), Requirement()) is not None


def test_cookie_helpers() -> None:
    token = POLICY.create_refresh_token("u", csrf=True)
    gate = Gate(POLICY, BOTH)
    set_ = gate.set_cookies(token, refresh=True, max_age=30, domain="example.com")
    assert [(s.name, s.options["max_age"], s.options["domain"]) for s in set_] == [
        ("refresh_token_cookie", 30, "example.com"),
        ("csrf_refresh_token", 30, "example.com"),
    ]
    cleared = gate.clear_cookies(refresh=True, domain="example.com")
    assert [(s.name, s.value, s.options["domain"]) for s in cleared] == [
        ("refresh_token_cookie", None, "example.com"),
        ("csrf_refresh_token", None, "example.com"),
    ]
    assert [s.name for s in gate.clear_cookies(refresh=False)] == [
        "access_token_cookie",
        "csrf_access_token",
    ]
    assert gate.set_cookies(token, refresh=True)[0].options["max_age"] == int(
        POLICY.refresh_ttl.total_seconds()
    )


def test_a_refresh_route_reads_the_refresh_cookie_and_its_csrf_header() -> None:
    refresh = POLICY.create_refresh_token("u", csrf=True)
    csrf = POLICY.csrf_value(refresh)
    assert csrf is not None
    gate = Gate(POLICY, BOTH)
    req = Requirement(refresh=True)
    cookies = ("Cookie", f"access_token_cookie=x; refresh_token_cookie={refresh}")
    found = _both(gate, View([cookies]), req)
    assert found is not None
    assert (found.token, found.location) == (refresh, "cookies")
    error = _refused(gate, View([cookies], method="POST"), req, CSRFError)
    assert "csrf_refresh_token" in str(error)  # the hint names the refresh CSRF cookie
    posted = View([cookies, ("X-CSRF-Token", csrf)], method="POST")
    assert _both(gate, posted, req) is not None


def test_the_gate_s_error_map_and_minter_follow_its_policy_and_settings() -> None:
    settings = BOTH.replace(status_codes={"token_expired": 419})
    gate = Gate(POLICY, settings)
    assert gate.errors.status(ExpiredTokenError("old")) == 419
    token = gate.minter.create_access_token("m")  # cookies and CSRF on: a CSRF value
    assert POLICY.verify(token)["sub"] == "m"
    assert POLICY.csrf_value(token) is not None
    headers_only = Gate(POLICY, BOTH.replace(token_locations=("headers",)))
    assert POLICY.csrf_value(headers_only.minter.create_access_token("m")) is None

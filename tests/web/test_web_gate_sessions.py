"""``Gate``'s session routes, the same in every adapter: refresh rotation (``arotate``: a cookie
token passes CSRF first, a reused refresh token revokes its family), log-out (``arevoke``: the
token, its family or its subject) and ``ajudge`` (the async verdict on a token found apart)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pasetokit import (
    CSRFError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    RefreshTokenReusedError,
    RevokedTokenError,
    TokenPolicy,
    WrongTokenTypeError,
)
from pasetokit.web import Found, Gate, Requirement, RevokeWhat, WebSettings, WSGIView

from policy_support import FakeClock, make_policy

ROTATE = Requirement(refresh=True)


def _view(headers: dict[str, str] | None = None) -> WSGIView:
    """A POST (an unsafe method: CSRF applies) with ``headers`` as WSGI environ keys."""
    environ = {"REQUEST_METHOD": "POST"}
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return WSGIView(environ, lambda: b"")


def _gate(policy: TokenPolicy) -> Gate:
    return Gate(policy, WebSettings(token_locations=("headers", "cookies"), cookie_secure=False))


def _cookie_view(gate: Gate, token: str, csrf: str | None) -> WSGIView:
    headers = {"Cookie": f"{gate.settings.refresh_cookie_name}={token}"}
    if csrf is not None:
        headers[gate.settings.csrf_header_name] = csrf
    return _view(headers)


def test_arotate_trades_a_header_refresh_token_once() -> None:
    policy = make_policy(FakeClock())
    gate = _gate(policy)
    pair = policy.create_token_pair("alice")
    view = _view({"Authorization": f"Bearer {pair.refresh_token}"})
    renewed = asyncio.run(gate.arotate(view, ROTATE))
    assert policy.verify(renewed.access_token)["sub"] == "alice"
    with pytest.raises(RefreshTokenReusedError):  # the presented one is spent
        asyncio.run(gate.arotate(view, ROTATE))
    with pytest.raises(RevokedTokenError):  # and reuse revoked the whole family
        policy.verify(renewed.access_token)


def test_arotate_checks_csrf_on_a_cookie_token_before_renewing() -> None:
    policy = make_policy(FakeClock())
    gate = _gate(policy)
    token = policy.create_refresh_token("alice", csrf=True)
    csrf = policy.verify(token, token_type="refresh")["csrf"]
    for presented in (None, "wrong"):
        with pytest.raises(CSRFError):
            asyncio.run(gate.arotate(_cookie_view(gate, token, presented), ROTATE))
    renewed = asyncio.run(gate.arotate(_cookie_view(gate, token, csrf), ROTATE))
    assert policy.verify(renewed.refresh_token, token_type="refresh")["sub"] == "alice"


@pytest.mark.parametrize(
    ("what", "sibling_survives", "other_session_survives"),
    [("token", True, True), ("family", False, True), ("subject", False, False)],
)
def test_arevoke_ends_what_it_is_told(
    what: RevokeWhat, sibling_survives: bool, other_session_survives: bool
) -> None:
    clock = FakeClock()
    policy = make_policy(clock)
    gate = _gate(policy)
    pair, other = policy.create_token_pair("alice"), policy.create_token_pair("alice")
    clock.advance(1)  # a subject's revocation covers the tokens issued before it
    claims = policy.verify(pair.access_token)
    asyncio.run(gate.arevoke(claims, what))
    with pytest.raises(RevokedTokenError):
        policy.verify(pair.access_token)

    def alive(token: str, **kwargs: Any) -> bool:
        try:
            policy.verify(token, **kwargs)
        except RevokedTokenError:
            return False
        return True

    assert alive(pair.refresh_token, token_type="refresh") is sibling_survives
    assert alive(other.access_token) is other_session_survives


def test_ajudge_verifies_then_checks_csrf() -> None:
    policy = make_policy(FakeClock())
    gate = _gate(policy)
    token = policy.create_access_token("alice", csrf=True)
    csrf = policy.verify(token)["csrf"]
    found = Found(token, "cookies", True)
    with pytest.raises(CSRFError):
        asyncio.run(gate.ajudge(_view(), found, Requirement()))
    view = _view({gate.settings.csrf_header_name: csrf})
    verified = asyncio.run(gate.ajudge(view, found, Requirement()))
    assert (verified.claims["sub"], verified.token) == ("alice", token)
    assert verified.location == "cookies"
    asyncio.run(gate.arevoke(verified.claims, "token"))
    with pytest.raises(RevokedTokenError):  # the verdict asks the store
        asyncio.run(gate.ajudge(view, found, Requirement()))


def test_ajudge_applies_the_requirement() -> None:
    """The route's requirement reaches the verdict: token type, freshness and scopes, each
    refused with its own error and code (and a token meeting all three accepted)."""
    policy = make_policy(FakeClock())
    gate = _gate(policy)
    view = _view()

    def judge(token: str, req: Requirement) -> dict[str, Any]:
        return asyncio.run(gate.ajudge(view, Found(token, "headers", False), req)).claims

    refresh = policy.create_refresh_token("alice")
    with pytest.raises(WrongTokenTypeError) as wrong:
        judge(refresh, Requirement())
    assert wrong.value.code == "wrong_token_type"
    assert judge(refresh, ROTATE)["sub"] == "alice"
    stale = policy.create_access_token("alice", scopes=["read"])
    with pytest.raises(FreshTokenRequiredError) as stale_error:
        judge(stale, Requirement(fresh=True))
    assert stale_error.value.code == "fresh_token_required"
    with pytest.raises(InsufficientScopeError) as scope:
        judge(stale, Requirement(scopes=("write",)))
    assert scope.value.code == "insufficient_scope"
    fresh = policy.create_access_token("alice", fresh=True, scopes=["read", "write"])
    assert judge(fresh, Requirement(fresh=True, scopes=("write",)))["sub"] == "alice"

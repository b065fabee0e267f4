"""Helpers for the Flask adapter tests: a settable clock, policies, a test app with every route.

No fixtures here (a second ``conftest.py`` would clash with ``tests/conftest.py`` as a module
name); each test module builds what it needs with these functions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.test import TestResponse

from pasetokit import LocalKey, MemoryRevocationStore, TokenPolicy
from pasetokit_flask import (
    PasetoManager,
    create_access_token,
    create_refresh_token,
    create_token_pair,
    current_user,
    get_claims,
    get_jti,
    get_policy,
    get_raw_token,
    get_subject,
    get_token_location,
    paseto_required,
    set_access_cookies,
    set_refresh_cookies,
    unset_cookies,
    verify_paseto_in_request,
)

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
KEY = LocalKey.generate()


class Clock:
    """A fixed clock the test moves by hand (``TokenPolicy(clock=...)``): no sleeping."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FlakyStore:
    """A sync store (wrapping the memory one) that can be switched off to simulate an outage."""

    def __init__(self) -> None:
        self.inner = MemoryRevocationStore()
        self.down = False

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        if self.down:
            raise ConnectionError("connection refused")
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        self.inner.revoke_token(jti, ttl=ttl)

    def revoke_family(self, family: str, *, ttl: float) -> None:
        self.inner.revoke_family(family, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        return self.inner.mark_used(jti, ttl=ttl)


class AsyncStore:
    """An asynchronous store (wrapping the memory one) that records that it was awaited."""

    def __init__(self) -> None:
        self.inner = MemoryRevocationStore()
        self.awaited = 0

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        await asyncio.sleep(0)
        self.awaited += 1
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, ttl: float) -> None:
        self.inner.revoke_token(jti, ttl=ttl)

    async def revoke_family(self, family: str, *, ttl: float) -> None:
        self.inner.revoke_family(family, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        return self.inner.mark_used(jti, ttl=ttl)


def make_policy(clock: Clock | None = None, **kwargs: Any) -> TokenPolicy:
    kwargs.setdefault("local_key", KEY)
    return TokenPolicy(clock=clock or Clock(), **kwargs)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def body(response: TestResponse) -> dict[str, Any]:
    data = response.get_json()
    assert isinstance(data, dict), response.data
    return data


def assert_error(
    response: TestResponse, status: int, code: str, scheme: str = "Bearer"
) -> dict[str, Any]:
    """The adapter's error shape: status, ``{"detail", "code"}``, RFC 6750 challenge on 401."""
    assert response.status_code == status, (response.status_code, response.data)
    data = body(response)
    assert set(data) == {"detail", "code"}, data
    assert data["code"] == code, data
    assert isinstance(data["detail"], str)
    assert data["detail"]
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith(scheme)
    return data


def make_app(
    policy: TokenPolicy | None = None,
    config: Mapping[str, Any] | None = None,
    *,
    manager: PasetoManager | None = None,
) -> Flask:
    """An app with one route per feature; the manager is ``app.extensions``' and ``manager``."""
    app = Flask("pasetokit_flask_tests")
    app.config.update(TESTING=True, PASETO_COOKIE_SECURE=False)
    app.config.update(config or {})
    if manager is None:
        manager = PasetoManager(policy=policy) if policy is not None else PasetoManager()
    manager.init_app(app)

    @app.post("/login")
    def login() -> ResponseReturnValue:
        data = request.get_json(silent=True) or {}
        pair = create_token_pair(str(data.get("user", "alice")), scopes=data.get("scopes", ()))
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token}

    @app.post("/cookie-login")
    def cookie_login() -> ResponseReturnValue:
        pair = create_token_pair("alice", csrf=True)
        response = jsonify(ok=True)
        set_access_cookies(response, pair.access_token)
        set_refresh_cookies(response, pair.refresh_token)
        return response

    @app.post("/cookie-logout")
    def cookie_logout() -> ResponseReturnValue:
        response = jsonify(ok=True)
        unset_cookies(response)
        return response

    @app.get("/protected")
    @paseto_required
    def protected() -> ResponseReturnValue:
        return {"sub": get_subject(), "jti": get_jti(), "where": get_token_location()}

    @app.route("/called", methods=["GET", "POST", "PUT", "DELETE"])
    @paseto_required()
    def called() -> ResponseReturnValue:
        claims = get_claims()
        assert claims is not None
        return {"sub": claims["sub"], "where": get_token_location()}

    @app.get("/optional")
    @paseto_required(optional=True)
    def optional() -> ResponseReturnValue:
        return {"sub": get_subject(), "claims": get_claims() is not None, "jti": get_jti()}

    @app.post("/fresh")
    @paseto_required(fresh=True)
    def fresh() -> ResponseReturnValue:
        return {"sub": get_subject()}

    @app.get("/items")
    @paseto_required(scopes=["items:read"])
    def items() -> ResponseReturnValue:
        return {"items": []}

    @app.post("/items")
    @paseto_required(scopes="items:read items:write")
    def add_item() -> ResponseReturnValue:
        return {"added": True}

    @app.post("/refresh")
    @paseto_required(refresh=True)
    def refresh() -> ResponseReturnValue:
        token = get_raw_token()
        assert token is not None
        pair = get_policy().refresh(token)
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token}

    @app.post("/logout")
    @paseto_required
    def logout() -> ResponseReturnValue:
        claims = get_claims()
        assert claims is not None
        get_policy().revoke_family(claims)
        return {"logged_out": True}

    @app.get("/cookie-only")
    @paseto_required(locations="cookies")
    def cookie_only() -> ResponseReturnValue:
        return {"sub": get_subject()}

    @app.post("/cookie-only")
    @paseto_required(locations=["cookies"])
    def cookie_only_post() -> ResponseReturnValue:
        return {"sub": get_subject()}

    @app.get("/user")
    @paseto_required
    def user() -> ResponseReturnValue:
        return {"user": current_user["name"]}

    @app.get("/imperative")
    def imperative() -> ResponseReturnValue:
        claims = verify_paseto_in_request()
        assert claims is not None
        return {"sub": claims["sub"]}

    @app.get("/bug")
    @paseto_required
    def bug() -> ResponseReturnValue:
        raise ZeroDivisionError("the view's own bug")

    @app.get("/mint")
    def mint() -> ResponseReturnValue:
        return {
            "access": create_access_token(identity="fje-style"),
            "refresh": create_refresh_token("someone"),
        }

    return app


__all__ = [
    "KEY",
    "NOW",
    "AsyncStore",
    "Clock",
    "FlakyStore",
    "assert_error",
    "bearer",
    "body",
    "make_app",
    "make_policy",
]

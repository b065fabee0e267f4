"""``async def`` views (flask[async]): the policy's ``averify`` awaits an async store."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

from pasetokit import TokenError, TokenPolicy
from pasetokit_flask import (
    PasetoManager,
    averify_paseto_in_request,
    create_token_pair,
    current_user,
    get_claims,
    get_current_user,
    get_policy,
    get_raw_token,
    get_subject,
    paseto_required,
    set_access_cookies,
)

from flask_support import AsyncStore, Clock, assert_error, bearer, body, make_policy


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> AsyncStore:
    return AsyncStore()


@pytest.fixture
def policy(clock: Clock, store: AsyncStore) -> TokenPolicy:
    return make_policy(clock, revocation_store=store)


def async_app(policy: TokenPolicy, **config: Any) -> tuple[Flask, PasetoManager]:
    app = Flask("async_views")
    app.config.update(TESTING=True, PASETO_COOKIE_SECURE=False, **config)
    manager = PasetoManager(app, policy=policy)

    @app.post("/login")
    async def login() -> ResponseReturnValue:
        pair = create_token_pair("alice")
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token}

    @app.post("/cookie-login")
    async def cookie_login() -> ResponseReturnValue:
        response = jsonify(ok=True)
        set_access_cookies(response, create_token_pair("alice", csrf=True).access_token)
        return response

    @app.route("/protected", methods=["GET", "POST"])
    @paseto_required
    async def protected() -> ResponseReturnValue:
        return {"sub": get_subject()}

    @app.get("/optional")
    @paseto_required(optional=True)
    async def optional() -> ResponseReturnValue:
        return {"claims": get_claims()}

    @app.post("/fresh")
    @paseto_required(fresh=True)
    async def fresh() -> ResponseReturnValue:
        return {"ok": True}

    @app.post("/refresh")
    @paseto_required(refresh=True)
    async def refresh() -> ResponseReturnValue:
        token = get_raw_token()
        assert token is not None
        pair = await get_policy().arefresh(token)
        return pair._asdict()

    @app.post("/logout")
    @paseto_required
    async def logout() -> ResponseReturnValue:
        claims = get_claims()
        assert claims is not None
        await get_policy().arevoke_family(claims)
        return {"ok": True}

    @app.get("/imperative")
    async def imperative() -> ResponseReturnValue:
        claims = await averify_paseto_in_request()
        assert claims is not None
        return {"sub": claims["sub"]}

    @app.get("/user")
    @paseto_required
    async def user() -> ResponseReturnValue:
        return {"user": str(current_user), "same": current_user == get_current_user()}

    @app.get("/bug")
    @paseto_required
    async def bug() -> ResponseReturnValue:
        raise KeyError("the view's own bug")

    @app.get("/sync")
    @paseto_required
    def sync_view() -> ResponseReturnValue:
        return {"never": True}

    return app, manager


def login(app: Flask) -> dict[str, str]:
    return {k: str(v) for k, v in body(app.test_client().post("/login")).items()}


def test_async_view_awaits_the_async_store(policy: TokenPolicy, store: AsyncStore) -> None:
    app, _ = async_app(policy)
    client = app.test_client()
    token = login(app)["access_token"]
    before = store.awaited
    assert body(client.get("/protected", headers=bearer(token))) == {"sub": "alice"}
    assert store.awaited == before + 1
    assert_error(client.get("/protected"), 401, "missing_token")
    assert_error(client.get("/protected", headers=bearer("v4.local.x")), 401, "malformed_token")


def test_async_fresh_refresh_logout(policy: TokenPolicy, clock: Clock) -> None:
    app, _ = async_app(policy)
    client = app.test_client()
    tokens = login(app)
    assert client.post("/fresh", headers=bearer(tokens["access_token"])).status_code == 200
    pair = body(client.post("/refresh", headers=bearer(tokens["refresh_token"])))
    assert_error(
        client.post("/fresh", headers=bearer(pair["access_token"])), 401, "fresh_token_required"
    )
    reused = client.post("/refresh", headers=bearer(tokens["refresh_token"]))
    assert_error(reused, 401, "refresh_token_reused")
    fresh_tokens = login(app)
    headers = bearer(fresh_tokens["access_token"])
    assert client.post("/logout", headers=headers).status_code == 200
    assert_error(client.get("/protected", headers=headers), 401, "token_revoked")
    tokens = login(app)
    clock.advance(hours=1)
    assert_error(
        client.get("/protected", headers=bearer(tokens["access_token"])), 401, "token_expired"
    )


def test_async_optional(policy: TokenPolicy) -> None:
    app, _ = async_app(policy)
    client = app.test_client()
    assert body(client.get("/optional")) == {"claims": None}
    assert_error(client.get("/optional", headers=bearer("v4.local.")), 401, "malformed_token")


def test_async_imperative_verification(policy: TokenPolicy) -> None:
    app, _ = async_app(policy)
    client = app.test_client()
    token = login(app)["access_token"]
    assert body(client.get("/imperative", headers=bearer(token))) == {"sub": "alice"}
    assert_error(client.get("/imperative"), 401, "missing_token")


def test_async_loaders(policy: TokenPolicy) -> None:
    app, manager = async_app(policy)

    @manager.user_lookup_loader
    async def load(claims: dict[str, Any]) -> str:
        return f"user:{claims['sub']}"

    @manager.unauthorized_loader
    async def unauthorized(exc: TokenError) -> ResponseReturnValue:
        return {"async_loader": exc.code}, 401

    client = app.test_client()
    token = login(app)["access_token"]
    assert body(client.get("/user", headers=bearer(token))) == {"user": "user:alice", "same": True}
    response = client.get("/user")
    assert body(response) == {"async_loader": "missing_token"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_async_cookies_and_csrf(policy: TokenPolicy) -> None:
    app, _ = async_app(policy, PASETO_TOKEN_LOCATION=["cookies"])
    client = app.test_client()
    client.post("/cookie-login")
    assert client.get("/protected").status_code == 200
    assert_error(client.post("/protected"), 403, "csrf_failed")
    csrf = client.get_cookie("csrf_access_token")
    assert csrf is not None
    assert client.post("/protected", headers={"X-CSRF-Token": csrf.value}).status_code == 200


def test_async_view_bug_still_raises(policy: TokenPolicy) -> None:
    app, _ = async_app(policy)
    with pytest.raises(KeyError):
        app.test_client().get("/bug", headers=bearer(login(app)["access_token"]))


def test_sync_view_with_async_store_is_a_configuration_error(policy: TokenPolicy) -> None:
    # not a token fault: the deployment is wrong, so it is not turned into a 401
    app, _ = async_app(policy)
    from pasetokit import ConfigurationError

    with pytest.raises(ConfigurationError, match="averify"):
        app.test_client().get("/sync", headers=bearer(login(app)["access_token"]))


def test_async_views_with_a_sync_store(clock: Clock) -> None:
    app, _ = async_app(make_policy(clock))
    token = login(app)["access_token"]
    assert app.test_client().get("/protected", headers=bearer(token)).status_code == 200

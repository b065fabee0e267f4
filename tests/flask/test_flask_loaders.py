"""Flask-JWT-Extended-style loaders: customised responses and user lookup."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, jsonify
from flask.testing import FlaskClient
from flask.typing import ResponseReturnValue

from pasetokit import (
    CSRFError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InvalidTokenError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
    TokenPolicy,
)
from pasetokit_flask import PasetoManager, UserLookupError

from flask_support import Clock, FlakyStore, assert_error, bearer, body, make_app, make_policy


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> FlakyStore:
    return FlakyStore()


@pytest.fixture
def policy(clock: Clock, store: FlakyStore) -> TokenPolicy:
    return make_policy(clock, revocation_store=store)


def tokens(client: FlaskClient, **data: Any) -> dict[str, str]:
    return {k: str(v) for k, v in body(client.post("/login", json=data)).items()}


def test_each_loader_gets_its_error(policy: TokenPolicy, clock: Clock) -> None:
    manager = PasetoManager(policy=policy)
    seen: list[type[TokenError]] = []

    def reply(name: str, status: int) -> Any:
        def loader(exc: TokenError) -> ResponseReturnValue:
            seen.append(type(exc))
            return {"loader": name, "code": exc.code}, status

        return loader

    manager.unauthorized_loader(reply("unauthorized", 401))
    manager.invalid_token_loader(reply("invalid", 401))
    manager.expired_token_loader(reply("expired", 401))
    manager.needs_fresh_token_loader(reply("needs_fresh", 401))
    manager.revoked_token_loader(reply("revoked", 401))
    client = make_app(manager=manager).test_client()

    assert body(client.get("/protected"))["loader"] == "unauthorized"
    assert body(client.get("/protected", headers=bearer("v4.local.x")))["loader"] == "invalid"
    login = tokens(client)
    wrong_type = client.get("/protected", headers=bearer(login["refresh_token"]))
    assert body(wrong_type)["loader"] == "invalid"
    refreshed = body(client.post("/refresh", headers=bearer(login["refresh_token"])))
    not_fresh = client.post("/fresh", headers=bearer(refreshed["access_token"]))
    assert body(not_fresh)["loader"] == "needs_fresh"
    reused = client.post("/refresh", headers=bearer(login["refresh_token"]))
    assert body(reused) == {"loader": "revoked", "code": "refresh_token_reused"}
    assert body(client.get("/protected", headers=bearer(refreshed["access_token"])))["loader"] == (
        "revoked"
    )
    fresh_login = tokens(client)
    clock.advance(days=1)
    expired = client.get("/protected", headers=bearer(fresh_login["access_token"]))
    assert body(expired)["loader"] == "expired"
    # a 401 from a loader still carries the RFC 6750 challenge
    assert expired.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert MissingTokenError in seen
    assert ExpiredTokenError in seen
    assert FreshTokenRequiredError in seen
    assert any(issubclass(t, RevokedTokenError) for t in seen)
    assert any(issubclass(t, InvalidTokenError) for t in seen)


def test_loader_may_set_its_own_challenge_and_status(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)

    @manager.unauthorized_loader
    def custom(exc: MissingTokenError) -> ResponseReturnValue:
        response = jsonify(msg="log in first")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="example"'
        return response

    response = make_app(manager=manager).test_client().get("/protected")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="example"'
    assert body(response) == {"msg": "log in first"}


def test_token_error_loader_is_the_fallback(policy: TokenPolicy, store: FlakyStore) -> None:
    manager = PasetoManager(policy=policy)

    @manager.token_error_loader
    def fallback(exc: TokenError) -> ResponseReturnValue:
        return {"fallback": exc.code}, 499

    @manager.expired_token_loader
    def expired(exc: ExpiredTokenError) -> ResponseReturnValue:
        return {"expired": True}, 401

    client = make_app(manager=manager, config={"PASETO_TOKEN_LOCATION": "cookies"}).test_client()
    assert body(client.get("/protected")) == {"fallback": "missing_token"}
    client.post("/cookie-login")
    assert body(client.post("/called")) == {"fallback": "csrf_failed"}
    store.down = True
    response = client.get("/called")
    assert response.status_code == 499
    assert body(response) == {"fallback": "revocation_store_unavailable"}


def test_async_loader_in_a_sync_view(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)

    @manager.unauthorized_loader
    async def custom(exc: MissingTokenError) -> ResponseReturnValue:
        return {"async": True}, 401

    response = make_app(manager=manager).test_client().get("/protected")
    assert response.status_code == 401
    assert body(response) == {"async": True}


def test_loaders_apply_to_the_app_error_handler_too(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)

    @manager.unauthorized_loader
    def custom(exc: MissingTokenError) -> ResponseReturnValue:
        return {"custom": True}, 401

    assert body(make_app(manager=manager).test_client().get("/imperative")) == {"custom": True}


# --- user lookup ------------------------------------------------------------------------------

USERS = {"alice": {"name": "Alice"}}


def user_app(policy: TokenPolicy) -> tuple[Flask, PasetoManager]:
    manager = PasetoManager(policy=policy)

    @manager.user_lookup_loader
    def load(claims: dict[str, Any]) -> dict[str, str] | None:
        return USERS.get(claims["sub"])

    return make_app(manager=manager), manager


def test_current_user(policy: TokenPolicy) -> None:
    app, _ = user_app(policy)
    client = app.test_client()
    response = client.get("/user", headers=bearer(tokens(client)["access_token"]))
    assert body(response) == {"user": "Alice"}


def test_unknown_user_is_401(policy: TokenPolicy) -> None:
    app, manager = user_app(policy)
    client = app.test_client()
    token = tokens(client, user="ghost")["access_token"]
    assert_error(client.get("/user", headers=bearer(token)), 401, "user_not_found")

    @manager.user_lookup_error_loader
    def custom(exc: UserLookupError) -> ResponseReturnValue:
        return {"gone": True}, 401

    response = client.get("/user", headers=bearer(token))
    assert body(response) == {"gone": True}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_current_user_is_none_in_optional_view_without_token(policy: TokenPolicy) -> None:
    app, _ = user_app(policy)
    from pasetokit_flask import current_user, get_current_user, paseto_required

    @app.get("/maybe")
    @paseto_required(optional=True)
    def maybe() -> ResponseReturnValue:
        return {"none": get_current_user() is None, "truthy": bool(current_user)}

    assert body(app.test_client().get("/maybe")) == {"none": True, "truthy": False}


def test_current_user_without_loader_raises(policy: TokenPolicy) -> None:
    client = make_app(policy).test_client()
    app = client.application
    app.testing = True
    with pytest.raises(RuntimeError, match="user_lookup_loader"):
        client.get("/user", headers=bearer(tokens(client)["access_token"]))


def test_loader_exception_is_not_swallowed(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)

    @manager.user_lookup_loader
    def broken(claims: dict[str, Any]) -> object:
        raise LookupError("database down")

    client = make_app(manager=manager).test_client()
    with pytest.raises(LookupError):
        client.get("/user", headers=bearer(tokens(client)["access_token"]))


def test_async_user_loader_in_sync_view(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)

    @manager.user_lookup_loader
    async def load(claims: dict[str, Any]) -> dict[str, str] | None:
        return USERS.get(claims["sub"])

    client = make_app(manager=manager).test_client()
    response = client.get("/user", headers=bearer(tokens(client)["access_token"]))
    assert body(response) == {"user": "Alice"}


def test_csrf_error_type(policy: TokenPolicy) -> None:
    manager = PasetoManager(policy=policy)
    seen: list[TokenError] = []

    @manager.token_error_loader
    def record(exc: TokenError) -> ResponseReturnValue:
        seen.append(exc)
        return {"code": exc.code}, 403

    client = make_app(manager=manager, config={"PASETO_TOKEN_LOCATION": "cookies"}).test_client()
    client.post("/cookie-login")
    client.post("/called")
    assert isinstance(seen[0], CSRFError)

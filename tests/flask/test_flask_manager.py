"""PasetoManager: configuration read and validated once, app factories, several apps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.typing import ResponseReturnValue

from pasetokit import ConfigurationError, InvalidKeyError, LocalKey, SecretKey, TokenError
from pasetokit_flask import PasetoManager, get_policy, paseto_required

from flask_support import Clock, assert_error, bearer, body, make_app, make_policy


def config_app(**config: Any) -> Flask:
    app = Flask("config_test")
    app.config.update(config)
    return app


LOCAL = LocalKey.generate().to_paserk()


def test_policy_built_from_app_config() -> None:
    secret = SecretKey.generate()
    app = config_app(
        PASETO_LOCAL_KEY=LOCAL,
        PASETO_SECRET_KEY=secret.to_pem(),
        PASETO_REFRESH_PURPOSE="public",
        PASETO_ACCESS_TTL=timedelta(minutes=5),
        PASETO_TOKEN_LOCATION="headers,cookies",
        PASETO_COOKIE_SECURE=False,
    )
    manager = PasetoManager(app)
    with app.app_context():
        policy = get_policy()
        assert manager.policy is policy
        assert policy.access_ttl == timedelta(minutes=5)
        refresh = policy.create_refresh_token("alice")
        assert refresh.startswith("v4.public.")
        assert policy.create_access_token("alice").startswith("v4.local.")


def test_config_is_read_once_at_init_app() -> None:
    app = make_app(make_policy(), {"PASETO_TOKEN_LOCATION": ["headers"]})
    client = app.test_client()
    token = body(client.post("/login"))["access_token"]
    app.config["PASETO_TOKEN_LOCATION"] = ["query_string"]  # too late: ignored by design
    assert client.get("/protected", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ({"PASETO_LOCAL_KEY": LOCAL, "PASETO_ACESS_TTL": 60}, "PASETO_ACESS_TTL"),
        ({"PASETO_LOCAL_KEY": LOCAL, "paseto_leeway": "5"}, "paseto_leeway"),
        ({"PASETO_LOCAL_KEY": LOCAL, "PASETO_COOKIE_SECUR": False}, "PASETO_COOKIE_SECURE"),
        ({"PASETO_LOCAL_KEY": LOCAL, "PASETO_TOKEN_LOCATIONS": "headers"}, "TOKEN_LOCATION"),
        ({}, "issuing key"),
    ],
)
def test_unknown_or_missing_settings_fail_start_up(config: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ConfigurationError, match=fragment):
        PasetoManager(config_app(**config))


@pytest.mark.parametrize("weak", ["secret", "super-secret", "changeme-changeme-changeme-123456"])
def test_weak_keys_fail_start_up(weak: str) -> None:
    with pytest.raises(InvalidKeyError, match="keygen"):
        PasetoManager(config_app(PASETO_LOCAL_KEY=weak))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("PASETO_TOKEN_LOCATION", "headers, body"),
        ("PASETO_TOKEN_LOCATION", ["cookies", "cookies"]),
        ("PASETO_TOKEN_LOCATION", 3),
        ("PASETO_TOKEN_LOCATION", ""),
        ("PASETO_COOKIE_SECURE", "false"),
        ("PASETO_COOKIE_SAMESITE", "sometimes"),
        ("PASETO_HEADER_NAME", "Bad Header"),
        ("PASETO_HEADER_NAME", ""),
        ("PASETO_HEADER_TYPE", "Bear er"),
        ("PASETO_HEADER_TYPE", None),
        ("PASETO_ACCESS_COOKIE_NAME", "a;b"),
        ("PASETO_ACCESS_COOKIE_PATH", "/a b"),
        ("PASETO_COOKIE_DOMAIN", 5),
        ("PASETO_CSRF_METHODS", "POST"),
        ("PASETO_CSRF_METHODS", ["PO ST"]),
        ("PASETO_CSRF_HEADER_NAME", "X CSRF"),
        ("PASETO_JSON_KEY", ""),
        ("PASETO_SESSION_COOKIE", 1),
    ],
)
def test_bad_adapter_settings_fail_start_up(key: str, value: object) -> None:
    with pytest.raises(ConfigurationError, match=key):
        PasetoManager(config_app(PASETO_LOCAL_KEY=LOCAL, **{key: value}))


def test_samesite_none_needs_secure() -> None:
    app = config_app(PASETO_LOCAL_KEY=LOCAL, PASETO_COOKIE_SAMESITE="None", PASETO_COOKIE_SECURE=0)
    with pytest.raises(ConfigurationError, match="PASETO_COOKIE_SECURE"):
        PasetoManager(app)
    app = config_app(PASETO_LOCAL_KEY=LOCAL, PASETO_COOKIE_SAMESITE="None")
    PasetoManager(app)  # Secure is the default


def test_explicit_policy_refuses_policy_settings_in_config() -> None:
    app = config_app(PASETO_LOCAL_KEY=LOCAL, PASETO_TOKEN_LOCATION="cookies")
    with pytest.raises(ConfigurationError, match="PASETO_LOCAL_KEY"):
        PasetoManager(app, policy=make_policy())
    typo = config_app(PASETO_COOKIE_SECUR=False)
    with pytest.raises(ConfigurationError, match=r"did you mean .*PASETO_COOKIE_SECURE"):
        PasetoManager(typo, policy=make_policy())
    ok = config_app(PASETO_TOKEN_LOCATION="cookies")
    PasetoManager(ok, policy=make_policy())


def test_init_app_twice_on_one_app_is_refused() -> None:
    app = config_app()
    manager = PasetoManager(app, policy=make_policy())
    with pytest.raises(RuntimeError, match="already"):
        manager.init_app(app)


def test_policy_property_outside_an_app_context() -> None:
    policy = make_policy()
    assert PasetoManager(policy=policy).policy is policy
    with pytest.raises(RuntimeError):
        _ = PasetoManager().policy


def test_application_factory_two_apps_with_their_own_policies() -> None:
    manager = PasetoManager()  # one manager, initialised on two apps (factory pattern)

    def create_app(key: str) -> Flask:
        app = make_app(config={"PASETO_LOCAL_KEY": key}, manager=manager)
        return app

    first = create_app(LocalKey.generate().to_paserk()).test_client()
    second = create_app(LocalKey.generate().to_paserk()).test_client()
    token_1 = body(first.post("/login"))["access_token"]
    token_2 = body(second.post("/login"))["access_token"]
    assert first.get("/protected", headers=bearer(token_1)).status_code == 200
    assert second.get("/protected", headers=bearer(token_2)).status_code == 200
    assert_error(first.get("/protected", headers=bearer(token_2)), 401, "unknown_key")
    assert_error(second.get("/protected", headers=bearer(token_1)), 401, "unknown_key")


def test_two_apps_two_managers_with_their_own_loaders_and_settings() -> None:
    clock = Clock()
    policy_a, policy_b = make_policy(clock), make_policy(clock, access_ttl=60)
    manager_a, manager_b = PasetoManager(policy=policy_a), PasetoManager(policy=policy_b)

    @manager_a.unauthorized_loader
    def only_a(exc: TokenError) -> ResponseReturnValue:
        return {"app": "a", "code": exc.code}, 401

    app_a = make_app(manager=manager_a)
    app_b = make_app(manager=manager_b, config={"PASETO_HEADER_NAME": "X-Token"})
    a, b = app_a.test_client(), app_b.test_client()
    assert body(a.get("/protected")) == {"app": "a", "code": "missing_token"}
    assert_error(b.get("/protected"), 401, "missing_token")  # b keeps the default
    token_b = body(b.post("/login"))["access_token"]
    assert b.get("/protected", headers={"X-Token": f"Bearer {token_b}"}).status_code == 200
    assert b.get("/protected", headers=bearer(token_b)).status_code == 401
    clock.advance(seconds=61)  # b's tokens live 60 s, a's 15 minutes
    assert b.get("/protected", headers={"X-Token": f"Bearer {token_b}"}).status_code == 401


def test_blueprint_views_use_the_app_they_run_in() -> None:
    from flask import Blueprint

    blueprint = Blueprint("api", __name__)

    @blueprint.get("/who")
    @paseto_required
    def who() -> ResponseReturnValue:
        return {"policy": id(get_policy())}

    apps = []
    for _ in range(2):
        app = Flask("bp")
        PasetoManager(app, policy=make_policy())
        app.register_blueprint(blueprint)
        apps.append(app)
    for app in apps:
        with app.app_context():
            token = get_policy().create_access_token("x")
            expected = id(get_policy())
        response = app.test_client().get("/who", headers=bearer(token))
        assert body(response) == {"policy": expected}

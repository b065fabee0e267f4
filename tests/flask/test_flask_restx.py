"""flask-restx bypasses application error handlers; @paseto_required answers by itself.

Run in production mode (``PROPAGATE_EXCEPTIONS=False``), where an extension relying on
``app.errorhandler`` turns every auth failure into flask-restx's 500.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_restx import Api, Resource  # type: ignore[import-untyped]

from pasetokit import TokenError, TokenPolicy
from pasetokit_flask import PasetoManager, create_token_pair, get_subject, paseto_required

from flask_support import Clock, assert_error, bearer, body, make_policy


def restx_app(policy: TokenPolicy, manager: PasetoManager | None = None) -> Flask:
    app = Flask("restx_app")
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    (manager or PasetoManager(policy=policy)).init_app(app)
    api = Api(app)

    @api.route("/login")
    class Login(Resource):  # type: ignore[misc]
        def post(self) -> dict[str, str]:
            return create_token_pair("alice")._asdict()

    @api.route("/me")
    class Me(Resource):  # type: ignore[misc]
        @paseto_required
        def get(self) -> dict[str, Any]:
            return {"sub": get_subject()}

    @api.route("/admin")
    class Admin(Resource):  # type: ignore[misc]
        method_decorators = (paseto_required(scopes=["admin"]),)

        def get(self) -> dict[str, Any]:
            return {"admin": get_subject()}

    @api.route("/refresh")
    class Refresh(Resource):  # type: ignore[misc]
        method_decorators = (paseto_required(refresh=True),)

        def post(self) -> dict[str, Any]:
            return {"refreshed": get_subject()}

    @api.route("/broken")
    class Broken(Resource):  # type: ignore[misc]
        @paseto_required
        def get(self) -> dict[str, Any]:
            raise RuntimeError("a bug in the resource")

    return app


def test_restx_resources_get_proper_auth_responses() -> None:
    clock = Clock()
    app = restx_app(make_policy(clock))
    client = app.test_client()
    tokens = body(client.post("/login"))

    assert body(client.get("/me", headers=bearer(tokens["access_token"]))) == {"sub": "alice"}
    response = client.get("/me")
    assert_error(response, 401, "missing_token")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert_error(client.get("/me", headers=bearer("v4.local.x")), 401, "malformed_token")
    assert_error(
        client.get("/admin", headers=bearer(tokens["access_token"])), 403, "insufficient_scope"
    )
    assert_error(
        client.post("/refresh", headers=bearer(tokens["access_token"])), 401, "wrong_token_type"
    )
    assert body(client.post("/refresh", headers=bearer(tokens["refresh_token"]))) == {
        "refreshed": "alice"
    }
    clock.advance(hours=1)
    assert_error(client.get("/me", headers=bearer(tokens["access_token"])), 401, "token_expired")


def test_restx_loaders_apply() -> None:
    policy = make_policy()
    manager = PasetoManager(policy=policy)
    app = restx_app(policy, manager)

    @manager.unauthorized_loader
    def custom(exc: TokenError) -> tuple[dict[str, str], int]:
        return {"custom": exc.code}, 401

    response = app.test_client().get("/me")
    assert response.status_code == 401
    assert body(response) == {"custom": "missing_token"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_restx_resource_bug_is_still_a_500() -> None:
    app = restx_app(make_policy())
    client = app.test_client()
    token = body(client.post("/login"))["access_token"]
    assert client.get("/broken", headers=bearer(token)).status_code == 500

"""pasetokit_flask.compat: Flask-JWT-Extended 4.x names with upstream signatures and
semantics (loaders take (jwt_header, jwt_payload); get_jwt() outside a protected view raises
RuntimeError), start-up refusal of leftover JWT_* settings with their PASETO_* names, and the
implicit-refresh recipe with get_jwt_expiry()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

from pasetokit import ConfigurationError, LocalKey, TokenPolicy
from pasetokit_flask import PasetoManager, get_policy
from pasetokit_flask.compat import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    current_user,
    get_jwt,
    get_jwt_expiry,
    get_jwt_header,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)

KEY = LocalKey.generate().to_paserk()


class User:
    def __init__(self, uid: int, name: str) -> None:
        self.id = uid
        self.name = name


USERS = {1: User(1, "ada")}


def make_app(**config: Any) -> tuple[Flask, JWTManager]:
    app = Flask(__name__)
    app.config.update(PASETO_LOCAL_KEY=KEY, **config)
    jwt = JWTManager(app)
    return app, jwt


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_leftover_jwt_settings_are_refused_with_their_paseto_names() -> None:
    app = Flask(__name__)
    app.config.update(JWT_SECRET_KEY="super-secret", JWT_COOKIE_SECURE=False, JWT_ALGORITHM="HS256")
    with pytest.raises(ConfigurationError) as raised:
        JWTManager(app)
    message = str(raised.value)
    assert "JWT_SECRET_KEY -> PASETO_LOCAL_KEY" in message
    assert "keygen local" in message
    assert "JWT_COOKIE_SECURE -> PASETO_COOKIE_SECURE" in message
    assert "JWT_ALGORITHM -> nothing" in message
    app2 = Flask(__name__)
    app2.config.update(PASETO_LOCAL_KEY=KEY, JWT_TOKEN_LOCATIONS=["headers"])  # a typo
    with pytest.raises(ConfigurationError, match="did you mean JWT_TOKEN_LOCATION"):
        JWTManager(app2)


def test_identity_and_claims_loaders_and_user_lookup() -> None:
    app, jwt = make_app()
    seen: list[tuple[dict[str, Any], dict[str, Any]]] = []

    @jwt.user_identity_loader
    def identity(user: User) -> str:
        return str(user.id)

    @jwt.additional_claims_loader
    def claims(user: User) -> dict[str, Any]:
        return {"roles": ["admin"]}

    @jwt.user_lookup_loader
    def lookup(jwt_header: dict[str, Any], jwt_data: dict[str, Any]) -> User | None:
        seen.append((jwt_header, jwt_data))
        return USERS.get(int(jwt_data["sub"]))

    @app.post("/login")
    def login() -> ResponseReturnValue:
        token = create_access_token(identity=USERS[1], additional_claims={"foo": "bar"})
        return jsonify(access_token=token)

    @app.get("/who")
    @jwt_required()
    def who() -> ResponseReturnValue:
        return jsonify(
            name=current_user.name,
            sub=get_jwt_identity(),
            roles=get_jwt()["roles"],
            foo=get_jwt()["foo"],
            header=get_jwt_header(),
        )

    c = app.test_client()
    token = c.post("/login").get_json()["access_token"]
    r = c.get("/who", headers=bearer(token))
    assert r.get_json() == {
        "name": "ada",
        "sub": "1",
        "roles": ["admin"],
        "foo": "bar",
        "header": {},
    }
    assert seen[0][0] == {}
    assert seen[0][1]["sub"] == "1"


def test_int_identity_is_its_decimal_string_other_types_are_refused() -> None:
    app, _ = make_app()
    with app.app_context():
        assert get_policy().verify(create_access_token(identity=42))["sub"] == "42"
        for wrong in (True, 4.2, {"id": 42}):
            with pytest.raises(ConfigurationError, match=r"str\(user.id\)"):
                create_access_token(identity=wrong)


def test_get_jwt_outside_and_in_optional_views() -> None:
    app, _ = make_app()

    @app.get("/optional")
    @jwt_required(optional=True)
    def optional() -> ResponseReturnValue:
        return jsonify(jwt=get_jwt(), identity=get_jwt_identity() or "anonymous")

    @app.get("/open")
    def open_view() -> ResponseReturnValue:
        try:
            get_jwt()
        except RuntimeError:
            return jsonify(ok="runtime error")
        return jsonify(ok="no error")

    c = app.test_client()
    assert c.get("/optional").get_json() == {"jwt": {}, "identity": "anonymous"}
    assert c.get("/open").get_json() == {"ok": "runtime error"}


def test_blocklist_loader_revokes_and_fails_closed() -> None:
    app, jwt = make_app()
    blocked: set[str] = set()
    down = {"now": False}

    @jwt.token_in_blocklist_loader
    def check(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
        if down["now"]:
            raise ConnectionError("database down")
        return jwt_payload["jti"] in blocked

    @app.get("/p")
    @jwt_required()
    def protected() -> ResponseReturnValue:
        return jsonify(jti=get_jwt()["jti"])

    c = app.test_client()
    with app.app_context():
        token = create_access_token(identity="u")
    jti = c.get("/p", headers=bearer(token)).get_json()["jti"]
    blocked.add(jti)
    r = c.get("/p", headers=bearer(token))
    assert (r.status_code, r.get_json()["code"]) == (401, "token_revoked")
    down["now"] = True
    r = c.get("/p", headers=bearer(token))
    assert (r.status_code, r.get_json()["code"]) == (503, "revocation_store_unavailable")


def test_async_blocklist_loader_in_async_view() -> None:
    app, jwt = make_app()

    @jwt.token_in_blocklist_loader
    async def check(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
        return bool(jwt_payload["sub"] == "banned")

    @app.get("/a")
    @jwt_required()
    async def view() -> ResponseReturnValue:
        return jsonify(sub=get_jwt_identity())

    c = app.test_client()
    with app.app_context():
        good, bad = create_access_token("ok"), create_access_token("banned")
    assert c.get("/a", headers=bearer(good)).status_code == 200
    assert c.get("/a", headers=bearer(bad)).status_code == 401


def test_loaders_with_upstream_signatures() -> None:
    now = {"t": datetime(2026, 11, 28, 12, tzinfo=timezone.utc)}
    policy = TokenPolicy(local_key=LocalKey.from_paserk(KEY), clock=lambda: now["t"])
    app = Flask(__name__)
    jwt = JWTManager(app, policy=policy)

    @jwt.expired_token_loader
    def expired(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> ResponseReturnValue:
        return jsonify(msg="The token has expired", header=jwt_header, payload=jwt_payload), 401

    @jwt.invalid_token_loader
    def invalid(reason: str) -> ResponseReturnValue:
        return jsonify(msg=f"invalid: {reason}"), 422

    @jwt.unauthorized_loader
    def unauthorized(reason: str) -> ResponseReturnValue:
        return jsonify(msg=f"missing: {reason}"), 401

    @app.get("/p")
    @jwt_required()
    def protected() -> ResponseReturnValue:
        return jsonify(ok=True)

    c = app.test_client()
    with app.app_context():
        token = create_access_token("u", expires_delta=timedelta(minutes=5))
    assert c.get("/p", headers=bearer(token)).get_json() == {"ok": True}
    now["t"] += timedelta(minutes=6)
    r = c.get("/p", headers=bearer(token))
    assert r.status_code == 401
    assert r.get_json() == {"msg": "The token has expired", "header": {}, "payload": {}}
    r = c.get("/p", headers=bearer("v4.local.garbage"))
    assert r.status_code == 422
    assert r.get_json()["msg"].startswith("invalid: ")
    assert c.get("/p").get_json()["msg"].startswith("missing: missing access token")


def test_unsafe_arguments_are_refused() -> None:
    app, _ = make_app()
    with pytest.raises(ConfigurationError, match="verify_type"):
        jwt_required(verify_type=False)
    with pytest.raises(ConfigurationError, match="skip_revocation_check"):
        verify_jwt_in_request(skip_revocation_check=True)
    with app.app_context():
        with pytest.raises(ConfigurationError, match="never expires"):
            create_access_token("u", expires_delta=False)
        with pytest.raises(ConfigurationError, match="no header"):
            create_refresh_token("u", additional_headers={"kid": "x"})


def test_cookies_and_implicit_refresh_recipe() -> None:
    app, _ = make_app(
        PASETO_TOKEN_LOCATION=["cookies"], PASETO_COOKIE_SECURE=False, PASETO_ACCESS_TTL=3600
    )
    refreshed: list[bool] = []

    @app.after_request
    def refresh_expiring_jwts(response: Any) -> Any:  # the upstream recipe, with the helper
        try:
            target = datetime.now(timezone.utc) + timedelta(minutes=90)
            if target > get_jwt_expiry():
                set_access_cookies(response, create_access_token(identity=get_jwt_identity()))
                refreshed.append(True)
            return response
        except (RuntimeError, KeyError):
            return response

    @app.post("/login")
    def login() -> ResponseReturnValue:
        response = jsonify(msg="login successful")
        set_access_cookies(response, create_access_token(identity="ada"))
        return response

    @app.post("/logout")
    def logout() -> ResponseReturnValue:
        response = jsonify(msg="logout successful")
        unset_jwt_cookies(response)
        return response

    @app.get("/protected")
    @jwt_required()
    def protected() -> ResponseReturnValue:
        expiry = get_jwt_expiry()
        assert expiry.tzinfo is not None
        return jsonify(sub=get_jwt_identity())

    c = app.test_client()
    assert c.post("/login").status_code == 200
    assert refreshed == []  # no token verified on /login: the recipe's RuntimeError path
    assert c.get("/protected").get_json() == {"sub": "ada"}
    assert refreshed == [True]  # 60 min left < 90 min window: re-issued
    c.post("/logout")
    assert c.get("/protected").status_code == 401


def test_jwt_settings_of_a_live_flask_jwt_extended_are_left_alone() -> None:
    """A migration in steps: the app still runs the real Flask-JWT-Extended, whose JWT_* keys
    are its own; PasetoManager beside it neither refuses nor reads them."""
    import flask_jwt_extended

    app = Flask(__name__)
    app.config.update(JWT_SECRET_KEY="x" * 64, PASETO_LOCAL_KEY=KEY)
    flask_jwt_extended.JWTManager(app)
    PasetoManager(app)
    assert "flask-jwt-extended" in app.extensions
    lonely = Flask(__name__)
    lonely.config.update(JWT_SECRET_KEY="x" * 64, PASETO_LOCAL_KEY=KEY)
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY -> PASETO_LOCAL_KEY"):
        PasetoManager(lonely)

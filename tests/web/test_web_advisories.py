"""Named regressions for the web adapters' security fixes (issue 10, items 3-5, and the drift
issue 9 found between the adapters). Each failed on the code before the fix."""

# No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
import dataclasses
from typing import Annotated, Any, Protocol, TypedDict

import pydantic
import pytest
from fastapi import Depends, FastAPI, WebSocket
from fastapi.testclient import TestClient
from flask import Flask
from starlette.websockets import WebSocketDisconnect
from web_support import Apps

from pasetokit import ConfigurationError, TokenPolicy
from pasetokit.web import InvalidClaimsError, claims_as
from pasetokit_fastapi import Auth
from pasetokit_flask import (
    PasetoManager,
    create_access_token,
    paseto_required,
    set_access_cookies,
    verify_paseto_in_request,
)

# --- issue 10.5: duplicate and odd Authorization headers, one rule ---------------------------


@pytest.fixture(scope="module")
def apps() -> Apps:
    return Apps.build()


def both(apps: Apps, headers: list[tuple[str, str]], path: str = "/access") -> set[object]:
    answers = {
        which: apps.send(which, "GET", path, headers, None) for which in ("fastapi", "flask")
    }
    assert answers["fastapi"] == answers["flask"], answers
    return {(answers["fastapi"].status, answers["fastapi"].code)}


def test_advisory_two_authorization_headers_valid_then_garbage_refused(apps: Apps) -> None:
    """FastAPI took the first header (200) while a proxy may have checked the last."""
    token = apps.tokens["access"]
    for headers in (
        [("Authorization", f"Bearer {token}"), ("Authorization", "garbage")],
        [("Authorization", "garbage"), ("Authorization", f"Bearer {token}")],
        [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")],
    ):
        assert both(apps, headers) == {(401, "malformed_token")}


def test_advisory_authorization_optional_whitespace_is_not_part_of_the_value(
    apps: Apps,
) -> None:
    """``"\\tBearer <token>"`` was a 401 in Flask and a 200 in FastAPI (RFC 9110 5.5)."""
    token = apps.tokens["access"]
    for value in (f"\tBearer {token}", f" Bearer {token}\t", f"Bearer\t{token}"):
        assert both(apps, [("Authorization", value)]) == {(200, None)}


def test_advisory_repeated_query_token_and_cookie_refused(apps: Apps) -> None:
    """Starlette took the last copy and werkzeug the first: the adapters disagreed."""
    token = apps.tokens["access"]
    assert both(apps, [], f"/access?token={token}&token=x") == {(401, "malformed_token")}
    cookies = [("Cookie", f"access_token_cookie={token}; access_token_cookie=x")]
    assert both(apps, cookies) == {(401, "malformed_token")}


def test_advisory_csrf_header_optional_whitespace(apps: Apps) -> None:
    token, csrf = apps.tokens["access"], apps.tokens["access_csrf"]
    headers = [("Cookie", f"access_token_cookie={token}"), ("X-CSRF-Token", f"\t{csrf} ")]
    for which in ("fastapi", "flask"):
        assert apps.send(which, "POST", "/access", headers, None).status == 200


# --- issue 9: the drift between the adapters --------------------------------------------------


def test_advisory_flask_optional_must_be_a_bool() -> None:
    """``paseto_required(optional="false")`` made the Flask route optional."""
    with pytest.raises(ConfigurationError, match="optional must be True or False"):
        paseto_required(optional="false")  # type: ignore[call-overload]
    with pytest.raises(ConfigurationError, match="fresh must be True or False"):
        verify_paseto_in_request(fresh=1)  # type: ignore[arg-type]


def test_advisory_scope_challenge_names_the_fault_not_the_status(apps: Apps) -> None:
    """A scope failure remapped to 401 still says insufficient_scope, in both adapters."""
    policy = apps.policy
    token = apps.tokens["access"]
    fastapi_auth = Auth(policy, status_codes={"insufficient_scope": 401})
    fastapi = FastAPI()
    fastapi_auth.install(fastapi)

    @fastapi.get("/s")
    async def s(
        claims: Annotated[dict[str, Any], Depends(fastapi_auth.required(scopes="x"))],
    ) -> dict[str, Any]:
        return claims

    flask = Flask("scope_remap")
    flask.config["PASETO_STATUS_CODES"] = {"insufficient_scope": 401}
    PasetoManager(flask, policy=policy)

    @flask.get("/s")
    @paseto_required(scopes="x")
    def flask_s() -> str:
        return "never"

    headers = {"Authorization": f"Bearer {token}"}
    a = TestClient(fastapi).get("/s", headers=headers)
    b = flask.test_client().get("/s", headers=headers)
    assert a.status_code == b.status_code == 401
    assert a.headers["WWW-Authenticate"] == b.headers["WWW-Authenticate"]
    assert a.headers["WWW-Authenticate"].startswith('Bearer error="insufficient_scope"')
    assert a.headers["WWW-Authenticate"].endswith('scope="x"')


def test_advisory_cookie_attributes_alike(apps: Apps) -> None:
    """SameSite was ``lax`` in one adapter and ``Lax`` in the other; a domain override
    existed only in Flask."""
    policy = apps.policy
    token = policy.create_access_token("alice", csrf=True)
    fastapi_auth = Auth(policy, token_locations="headers cookies")
    fastapi = FastAPI()

    @fastapi.post("/login")
    def login() -> Any:
        from fastapi.responses import JSONResponse

        response = JSONResponse({})
        fastapi_auth.set_access_cookies(response, token, domain="example.com")
        return response

    flask = Flask("cookies")
    flask.config["PASETO_TOKEN_LOCATION"] = "headers cookies"
    PasetoManager(flask, policy=policy)

    @flask.post("/login")
    def flask_login() -> Any:
        from flask import jsonify

        response = jsonify({})
        set_access_cookies(response, token, domain="example.com")
        return response

    a = TestClient(fastapi).post("/login").headers.get_list("set-cookie")
    b = flask.test_client().post("/login").headers.getlist("Set-Cookie")

    def attributes(lines: list[str]) -> list[set[str]]:
        return [{part.strip().lower() for part in line.split(";")[1:]} for line in lines]

    assert len(a) == len(b) == 2
    for fa, fl in zip(attributes(sorted(a)), attributes(sorted(b)), strict=True):
        assert {"samesite=lax", "domain=example.com", "secure", "path=/"} <= fa
        assert {"samesite=lax", "domain=example.com", "secure", "path=/"} <= fl
        assert ("httponly" in fa) == ("httponly" in fl)


# --- issue 10.3: flask-restx / flask-restful in-view verification -----------------------------


def _restx_app(policy: TokenPolicy, debug: bool) -> Flask:
    from flask_restx import Api, Resource  # type: ignore[import-untyped]

    app = Flask("restx_inview")
    app.config.update(DEBUG=debug, PROPAGATE_EXCEPTIONS=debug, TESTING=False)
    PasetoManager(app, policy=policy)
    api = Api(app)

    @api.route("/me")
    class Me(Resource):  # type: ignore[misc]
        def get(self) -> dict[str, Any]:
            claims = verify_paseto_in_request()
            assert claims is not None
            return {"sub": claims["sub"]}

    @api.route("/admin")
    class Admin(Resource):  # type: ignore[misc]
        def get(self) -> dict[str, Any]:
            verify_paseto_in_request(scopes=["admin"])
            return {"admin": True}

    return app


def _restful_app(policy: TokenPolicy, debug: bool) -> Flask:
    from flask_restful import Api, Resource  # type: ignore[import-untyped]

    app = Flask("restful_inview")
    app.config.update(DEBUG=debug, PROPAGATE_EXCEPTIONS=debug, TESTING=False)
    PasetoManager(app, policy=policy)
    api = Api(app)

    class Me(Resource):  # type: ignore[misc]
        def get(self) -> dict[str, Any]:
            claims = verify_paseto_in_request()
            assert claims is not None
            return {"sub": claims["sub"]}

    class Admin(Resource):  # type: ignore[misc]
        def get(self) -> dict[str, Any]:
            verify_paseto_in_request(scopes=["admin"])
            return {"admin": True}

    api.add_resource(Me, "/me")
    api.add_resource(Admin, "/admin")
    return app


@pytest.fixture(
    params=[("restx", False), ("restx", True), ("restful", False), ("restful", True)],
    ids=["restx", "restx-debug", "restful", "restful-debug"],
)
def rest_app(request: pytest.FixtureRequest, apps: Apps) -> Flask:
    kind, debug = request.param
    build = _restx_app if kind == "restx" else _restful_app
    return build(apps.policy, debug)


def test_advisory_rest_inview_verification_answers_401_403_503(rest_app: Flask, apps: Apps) -> None:
    """``verify_paseto_in_request()`` inside a restx / restful Resource answered 500."""
    client = rest_app.test_client()
    tokens = apps.tokens

    def check(path: str, token: str | None, status: int, code: str | None) -> None:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        response = client.get(path, headers=headers)
        assert response.status_code == status, (path, response.get_data(as_text=True))
        data = response.get_json()
        if code is None:
            return
        assert data == {"detail": data["detail"], "code": code}
        if status == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")

    check("/me", tokens["access"], 200, None)
    check("/me", None, 401, "missing_token")
    check("/me", tokens["refresh"], 401, "wrong_token_type")
    check("/me", "garbage", 401, "malformed_token")
    check("/admin", tokens["access"], 403, "insufficient_scope")
    apps.store.down = True
    try:
        check("/me", tokens["access"], 503, "revocation_store_unavailable")
    finally:
        apps.store.down = False


# --- issue 10.4: cross-site WebSocket hijacking ------------------------------------------------


def _ws_app(policy: TokenPolicy, **options: Any) -> TestClient:
    auth = Auth(policy, token_locations=("headers", "cookies"), **options)
    app = FastAPI()

    @app.websocket("/ws")
    async def ws(
        websocket: WebSocket, claims: Annotated[dict[str, Any], Depends(auth.required())]
    ) -> None:
        await websocket.accept()
        await websocket.send_json({"sub": claims["sub"]})
        await websocket.close()

    return TestClient(app)  # handshakes carry "Host: testserver"


def _handshake(client: TestClient, headers: dict[str, str]) -> dict[str, Any] | str:
    """The accepted socket's message, or the close reason (always a 1008 close)."""
    closed: list[WebSocketDisconnect] = []
    try:
        with client.websocket_connect("/ws", headers=headers) as ws:
            answer: dict[str, Any] = ws.receive_json()
            return answer
    except WebSocketDisconnect as exc:
        closed.append(exc)
    assert closed[0].code == 1008
    return str(closed[0].reason)


def test_advisory_cross_site_websocket_with_cookie_is_refused(apps: Apps) -> None:
    """A cookie-authenticated handshake from ``Origin: https://evil.example`` was accepted."""
    client = _ws_app(apps.policy)
    cookie = f"access_token_cookie={apps.tokens['access']}"
    evil = _handshake(client, {"Cookie": cookie, "Origin": "https://evil.example"})
    assert isinstance(evil, str)
    assert evil.startswith("csrf_failed: cross-site WebSocket handshake refused")
    assert isinstance(_handshake(client, {"Cookie": cookie}), str)  # no Origin: refused
    assert isinstance(_handshake(client, {"Cookie": cookie, "Origin": "null"}), str)
    same = _handshake(client, {"Cookie": cookie, "Origin": "http://testserver"})
    assert same == {"sub": "alice"}
    # A header token is no ambient credential: no Origin needed.
    bearer = {"Authorization": f"Bearer {apps.tokens['access']}", "Origin": "https://evil.example"}
    assert _handshake(client, bearer) == {"sub": "alice"}


def test_advisory_websocket_malformed_origin_is_refused_not_a_crash(apps: Apps) -> None:
    """Found by fuzzing (issue 10): ``Origin: http://[`` on a cookie-authenticated handshake made
    ``urlsplit`` raise ``ValueError`` inside the origin check (an unhandled error), instead of
    the CSRF refusal every other disallowed Origin gets."""
    client = _ws_app(apps.policy)
    cookie = f"access_token_cookie={apps.tokens['access']}"
    for origin in ("http://[", "http://[::1", "https://]x"):
        reason = _handshake(client, {"Cookie": cookie, "Origin": origin})
        assert isinstance(reason, str)
        assert reason.startswith("csrf_failed: cross-site WebSocket handshake refused")


def test_advisory_websocket_origin_allow_list(apps: Apps) -> None:
    client = _ws_app(apps.policy, websocket_origins=["https://spa.example.com"])
    cookie = f"access_token_cookie={apps.tokens['access']}"
    allowed = _handshake(client, {"Cookie": cookie, "Origin": "https://SPA.example.com"})
    assert allowed == {"sub": "alice"}
    assert isinstance(_handshake(client, {"Cookie": cookie, "Origin": "https://x.example"}), str)
    with pytest.raises(ConfigurationError, match="websocket_origins"):
        Auth(apps.policy, websocket_origins=["spa.example.com/path"])


def test_flask_minting_keeps_identity_alias(apps: Apps) -> None:
    app = Flask("mint")
    PasetoManager(app, policy=apps.policy)
    with app.app_context():
        token = create_access_token(identity="bob")
    assert apps.policy.verify(token)["sub"] == "bob"


def test_advisory_typed_claims_with_an_any_field_is_not_a_crash() -> None:
    # Since Python 3.11 ``typing.Any`` is a class, so it passed the plain-class test and the
    # check called ``isinstance(value, Any)``: a TypeError (a 500) for any route whose dataclass
    # model had a field annotated ``Any``; a TypedDict or a non-runtime Protocol did the same.
    class Profile(TypedDict):
        name: str

    class Named(Protocol):
        name: str

    @dataclasses.dataclass
    class Loose:
        sub: str
        extra: Any = None
        profile: Profile | None = None
        named: Named | None = None

    claims = {"sub": "a", "extra": [1], "profile": {"name": "x"}, "named": {"name": "y"}}
    got = claims_as(Loose, claims)
    assert got == Loose("a", [1], {"name": "x"}, {"name": "y"})  # type: ignore[arg-type]
    with pytest.raises(InvalidClaimsError) as info:
        claims_as(Loose, {"sub": 5, "extra": 1})
    assert info.value.code == "invalid_claims"
    assert info.value.claim == "sub"


class InstanceModel(pydantic.BaseModel):
    sub: str


def test_advisory_claims_as_refuses_a_model_instance() -> None:
    # ``claims_as`` checked only what had no ``model_validate``: a dataclass or pydantic
    # *instance* (``claims_as(Claims(...), ...)`` for ``claims_as(Claims, ...)``) went on and
    # failed with an AttributeError (``__name__``), or validated through the instance.
    @dataclasses.dataclass
    class Claims:
        sub: str

    for instance in (Claims("a"), InstanceModel(sub="a")):
        with pytest.raises(ConfigurationError) as info:
            claims_as(instance, {"sub": "b"})  # type: ignore[arg-type]
        assert type(info.value) is ConfigurationError
        assert info.value.code == "configuration_error"


def test_advisory_typed_claims_with_a_generic_field_is_not_a_crash() -> None:
    # On Python 3.10 ``list[str]`` looks like a class to ``isinstance(hint, type)``; the check
    # then called ``isinstance(value, list[str])``: a TypeError (a 500) for any route whose
    # dataclass model had a generic field.
    @dataclasses.dataclass
    class Tagged:
        sub: str
        tags: list[str]
        roles: dict[str, int] | None = None

    got = claims_as(Tagged, {"sub": "a", "tags": ["x"], "roles": {"admin": 1}})
    assert got == Tagged("a", ["x"], {"admin": 1})
    with pytest.raises(InvalidClaimsError) as info:
        claims_as(Tagged, {"sub": 5, "tags": ["x"]})
    assert info.value.code == "invalid_claims"

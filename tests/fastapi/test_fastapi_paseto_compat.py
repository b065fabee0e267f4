"""pasetokit_fastapi.compat.AuthPASETO: fastapi-paseto's per-call arguments (location,
token_key, token_prefix, token, type, base64_encoded), its create_* arguments, and the
start-up refusals of unsafe configuration."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi import Depends, FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from pasetokit import ConfigurationError, InvalidKeyError, LocalKey
from pasetokit_fastapi.compat import AuthPASETO, AuthPASETOException

LOCAL = LocalKey.generate().to_paserk()
UPSTREAM_STYLE = Depends()  # `Authorize: AuthPASETO = Depends()`, as upstream writes it


@pytest.fixture(autouse=True)
def unbound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AuthPASETO, "_bound", None)


def configure(**settings: Any) -> None:
    values = {"authpaseto_secret_key": LOCAL, **settings}
    AuthPASETO.load_config(lambda: list(values.items()))


def make_app() -> FastAPI:
    app = FastAPI()

    @app.exception_handler(AuthPASETOException)
    def handler(request: Request, exc: AuthPASETOException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.message, "code": exc.code}, exc.status_code, headers=exc.headers
        )

    @app.get("/mint")
    def mint(b64: bool = False, Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, str]:
        return {
            "access": Authorize.create_access_token(subject="u1", base64_encode=b64),
            "refresh": Authorize.create_refresh_token(subject="u1"),
        }

    @app.post("/custom-header")
    def custom_header(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(token_key="X-PASETO", token_prefix="Token")
        return {"sub": Authorize.get_subject()}

    @app.post("/json")
    def json_token(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(location="json", token_key="refresh_token", refresh_token=True)
        return {"sub": Authorize.get_subject()}

    @app.post("/json-prefix")
    def json_prefix(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(location="json", token_key="paseto", token_prefix="Token")
        return {"sub": Authorize.get_subject()}

    @app.get("/server-side")
    def server_side(token: str, Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(token=token)
        return {"jti": Authorize.get_jti(), "claims": Authorize.get_paseto_claims() is not None}

    @app.get("/b64")
    def b64(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(base64_encoded=True)
        return {"sub": Authorize.get_subject()}

    @app.get("/typed")
    def typed(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required(type="refresh")
        return {"sub": Authorize.get_subject()}

    return app


def tokens(c: TestClient, b64: bool = False) -> dict[str, str]:
    result: dict[str, str] = c.get("/mint", params={"b64": b64}).json()
    return result


def test_custom_header_name_and_prefix() -> None:
    configure()
    c = TestClient(make_app())
    access = tokens(c)["access"]
    assert c.post("/custom-header", headers={"X-PASETO": f"Token {access}"}).json() == {"sub": "u1"}
    r = c.post("/custom-header", headers={"Authorization": f"Bearer {access}"})
    assert (r.status_code, r.json()["code"]) == (401, "missing_token")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")  # exc.headers kept for handlers


def test_json_location_and_json_prefix() -> None:
    configure()
    c = TestClient(make_app())
    t = tokens(c)
    assert c.post("/json", json={"refresh_token": t["refresh"]}).json() == {"sub": "u1"}
    assert c.post("/json", json={"refresh_token": t["access"]}).status_code == 401
    assert c.post("/json-prefix", json={"paseto": f"Token {t['access']}"}).json() == {"sub": "u1"}
    r = c.post("/json-prefix", json={"paseto": t["access"]})
    assert (r.status_code, r.json()["code"]) == (401, "malformed_token")


def test_server_side_token_and_base64() -> None:
    configure()
    c = TestClient(make_app())
    access = tokens(c)["access"]
    assert c.get("/server-side", params={"token": access}).json()["claims"] is True
    wrapped = tokens(c, b64=True)["access"]
    assert not wrapped.startswith("v4.")
    assert c.get("/b64", headers={"Authorization": f"Bearer {wrapped}"}).json() == {"sub": "u1"}
    r = c.get("/b64", headers={"Authorization": f"Bearer {access}"})  # not base64
    assert r.status_code == 401


def test_type_refresh_and_custom_types_refused() -> None:
    configure()
    c = TestClient(make_app(), raise_server_exceptions=True)
    t = tokens(c)
    assert c.get("/typed", headers={"Authorization": f"Bearer {t['refresh']}"}).status_code == 200
    assert c.get("/typed", headers={"Authorization": f"Bearer {t['access']}"}).status_code == 401


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"authpaseto_secret_key": "secret"}, InvalidKeyError, "keygen local"),
        ({"authpaseto_access_token_expires": False}, ConfigurationError, "never expire"),
        ({"authpaseto_refresh_token_expires": False}, ConfigurationError, "never expire"),
        ({"authpaseto_version": 2}, ConfigurationError, "v4 only"),
        ({"authpaseto_decode_audience": ["a", "b"]}, ConfigurationError, "one"),
        (
            {"authpaseto_encode_issuer": "a", "authpaseto_decode_issuer": "b"},
            ConfigurationError,
            "one\\s+issuer",
        ),
        ({"authpaseto_sekret_key": LOCAL}, ConfigurationError, "did you mean"),
        ({"authpaseto_token_location": ["cookies"]}, ConfigurationError, "headers, json"),
    ],
)
def test_unsafe_or_unknown_settings_refused_at_start_up(
    settings: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        configure(**settings)


def test_app_settings_beside_ours_are_left_alone() -> None:
    configure(access_expires=timedelta(minutes=15))  # upstream's denylist_redis.py does this


def test_no_configuration_is_a_clear_error() -> None:
    c = TestClient(make_app(), raise_server_exceptions=True)
    with pytest.raises(ConfigurationError, match="load_config"):
        c.get("/mint")


def test_minting_refusals() -> None:
    configure(authpaseto_decode_audience="api")
    app = FastAPI()

    @app.get("/m")
    def m(what: str, Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, str]:
        if what == "never":
            return {"t": Authorize.create_access_token(subject="u", expires_time=False)}
        if what == "aud":
            return {"t": Authorize.create_access_token(subject="u", audience=["other"])}
        if what == "type":
            return {"t": Authorize.create_token(subject="u", type="email-verify")}
        if what == "assertion":
            return {"t": Authorize.create_access_token(subject="u", implicit_assertion="x")}
        return {"t": Authorize.create_access_token(subject="u", audience="api")}

    c = TestClient(app)
    assert c.get("/m", params={"what": "ok"}).status_code == 200
    for what, message in [
        ("never", "never expires"),
        ("aud", "per-token audiences"),
        ("type", "'access' or 'refresh'"),
        ("assertion", "implicit_assertion"),
    ]:
        with pytest.raises(ConfigurationError, match=message):
            c.get("/m", params={"what": what})


def test_denylist_loader_needs_configuration_first() -> None:
    with pytest.raises(ConfigurationError, match="load_config"):
        AuthPASETO.token_in_denylist_loader(lambda payload: False)


def test_websocket_with_query_location_and_async_denylist_loader() -> None:
    configure(authpaseto_denylist_enabled=True)
    denied: set[str] = set()

    @AuthPASETO.token_in_denylist_loader
    async def check(payload: dict[str, Any]) -> bool:
        return payload["jti"] in denied

    app = make_app()

    @app.websocket("/ws")
    async def ws(websocket: WebSocket, Authorize: AuthPASETO = UPSTREAM_STYLE) -> None:
        await Authorize.apaseto_required(location="query")
        await websocket.accept()
        await websocket.send_json({"sub": Authorize.get_subject()})
        await websocket.close()

    @app.get("/sync-protected")
    def sync_protected(Authorize: AuthPASETO = UPSTREAM_STYLE) -> dict[str, Any]:
        Authorize.paseto_required()  # an async loader from a sync route: awaited on the loop
        return {"sub": Authorize.get_subject()}

    c = TestClient(app)
    access = tokens(c)["access"]
    with c.websocket_connect(f"/ws?token={access}") as socket:
        assert socket.receive_json() == {"sub": "u1"}
    assert (
        c.get("/sync-protected", headers={"Authorization": f"Bearer {access}"}).status_code == 200
    )
    denied.add(_jti(access))
    with pytest.raises(WebSocketDisconnect) as closed, c.websocket_connect(f"/ws?token={access}"):
        pass
    assert closed.value.code == 1008
    r = c.get("/sync-protected", headers={"Authorization": f"Bearer {access}"})
    assert (r.status_code, r.json()["code"]) == (401, "token_revoked")


def _jti(token: str) -> str:
    binding = AuthPASETO._bound
    assert binding is not None
    jti: str = binding.config.policy.verify(token)["jti"]
    return jti

"""examples/fastapi_app.py through TestClient: every route of the example application."""

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from pasetokit import MemoryRevocationStore

from fastapi_support import Clock, bearer, client

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pasetokit_fastapi_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EX = load()
USER = {"username": "test", "password": "test"}


def make() -> tuple[Clock, TestClient]:
    clock = Clock()
    policy = EX.development_policy(clock=clock, revocation_store=MemoryRevocationStore())
    return clock, client(EX.create_app(policy))


def test_login_refresh_protected_logout() -> None:
    clock, c = make()
    assert c.post("/login", json={**USER, "password": "bad"}).status_code == 401
    assert c.post("/login", json={"username": "nobody", "password": ""}).status_code == 401
    tokens = c.post("/login", json=USER).json()
    assert tokens["access_token"].startswith("v4.local.")
    assert tokens["refresh_token"].startswith("v4.public.")
    access = bearer(tokens["access_token"])
    assert c.get("/protected", headers=access).json() == {"user": "test"}
    assert c.get("/whoami").json() == {"user": None}
    assert c.get("/whoami", headers=access).json() == {"user": "test"}
    assert c.get("/items", headers=access).json() == {"items": ["apple", "pear"]}
    assert c.post("/account/password", headers=access).status_code == 200
    clock.advance(minutes=16)
    assert c.get("/protected", headers=access).json()["code"] == "token_expired"
    rotated = c.post("/refresh", headers=bearer(tokens["refresh_token"])).json()
    new = bearer(rotated["access_token"])
    assert c.post("/account/password", headers=new).json()["code"] == "fresh_token_required"
    assert c.post("/logout", headers=new).json() == {"logged_out": "test"}
    assert c.get("/protected", headers=new).json()["code"] == "token_revoked"
    assert c.post("/refresh", headers=bearer(rotated["refresh_token"])).status_code == 401


def test_scopes_and_logout_everywhere() -> None:
    _, c = make()
    guest = c.post("/login", json={"username": "guest", "password": "guest"}).json()
    r = c.get("/items", headers=bearer(guest["access_token"]))
    assert (r.status_code, r.json()["code"]) == (403, "insufficient_scope")
    first = c.post("/login", json=USER).json()
    second = c.post("/login", json=USER).json()
    assert c.post("/logout/everywhere", headers=bearer(second["access_token"])).status_code == 200
    assert c.get("/protected", headers=bearer(first["access_token"])).status_code == 401


def test_cookie_login_csrf_rotation_logout() -> None:
    _, c = make()
    assert c.post("/cookie/login", json=USER).json() == {"user": "test"}
    assert c.get("/protected").json() == {"user": "test"}
    assert c.post("/account/password").json()["code"] == "csrf_failed"
    csrf = {"X-CSRF-Token": c.cookies["csrf_access_token"]}
    assert c.post("/account/password", headers=csrf).status_code == 200
    r = c.post("/cookie/refresh", headers={"X-CSRF-Token": c.cookies["csrf_refresh_token"]})
    assert r.json() == {"refreshed": True}
    csrf = {"X-CSRF-Token": c.cookies["csrf_access_token"]}
    assert c.post("/cookie/logout", headers=csrf).json() == {"logged_out": "test"}
    assert c.get("/protected").json()["code"] == "missing_token"


def test_websocket_echo() -> None:
    _, c = make()
    token = c.post("/login", json=USER).json()["access_token"]
    with c.websocket_connect(f"/ws?token={token}") as ws:
        ws.send_text("hi")
        assert ws.receive_json() == {"user": "test", "echo": "hi"}
    with pytest.raises(WebSocketDisconnect) as info, c.websocket_connect("/ws"):
        pass
    assert info.value.code == 1008


def test_module_level_app_has_secure_cookies_and_docs() -> None:
    c = client(EX.app)
    r = c.post("/cookie/login", json=USER)
    assert all("Secure" in h for h in r.headers.get_list("set-cookie"))
    schema = c.get("/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {
        "PasetoBearer",
        "PasetoCookie",
        "PasetoRefreshCookie",
    }
    assert schema["paths"]["/login"]["post"].get("security") is None
    assert c.get("/docs").status_code == 200

"""``Depends(auth)``: the seed-style request-bound ``AuthContext``."""

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI

from pasetokit import ConfigurationError
from pasetokit_fastapi import Auth, AuthContext

from fastapi_support import AsyncStore, Clock, bearer, client, make_app, make_policy


def setup(store: Any = None) -> tuple[Clock, Auth, Any]:
    clock = Clock()
    auth = Auth(make_policy(clock, store))
    return clock, auth, client(make_app(auth))


@pytest.mark.parametrize("path", ["/seed", "/seed-async", "/seed-in-async-route"])
def test_paseto_required_and_getters(path: str) -> None:
    _, auth, c = setup()
    assert c.get(path).json()["code"] == "missing_token"
    token = auth.create_access_token("alice")
    body = c.get(path, headers=bearer(token)).json()
    assert body["sub"] == "alice"
    assert body["jti"] == body["payload"]["jti"]
    assert (body["raw"], body["location"]) == (token, "headers")


def test_seed_errors_are_mapped_like_the_dependencies() -> None:
    clock, auth, c = setup()
    refresh = auth.create_refresh_token("alice")
    r = c.get("/seed", headers=bearer(refresh))  # the seed answered 422 here
    assert (r.status_code, r.json()["code"]) == (401, "wrong_token_type")
    assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert c.get("/seed-fresh", headers=bearer(auth.create_access_token("a"))).status_code == 401
    fresh = auth.create_access_token("a", fresh=True)
    assert c.get("/seed-fresh", headers=bearer(fresh)).status_code == 200
    r = c.get("/seed-scoped", headers=bearer(fresh))
    assert (r.status_code, r.json()["code"]) == (403, "insufficient_scope")
    scoped = auth.create_access_token("a", scopes=["items:read"])
    assert c.get("/seed-scoped", headers=bearer(scoped)).status_code == 200
    clock.advance(hours=1)
    assert c.get("/seed", headers=bearer(fresh)).json()["code"] == "token_expired"


def test_seed_optional_bug_is_fixed() -> None:
    clock, auth, c = setup()
    assert c.get("/seed-optional").json()["sub"] is None
    token = auth.create_access_token("alice")
    assert c.get("/seed-optional", headers=bearer(token)).json()["sub"] == "alice"
    clock.advance(hours=1)
    r = c.get("/seed-optional", headers=bearer(token))
    assert (r.status_code, r.json()["code"]) == (401, "token_expired")
    assert c.get("/seed-optional", headers=bearer("v4.local.x")).status_code == 401


def test_seed_refresh_rotate_and_logout() -> None:
    _, auth, c = setup()
    pair = auth.create_token_pair("alice")
    r = c.post("/seed-refresh", headers=bearer(pair.refresh_token))
    assert r.status_code == 200
    assert c.get("/seed", headers=bearer(r.json()["access_token"])).status_code == 200
    assert c.post("/seed-refresh", headers=bearer(pair.access_token)).status_code == 401
    rotated = c.post("/seed-rotate", headers=bearer(pair.refresh_token)).json()
    r = c.post("/seed-rotate", headers=bearer(pair.refresh_token))
    assert r.json()["code"] == "refresh_token_reused"
    login = auth.create_token_pair("bob")
    assert c.post("/seed-logout", headers=bearer(login.access_token)).json()["sub"] == "bob"
    assert c.get("/seed", headers=bearer(login.access_token)).json()["code"] == "token_revoked"
    assert c.get("/seed", headers=bearer(rotated["access_token"])).status_code == 401


def test_login_route_ignores_a_stale_header() -> None:
    _, _, c = setup()
    r = c.post("/seed-login", headers={"Authorization": "Bearer garbage"})
    assert r.status_code == 200
    tokens = r.json()
    assert tokens["access_token"].startswith("v4.local.")
    assert tokens["refresh_token"].startswith("v4.public.")


def test_async_store_from_a_sync_route_waits_on_the_event_loop() -> None:
    store = AsyncStore()
    _, auth, c = setup(store)
    token = auth.create_access_token("alice")
    assert c.get("/seed", headers=bearer(token)).json()["sub"] == "alice"
    assert store.awaited == 1


def test_async_store_with_sync_call_in_async_route_is_a_programming_error() -> None:
    _, auth, c = setup(AsyncStore())
    token = auth.create_access_token("alice")
    with pytest.raises(ConfigurationError, match="apaseto_required"):
        c.get("/seed-in-async-route", headers=bearer(token))


def test_create_tokens_seed_arguments() -> None:
    clock = Clock()
    auth = Auth(make_policy(clock))
    app = FastAPI()
    seen: dict[str, Any] = {}

    @app.post("/mint")
    def mint(authorize: Annotated[AuthContext, Depends(auth)]) -> dict[str, str]:
        seen["short"] = authorize.create_access_token(
            subject="alice", expires_time=timedelta(minutes=1), user_claims={"role": "x"}
        )
        seen["seconds"] = authorize.create_access_token("alice", expires_time=30)
        seen["default"] = authorize.create_access_token("alice", expires_time=True)
        seen["refresh"] = authorize.create_refresh_token("alice", "local", 60)
        for bad in (False, datetime.now(timezone.utc), "soon"):
            with pytest.raises(ConfigurationError, match="expires_time"):
                authorize.create_access_token("alice", expires_time=bad)  # type: ignore[arg-type]
        with pytest.raises(ConfigurationError):  # the seed let user_claims overwrite these
            authorize.create_access_token("alice", user_claims={"type": "refresh"})
        with pytest.raises(ConfigurationError):
            authorize.create_access_token("alice", user_claims={"sub": "mallory"})
        with pytest.raises(ConfigurationError):
            authorize.create_access_token(subject=42)  # type: ignore[arg-type]
        pair = authorize.create_token_pair("alice", user_claims={"role": "x"})
        seen["pair"] = pair.access_token
        return {"ok": "yes"}

    assert client(app).post("/mint").status_code == 200
    policy = auth.policy
    assert policy.verify(seen["short"])["role"] == "x"
    assert policy.verify(seen["refresh"], token_type="refresh")["sub"] == "alice"
    assert seen["refresh"].startswith("v4.local.")
    assert policy.verify(seen["pair"])["role"] == "x"
    clock.advance(seconds=45)
    with pytest.raises(Exception, match="expired"):
        policy.verify(seen["seconds"])
    policy.verify(seen["short"])
    policy.verify(seen["default"])

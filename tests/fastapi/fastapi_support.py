"""Helpers for the FastAPI adapter tests: a settable clock, stores, policies, an app with every
route style (declarative and seed-style, sync and async, HTTP and WebSocket).

No fixtures here (a second ``conftest.py`` would clash with ``tests/conftest.py`` as a module
name). No ``from __future__ import annotations`` either: FastAPI reads route annotations at run
time, and these name locals of :func:`make_app`.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

import uvicorn
from fastapi import Depends, FastAPI, Response, WebSocket
from fastapi.testclient import TestClient

from pasetokit import LocalKey, MemoryRevocationStore, SecretKey, TokenPair, TokenPolicy
from pasetokit_fastapi import Auth, AuthContext

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
KEY = LocalKey.generate()
SIGNER = SecretKey.generate()
Claims = dict[str, Any]


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

    def _check(self) -> None:
        if self.down:
            raise ConnectionError("connection refused")

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        self._check()
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        self._check()
        self.inner.revoke_token(jti, ttl=ttl)

    def revoke_family(self, family: str, *, ttl: float) -> None:
        self._check()
        self.inner.revoke_family(family, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._check()
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        self._check()
        return self.inner.mark_used(jti, ttl=ttl)


class AsyncStore:
    """An asynchronous store (wrapping the memory one) that counts how often it was awaited."""

    def __init__(self) -> None:
        self.inner = MemoryRevocationStore()
        self.awaited = 0
        self.down = False

    def _check(self) -> None:
        self.awaited += 1
        if self.down:
            raise ConnectionError("connection refused")

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        self._check()
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, ttl: float) -> None:
        self._check()
        self.inner.revoke_token(jti, ttl=ttl)

    async def revoke_family(self, family: str, *, ttl: float) -> None:
        self._check()
        self.inner.revoke_family(family, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._check()
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        self._check()
        return self.inner.mark_used(jti, ttl=ttl)


def make_policy(clock: Clock | None = None, store: Any = None, **kwargs: Any) -> TokenPolicy:
    """Local access tokens, public refresh tokens (as in the seed), a fixed clock."""
    return TokenPolicy(
        local_key=KEY,
        secret_key=SIGNER,
        access_purpose="local",
        refresh_purpose="public",
        clock=clock or Clock(),
        revocation_store=store,
        **kwargs,
    )


def make_app(auth: Auth) -> FastAPI:
    """Every route style the adapter offers, on one app."""
    app = FastAPI()
    auth.install(app)
    Access = Annotated[Claims, Depends(auth.required())]

    @app.get("/open")
    async def open_route() -> dict[str, bool]:
        return {"open": True}

    @app.get("/protected")
    async def protected(claims: Access) -> Claims:
        return claims

    @app.get("/sync-protected")
    def sync_protected(claims: Access) -> Claims:
        return claims

    @app.post("/called")
    async def called(claims: Access) -> Claims:
        return claims

    @app.get("/fresh")
    async def fresh(claims: Annotated[Claims, Depends(auth.required(fresh=True))]) -> Claims:
        return claims

    @app.get("/scoped")
    def scoped(
        claims: Annotated[Claims, Depends(auth.required(scopes=["items:read", "items:write"]))],
    ) -> Claims:
        return claims

    @app.get("/optional")
    async def optional(
        claims: Annotated[Claims | None, Depends(auth.required(optional=True))],
    ) -> dict[str, Any]:
        return {"claims": claims}

    @app.post("/refresh")
    async def refresh(
        claims: Annotated[Claims, Depends(auth.required(refresh=True))],
    ) -> dict[str, str]:
        return {"access_token": auth.create_access_token(claims["sub"])}

    @app.post("/rotate")
    async def rotate(pair: Annotated[TokenPair, Depends(auth.rotate())]) -> dict[str, str]:
        return pair._asdict()

    @app.post("/logout")
    async def logout(claims: Annotated[Claims, Depends(auth.revoke())]) -> dict[str, str]:
        return {"logged_out": claims["sub"]}

    @app.post("/logout-token")
    async def logout_token(
        claims: Annotated[Claims, Depends(auth.revoke("token"))],
    ) -> dict[str, str]:
        return {"logged_out": claims["sub"]}

    @app.post("/logout-everywhere")
    async def logout_everywhere(
        claims: Annotated[Claims, Depends(auth.revoke("subject"))],
    ) -> dict[str, str]:
        return {"logged_out": claims["sub"]}

    @app.post("/login-cookies")
    def login_cookies(response: Response) -> dict[str, str]:
        pair = auth.create_token_pair("alice", scopes=["items:read"])
        auth.set_access_cookies(response, pair.access_token)
        auth.set_refresh_cookies(response, pair.refresh_token)
        return pair._asdict()

    @app.post("/logout-cookies")
    def logout_cookies(response: Response) -> dict[str, bool]:
        auth.unset_cookies(response)
        return {"ok": True}

    _seed_routes(app, auth)
    _websocket_routes(app, auth)
    return app


def _seed_routes(app: FastAPI, auth: Auth) -> None:
    Seed = Annotated[AuthContext, Depends(auth)]

    def described(authorize: AuthContext) -> dict[str, Any]:
        return {
            "sub": authorize.get_subject(),
            "jti": authorize.get_jti(),
            "payload": authorize.get_token_payload(),
            "raw": authorize.get_raw_token(),
            "location": authorize.get_token_location(),
        }

    @app.get("/seed")
    def seed(authorize: Seed) -> dict[str, Any]:
        authorize.paseto_required()
        return described(authorize)

    @app.get("/seed-async")
    async def seed_async(authorize: Seed) -> dict[str, Any]:
        await authorize.apaseto_required()
        return described(authorize)

    @app.get("/seed-in-async-route")
    async def seed_in_async_route(authorize: Seed) -> dict[str, Any]:
        authorize.paseto_required()  # sync verify inside the event loop
        return described(authorize)

    @app.get("/seed-optional")
    def seed_optional(authorize: Seed) -> dict[str, Any]:
        authorize.paseto_required(optional=True)
        return described(authorize)

    @app.get("/seed-fresh")
    def seed_fresh(authorize: Seed) -> dict[str, Any]:
        authorize.paseto_required(fresh=True)
        return described(authorize)

    @app.get("/seed-scoped")
    def seed_scoped(authorize: Seed) -> dict[str, Any]:
        authorize.paseto_required(scopes="items:read")
        return described(authorize)

    @app.post("/seed-login")
    def seed_login(authorize: Seed) -> dict[str, str]:
        access = authorize.create_access_token(subject="alice", fresh=True)
        refresh = authorize.create_refresh_token(subject="alice", purpose="public")
        return {"access_token": access, "refresh_token": refresh}

    @app.post("/seed-login-cookies")
    def seed_login_cookies(authorize: Seed) -> dict[str, str]:
        pair = authorize.create_token_pair("alice")
        authorize.set_access_cookies(pair.access_token)
        authorize.set_refresh_cookies(pair.refresh_token, max_age=60)
        return pair._asdict()

    @app.post("/seed-unset")
    def seed_unset(authorize: Seed) -> dict[str, bool]:
        authorize.unset_cookies()
        return {"ok": True}

    @app.post("/seed-refresh")
    def seed_refresh(authorize: Seed) -> dict[str, str]:
        authorize.paseto_required(refresh_token=True)
        subject = authorize.get_subject()
        assert subject is not None
        return {"access_token": authorize.create_access_token(subject=subject)}

    @app.post("/seed-rotate")
    async def seed_rotate(authorize: Seed) -> dict[str, str]:
        return (await authorize.refresh_tokens())._asdict()

    @app.post("/seed-logout")
    async def seed_logout(authorize: Seed) -> dict[str, Any]:
        return await authorize.revoke()


def _websocket_routes(app: FastAPI, auth: Auth) -> None:
    WsClaims = Annotated[Claims, Depends(auth.required(locations=("headers", "query_string")))]

    @app.websocket("/ws")
    async def ws(websocket: WebSocket, claims: WsClaims) -> None:
        await websocket.accept()
        await websocket.send_json({"sub": claims["sub"]})
        await websocket.close()

    @app.websocket("/ws-seed")
    async def ws_seed(
        websocket: WebSocket, authorize: Annotated[AuthContext, Depends(auth)]
    ) -> None:
        await authorize.apaseto_required()
        await websocket.accept()
        await websocket.send_json({"sub": authorize.get_subject()})
        await websocket.close()


def client(app: FastAPI) -> TestClient:
    """HTTPS base URL so that ``Secure`` cookies travel; server errors raise in the test."""
    return TestClient(app, base_url="https://testserver")


def bearer(token: str, scheme: str = "Bearer") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """uvicorn on a free loopback port in a thread; bounded start-up and shut-down."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop within 10 s"

"""Implicit refresh, both adapters: a FastAPI app and a Flask app with the same routes on one
policy (on the shared :class:`FakeClock`), each served by a real server on a loopback port
(uvicorn / werkzeug, in a thread; bounded start-up and shut-down), and a client that reads the
``Set-Cookie`` headers of each answer.

No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Annotated, Any

import httpx
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Response
from fastapi.responses import JSONResponse
from flask import Flask, abort, jsonify
from werkzeug.serving import WSGIRequestHandler, make_server

import pasetokit
from pasetokit import TokenPolicy
from pasetokit_fastapi import Auth, AuthContext
from pasetokit_flask import (
    PasetoManager,
    get_claims,
    get_policy,
    paseto_required,
    set_access_cookies,
    unset_cookies,
    verify_paseto_in_request,
)

from policy_support import FakeClock, make_policy

ACCESS = timedelta(minutes=15)
REFRESH = timedelta(hours=1)
WINDOW = timedelta(minutes=5)
# The options both apps share, spelt FastAPI's way; Flask gets them through its name table.
OPTIONS: dict[str, Any] = {
    "token_locations": ("headers", "cookies"),
    "cookie_secure": False,
    "implicit_refresh": WINDOW,
}
FLASK_KEYS = {
    "token_locations": "PASETO_TOKEN_LOCATION",
    "cookie_secure": "PASETO_COOKIE_SECURE",
    "implicit_refresh": "PASETO_IMPLICIT_REFRESH",
}
Claims = dict[str, Any]


def make_shared_policy(clock: FakeClock, **kwargs: Any) -> TokenPolicy:
    return make_policy(
        clock,
        local_key=pasetokit.LocalKey.generate(),
        access_ttl=ACCESS,
        refresh_ttl=REFRESH,
        **kwargs,
    )


def fastapi_app(policy: TokenPolicy, *, install: bool = True, **options: Any) -> FastAPI:
    auth = Auth(policy, **(OPTIONS | options))
    app = FastAPI()
    if install:
        auth.install(app)

    @app.api_route("/me", methods=["GET", "POST"])
    async def me(claims: Annotated[Claims, Depends(auth.required())]) -> Claims:
        return {"sub": claims["sub"]}

    @app.get("/seed")
    def seed(authorize: Annotated[AuthContext, Depends(auth)]) -> Claims:
        authorize.paseto_required()
        return {"sub": authorize.get_subject()}

    @app.get("/fresh")
    async def fresh(claims: Annotated[Claims, Depends(auth.required(fresh=True))]) -> Claims:
        return {"sub": claims["sub"]}

    @app.post("/refresh")
    async def refresh(claims: Annotated[Claims, Depends(auth.required(refresh=True))]) -> Claims:
        return {"sub": claims["sub"]}

    @app.get("/declined")
    async def declined(claims: Annotated[Claims, Depends(auth.required())]) -> Any:
        return JSONResponse({"error": "no"}, status_code=400)

    @app.get("/raises")
    async def raises(claims: Annotated[Claims, Depends(auth.required())]) -> Claims:
        raise HTTPException(409, "conflict")

    @app.get("/step-up")
    async def step_up(
        claims: Annotated[Claims, Depends(auth.required())], response: Response
    ) -> Claims:
        token = auth.create_access_token(claims["sub"], fresh=True)
        auth.set_access_cookies(response, token)
        return {"sub": claims["sub"]}

    @app.post("/logout")
    async def logout(
        claims: Annotated[Claims, Depends(auth.revoke("family"))], response: Response
    ) -> Claims:
        auth.unset_cookies(response)
        return {"sub": claims["sub"]}

    @app.get("/revoke-quietly")
    async def revoke_quietly(claims: Annotated[Claims, Depends(auth.required())]) -> Claims:
        await auth.policy.arevoke_family(claims)  # after verification, before the response
        return {"sub": claims["sub"]}

    return app


def flask_app(policy: TokenPolicy, **options: Any) -> Flask:
    app = Flask("implicit_refresh")
    app.config.update({FLASK_KEYS[name]: value for name, value in (OPTIONS | options).items()})
    PasetoManager(app, policy=policy)

    def verified() -> Claims:
        claims = get_claims()
        assert claims is not None
        return claims

    def who() -> Claims:
        return {"sub": verified()["sub"]}

    @app.route("/me", methods=["GET", "POST"])
    @paseto_required
    async def me() -> Claims:  # an async view: the async path of the hook's policy call
        return who()

    @app.get("/seed")
    def seed() -> Claims:
        verify_paseto_in_request()
        return who()

    @app.get("/fresh")
    @paseto_required(fresh=True)
    def fresh() -> Claims:
        return who()

    @app.post("/refresh")
    @paseto_required(refresh=True)
    def refresh() -> Claims:
        return who()

    @app.get("/declined")
    @paseto_required
    def declined() -> Any:
        return {"error": "no"}, 400

    @app.get("/raises")
    @paseto_required
    def raises() -> Any:
        abort(409)

    @app.get("/step-up")
    @paseto_required
    def step_up() -> Any:
        response = jsonify(who())
        token = get_policy().create_access_token(verified()["sub"], fresh=True, csrf=True)
        set_access_cookies(response, token)
        return response

    @app.post("/logout")
    @paseto_required
    def logout() -> Any:
        get_policy().revoke_family(verified())
        response = jsonify(who())
        unset_cookies(response)
        return response

    @app.get("/revoke-quietly")
    @paseto_required
    def revoke_quietly() -> Claims:
        get_policy().revoke_family(verified())
        return who()

    return app


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def serve_fastapi(app: FastAPI) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
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
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop within 10 s"


@contextmanager
def serve_flask(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        assert not thread.is_alive(), "werkzeug did not stop within 10 s"


@dataclass(frozen=True)
class Answer:
    status: int
    cookies: SimpleCookie  # what the answer's Set-Cookie headers set (or clear)
    set_cookie_count: int


@dataclass
class Client:
    """Requests with hand-written cookies (no jar: each test says exactly what it sends)."""

    http: httpx.Client

    def send(
        self,
        path: str,
        *,
        method: str = "GET",
        cookies: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        r = self.http.request(method, path, headers=sent)
        jar: SimpleCookie = SimpleCookie()
        values = r.headers.get_list("set-cookie")
        for value in values:
            jar.load(value)
        return Answer(r.status_code, jar, len(values))


@contextmanager
def client_for(which: str, policy: TokenPolicy, **options: Any) -> Iterator[Client]:
    if which == "fastapi":
        served = serve_fastapi(fastapi_app(policy, **options))
    else:
        served = serve_flask(flask_app(policy, **options))
    with served as url, httpx.Client(base_url=url, timeout=10) as http:
        yield Client(http)

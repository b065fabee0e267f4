"""pasetokit_flask example: log-in, refresh with rotation, protected, fresh-only, scoped, log-out
and a cookie-based log-in, on one Flask app.

Run:
    python examples/flask_app.py            # serve on 127.0.0.1 (a free port), drive a scripted
                                            # round trip through it over HTTP, exit 0 when every
                                            # step answers as expected
    python examples/flask_app.py --serve    # keep serving on 127.0.0.1:5000 (try it with curl)

Keys come from PASETO_LOCAL_KEY / PASETO_SECRET_KEY (PASERK; `pasetokit keygen local|public`);
without them, development keys are generated for this run. Access tokens are v4.local
(encrypted, for this service only); refresh tokens are v4.public (signed: another service can
verify them with the public key). Revocations live in the in-memory store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import threading
from collections.abc import Mapping
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any, TypeVar

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.serving import WSGIRequestHandler, make_server

from pasetokit import LocalKey, SecretKey, TokenError
from pasetokit_flask import (
    PasetoManager,
    create_token_pair,
    get_claims,
    get_policy,
    get_raw_token,
    get_subject,
    get_token_location,
    paseto_required,
    set_access_cookies,
    set_refresh_cookies,
    unset_cookies,
)

T = TypeVar("T")

# A toy user table: name -> (password, scopes). Never store plain passwords in real code.
USERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "alice": ("wonderland", ("items:read", "items:write")),
    "bob": ("builder", ("items:read",)),
}


def _check_password() -> tuple[str, tuple[str, ...]] | None:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None
    user = USERS.get(str(data.get("username")))
    if user is None or user[0] != data.get("password"):
        return None
    return str(data["username"]), user[1]


def _present(value: T | None) -> T:
    """Narrow ``T | None``: never ``None`` behind a non-optional ``@paseto_required``."""
    if value is None:
        raise RuntimeError("no verified token in this request")
    return value


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        PASETO_LOCAL_KEY=os.environ.get("PASETO_LOCAL_KEY") or LocalKey.generate().to_paserk(),
        PASETO_SECRET_KEY=os.environ.get("PASETO_SECRET_KEY") or SecretKey.generate().to_paserk(),
        PASETO_ACCESS_PURPOSE="local",
        PASETO_REFRESH_PURPOSE="public",
        PASETO_ACCESS_TTL=timedelta(minutes=15),
        PASETO_TOKEN_LOCATION=["headers", "cookies"],
        PASETO_COOKIE_SECURE=False,  # plain HTTP on loopback; keep the default (True) in production
    )
    app.config.update(config or {})
    manager = PasetoManager(app)
    items = ["hammer"]

    @manager.unauthorized_loader
    def please_log_in(exc: TokenError) -> ResponseReturnValue:
        return {"detail": "log in first: POST /login", "code": exc.code}, 401

    @app.post("/login")
    def login() -> ResponseReturnValue:
        user = _check_password()
        if user is None:
            return {"detail": "bad username or password", "code": "bad_credentials"}, 401
        # fresh for 10 minutes: long enough for a sensitive action right after logging in
        pair = create_token_pair(user[0], scopes=user[1], fresh=timedelta(minutes=10))
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token}

    @app.post("/refresh")
    @paseto_required(refresh=True)
    def refresh() -> ResponseReturnValue:
        # rotation: the refresh token works once; a second use revokes its whole family
        pair = get_policy().refresh(_present(get_raw_token()))
        if get_token_location() == "cookies":
            response = jsonify(ok=True)
            set_access_cookies(response, pair.access_token)
            set_refresh_cookies(response, pair.refresh_token)
            return response
        return {"access_token": pair.access_token, "refresh_token": pair.refresh_token}

    @app.get("/protected")
    @paseto_required
    def protected() -> ResponseReturnValue:
        return {"logged_in_as": get_subject()}

    @app.post("/password")
    @paseto_required(fresh=True)
    def change_password() -> ResponseReturnValue:
        return {"detail": f"password of {get_subject()} changed (not really)"}

    @app.get("/items")
    @paseto_required(scopes=["items:read"])
    def list_items() -> ResponseReturnValue:
        return {"items": items}

    @app.post("/items")
    @paseto_required(scopes=["items:write"])
    def add_item() -> ResponseReturnValue:
        items.append(f"item-{len(items)}")
        return {"items": items}, 201

    @app.get("/whoami")
    @paseto_required(optional=True)
    def whoami() -> ResponseReturnValue:
        return {"user": get_subject()}  # None for anonymous visitors

    @app.post("/logout")
    @paseto_required
    def logout() -> ResponseReturnValue:
        get_policy().revoke_family(
            _present(get_claims())
        )  # this log-in: its access and refresh tokens
        response = jsonify(detail="logged out")
        if get_token_location() == "cookies":
            unset_cookies(response)
        return response

    @app.post("/logout-everywhere")
    @paseto_required(fresh=True)
    def logout_everywhere() -> ResponseReturnValue:
        subject = _present(get_subject())
        get_policy().revoke_subject(subject)
        return {"detail": f"every session of {subject} ended"}

    @app.post("/cookie/login")
    def cookie_login() -> ResponseReturnValue:
        user = _check_password()
        if user is None:
            return {"detail": "bad username or password", "code": "bad_credentials"}, 401
        pair = create_token_pair(user[0], scopes=user[1], csrf=True)
        response = jsonify(detail="logged in; send the csrf_access_token cookie in X-CSRF-Token")
        set_access_cookies(response, pair.access_token)
        set_refresh_cookies(response, pair.refresh_token)
        return response

    return app


# --- the scripted round trip ------------------------------------------------------------------


class Client:
    """A tiny HTTP client for the demo: JSON in and out, and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, dict[str, Any], http.client.HTTPResponse]:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            payload = json.loads(response.read() or b"{}")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, payload, response


def round_trip(port: int, out: Any = sys.stdout) -> bool:
    """Drive every route over HTTP; print each step; ``True`` when all answered as expected."""
    api = Client(port)
    ok = True

    def step(title: str, expected: int, result: tuple[int, dict[str, Any], Any]) -> dict[str, Any]:
        nonlocal ok
        status, payload, _ = result
        mark = "ok " if status == expected else "FAIL"
        ok = ok and status == expected
        detail = payload.get("code") or payload.get("detail") or ""
        print(f"[{mark}] {title}: {status} {detail}".rstrip(), file=out)
        return payload

    step("protected without a token", 401, api.call("GET", "/protected"))
    step("wrong password", 401, api.call("POST", "/login", json_body={"username": "bob"}))
    bob = step(
        "bob logs in",
        200,
        api.call("POST", "/login", json_body={"username": "bob", "password": "builder"}),
    )
    access, refresh = bob.get("access_token", ""), bob.get("refresh_token", "")
    step("protected with the access token", 200, api.call("GET", "/protected", token=access))
    step("anonymous whoami", 200, api.call("GET", "/whoami"))
    step("bob reads items (items:read)", 200, api.call("GET", "/items", token=access))
    step("bob adds an item (needs items:write)", 403, api.call("POST", "/items", token=access))
    step("fresh-only route right after log-in", 200, api.call("POST", "/password", token=access))
    step(
        "refresh token where an access token is expected",
        401,
        api.call("GET", "/protected", token=refresh),
    )
    pair = step("refresh (rotation)", 200, api.call("POST", "/refresh", token=refresh))
    new_access, new_refresh = pair.get("access_token", ""), pair.get("refresh_token", "")
    step("refreshed access token works", 200, api.call("GET", "/protected", token=new_access))
    step("but is not fresh", 401, api.call("POST", "/password", token=new_access))
    step("old refresh token reused", 401, api.call("POST", "/refresh", token=refresh))
    step("whole family revoked", 401, api.call("POST", "/refresh", token=new_refresh))
    step("tampered token", 401, api.call("GET", "/protected", token=access[:-2] + "AA"))

    alice = step(
        "alice logs in",
        200,
        api.call("POST", "/login", json_body={"username": "alice", "password": "wonderland"}),
    )
    a_token = alice.get("access_token", "")
    step("alice adds an item", 201, api.call("POST", "/items", token=a_token))
    step("alice logs out", 200, api.call("POST", "/logout", token=a_token))
    step("her token is revoked", 401, api.call("GET", "/protected", token=a_token))

    step(
        "cookie log-in",
        200,
        api.call(
            "POST", "/cookie/login", json_body={"username": "alice", "password": "wonderland"}
        ),
    )
    step("cookie: GET needs no CSRF header", 200, api.call("GET", "/protected"))
    step("cookie: POST without X-CSRF-Token", 403, api.call("POST", "/items"))
    csrf = {"X-CSRF-Token": api.cookies.get("csrf_access_token", "")}
    step("cookie: POST with X-CSRF-Token", 201, api.call("POST", "/items", headers=csrf))
    refresh_csrf = {"X-CSRF-Token": api.cookies.get("csrf_refresh_token", "")}
    step("cookie: refresh (rotation)", 200, api.call("POST", "/refresh", headers=refresh_csrf))
    csrf = {"X-CSRF-Token": api.cookies.get("csrf_access_token", "")}
    step("cookie: log-out", 200, api.call("POST", "/logout", headers=csrf))
    step("cookie: gone after log-out", 401, api.call("GET", "/protected"))
    return ok


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # the round trip prints its own lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--serve", action="store_true", help="keep serving on 127.0.0.1:5000")
    parser.add_argument("--port", type=int, default=5000, help="port for --serve")
    args = parser.parse_args(argv)
    app = create_app()
    if args.serve:
        print(f"serving on http://127.0.0.1:{args.port} (Ctrl-C to stop)")
        make_server("127.0.0.1", args.port, app, threaded=True).serve_forever()
        return 0
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        print(f"round trip against http://127.0.0.1:{server.server_port}")
        ok = round_trip(server.server_port)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    print("all steps answered as expected" if ok else "some steps FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

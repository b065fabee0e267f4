"""Demo: the FastAPI example app on a real server, driven through a scripted round trip.

    python examples/demo_fastapi.py            # round trip, prints each step, exits 0 when all
                                               # answers are the expected ones (1 otherwise)
    python examples/demo_fastapi.py --serve    # then keeps serving: open the printed /docs URL

The app (examples/fastapi_app.py) runs under uvicorn on 127.0.0.1 (a free port unless --port is
given) in a background thread, with freshly generated development keys and the in-memory
revocation store. Cookies are not ``Secure`` here because the demo speaks plain HTTP on
loopback; keep the default (``cookie_secure=True``) anywhere else.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastapi_app import create_app, development_policy

START_TIMEOUT_S = 10.0


class BackgroundServer:
    """uvicorn in a daemon thread on a loopback socket; bounded start and stop."""

    def __init__(self, app: FastAPI, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port: int = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=START_TIMEOUT_S)
        self.sock.close()


class Script:
    """Runs the steps, prints each one, counts the unexpected answers."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.failures = 0

    def step(
        self,
        what: str,
        method: str,
        path: str,
        status: int,
        code: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        response = self.client.request(method, path, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        got = body.get("code") if isinstance(body, dict) else None
        good = response.status_code == status and (code is None or got == code)
        self.failures += not good
        shown = f"{response.status_code} {got or ''}".strip()
        wanted = "" if good else f"   <-- expected {status} {code or ''}"
        print(f"{'ok ' if good else 'BAD'} {method:<4} {path:<20} {shown:<32} {what}{wanted}")
        return response


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def tamper(token: str) -> str:
    """Change one character in the middle of the token's payload (its MAC no longer fits)."""
    parts = token.split(".")
    payload, i = parts[2], len(parts[2]) // 2
    parts[2] = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1 :]
    return ".".join(parts)


def round_trip(base_url: str) -> int:
    """The scripted round trip; returns the number of unexpected answers."""
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        s = Script(client)
        user = {"username": "test", "password": "test"}
        print("-- bearer tokens")
        s.step("no token", "GET", "/protected", 401, "missing_token")
        s.step("wrong password", "POST", "/login", 401, json={**user, "password": "nope"})
        tokens = s.step("log in", "POST", "/login", 200, json=user).json()
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        print(f"    access token  {access[:24]}...  refresh token {refresh[:25]}...")
        if not (access.startswith("v4.local.") and refresh.startswith("v4.public.")):
            s.failures += 1
            print("BAD expected a local access token and a public refresh token")
        s.step("access token", "GET", "/protected", 200, headers=bearer(access))
        s.step("scoped route", "GET", "/items", 200, headers=bearer(access))
        s.step("fresh-only route", "POST", "/account/password", 200, headers=bearer(access))
        s.step("optional, anonymous", "GET", "/whoami", 200)
        s.step(
            "'XBearerX' is not Bearer",
            "GET",
            "/protected",
            401,
            "missing_token",
            headers={"Authorization": f"XBearerX {access}"},
        )
        s.step(
            "another version",
            "GET",
            "/protected",
            401,
            "malformed_token",
            headers=bearer("v3.local.x"),
        )
        s.step(
            "tampered token",
            "GET",
            "/protected",
            401,
            "invalid_token",
            headers=bearer(tamper(access)),
        )
        s.step(
            "refresh token here",
            "GET",
            "/protected",
            401,
            "wrong_token_type",
            headers=bearer(refresh),
        )
        rotated = s.step("rotate", "POST", "/refresh", 200, headers=bearer(refresh)).json()
        new_access = rotated["access_token"]
        s.step(
            "not fresh",
            "POST",
            "/account/password",
            401,
            "fresh_token_required",
            headers=bearer(new_access),
        )
        s.step(
            "old refresh token",
            "POST",
            "/refresh",
            401,
            "refresh_token_reused",
            headers=bearer(refresh),
        )
        s.step(
            "family revoked", "GET", "/protected", 401, "token_revoked", headers=bearer(new_access)
        )

        guest = s.step(
            "log in as guest",
            "POST",
            "/login",
            200,
            json={"username": "guest", "password": "guest"},
        ).json()
        s.step(
            "missing scope",
            "GET",
            "/items",
            403,
            "insufficient_scope",
            headers=bearer(guest["access_token"]),
        )
        again = s.step("log in again", "POST", "/login", 200, json=user).json()
        s.step("log out", "POST", "/logout", 200, headers=bearer(again["access_token"]))
        s.step(
            "after log-out",
            "GET",
            "/protected",
            401,
            "token_revoked",
            headers=bearer(again["access_token"]),
        )
        s.step(
            "its refresh token",
            "POST",
            "/refresh",
            401,
            "token_revoked",
            headers=bearer(again["refresh_token"]),
        )

        print("-- cookies")
        s.step("cookie log-in", "POST", "/cookie/login", 200, json=user)
        s.step("cookie, safe method", "GET", "/protected", 200)
        s.step("cookie, no CSRF header", "POST", "/logout", 403, "csrf_failed")
        csrf_refresh = {"X-CSRF-Token": client.cookies.get("csrf_refresh_token", "")}
        s.step("cookie rotation", "POST", "/cookie/refresh", 200, headers=csrf_refresh)
        csrf_access = {"X-CSRF-Token": client.cookies.get("csrf_access_token", "")}
        s.step("cookie log-out", "POST", "/cookie/logout", 200, headers=csrf_access)
        s.step("cookies gone", "GET", "/protected", 401, "missing_token")

        print("-- docs")
        s.step("Swagger UI", "GET", "/docs", 200)
        schema = s.step("OpenAPI", "GET", "/openapi.json", 200).json()
        schemes = sorted(schema.get("components", {}).get("securitySchemes", {}))
        print(f"    security schemes: {', '.join(schemes)}")
        if "PasetoBearer" not in schemes:
            s.failures += 1
        return s.failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help="keep serving after the round trip")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: free)")
    args = parser.parse_args(argv)

    app = create_app(development_policy(), cookie_secure=False)
    with BackgroundServer(app, args.port) as server:
        print(f"pasetokit FastAPI example on {server.url} (development keys, in-memory store)")
        failures = round_trip(server.url)
        print(f"{'all steps as expected' if not failures else f'{failures} unexpected answer(s)'}")
        if args.serve:
            print(f"serving: {server.url}/docs  (Ctrl+C to stop)")
            try:
                while server.thread.is_alive():
                    server.thread.join(0.5)
            except KeyboardInterrupt:
                print()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

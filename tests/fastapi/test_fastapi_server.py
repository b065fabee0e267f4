"""A real uvicorn server on a loopback port: the adapter over actual HTTP.

The server runs in a thread on a port the OS picks, start-up and shut-down are bounded, every
request has a timeout. The demo script (which starts its own server) is run as a subprocess.
"""

import socket
import subprocess
import sys
from pathlib import Path

import httpx

from pasetokit_fastapi import Auth

from fastapi_support import AsyncStore, Clock, bearer, make_app, make_policy, serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def raw_request(url: str, payload: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_round_trip_over_http() -> None:
    clock, store = Clock(), AsyncStore()
    auth = Auth(make_policy(clock, store), token_locations=("headers", "cookies"))
    with serve(make_app(auth)) as url, httpx.Client(base_url=url, timeout=10) as http:
        r = http.get("/protected")
        assert (r.status_code, r.json()["code"], r.headers["WWW-Authenticate"]) == (
            401,
            "missing_token",
            "Bearer",
        )
        pair = auth.create_token_pair("alice")
        assert http.get("/protected", headers=bearer(pair.access_token)).json()["sub"] == "alice"
        assert http.get("/seed", headers=bearer(pair.access_token)).json()["sub"] == "alice"
        rotated = http.post("/rotate", headers=bearer(pair.refresh_token))
        assert rotated.status_code == 200
        r = http.post("/rotate", headers=bearer(pair.refresh_token))
        assert (r.status_code, r.json()["code"]) == (401, "refresh_token_reused")
        fresh = auth.create_access_token("bob", fresh=True)
        clock.advance(hours=1)
        r = http.get("/protected", headers=bearer(fresh))
        assert (r.status_code, r.json()["code"]) == (401, "token_expired")
        assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
        store.down = True
        r = http.get("/protected", headers=bearer(auth.create_access_token("c")))
        assert r.status_code == 503
        assert store.awaited >= 5


def test_odd_bytes_on_the_wire_are_never_a_500() -> None:
    auth = Auth(make_policy(), token_locations=("headers", "cookies", "json"))
    with serve(make_app(auth)) as url:
        for payload in [
            b"GET /protected HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\x01v4\r\n"
            b"Connection: close\r\n\r\n",
            b"GET /seed HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer v4.local.\xc3\xa9\r\n"
            b"Connection: close\r\n\r\n",
            b"POST /called HTTP/1.1\r\nHost: x\r\nCookie: access_token_cookie=\xe2\x98\x83; ;;=\r\n"
            b"Content-Length: 0\r\nConnection: close\r\n\r\n",
            b"POST /called HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 9\r\nConnection: close\r\n\r\n{"access_',
        ]:
            response = raw_request(url, payload)
            status = response.split(b" ", 2)[1]
            assert status in (b"400", b"401", b"403"), response[:200]


def test_demo_script_round_trip_exits_0() -> None:
    result = subprocess.run(  # noqa: S603 (our own script, with this interpreter)
        [sys.executable, str(EXAMPLES / "demo_fastapi.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all steps as expected" in result.stdout
    assert "BAD" not in result.stdout

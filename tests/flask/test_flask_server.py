"""A real WSGI server (werkzeug) on a loopback port: the adapter over actual HTTP.

The server runs in a thread on a port the OS picks, every request has a timeout, and the
server is shut down when the test ends.
"""

from __future__ import annotations

import http.client
import importlib.util
import io
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from flask_support import Clock, make_app, make_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "flask_app.py"


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[tuple[BaseWSGIServer, threading.Thread]] = []

    def start(app: Flask) -> int:
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return server.server_port

    yield start
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        assert not thread.is_alive()


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data or b"{}")
    finally:
        conn.close()


def raw_request(port: int, payload: bytes) -> bytes:
    """Bytes the test client would refuse to send (non-Latin-1, odd header values)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(payload)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pasetokit_flask_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_round_trip_over_http(serve: Any) -> None:
    clock = Clock()
    port = serve(make_app(make_policy(clock)))
    status, headers, body = request(port, "GET", "/protected")
    assert (status, body["code"], headers["WWW-Authenticate"]) == (401, "missing_token", "Bearer")
    status, _, tokens = request(port, "POST", "/login")
    assert status == 200
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    status, _, body = request(port, "GET", "/protected", auth)
    assert (status, body["sub"]) == (200, "alice")
    refresh = {"Authorization": f"Bearer {tokens['refresh_token']}"}
    assert request(port, "POST", "/refresh", refresh)[0] == 200
    status, _, body = request(port, "POST", "/refresh", refresh)
    assert (status, body["code"]) == (401, "refresh_token_reused")
    clock.advance(hours=1)
    status, headers, body = request(port, "GET", "/protected", auth)
    assert (status, body["code"]) == (401, "token_expired")
    assert headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_odd_bytes_on_the_wire_are_never_a_500(serve: Any) -> None:
    port = serve(make_app(make_policy(), {"PASETO_TOKEN_LOCATION": ["headers", "cookies"]}))
    payloads = [
        b"GET /protected HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\x00v4\r\n"
        b"Connection: close\r\n\r\n",
        b"GET /protected HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer v4.local.\xc3\xa9\r\n"
        b"Connection: close\r\n\r\n",
        b"POST /called HTTP/1.1\r\nHost: x\r\nCookie: access_token_cookie=\xe2\x98\x83; ;;=\r\n"
        b"Content-Length: 0\r\nConnection: close\r\n\r\n",
        b"GET /protected HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\tb\r\n"
        b"Connection: close\r\n\r\n",
    ]
    for payload in payloads:
        response = raw_request(port, payload)
        status_line = response.split(b"\r\n", 1)[0]
        assert status_line.split()[1] in {b"401", b"403"}, (payload, response[:300])


def test_example_app_round_trip_on_loopback(serve: Any) -> None:
    example = load_example()
    port = serve(example.create_app())
    out = io.StringIO()
    assert example.round_trip(port, out=out), out.getvalue()
    assert "FAIL" not in out.getvalue()


def test_example_main_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_example().main([]) == 0
    assert "all steps answered as expected" in capsys.readouterr().out

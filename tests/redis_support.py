"""Redis fixtures and helpers for tests that need a real Redis server.

Load the fixtures with ``pytest_plugins = ["redis_support"]`` (in a test module or the root
conftest). They are:

* ``redis_url`` (session): ``REDIS_URL``, or ``redis://127.0.0.1:6379/0`` when that answers.
* ``redis_prefix``: a fresh key prefix per test; every key under it is deleted afterwards.
* ``redis_client``: a ``redis.Redis`` on ``redis_url`` (closed afterwards).
* ``private_redis``: a throw-away ``redis-server`` process of this test's own (with a
  password), to stop, pause or resume mid-test.

Without a reachable server (or without the ``redis-server`` binary, for ``private_redis``),
tests skip with the reason, except when ``CI=true``: then they fail, so CI cannot go green by
skipping them.

PYTEST_DONT_REWRITE: test modules import helpers from here before pytest loads it as a plugin,
and it has no asserts worth rewriting.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

__all__ = [
    "DEFAULT_REDIS_URL",
    "PrivateRedis",
    "free_port",
    "private_redis",
    "redis_client",
    "redis_prefix",
    "redis_url",
    "skip_or_fail",
]


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with ``reason``; fail instead when ``CI=true`` (CI must run these tests)."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: Redis tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.rpartition("@")
    if not sep:
        return url
    scheme, _, _ = head.partition("://")
    return f"{scheme}://***@{tail}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        skip_or_fail(
            f"Redis not reachable at {_redacted(url)} ({type(exc).__name__}): set REDIS_URL"
        )
    finally:
        client.close()
    return url


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    prefix = f"pasetokit-test:{secrets.token_hex(8)}:"
    yield prefix
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    yield client
    client.close()


class PrivateRedis:
    """A ``redis-server`` child process on a free loopback port, with a password."""

    def __init__(self, binary: str, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.password = "pw-" + secrets.token_hex(8)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        last = "did not start"
        for _ in range(3):  # the free port may be taken in between: try another
            self.port = free_port()
            log = self.directory / f"redis-{self.port}.log"
            self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.directory),
                    "--requirepass",
                    self.password,
                    "--logfile",
                    str(log),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                if self.ping():
                    return
                time.sleep(0.05)
            self.stop()
            last = log.read_text(errors="replace")[-500:] if log.exists() else last
        raise RuntimeError(f"private redis-server did not answer PING: {last}")

    def ping(self) -> bool:
        client = redis.Redis(
            port=self.port,
            password=self.password,
            socket_timeout=0.5,
            socket_connect_timeout=0.5,
        )
        try:
            return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
        finally:
            client.close()

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL) and wait for it: Redis is down."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        self.resume()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def pause(self) -> None:
        """SIGSTOP: connections stay open but nothing answers (a hung server)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    binary = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
    if not binary:
        skip_or_fail("redis-server binary not found (install it or set REDIS_SERVER)")
    with tempfile.TemporaryDirectory(prefix="pasetokit-redis-") as directory:
        server = PrivateRedis(binary, Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()

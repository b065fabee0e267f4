"""Shared fixtures: a fixed clock and freshly generated keys (never sleep, never real time)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import pasetokit

VECTORS = Path(__file__).parent / "vectors"
NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


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

"""Fixtures of the migration tests (helpers live in ``migration_support``)."""

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """An HTTP client for the port's server."""
    with httpx.Client(timeout=10) as client:
        yield client

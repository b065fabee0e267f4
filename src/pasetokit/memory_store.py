"""Compatibility path: the memory store now lives in :mod:`pasetokit.stores.memory`."""

from __future__ import annotations

from .stores.memory import DEFAULT_MAX_ENTRIES, MemoryRevocationStore

__all__ = ["DEFAULT_MAX_ENTRIES", "MemoryRevocationStore"]

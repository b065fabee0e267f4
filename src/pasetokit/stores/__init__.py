"""The revocation-store layer: the protocols every store implements, and the stores.

- :mod:`pasetokit.stores.protocols`: :class:`RevocationStore` and :class:`AsyncRevocationStore`;
- :mod:`pasetokit.stores.memory`: :class:`MemoryRevocationStore`, the default (one process);
- :mod:`pasetokit.stores.redis`: the Redis stores (the ``pasetokit[redis]`` extra; imported on
  demand, also reachable as ``pasetokit.redis``).
"""

from __future__ import annotations

from .memory import DEFAULT_MAX_ENTRIES, MemoryRevocationStore
from .protocols import AsyncRevocationStore, RevocationStore

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "AsyncRevocationStore",
    "MemoryRevocationStore",
    "RevocationStore",
]

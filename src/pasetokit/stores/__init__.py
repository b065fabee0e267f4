"""The revocation-store layer: the protocols every store implements, and the stores.

- :mod:`pasetokit.stores.protocols`: :class:`RevocationStore` and :class:`AsyncRevocationStore`;
- :mod:`pasetokit.stores.memory`: :class:`MemoryRevocationStore`, the default (one process);
- :mod:`pasetokit.stores.callback`: :class:`CallbackRevocationStore` (and its async twin): the
  application's own ``is_revoked`` (a database deny-list) in front of another store;
- :mod:`pasetokit.stores.redis`: the Redis stores (the ``pasetokit[redis]`` extra; imported on
  demand, also reachable as ``pasetokit.redis``).
"""

from __future__ import annotations

from .callback import AsyncCallbackRevocationStore, CallbackRevocationStore, RevocationQuery
from .memory import DEFAULT_MAX_ENTRIES, MemoryRevocationStore
from .protocols import AsyncRevocationStore, RevocationStore

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "AsyncCallbackRevocationStore",
    "AsyncRevocationStore",
    "CallbackRevocationStore",
    "MemoryRevocationStore",
    "RevocationQuery",
    "RevocationStore",
]

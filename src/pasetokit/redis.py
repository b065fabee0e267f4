"""``pasetokit.redis``: the public home of the Redis stores (``pasetokit[redis]`` extra).

The implementation lives in :mod:`pasetokit.stores.redis`; this module re-exports it so that
``from pasetokit.redis import RedisRevocationStore`` keeps working.
"""

from __future__ import annotations

from .stores.redis import (
    DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    DEFAULT_PREFIX,
    AsyncRedisRevocationStore,
    RedisRevocationStore,
)

__all__ = [
    "DEFAULT_MAX_ENTRIES_PER_SUBJECT",
    "DEFAULT_PREFIX",
    "AsyncRedisRevocationStore",
    "RedisRevocationStore",
]

"""What the Redis stores share: validation, ``from_url``, the client's scripts and the mirror.

:class:`RedisStore` builds every command and reads every reply; it does no I/O. Its writes
are the *plans* of ``_redis_plans`` (generators that yield :class:`Call` and receive the
replies), so :class:`~pasetokit.stores.redis.RedisRevocationStore` and
:class:`~pasetokit.stores.redis.AsyncRedisRevocationStore` drive the same decisions and differ
only in how they send (``_drive`` / ``_adrive``). Imported by ``pasetokit.stores.redis`` once
redis-py is known to be installed.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.cluster
from redis.exceptions import RedisClusterException, RedisError

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

from ._mirror import DEFAULT_MAX_MIRROR_ENTRIES, Mirror, OnStale
from ._redis_layout import (
    DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    DEFAULT_PREFIX,
    Layout,
)
from ._redis_options import client_options, mirror_settings
from ._redis_plans import Call, Plan, Plans
from ._redis_scripts import ADVANCE_FAMILY, CHARGE, FEED, REVOKE_SUBJECT, SET_KEEP_TTL

__all__ = [
    "UNAVAILABLE",
    "AsyncClient",
    "Call",
    "Plan",
    "RedisStore",
    "SyncClient",
    "sync_client_from_url",
    "unavailable",
]

# Errors that mean "Redis cannot answer". asyncio.TimeoutError is its own class on 3.10.
UNAVAILABLE: tuple[type[BaseException], ...] = (
    RedisError,
    RedisClusterException,
    OSError,
    asyncio.TimeoutError,
)

SyncClient = redis.Redis | redis.cluster.RedisCluster
AsyncClient = redis.asyncio.Redis | redis.asyncio.cluster.RedisCluster
Store = TypeVar("Store", bound="RedisStore")


def unavailable(operation: str, exc: BaseException) -> NoReturn:
    """Raise ``RevocationStoreUnavailableError`` for a Redis failure ``exc``."""
    # Only the class name: redis-py messages may carry the host, and the caller's URL may
    # carry credentials. The original stays reachable as __context__ for debugging.
    raise RevocationStoreUnavailableError(
        f"revocation store unavailable: Redis {type(exc).__name__} during {operation}"
    ) from None


def _check_client(client: object, *, want_async: bool, store: str) -> None:
    for name in ("mget", "set", "register_script", "execute_command"):
        if not callable(getattr(client, name, None)):
            expected = "redis.asyncio.Redis" if want_async else "redis.Redis"
            raise ConfigurationError(
                f"{store} needs a {expected} (or cluster) client, got {type(client).__name__}"
            )
    is_async = inspect.iscoroutinefunction(getattr(client, "execute_command", None))
    if is_async and not want_async:
        raise ConfigurationError(
            "RedisRevocationStore got an asyncio client; use AsyncRedisRevocationStore"
        )
    if want_async and not is_async:
        raise ConfigurationError(
            "AsyncRedisRevocationStore got a synchronous client; use RedisRevocationStore"
        )


def _build(factory: Callable[..., Any], url: str, kwargs: dict[str, Any], cluster: bool) -> Any:
    try:
        return factory(url, kwargs, cluster=cluster)
    except (ValueError, TypeError) as exc:
        raise ConfigurationError(
            f"invalid Redis URL or client option ({type(exc).__name__}); expected "
            "redis://[user:password@]host[:port][/db], rediss://... or unix://..."
        ) from None
    except UNAVAILABLE as exc:
        unavailable("from_url", exc)


def sync_client_from_url(url: str, options: dict[str, Any], *, cluster: bool) -> SyncClient:
    if cluster:
        return redis.cluster.RedisCluster.from_url(url, **options)
    return redis.Redis.from_url(url, **options)


def _check_share(value: object) -> int:
    if type(value) is not int or value < 1:
        raise ConfigurationError("max_entries_per_subject must be an int >= 1")
    return value


class RedisStore(Plans):
    """Everything the two stores share: validation, keys, commands and replies (no I/O)."""

    __slots__ = (
        "_advance",
        "_charge_script",
        "_client",
        "_cluster",
        "_feed_script",
        "_layout",
        "_mirror",
        "_revoke_subject",
        "_set_keep_ttl",
        "_share",
    )

    _ASYNC = False

    def __init__(
        self,
        client: Any,
        *,
        prefix: str = DEFAULT_PREFIX,
        max_entries_per_subject: int = DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    ) -> None:
        _check_client(client, want_async=self._ASYNC, store=type(self).__name__)
        self._layout = Layout(prefix)
        self._share = _check_share(max_entries_per_subject)
        self._client = client
        # A cluster reads with a pipeline of GETs (one round trip to the subject's shard):
        # while its slot migrates, an MGET over keys split between two nodes gets TRYAGAIN
        # until the move completes, where each GET simply follows its own ASK redirect.
        self._cluster = isinstance(
            client, (redis.cluster.RedisCluster, redis.asyncio.cluster.RedisCluster)
        )
        self._set_keep_ttl = client.register_script(SET_KEEP_TTL)
        self._charge_script = client.register_script(CHARGE)
        self._feed_script = client.register_script(FEED)
        self._mirror: Mirror | None = None
        self._advance = client.register_script(ADVANCE_FAMILY)
        self._revoke_subject = client.register_script(REVOKE_SUBJECT)

    @classmethod
    def from_url(
        cls: type[Store],
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        cluster: bool = False,
        mirror: bool = False,
        max_staleness: float | None = None,
        on_stale: OnStale = "fail_closed",
        max_mirror_entries: int = DEFAULT_MAX_MIRROR_ENTRIES,
        max_entries_per_subject: int = DEFAULT_MAX_ENTRIES_PER_SUBJECT,
        socket_timeout: float | None = 1.0,
        socket_connect_timeout: float | None = 1.0,
        **client_options_: Any,
    ) -> Store:
        """Build the client from a ``redis://``, ``rediss://`` or ``unix://`` URL;
        ``cluster=True`` builds redis-py's cluster client from one node's URL.

        ``mirror=True`` keeps a local mirror of every live revocation (``_mirror``):
        ``is_revoked`` then makes no network round trip, and fails closed when the mirror
        cannot confirm it is current within ``max_staleness`` seconds (default 1.0), or asks
        Redis directly with ``on_stale="direct"``. ``max_mirror_entries`` bounds its memory.
        ``from_url`` waits (up to ``max(1, max_staleness)`` seconds) for the mirror's first
        load, so an application serves from a current view from its first request.

        Unlike redis-py's defaults (5 s timeouts, 10 retries), an outage is reported within
        about two timeouts: one retry with a short backoff unless ``retry=`` is given. Other
        keyword arguments go to redis-py's ``from_url``; unknown or conflicting ones raise
        :class:`ConfigurationError` here, not at the first command. The single-node and
        asyncio clients connect lazily; the synchronous cluster client reads the cluster's
        slot map here (an unreachable cluster raises ``RevocationStoreUnavailableError``).
        """
        if type(cluster) is not bool or type(mirror) is not bool:
            raise ConfigurationError("from_url: cluster and mirror must be True or False")
        settings = mirror_settings(mirror, max_staleness, on_stale, max_mirror_entries)
        options = {
            **client_options_,
            "socket_timeout": socket_timeout,
            "socket_connect_timeout": socket_connect_timeout,
        }
        checked, kwargs = client_options(url, options, is_async=cls._ASYNC, cluster=cluster)
        store = cls(
            _build(cls._client_from_url, checked, kwargs, cluster),
            prefix=prefix,
            max_entries_per_subject=max_entries_per_subject,
        )
        if settings is not None:
            # The mirror's thread blocks in XREAD on a synchronous client of its own.
            sync_url, sync_kwargs = client_options(
                url, settings.client_options(options), is_async=False, cluster=cluster
            )
            feed_client = _build(sync_client_from_url, sync_url, sync_kwargs, cluster)
            store._mirror = Mirror(
                feed_client,
                store._layout,
                max_staleness=settings.max_staleness,
                max_entries=settings.max_entries,
                fallback_when_stale=settings.fallback_when_stale,
            )
            # Serve from a loaded view from the first request on, if Redis lets us.
            store._mirror.wait_current(max(1.0, settings.max_staleness))
        return store

    @property
    def mirror(self) -> Mirror | None:
        """The local mirror (``from_url(..., mirror=True)``), or ``None``."""
        return self._mirror

    def close_mirror(self) -> None:
        """Stop the mirror's thread and close its client (the store then reads directly)."""
        mirror, self._mirror = self._mirror, None
        if mirror is not None:
            mirror.close()

    @staticmethod
    def _client_from_url(url: str, options: dict[str, Any], *, cluster: bool) -> Any:
        raise NotImplementedError

    @property
    def prefix(self) -> str:
        """The prefix of every key this store writes (``prefix=``, default ``pasetokit:``)."""
        return self._layout.prefix

    @property
    def max_entries_per_subject(self) -> int:
        """How many live entries one subject may hold before its writes are refused."""
        return self._share

    def _local(self, jti: object, family: object, subject: object, issued_at: float) -> bool | None:
        """The mirror's answer, or ``None``: look it up in Redis (keys: :meth:`_keys`)."""
        if not isinstance(subject, str) or not isinstance(jti, str):
            raise ConfigurationError("is_revoked needs the token's jti and subject (str)")
        if family is not None and not isinstance(family, str):
            raise ConfigurationError("is_revoked: family must be a str or None")
        mirror = self._mirror
        return None if mirror is None else mirror.lookup(jti, family, subject, issued_at)

    def __repr__(self) -> str:  # never the client: its repr names the server
        return f"{type(self).__name__}(prefix={self._layout.prefix!r})"

"""``from_url`` options, checked when the store is built (never at the first command).

redis-py accepts any keyword at ``from_url`` time and fails only when it first connects (or
passes a misspelt name on to a constructor deep inside), so a typo would turn into a 503 on
every request. Here every option must be one redis-py's client (or cluster client) of that
flavour accepts, read from redis-py's own signatures at import time so new redis-py options
keep working; anything else, or a combination that cannot work, is a ``ConfigurationError``
with a did-you-mean.
"""

from __future__ import annotations

import difflib
import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.asyncio.connection
import redis.asyncio.retry
import redis.cluster
import redis.connection
import redis.retry
from redis.backoff import ExponentialWithJitterBackoff

from pasetokit.exceptions import ConfigurationError

__all__ = ["MirrorSettings", "client_options", "mirror_settings"]

# Set by from_url itself, from the URL: giving them again is a conflict, not an option.
_FROM_URL = frozenset({"host", "port", "url", "startup_nodes", "connection_pool", "path"})
_TIMEOUTS = ("socket_timeout", "socket_connect_timeout")


def _names(*callables: Callable[..., object]) -> set[str]:
    names: set[str] = set()
    for function in callables:
        for parameter in inspect.signature(function).parameters.values():
            if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD):
                names.add(parameter.name)
    names.discard("self")
    return names


def _connection_names(module: Any) -> set[str]:
    names = _names(
        module.AbstractConnection.__init__,
        module.Connection.__init__,
        module.SSLConnection.__init__,
        module.UnixDomainSocketConnection.__init__,
        module.ConnectionPool.__init__,
    )
    return names | {"max_connections", "connection_class"}


_SYNC = frozenset(_names(redis.Redis.__init__) | _connection_names(redis.connection))
_ASYNC = frozenset(
    _names(redis.asyncio.Redis.__init__) | _connection_names(redis.asyncio.connection)
)
_SYNC_CLUSTER = frozenset(
    _names(redis.cluster.RedisCluster.__init__) | set(redis.cluster.REDIS_ALLOWED_KEYS)
)
_ASYNC_CLUSTER = frozenset(_names(redis.asyncio.cluster.RedisCluster.__init__))


def _allowed(*, is_async: bool, cluster: bool) -> frozenset[str]:
    if cluster:
        return _ASYNC_CLUSTER if is_async else _SYNC_CLUSTER
    return _ASYNC if is_async else _SYNC


def _check_names(given: Iterable[str], allowed: frozenset[str], client: str) -> None:
    for name in sorted(given):
        if name in _FROM_URL:
            raise ConfigurationError(
                f"from_url: option {name!r} conflicts with the URL, which names the server"
            )
        if name not in allowed:
            ours = {"prefix", "cluster", "mirror", "max_staleness", "on_stale"}
            close = difflib.get_close_matches(name, sorted(allowed | ours), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigurationError(f"from_url: {client} takes no option {name!r}{hint}")


def _check_timeout(name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"from_url: {name} must be seconds (a number) or None")
    if not (value > 0 and math.isfinite(value)):
        raise ConfigurationError(f"from_url: {name} must be a positive, finite number")


def _check_url(url: object, *, cluster: bool) -> str:
    if not isinstance(url, str) or not url:
        raise ConfigurationError("from_url: url must be a non-empty str")
    scheme = urlsplit(url).scheme
    if scheme not in ("redis", "rediss", "unix"):
        raise ConfigurationError(
            "from_url: expected redis://[user:password@]host[:port][/db], rediss://... or "
            "unix://..."
        )
    if cluster:
        if scheme == "unix":
            raise ConfigurationError("from_url: Redis Cluster is reached over TCP, not unix://")
        db = urlsplit(url).path.strip("/")
        if db not in ("", "0"):
            raise ConfigurationError("from_url: Redis Cluster has only database 0")
    return url


def client_options(
    url: object,
    options: Mapping[str, Any],
    *,
    is_async: bool,
    cluster: bool,
) -> tuple[str, dict[str, Any]]:
    """The checked URL and the keyword arguments for the client's ``from_url``."""
    client = "redis-py's " + ("asyncio " if is_async else "") + ("cluster " if cluster else "")
    checked = _check_url(url, cluster=cluster)
    _check_names(options, _allowed(is_async=is_async, cluster=cluster), client + "client")
    if cluster and options.get("db") not in (None, 0):
        raise ConfigurationError("from_url: Redis Cluster has only database 0")
    for name in _TIMEOUTS:
        _check_timeout(name, options.get(name))
    result = dict(options)
    if "retry" not in result:
        # One quick retry (a dropped idle connection is re-dialled once), then fail: with
        # redis-py's own defaults (up to 10 retries, 5 s timeouts) an unreachable or hung
        # Redis can hold every request for seconds before it fails closed.
        backoff = ExponentialWithJitterBackoff(base=0.01, cap=0.1)
        retry_cls = redis.asyncio.retry.Retry if is_async else redis.retry.Retry
        result["retry"] = retry_cls(backoff, retries=1)
    return checked, result


@dataclass(frozen=True, slots=True, kw_only=True)
class MirrorSettings:
    """``from_url``'s mirror options, checked."""

    max_staleness: float
    max_entries: int
    fallback_when_stale: bool

    def client_options(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """Options for the mirror's own synchronous client: the store's, minus what only the
        asyncio client takes, with a read timeout longer than one blocking ``XREAD``."""
        sync = {k: v for k, v in options.items() if k in _SYNC | _SYNC_CLUSTER and k != "retry"}
        block = max(0.01, self.max_staleness / 4)
        timeout = sync.get("socket_timeout")
        sync["socket_timeout"] = max(block + 0.5, timeout if timeout is not None else 0.0)
        return sync


def mirror_settings(
    mirror: bool,
    max_staleness: object,
    on_stale: object,
    max_entries: object,
) -> MirrorSettings | None:
    if not mirror:
        if max_staleness is not None or on_stale != "fail_closed":
            raise ConfigurationError("from_url: max_staleness and on_stale need mirror=True")
        return None
    staleness = 1.0 if max_staleness is None else max_staleness
    if isinstance(staleness, bool) or not isinstance(staleness, (int, float)):
        raise ConfigurationError("from_url: max_staleness must be seconds (a number)")
    if not (0.05 <= staleness <= 3600):
        raise ConfigurationError("from_url: max_staleness must be between 0.05 and 3600 s")
    if on_stale not in ("fail_closed", "direct"):
        raise ConfigurationError("from_url: on_stale must be 'fail_closed' or 'direct'")
    if type(max_entries) is not int or max_entries < 1:
        raise ConfigurationError("from_url: max_mirror_entries must be an int >= 1")
    return MirrorSettings(
        max_staleness=float(staleness),
        max_entries=max_entries,
        fallback_when_stale=on_stale == "direct",
    )

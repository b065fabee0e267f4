"""Revocation stores on Redis (the ``pasetokit[redis]`` extra): :class:`RedisRevocationStore`
for ``redis.Redis`` / ``redis.cluster.RedisCluster`` and :class:`AsyncRedisRevocationStore`
for ``redis.asyncio.Redis`` / ``redis.asyncio.cluster.RedisCluster``.

Both implement :class:`pasetokit.stores.RevocationStore` (resp. ``AsyncRevocationStore``), so
any number of servers share revocations and refresh-token families through one Redis, single
node or Redis Cluster (``from_url(url, cluster=True)``, or pass a cluster client). The two
stores share one base (:class:`_RedisStore`): it builds every command and reads every reply,
the subclasses only send them. The key layout and the scripts are in ``_redis_layout``:
the keys one verification reads share one hash slot per subject, so a cluster spreads
subjects over all its shards.

- ``is_revoked`` costs one ``MGET`` (on a cluster: one pipeline of ``GET`` to one shard);
  ``revoke_subject``, a rotation and a revocation in place one ``EVALSHA``; a new entry
  (``revoke_token``, a family's first rotation or revocation) two more: charge the subject's
  share, then write. Every script touches one key, atomically, so a slot migration on a
  cluster only ever redirects (``MOVED``/``ASK``), never refuses (``TRYAGAIN``).
- A family keeps one key (its current refresh token) however often it rotates; reusing an old
  token revokes that key in place, so reuse detection never needs a new entry.
- No subject holds more than ``max_entries_per_subject`` live entries (default 10,000): one
  account cannot grow Redis without bound. A refused write raises
  :class:`pasetokit.RevocationStoreUnavailableError`.

Any Redis failure (connection refused or lost, timeout, an error reply, a cluster without the
slot's master) raises :class:`pasetokit.RevocationStoreUnavailableError`, whose message names
only the operation and the error class, never the server address or credentials; the policy
then fails closed. ``from_url`` gives the client short timeouts and one retry, so an
unreachable Redis is reported in bounded time rather than stalling requests.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Generator
from typing import Any, NamedTuple, NoReturn, TypeVar

try:
    import redis
    import redis.asyncio
    import redis.asyncio.cluster
    import redis.cluster
    from redis.exceptions import RedisClusterException, RedisError
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess test
    if exc.name is None or exc.name.split(".")[0] != "redis":
        raise
    raise ModuleNotFoundError(
        'pasetokit.redis needs redis-py: pip install "pasetokit[redis]"', name=exc.name
    ) from None

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

from ._mirror import DEFAULT_MAX_MIRROR_ENTRIES, FEED, FEED_RETENTION_S, Mirror, OnStale
from ._redis_layout import (
    ABSENT,
    ADVANCE_FAMILY,
    CHARGE,
    DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    DEFAULT_PREFIX,
    OVER_SHARE,
    REVOKE_SUBJECT,
    SET_KEEP_TTL,
    Layout,
    before_arg,
    decide,
    escape,
    ttl_ms,
    ttl_s,
)
from ._redis_options import client_options, mirror_settings

__all__ = [
    "DEFAULT_MAX_ENTRIES_PER_SUBJECT",
    "DEFAULT_PREFIX",
    "AsyncRedisRevocationStore",
    "RedisRevocationStore",
]

# Errors that mean "Redis cannot answer". asyncio.TimeoutError is its own class on 3.10.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    RedisError,
    RedisClusterException,
    OSError,
    asyncio.TimeoutError,
)

SyncClient = redis.Redis | redis.cluster.RedisCluster
AsyncClient = redis.asyncio.Redis | redis.asyncio.cluster.RedisCluster
Store = TypeVar("Store", bound="_RedisStore")


class _Call(NamedTuple):
    """One script invocation, built by the base and sent by a subclass."""

    operation: str
    script: Callable[..., Any]
    keys: list[str]
    args: list[str | int]


def _unavailable(operation: str, exc: BaseException) -> NoReturn:
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
    except _UNAVAILABLE as exc:
        _unavailable("from_url", exc)


def _check_share(value: object) -> int:
    if type(value) is not int or value < 1:
        raise ConfigurationError("max_entries_per_subject must be an int >= 1")
    return value


class _RedisStore:
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
            feed_client = _build(
                RedisRevocationStore._client_from_url, sync_url, sync_kwargs, cluster
            )
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
        return self._layout.prefix

    @property
    def max_entries_per_subject(self) -> int:
        return self._share

    def __repr__(self) -> str:  # never the client: its repr names the server
        return f"{type(self).__name__}(prefix={self._layout.prefix!r})"

    # --- commands: each write is a short plan of single-key calls ----------------------------
    #
    # A plan is a generator: it yields a _Call, receives the reply, and returns the result.
    # The sync and async stores drive the same plans (_drive / _adrive), so the decisions are
    # written once and the subclasses only do the I/O.

    def _announce(
        self, operation: str, kind: str, subject: str, name: str, *, value: str, ms: int
    ) -> _Call:
        """The feed entry every write makes for the mirrors (of every process)."""
        args: list[str | int] = [
            kind, escape(subject), escape(name), value, ms, FEED_RETENTION_S * 1000,
        ]  # fmt: skip
        return _Call(operation, self._feed_script, [self._layout.feed()], args)

    def _charge(self, operation: str, share_key: str, member: str, ms: int) -> _Call:
        return _Call(operation, self._charge_script, [share_key], [member, ms, self._share])

    def _entry_plan(self, operation: str, kind: str, name: str, subject: str, ttl: float) -> Plan:
        key, share_key, member = self._layout.entry(kind, name, subject)
        ms = ttl_ms(ttl)
        yield self._announce(operation, kind, subject, name, value="1", ms=ms)  # before the write
        if kind == "fam":
            # A family with a record (it has rotated) is revoked in place: no share needed,
            # so this cannot be refused, however full the subject's share is.
            reply = yield _Call(operation, self._set_keep_ttl, [key], ["1", ms, "xx"])
            if reply != ABSENT:
                return True
        self._admitted((yield self._charge(operation, share_key, member, ms)), operation)
        yield _Call(operation, self._set_keep_ttl, [key], ["1", ms, "any"])
        return True

    def _token_plan(self, jti: str, subject: str, ttl: float) -> Plan:
        return self._entry_plan("revoke_token", "jti", jti, subject, ttl)

    def _family_plan(self, family: str, subject: str, ttl: float) -> Plan:
        return self._entry_plan("revoke_family", "fam", family, subject, ttl)

    def _subject_plan(self, subject: str, before: float, ttl: float) -> Plan:
        value, ms = before_arg(before), ttl_ms(ttl)
        yield self._announce("revoke_subject", "sub", subject, "", value=value, ms=ms)
        args: list[str | int] = [value, ms]
        yield _Call("revoke_subject", self._revoke_subject, [self._layout.subject(subject)], args)
        return True

    def _advance_plan(
        self, family: str, subject: str, presented: str, successor: str, ttl: float
    ) -> Plan:
        for name, value in (("presented", presented), ("successor", successor)):
            if not isinstance(value, str):
                raise ConfigurationError(f"{name} must be a str (a jti)")
        key, share_key, member = self._layout.entry("fam", family, subject)
        ms = ttl_ms(ttl)
        args: list[str | int] = [presented, successor, ms, "xx"]
        # Rotation (and reuse: revoke in place) of an existing family: one call.
        reply = yield _Call("advance_family", self._advance, [key], args)
        if reply == ABSENT:  # its first rotation: charge the subject, then create the record
            charge = self._charge("advance_family", share_key, member, ms)
            self._admitted((yield charge), "advance_family")
            create: list[str | int] = [presented, successor, ms, "any"]
            reply = yield _Call("advance_family", self._advance, [key], create)
        if reply != 1:  # reuse: the family was revoked in place, tell the mirrors
            yield self._announce("advance_family", "fam", subject, family, value="1", ms=ms)
        return reply == 1

    @staticmethod
    def _admitted(reply: object, operation: str) -> None:
        if reply == OVER_SHARE:
            raise RevocationStoreUnavailableError(
                f"revocation store refused {operation}: this subject holds "
                "max_entries_per_subject live entries; older entries must expire first"
            )


Plan = Generator[_Call, object, bool]


class RedisRevocationStore(_RedisStore):
    """A :class:`pasetokit.stores.RevocationStore` on ``redis.Redis`` or
    ``redis.cluster.RedisCluster``. Thread-safe (redis-py's connection pools are)."""

    __slots__ = ()

    def __init__(
        self,
        client: SyncClient,
        *,
        prefix: str = DEFAULT_PREFIX,
        max_entries_per_subject: int = DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    ) -> None:
        super().__init__(client, prefix=prefix, max_entries_per_subject=max_entries_per_subject)

    @staticmethod
    def _client_from_url(url: str, options: dict[str, Any], *, cluster: bool) -> SyncClient:
        if cluster:
            return redis.cluster.RedisCluster.from_url(url, **options)
        return redis.Redis.from_url(url, **options)

    @property
    def client(self) -> SyncClient:
        client: SyncClient = self._client
        return client

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        mirror = self._mirror
        if mirror is not None:
            answer = mirror.lookup(jti, family, subject, issued_at)  # type: ignore[arg-type]
            if answer is not None:
                return answer
        keys = self._layout.lookup(jti, family, subject)  # type: ignore[arg-type]
        try:
            if self._cluster:
                pipe = self._client.pipeline(transaction=False)
                for key in keys:
                    pipe.get(key)
                values = pipe.execute()
            else:
                values = self._client.mget(keys)
        except _UNAVAILABLE as exc:
            _unavailable("is_revoked", exc)
        return decide(values, family, issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self._drive(self._token_plan(jti, subject, ttl))

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self._drive(self._family_plan(family, subject, ttl))

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._drive(self._subject_plan(subject, before, ttl))

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        return self._drive(self._advance_plan(family, subject, presented, successor, ttl))

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        """First-version protocol (one key per token): ``True`` the first time only."""
        key, seconds = self._layout.used(jti), ttl_s(ttl)
        try:
            created = self._client.set(key, "1", nx=True, ex=seconds)
        except _UNAVAILABLE as exc:
            _unavailable("mark_used", exc)
        return bool(created)

    def _drive(self, plan: Plan) -> bool:
        call = next(plan)
        while True:
            try:
                reply = call.script(keys=call.keys, args=call.args)
            except _UNAVAILABLE as exc:
                _unavailable(call.operation, exc)
            try:
                call = plan.send(reply)
            except StopIteration as done:
                result: bool = done.value
                return result


class AsyncRedisRevocationStore(_RedisStore):
    """A :class:`pasetokit.stores.AsyncRevocationStore` on ``redis.asyncio.Redis`` or
    ``redis.asyncio.cluster.RedisCluster``.

    Same keys and scripts as :class:`RedisRevocationStore` (the two interoperate on one Redis).
    A ``redis.asyncio`` client belongs to the event loop that first used it.
    """

    __slots__ = ()

    _ASYNC = True

    def __init__(
        self,
        client: AsyncClient,
        *,
        prefix: str = DEFAULT_PREFIX,
        max_entries_per_subject: int = DEFAULT_MAX_ENTRIES_PER_SUBJECT,
    ) -> None:
        super().__init__(client, prefix=prefix, max_entries_per_subject=max_entries_per_subject)

    @staticmethod
    def _client_from_url(url: str, options: dict[str, Any], *, cluster: bool) -> AsyncClient:
        if cluster:
            return redis.asyncio.cluster.RedisCluster.from_url(url, **options)
        return redis.asyncio.Redis.from_url(url, **options)

    @property
    def client(self) -> AsyncClient:
        client: AsyncClient = self._client
        return client

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        mirror = self._mirror
        if mirror is not None:
            answer = mirror.lookup(jti, family, subject, issued_at)  # type: ignore[arg-type]
            if answer is not None:
                return answer
        keys = self._layout.lookup(jti, family, subject)  # type: ignore[arg-type]
        try:
            if self._cluster:
                pipe = self._client.pipeline(transaction=False)
                for key in keys:
                    pipe.get(key)
                values = await pipe.execute()
            else:
                values = await self._client.mget(keys)
        except _UNAVAILABLE as exc:
            _unavailable("is_revoked", exc)
        return decide(values, family, issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        await self._adrive(self._token_plan(jti, subject, ttl))

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        await self._adrive(self._family_plan(family, subject, ttl))

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        await self._adrive(self._subject_plan(subject, before, ttl))

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        return await self._adrive(self._advance_plan(family, subject, presented, successor, ttl))

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        """First-version protocol (one key per token): ``True`` the first time only."""
        key, seconds = self._layout.used(jti), ttl_s(ttl)
        try:
            created = await self._client.set(key, "1", nx=True, ex=seconds)
        except _UNAVAILABLE as exc:
            _unavailable("mark_used", exc)
        return bool(created)

    async def _adrive(self, plan: Plan) -> bool:
        call = next(plan)
        while True:
            script: Callable[..., Awaitable[object]] = call.script
            try:
                reply = await script(keys=call.keys, args=call.args)
            except _UNAVAILABLE as exc:
                _unavailable(call.operation, exc)
            try:
                call = plan.send(reply)
            except StopIteration as done:
                result: bool = done.value
                return result

"""Revocation stores on Redis (the ``pasetokit[redis]`` extra): :class:`RedisRevocationStore`
for ``redis.Redis`` / ``redis.cluster.RedisCluster`` and :class:`AsyncRedisRevocationStore`
for ``redis.asyncio.Redis`` / ``redis.asyncio.cluster.RedisCluster``.

Both implement :class:`pasetokit.stores.RevocationStore` (resp. ``AsyncRevocationStore``), so
any number of servers share revocations and refresh-token families through one Redis, single
node or Redis Cluster (``from_url(url, cluster=True)``, or pass a cluster client). The two
stores share one base (:class:`_RedisStore`): it builds every command and reads every reply,
the subclasses only send them (``_redis_base``, ``_redis_plans``). The key layout is in
``_redis_layout``, the scripts in ``_redis_scripts``: the keys one verification reads share
one hash slot per subject, so a cluster spreads subjects over all its shards.

- ``is_revoked`` costs one ``MGET`` (on a cluster: one pipeline of ``GET`` to one shard;
  with the mirror, nothing); ``revoke_subject``, a rotation and a revocation in place one
  ``EVALSHA``; a new entry (``revoke_token``, a family's first rotation or revocation) one
  more: charge the subject's share, then write. On a single node each revocation script also
  announces the revocation on the mirrors' feed in the same atomic step; on a cluster the
  announcement is one more call, made first (``_mirror``, "The feed"). On a cluster every
  script touches one key, atomically, so a slot migration only ever redirects
  (``MOVED``/``ASK``), never refuses (``TRYAGAIN``).
- A family keeps one key (its current refresh token) however often it rotates; reusing an old
  token revokes that key in place (on a cluster: marks it, in the rotation script, so it can
  never rotate again, then revokes it once announced), so reuse detection never needs a new
  entry.
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

from collections.abc import Awaitable, Callable
from typing import Any

try:
    import redis
    import redis.asyncio
    import redis.asyncio.cluster
    import redis.cluster
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess test
    if exc.name is None or exc.name.split(".")[0] != "redis":
        raise
    raise ModuleNotFoundError(
        'pasetokit.redis needs redis-py: pip install "pasetokit[redis]"', name=exc.name
    ) from None


from ._redis_base import (
    UNAVAILABLE,
    AsyncClient,
    Plan,
    RedisStore,
    SyncClient,
    sync_client_from_url,
    unavailable,
)
from ._redis_layout import DEFAULT_MAX_ENTRIES_PER_SUBJECT, DEFAULT_PREFIX, decide, ttl_s

__all__ = [
    "DEFAULT_MAX_ENTRIES_PER_SUBJECT",
    "DEFAULT_PREFIX",
    "AsyncRedisRevocationStore",
    "RedisRevocationStore",
]


class RedisRevocationStore(RedisStore):
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
        return sync_client_from_url(url, options, cluster=cluster)

    @property
    def client(self) -> SyncClient:
        """The redis-py client the store talks to (``redis.Redis`` or ``RedisCluster``)."""
        client: SyncClient = self._client
        return client

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """One round trip: ``jti``, ``family`` or ``subject`` (up to ``issued_at``) revoked?

        Served from the local mirror when one is enabled and current. On Redis Cluster the keys
        share the subject's hash slot and are read with a pipeline of GETs.

        Raises:
            RevocationStoreUnavailableError: Redis cannot answer (the message names only the
                error class, never the server or its credentials).
        """
        answer = self._local(jti, family, subject, issued_at)
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
        except UNAVAILABLE as exc:
            unavailable("is_revoked", exc)
        return decide(values, family, issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """Revoke token ``jti`` for ``ttl`` seconds; an existing entry's life is never shortened.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or ``subject`` already holds
                ``max_entries_per_subject`` live entries.
        """
        self._drive(self._token_plan(jti, subject, ttl))

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """Revoke ``family`` for ``ttl`` seconds; a family that has rotated is revoked in place.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or ``subject``'s share is
                full and the family has no record yet.
        """
        self._drive(self._family_plan(family, subject, ttl))

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """Revoke every token of ``subject`` issued at or before ``before`` (epoch seconds).

        The instant only moves forward, atomically (a Lua script).

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or the share is full.
        """
        self._drive(self._subject_plan(subject, before, ttl))

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """Atomic refresh rotation (a Lua script): see :meth:`RevocationStore.advance_family`.

        Returns:
            ``True`` when ``presented`` was current (or the family had no record): ``successor``
            is now current. ``False`` for a reused token: the family is revoked in place.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached.
        """
        return self._drive(self._advance_plan(family, subject, presented, successor, ttl))

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        """First-version protocol (one key per token): ``True`` the first time only."""
        key, seconds = self._layout.used(jti), ttl_s(ttl)
        try:
            created = self._client.set(key, "1", nx=True, ex=seconds)
        except UNAVAILABLE as exc:
            unavailable("mark_used", exc)
        return bool(created)

    def _drive(self, plan: Plan) -> bool:
        call = next(plan)
        while True:
            try:
                reply = call.script(keys=call.keys, args=call.args)
            except UNAVAILABLE as exc:
                unavailable(call.operation, exc)
            try:
                call = plan.send(reply)
            except StopIteration as done:
                result: bool = done.value
                return result


class AsyncRedisRevocationStore(RedisStore):
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
        """The ``redis.asyncio`` client the store talks to (``Redis`` or ``RedisCluster``)."""
        client: AsyncClient = self._client
        return client

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        """:meth:`RedisRevocationStore.is_revoked`, awaited: one round trip, or the mirror.

        Raises:
            RevocationStoreUnavailableError: Redis cannot answer.
        """
        answer = self._local(jti, family, subject, issued_at)
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
        except UNAVAILABLE as exc:
            unavailable("is_revoked", exc)
        return decide(values, family, issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        """:meth:`RedisRevocationStore.revoke_token`, awaited.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or the share is full.
        """
        await self._adrive(self._token_plan(jti, subject, ttl))

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        """:meth:`RedisRevocationStore.revoke_family`, awaited.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or the share is full.
        """
        await self._adrive(self._family_plan(family, subject, ttl))

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        """:meth:`RedisRevocationStore.revoke_subject`, awaited.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached, or the share is full.
        """
        await self._adrive(self._subject_plan(subject, before, ttl))

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        """:meth:`RedisRevocationStore.advance_family`, awaited: same keys, same script.

        Raises:
            RevocationStoreUnavailableError: Redis cannot be reached.
        """
        return await self._adrive(self._advance_plan(family, subject, presented, successor, ttl))

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        """First-version protocol (one key per token): ``True`` the first time only."""
        key, seconds = self._layout.used(jti), ttl_s(ttl)
        try:
            created = await self._client.set(key, "1", nx=True, ex=seconds)
        except UNAVAILABLE as exc:
            unavailable("mark_used", exc)
        return bool(created)

    async def _adrive(self, plan: Plan) -> bool:
        call = next(plan)
        while True:
            script: Callable[..., Awaitable[object]] = call.script
            try:
                reply = await script(keys=call.keys, args=call.args)
            except UNAVAILABLE as exc:
                unavailable(call.operation, exc)
            try:
                call = plan.send(reply)
            except StopIteration as done:
                result: bool = done.value
                return result

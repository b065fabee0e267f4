"""CallbackRevocationStore / AsyncCallbackRevocationStore: the application's deny-list first,
then an inner store (memory or Redis) for the policy's own writes and rotation; fail closed
when the callback raises or answers something that is not a bool."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from pasetokit import (
    ConfigurationError,
    MemoryRevocationStore,
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
)
from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore
from pasetokit.stores import AsyncCallbackRevocationStore, CallbackRevocationStore, RevocationQuery

from policy_support import FakeClock, make_policy

pytest_plugins = ["redis_support"]


class DenyTable:
    """What an application's table of revoked ids looks like from here."""

    def __init__(self) -> None:
        self.rows: set[str] = set()
        self.down = False
        self.seen: list[RevocationQuery] = []

    def __call__(self, query: RevocationQuery) -> bool:
        self.seen.append(query)
        if self.down:
            raise ConnectionError("database is down")
        return query.jti in self.rows


def test_callback_revokes_and_inner_store_keeps_the_policys_writes() -> None:
    clock, table = FakeClock(), DenyTable()
    store = CallbackRevocationStore(table, inner=MemoryRevocationStore(clock=clock.monotonic))
    policy = make_policy(clock, store=store)
    token, other = policy.create_access_token("alice"), policy.create_access_token("bob")
    claims = policy.verify(token)
    assert table.seen[-1] == RevocationQuery(
        claims["jti"], claims["fam"], "alice", table.seen[-1].issued_at
    )
    table.rows.add(claims["jti"])
    with pytest.raises(RevokedTokenError):
        policy.verify(token)
    policy.revoke(other)  # written to the inner store, not to the application's table
    with pytest.raises(RevokedTokenError):
        policy.verify(other)
    assert len(table.rows) == 1


def test_rotation_and_reuse_detection_go_through_the_inner_store() -> None:
    clock = FakeClock()
    policy = make_policy(clock, store=CallbackRevocationStore(DenyTable()))
    first = policy.create_refresh_token("alice")
    second = policy.refresh(first)
    with pytest.raises(RefreshTokenReusedError):
        policy.refresh(first)
    with pytest.raises(RevokedTokenError):
        policy.verify(second.refresh_token, token_type="refresh")


@pytest.mark.parametrize("answer", [None, 1, "yes", object()])
def test_a_callback_that_raises_or_answers_badly_fails_closed(answer: Any) -> None:
    clock, table = FakeClock(), DenyTable()
    policy = make_policy(clock, store=CallbackRevocationStore(table))
    token = policy.create_access_token("alice")
    table.down = True
    with pytest.raises(RevocationStoreUnavailableError, match="database is down"):
        policy.verify(token)
    weird = make_policy(clock, store=CallbackRevocationStore(lambda q: answer))
    with pytest.raises(RevocationStoreUnavailableError, match="True or False"):
        weird.verify(weird.create_access_token("alice"))


def test_fail_open_is_the_applications_explicit_choice() -> None:
    clock, table = FakeClock(), DenyTable()
    table.down = True
    policy = make_policy(clock, store=CallbackRevocationStore(table), fail_open=True)
    assert policy.verify(policy.create_access_token("alice"))["sub"] == "alice"


def test_misuse_is_refused_when_built() -> None:
    async def async_callback(query: RevocationQuery) -> bool:
        return False

    with pytest.raises(ConfigurationError, match="AsyncCallbackRevocationStore"):
        CallbackRevocationStore(async_callback)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="callable"):
        CallbackRevocationStore("not a function")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="block the event loop"):
        AsyncCallbackRevocationStore(async_callback, inner=CallbackRevocationStore(DenyTable()))  # type: ignore[arg-type]


def test_async_twin_with_async_callback_and_memory_inner() -> None:
    clock = FakeClock()
    denied: set[str] = set()
    calls = {"n": 0}

    async def is_revoked(query: RevocationQuery) -> bool:
        calls["n"] += 1
        await asyncio.sleep(0)
        if query.subject == "down":
            raise OSError("timeout")
        return query.jti in denied

    policy = make_policy(
        clock,
        store=AsyncCallbackRevocationStore(
            is_revoked, inner=MemoryRevocationStore(clock=clock.monotonic)
        ),
    )

    async def scenario() -> None:
        token = policy.create_access_token("alice")
        claims = await policy.averify(token)
        denied.add(claims["jti"])
        with pytest.raises(RevokedTokenError):
            await policy.averify(token)
        other = policy.create_access_token("bob")
        await policy.arevoke(other)
        with pytest.raises(RevokedTokenError):
            await policy.averify(other)
        with pytest.raises(RevocationStoreUnavailableError, match="timeout"):
            await policy.averify(policy.create_access_token("down"))

    asyncio.run(scenario())
    assert calls["n"] == 4


@pytest.mark.redis
def test_composes_with_redis(redis_url: str, redis_prefix: str) -> None:
    clock, table = FakeClock(), DenyTable()
    inner = RedisRevocationStore.from_url(redis_url, prefix=redis_prefix)
    policy = make_policy(clock, store=CallbackRevocationStore(table, inner=inner))
    token, other = policy.create_access_token("alice"), policy.create_access_token("bob")
    table.rows.add(policy.verify(token)["jti"])
    with pytest.raises(RevokedTokenError):
        policy.verify(token)
    claims = policy.verify(other)
    policy.revoke(other)
    with pytest.raises(RevokedTokenError):
        policy.verify(other)
    # The revocation is in Redis, where another process's store sees it.
    elsewhere = RedisRevocationStore.from_url(redis_url, prefix=redis_prefix)
    assert elsewhere.is_revoked(
        jti=claims["jti"], family=claims["fam"], subject="bob", issued_at=0.0
    )


@pytest.mark.redis
def test_async_twin_composes_with_async_redis(redis_url: str, redis_prefix: str) -> None:
    clock = FakeClock()

    async def scenario() -> None:
        inner = AsyncRedisRevocationStore.from_url(redis_url, prefix=redis_prefix)
        policy = make_policy(
            clock, store=AsyncCallbackRevocationStore(lambda q: q.subject == "mallory", inner=inner)
        )
        with pytest.raises(RevokedTokenError):
            await policy.averify(policy.create_access_token("mallory"))
        token = policy.create_access_token("alice")
        await policy.averify(token)
        await policy.arevoke(token)
        with pytest.raises(RevokedTokenError):
            await policy.averify(token)

    asyncio.run(scenario())

"""pasetokit.redis against a real Redis server (``REDIS_URL``; see ``redis_support``).

Most behaviour is written once as a coroutine over an ``AsyncRevocationStore`` and run for both
flavours: the async store itself, and the sync store behind a thin view that calls it directly.
"""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, ClassVar, Protocol, TypeVar

import pytest
import redis
import redis.asyncio
import redis.asyncio.retry
import redis.retry
from hypothesis import given
from hypothesis import strategies as st
from redis.crc import key_slot

from pasetokit import LocalKey, TokenPair, TokenPolicy
from pasetokit.exceptions import (
    ConfigurationError,
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
)
from pasetokit.redis import (
    DEFAULT_PREFIX,
    AsyncRedisRevocationStore,
    RedisRevocationStore,
)
from pasetokit.stores import AsyncRevocationStore, RevocationStore
from pasetokit.stores._redis_layout import escape as _escape

from redis_support import PrivateRedis, free_port

pytest_plugins = ["redis_support"]

R = TypeVar("R")


class ScenarioStore(AsyncRevocationStore, Protocol):
    """What the scenarios drive: the protocol plus the first-version ``mark_used``."""

    async def mark_used(self, jti: str, *, ttl: float) -> bool: ...


Scenario = Callable[[ScenarioStore], Coroutine[Any, Any, None]]
RunStore = Callable[..., None]

# Strings that must be usable as jti / family / subject and must never meet another key.
AWKWARD = [
    "plain",
    "user:42",
    "user%3A42",
    "jti:x",
    "fam:x",
    ":",
    "",
    "a b\r\nc\x00",
    "{slot}",
    "*?[glob]\\",
    "ünïcødé-😀",
    "\ud83d\ude00",  # a surrogate pair as two code points: not the same string as the emoji
    "\udfff",
]


class SyncAsAsync:
    """Drives a sync store from a coroutine scenario (blocking calls are fine in tests)."""

    def __init__(self, store: RedisRevocationStore) -> None:
        self.store = store

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.store.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_token(jti, subject=subject, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self.store.revoke_family(family, subject=subject, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.store.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        return self.store.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        return self.store.mark_used(jti, ttl=ttl)


def run_scenario(
    flavour: str, url: str, prefix: str, scenario: Scenario, **client_options: Any
) -> None:
    options: dict[str, Any] = {"socket_timeout": 5, "socket_connect_timeout": 5}
    options.update(client_options)
    if flavour == "sync":
        client = redis.Redis.from_url(url, **options)
        try:
            asyncio.run(scenario(SyncAsAsync(RedisRevocationStore(client, prefix=prefix))))
        finally:
            client.close()
        return

    async def main() -> None:
        aclient = redis.asyncio.Redis.from_url(url, **options)
        try:
            await scenario(AsyncRedisRevocationStore(aclient, prefix=prefix))
        finally:
            await aclient.aclose()

    asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture
def run_store(flavour: str, redis_url: str, redis_prefix: str) -> RunStore:
    """``run_store(scenario, **client_options)`` on the shared server, this test's prefix."""

    def run(scenario: Scenario, **client_options: Any) -> None:
        run_scenario(flavour, redis_url, redis_prefix, scenario, **client_options)

    return run


def all_keys(client: redis.Redis, prefix: str) -> dict[str, int]:
    """Every key under ``prefix`` -> its TTL in seconds."""
    return {
        key.decode(): client.ttl(key) for key in client.scan_iter(match=prefix + "*", count=1000)
    }


# --- packaging -------------------------------------------------------------------------------


def test_importing_pasetokit_does_not_import_redis() -> None:
    code = "import sys, pasetokit; assert 'redis' not in sys.modules, 'redis imported'"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_missing_redis_py_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['redis'] = None\n"
        "try:\n    import pasetokit.redis\n"
        "except ImportError as exc:\n    print(exc)\n"
        "else:\n    raise SystemExit('imported without redis-py')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert 'pip install "pasetokit[redis]"' in result.stdout


def test_module_uses_redis_py_not_itself() -> None:
    import pasetokit.stores.redis as store_module

    assert vars(store_module)["redis"] is redis  # redis-py, not pasetokit.redis itself
    assert vars(store_module)["redis"].Redis is redis.Redis


# --- construction (no server needed: redis-py connects lazily) -------------------------------


def test_stores_satisfy_the_protocols() -> None:
    store: RevocationStore = RedisRevocationStore(redis.Redis(port=free_port()))
    astore: AsyncRevocationStore = AsyncRedisRevocationStore(redis.asyncio.Redis(port=1))
    assert isinstance(store, RevocationStore)
    assert isinstance(astore, AsyncRevocationStore)
    assert store.prefix == astore.prefix == DEFAULT_PREFIX  # type: ignore[attr-defined]
    assert repr(store) == "RedisRevocationStore(prefix='pasetokit:')"


@pytest.mark.parametrize("prefix", ["", None, 5, b"pasetokit:"])
def test_prefix_must_be_a_non_empty_string(prefix: Any) -> None:
    with pytest.raises(ConfigurationError, match="prefix"):
        RedisRevocationStore(redis.Redis(), prefix=prefix)
    with pytest.raises(ConfigurationError, match="prefix"):
        AsyncRedisRevocationStore(redis.asyncio.Redis(), prefix=prefix)


@pytest.mark.parametrize("client", [None, "redis://localhost", object()])
def test_client_must_look_like_a_redis_client(client: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"needs a redis\.Redis \(or cluster\) client"):
        RedisRevocationStore(client)
    with pytest.raises(
        ConfigurationError, match=r"needs a redis\.asyncio\.Redis \(or cluster\) client"
    ):
        AsyncRedisRevocationStore(client)


def test_sync_and_async_clients_are_not_mixed_up() -> None:
    with pytest.raises(ConfigurationError, match="use AsyncRedisRevocationStore"):
        RedisRevocationStore(redis.asyncio.Redis())  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="use RedisRevocationStore"):
        AsyncRedisRevocationStore(redis.Redis())  # type: ignore[arg-type]


@pytest.mark.parametrize("url", ["http://user:hunter2@localhost/0", "redis://:hunter2@host:x/0"])
def test_from_url_rejects_bad_urls_without_echoing_them(url: str) -> None:
    for cls in (RedisRevocationStore, AsyncRedisRevocationStore):
        with pytest.raises(ConfigurationError) as info:
            cls.from_url(url)
        assert "hunter2" not in str(info.value)


def _retries(retry: redis.retry.Retry | redis.asyncio.retry.Retry) -> int:
    # Retry.get_retries() arrived in redis-py 6.0; the floor (5.0.1) has only the attribute.
    if hasattr(retry, "get_retries"):
        count: int = retry.get_retries()
    else:
        count = retry._retries
    return count


def test_from_url_bounds_timeouts_and_retries() -> None:
    store = RedisRevocationStore.from_url("redis://127.0.0.1:1/0", prefix="p:")
    assert isinstance(store.client, redis.Redis)
    kwargs = store.client.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == 1.0
    assert kwargs["socket_connect_timeout"] == 1.0
    assert store.prefix == "p:"
    assert isinstance(kwargs["retry"], redis.retry.Retry)
    assert _retries(kwargs["retry"]) == 1
    astore = AsyncRedisRevocationStore.from_url("redis://127.0.0.1:1/0", socket_timeout=0.2)
    assert isinstance(astore.client, redis.asyncio.Redis)
    akwargs = astore.client.connection_pool.connection_kwargs
    assert akwargs["socket_timeout"] == 0.2
    assert isinstance(akwargs["retry"], redis.asyncio.retry.Retry)
    assert _retries(akwargs["retry"]) == 1


def test_is_revoked_needs_the_subject() -> None:
    """Keys live under their subject's hash tag: a lookup without one could find nothing."""
    store = RedisRevocationStore(redis.Redis(port=free_port()))  # nothing listens there
    with pytest.raises(ConfigurationError, match="subject"):
        store.is_revoked(jti="j", family=None, subject=None, issued_at=0)
    with pytest.raises(ConfigurationError, match="family"):
        store.is_revoked(jti="j", family=5, subject="s", issued_at=0)  # type: ignore[arg-type]


def test_bad_ttl_and_before_are_rejected_before_any_io() -> None:
    store = RedisRevocationStore(redis.Redis(port=free_port()))  # nothing listens there
    for ttl in (math.nan, math.inf, -math.inf, 1e12, "60", None, True):
        with pytest.raises(ConfigurationError, match="ttl"):
            store.revoke_token("j", subject="alice", ttl=ttl)  # type: ignore[arg-type]
        with pytest.raises(ConfigurationError, match="ttl"):
            store.mark_used("j", ttl=ttl)  # type: ignore[arg-type]
    for before in (math.nan, math.inf, "now", None):
        with pytest.raises(ConfigurationError, match="before"):
            store.revoke_subject("s", before=before, ttl=60)  # type: ignore[arg-type]


# --- key escaping ----------------------------------------------------------------------------


@given(st.text(), st.text())
def test_escaping_is_injective_and_colon_free(a: str, b: str) -> None:
    ea, eb = _escape(a), _escape(b)
    assert ":" not in ea
    assert "{" not in ea
    assert "}" not in ea
    assert ea.isascii()
    assert (ea == eb) == (a == b)


def test_common_ids_stay_readable() -> None:
    for value in ("AbC-_09.~", "alice@example.com", "0f8c7a5e-1b2c-4d3e-9f00-123456789abc"):
        assert _escape(value) == value
    assert _escape("user:42") == "user%3A42"
    assert _escape("100%") == "100%25"


# --- behaviour on the shared server ----------------------------------------------------------


@pytest.mark.redis
def test_key_layout_and_ttls(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    p = redis_prefix

    async def scenario(store: ScenarioStore) -> None:
        await store.revoke_token("tok-1", subject="alice", ttl=120)
        await store.revoke_family("fam-1", subject="alice", ttl=10.2)  # rounded up
        await store.revoke_subject("user:42", before=1_700_000_000.25, ttl=0.3)  # at least 1 s
        assert await store.advance_family(
            "fam-2", subject="user:42", presented="r0", successor="r1", ttl=-5
        )  # an expired token: still 1 s, never 0
        assert await store.mark_used("tok-2", ttl=30)
        keys = all_keys(redis_client, p)
        assert set(keys) == {
            f"{p}{{alice}}:jti:tok-1",
            f"{p}{{alice}}:fam:fam-1",
            f"{p}{{alice}}:n",  # alice's share: two entries
            f"{p}{{user%3A42}}:sub",
            f"{p}{{user%3A42}}:fam:fam-2",
            f"{p}{{user%3A42}}:n",
            f"{p}used:tok-2",
            f"{p}feed",  # the revocations announced to the mirrors
        }
        assert 118 <= keys[f"{p}{{alice}}:jti:tok-1"] <= 120
        assert 10 <= keys[f"{p}{{alice}}:fam:fam-1"] <= 11
        assert redis_client.pttl(f"{p}{{alice}}:fam:fam-1") > 10_200
        assert 118 <= keys[f"{p}{{alice}}:n"] <= 120  # lives as long as its longest entry
        for short in (f"{p}{{user%3A42}}:sub", f"{p}{{user%3A42}}:fam:fam-2"):
            assert 0 < redis_client.pttl(short) <= 1000  # 1 s: never 0, never the raw ttl
        assert redis_client.get(f"{p}{{user%3A42}}:sub") == b"1700000000.25"
        assert redis_client.get(f"{p}{{alice}}:jti:tok-1") == b"1"
        assert redis_client.get(f"{p}{{alice}}:fam:fam-1") == b"1"
        assert redis_client.get(f"{p}{{user%3A42}}:fam:fam-2") == b"g:r1"
        assert redis_client.zrange(f"{p}{{alice}}:n", 0, -1) == [b"fam:fam-1", b"jti:tok-1"]
        assert 590 <= keys[f"{p}feed"] <= 600  # the feed's retention
        assert redis_client.xlen(f"{p}feed") == 3  # token, family, subject: not rotations
        # one hash slot per subject: what a verification reads, and what a write touches
        slot = {key: key_slot(key.encode()) for key in keys if not key.endswith(":feed")}
        assert len({slot[k] for k in keys if "{alice}" in k}) == 1
        assert len({slot[k] for k in keys if "{user%3A42}" in k}) == 1

    run_store(scenario)


@pytest.mark.redis
def test_entries_expire(run_store: RunStore, redis_client: redis.Redis, redis_prefix: str) -> None:
    async def scenario(store: ScenarioStore) -> None:
        await store.revoke_token("short", subject="short", ttl=0.001)
        await store.revoke_family("short", subject="short", ttl=0.001)
        await store.revoke_subject("short", before=10.0, ttl=0.001)
        assert await store.mark_used("short", ttl=0.001)
        assert await store.is_revoked(jti="short", family="short", subject="short", issued_at=1)
        for key in all_keys(redis_client, redis_prefix):
            redis_client.pexpire(key, 1)  # fast-forward: 1 ms left
        await asyncio.sleep(0.05)
        assert all_keys(redis_client, redis_prefix) == {}
        assert not await store.is_revoked(jti="short", family="short", subject="short", issued_at=1)
        assert await store.mark_used("short", ttl=60)
        assert await store.advance_family(
            "short", subject="short", presented="x", successor="y", ttl=60
        )  # a family whose record expired starts afresh

    run_store(scenario)


@pytest.mark.redis
def test_is_revoked_by_token_family_or_subject(run_store: RunStore) -> None:
    async def scenario(store: ScenarioStore) -> None:
        async def revoked(jti: str, family: str | None, subject: str, iat: float) -> bool:
            return await store.is_revoked(jti=jti, family=family, subject=subject, issued_at=iat)

        assert not await revoked("j1", "f1", "alice", 1000.0)
        assert not await revoked("j1", None, "alice", 1000.0)

        await store.revoke_token("j1", subject="alice", ttl=60)
        assert await revoked("j1", None, "alice", 1000.0)
        assert await revoked("j1", "f1", "alice", 1000.0)
        assert not await revoked("j2", "f1", "alice", 1000.0)
        assert not await revoked("j1", "f1", "bob", 1000.0)  # a token is its subject's

        await store.revoke_family("f1", subject="alice", ttl=60)
        assert await revoked("j2", "f1", "alice", 1000.0)
        assert not await revoked("j2", None, "alice", 1000.0)
        assert not await revoked("j2", "f2", "alice", 1000.0)

        await store.revoke_subject("alice", before=1000.5, ttl=60)
        assert await revoked("j3", None, "alice", 1000.0)
        assert await revoked("j3", "f2", "alice", 1000.5)  # issued at `before`: revoked
        assert not await revoked("j3", "f2", "alice", 1000.6)  # issued after: fine
        assert not await revoked("j3", "f2", "bob", 1000.0)

        # a live family record (its current token) and a used-marker are not revocations
        assert await store.advance_family("f3", subject="bob", presented="a", successor="b", ttl=60)
        assert not await revoked("b", "f3", "bob", 1000.0)
        assert await store.mark_used("j4", ttl=60)
        assert not await revoked("j4", None, "bob", 1000.0)

    run_store(scenario)


@pytest.mark.redis
def test_advance_family_detects_reuse_and_revokes_in_place(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    key = f"{redis_prefix}{{alice}}:fam:f"

    async def scenario(store: ScenarioStore) -> None:
        async def advance(presented: str, successor: str) -> bool:
            return await store.advance_family(
                "f", subject="alice", presented=presented, successor=successor, ttl=600
            )

        assert await advance("r0", "r1")  # first rotation: the family has no record yet
        assert await advance("r1", "r2")
        assert await advance("r2", "r3")
        assert len(all_keys(redis_client, redis_prefix)) == 2  # one record, one share: not 3
        assert not redis_client.exists(f"{redis_prefix}feed")  # rotations announce nothing
        assert not await store.is_revoked(jti="r3", family="f", subject="alice", issued_at=0)
        assert not await advance("r1", "evil")  # an older token, used again
        assert redis_client.get(key) == b"1"
        assert redis_client.xlen(f"{redis_prefix}feed") == 1  # the reuse: announced
        assert await store.is_revoked(jti="r3", family="f", subject="alice", issued_at=0)
        assert not await advance("r3", "r4")  # the current one is dead too
        assert redis_client.get(key) == b"1"
        assert len(all_keys(redis_client, redis_prefix)) == 3  # record, share, feed

    run_store(scenario)


@pytest.mark.redis
def test_a_subject_holds_a_bounded_share(redis_url: str, redis_prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    store = RedisRevocationStore(client, prefix=redis_prefix, max_entries_per_subject=5)
    try:
        for i in range(5):
            assert store.advance_family(f"f{i}", subject="m", presented="a", successor="b", ttl=60)
        with pytest.raises(RevocationStoreUnavailableError, match="max_entries_per_subject"):
            store.advance_family("f5", subject="m", presented="a", successor="b", ttl=60)
        with pytest.raises(RevocationStoreUnavailableError, match="max_entries_per_subject"):
            store.revoke_token("j", subject="m", ttl=60)
        assert not client.exists(f"{redis_prefix}{{m}}:fam:f5", f"{redis_prefix}{{m}}:jti:j")
        # what it holds keeps working, in place; other subjects are unaffected
        assert store.advance_family("f0", subject="m", presented="b", successor="c", ttl=60)
        assert not store.advance_family("f1", subject="m", presented="a", successor="x", ttl=60)
        store.revoke_family("f2", subject="m", ttl=60)
        store.revoke_subject("m", before=1.0, ttl=60)
        store.revoke_token("j", subject="n", ttl=60)
        assert store.advance_family("f", subject="n", presented="a", successor="b", ttl=60)
        # expired entries free the share (the server's clock)
        families = list(client.scan_iter(match=f"{redis_prefix}{{m}}:fam:*"))
        for key in families:
            client.pexpire(key, 1)
        client.zadd(f"{redis_prefix}{{m}}:n", {f"fam:f{i}": 1 for i in range(5)})  # long past
        deadline = time.monotonic() + 5  # the server expires them 1 ms on; wait until it has
        while client.exists(*families):
            assert time.monotonic() < deadline, "the server never expired the entries"
            time.sleep(0.001)
        store.revoke_token("j", subject="m", ttl=60)
    finally:
        client.close()
    with pytest.raises(ConfigurationError, match="max_entries_per_subject"):
        RedisRevocationStore(redis.Redis(), max_entries_per_subject=0)


@pytest.mark.redis
def test_subject_keeps_the_latest_before_and_longest_ttl(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    key = f"{redis_prefix}{{bob}}:sub"

    async def scenario(store: ScenarioStore) -> None:
        await store.revoke_subject("bob", before=2000.0, ttl=100)
        await store.revoke_subject("bob", before=1000.0, ttl=10)  # older clock, shorter ttl
        assert redis_client.get(key) == b"2000.0"
        assert redis_client.ttl(key) > 90
        assert await store.is_revoked(jti="x", family=None, subject="bob", issued_at=1500.0)

        await store.revoke_subject("bob", before=3000.123456789, ttl=500)
        assert redis_client.get(key) == repr(3000.123456789).encode()
        assert redis_client.ttl(key) > 490
        assert await store.is_revoked(jti="x", family=None, subject="bob", issued_at=3000.123456789)
        assert not await store.is_revoked(jti="x", family=None, subject="bob", issued_at=3000.2)

        await store.revoke_subject("bob", before=2500, ttl=1)  # an int is fine too
        assert redis_client.get(key) == repr(3000.123456789).encode()
        assert redis_client.ttl(key) > 490

        redis_client.set(key, "garbage", ex=60)  # not ours: overwritten by a valid value
        await store.revoke_subject("bob", before=10.0, ttl=60)
        assert redis_client.get(key) == b"10.0"

    run_store(scenario)


@pytest.mark.redis
def test_revoking_again_never_shortens_the_ttl(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    async def scenario(store: ScenarioStore) -> None:
        await store.revoke_family("f", subject="alice", ttl=1000)
        await store.revoke_family(
            "f", subject="alice", ttl=5
        )  # e.g. revoked again via a short-lived token
        assert redis_client.ttl(f"{redis_prefix}{{alice}}:fam:f") > 990
        await store.revoke_token("t", subject="alice", ttl=5)
        await store.revoke_token("t", subject="alice", ttl=1000)
        assert redis_client.ttl(f"{redis_prefix}{{alice}}:jti:t") > 990

    run_store(scenario)


@pytest.mark.redis
def test_mark_used_is_first_use_only(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    async def scenario(store: ScenarioStore) -> None:
        assert await store.mark_used("r1", ttl=300) is True
        assert await store.mark_used("r1", ttl=300) is False
        assert await store.mark_used("r1", ttl=9999) is False
        assert 295 <= redis_client.ttl(f"{redis_prefix}used:r1") <= 300  # first TTL kept
        assert await store.mark_used("r2", ttl=300) is True

    run_store(scenario)


@pytest.mark.redis
def test_awkward_components_never_collide(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    async def scenario(store: ScenarioStore) -> None:
        for i, value in enumerate(AWKWARD):
            await store.revoke_token(value, subject=value, ttl=60)
            await store.revoke_family(value, subject=value, ttl=60)
            await store.revoke_subject(value, before=float(i), ttl=60)
            assert await store.mark_used(value, ttl=60)
        keys = all_keys(redis_client, redis_prefix)
        # no two entries share a key: per subject a token, a family, a cut-off and a share
        assert len(keys) == 5 * len(AWKWARD) + 1  # + the feed
        slots = set()
        for key in keys:
            rest = key[len(redis_prefix) :]
            if rest == "feed":
                continue
            if rest.startswith("used:"):
                assert ":" not in rest[5:]
                continue
            assert rest.startswith("{")
            tag, _, tail = rest[1:].partition("}")
            assert "{" not in tag  # user data never picks the slot
            assert ":" not in tag
            assert tail in (":sub", ":n") or tail.startswith((":jti:", ":fam:"))
            assert ":" not in tail[5:]
            slots.add(tag)
        assert len(slots) == len(AWKWARD)  # one tag per subject, "" included ("%")
        for i, value in enumerate(AWKWARD):
            # each subject's own entry, untouched by the others (before == i exactly)
            assert await store.is_revoked(jti="-", family=None, subject=value, issued_at=i)
            assert not await store.is_revoked(
                jti="-", family=None, subject=value, issued_at=i + 0.5
            )
            assert await store.is_revoked(jti=value, family=None, subject=value, issued_at=99)
            assert await store.is_revoked(jti="-", family=value, subject=value, issued_at=99)
            assert not await store.mark_used(value, ttl=60)
        other = "never-revoked"
        assert not await store.is_revoked(jti=other, family=other, subject=other, issued_at=0)
        assert not await store.is_revoked(jti="plain", family="plain", subject="user", issued_at=0)

    run_store(scenario)


@pytest.mark.redis
def test_decode_responses_client(run_store: RunStore) -> None:
    async def scenario(store: ScenarioStore) -> None:
        await store.revoke_subject("carol", before=50.0, ttl=60)
        assert await store.is_revoked(jti="j", family="f", subject="carol", issued_at=49.0)
        assert not await store.is_revoked(jti="j", family="f", subject="carol", issued_at=51.0)
        assert await store.mark_used("j", ttl=60) is True
        assert await store.mark_used("j", ttl=60) is False

    run_store(scenario, decode_responses=True)


@pytest.mark.redis
def test_unreadable_or_foreign_entries_fail_closed(
    run_store: RunStore, redis_client: redis.Redis, redis_prefix: str
) -> None:
    async def scenario(store: ScenarioStore) -> None:
        redis_client.set(f"{redis_prefix}{{dave}}:sub", "not-a-number", ex=60)
        with pytest.raises(RevocationStoreUnavailableError, match="unreadable"):
            await store.is_revoked(jti="j", family=None, subject="dave", issued_at=1.0)
        redis_client.hset(f"{redis_prefix}used:h", "k", "v")  # someone else's key: "used"
        assert await store.mark_used("h", ttl=60) is False
        redis_client.hset(f"{redis_prefix}{{erin}}:sub", "k", "v")  # wrong type: an error reply
        with pytest.raises(RevocationStoreUnavailableError, match="ResponseError during revoke_"):
            await store.revoke_subject("erin", before=1.0, ttl=60)

    run_store(scenario)


@pytest.mark.redis
def test_sync_and_async_stores_share_state(redis_url: str, redis_prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    sync_store = RedisRevocationStore(client, prefix=redis_prefix)
    try:
        sync_store.revoke_token("shared", subject="alice", ttl=60)
        assert sync_store.mark_used("shared-r", ttl=60)

        async def main() -> None:
            aclient = redis.asyncio.Redis.from_url(redis_url)
            try:
                astore = AsyncRedisRevocationStore(aclient, prefix=redis_prefix)
                assert await astore.is_revoked(
                    jti="shared", family=None, subject="alice", issued_at=0
                )
                assert not await astore.mark_used("shared-r", ttl=60)
                await astore.revoke_subject("s", before=5.0, ttl=60)
            finally:
                await aclient.aclose()

        asyncio.run(main())
        assert sync_store.is_revoked(jti="x", family=None, subject="s", issued_at=5.0)
        # another prefix is another store
        other = RedisRevocationStore(client, prefix=redis_prefix + "other:")
        assert not other.is_revoked(jti="shared", family=None, subject="s", issued_at=0)
    finally:
        client.close()


# --- one round trip per verification ---------------------------------------------------------


def _command_name(packed: Any) -> str:
    data = packed if isinstance(packed, (bytes, str)) else b"".join(packed)
    if isinstance(data, str):
        data = data.encode()
    return data.split(b"\r\n")[2].decode().upper()  # *N, $len, NAME


@pytest.mark.redis
def test_is_revoked_is_one_round_trip_sync(redis_url: str, redis_prefix: str) -> None:
    class Counting(redis.Connection):
        sent: ClassVar[list[str]] = []

        def send_packed_command(self, command: Any, check_health: bool = True) -> None:
            self.sent.append(_command_name(command))
            super().send_packed_command(command, check_health)  # type: ignore[no-untyped-call]

    pool = redis.ConnectionPool.from_url(redis_url, connection_class=Counting)
    client = redis.Redis(connection_pool=pool)
    try:
        store = RedisRevocationStore(client, prefix=redis_prefix)
        store.revoke_token(
            "warm", subject="alice", ttl=60
        )  # connection handshake and script load happen here
        store.revoke_subject("warm", before=1.0, ttl=60)
        Counting.sent.clear()
        assert store.is_revoked(jti="a", family="b", subject="c", issued_at=0) is False
        assert Counting.sent == ["MGET"]
        Counting.sent.clear()
        assert store.is_revoked(jti="warm", family=None, subject="alice", issued_at=0) is True
        assert store.is_revoked(jti="x", family=None, subject="warm", issued_at=0) is True
        assert Counting.sent == ["MGET", "MGET"]
        Counting.sent.clear()
        store.mark_used("m", ttl=60)
        store.revoke_subject("s", before=1.0, ttl=60)  # write and announce: one script
        assert Counting.sent == ["SET", "EVALSHA"]
        Counting.sent.clear()
        store.revoke_token("t", subject="alice", ttl=60)  # charge the share, write (+ announce)
        assert Counting.sent == ["EVALSHA"] * 2
        Counting.sent.clear()
        store.revoke_family("f", subject="alice", ttl=60)  # not in place: + the XX attempt
        assert Counting.sent == ["EVALSHA"] * 3
        Counting.sent.clear()
        store.revoke_family("f", subject="alice", ttl=60)  # in place: one script
        assert Counting.sent == ["EVALSHA"]
        assert store.advance_family("g", subject="a", presented="x", successor="y", ttl=60)
        Counting.sent.clear()
        assert store.advance_family("g", subject="a", presented="y", successor="z", ttl=60)
        assert Counting.sent == ["EVALSHA"]  # a rotation: one call
    finally:
        client.close()
        pool.disconnect()


@pytest.mark.redis
def test_is_revoked_is_one_round_trip_async(redis_url: str, redis_prefix: str) -> None:
    class Counting(redis.asyncio.Connection):
        sent: ClassVar[list[str]] = []

        async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
            self.sent.append(_command_name(command))
            await super().send_packed_command(command, check_health)

    async def main() -> None:
        pool = redis.asyncio.ConnectionPool.from_url(redis_url, connection_class=Counting)
        client = redis.asyncio.Redis(connection_pool=pool)
        try:
            store = AsyncRedisRevocationStore(client, prefix=redis_prefix)
            await store.revoke_token("warm", subject="alice", ttl=60)
            await store.revoke_subject("warm", before=1.0, ttl=60)
            Counting.sent.clear()
            assert await store.is_revoked(jti="a", family="b", subject="c", issued_at=0) is False
            assert Counting.sent == ["MGET"]
            Counting.sent.clear()
            await store.mark_used("m", ttl=60)
            await store.revoke_subject("s", before=1.0, ttl=60)
            assert Counting.sent == ["SET", "EVALSHA"]
            Counting.sent.clear()
            await store.revoke_token("t", subject="alice", ttl=60)
            assert Counting.sent == ["EVALSHA"] * 2
        finally:
            await client.aclose()
            await pool.disconnect()

    asyncio.run(main())


# --- concurrency -----------------------------------------------------------------------------

RACERS = 32


def race(racers: int, call: Callable[[int], R]) -> list[R]:
    """Run ``call(i)`` in ``racers`` threads released together; return every result."""
    barrier = threading.Barrier(racers)
    results: list[R] = []
    lock = threading.Lock()

    def racer(i: int) -> None:
        barrier.wait()
        result = call(i)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == racers, "a racer died or hung"
    return results


def _mark_used_on(stores: list[RedisRevocationStore], jti: str, i: int) -> bool:
    return stores[i % 2].mark_used(jti, ttl=60)


@pytest.mark.redis
def test_mark_used_race_threads(redis_url: str, redis_prefix: str) -> None:
    # two clients, like two application servers sharing one Redis
    clients = [redis.Redis.from_url(redis_url, socket_timeout=5) for _ in range(2)]
    stores = [RedisRevocationStore(c, prefix=redis_prefix) for c in clients]
    try:
        for round_no in range(5):
            results = race(RACERS, partial(_mark_used_on, stores, f"race-{round_no}"))
            assert results.count(True) == 1, results
    finally:
        for c in clients:
            c.close()


@pytest.mark.redis
def test_mark_used_race_tasks(redis_url: str, redis_prefix: str) -> None:
    async def main() -> None:
        clients = [redis.asyncio.Redis.from_url(redis_url, socket_timeout=5) for _ in range(2)]
        stores = [AsyncRedisRevocationStore(c, prefix=redis_prefix) for c in clients]
        try:
            for round_no in range(5):
                jti = f"race-{round_no}"
                results = await asyncio.gather(
                    *(stores[i % 2].mark_used(jti, ttl=60) for i in range(RACERS))
                )
                assert list(results).count(True) == 1, results
        finally:
            for c in clients:
                await c.aclose()

    asyncio.run(main())


@pytest.mark.redis
def test_concurrent_subject_revocations_keep_the_max(
    redis_url: str, redis_prefix: str, redis_client: redis.Redis
) -> None:
    store = RedisRevocationStore(redis_client, prefix=redis_prefix)
    befores = [1000.0 + (i * 7919 % RACERS) for i in range(RACERS)]  # a shuffled 1000..1031

    def revoke(i: int) -> bool:
        store.revoke_subject("zoe", before=befores[i], ttl=60 + i % 5)
        return True

    race(RACERS, revoke)
    assert redis_client.get(f"{redis_prefix}{{zoe}}:sub") == repr(max(befores)).encode()
    assert redis_client.ttl(f"{redis_prefix}{{zoe}}:sub") >= 60


# --- Redis going away: fail closed -----------------------------------------------------------

FAST_FAIL: dict[str, Any] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


async def _assert_every_operation_unavailable(store: ScenarioStore, server: PrivateRedis) -> None:
    calls: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("is_revoked", lambda: store.is_revoked(jti="j", family="f", subject="s", issued_at=1)),
        ("mark_used", lambda: store.mark_used("r", ttl=60)),
        ("revoke_token", lambda: store.revoke_token("j", subject="alice", ttl=60)),
        ("revoke_family", lambda: store.revoke_family("f", subject="alice", ttl=60)),
        ("revoke_subject", lambda: store.revoke_subject("s", before=1.0, ttl=60)),
    ]
    for operation, call in calls:
        started = time.monotonic()
        with pytest.raises(RevocationStoreUnavailableError) as info:
            await call()
        assert time.monotonic() - started < 5, f"{operation} took too long to give up"
        message = str(info.value)
        assert f"during {operation}" in message
        assert server.password not in message
        assert str(server.port) not in message
        assert info.value.__cause__ is None
        assert info.value.code == "revocation_store_unavailable"


@pytest.mark.redis
def test_redis_stopped_mid_run_fails_closed(flavour: str, private_redis: PrivateRedis) -> None:
    async def scenario(store: ScenarioStore) -> None:
        # working (and holding a pooled connection) before the outage
        await store.revoke_token("before-outage", subject="alice", ttl=60)
        assert await store.is_revoked(
            jti="before-outage", family=None, subject="alice", issued_at=1
        )
        assert await store.mark_used("r0", ttl=60)
        private_redis.stop()
        await _assert_every_operation_unavailable(store, private_redis)
        assert private_redis.password not in repr(store)

    run_scenario(flavour, private_redis.url, "p:", scenario, **FAST_FAIL)


@pytest.mark.redis
def test_hung_redis_times_out_and_recovers(flavour: str, private_redis: PrivateRedis) -> None:
    async def scenario(store: ScenarioStore) -> None:
        assert not await store.is_revoked(jti="j", family="f", subject="s", issued_at=1)
        private_redis.pause()
        try:
            await _assert_every_operation_unavailable(store, private_redis)
        finally:
            private_redis.resume()
        # the same store works again once Redis answers
        assert not await store.is_revoked(jti="j", family="f", subject="s", issued_at=1)
        await store.revoke_token("j", subject="alice", ttl=60)
        assert await store.is_revoked(jti="j", family=None, subject="alice", issued_at=1)

    run_scenario(flavour, private_redis.url, "p:", scenario, **FAST_FAIL)


@pytest.mark.redis
def test_from_url_store_fails_fast_when_redis_hangs(private_redis: PrivateRedis) -> None:
    store = RedisRevocationStore.from_url(private_redis.url, socket_timeout=0.3)
    try:
        assert store.mark_used("r", ttl=60)
        private_redis.pause()
        started = time.monotonic()
        with pytest.raises(RevocationStoreUnavailableError):
            store.is_revoked(jti="j", family=None, subject="alice", issued_at=1)
        # one retry: about two timeouts, not redis-py's default of eleven
        assert time.monotonic() - started < 2.0
    finally:
        private_redis.resume()
        store.client.close()


@pytest.mark.redis
def test_async_from_url_store_fails_fast_when_redis_hangs(private_redis: PrivateRedis) -> None:
    async def main() -> None:
        store = AsyncRedisRevocationStore.from_url(private_redis.url, socket_timeout=0.3)
        try:
            assert await store.mark_used("r", ttl=60)
            private_redis.pause()
            started = time.monotonic()
            with pytest.raises(RevocationStoreUnavailableError):
                await store.is_revoked(jti="j", family=None, subject="alice", issued_at=1)
            assert time.monotonic() - started < 2.0
            private_redis.resume()
            assert not await store.mark_used("r", ttl=60)  # and back in business
        finally:
            private_redis.resume()
            await store.client.aclose()

    asyncio.run(main())


def test_unreachable_url_with_credentials_is_not_leaked() -> None:
    port = free_port()  # nothing listens there
    url = f"redis://admin:s3cr3t-pw@127.0.0.1:{port}/0"
    store = RedisRevocationStore.from_url(url, socket_timeout=0.3)
    with pytest.raises(RevocationStoreUnavailableError) as info:
        store.is_revoked(jti="j", family=None, subject="alice", issued_at=1)
    assert "s3cr3t-pw" not in str(info.value)
    assert "admin" not in str(info.value)
    assert "s3cr3t-pw" not in repr(store)

    async def main() -> None:
        astore = AsyncRedisRevocationStore.from_url(url, socket_timeout=0.3)
        try:
            with pytest.raises(RevocationStoreUnavailableError) as ainfo:
                await astore.mark_used("r", ttl=60)
            assert "s3cr3t-pw" not in str(ainfo.value)
        finally:
            await astore.client.aclose()

    asyncio.run(main())


# --- TokenPolicy on Redis --------------------------------------------------------------------


class Clock:
    """A settable clock for the policy (Redis TTLs are relative, so any instant works)."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_policy(
    key: LocalKey, store: Any, clock: Clock | None = None, **options: Any
) -> TokenPolicy:
    return TokenPolicy(local_key=key, revocation_store=store, clock=clock or Clock(), **options)


@pytest.mark.redis
def test_policy_revocations_through_redis(
    local_key: LocalKey, redis_client: redis.Redis, redis_url: str, redis_prefix: str
) -> None:
    clock = Clock()
    policy = make_policy(local_key, RedisRevocationStore(redis_client, prefix=redis_prefix), clock)
    # a second "server": its own policy and client, the same Redis
    other_client = redis.Redis.from_url(redis_url)
    other = make_policy(local_key, RedisRevocationStore(other_client, prefix=redis_prefix), clock)
    try:
        _revocations_are_shared(policy, other, redis_client, redis_prefix, clock)
    finally:
        other_client.close()


def _revocations_are_shared(
    policy: TokenPolicy,
    other: TokenPolicy,
    redis_client: redis.Redis,
    redis_prefix: str,
    clock: Clock,
) -> None:

    alice, bob = policy.create_access_token("alice"), policy.create_access_token("bob")
    claims = policy.verify(alice)
    policy.revoke(alice)
    for p in (policy, other):
        with pytest.raises(RevokedTokenError):
            p.verify(alice)
        assert p.verify(bob)["sub"] == "bob"
    ttl = redis_client.ttl(f"{redis_prefix}{{alice}}:jti:{claims['jti']}")
    assert 0 < ttl <= 15 * 60  # the access token's remaining lifetime

    # log out everywhere: every token of the subject issued until now, on every server
    first = policy.create_access_token("user:42")
    refresh_token = policy.create_refresh_token("user:42")
    clock.advance(5)
    other.revoke_subject("user:42")
    with pytest.raises(RevokedTokenError):
        policy.verify(first)
    with pytest.raises(RevokedTokenError):
        policy.verify(refresh_token, token_type="refresh")
    with pytest.raises(RevokedTokenError):
        policy.refresh(refresh_token)
    assert redis_client.exists(f"{redis_prefix}{{user%3A42}}:sub")
    clock.advance(1)
    assert policy.verify(policy.create_access_token("user:42"))["sub"] == "user:42"


@pytest.mark.redis
def test_policy_refresh_rotation_and_reuse_detection(
    local_key: LocalKey, redis_client: redis.Redis, redis_prefix: str
) -> None:
    clock = Clock()
    policy = make_policy(local_key, RedisRevocationStore(redis_client, prefix=redis_prefix), clock)
    r0 = policy.create_refresh_token("carol")
    first = policy.refresh(r0)
    assert isinstance(first, TokenPair)
    claims = policy.verify(first.access_token)
    family = claims["fam"]
    assert policy.verify(first.refresh_token, token_type="refresh")["fam"] == family
    record = f"{redis_prefix}{{carol}}:fam:{family}"
    current = policy.verify(first.refresh_token, token_type="refresh")["jti"]
    assert redis_client.get(record) == f"g:{current}".encode()  # one record per family
    assert 0 < redis_client.ttl(record) <= 30 * 24 * 3600

    clock.advance(10)
    second = policy.refresh(first.refresh_token)  # normal rotation goes on
    assert policy.verify(second.access_token)["fam"] == family

    with pytest.raises(RefreshTokenReusedError):
        policy.refresh(first.refresh_token)  # stolen and replayed: the family dies
    assert redis_client.get(record) == b"1"  # revoked in place
    for token in (first.access_token, second.access_token):
        with pytest.raises(RevokedTokenError):
            policy.verify(token)
    with pytest.raises(RevokedTokenError):
        policy.refresh(second.refresh_token)
    # other families are untouched
    assert policy.refresh(policy.create_refresh_token("carol")).access_token


def _refresh_outcome(policies: list[TokenPolicy], token: str, i: int) -> object:
    try:
        return policies[i % len(policies)].refresh(token)
    except RevokedTokenError as exc:  # RefreshTokenReusedError included
        return type(exc)


@pytest.mark.redis
def test_policy_refresh_race_threads(
    local_key: LocalKey, redis_url: str, redis_prefix: str
) -> None:
    clients = [redis.Redis.from_url(redis_url, socket_timeout=5) for _ in range(2)]
    clock = Clock()
    policies = [
        make_policy(local_key, RedisRevocationStore(c, prefix=redis_prefix), clock) for c in clients
    ]
    try:
        for round_no in range(3):
            token = policies[0].create_refresh_token(f"racer-{round_no}")
            results = race(16, partial(_refresh_outcome, policies, token))
            winners = [r for r in results if isinstance(r, TokenPair)]
            losers = [r for r in results if not isinstance(r, TokenPair)]
            assert len(winners) == 1, results
            assert set(losers) <= {RefreshTokenReusedError, RevokedTokenError}, results
            assert RefreshTokenReusedError in losers  # reuse was detected, not just lost
            # the losers revoked the family, the winner's fresh tokens included (OAuth BCP)
            with pytest.raises(RevokedTokenError):
                policies[1].verify(winners[0].access_token)
    finally:
        for c in clients:
            c.close()


@pytest.mark.redis
def test_policy_async_store_refresh_race_and_revoke(
    local_key: LocalKey, redis_url: str, redis_prefix: str
) -> None:
    async def main() -> None:
        aclient = redis.asyncio.Redis.from_url(redis_url, socket_timeout=5)
        clock = Clock()
        policy = make_policy(
            local_key, AsyncRedisRevocationStore(aclient, prefix=redis_prefix), clock
        )
        try:
            access = policy.create_access_token("dan")
            with pytest.raises(ConfigurationError, match="averify"):
                policy.verify(access)  # an async store needs the async twins
            assert (await policy.averify(access))["sub"] == "dan"
            await policy.arevoke(access)
            with pytest.raises(RevokedTokenError):
                await policy.averify(access)

            r0 = policy.create_refresh_token("dan")
            pair = await policy.arefresh(r0)
            assert (await policy.averify(pair.access_token))["sub"] == "dan"
            with pytest.raises(RefreshTokenReusedError):
                await policy.arefresh(r0)
            with pytest.raises(RevokedTokenError):
                await policy.averify(pair.access_token)

            for round_no in range(3):
                token = policy.create_refresh_token(f"task-racer-{round_no}")

                async def attempt(token: str = token) -> object:
                    try:
                        return await policy.arefresh(token)
                    except RevokedTokenError as exc:
                        return type(exc)

                results = await asyncio.gather(*(attempt() for _ in range(16)))
                winners = [r for r in results if isinstance(r, TokenPair)]
                assert len(winners) == 1, results
                assert set(results) - set(winners) <= {RefreshTokenReusedError, RevokedTokenError}

            clock.advance(3)
            await policy.arevoke_subject("erin")
            # minted after the log-out: fine
            clock.advance(1)
            assert (await policy.averify(policy.create_access_token("erin")))["sub"] == "erin"
        finally:
            await aclient.aclose()

    asyncio.run(main())


@pytest.mark.redis
def test_policy_with_sync_redis_store_from_async_code(
    local_key: LocalKey, redis_client: redis.Redis, redis_prefix: str
) -> None:
    policy = make_policy(local_key, RedisRevocationStore(redis_client, prefix=redis_prefix))

    async def main() -> None:
        access = policy.create_access_token("fay")
        assert (await policy.averify(access))["sub"] == "fay"
        await policy.arevoke(access)
        with pytest.raises(RevokedTokenError):
            await policy.averify(access)

    asyncio.run(main())
    # the sync side of the same policy writes what the async side reads
    access = policy.create_access_token("fay")
    policy.revoke(access)
    with pytest.raises(RevokedTokenError):
        asyncio.run(policy.averify(access))


@pytest.mark.redis
def test_policy_fails_closed_when_redis_dies(
    flavour: str, local_key: LocalKey, private_redis: PrivateRedis
) -> None:
    async def scenario(store: ScenarioStore) -> None:
        real = store.store if isinstance(store, SyncAsAsync) else store
        closed = make_policy(local_key, real)
        opened = make_policy(local_key, real, fail_open=True)
        access = closed.create_access_token("gus")
        refresh_token = closed.create_refresh_token("gus")

        async def verify(policy: TokenPolicy, token: str) -> dict[str, Any]:
            if flavour == "sync":
                return policy.verify(token)
            return await policy.averify(token)

        async def refresh(policy: TokenPolicy, token: str) -> TokenPair:
            if flavour == "sync":
                return policy.refresh(token)
            return await policy.arefresh(token)

        assert (await verify(closed, access))["sub"] == "gus"
        private_redis.stop()
        with pytest.raises(RevocationStoreUnavailableError) as info:
            await verify(closed, access)
        assert private_redis.password not in str(info.value)
        with pytest.raises(RevocationStoreUnavailableError):
            await refresh(closed, refresh_token)
        # explicit opt-in: the check is skipped, but writes (rotation) still fail closed
        assert (await verify(opened, access))["sub"] == "gus"
        with pytest.raises(RevocationStoreUnavailableError):
            await refresh(opened, refresh_token)

    run_scenario(flavour, private_redis.url, "p:", scenario, **FAST_FAIL)


# --- from_url options fail at build time (issue 11, item 4) ---------------------------------


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"socket_timout": 1}, "did you mean 'socket_timeout'"),
        ({"retry_on_timeut": True}, "did you mean 'retry_on_timeout'"),
        ({"mirorr": True}, "did you mean 'mirror'"),
        ({"host": "elsewhere"}, "conflicts with the URL"),
        ({"connection_pool": None}, "conflicts with the URL"),
        ({"socket_timeout": "1"}, "socket_timeout must be seconds"),
        ({"socket_connect_timeout": -1}, "positive"),
        ({"max_staleness": 1.0}, "need mirror=True"),
        ({"on_stale": "direct"}, "need mirror=True"),
        ({"mirror": True, "max_staleness": 0}, "between"),
        ({"mirror": True, "on_stale": "ignore"}, "on_stale"),
        ({"mirror": True, "max_mirror_entries": 0}, "max_mirror_entries"),
        ({"mirror": "yes"}, "must be True or False"),
        ({"max_entries_per_subject": 0}, "max_entries_per_subject"),
    ],
)
def test_unknown_or_conflicting_options_fail_at_build_time(
    options: dict[str, Any], match: str
) -> None:
    for cls in (RedisRevocationStore, AsyncRedisRevocationStore):
        with pytest.raises(ConfigurationError, match=match):
            cls.from_url("redis://127.0.0.1:1/0", **options)


def test_redis_py_client_options_keep_working() -> None:
    options: dict[str, Any] = {
        "decode_responses": True,
        "health_check_interval": 30,
        "client_name": "api",
        "retry_on_timeout": True,
        "max_connections": 8,
        "username": "svc",
        "socket_keepalive": True,
    }
    store = RedisRevocationStore.from_url("redis://127.0.0.1:1/0", **options)
    assert isinstance(store.client, redis.Redis)
    kwargs = store.client.connection_pool.connection_kwargs
    assert kwargs["client_name"] == "api"
    assert kwargs["decode_responses"] is True
    assert store.client.connection_pool.max_connections == 8
    astore = AsyncRedisRevocationStore.from_url("redis://127.0.0.1:1/0", **options)
    assert isinstance(astore.client, redis.asyncio.Redis)
    assert astore.client.connection_pool.connection_kwargs["client_name"] == "api"
    tls = RedisRevocationStore.from_url("rediss://127.0.0.1:1/0", ssl_cert_reqs="none")
    assert isinstance(tls.client, redis.Redis)

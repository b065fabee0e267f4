"""pasetokit.redis on a real 3-master Redis Cluster that the tests start on loopback.

The cluster (``redis_support.redis_cluster``) is shared by the module; tests that kill a
master get one of their own (``private_redis_cluster``). Every scenario runs through
``TokenPolicy``, the way applications use the store.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
import redis
import redis.asyncio.cluster
import redis.cluster
from redis.crc import key_slot

from pasetokit import (
    ConfigurationError,
    LocalKey,
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenPair,
    TokenPolicy,
)
from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore
from pasetokit.stores import _redis_plans
from pasetokit.stores._redis_layout import Layout
from pasetokit.stores._redis_scripts import REUSED

from policy_support import FakeClock
from redis_support import PrivateRedisCluster

pytest_plugins = ["redis_support"]

pytestmark = pytest.mark.redis

FAST: dict[str, Any] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


def _prefix() -> str:
    return f"t{secrets.token_hex(4)}:"


def _policy(store: Any, clock: FakeClock, **options: Any) -> TokenPolicy:
    return TokenPolicy(local_key=KEY, revocation_store=store, clock=clock, **options)


KEY = LocalKey.generate()


@pytest.fixture
def cluster_store(redis_cluster: PrivateRedisCluster) -> Any:
    store = RedisRevocationStore.from_url(redis_cluster.url, cluster=True, prefix=_prefix())
    yield store
    store.client.close()


# --- construction ----------------------------------------------------------------------------


def test_from_url_cluster_builds_redis_py_cluster_clients(
    redis_cluster: PrivateRedisCluster,
) -> None:
    store = RedisRevocationStore.from_url(redis_cluster.url, cluster=True, **FAST)
    try:
        assert isinstance(store.client, redis.cluster.RedisCluster)
        assert redis_cluster.password not in repr(store)
    finally:
        store.client.close()
    astore = AsyncRedisRevocationStore.from_url(redis_cluster.url, cluster=True, **FAST)
    assert isinstance(astore.client, redis.asyncio.cluster.RedisCluster)
    asyncio.run(astore.client.aclose())
    # a cluster client built by the application works as well
    client = redis.cluster.RedisCluster.from_url(redis_cluster.url)
    try:
        policy = _policy(RedisRevocationStore(client, prefix=_prefix()), FakeClock())
        token = policy.create_access_token("alice")
        policy.revoke(token)
        with pytest.raises(RevokedTokenError):
            policy.verify(token)
    finally:
        client.close()


@pytest.mark.parametrize(
    ("url", "options", "match"),
    [
        ("redis://127.0.0.1:1/2", {}, "only database 0"),
        ("redis://127.0.0.1:1/0", {"db": 3}, "only database 0"),
        ("unix:///tmp/redis.sock", {}, "TCP"),
        ("redis://127.0.0.1:1/0", {"socket_timout": 1}, "did you mean 'socket_timeout'"),
        ("redis://127.0.0.1:1/0", {"host": "other"}, "conflicts with the URL"),
        ("redis://127.0.0.1:1/0", {"startup_nodes": []}, "conflicts with the URL"),
    ],
)
def test_cluster_options_are_checked_before_connecting(
    url: str, options: dict[str, Any], match: str
) -> None:
    for cls in (RedisRevocationStore, AsyncRedisRevocationStore):
        with pytest.raises(ConfigurationError, match=match):
            cls.from_url(url, cluster=True, **options)


def test_cluster_must_be_a_bool() -> None:
    with pytest.raises(ConfigurationError, match="cluster and mirror must be True or False"):
        RedisRevocationStore.from_url("redis://127.0.0.1:1/0", cluster="yes")  # type: ignore[arg-type]


def test_a_hash_tag_in_the_prefix_is_refused() -> None:
    """The old advice (prefix="{pasetokit}:") put every key in one slot."""
    with pytest.raises(ConfigurationError, match="hash tag per subject"):
        RedisRevocationStore(redis.Redis(), prefix="{pasetokit}:")


# --- every operation, through the policy -----------------------------------------------------


def test_every_operation_works_on_the_cluster(cluster_store: RedisRevocationStore) -> None:
    clock = FakeClock()
    policy = _policy(cluster_store, clock)
    alice, bob = policy.create_access_token("alice"), policy.create_access_token("bob")
    policy.revoke(alice)
    with pytest.raises(RevokedTokenError):
        policy.verify(alice)
    assert policy.verify(bob)["sub"] == "bob"

    pair = policy.create_token_pair("carol")
    rotated = policy.refresh(pair.refresh_token)
    again = policy.refresh(rotated.refresh_token)
    with pytest.raises(RefreshTokenReusedError):
        policy.refresh(rotated.refresh_token)  # replayed: the family ends
    for token in (pair.access_token, again.access_token):
        with pytest.raises(RevokedTokenError):
            policy.verify(token)

    other = policy.create_token_pair("dave")
    policy.revoke_family(other.access_token)
    with pytest.raises(RevokedTokenError):
        policy.verify(other.refresh_token, token_type="refresh")

    erin = policy.create_access_token("erin")
    clock.advance(1)
    policy.revoke_subject("erin")
    with pytest.raises(RevokedTokenError):
        policy.verify(erin)
    clock.advance(1)
    assert policy.verify(policy.create_access_token("erin"))["sub"] == "erin"


def test_every_operation_works_on_the_async_cluster_client(
    redis_cluster: PrivateRedisCluster,
) -> None:
    async def main() -> None:
        store = AsyncRedisRevocationStore.from_url(
            redis_cluster.url, cluster=True, prefix=_prefix()
        )
        clock = FakeClock()
        policy = _policy(store, clock)
        try:
            access = policy.create_access_token("alice")
            await policy.arevoke(access)
            with pytest.raises(RevokedTokenError):
                await policy.averify(access)
            pair = policy.create_token_pair("bob")
            rotated = await policy.arefresh(pair.refresh_token)
            with pytest.raises(RefreshTokenReusedError):
                await policy.arefresh(pair.refresh_token)
            with pytest.raises(RevokedTokenError):
                await policy.averify(rotated.access_token)
            other = policy.create_token_pair("carol")
            await policy.arevoke_family(other.refresh_token)
            with pytest.raises(RevokedTokenError):
                await policy.averify(other.access_token)
            dave = policy.create_access_token("dave")
            clock.advance(1)
            await policy.arevoke_subject("dave")
            with pytest.raises(RevokedTokenError):
                await policy.averify(dave)
            # the refresh race: exactly one winner among concurrent tasks
            token = policy.create_refresh_token("racer")

            async def attempt() -> object:
                try:
                    return await policy.arefresh(token)
                except RevokedTokenError as exc:
                    return type(exc)

            results = await asyncio.gather(*(attempt() for _ in range(16)))
            assert sum(isinstance(r, TokenPair) for r in results) == 1, results
            assert RefreshTokenReusedError in results
        finally:
            await store.client.aclose()

    asyncio.run(main())


def _refresh(policy: TokenPolicy, token: str, barrier: threading.Barrier) -> object:
    barrier.wait()
    try:
        return policy.refresh(token)
    except RevokedTokenError as exc:
        return type(exc)


def _refresh_into(
    results: list[object], policy: TokenPolicy, token: str, barrier: threading.Barrier
) -> None:
    results.append(_refresh(policy, token, barrier))  # list.append is atomic


def test_refresh_race_has_exactly_one_winner_on_the_cluster(
    redis_cluster: PrivateRedisCluster,
) -> None:
    prefix = _prefix()
    stores = [
        RedisRevocationStore.from_url(redis_cluster.url, cluster=True, prefix=prefix)
        for _ in range(2)
    ]
    clock = FakeClock()
    policies = [_policy(s, clock) for s in stores]  # two "servers"
    try:
        for round_no in range(3):
            token = policies[0].create_refresh_token(f"racer-{round_no}")
            barrier = threading.Barrier(12)
            results: list[object] = []
            threads = [
                threading.Thread(
                    target=_refresh_into, args=(results, policies[i % 2], token, barrier)
                )
                for i in range(12)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
            winners = [r for r in results if isinstance(r, TokenPair)]
            assert len(winners) == 1, results
            assert RefreshTokenReusedError in results
            with pytest.raises(RevokedTokenError):
                policies[1].verify(winners[0].access_token)
    finally:
        for s in stores:
            s.client.close()


# --- layout: one slot per subject, subjects spread over every master ------------------------


def test_subjects_spread_over_every_master(
    redis_cluster: PrivateRedisCluster, cluster_store: RedisRevocationStore
) -> None:
    policy = _policy(cluster_store, FakeClock())
    for i in range(200):
        policy.revoke(policy.create_access_token(f"user-{i}"))
        policy.refresh(policy.create_refresh_token(f"user-{i}"))
    per_master = []
    for node in redis_cluster.nodes:
        client = node.client()
        try:
            per_master.append(len(list(client.scan_iter(match=cluster_store.prefix + "*"))))
        finally:
            client.close()
    # a token, a family record and a share per subject, and the one feed
    assert sum(per_master) == 200 * 3 + 1
    assert all(count > 200 * 3 * 0.15 for count in per_master), per_master  # ~1/3 each


def test_a_subjects_keys_share_one_slot() -> None:
    layout = Layout("pasetokit:")
    for subject in ("alice", "user:42", "{evil}", "", "a}b{c"):
        keys = [*layout.lookup("j", "f", subject), *layout.entry("jti", "j", subject)[:2]]
        assert len({key_slot(k.encode()) for k in keys}) == 1, keys
    # user-controlled braces never choose the slot: the escaped subject is the tag
    assert layout.subject("{x}") == "pasetokit:{%7Bx%7D}:sub"


# --- a live slot migration (MOVED / ASK / TRYAGAIN) -----------------------------------------


def test_operations_stay_correct_while_a_slot_migrates(
    redis_cluster: PrivateRedisCluster, cluster_store: RedisRevocationStore
) -> None:
    clock = FakeClock()
    policy = _policy(cluster_store, clock)
    subject = "migrant"
    slot = key_slot(cluster_store._layout.subject(subject).encode())
    source = redis_cluster.owner(slot)
    target = next(node for node in redis_cluster.nodes if node is not source)
    revoked = []
    for _ in range(150):  # enough keys in the slot for the move to take a while
        token = policy.create_access_token(subject)
        policy.revoke(token)
        revoked.append(token)
    live = policy.create_access_token(subject)
    chain = policy.create_refresh_token(subject)

    done = threading.Event()
    failure: list[BaseException] = []

    def migrate() -> None:
        try:
            redis_cluster.migrate_slot(slot, target, between_keys=partial(time.sleep, 0.005))
        except BaseException as exc:
            failure.append(exc)
        finally:
            done.set()

    mover = threading.Thread(target=migrate)
    mover.start()
    rounds = during = 0
    try:
        while not done.is_set() or rounds < 5:
            rounds += 1
            during += not done.is_set()
            for token in revoked[rounds % 10 :: 10]:
                with pytest.raises(RevokedTokenError):
                    policy.verify(token)  # never accepted, wherever its key is right now
            assert policy.verify(live)["sub"] == subject
            fresh = policy.create_access_token(subject)
            policy.revoke(fresh)
            revoked.append(fresh)
            with pytest.raises(RevokedTokenError):
                policy.verify(fresh)
            pair = policy.refresh(chain)
            with pytest.raises(RefreshTokenReusedError):
                policy.refresh(chain)  # reuse detected mid-migration too
            chain = policy.create_refresh_token(subject)
            with pytest.raises(RevokedTokenError):
                policy.verify(pair.access_token)
    finally:
        mover.join(timeout=60)
    assert not failure, failure
    assert redis_cluster.owner(slot) is target
    assert during >= 3  # operations really ran while the slot was half moved
    for token in revoked:
        with pytest.raises(RevokedTokenError):
            policy.verify(token)


# --- a master goes away ----------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> float:
    started = time.monotonic()
    with pytest.raises(RevocationStoreUnavailableError) as info:
        call()
    assert info.value.code == "revocation_store_unavailable"
    return time.monotonic() - started


def test_a_killed_master_fails_closed_in_bounded_time(
    private_redis_cluster: PrivateRedisCluster,
) -> None:
    cluster = private_redis_cluster
    store = RedisRevocationStore.from_url(cluster.url, cluster=True, **FAST)
    clock = FakeClock()
    policy = _policy(store, clock)
    opened = _policy(store, clock, fail_open=True)
    try:
        # a subject whose slot lives on the master we are about to kill
        victim = cluster.nodes[1]
        subject = next(
            f"user-{i}"
            for i in range(10_000)
            if cluster.owner(key_slot(store._layout.subject(f"user-{i}").encode())) is victim
        )
        token = policy.create_access_token(subject)
        policy.revoke(token)
        refresh_token = policy.create_refresh_token(subject)
        victim.stop()
        operations: list[Callable[[], object]] = [
            lambda: policy.verify(token),
            lambda: policy.refresh(refresh_token),
            lambda: policy.revoke(policy.create_access_token(subject)),
            lambda: policy.revoke_family(refresh_token),
            lambda: policy.revoke_subject(subject),
            lambda: opened.refresh(refresh_token),  # writes fail closed even with fail_open
        ]
        for operation in operations:
            assert _timed(operation) < 10
        assert cluster.password not in repr(store)
    finally:
        store.client.close()


def test_a_killed_master_fails_closed_on_the_async_client(
    private_redis_cluster: PrivateRedisCluster,
) -> None:
    cluster = private_redis_cluster

    async def main() -> None:
        store = AsyncRedisRevocationStore.from_url(cluster.url, cluster=True, **FAST)
        policy = _policy(store, FakeClock())
        try:
            token = policy.create_access_token("alice")
            await policy.arevoke(token)
            owner = cluster.owner(key_slot(store._layout.subject("alice").encode()))
            owner.stop()
            for _ in range(3):
                started = time.monotonic()
                with pytest.raises(RevocationStoreUnavailableError):
                    await policy.averify(token)  # never accepted
                assert time.monotonic() - started < 10
        finally:
            await store.client.aclose()

    asyncio.run(main())


# --- the feed's write deadline (see _redis_plans) ---------------------------------------------


class _SlowCluster(redis.cluster.RedisCluster):
    """A real cluster client that pauses after each answered script call: ``delays``
    (seconds) in order, then none. A slow or stalled writer, without a fake server."""

    delays: list[float]

    def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        reply = super().execute_command(*args, **kwargs)  # type: ignore[no-untyped-call]
        if str(args[0]).upper() == "EVALSHA" and self.delays:
            time.sleep(self.delays.pop(0))
        return reply


@pytest.mark.parametrize("delays", [[0.2], [0.2, 0, 0, 0.2]], ids=["once", "twice"])
def test_a_write_past_its_deadline_is_announced_again_or_refused(
    redis_cluster: PrivateRedisCluster, monkeypatch: pytest.MonkeyPatch, delays: list[float]
) -> None:
    """On a cluster a revocation is announced first and must be written within the deadline
    after it (shortened here to 100 ms): late once, it is announced again and written; late
    again, nothing is written and the caller is told (fail closed, never a silent write)."""
    monkeypatch.setattr(_redis_plans, "_WRITE_DEADLINE_MS", 100)
    prefix = _prefix()
    client = _SlowCluster(url=redis_cluster.url)
    client.delays = list(delays)  # after: announce, charge, write (late), announce, write
    store = RedisRevocationStore(client, prefix=prefix)
    try:
        if len(delays) == 1:
            store.revoke_token("late", subject="alice", ttl=60)
            assert store.is_revoked(jti="late", family=None, subject="alice", issued_at=0)
        else:
            with pytest.raises(RevocationStoreUnavailableError, match="deadline"):
                store.revoke_token("late", subject="alice", ttl=60)
            assert not store.is_revoked(jti="late", family=None, subject="alice", issued_at=0)
        assert client.xlen(prefix + "feed") == 2  # announced, then announced again
    finally:
        client.close()


def test_a_reuse_marks_the_family_so_it_never_rotates_again(
    cluster_store: RedisRevocationStore,
) -> None:
    """The cluster's rotation script, run on its own (no writer after it): a reuse turns the
    record into the mark "u:" (REUSED), which keeps the record's TTL, is no revocation, and
    rotates for no presented token at all; the writer's revoke then replaces it with "1",
    which the script never turns back into the mark."""
    store, client = cluster_store, cluster_store.client
    key = store._layout.entry("fam", "f", "alice")[0]
    head = store._head(0, _redis_plans.Note("fam", "alice", "f", "1", 1000))

    def script(presented: str) -> object:
        return store._advance(keys=[key], args=[*head, presented, "evil", "xx"])

    assert store.advance_family("f", subject="alice", presented="r0", successor="r1", ttl=600)
    assert store.advance_family("f", subject="alice", presented="r1", successor="r2", ttl=600)
    for presented in ("r0", "r2", "evil", "u:", "", "1"):  # the current "r2" included
        assert script(presented) == REUSED
        assert client.get(key) == b"u:"
        assert client.pttl(key) > 590_000  # the record's TTL, not the shorter one passed
        assert not store.is_revoked(jti="r2", family="f", subject="alice", issued_at=0)
    assert not client.exists(store._layout.feed())  # a mark is never announced
    assert not store.advance_family("f", subject="alice", presented="r2", successor="x", ttl=1)
    assert client.get(key) == b"1"
    assert client.xlen(store._layout.feed()) == 1
    assert store.is_revoked(jti="r2", family="f", subject="alice", issued_at=0)
    assert script("r2") == REUSED
    assert client.get(key) == b"1"  # a revocation is never downgraded to the mark

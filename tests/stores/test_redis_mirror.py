"""The local mirror (``from_url(..., mirror=True)``) against real ``redis-server`` processes.

Staleness is real time on a real server, so these tests wait, briefly: ``max_staleness`` is
0.3 s here. They wait for an observable condition with a bounded deadline (``_eventually``),
never for a fixed time, which a loaded machine can outlast. Policy time is a
:class:`FakeClock` as everywhere else.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import redis
from redis.crc import key_slot

from pasetokit import (
    LocalKey,
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenPolicy,
)
from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore

from policy_support import FakeClock
from redis_support import PrivateRedis, PrivateRedisCluster, free_port

pytest_plugins = ["redis_support"]

pytestmark = pytest.mark.redis

STALENESS = 0.3
FAST: dict[str, Any] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
KEY = LocalKey.generate()


def _policy(store: Any, clock: FakeClock | None = None) -> TokenPolicy:
    return TokenPolicy(local_key=KEY, revocation_store=store, clock=clock or FakeClock())


def _eventually(check: Callable[[], bool], within: float) -> float:
    """Seconds until ``check()`` holds; fails if it does not within ``within``."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > within:
            pytest.fail(f"not within {within} s")
        time.sleep(0.002)
    return time.monotonic() - started


def _raises_unavailable(call: Callable[[], object]) -> bool:
    try:
        call()
    except RevocationStoreUnavailableError:
        return True
    return False


def _revoked(policy: TokenPolicy, token: str, token_type: str = "access") -> bool:  # noqa: S107
    try:
        policy.verify(token, token_type=token_type)  # type: ignore[arg-type]
    except RevokedTokenError:
        return True
    return False


@pytest.fixture
def mirrored(private_redis: PrivateRedis) -> Iterator[RedisRevocationStore]:
    store = RedisRevocationStore.from_url(
        private_redis.url, mirror=True, max_staleness=STALENESS, **FAST
    )
    _eventually(lambda: store.mirror is not None and store.mirror.is_current, 5)
    yield store
    store.close_mirror()
    store.client.close()


@pytest.fixture
def plain(private_redis: PrivateRedis) -> Iterator[RedisRevocationStore]:
    store = RedisRevocationStore.from_url(private_redis.url, **FAST)
    yield store
    store.client.close()


def _read_commands(url: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        stats = client.info("commandstats")
    finally:
        client.close()
    return sum(
        int(value["calls"])
        for name, value in stats.items()
        if name.removeprefix("cmdstat_") in ("get", "mget", "exists", "pttl")
    )


# --- the view answers, with no round trip ----------------------------------------------------


def test_is_revoked_makes_no_round_trip(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    # Not a staleness test: a generous bound, so a loaded machine cannot fail it.
    mirrored = RedisRevocationStore.from_url(private_redis.url, mirror=True, max_staleness=5.0)
    clock = FakeClock()
    reader, writer = _policy(mirrored, clock), _policy(plain, clock)
    tokens = [writer.create_access_token(f"user-{i}") for i in range(40)]
    writer.revoke(tokens[0])
    _eventually(lambda: _revoked(reader, tokens[0]), 5.0)
    before = _read_commands(private_redis.url)
    try:
        for _ in range(50):
            for token in tokens[1:]:
                reader.verify(token)
        assert _read_commands(private_redis.url) - before < 20  # 1,950 verifies
    finally:
        mirrored.close_mirror()
        mirrored.client.close()


def test_every_kind_of_revocation_reaches_the_mirror(
    mirrored: RedisRevocationStore, plain: RedisRevocationStore
) -> None:
    """Whoever writes (a plain store here), every mirror hears of it within max_staleness."""
    clock = FakeClock()
    reader, writer = _policy(mirrored, clock), _policy(plain, clock)
    access = writer.create_access_token("alice")
    pair = writer.create_token_pair("bob")
    carol = writer.create_access_token("carol")
    stolen = writer.create_token_pair("dave")
    rotated = writer.refresh(stolen.refresh_token)
    for token in (access, pair.access_token, carol, rotated.access_token):
        assert reader.verify(token)
    writer.revoke(access)
    writer.revoke_family(pair.refresh_token)
    clock.advance(1)
    writer.revoke_subject("carol")
    with pytest.raises(RefreshTokenReusedError):
        writer.refresh(stolen.refresh_token)  # reuse: the family is revoked in place
    for token in (access, pair.access_token, carol, rotated.access_token):
        _eventually(partial(_revoked, reader, token), STALENESS)
    clock.advance(1)
    assert reader.verify(writer.create_access_token("carol"))  # after the log-out: fine


def test_a_mirror_loads_what_was_revoked_before_it_started(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    writer = _policy(plain)
    old = writer.create_access_token("alice")
    writer.revoke(old)
    client = redis.Redis.from_url(private_redis.url)
    client.delete(plain.prefix + "feed")  # long gone from the feed: only the keys remain
    client.close()
    store = RedisRevocationStore.from_url(private_redis.url, mirror=True, max_staleness=STALENESS)
    try:
        reader = _policy(store)
        _eventually(lambda: store.mirror is not None and store.mirror.is_current, 5)
        assert _revoked(reader, old)
        assert len(store.mirror or ()) == 1
    finally:
        store.close_mirror()
        store.client.close()


def test_the_async_store_mirrors_too(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    async def main() -> None:
        store = AsyncRedisRevocationStore.from_url(
            private_redis.url, mirror=True, max_staleness=STALENESS, **FAST
        )
        reader, writer = _policy(store), _policy(plain)
        try:
            token = writer.create_access_token("alice")
            assert await reader.averify(token)
            writer.revoke(token)
            started = time.monotonic()
            while True:
                try:
                    await reader.averify(token)
                except RevokedTokenError:
                    break
                assert time.monotonic() - started < STALENESS
                await asyncio.sleep(0.002)
            own = reader.create_access_token("bob")
            await reader.arevoke(own)  # the async store's own writes feed the mirrors too
            assert _revoked(_policy(plain), own)
        finally:
            store.close_mirror()
            await store.client.aclose()

    asyncio.run(main())


def test_a_resp3_client_mirrors_too(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    store = RedisRevocationStore.from_url(
        private_redis.url, mirror=True, max_staleness=STALENESS, protocol=3
    )
    try:
        reader, writer = _policy(store), _policy(plain)
        token = writer.create_access_token("alice")
        assert reader.verify(token)
        writer.revoke(token)
        _eventually(partial(_revoked, reader, token), STALENESS)
    finally:
        store.close_mirror()
        store.client.close()


def test_past_its_bound_the_mirror_asks_redis(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    store = RedisRevocationStore.from_url(
        private_redis.url, mirror=True, max_staleness=STALENESS, max_mirror_entries=3
    )
    try:
        assert store.mirror is not None
        assert store.mirror.wait_current(5)
        reader, writer = _policy(store), _policy(plain)
        tokens = [writer.create_access_token(f"u{i}") for i in range(6)]
        for token in tokens:
            writer.revoke(token)
        # The feed reaches the mirror when it does (a loaded machine is slow): wait for it,
        # bounded, rather than for a fixed time. A mirror that ignored what it cannot hold
        # would answer "live" for three of the six forever and fail here.
        _eventually(lambda: all(_revoked(reader, token) for token in tokens), 5)
        assert len(store.mirror) == 3  # it held three and asked Redis for the rest
        assert all(_revoked(reader, token) for token in tokens)  # and keeps doing so
        assert reader.verify(writer.create_access_token("fine"))
    finally:
        store.close_mirror()
        store.client.close()


# --- staleness: bounded, enforced, recovered from --------------------------------------------


def test_a_paused_redis_fails_closed_within_max_staleness_and_recovers(
    private_redis: PrivateRedis, mirrored: RedisRevocationStore
) -> None:
    policy = _policy(mirrored)
    token = policy.create_access_token("alice")
    assert policy.verify(token)
    private_redis.pause()
    try:
        took = _eventually(lambda: _raises_unavailable(lambda: policy.verify(token)), 5)
        assert took <= STALENESS + 1.0
    finally:
        private_redis.resume()
    assert _eventually(lambda: not _raises_unavailable(lambda: policy.verify(token)), 5) < 5


def test_on_stale_direct_asks_redis_instead(private_redis: PrivateRedis) -> None:
    store = RedisRevocationStore.from_url(
        private_redis.url, mirror=True, max_staleness=STALENESS, on_stale="direct", **FAST
    )
    try:
        mirror = store.mirror
        assert mirror is not None
        policy = _policy(store)
        token = policy.create_access_token("alice")
        jti = policy.verify(token)["jti"]
        policy.revoke(token)
        # In the view (not merely current: a confirmation sent before the write is current too)
        _eventually(lambda: mirror.lookup(jti, None, "alice", 0.0) is True, 5)
        private_redis.stop()
        _eventually(lambda: not mirror.is_current, 5)  # stale: past max_staleness unconfirmed
        assert _revoked(policy, token)  # held in the view: always right
        with pytest.raises(RevocationStoreUnavailableError, match="during is_revoked"):
            policy.verify(policy.create_access_token("bob"))  # the direct lookup, failing
    finally:
        store.close_mirror()
        store.client.close()


def test_a_killed_redis_fails_closed(
    private_redis: PrivateRedis, mirrored: RedisRevocationStore
) -> None:
    policy = _policy(mirrored)
    revoked = policy.create_access_token("alice")
    policy.revoke(revoked)
    live = policy.create_access_token("bob")
    private_redis.stop()
    assert _revoked(policy, revoked)  # never accepted
    took = _eventually(lambda: _raises_unavailable(lambda: policy.verify(live)), 5)
    assert took <= STALENESS + 1.0


# --- other OS processes ----------------------------------------------------------------------

_CHILD = """
import sys, time
from pasetokit.redis import RedisRevocationStore
store = RedisRevocationStore.from_url(sys.argv[1], mirror=True, max_staleness=float(sys.argv[2]))
while not store.mirror.is_current:
    time.sleep(0.01)
print("up", flush=True)
for line in sys.stdin:
    subject, jti = line.split()
    print("ready", flush=True)
    deadline = time.monotonic() + 5
    while not store.is_revoked(jti=jti, family=None, subject=subject, issued_at=0.0):
        if time.monotonic() > deadline:
            print("MISS", flush=True)
            break
        time.sleep(0.0005)
    else:
        print("seen", flush=True)
"""


def test_a_revocation_reaches_another_process_within_max_staleness(
    private_redis: PrivateRedis, plain: RedisRevocationStore
) -> None:
    child = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", _CHILD, private_redis.url, str(STALENESS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "up"
        latencies = []
        for trial in range(20):
            child.stdin.write(f"subject-{trial} jti-{trial}\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "ready"
            started = time.monotonic()
            plain.revoke_token(f"jti-{trial}", subject=f"subject-{trial}", ttl=60)
            assert child.stdout.readline().strip() == "seen"
            latencies.append(time.monotonic() - started)
        assert max(latencies) <= STALENESS, latencies  # 20 of 20
    finally:
        child.stdin.close()
        child.wait(timeout=10)


# --- on a cluster ----------------------------------------------------------------------------


def test_a_mirror_on_the_cluster_survives_migrating_the_feeds_slot(
    redis_cluster: PrivateRedisCluster,
) -> None:
    prefix = "mig-feed:"
    store = RedisRevocationStore.from_url(
        redis_cluster.url, cluster=True, mirror=True, max_staleness=STALENESS, prefix=prefix
    )
    writer_store = RedisRevocationStore.from_url(redis_cluster.url, cluster=True, prefix=prefix)
    try:
        reader, writer = _policy(store), _policy(writer_store)
        _eventually(lambda: store.mirror is not None and store.mirror.is_current, 5)
        for i in range(100):  # a long feed, so the move takes a while
            writer.revoke(writer.create_access_token(f"before-{i}"))
        slot = key_slot((prefix + "feed").encode())
        target = next(n for n in redis_cluster.nodes if n is not redis_cluster.owner(slot))
        seen: list[str] = []

        def revoke_one() -> None:
            token = writer.create_access_token(f"during-{len(seen)}")
            writer.revoke(token)
            seen.append(token)

        mover = threading.Thread(
            target=redis_cluster.migrate_slot,
            args=(slot, target),
            kwargs={"between_keys": revoke_one},
        )
        mover.start()
        mover.join(timeout=60)
        assert redis_cluster.owner(slot) is target
        assert seen
        for token in seen:
            _eventually(partial(_revoked, reader, token), 2.0)
        after = writer.create_access_token("after")
        writer.revoke(after)
        _eventually(partial(_revoked, reader, after), STALENESS + 1.0)
    finally:
        store.close_mirror()
        store.client.close()
        writer_store.client.close()


def test_a_mirror_fails_closed_while_the_feeds_master_is_paused_and_recovers(
    private_redis_cluster: PrivateRedisCluster,
) -> None:
    cluster = private_redis_cluster
    prefix = "pause-feed:"
    store = RedisRevocationStore.from_url(
        cluster.url, cluster=True, mirror=True, max_staleness=STALENESS, prefix=prefix, **FAST
    )
    try:
        policy = _policy(store)
        token = policy.create_access_token("alice")
        assert policy.verify(token)
        feed_master = cluster.owner(key_slot((prefix + "feed").encode()))
        feed_master.pause()
        try:
            took = _eventually(lambda: _raises_unavailable(lambda: policy.verify(token)), 5)
            assert took <= STALENESS + 1.0
        finally:
            feed_master.resume()
        assert _eventually(lambda: not _raises_unavailable(lambda: policy.verify(token)), 5) < 5
    finally:
        store.close_mirror()
        store.client.close()


def test_a_mirror_fails_closed_when_the_feeds_master_is_killed(
    private_redis_cluster: PrivateRedisCluster,
) -> None:
    cluster = private_redis_cluster
    prefix = "kill-feed:"
    store = RedisRevocationStore.from_url(
        cluster.url, cluster=True, mirror=True, max_staleness=STALENESS, prefix=prefix, **FAST
    )
    try:
        policy = _policy(store)
        token = policy.create_access_token("alice")
        policy.revoke(token)
        _eventually(partial(_revoked, policy, token), STALENESS)
        cluster.owner(key_slot((prefix + "feed").encode())).stop()
        live = policy.create_access_token("bob")
        took = _eventually(lambda: _raises_unavailable(lambda: policy.verify(live)), 5)
        assert took <= STALENESS + 1.0
        assert _revoked(policy, token)
    finally:
        store.close_mirror()
        store.client.close()


# --- four uvicorn workers behind one port -----------------------------------------------------


def _get(port: int, method: str, token: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, "/verify?t=" + token if method == "GET" else "/r?t=" + token)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_four_uvicorn_workers_share_revocations(private_redis: PrivateRedis) -> None:
    port = free_port()
    key = LocalKey.generate()
    env = {
        **os.environ,
        "MIRROR_APP_REDIS_URL": private_redis.url,
        "MIRROR_APP_STALENESS": str(STALENESS),
        "MIRROR_APP_KEY": key.to_paserk(),
    }
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed argv
        [
            sys.executable, "-m", "uvicorn", "mirror_app_support:app",
            "--app-dir", str(Path(__file__).parent),
            "--host", "127.0.0.1", "--port", str(port), "--workers", "4",
            "--log-level", "warning",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    policy = TokenPolicy(local_key=key, revocation_store=False)
    tokens = [policy.create_access_token(f"user-{i}") for i in range(3)]
    try:
        pids: set[str] = set()

        def all_workers_answer() -> bool:
            try:
                status, pid = _get(port, "GET", tokens[0])
            except OSError:
                return False
            pids.add(pid)
            return status == 200 and len(pids) == 4

        _eventually(all_workers_answer, 30)
        revoked, live = tokens[1], tokens[2]
        assert _get(port, "POST", revoked)[0] == 200  # revoked in one worker
        refused: set[str] = set()

        def every_worker_refuses() -> bool:
            status, pid = _get(port, "GET", revoked)
            if status == 401:
                refused.add(pid)
            return refused == pids  # each worker's mirror has the revocation (they keep it)

        _eventually(every_worker_refuses, 30)
        seen: set[str] = set()
        for _ in range(60):
            status, pid = _get(port, "GET", revoked)
            assert status == 401, (status, pid)  # in every worker
            seen.add(pid)
            assert _get(port, "GET", live)[0] == 200
        assert len(seen) >= 2
    finally:
        server.terminate()
        server.wait(timeout=15)

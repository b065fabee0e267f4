"""Named regressions for the stores' security fixes. Each failed on the code before the fix.

Issue 11 (the mirror's feed): "a revocation made by any process is visible in every other
process's mirror within max_staleness" must hold whatever the writing process does. The
writer is a real OS process on a real server (``feed_writer_support``) that is SIGKILLed or
SIGSTOPped right after each script call of its write in turn, on a single node and on a
3-master cluster, for every kind of revocation.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.cluster
from feed_writer_support import BEFORE

import pasetokit
from pasetokit import (
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
)
from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore
from pasetokit.stores._mirror import Mirror
from pasetokit.stores._redis_layout import Layout
from pasetokit.stores._redis_scripts import MAX_GAP_S

from policy_support import FakeClock, base_claims, make_policy, raw_token
from redis_support import PrivateRedisCluster

pytest_plugins = ["redis_support"]

pytestmark = pytest.mark.redis

STALENESS = 0.3
WRITER = Path(__file__).with_name("feed_writer_support.py")
OPS = ("token", "family", "subject", "reuse")
DEADLINE_MS = 200  # the writer's shortened write deadline (see feed_writer_support)


class Writers:
    """The zygote of ``feed_writer_support`` for one server: forks a fated writer per write."""

    def __init__(self, url: str, cluster: bool) -> None:
        argv = [sys.executable, str(WRITER), url, "1" if cluster else "0"]
        env = {**os.environ, "FEED_WRITER_DEADLINE_MS": str(DEADLINE_MS)}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, our own script
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )

    def start(self, prefix: str, op: str, name: str, at: int, action: str) -> str:
        """Fork a writer; its first event (``killed``, ``stopped PID``, ``done``, ...)."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{prefix} {op} {name} {at} {action}\n")
        self.process.stdin.flush()
        return self.next_event()

    def next_event(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@dataclass(frozen=True)
class Where:
    url: str
    cluster: bool
    prefix: str
    writers: Writers

    def store(self, **options: Any) -> RedisRevocationStore:
        return RedisRevocationStore.from_url(
            self.url, cluster=self.cluster, prefix=self.prefix, **options
        )

    def mirrored(self) -> RedisRevocationStore:
        store = self.store(mirror=True, max_staleness=STALENESS)
        assert store.mirror is not None
        assert store.mirror.wait_current(5)
        return store

    def write(self, op: str, name: str, at: int, action: str) -> str:
        return self.writers.start(self.prefix, op, name, at, action)

    def trim_feed(self) -> None:
        """What the feed's retention does to a stalled writer's announcement: all gone."""
        client: Any = (redis.cluster.RedisCluster if self.cluster else redis.Redis).from_url(
            self.url
        )
        try:
            client.xtrim(self.prefix + "feed", maxlen=0, approximate=False)
        finally:
            client.close()


@pytest.fixture(scope="module", params=["single node", "cluster"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[str, bool, Writers]]:
    if request.param == "cluster":
        cluster: PrivateRedisCluster = request.getfixturevalue("redis_cluster")
        url, is_cluster = cluster.url, True
    else:
        url, is_cluster = request.getfixturevalue("redis_url"), False
    writers = Writers(url, is_cluster)
    yield url, is_cluster, writers
    writers.close()


@pytest.fixture
def where(server: tuple[str, bool, Writers]) -> Where:
    url, cluster, writers = server
    return Where(url, cluster, f"adv11-{uuid.uuid4().hex[:8]}:", writers)


def _close(store: RedisRevocationStore) -> None:
    store.close_mirror()
    store.client.close()


def _probe(op: str, name: str) -> dict[str, Any]:
    """The ``is_revoked`` question that the write ``op`` on ``name`` turns to True."""
    op = op.removeprefix("async-")
    if op == "token":
        return {"jti": name, "family": None, "subject": name, "issued_at": 0.0}
    if op == "subject":
        return {"jti": "any", "family": None, "subject": name, "issued_at": BEFORE - 1}
    jti = "r1" if op == "reuse" else "any"  # reuse: the family's current token dies too
    return {"jti": jti, "family": name, "subject": name, "issued_at": 0.0}


def _seen(store: RedisRevocationStore, probe: dict[str, Any], within: float) -> bool:
    """Whether the mirror answers "revoked" within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if store.is_revoked(**probe):
                return True
        except RevocationStoreUnavailableError:
            pass  # stale (a loaded machine): not an answer either way, keep asking
        time.sleep(0.005)
    return False


def _prepare(plain: RedisRevocationStore, op: str, name: str) -> None:
    if op.endswith("reuse"):  # r0 -> r1: the writer then presents r0 again
        assert plain.advance_family(name, subject=name, presented="r0", successor="r1", ttl=600)


@pytest.mark.parametrize("op", [*OPS, "async-reuse"])
def test_adv_i11_1_a_writer_killed_at_any_point_leaves_nothing_a_mirror_misses(
    where: Where, op: str
) -> None:
    """Hostile review (issue 11, gap 1): a reuse-triggered family revocation was written by
    the atomic rotation script and announced only by the next command; a process killed in
    between left a family revoked in Redis that running mirrors never heard of (they do not
    resync without a gap), so its access tokens kept verifying in every mirrored process.
    Killed after each script call in turn: whatever Redis holds revoked, the mirror must too."""
    mirrored, plain = where.mirrored(), where.store()
    exercised = 0
    try:
        for at in itertools.count(1):
            name = f"{op}-{at}"
            _prepare(plain, op, name)
            event = where.write(op, name, at, "kill")
            assert event in ("killed", "done")
            probe = _probe(op, name)
            if plain.is_revoked(**probe):  # the crash left a revocation in Redis
                exercised += event == "killed"
                assert _seen(mirrored, probe, STALENESS + 1.0), f"killed after call {at}"
            if event == "done":
                break
        assert exercised  # at least one kill left the revocation written
    finally:
        _close(mirrored)
        _close(plain)


@pytest.mark.parametrize("op", [*OPS, "async-token"])
def test_adv_i11_2_a_writer_stalled_past_the_feeds_retention_is_not_missed(
    where: Where, op: str
) -> None:
    """Hostile review (issue 11, gap 2): a writer announced first and wrote afterwards; one
    that stalled longer than the feed's retention (10 min) in between wrote an entry whose
    announcement was already trimmed, and a mirror that had resynced during the stall never
    learned of it. Here the stall is a SIGSTOP after each script call in turn; the retention
    passing is the feed trimmed to nothing, the write deadline shortened (feed_writer_support)."""
    plain = where.store()
    try:
        for at in itertools.count(1):
            name = f"{op}-{at}"
            _prepare(plain, op, name)
            event = where.write(op, name, at, "stop")
            if event == "done":
                break
            assert event.startswith("stopped ")
            stalled, pid = time.monotonic(), int(event.split()[1])
            where.trim_feed()
            fresh = where.mirrored()  # a mirror that (re)syncs while the writer stalls
            try:
                time.sleep(max(0.0, DEADLINE_MS / 1000 + 0.1 - (time.monotonic() - stalled)))
                os.kill(pid, signal.SIGCONT)
                assert where.writers.next_event() == "done"
                probe = _probe(op, name)
                assert plain.is_revoked(**probe)
                assert _seen(fresh, probe, STALENESS + 1.0), f"stalled after call {at}"
            finally:
                _close(fresh)
    finally:
        _close(plain)


def test_adv_i11_3_a_mirror_paused_longer_than_the_feed_keeps_resyncs(redis_url: str) -> None:
    """Hostile review (issue 11, gap 2, the reader's side): a mirror whose process was paused
    for longer than the feed's retention resumed following the feed from its last id, past
    entries the feed had trimmed meanwhile, and never learned of them. The pause is the
    mirror's clock moved past MAX_GAP_S; the trimmed announcement is an entry written with
    no feed entry at all: only a resync (a SCAN) can find it."""
    prefix = f"adv11-{uuid.uuid4().hex[:8]}:"
    clock = FakeClock()
    mirror = Mirror(
        redis.Redis.from_url(redis_url),
        Layout(prefix),
        max_staleness=STALENESS,
        max_entries=1000,
        fallback_when_stale=False,
        clock=clock.monotonic,
    )
    writer = redis.Redis.from_url(redis_url)
    try:
        assert mirror.wait_current(5)
        key, _, _ = Layout(prefix).entry("jti", "gone", "alice")
        writer.set(key, "1", px=600_000)
        assert mirror.lookup("gone", None, "alice", 0.0) is False  # current: it was announced
        clock.advance(MAX_GAP_S + 1)

        def seen() -> bool:
            try:
                return mirror.lookup("gone", None, "alice", 0.0) is True
            except RevocationStoreUnavailableError:
                return False  # stale until it has resynced

        deadline = time.monotonic() + 5
        while not seen():
            assert time.monotonic() < deadline, "the paused mirror never resynced"
            time.sleep(0.005)
    finally:
        mirror.close()
        writer.delete(*writer.keys(prefix + "*") or [prefix])
        writer.close()


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_adv_i11_4_a_reuse_whose_writer_died_before_revoking_still_ends_the_family(
    where: Where, flavour: str
) -> None:
    """Hostile review (issue 10 item 1, "reuse must always end the family", after issue 11):
    on a cluster the rotation script only detected a reuse (``REUSED``, nothing written) and
    the writer announced and revoked afterwards; a writer killed in between left the family
    rotating, so the attacker's newest refresh token (``r1``) still rotated. The script now
    marks the family "reuse detected" in the same atomic step: that is no revocation (Redis
    and every mirror agree its tokens still verify), but the family never rotates again, and
    the next presentation of any of its refresh tokens re-detects the reuse and completes the
    announce and revoke."""
    name = f"i11-4-{flavour}"
    key = pasetokit.LocalKey.generate()
    newest = raw_token(key, base_claims(type="refresh", sub=name, jti="r1", fam=name))
    probe = _probe("reuse", name)
    mirrored, plain = where.mirrored(), where.store()
    try:
        _prepare(plain, "reuse", name)  # r0 -> r1; the writer replays r0 and dies after call 1
        op = "reuse" if flavour == "sync" else "async-reuse"
        assert where.write(op, name, 1, "kill") == "killed"
        fresh = where.mirrored()  # resyncs by SCAN: reads the family record as Redis holds it
        try:
            direct = plain.is_revoked(**probe)
            assert direct is (not where.cluster)  # a single node revoked atomically
            assert _seen(fresh, probe, STALENESS + 1.0) is direct
            assert _seen(mirrored, probe, STALENESS + 1.0) is direct
        finally:
            _close(fresh)
        # The newest successor: on a cluster this presentation re-detects the reuse and
        # completes the revoke; a single node revoked atomically, so it is refused as revoked.
        detected = RefreshTokenReusedError if where.cluster else RevokedTokenError
        with pytest.raises(detected) as refused:
            _refresh(where, key, newest, flavour)
        assert type(refused.value) is detected
        assert plain.is_revoked(**probe)
        assert _seen(mirrored, probe, STALENESS + 1.0), "the revocation never reached the mirror"
        with pytest.raises(RevokedTokenError):  # and from now on: the family stays ended
            _refresh(where, key, newest, flavour)
    finally:
        _close(mirrored)
        _close(plain)


def _refresh(where: Where, key: pasetokit.LocalKey, token: str, flavour: str) -> None:
    """``policy.refresh(token)`` on a new store of ``where`` (or ``arefresh``, async)."""
    if flavour == "sync":
        store = where.store()
        try:
            make_policy(FakeClock(), local_key=key, store=store).refresh(token)
        finally:
            store.client.close()
        return

    async def main() -> None:
        store = AsyncRedisRevocationStore.from_url(
            where.url, cluster=where.cluster, prefix=where.prefix
        )
        try:
            await make_policy(FakeClock(), local_key=key, store=store).arefresh(token)
        finally:
            await store.client.aclose()

    asyncio.run(main())

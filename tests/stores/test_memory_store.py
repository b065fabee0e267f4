"""MemoryRevocationStore: semantics, expiry, bounds, thread safety (fake monotonic clock)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pasetokit import (
    ConfigurationError,
    MemoryRevocationStore,
    RevocationStore,
    RevocationStoreUnavailableError,
)


class Tick:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def tick() -> Tick:
    return Tick()


@pytest.fixture
def store(tick: Tick) -> MemoryRevocationStore:
    return MemoryRevocationStore(clock=tick)


def revoked(
    store: MemoryRevocationStore,
    jti: str = "j",
    family: str | None = None,
    subject: str | None = None,
    issued_at: float = 0.0,
) -> bool:
    return store.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)


def test_implements_the_sync_protocol(store: MemoryRevocationStore) -> None:
    assert isinstance(store, RevocationStore)
    assert repr(store) == "MemoryRevocationStore(max_entries=100000)"


def test_token_and_family(store: MemoryRevocationStore) -> None:
    assert not revoked(store, "j1", "f1", "alice")
    store.revoke_token("j1", ttl=60)
    store.revoke_family("f1", ttl=60)
    assert revoked(store, "j1")
    assert revoked(store, "other", "f1")
    assert not revoked(store, "other", "f2")
    assert not revoked(store, "f1")  # kinds never mix: a jti equal to a family id
    assert not revoked(store, "j2", "j1")


def test_a_reuse_ends_the_family_atomically(store: MemoryRevocationStore) -> None:
    """The same end state a Redis store reaches (at once on a single node; on a cluster once
    the writer's revoke lands): revoked, and no token of the family ever rotates again."""

    def advance(presented: str, successor: str) -> bool:
        return store.advance_family(
            "f", subject="alice", presented=presented, successor=successor, ttl=60
        )

    assert advance("r0", "r1")
    assert advance("r1", "r2")
    assert not revoked(store, "r2", "f", "alice")
    assert not advance("r0", "evil")  # an older token, used again
    assert revoked(store, "r2", "f", "alice")  # in the same step: no window
    for presented in ("r2", "evil", "r0"):  # the newest successor included
        assert not advance(presented, "x")
    assert revoked(store, "x", "f", "alice")


def test_subject_revocation_is_by_issue_time(store: MemoryRevocationStore) -> None:
    store.revoke_subject("alice", before=1000.0, ttl=60)
    assert revoked(store, "j", None, "alice", issued_at=999.5)
    assert revoked(store, "j", None, "alice", issued_at=1000.0)  # "at or before"
    assert not revoked(store, "j", None, "alice", issued_at=1000.000001)
    assert not revoked(store, "j", None, "bob", issued_at=1.0)
    assert not revoked(store, "j", None, None, issued_at=1.0)


def test_subject_before_only_moves_forward(store: MemoryRevocationStore) -> None:
    store.revoke_subject("alice", before=2000.0, ttl=60)
    store.revoke_subject("alice", before=1000.0, ttl=60)
    assert revoked(store, "j", None, "alice", issued_at=1500.0)
    store.revoke_subject("alice", before=3000.0, ttl=60)
    assert revoked(store, "j", None, "alice", issued_at=2500.0)


def test_entries_expire(store: MemoryRevocationStore, tick: Tick) -> None:
    store.revoke_token("j", ttl=10)
    store.revoke_family("f", ttl=20)
    store.revoke_subject("s", before=5.0, ttl=30)
    assert len(store) == 3
    tick.now += 10
    assert not revoked(store, "j")
    assert revoked(store, "x", "f")
    assert len(store) == 2
    tick.now += 10
    assert not revoked(store, "x", "f")
    assert revoked(store, "x", None, "s", issued_at=1.0)
    assert len(store) == 1
    tick.now += 10
    assert len(store) == 0
    assert not revoked(store, "x", "f", "s", issued_at=1.0)


def test_writes_never_shorten_an_entry(store: MemoryRevocationStore, tick: Tick) -> None:
    store.revoke_token("j", ttl=100)
    store.revoke_token("j", ttl=10)
    tick.now += 50
    assert revoked(store, "j")
    store.revoke_subject("s", before=1.0, ttl=100)
    store.revoke_subject("s", before=2.0, ttl=10)
    tick.now += 40
    assert revoked(store, "x", None, "s", issued_at=2.0)
    tick.now += 20
    assert len(store) == 1  # the token's entry is gone; the subject's lives 100 s
    tick.now += 40
    assert len(store) == 0


def test_writes_extend_an_entry(store: MemoryRevocationStore, tick: Tick) -> None:
    store.revoke_family("f", ttl=10)
    store.revoke_family("f", ttl=100)
    tick.now += 50  # the first deadline (a stale heap item now) has passed
    assert revoked(store, "x", "f")
    assert len(store) == 1
    tick.now += 50
    assert not revoked(store, "x", "f")


def test_mark_used(store: MemoryRevocationStore, tick: Tick) -> None:
    assert store.mark_used("r1", ttl=30) is True
    assert store.mark_used("r1", ttl=30) is False
    assert store.mark_used("r2", ttl=30) is True
    assert not revoked(store, "r1")  # used is not revoked
    tick.now += 30
    assert store.mark_used("r1", ttl=30) is True  # the token it described has expired


def test_bounded(tick: Tick) -> None:
    store = MemoryRevocationStore(max_entries=3, clock=tick)
    store.revoke_token("a", ttl=10)
    store.revoke_family("b", ttl=100)
    assert store.mark_used("c", ttl=100)
    with pytest.raises(RevocationStoreUnavailableError, match="full"):
        store.revoke_token("d", ttl=10)
    with pytest.raises(RevocationStoreUnavailableError, match="max_entries"):
        store.mark_used("e", ttl=10)
    with pytest.raises(RevocationStoreUnavailableError):
        store.revoke_subject("s", before=1.0, ttl=10)
    store.revoke_token("a", ttl=50)  # extending an existing entry needs no room
    assert len(store) == 3
    tick.now += 50  # "a" expires: purged first, so there is room again
    store.revoke_token("d", ttl=10)
    assert revoked(store, "d")
    assert not revoked(store, "a")


@pytest.mark.parametrize("ttl", [0, -1, float("nan"), float("inf"), True, "10", None])
def test_bad_ttl(store: MemoryRevocationStore, ttl: Any) -> None:
    with pytest.raises(ConfigurationError, match="ttl"):
        store.revoke_token("j", ttl=ttl)
    with pytest.raises(ConfigurationError, match="ttl"):
        store.mark_used("j", ttl=ttl)
    assert len(store) == 0


@pytest.mark.parametrize("before", [float("nan"), float("inf"), "1", True])
def test_bad_before(store: MemoryRevocationStore, before: Any) -> None:
    with pytest.raises(ConfigurationError, match="before"):
        store.revoke_subject("s", before=before, ttl=10)


def test_bad_arguments() -> None:
    for bad in (0, -1, 1.5, True, "10"):
        with pytest.raises(ConfigurationError, match="max_entries"):
            MemoryRevocationStore(max_entries=bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="clock"):
        MemoryRevocationStore(clock=5.0)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="strings"):
        MemoryRevocationStore().revoke_token(5, ttl=1)  # type: ignore[arg-type]


def test_heap_stays_bounded_when_one_entry_is_extended_often(
    store: MemoryRevocationStore, tick: Tick
) -> None:
    for i in range(5_000):
        tick.now += 0.001
        store.revoke_subject("s", before=float(i), ttl=60)
    assert len(store) == 1
    assert len(store._heap) <= 2 * 1 + 64 + 1


def test_real_monotonic_clock_by_default() -> None:
    store = MemoryRevocationStore()
    store.revoke_token("j", ttl=3600)
    assert revoked(store, "j")


def race_mark_used(store: MemoryRevocationStore, jti: str, threads: int) -> list[bool]:
    barrier = threading.Barrier(threads)
    wins: list[bool] = []

    def worker() -> None:
        barrier.wait()
        wins.append(store.mark_used(jti, ttl=60))  # list.append is atomic

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return wins


def test_mark_used_races_have_one_winner() -> None:
    store = MemoryRevocationStore()
    for round_ in range(20):
        assert sorted(race_mark_used(store, f"r{round_}", 16)) == [False] * 15 + [True]


def test_concurrent_writers_lose_nothing() -> None:
    store = MemoryRevocationStore()
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        barrier.wait()
        for i in range(500):
            store.revoke_token(f"{n}-{i}", ttl=60)
            assert revoked(store, f"{n}-{i}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store) == 8 * 500


# --- model-based: the store behaves like a naive dict of deadlines ----------------------------

_keys = st.sampled_from(["a", "b", "c"])
_ttls = st.integers(min_value=1, max_value=50).map(float)
_ops = st.one_of(
    st.tuples(st.just("revoke_token"), _keys, _ttls),
    st.tuples(st.just("revoke_family"), _keys, _ttls),
    st.tuples(st.just("revoke_subject"), _keys, _ttls, st.integers(0, 100).map(float)),
    st.tuples(st.just("mark_used"), _keys, _ttls),
    st.tuples(st.just("advance"), st.integers(0, 30).map(float)),
    st.tuples(st.just("check"), _keys, _keys, _keys, st.integers(0, 100).map(float)),
)


@given(ops=st.lists(_ops, max_size=60))
@settings(max_examples=300, deadline=None)
def test_matches_a_naive_model(ops: list[tuple[Any, ...]]) -> None:
    tick = Tick()
    store = MemoryRevocationStore(max_entries=6, clock=tick)
    model: dict[tuple[str, str], float] = {}
    before: dict[str, float] = {}

    def live(kind: str, key: str) -> bool:
        return model.get((kind, key), -1.0) > tick.now

    def count() -> int:
        return sum(1 for deadline in model.values() if deadline > tick.now)

    def put(kind: str, key: str, ttl: float) -> bool:
        """Model write; False when the store must refuse it (full)."""
        if not live(kind, key) and count() >= 6:
            return False
        model[(kind, key)] = max(model.get((kind, key), -1.0), tick.now + ttl)
        return True

    for op in ops:
        name = op[0]
        if name == "advance":
            tick.now += op[1]
        elif name == "check":
            _, jti, family, subject, issued_at = op
            expected = (
                live("token", jti)
                or live("family", family)
                or (live("subject", subject) and issued_at <= before[subject])
            )
            assert revoked(store, jti, family, subject, issued_at) == expected
        elif name == "mark_used":
            _, key, ttl = op
            if live("used", key):
                assert store.mark_used(key, ttl=ttl) is False
            elif put("used", key, ttl):
                assert store.mark_used(key, ttl=ttl) is True
            else:
                with pytest.raises(RevocationStoreUnavailableError):
                    store.mark_used(key, ttl=ttl)
        else:
            kind = {"revoke_token": "token", "revoke_family": "family"}.get(name, "subject")
            key, ttl = op[1], op[2]
            was_live = live(kind, key)
            if not put(kind, key, ttl):
                with pytest.raises(RevocationStoreUnavailableError):
                    getattr(store, name)(key, **({"before": op[3]} if len(op) > 3 else {}), ttl=ttl)
                continue
            if kind == "subject":
                before[key] = max(op[3], before[key]) if was_live else op[3]
                store.revoke_subject(key, before=op[3], ttl=ttl)
            else:
                getattr(store, name)(key, ttl=ttl)
        assert len(store) == count()

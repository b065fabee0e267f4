"""MemoryRevocationStore bounds: ``max_entries`` just under, at and over; argument validation."""

from __future__ import annotations

from typing import Any

import pytest

from pasetokit import ConfigurationError, MemoryRevocationStore, RevocationStoreUnavailableError


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_max_entries_at_and_over() -> None:
    store = MemoryRevocationStore(max_entries=3, clock=Clock())
    store.revoke_token("a", ttl=10)
    store.revoke_family("b", ttl=10)
    assert store.mark_used("c", ttl=10)
    assert len(store) == 3
    for write in (
        lambda: store.revoke_token("d", ttl=10),
        lambda: store.revoke_family("d", ttl=10),
        lambda: store.revoke_subject("d", before=1.0, ttl=10),
        lambda: store.mark_used("d", ttl=10),
    ):
        with pytest.raises(RevocationStoreUnavailableError) as info:
            write()
        assert info.value.code == "revocation_store_unavailable"
    assert len(store) == 3
    # Rewriting (or extending) an entry that exists needs no room.
    store.revoke_token("a", ttl=20)
    assert not store.mark_used("c", ttl=10)


def test_max_entries_frees_room_as_entries_expire() -> None:
    clock = Clock()
    store = MemoryRevocationStore(max_entries=1, clock=clock)
    store.revoke_token("a", ttl=10)
    with pytest.raises(RevocationStoreUnavailableError):
        store.revoke_token("b", ttl=10)
    clock.now += 10  # the deadline itself: expired
    store.revoke_token("b", ttl=10)
    assert store.is_revoked(jti="b", family=None, subject=None, issued_at=0)
    assert not store.is_revoked(jti="a", family=None, subject=None, issued_at=0)


def test_default_max_entries() -> None:
    from pasetokit import memory_store

    assert memory_store.DEFAULT_MAX_ENTRIES == 100_000
    assert repr(MemoryRevocationStore()) == "MemoryRevocationStore(max_entries=100000)"


@pytest.mark.parametrize("max_entries", [0, -1, True, 1.0, "10"])
def test_max_entries_validation(max_entries: Any) -> None:
    with pytest.raises(ConfigurationError):
        MemoryRevocationStore(max_entries=max_entries)


def test_max_entries_one_is_valid() -> None:
    store = MemoryRevocationStore(max_entries=1)
    store.revoke_token("a", ttl=1)
    assert len(store) == 1


def test_clock_must_be_callable() -> None:
    with pytest.raises(ConfigurationError):
        MemoryRevocationStore(clock=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("ttl", [0, -1, True, float("inf"), float("nan"), "5", None])
def test_ttl_validation(ttl: Any) -> None:
    store = MemoryRevocationStore(clock=Clock())
    for write in (
        lambda: store.revoke_token("a", ttl=ttl),
        lambda: store.revoke_family("a", ttl=ttl),
        lambda: store.mark_used("a", ttl=ttl),
        lambda: store.revoke_subject("a", before=1.0, ttl=ttl),
    ):
        with pytest.raises(ConfigurationError):
            write()
    assert len(store) == 0


def test_entries_live_exactly_ttl() -> None:
    clock = Clock()
    store = MemoryRevocationStore(clock=clock)
    store.revoke_token("a", ttl=10)
    store.revoke_subject("s", before=50.0, ttl=10)
    clock.now += 9.999
    assert store.is_revoked(jti="a", family=None, subject=None, issued_at=0)
    assert store.is_revoked(jti="x", family=None, subject="s", issued_at=50.0)
    assert not store.is_revoked(jti="x", family=None, subject="s", issued_at=50.001)
    clock.now += 0.001
    assert not store.is_revoked(jti="a", family=None, subject=None, issued_at=0)
    assert not store.is_revoked(jti="x", family=None, subject="s", issued_at=0)
    assert len(store) == 0


@pytest.mark.parametrize("before", [True, "1", float("inf"), float("nan"), None])
def test_revoke_subject_before_validation(before: Any) -> None:
    with pytest.raises(ConfigurationError):
        MemoryRevocationStore().revoke_subject("s", before=before, ttl=5)


def test_keys_must_be_strings() -> None:
    with pytest.raises(ConfigurationError):
        MemoryRevocationStore().revoke_token(5, ttl=5)  # type: ignore[arg-type]


def test_heap_is_compacted_past_twice_the_live_entries_plus_64() -> None:
    # Each extension of an entry leaves a stale heap item behind; the heap (private, the only
    # test here that looks at it) is rebuilt once it holds more than 2 * live + 64 items, so
    # memory stays bounded by the live entries.
    clock = Clock()
    store = MemoryRevocationStore(clock=clock)
    store.revoke_token("b", ttl=1000)
    sizes = []
    for extension in range(1, 70):
        store.revoke_token("a", ttl=float(extension))
        sizes.append(len(store._heap))
    threshold = 2 * 2 + 64
    assert sizes[threshold - 2] == threshold  # b + 67 items of a: not over yet
    assert sizes[threshold - 1] == 2  # one more: rebuilt to the two live entries
    assert store.is_revoked(jti="a", family=None, subject=None, issued_at=0)
    clock.now += 69
    assert not store.is_revoked(jti="a", family=None, subject=None, issued_at=0)
    assert store.is_revoked(jti="b", family=None, subject=None, issued_at=0)


def test_an_expired_subject_revocation_leaves_nothing_behind() -> None:
    clock = Clock()
    store = MemoryRevocationStore(clock=clock)
    store.revoke_subject("s", before=100.0, ttl=10)
    clock.now += 10
    assert len(store) == 0
    # A new, older "log out everywhere" starts afresh: the expired instant is forgotten.
    store.revoke_subject("s", before=50.0, ttl=10)
    assert store.is_revoked(jti="x", family=None, subject="s", issued_at=50.0)
    assert not store.is_revoked(jti="x", family=None, subject="s", issued_at=75.0)


# --- each subject's share of the store (max_entries_per_subject) --------------------------------


def _full(call: Any, *args: Any, **kwargs: Any) -> None:
    with pytest.raises(RevocationStoreUnavailableError, match="max_entries_per_subject") as info:
        call(*args, **kwargs)
    assert info.value.code == "revocation_store_unavailable"


def test_a_subject_s_share_at_and_over_for_every_write() -> None:
    store = MemoryRevocationStore(max_entries=100, max_entries_per_subject=3, clock=Clock())
    store.revoke_token("t1", subject="alice", ttl=60)
    store.revoke_family("f1", subject="alice", ttl=60)
    store.advance_family("f2", subject="alice", presented="a", successor="b", ttl=60)
    _full(store.revoke_token, "t2", subject="alice", ttl=60)
    _full(store.revoke_family, "f3", subject="alice", ttl=60)
    _full(store.revoke_subject, "alice", before=1.0, ttl=60)
    store.revoke_subject("bob", before=1.0, ttl=60)  # another subject has its own share
    store.revoke_token("t3", subject="bob", ttl=60)
    store.revoke_token("t4", ttl=60)  # entries without a subject are charged to nobody
    assert store.mark_used("u1", ttl=60)
    assert len(store) == 7


def test_a_subject_s_share_frees_one_entry_at_a_time() -> None:
    clock = Clock()
    store = MemoryRevocationStore(max_entries=100, max_entries_per_subject=2, clock=clock)
    store.revoke_token("short", subject="alice", ttl=10)
    store.revoke_token("long", subject="alice", ttl=60)
    _full(store.revoke_token, "x", subject="alice", ttl=60)
    clock.now += 10  # "short" expires: exactly one entry of room again
    store.revoke_token("x", subject="alice", ttl=60)
    _full(store.revoke_token, "y", subject="alice", ttl=60)
    clock.now += 60  # everything expired: the subject's count is back to zero
    store.revoke_token("y", subject="alice", ttl=60)
    store.revoke_token("z", subject="alice", ttl=60)
    _full(store.revoke_token, "w", subject="alice", ttl=60)


@pytest.mark.parametrize(
    ("max_entries", "share"), [(10_000, 100), (10_050, 100), (6_400, 64), (1_000, 64), (10, 10)]
)
def test_default_share_is_one_percent_at_least_64(max_entries: int, share: int) -> None:
    store = MemoryRevocationStore(max_entries=max_entries, clock=Clock())
    for n in range(share):
        store.revoke_token(f"t{n}", subject="alice", ttl=60)
    if share < max_entries:
        _full(store.revoke_token, "over", subject="alice", ttl=60)


@pytest.mark.parametrize("share", [0, -1, 11, True, 1.5, "3"])
def test_share_validation(share: Any) -> None:
    with pytest.raises(ConfigurationError) as info:
        MemoryRevocationStore(max_entries=10, max_entries_per_subject=share)
    assert type(info.value) is ConfigurationError


@pytest.mark.parametrize("share", [1, 10])
def test_share_bounds_are_valid(share: int) -> None:
    store = MemoryRevocationStore(max_entries=10, max_entries_per_subject=share, clock=Clock())
    for n in range(share):
        store.revoke_token(f"t{n}", subject="alice", ttl=60)
    if share == 1:
        _full(store.revoke_token, "over", subject="alice", ttl=60)


def test_a_revoked_family_cannot_rotate() -> None:
    store = MemoryRevocationStore(clock=Clock())
    assert store.advance_family("f", subject="alice", presented="a", successor="b", ttl=60)
    store.revoke_family("f", subject="alice", ttl=60)
    assert not store.advance_family("f", subject="alice", presented="b", successor="c", ttl=60)
    assert store.is_revoked(jti="c", family="f", subject="alice", issued_at=1.0)

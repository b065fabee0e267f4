"""``policy/_gate.py`` rules no other test pins: what reaches the store on every path (sync,
async store, sync store from async code), which protocol a store is spoken to in, where the
memory store runs, and that the policy reports the application's own store object."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

from pasetokit import (
    LocalKey,
    MemoryRevocationStore,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenPolicy,
)

from policy_support import (
    AsyncFailingStore,
    FailingStore,
    FakeClock,
    RecordingStore,
    make_policy,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def recording(clock: FakeClock) -> RecordingStore:
    return RecordingStore(MemoryRevocationStore(clock=clock.monotonic))


class AsyncRecordingStore:
    """An async store recording what it is given, through a sync :class:`RecordingStore`."""

    def __init__(self, sync: RecordingStore) -> None:
        self.sync = sync

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.sync.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self.sync.revoke_token(jti, subject=subject, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self.sync.revoke_family(family, subject=subject, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.sync.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        return self.sync.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


def _subjects(store: RecordingStore, name: str) -> list[Any]:
    return [kwargs["subject"] for called, _, kwargs in store.calls if called == name]


# --- every write names the token's subject (the protocol says so) -------------------------------


def test_sync_writes_name_the_subject(clock: FakeClock, recording: RecordingStore) -> None:
    policy = make_policy(clock, store=recording)
    pair = policy.create_token_pair("alice")
    policy.refresh(pair.refresh_token)
    policy.revoke(pair.access_token)
    policy.revoke_family(pair.access_token)
    assert _subjects(recording, "advance_family") == ["alice"]
    assert _subjects(recording, "revoke_token") == ["alice"]
    assert _subjects(recording, "revoke_family") == ["alice"]


@pytest.mark.parametrize("kind", ["async store", "sync store from async code"])
def test_async_writes_name_the_subject(
    clock: FakeClock, recording: RecordingStore, kind: str
) -> None:
    store: Any = AsyncRecordingStore(recording) if kind == "async store" else recording
    policy = make_policy(clock, store=store)
    pair = policy.create_token_pair("alice")

    async def scenario() -> None:
        await policy.arefresh(pair.refresh_token)
        await policy.arevoke(pair.access_token)
        await policy.arevoke_family(pair.access_token)

    asyncio.run(scenario())
    assert _subjects(recording, "advance_family") == ["alice"]
    assert _subjects(recording, "revoke_token") == ["alice"]
    assert _subjects(recording, "revoke_family") == ["alice"]


# --- averify over a sync store checks the family and the subject too ----------------------------


@pytest.mark.parametrize("store_kind", ["memory (called directly)", "other sync (worker thread)"])
def test_averify_with_a_sync_store_refuses_a_revoked_family_and_subject(
    clock: FakeClock, store_kind: str
) -> None:
    memory = MemoryRevocationStore(clock=clock.monotonic)
    store: Any = memory if store_kind.startswith("memory") else RecordingStore(memory)
    policy = make_policy(clock, store=store)
    by_family, by_subject = policy.create_access_token("alice"), policy.create_access_token("bob")
    policy.revoke_family(by_family)
    clock.advance(1)
    policy.revoke_subject("bob")
    for token in (by_family, by_subject):
        with pytest.raises(RevokedTokenError) as info:
            asyncio.run(policy.averify(token))
        assert type(info.value) is RevokedTokenError
        assert info.value.code == "token_revoked"
    clock.advance(1)  # issued after the "log out everywhere": accepted (issued_at is compared)
    assert asyncio.run(policy.averify(policy.create_access_token("bob")))["sub"] == "bob"


def test_averify_passes_the_claims_to_a_sync_store(
    clock: FakeClock, recording: RecordingStore
) -> None:
    policy = make_policy(clock, store=recording)
    token = policy.create_access_token("alice")
    claims = policy.verify(token)
    recording.calls.clear()
    asyncio.run(policy.averify(token))
    (call,) = [kwargs for called, _, kwargs in recording.calls if called == "is_revoked"]
    assert call["family"] == claims["fam"] != claims["jti"]
    assert call["subject"] == "alice"
    assert call["issued_at"] == clock().timestamp()


# --- the memory store never waits on I/O: called on the event loop's own thread -----------------


def test_the_memory_store_is_called_on_the_event_loop_thread(clock: FakeClock) -> None:
    threads: set[int] = set()

    def noting_clock() -> float:  # the memory store reads its clock on every check
        threads.add(threading.get_ident())
        return clock.monotonic()

    policy = make_policy(clock, store=MemoryRevocationStore(clock=noting_clock))
    token = policy.create_access_token("alice")
    threads.clear()

    async def verify_on_loop() -> int:
        await policy.averify(token)
        return threading.get_ident()

    assert threads == {asyncio.run(verify_on_loop())}


def test_another_sync_store_runs_in_a_worker_thread(
    clock: FakeClock, recording: RecordingStore
) -> None:
    policy = make_policy(clock, store=recording)
    token = policy.create_access_token("alice")
    asyncio.run(policy.averify(token))
    assert threading.get_ident() not in recording.threads


# --- an async store's own "unavailable" goes through fail_open like any other failure -----------


def test_an_async_store_unavailable_error_fails_closed_or_open(clock: FakeClock) -> None:
    down = AsyncFailingStore(RevocationStoreUnavailableError("down"))
    closed = make_policy(clock, store=down)
    with pytest.raises(RevocationStoreUnavailableError) as info:
        asyncio.run(closed.averify(closed.create_access_token("alice")))
    assert type(info.value) is RevocationStoreUnavailableError
    assert info.value.code == "revocation_store_unavailable"
    opened = make_policy(clock, store=down, fail_open=True)
    assert asyncio.run(opened.averify(opened.create_access_token("alice")))["sub"] == "alice"


# --- protocol choice: a store with advance_family is a current store, mark_used or not ----------


class _BothProtocols(RecordingStore):
    def mark_used(self, jti: str, *, ttl: float) -> bool:
        self._record("mark_used", (jti,), {"ttl": ttl})
        return self.inner.mark_used(jti, ttl=ttl)


def test_a_store_with_both_protocols_is_spoken_to_in_the_current_one(clock: FakeClock) -> None:
    store = _BothProtocols(MemoryRevocationStore(clock=clock.monotonic))
    policy = make_policy(clock, store=store)
    policy.refresh(policy.create_refresh_token("alice"))
    names = [called for called, _, _ in store.calls]
    assert "advance_family" in names
    assert "mark_used" not in names


# --- the policy reports (and shows) the application's own store object --------------------------


class _NamedStore(RecordingStore):
    def __repr__(self) -> str:
        return "NamedStore(db=3)"


def _async_named(store: RecordingStore) -> Any:
    class AsyncNamed(AsyncRecordingStore):
        def __repr__(self) -> str:
            return "AsyncNamedStore(db=4)"

    return AsyncNamed(store)


@pytest.mark.parametrize("kind", ["sync", "async", "first-version sync", "first-version async"])
def test_revocation_store_is_the_object_passed(clock: FakeClock, kind: str) -> None:
    memory = MemoryRevocationStore(clock=clock.monotonic)
    makers: dict[str, Callable[[], Any]] = {
        "sync": lambda: _NamedStore(memory),
        "async": lambda: _async_named(RecordingStore(memory)),
        "first-version sync": lambda: FailingStore(None),
        "first-version async": lambda: AsyncFailingStore(None),
    }
    store = makers[kind]()
    policy = make_policy(clock, store=store)
    assert policy.revocation_store is store
    assert f"revocation_store={store!r}," in repr(policy)


def test_repr_says_when_revocation_is_disabled() -> None:
    assert "revocation_store=MemoryRevocationStore" in repr(TokenPolicy(local_key=_KEY))
    off = TokenPolicy(local_key=_KEY, revocation_store=False)
    assert off.revocation_store is None
    assert "revocation_store=disabled, fail_open=False" in repr(off)


_KEY = LocalKey.generate()

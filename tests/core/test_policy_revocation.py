"""TokenPolicy: revocation, refresh rotation with reuse detection, stores sync and async."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

import pasetokit
from pasetokit import (
    ConfigurationError,
    ExpiredTokenError,
    InvalidTokenError,
    LocalKey,
    MalformedTokenError,
    MemoryRevocationStore,
    RefreshTokenReusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenPair,
    TokenPolicy,
    UnknownKeyError,
    WrongTokenTypeError,
)

from policy_support import (
    START,
    AsyncFailingStore,
    AsyncMemoryStore,
    FailingStore,
    FakeClock,
    RecordingStore,
    base_claims,
    make_policy,
    raw_token,
)

DAY = 24 * 3600


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def key() -> LocalKey:
    return LocalKey.generate()


@pytest.fixture
def memory(clock: FakeClock) -> MemoryRevocationStore:
    return MemoryRevocationStore(clock=clock.monotonic)


@pytest.fixture
def recording(memory: MemoryRevocationStore) -> RecordingStore:
    return RecordingStore(memory)


@pytest.fixture
def policy(clock: FakeClock, key: LocalKey, recording: RecordingStore) -> TokenPolicy:
    return make_policy(clock, local_key=key, store=recording)


def calls(store: RecordingStore, name: str) -> list[dict[str, Any]]:
    return [{"args": a, **kw} for n, a, kw in store.calls if n == name]


# --- revoke one token -------------------------------------------------------------------------


def test_revoke_token(policy: TokenPolicy, recording: RecordingStore, clock: FakeClock) -> None:
    victim, bystander = policy.create_access_token("alice"), policy.create_access_token("alice")
    clock.advance(60)
    policy.revoke(victim)
    with pytest.raises(RevokedTokenError) as info:
        policy.verify(victim)
    assert info.value.code == "token_revoked"
    assert policy.verify(bystander)["sub"] == "alice"
    (call,) = calls(recording, "revoke_token")
    assert call["ttl"] == pytest.approx(15 * 60 - 60)  # the remaining lifetime


def test_revoke_with_claims(policy: TokenPolicy) -> None:
    token = policy.create_refresh_token("alice")
    policy.revoke(policy.verify(token, token_type="refresh"))
    with pytest.raises(RevokedTokenError):
        policy.verify(token, token_type="refresh")


def test_revoke_ttl_includes_leeway(
    clock: FakeClock, key: LocalKey, recording: RecordingStore
) -> None:
    policy = make_policy(clock, local_key=key, store=recording, leeway=30)
    policy.revoke(policy.create_access_token("a"))
    assert calls(recording, "revoke_token")[0]["ttl"] == pytest.approx(15 * 60 + 30)


def test_revocation_entry_expires_with_the_token(
    policy: TokenPolicy, memory: MemoryRevocationStore, clock: FakeClock
) -> None:
    token = policy.create_access_token("a")
    policy.revoke(token)
    assert len(memory) == 1
    clock.advance(15 * 60 + 1)
    assert len(memory) == 0
    with pytest.raises(ExpiredTokenError):
        policy.verify(token)


def test_revoking_an_expired_token_is_a_no_op(
    policy: TokenPolicy, recording: RecordingStore, clock: FakeClock
) -> None:
    token = policy.create_access_token("a")
    claims = policy.verify(token)
    clock.advance(3600)
    policy.revoke(token)
    policy.revoke(claims)
    assert calls(recording, "revoke_token") == []


def test_revoke_refuses_forged_and_foreign_tokens(
    policy: TokenPolicy, recording: RecordingStore, clock: FakeClock
) -> None:
    token = policy.create_access_token("a")
    with pytest.raises(InvalidTokenError):
        policy.revoke(token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"))
    with pytest.raises(UnknownKeyError):
        policy.revoke(make_policy(clock).create_access_token("a"))
    with pytest.raises(MalformedTokenError):
        policy.revoke("family-id-is-not-a-token")
    assert recording.calls == []


@pytest.mark.parametrize("bad", [{"exp": "2026-11-28T13:00:00Z"}, {"jti": "x"}, 42, None])
def test_revoke_bad_arguments(policy: TokenPolicy, bad: Any) -> None:
    with pytest.raises(ConfigurationError):
        policy.revoke(bad)


def test_revoke_token_without_jti(policy: TokenPolicy, key: LocalKey) -> None:
    with pytest.raises(pasetokit.MissingClaimError):
        policy.revoke(raw_token(key, base_claims(jti=None)))


# --- revoke a family --------------------------------------------------------------------------


def test_revoke_family_kills_every_member(policy: TokenPolicy, recording: RecordingStore) -> None:
    pair = policy.create_token_pair("alice")
    rotated = policy.refresh(pair.refresh_token)
    other = policy.create_token_pair("alice")
    policy.revoke_family(rotated.access_token)
    for token, kind in [
        (pair.access_token, "access"),
        (rotated.access_token, "access"),
        (rotated.refresh_token, "refresh"),
    ]:
        with pytest.raises(RevokedTokenError):
            policy.verify(token, token_type=kind)  # type: ignore[arg-type]
    assert policy.verify(other.access_token)
    assert policy.verify(other.refresh_token, token_type="refresh")
    (call,) = calls(recording, "revoke_family")
    assert call["ttl"] == pytest.approx(30 * DAY)  # refresh_ttl (+ leeway 0)


@pytest.mark.parametrize("form", ["claims", "family id"])
def test_revoke_family_by_claims_or_id(policy: TokenPolicy, form: str) -> None:
    pair = policy.create_token_pair("alice")
    claims = policy.verify(pair.access_token)
    if form == "claims":
        policy.revoke_family(claims)
    else:
        with pytest.raises(ConfigurationError, match="subject="):
            policy.revoke_family(claims["fam"])  # a bare id: which subject's family?
        policy.revoke_family(claims["fam"], subject="alice")
    with pytest.raises(RevokedTokenError):
        policy.verify(pair.refresh_token, token_type="refresh")


def test_revoke_family_with_a_recently_expired_token(policy: TokenPolicy, clock: FakeClock) -> None:
    pair = policy.create_token_pair("alice")
    clock.advance(3600)  # the access token has expired; its family has not
    policy.revoke_family(pair.access_token)
    with pytest.raises(RevokedTokenError):
        policy.refresh(pair.refresh_token)


def test_revoke_family_with_a_long_expired_token(policy: TokenPolicy, clock: FakeClock) -> None:
    token = policy.create_access_token("alice")
    clock.advance(31 * DAY)
    with pytest.raises(ExpiredTokenError):
        policy.revoke_family(token)


def test_revoke_family_never_mistakes_a_bad_token_for_an_id(
    policy: TokenPolicy, recording: RecordingStore, key: LocalKey
) -> None:
    for bad in ("v4.local.xyz", "eyJ.abc", b"v4.local.abc"):
        with pytest.raises(MalformedTokenError):
            policy.revoke_family(bad)
    with pytest.raises(pasetokit.MissingClaimError, match="fam"):
        policy.revoke_family(raw_token(key, base_claims(fam=None)))
    for bad_arg in ("", {"sub": "a"}, {"fam": ""}, 7):
        with pytest.raises(ConfigurationError):
            policy.revoke_family(bad_arg)  # type: ignore[arg-type]
    assert calls(recording, "revoke_family") == []


# --- revoke a subject -------------------------------------------------------------------------


def test_revoke_subject_logs_out_everywhere(
    policy: TokenPolicy, recording: RecordingStore, clock: FakeClock
) -> None:
    alice = [policy.create_token_pair("alice") for _ in range(3)]
    bob = policy.create_token_pair("bob")
    clock.advance(10)
    policy.revoke_subject("alice")
    for pair in alice:
        with pytest.raises(RevokedTokenError):
            policy.verify(pair.access_token)
        with pytest.raises(RevokedTokenError):
            policy.refresh(pair.refresh_token)
    assert policy.verify(bob.access_token)
    clock.advance(0.001)
    fresh_login = policy.create_token_pair("alice")
    assert policy.verify(fresh_login.access_token)
    assert policy.refresh(fresh_login.refresh_token)
    (call,) = calls(recording, "revoke_subject")
    assert call["before"] == (START + timedelta(seconds=10)).timestamp()
    assert call["ttl"] == pytest.approx(30 * DAY)


def test_revoke_subject_bad_subject(policy: TokenPolicy) -> None:
    for bad in ("", None, 42):
        with pytest.raises(ConfigurationError):
            policy.revoke_subject(bad)  # type: ignore[arg-type]


def test_revoked_beats_insufficient_scope_and_freshness(policy: TokenPolicy) -> None:
    token = policy.create_access_token("alice", scopes=["read"])
    policy.revoke(token)
    with pytest.raises(RevokedTokenError):
        policy.verify(token, scopes=["admin"], fresh=True)


# --- refresh rotation -------------------------------------------------------------------------


def test_refresh_rotates(policy: TokenPolicy, recording: RecordingStore, clock: FakeClock) -> None:
    refresh = policy.create_refresh_token(
        "alice", scopes=["read", "write"], claims={"role": "admin"}, csrf=True
    )
    old = policy.verify(refresh, token_type="refresh")
    clock.advance(3600)
    pair = policy.refresh(refresh)
    assert isinstance(pair, TokenPair)
    access = policy.verify(pair.access_token, scopes=["write"])
    new = policy.verify(pair.refresh_token, token_type="refresh")
    for claims in (access, new):
        assert claims["sub"] == "alice"
        assert claims["fam"] == old["fam"]
        assert claims["scope"] == "read write"
        assert claims["role"] == "admin"
        assert claims["csrf"] == old["csrf"]  # the client's CSRF cookie stays valid
        assert claims["iat"] == "2026-11-28T13:00:00Z"
    assert access["fresh"] is False
    assert new["jti"] != old["jti"]
    assert new["exp"] == "2026-12-28T13:00:00Z"  # a full refresh_ttl from the rotation
    (call,) = calls(recording, "advance_family")
    assert call["args"] == (old["fam"],)
    assert call["subject"] == "alice"
    assert call["presented"] == old["jti"]
    assert call["successor"] == new["jti"]  # the family's current token from now on
    assert call["ttl"] == pytest.approx(30 * DAY)  # as long as the new token can live


def test_refresh_chain(policy: TokenPolicy) -> None:
    token = policy.create_refresh_token("alice")
    for _ in range(5):
        token = policy.refresh(token).refresh_token
    assert policy.verify(token, token_type="refresh")


def test_refresh_reuse_revokes_the_family(policy: TokenPolicy) -> None:
    login = policy.create_token_pair("alice")
    first = policy.refresh(login.refresh_token)
    second = policy.refresh(first.refresh_token)
    bystander = policy.create_token_pair("alice")
    with pytest.raises(RefreshTokenReusedError) as info:
        policy.refresh(login.refresh_token)  # replayed: e.g. stolen earlier
    assert info.value.code == "refresh_token_reused"
    assert isinstance(info.value, RevokedTokenError)
    for token in (login.access_token, first.access_token, second.access_token):
        with pytest.raises(RevokedTokenError):
            policy.verify(token)
    with pytest.raises(RevokedTokenError):
        policy.refresh(second.refresh_token)  # the legitimate holder must log in again
    with pytest.raises(RevokedTokenError):
        policy.refresh(login.refresh_token)  # already revoked: no second reuse report
    assert policy.verify(bystander.access_token)
    assert policy.refresh(bystander.refresh_token)


def test_refresh_needs_a_live_refresh_token(
    policy: TokenPolicy, key: LocalKey, clock: FakeClock
) -> None:
    with pytest.raises(WrongTokenTypeError):
        policy.refresh(policy.create_access_token("alice"))
    with pytest.raises(pasetokit.MissingClaimError, match="fam"):
        policy.refresh(raw_token(key, base_claims(type="refresh", fam=None)))
    token = policy.create_refresh_token("alice", expires_in=60)
    clock.advance(61)
    with pytest.raises(ExpiredTokenError):
        policy.refresh(token)


def test_refresh_of_revoked_token(policy: TokenPolicy) -> None:
    token = policy.create_refresh_token("alice")
    policy.revoke(token)
    with pytest.raises(RevokedTokenError) as info:
        policy.refresh(token)
    assert not isinstance(info.value, RefreshTokenReusedError)


@pytest.mark.parametrize("round_", range(5))
def test_concurrent_refresh_threads_exactly_one_wins(
    clock: FakeClock, key: LocalKey, round_: int
) -> None:
    policy = make_policy(clock, local_key=key)
    token = policy.create_refresh_token("alice")
    barrier = threading.Barrier(16)
    results: list[object] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        try:
            outcome: object = policy.refresh(token)
        except Exception as exc:
            outcome = exc
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, TokenPair)]
    kinds = Counter(type(r).__name__ for r in results)
    assert len(winners) == 1, kinds
    # Losers saw reuse, or (once a loser revoked the family) a revoked token.
    assert all(isinstance(r, (TokenPair, RevokedTokenError)) for r in results), kinds
    assert kinds["RefreshTokenReusedError"] >= 1
    with pytest.raises(RevokedTokenError):  # reuse detected: the winner's family is dead too
        policy.verify(winners[0].access_token)


@pytest.mark.parametrize("flavour", ["async store", "sync memory store"])
def test_concurrent_refresh_tasks_exactly_one_wins(
    clock: FakeClock, key: LocalKey, memory: MemoryRevocationStore, flavour: str
) -> None:
    store: Any = AsyncMemoryStore(memory) if flavour == "async store" else memory
    policy = make_policy(clock, local_key=key, store=store)
    token = policy.create_refresh_token("alice")

    async def race() -> list[object]:
        return await asyncio.gather(
            *(policy.arefresh(token) for _ in range(16)), return_exceptions=True
        )

    results = asyncio.run(race())
    winners = [r for r in results if isinstance(r, TokenPair)]
    assert len(winners) == 1
    assert all(isinstance(r, (TokenPair, RevokedTokenError)) for r in results)
    assert any(isinstance(r, RefreshTokenReusedError) for r in results)


# --- async stores and the a* methods ----------------------------------------------------------


def test_async_store_with_async_methods(
    clock: FakeClock, key: LocalKey, memory: MemoryRevocationStore
) -> None:
    store = AsyncMemoryStore(memory)
    policy = make_policy(clock, local_key=key, store=store)

    async def scenario() -> None:
        login = policy.create_token_pair("alice", scopes=["read"])
        assert (await policy.averify(login.access_token, fresh=True, scopes=["read"]))["sub"]
        pair = await policy.arefresh(login.refresh_token)
        with pytest.raises(RefreshTokenReusedError):
            await policy.arefresh(login.refresh_token)
        with pytest.raises(RevokedTokenError):
            await policy.averify(pair.access_token)

        victim = policy.create_access_token("bob")
        await policy.arevoke(victim)
        with pytest.raises(RevokedTokenError):
            await policy.averify(victim)

        family = policy.create_token_pair("carol")
        await policy.arevoke_family(family.access_token)
        with pytest.raises(RevokedTokenError):
            await policy.averify(family.refresh_token, token_type="refresh")

        dave = policy.create_access_token("dave")
        clock.advance(1)
        await policy.arevoke_subject("dave")
        with pytest.raises(RevokedTokenError):
            await policy.averify(dave)

    asyncio.run(scenario())
    assert set(store.calls) == {
        "is_revoked",
        "advance_family",
        "revoke_token",
        "revoke_family",
        "revoke_subject",
    }


def test_sync_methods_refuse_an_async_store(
    clock: FakeClock, key: LocalKey, memory: MemoryRevocationStore
) -> None:
    policy = make_policy(clock, local_key=key, store=AsyncMemoryStore(memory))
    pair = policy.create_token_pair("alice")
    cases: list[tuple[Callable[[str], object], str, str]] = [
        (policy.verify, pair.access_token, "averify"),
        (policy.refresh, pair.refresh_token, "arefresh"),
        (policy.revoke, pair.access_token, "arevoke"),
        (policy.revoke_family, pair.access_token, "arevoke_family"),
        (policy.revoke_subject, "alice", "arevoke_subject"),
    ]
    for method, arg, hint in cases:
        with pytest.raises(ConfigurationError, match=f"await policy.{hint}"):
            method(arg)


def test_async_methods_with_a_sync_store(
    clock: FakeClock, key: LocalKey, memory: MemoryRevocationStore
) -> None:
    """A memory store is called on the loop's thread; any other sync store in a worker."""
    recording = RecordingStore(memory)
    offloaded = make_policy(clock, local_key=key, store=recording)
    direct = make_policy(clock, local_key=key, store=memory)
    main = threading.get_ident()

    async def scenario() -> None:
        token = offloaded.create_refresh_token("alice")
        await offloaded.averify(token, token_type="refresh")
        pair = await offloaded.arefresh(token)
        await offloaded.arevoke(pair.access_token)
        await offloaded.arevoke_family(pair.refresh_token)
        await offloaded.arevoke_subject("alice")
        other = direct.create_access_token("bob")
        assert await direct.averify(other)
        await direct.arevoke(other)
        with pytest.raises(RevokedTokenError):
            await direct.averify(other)

    asyncio.run(scenario())
    assert main not in recording.threads
    assert {name for name, _, _ in recording.calls} == {
        "is_revoked",
        "advance_family",
        "revoke_token",
        "revoke_family",
        "revoke_subject",
    }


# --- store failures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ConnectionError("redis://user:hunter2@db:6379 refused"),
        OSError("network down"),
        TimeoutError(),
        RuntimeError("bug in the store"),
    ],
)
def test_store_errors_fail_closed(clock: FakeClock, key: LocalKey, error: Exception) -> None:
    healthy = make_policy(clock, local_key=key)
    pair = healthy.create_token_pair("alice")
    policy = make_policy(clock, local_key=key, store=FailingStore(error))
    attempts: list[Callable[[], object]] = [
        lambda: policy.verify(pair.access_token),
        lambda: policy.refresh(pair.refresh_token),
        lambda: policy.revoke(pair.access_token),
        lambda: policy.revoke_family(pair.access_token),
        lambda: policy.revoke_subject("alice"),
    ]
    for call in attempts:
        with pytest.raises(RevocationStoreUnavailableError) as info:
            call()
        assert info.value.code == "revocation_store_unavailable"
        assert type(error).__name__ in info.value.message
        assert "hunter2" not in info.value.message
        assert info.value.__suppress_context__  # the client's message stays out of tracebacks


def test_store_own_unavailable_error_passes_through(clock: FakeClock, key: LocalKey) -> None:
    own = RevocationStoreUnavailableError("redis down")
    policy = make_policy(clock, local_key=key, store=FailingStore(own))
    with pytest.raises(RevocationStoreUnavailableError) as info:
        policy.verify(policy.create_access_token("alice"))
    assert info.value is own


def test_store_configuration_error_is_not_masked(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, store=FailingStore(ConfigurationError("bad ttl")))
    with pytest.raises(ConfigurationError, match="bad ttl"):
        policy.revoke(policy.create_access_token("alice"))


def test_fail_open_lets_verification_through_and_logs(
    clock: FakeClock, key: LocalKey, caplog: pytest.LogCaptureFixture
) -> None:
    policy = make_policy(clock, local_key=key, store=FailingStore(OSError()), fail_open=True)
    pair = policy.create_token_pair("alice")
    with caplog.at_level(logging.WARNING, logger="pasetokit.policy"):
        assert policy.verify(pair.access_token)["sub"] == "alice"
    assert "fail_open" in caplog.text
    # Writes never fail open: no rotation without reuse detection, no pretend log-out.
    with pytest.raises(RevocationStoreUnavailableError):
        policy.refresh(pair.refresh_token)
    with pytest.raises(RevocationStoreUnavailableError):
        policy.revoke(pair.access_token)
    assert "fail_open=True" in repr(policy)


def test_fail_open_with_async_store(clock: FakeClock, key: LocalKey) -> None:
    down = AsyncFailingStore(ConnectionError())
    closed = make_policy(clock, local_key=key, store=down)
    opened = make_policy(clock, local_key=key, store=down, fail_open=True)
    token = closed.create_access_token("alice")

    async def scenario() -> None:
        with pytest.raises(RevocationStoreUnavailableError):
            await closed.averify(token)
        assert (await opened.averify(token))["sub"] == "alice"
        with pytest.raises(RevocationStoreUnavailableError):
            await opened.arevoke(token)

    asyncio.run(scenario())


def test_sync_store_failure_in_a_worker_thread(clock: FakeClock, key: LocalKey) -> None:
    policy = make_policy(clock, local_key=key, store=FailingStore(ConnectionError()))
    token = policy.create_refresh_token("alice")

    async def scenario() -> None:
        with pytest.raises(RevocationStoreUnavailableError):
            await policy.averify(token, token_type="refresh")
        with pytest.raises(RevocationStoreUnavailableError):
            await policy.arefresh(token)
        with pytest.raises(RevocationStoreUnavailableError):
            await policy.arevoke_subject("alice")

    asyncio.run(scenario())


def test_full_memory_store_refuses_writes(clock: FakeClock, key: LocalKey) -> None:
    store = MemoryRevocationStore(max_entries=2, clock=clock.monotonic)
    policy = make_policy(clock, local_key=key, store=store)
    tokens = [policy.create_access_token("a") for _ in range(3)]
    policy.revoke(tokens[0])
    policy.revoke(tokens[1])
    with pytest.raises(RevocationStoreUnavailableError, match="full"):
        policy.revoke(tokens[2])
    assert policy.verify(tokens[2])  # reading still works
    clock.advance(15 * 60 + 1)  # the revoked tokens expire, and so do their entries
    policy.revoke(policy.create_access_token("a"))


# --- revocation disabled ----------------------------------------------------------------------


def test_revocation_disabled(clock: FakeClock, key: LocalKey) -> None:
    policy = TokenPolicy(local_key=key, clock=clock, revocation_store=False)
    pair = policy.create_token_pair("alice")
    assert policy.verify(pair.access_token)["sub"] == "alice"
    assert "revocation_store=disabled" in repr(policy)
    attempts: list[Callable[[], object]] = [
        lambda: policy.refresh(pair.refresh_token),
        lambda: policy.revoke(pair.access_token),
        lambda: policy.revoke_family(pair.access_token),
        lambda: policy.revoke_subject("alice"),
    ]
    for call in attempts:
        with pytest.raises(ConfigurationError, match="revocation_store=False"):
            call()

    async def scenario() -> None:
        assert await policy.averify(pair.access_token)
        with pytest.raises(ConfigurationError):
            await policy.arefresh(pair.refresh_token)

    asyncio.run(scenario())


def test_default_store_is_a_private_memory_store(key: LocalKey) -> None:
    first, second = TokenPolicy(local_key=key), TokenPolicy(local_key=key)
    assert isinstance(first.revocation_store, MemoryRevocationStore)
    assert first.revocation_store is not second.revocation_store
    token = first.create_access_token("a")
    first.revoke(token)
    with pytest.raises(RevokedTokenError):
        first.verify(token)
    assert second.verify(token)  # not shared: one process, one policy


# --- first-version stores (mark_used, no subject) keep working ---------------------------------


class V1Store:
    """A store written against the first protocol: ``mark_used`` and no ``subject``."""

    def __init__(self, inner: MemoryRevocationStore) -> None:
        self.inner = inner

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        self.inner.revoke_token(jti, ttl=ttl)

    def revoke_family(self, family: str, *, ttl: float) -> None:
        self.inner.revoke_family(family, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        return self.inner.mark_used(jti, ttl=ttl)


def test_a_first_version_store_is_adapted(clock: FakeClock, key: LocalKey) -> None:
    memory = MemoryRevocationStore(clock=clock.monotonic)
    store = V1Store(memory)
    policy = make_policy(clock, local_key=key, store=store)
    assert id(policy.revocation_store) == id(store)  # what the application passed
    pair = policy.create_token_pair("alice")
    rotated = policy.refresh(pair.refresh_token)
    with pytest.raises(RefreshTokenReusedError):
        policy.refresh(pair.refresh_token)
    with pytest.raises(RevokedTokenError):
        policy.verify(rotated.access_token)
    other = policy.create_access_token("bob")
    policy.revoke(other)
    with pytest.raises(RevokedTokenError):
        policy.verify(other)
    assert len(memory) == 3  # one used-mark per rotation: what the first protocol costs

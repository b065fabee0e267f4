"""Helpers shared by the TokenPolicy tests (no tests here): a fake clock and test stores.

Nothing sleeps: time is a :class:`FakeClock` the tests advance, which drives both the policy
(wall clock, aware datetimes) and the memory store (monotonic seconds).
"""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pasetokit
from pasetokit import MemoryRevocationStore, TokenPolicy

START = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


class FakeClock:
    """A mutable clock: ``clock()`` for the policy, ``clock.monotonic()`` for stores."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start
        self.mono = 1_000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


def make_policy(
    clock: FakeClock,
    *,
    local_key: pasetokit.LocalKey | None = None,
    store: Any = None,
    **kwargs: Any,
) -> TokenPolicy:
    """A local-key policy on ``clock`` with a memory store on the same clock by default."""
    if store is None:
        store = MemoryRevocationStore(clock=clock.monotonic)
    return TokenPolicy(
        local_key=local_key or pasetokit.LocalKey.generate(),
        clock=clock,
        revocation_store=store,
        **kwargs,
    )


class RecordingStore:
    """A sync store that forwards to a memory store and records every call (name, kwargs),
    plus the thread each call ran on."""

    def __init__(self, inner: MemoryRevocationStore) -> None:
        self.inner = inner
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.threads: set[int] = set()

    def _record(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.calls.append((name, args, kwargs))
        self.threads.add(threading.get_ident())

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        kwargs = {"jti": jti, "family": family, "subject": subject, "issued_at": issued_at}
        self._record("is_revoked", (), kwargs)
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self._record("revoke_token", (jti,), {"subject": subject, "ttl": ttl})
        self.inner.revoke_token(jti, subject=subject, ttl=ttl)

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self._record("revoke_family", (family,), {"subject": subject, "ttl": ttl})
        self.inner.revoke_family(family, subject=subject, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._record("revoke_subject", (subject,), {"before": before, "ttl": ttl})
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        kwargs = {"subject": subject, "presented": presented, "successor": successor, "ttl": ttl}
        self._record("advance_family", (family,), kwargs)
        return self.inner.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


class AsyncMemoryStore:
    """An :class:`~pasetokit.stores.AsyncRevocationStore` over a memory store. Each call yields
    to the event loop first, so concurrent tasks genuinely interleave."""

    def __init__(self, inner: MemoryRevocationStore) -> None:
        self.inner = inner
        self.calls: list[str] = []

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        self.calls.append("is_revoked")
        await asyncio.sleep(0)
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self.calls.append("revoke_token")
        await asyncio.sleep(0)
        self.inner.revoke_token(jti, subject=subject, ttl=ttl)

    async def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self.calls.append("revoke_family")
        await asyncio.sleep(0)
        self.inner.revoke_family(family, subject=subject, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.calls.append("revoke_subject")
        await asyncio.sleep(0)
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    async def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        self.calls.append("advance_family")
        await asyncio.sleep(0)
        return self.inner.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


class FailingStore:
    """A sync store whose every method raises ``error`` (``None``: works, answers "no")."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error

    def _fail(self) -> None:
        if self.error is not None:
            raise self.error

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        self._fail()
        return False

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        self._fail()

    def revoke_family(self, family: str, *, ttl: float) -> None:
        self._fail()

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._fail()

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        self._fail()
        return True


class AsyncFailingStore:
    """The async twin of :class:`FailingStore`."""

    def __init__(self, error: BaseException | None) -> None:
        self.sync = FailingStore(error)

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        return self.sync.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    async def revoke_token(self, jti: str, *, ttl: float) -> None:
        self.sync.revoke_token(jti, ttl=ttl)

    async def revoke_family(self, family: str, *, ttl: float) -> None:
        self.sync.revoke_family(family, ttl=ttl)

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self.sync.revoke_subject(subject, before=before, ttl=ttl)

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        return self.sync.mark_used(jti, ttl=ttl)


def raw_token(key: pasetokit.LocalKey, claims: dict[str, Any], now: datetime = START) -> str:
    """A token minted with plain ``encode`` (not by a policy), kid in the footer."""
    return pasetokit.encode(key, claims, include_kid=True, now=now, expires_in=600)


def base_claims(*, drop: str = "", now: datetime = START, **extra: Any) -> dict[str, Any]:
    """The claims a policy's access token carries, for hand-made tokens: ``extra`` replaces
    some (``None`` removes one), ``drop`` removes one by name."""
    claims: dict[str, Any] = {
        "sub": "alice",
        "jti": "jti-1",
        "iat": now,
        "nbf": now,
        "type": "access",
        "fam": "family-1",
        "fresh": False,
    }
    claims.update(extra)
    return {name: value for name, value in claims.items() if value is not None and name != drop}

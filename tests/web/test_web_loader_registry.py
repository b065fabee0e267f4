"""``pasetokit.web.loaders``: the registering decorators (``LoaderRegistry``), which loader
answers an error, and the checks and user lookup after a token was accepted (sync with a
``run`` wrapper, async awaiting what a loader returns)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from pasetokit import ExpiredTokenError, MalformedTokenError, MissingTokenError, RevokedTokenError
from pasetokit.web import LoaderRegistry, ResponseLoaders, resolved

KINDS = {
    "unauthorized_loader": "unauthorized",
    "invalid_token_loader": "invalid",
    "expired_token_loader": "expired",
    "needs_fresh_token_loader": "needs_fresh",
    "revoked_token_loader": "revoked",
    "user_lookup_error_loader": "user_lookup",
    "token_error_loader": "any",
}


class _Extension(LoaderRegistry):
    def __init__(self) -> None:
        self._loaders = ResponseLoaders()


def _loader(exc: object) -> str:
    return "answer"


@pytest.mark.parametrize(("method", "kind"), sorted(KINDS.items()))
def test_each_decorator_registers_its_kind_and_returns_the_callback(method: str, kind: str) -> None:
    extension = _Extension()
    assert getattr(extension, method)(_loader) is _loader
    assert dict(extension.error_loaders) == {kind: _loader}
    assert extension.user_loader is None


def test_the_user_loader_is_kept_apart_from_the_error_loaders() -> None:
    extension = _Extension()

    def user(claims: dict[str, Any]) -> str:
        return "alice"

    assert extension.user_lookup_loader(user) is user
    assert extension.user_loader is user
    assert dict(extension.error_loaders) == {}


def test_the_most_specific_registered_loader_answers() -> None:
    extension = _Extension()
    loaders = extension._loaders
    assert loaders.for_error(ExpiredTokenError(), 401, False) is None
    extension.token_error_loader(_loader)
    expired = extension.expired_token_loader(lambda exc: "expired")
    assert loaders.for_error(ExpiredTokenError(), 401, False) is expired
    assert loaders.for_error(RevokedTokenError(), 401, False) is _loader
    invalid = extension.invalid_token_loader(lambda exc: "invalid")
    assert loaders.for_error(MalformedTokenError(), 401, True) is invalid  # user lookup fallback
    assert loaders.for_error(MissingTokenError(), 401, False) is _loader


def _recording(calls: list[str]) -> ResponseLoaders:
    loaders = ResponseLoaders()
    loaders.checks.append(lambda claims: calls.append(f"check {claims['sub']}"))
    loaders.checks.append(lambda claims: calls.append("second check"))

    def user(claims: dict[str, Any]) -> str:
        calls.append("user")
        return f"user {claims['sub']}"

    loaders.user = user
    return loaders


def test_lookup_runs_the_checks_in_order_then_the_user_loader_through_run() -> None:
    calls: list[str] = []
    wrapped: list[Callable[..., Any]] = []

    def run(fn: Callable[..., Any]) -> Callable[..., Any]:
        wrapped.append(fn)
        return fn

    loaders = _recording(calls)
    assert loaders.lookup({"sub": "alice"}, run) == "user alice"
    assert calls == ["check alice", "second check", "user"]
    assert wrapped == [*loaders.checks, loaders.user]
    assert ResponseLoaders().lookup({"sub": "alice"}, run) is None  # no user loader


def test_a_refusing_check_stops_the_lookup() -> None:
    calls: list[str] = []
    loaders = _recording(calls)

    def blocklist(claims: dict[str, Any]) -> None:
        raise RevokedTokenError()

    loaders.checks.insert(0, blocklist)
    with pytest.raises(RevokedTokenError):
        loaders.lookup({"sub": "alice"}, lambda fn: fn)
    with pytest.raises(RevokedTokenError):
        asyncio.run(loaders.alookup({"sub": "alice"}))
    assert calls == []


def test_alookup_awaits_async_loaders_and_takes_sync_ones() -> None:
    calls: list[str] = []
    loaders = _recording(calls)

    async def async_check(claims: dict[str, Any]) -> None:
        calls.append("async check")

    async def async_user(claims: dict[str, Any]) -> str:
        return f"async user {claims['sub']}"

    loaders.checks.append(async_check)
    assert asyncio.run(loaders.alookup({"sub": "bob"})) == "user bob"
    assert calls == ["check bob", "second check", "async check", "user"]
    loaders.user = async_user
    assert asyncio.run(loaders.alookup({"sub": "bob"})) == "async user bob"
    assert asyncio.run(ResponseLoaders().alookup({"sub": "bob"})) is None


def test_resolved_awaits_only_an_awaitable() -> None:
    async def value() -> int:
        return 7

    assert asyncio.run(resolved(value())) == 7
    assert asyncio.run(resolved(8)) == 8

"""TokenPolicy.verify throughput with the Redis revocation store, next to raw decode.

Usage: ``python benchmarks/bench_policy_redis.py [--quick] [--tasks N]``; Redis at
``REDIS_URL`` (default ``redis://127.0.0.1:6379/0``).

Method
------
* One ``LocalKey``; a pool of distinct v4.local access tokens minted by ``TokenPolicy.refresh``
  (on a memory store), so each carries ``sub``, ``jti`` and ``fam``: with a store, every
  verification asks about all three (on Redis: one ``MGET`` of three keys). Calls cycle
  through the pool.
* Sync rows, one thread and one client: raw ``pasetokit.decode``; ``TokenPolicy.verify`` with
  no store (``revocation_store=False``), the memory store and ``RedisRevocationStore``; and the
  bare ``RedisRevocationStore.is_revoked`` round trip. Calibrated batches in an order shuffled
  every round (``_rounds.run_rounds``), timed by the wall clock (a Redis round trip is waiting,
  not CPU); ratios to raw decode are taken round by round, reported as median [q1-q3].
* Async rows: N (default 16) tasks on one event loop, each awaiting ``averify`` in a loop for a
  fixed time; total verifications/s. Contenders: no store, the memory store,
  ``AsyncRedisRevocationStore`` on one ``redis.asyncio`` client, and the sync
  ``RedisRevocationStore`` (which the policy runs in worker threads from async code). Rounds
  interleaved with alternating order; each row is the median [q1-q3] of its rounds, and its
  ratio is the median over the median of raw decode (the two ran in different rounds).
* Sanity first: every policy accepts the whole pool, and a token revoked through Redis is
  rejected by both the sync and the async Redis policy.

Ratios are against raw ``decode`` ops/s of the same run. Redis rows are skipped with a message
when no server answers. Exit status is always 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, Summary, run_rounds, summary

try:
    import pasetokit
    from pasetokit import (
        LocalKey,
        MemoryRevocationStore,
        RevokedTokenError,
        TokenPolicy,
        decode,
    )
except ImportError as exc:  # pragma: no cover - environment problem, not a benchmark result
    sys.exit(f"bench_policy_redis: cannot import pasetokit ({exc}); run `pip install -e .` first")

POOL = 512
DEFAULT_URL = "redis://127.0.0.1:6379/0"

AsyncVerify = Callable[[str], Awaitable[object]]


def redacted(url: str) -> str:
    head, sep, tail = url.rpartition("@")
    return f"{head.partition('://')[0]}://***@{tail}" if sep else url


def connect(url: str) -> tuple[Any, str]:
    """(sync redis client, server version) or (None, why not)."""
    try:
        import redis
    except ImportError:
        return None, 'redis-py is not installed: pip install "pasetokit[redis]"'
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
    try:
        version = str(client.info("server").get("redis_version", "?"))
    except (redis.RedisError, OSError) as exc:
        client.close()
        return None, f"Redis not reachable at {redacted(url)} ({type(exc).__name__}): set REDIS_URL"
    return client, version


def mint_pool(key: LocalKey) -> list[str]:
    """POOL access tokens, each from its own refresh family (so ``fam`` is set)."""
    minter = TokenPolicy(local_key=key, revocation_store=MemoryRevocationStore())
    tokens = [
        minter.refresh(minter.create_refresh_token(f"user-{i}")).access_token for i in range(POOL)
    ]
    if len(set(tokens)) != POOL:
        sys.exit("sanity: duplicate tokens")
    return tokens


async def async_ops_per_sec(
    contenders: dict[str, AsyncVerify],
    tokens: list[str],
    *,
    tasks: int,
    rounds: int,
    seconds: float,
) -> dict[str, list[float]]:
    """``tasks`` concurrent tasks per contender for ``seconds`` a round; ops/s of each round."""

    async def one_round(averify: AsyncVerify) -> float:
        done = 0
        deadline = time.perf_counter() + seconds

        async def worker(offset: int) -> None:
            nonlocal done
            i = offset
            while time.perf_counter() < deadline:
                await averify(tokens[i % POOL])
                i += 1
                done += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(k * (POOL // tasks)) for k in range(tasks)))
        return done / (time.perf_counter() - started)

    names = list(contenders)
    for name in names:  # warm-up: connections, worker threads, scripts
        await one_round(contenders[name])
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            samples[name].append(await one_round(contenders[name]))
    return samples


def table(title: str, rows: dict[str, tuple[Summary, Summary]]) -> None:
    """Rows of (ops/s, ratio to raw decode), each a median [q1-q3]."""
    print(f"{title}\n  {'operation':<40}{'ops/s':>26}{'vs decode':>20}\n  " + "-" * 86)
    for name, (ops, ratio) in rows.items():
        print(f"  {name:<40}{ops.fmt(0):>26}{ratio.fmt():>20}")
    print()


def sync_table(ns: dict[str, list[float]]) -> dict[str, tuple[Summary, Summary]]:
    """ops/s per row, and the ratio to raw decode of the same round."""
    base = ns["decode (raw)"]
    return {
        name: (
            summary([1e9 / v for v in values]),
            summary([b / v for v, b in zip(values, base, strict=True)]),
        )
        for name, values in ns.items()
    }


def async_table(
    ops: dict[str, list[float]], decode_ns: list[float]
) -> dict[str, tuple[Summary, Summary]]:
    """ops/s per row, and its median over raw decode's median (different rounds)."""
    base = summary([1e9 / v for v in decode_ns]).median
    rows = {}
    for name, values in ops.items():
        row = summary(values)
        rows[name] = (row, Summary(row.median / base, row.q1 / base, row.q3 / base))
    return rows


def sanity(policies: dict[str, TokenPolicy], tokens: list[str]) -> None:
    for name, policy in policies.items():
        for token in tokens:
            policy.verify(token)
        print(f"sanity: verify ({name}) accepts all {POOL} tokens")


def expect_revoked(verify: Callable[[], object], where: str) -> None:
    try:
        verify()
    except RevokedTokenError:
        print(f"sanity: a token revoked through Redis is rejected ({where})")
    else:
        sys.exit(f"sanity: a revoked token was accepted ({where})")


def sync_rows(
    key: LocalKey, tokens: list[str], client: Any, *, prefix: str, rounds: int, target_s: float
) -> tuple[dict[str, list[float]], TokenPolicy | None]:
    policies = {
        "no store": TokenPolicy(local_key=key, revocation_store=False),
        "memory store": TokenPolicy(local_key=key, revocation_store=MemoryRevocationStore()),
    }
    redis_policy = None
    if client is not None:
        from pasetokit.redis import RedisRevocationStore

        store = RedisRevocationStore(client, prefix=prefix)
        redis_policy = policies["redis store"] = TokenPolicy(local_key=key, revocation_store=store)
    sanity(policies, tokens)

    contenders = {"decode (raw)": Contender(lambda t: decode(key, t).claims, tokens)}
    for name, policy in policies.items():
        contenders[f"verify, {name}"] = Contender(policy.verify, tokens)
    if client is not None:
        now = time.time()
        jtis = [secrets.token_urlsafe(16) for _ in range(POOL)]
        contenders["is_revoked alone (redis, 3 keys)"] = Contender(
            lambda j: store.is_revoked(jti=j, family=j, subject="user-1", issued_at=now), jtis
        )
    ns = run_rounds(contenders, rounds=rounds, batch_s=target_s, clock=time.perf_counter_ns)
    return ns, redis_policy


async def async_rows(
    key: LocalKey,
    tokens: list[str],
    url: str | None,
    prefix: str,
    options: argparse.Namespace,
) -> dict[str, list[float]]:
    contenders: dict[str, AsyncVerify] = {
        "averify, no store": TokenPolicy(local_key=key, revocation_store=False).averify,
        "averify, memory store": TokenPolicy(
            local_key=key, revocation_store=MemoryRevocationStore()
        ).averify,
    }
    clients: list[Any] = []
    try:
        if url is not None:
            import redis
            import redis.asyncio

            from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore

            aclient = redis.asyncio.Redis.from_url(url, socket_timeout=5)
            sclient = redis.Redis.from_url(url, socket_timeout=5)
            clients += [aclient, sclient]
            apolicy = TokenPolicy(
                local_key=key, revocation_store=AsyncRedisRevocationStore(aclient, prefix=prefix)
            )
            for token in tokens:
                await apolicy.averify(token)
            victim = apolicy.create_access_token("victim")
            await apolicy.arevoke(victim)
            try:
                await apolicy.averify(victim)
            except RevokedTokenError:
                print("sanity: a token revoked through Redis is rejected (async store)")
            else:
                sys.exit("sanity: a revoked token was accepted (async store)")
            contenders["averify, redis store (async client)"] = apolicy.averify
            tpolicy = TokenPolicy(
                local_key=key, revocation_store=RedisRevocationStore(sclient, prefix=prefix)
            )
            contenders["averify, redis store (sync, threads)"] = tpolicy.averify
        rounds, seconds = (3, 0.2) if options.quick else (7, 0.5)
        return await async_ops_per_sec(
            contenders, tokens, tasks=options.tasks, rounds=rounds, seconds=seconds
        )
    finally:
        for c in clients:
            if hasattr(c, "aclose"):
                await c.aclose()
            else:
                c.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="3 short rounds instead of 7")
    ap.add_argument("--tasks", type=int, default=16, help="concurrent asyncio tasks (16)")
    options = ap.parse_args(argv)
    if options.tasks < 1:
        ap.error("--tasks must be >= 1")
    rounds, target_s = (3, 0.1) if options.quick else (7, 0.3)

    url = os.environ.get("REDIS_URL") or DEFAULT_URL
    client, server = connect(url)
    prefix = f"pasetokit-bench:{secrets.token_hex(6)}:"
    key = LocalKey.generate()
    try:
        tokens = mint_pool(key)
        ns, redis_policy = sync_rows(
            key, tokens, client, prefix=prefix, rounds=rounds, target_s=target_s
        )
        if redis_policy is not None:
            victim = redis_policy.create_access_token("victim")
            redis_policy.revoke(victim)
            expect_revoked(lambda: redis_policy.verify(victim), "sync store")
        aops = asyncio.run(
            async_rows(key, tokens, url if client is not None else None, prefix, options)
        )
    finally:
        if client is not None:
            keys = list(client.scan_iter(match=prefix + "*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()

    redis_note = (
        f"Redis {server} at {redacted(url)}" if client is not None else f"no Redis: {server}"
    )
    print(
        f"\npython {platform.python_version()} | pasetokit {pasetokit.__version__} | {redis_note}"
        f"\npool {POOL} access tokens (sub + jti + fam), v4.local | {rounds} rounds, "
        "median [q1-q3]\n"
    )
    table("sync: one thread, one client", sync_table(ns))
    table(f"async: {options.tasks} tasks on one event loop", async_table(aops, ns["decode (raw)"]))
    if client is None:
        print(f"Redis rows skipped: {server}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

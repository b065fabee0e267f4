"""Revocation at scale: the mirrored Redis store, Redis Cluster, propagation and memory.

Usage: ``python benchmarks/bench_mirror.py [--rounds N]``. Starts its own ``redis-server``
processes (one single node, one 3-master cluster) on loopback, via ``tests/redis_support``.

Method
------
* verify: one ``LocalKey``; a pool of distinct access tokens (each with ``sub``, ``jti``,
  ``fam``, every subject distinct, so a cluster spreads them over its shards). Contenders:
  ``TokenPolicy.verify`` on ``MemoryRevocationStore`` (the reference), on the mirrored Redis
  store (single node and cluster), and on the plain Redis store (single node and cluster).
  Each round times one batch of the pool per contender, contenders interleaved and the order
  alternated each round; the table gives each contender's ratio to the memory store *of the
  same round*: median and quartiles over the rounds.
* read commands: ``INFO commandstats`` (GET, MGET, EXISTS, PTTL) around 2,000 verifies with
  the mirrored store (the mirror's own XREAD is counted apart).
* propagation: another OS process holds a mirror and polls ``is_revoked``; this process
  revokes with a plain store and takes the time until the other reports it (pipe included,
  so an upper bound); p50/p99 over the trials.
* memory per mirrored entry: ``tracemalloc`` over filling a mirror's view with N token
  revocations (22-character ids, 10-character subjects).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import redis  # noqa: E402

from pasetokit import LocalKey, MemoryRevocationStore, TokenPolicy  # noqa: E402
from pasetokit.redis import RedisRevocationStore  # noqa: E402
from pasetokit.stores._mirror_view import View, put  # noqa: E402

from redis_support import PrivateRedis, running_cluster  # noqa: E402

POOL = 1000
STALENESS = 1.0


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


@contextlib.contextmanager
def single_node() -> Iterator[PrivateRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("bench_mirror: redis-server not found")
    with tempfile.TemporaryDirectory(prefix="pasetokit-bench-") as directory:
        server = PrivateRedis(binary, Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()


def verify_ratios(stores: dict[str, Any], rounds: int) -> dict[str, list[float]]:
    key = LocalKey.generate()
    minter = TokenPolicy(local_key=key, revocation_store=MemoryRevocationStore())
    tokens = [
        minter.refresh(minter.create_refresh_token(f"user-{i:05}")).access_token
        for i in range(POOL)
    ]
    policies = {name: TokenPolicy(local_key=key, revocation_store=s) for name, s in stores.items()}
    for policy in policies.values():  # sanity and warm-up: every policy accepts the pool
        for token in tokens:
            policy.verify(token)
    names = list(policies)
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        rates: dict[str, float] = {}
        for name in names if r % 2 == 0 else reversed(names):
            verify = policies[name].verify
            gc.disable()
            started = time.perf_counter()
            for token in tokens:
                verify(token)
            rates[name] = POOL / (time.perf_counter() - started)
            gc.enable()
        for name in names:
            ratios[name].append(rates[name] / rates["memory"])
    return ratios


def read_commands(url: str) -> tuple[int, int]:
    client = redis.Redis.from_url(url)
    try:
        stats = client.info("commandstats")
    finally:
        client.close()

    def calls(*names: str) -> int:
        return sum(int(stats.get(f"cmdstat_{n}", {}).get("calls", 0)) for n in names)

    return calls("get", "mget", "exists", "pttl"), calls("xread")


def count_reads(url: str, store: RedisRevocationStore) -> tuple[int, int]:
    key = LocalKey.generate()
    policy = TokenPolicy(local_key=key, revocation_store=store)
    tokens = [policy.create_access_token(f"reader-{i}") for i in range(100)]
    before, xread_before = read_commands(url)
    for i in range(2000):
        policy.verify(tokens[i % 100])
    after, xread_after = read_commands(url)
    return after - before, xread_after - xread_before


_CHILD = """
import sys, time
from pasetokit.redis import RedisRevocationStore
store = RedisRevocationStore.from_url(sys.argv[1], mirror=True, max_staleness=float(sys.argv[2]))
print("up", flush=True)
for line in sys.stdin:
    subject, jti = line.split()
    print("ready", flush=True)
    while not store.is_revoked(jti=jti, family=None, subject=subject, issued_at=0.0):
        time.sleep(0.0002)
    print("seen", flush=True)
"""


def propagation(url: str, trials: int) -> list[float]:
    child = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", _CHILD, url, str(STALENESS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    writer = RedisRevocationStore.from_url(url)
    latencies = []
    try:
        child.stdout.readline()
        for trial in range(trials):
            child.stdin.write(f"prop-{trial} j-{trial}\n")
            child.stdin.flush()
            child.stdout.readline()
            started = time.perf_counter()
            writer.revoke_token(f"j-{trial}", subject=f"prop-{trial}", ttl=60)
            child.stdout.readline()
            latencies.append(time.perf_counter() - started)
    finally:
        child.stdin.close()
        child.wait(timeout=10)
        writer.client.close()
    return latencies


def bytes_per_entry(n: int) -> float:
    view = View()
    ids = [f"{i:022d}" for i in range(n)]
    subjects = [f"user-{i:05d}" for i in range(n)]
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        put(view, "jti", subjects[i], ids[i], "1", deadline=1e9, limit=n + 1)
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    # the id and subject strings are the mirror's too (decoded from Redis): count them
    strings = sum(sys.getsizeof(s) for s in ids) + sum(sys.getsizeof(s) for s in subjects)
    return (used + strings) / n


def row(name: str, values: list[float]) -> str:
    q1, q2, q3 = quartiles(values)
    return f"| {name:<34} | {q2:6.2f}x | {q1:5.2f}-{q3:5.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, pool {POOL}, {args.rounds} rounds"
    )
    with single_node() as node, running_cluster() as cluster:
        mirrored = RedisRevocationStore.from_url(node.url, mirror=True, max_staleness=STALENESS)
        mirrored_cluster = RedisRevocationStore.from_url(
            cluster.url, cluster=True, mirror=True, max_staleness=STALENESS
        )
        stores: dict[str, Any] = {
            "memory": MemoryRevocationStore(),
            "redis mirror (single node)": mirrored,
            "redis mirror (cluster)": mirrored_cluster,
            "redis plain (single node)": RedisRevocationStore.from_url(node.url),
            "redis plain (cluster)": RedisRevocationStore.from_url(cluster.url, cluster=True),
        }
        ratios = verify_ratios(stores, args.rounds)
        print("\n| verify vs MemoryRevocationStore     | median | quartiles   |")
        print("|------------------------------------|--------|-------------|")
        for name, values in ratios.items():
            if name != "memory":
                print(row(name, values))
        cluster_vs_single = [
            c / s
            for c, s in zip(
                ratios["redis plain (cluster)"], ratios["redis plain (single node)"], strict=True
            )
        ]
        print(row("plain cluster vs plain single node", cluster_vs_single))
        reads, xreads = count_reads(node.url, mirrored)
        print(f"\n2,000 verifies, mirrored: {reads} read commands (+ {xreads} XREAD by the feed)")
        latencies = propagation(node.url, 200)
        p50 = statistics.median(latencies) * 1000
        p99 = statistics.quantiles(latencies, n=100)[98] * 1000
        print(f"propagation to another process (200 trials): p50 {p50:.2f} ms, p99 {p99:.2f} ms")
        print(f"memory per mirrored entry: {bytes_per_entry(100_000):.0f} bytes (100,000 tokens)")
        for store in (mirrored, mirrored_cluster):
            store.close_mirror()


if __name__ == "__main__":
    main()

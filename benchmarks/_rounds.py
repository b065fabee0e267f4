"""Shuffled, interleaved rounds timed in CPU time: the harness of ``bench_core`` and friends.

Method: each contender is a one-argument callable plus a pool of distinct inputs. It is
calibrated once so that one batch (the pool, repeated or cut to length) costs about
``batch_s`` of CPU time; then every round runs one batch of every contender, in an order
shuffled afresh each round, so drift and a noisy neighbour spread over all contenders alike.
A batch is timed with ``time.thread_time_ns`` (CPU time of the measuring thread: time spent
descheduled on a shared machine does not count) with the garbage collector paused, as
``timeit`` does. Work that runs on other threads (a web framework's thread pool) is invisible
to that clock: such benchmarks pass ``clock=time.process_time_ns`` (CPU time of the whole
process). The result is one ns/op sample per round and contender; callers report medians and
quartiles, and ratios computed round by round (two contenders of one round ran seconds apart,
under the same conditions).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

__all__ = [
    "Contender",
    "Summary",
    "overhead_ratio",
    "overhead_summary",
    "ratio_summary",
    "run_rounds",
    "summary",
]

Clock = Callable[[], int]


class Contender(NamedTuple):
    fn: Callable[[Any], object]
    inputs: Sequence[Any]


class Summary(NamedTuple):
    median: float
    q1: float
    q3: float

    def fmt(self, digits: int = 2) -> str:
        return f"{self.median:.{digits}f} [{self.q1:.{digits}f}-{self.q3:.{digits}f}]"


def _batch_ns(fn: Callable[[Any], object], batch: Sequence[Any], clock: Clock) -> int:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = clock()
        for item in batch:
            fn(item)
        return clock() - start
    finally:
        if was_enabled:
            gc.enable()


def _inputs(pool: Sequence[Any], n: int) -> list[Any]:
    return (list(pool) * (n // len(pool) + 1))[:n]


def _calibrate(c: Contender, batch_s: float, clock: Clock) -> list[Any]:
    n = len(c.inputs)
    while True:
        elapsed = _batch_ns(c.fn, _inputs(c.inputs, n), clock)
        if elapsed >= 10_000_000 or n >= 1 << 22:
            return _inputs(c.inputs, max(1, int(batch_s * 1e9 * n / max(elapsed, 1))))
        n *= 2


def run_rounds(
    contenders: Mapping[str, Contender],
    *,
    rounds: int,
    batch_s: float,
    seed: int = 12,
    clock: Clock = time.thread_time_ns,
) -> dict[str, list[float]]:
    """ns/op of every contender, one sample per round (shuffled order each round)."""
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    batches = {name: _calibrate(c, batch_s, clock) for name, c in contenders.items()}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    order = list(contenders)
    rng = random.Random(seed)
    for _ in range(rounds):
        rng.shuffle(order)
        for name in order:
            batch = batches[name]
            samples[name].append(_batch_ns(contenders[name].fn, batch, clock) / len(batch))
    return samples


def summary(values: Sequence[float]) -> Summary:
    if len(values) < 2:
        return Summary(values[0], values[0], values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Summary(median, q1, q3)


def ratio_summary(numerator_ns: Sequence[float], denominator_ns: Sequence[float]) -> Summary:
    """Speed ratio per round, ``numerator_ns[r] / denominator_ns[r]`` (> 1: the denominator's
    contender is faster), summarised."""
    return summary([a / b for a, b in zip(numerator_ns, denominator_ns, strict=True)])


def overhead_summary(route_ns: Sequence[float], open_ns: Sequence[float]) -> Summary:
    """What a protected route costs over the open one, in microseconds, round by round."""
    return summary([(a - b) / 1000 for a, b in zip(route_ns, open_ns, strict=True)])


def overhead_ratio(
    ours_ns: Sequence[float], theirs_ns: Sequence[float], open_ns: Sequence[float]
) -> Summary:
    """Our overhead over the open route divided by theirs, round by round (< 1: ours is less)."""
    rounds = zip(ours_ns, theirs_ns, open_ns, strict=True)
    return summary([(ours - base) / (theirs - base) for ours, theirs, base in rounds])

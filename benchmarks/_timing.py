"""Interleaved micro-benchmark timing shared by the ``benchmarks/`` scripts.

Method: every callable is calibrated once so one batch of calls lasts about ``target_s``; then
``rounds`` rounds run every batch back to back, alternating the order each round (A,B,C then
C,B,A ...), so a noisy neighbour, a frequency change or thermal drift hits every contender
alike. Each batch is timed with ``time.perf_counter_ns`` with the garbage collector paused (as
``timeit`` does), and the best (default) or median batch gives the ops/s figure.
"""

from __future__ import annotations

import gc
import itertools
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, TypeVar

__all__ = ["cycling", "interleaved_ops_per_sec"]

T = TypeVar("T")


def cycling(fn: Callable[[T], object], items: Sequence[T]) -> Callable[[], object]:
    """A zero-argument callable applying ``fn`` to ``items`` in turn, round and round."""
    it = itertools.cycle(items)
    return lambda: fn(next(it))


def _batch_ns(fn: Callable[[], object], n: int) -> int:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(n):
            fn()
        return time.perf_counter_ns() - start
    finally:
        if was_enabled:
            gc.enable()


def _calibrate(fn: Callable[[], object], target_s: float) -> int:
    """Calls per batch so that a batch takes about ``target_s`` (at least one call)."""
    n = 1
    while True:
        elapsed = _batch_ns(fn, n)
        if elapsed >= 20_000_000 or n >= 1 << 24:  # 20 ms is enough to estimate
            return max(1, int(target_s * 1e9 * n / max(elapsed, 1)))
        n *= 2


def interleaved_ops_per_sec(
    funcs: Mapping[str, Callable[[], object]],
    *,
    rounds: int = 7,
    target_s: float = 0.25,
    stat: Literal["best", "median"] = "best",
) -> dict[str, float]:
    """Time each zero-argument callable in interleaved rounds; return ops/s per name.

    ``funcs`` maps a label to a callable performing exactly one operation; wrap per-call inputs
    with :func:`cycling`. ``stat`` picks the best (least disturbed) or the median round.
    """
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    names = list(funcs)
    sizes = {name: _calibrate(funcs[name], target_s) for name in names}
    samples: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            n = sizes[name]
            samples[name].append(n * 1e9 / max(_batch_ns(funcs[name], n), 1))
    pick = max if stat == "best" else statistics.median
    return {name: pick(values) for name, values in samples.items()}

"""JSON footer cost against a plain ``json.loads`` of the same bytes (issue 10 item 8).

Usage: ``python benchmarks/bench_footer.py [--quick]``

What is timed is everything ``decode`` does with a footer before choosing a key: the forbidden
PASERK type check and ``loads_footer`` (length, key count and depth limits, then the strict
parse: unique keys, no NaN), with the default ``FooterLimits`` (8 KiB, 512 keys, depth 2).
The reference is ``json.loads(footer)`` on the same bytes. Footers, each a pool of distinct
ones: a kid-only footer (every policy token carries one), short-key objects of 512 B, 2 KiB
and 8 KiB (the length limit), 350 and 512 keys (the key limit), and attacker-chosen 8 KiB
footers: values holding colons; brackets (the text alone does not show the object flat: its
values' types are looked at); commas and colons (the comma count does not bound the keys:
quotes are counted); the same with escaped backslashes and ``\\u003a`` escapes (a ``\\u00``
escape could spell a PASERK: the decoded text is searched); one long string, the cheapest
8 KiB for ``json.loads``, random or ``k1.`` repeated (the PASERK regex tries a match at
every ``k``).

Bars: time ratio <= 1.3 at every size; the kid-only footer within 2 µs of ``json.loads``.
Timing as in ``bench_core.py`` (``_rounds.py``); the difference in µs is computed round by round.
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, ratio_summary, run_rounds, summary

from pasetokit import LocalKey, codec
from pasetokit._json import FooterLimits

POOL = 128
LIMITS = FooterLimits()


def kid_only() -> bytes:
    return json.dumps({"kid": LocalKey.generate().paserk_id}, separators=(",", ":")).encode()


def keyed(size: int) -> Callable[[], bytes]:
    def make() -> bytes:
        out: dict[str, str] = {}
        while len(json.dumps(out, separators=(",", ":"))) < size - 24:
            out[f"k{len(out):03d}"] = secrets.token_urlsafe(8)
        return json.dumps(out, separators=(",", ":")).encode()

    return make


def many_keys(n: int) -> Callable[[], bytes]:
    return lambda: json.dumps(
        {f"{i:x}": secrets.token_urlsafe(3)[:3] for i in range(n)}, separators=(",", ":")
    ).encode()


def urls(size: int, extra: str = "") -> Callable[[], bytes]:
    def make() -> bytes:
        out: dict[str, str] = {}
        while len(json.dumps(out)) < size - 90:
            out[f"u{len(out)}"] = f"https://x.example/{secrets.token_urlsafe(6)}?t=12:00:00{extra}"
        return json.dumps(out).encode()

    return make


def punctuated(size: int, escaped: bool) -> Callable[[], bytes]:
    # Commas and colons in every value, so neither count bounds the keys: the colons inside
    # the parsed strings are counted; escaped, also the backslash pairs and \u003a escapes.
    def make() -> bytes:
        out: dict[str, object] = {}
        while len(json.dumps(out)) < size - 90:
            value = f"a,b:{secrets.token_urlsafe(6)},c:d"
            out[f"p{len(out)}"] = value + ("\\\x01é" if escaped else "")
            out[f"n{len(out)}"] = len(out)
        return json.dumps(out).replace("\\u0001", "\\u003a").encode()

    return make


def one_string(size: int, unit: str = "") -> Callable[[], bytes]:
    # One long string: the cheapest 8 KiB for json.loads (about 1 ns a byte), so any pass
    # over the bytes shows. ``unit`` repeated: text the PASERK regex must try at every "k".
    def make() -> bytes:
        text = unit * ((size - 9) // max(len(unit), 1)) if unit else secrets.token_urlsafe(size)
        return json.dumps({"s": (text + secrets.token_urlsafe(8))[-(size - 9) :]}).encode()

    return make


SHAPES: dict[str, Callable[[], bytes]] = {
    "kid only": kid_only,
    "512 B": keyed(512),
    "2 KiB": keyed(2048),
    "8 KiB": keyed(8192),
    "350 keys": many_keys(350),
    "512 keys": many_keys(512),
    "8 KiB, colons in values": urls(8192),
    "8 KiB, brackets in values": urls(8192, "&a[]={}"),
    "8 KiB, commas+colons": punctuated(8192, escaped=False),
    "8 KiB, escapes": punctuated(8192, escaped=True),
    "8 KiB, one string": one_string(8192),
    "8 KiB, one string k1.k1.": one_string(8192, "k1."),
}


def ours(footer: bytes) -> object:
    return codec._footer_object(footer, LIMITS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    rounds, batch_s = (11, 0.005) if args.quick else (31, 0.008)
    contenders: dict[str, Contender] = {}
    sizes: dict[str, int] = {}
    for shape, make in SHAPES.items():
        pool = [make() for _ in range(POOL)]
        assert all(ours(f) == json.loads(f) for f in pool), shape
        assert len(set(pool)) == POOL
        sizes[shape] = int(statistics.median(len(f) for f in pool))
        contenders[f"{shape} pasetokit"] = Contender(ours, pool)
        contenders[f"{shape} json.loads"] = Contender(json.loads, pool)
    print(
        f"python {platform.python_version()} | pool {POOL} | {rounds} shuffled rounds x "
        f"~{batch_s * 1000:g} ms CPU per batch | thread CPU time, median [q1-q3]\n"
    )
    s = run_rounds(contenders, rounds=rounds, batch_s=batch_s)
    print(f"{'footer':<26}{'bytes':>6}{'pasetokit µs':>24}{'json.loads µs':>24}{'ratio':>20}")
    for shape in SHAPES:
        a, b = s[f"{shape} pasetokit"], s[f"{shape} json.loads"]
        r = ratio_summary(a, b)
        line = (
            f"{shape:<26}{sizes[shape]:>6}{summary([x / 1000 for x in a]).fmt():>24}"
            f"{summary([x / 1000 for x in b]).fmt():>24}{r.fmt():>20}"
            f"  {'PASS' if r.median <= 1.3 else 'FAIL'}"
        )
        if shape == "kid only":
            diff = summary([(x - y) / 1000 for x, y in zip(a, b, strict=True)])
            line += f"  (+{diff.fmt()} µs, bar 2 µs: {'PASS' if diff.median <= 2 else 'FAIL'})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How decode cost scales: payload size, key-ring size, forged tokens against big rings.

Usage: ``python benchmarks/bench_scaling.py [--quick]``

Tables (one run; ``_rounds.py``: shuffled interleaved rounds, thread CPU time, medians with
quartiles; ratios computed round by round):

1. **Payload size.** Decode of tokens whose JSON payload is about 200 B, 2 KiB and 16 KiB,
   pasetokit (``max_size`` raised to 64 KiB: the default 16 KiB token limit would refuse the
   largest) against the raw-primitive floor of ``bench_core.py``, v4.local and v4.public.
   Linear means the marginal cost per KiB stays the same from one size to the next; the time
   ratio pasetokit/floor must stay <= 1.2 at each size.
2. **Key ring with kid.** Decode of tokens carrying a ``kid`` footer with a ``KeyRing`` of 1, 10
   and 100 keys (time ratio against the 1-key ring: the same cost means ~1.00).
3. **Forged tokens (issue 10 item 7).** The cost of refusing a forged token, 100 keys against
   1 key: without a ``kid`` (a ring of several keys refuses it before any crypto), with a
   ``kid`` naming a ring key (one MAC/signature check), and a ``try_without_kid`` ring at its
   cap of ``MAX_KEYS_WITHOUT_KID`` keys (one MAC per key, no decryption).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, Summary, ratio_summary, run_rounds, summary
from bench_core import TTL, base_claims, floor_codecs

from pasetokit import KeyRing, LocalKey, SecretKey, TokenError, decode, encode
from pasetokit.keyring import MAX_KEYS_WITHOUT_KID

POOL = 128
SIZES = {"200 B": 200, "2 KiB": 2048, "16 KiB": 16384}
RING_SIZES = (1, 10, 100)
BIG = 64 * 1024  # max_size for the 16 KiB payloads


def padded_claims(now: datetime, size: int) -> dict[str, Any]:
    claims = base_claims(now)
    claims["data"] = ""
    base = len(encode_len(claims))
    claims["data"] = secrets.token_urlsafe(size)[: max(0, size - base)]
    return claims


def encode_len(claims: dict[str, Any]) -> bytes:
    import json

    return json.dumps({**claims, "exp": "2026-01-01T00:00:00Z"}, separators=(",", ":")).encode()


def forge(token: str) -> str:
    """The same token with one base64url character of its body changed."""
    parts = token.split(".")
    body, i = parts[2], len(parts[2]) // 2
    parts[2] = body[:i] + ("A" if body[i] != "A" else "B") + body[i + 1 :]
    return ".".join(parts)


def refuses(fn: Callable[[str], object]) -> Callable[[str], object]:
    def run(token: str) -> object:
        try:
            fn(token)
        except TokenError:
            return None
        raise AssertionError("a forged token was accepted")

    return run


def payload_contenders(now: datetime, raw: bytes, seed: bytes) -> dict[str, Contender]:
    lk, sk = LocalKey.from_bytes(raw), SecretKey.from_bytes(seed)
    floors = floor_codecs(raw, seed)
    out: dict[str, Contender] = {}
    for label, size in SIZES.items():
        claims = [padded_claims(now, size) for _ in range(POOL)]
        for purpose, key, verifier in (("local", lk, lk), ("public", sk, sk.public_key())):
            ours = [encode(key, c, expires_in=TTL) for c in claims]
            floor = [floors[purpose].encode(c) for c in claims]
            dec = partial(decode, verifier, max_size=BIG)
            for t, f in zip(ours[:4], floor[:4], strict=True):
                assert dec(t).claims["data"] == floors[purpose].decode(f)["data"]
            out[f"payload {purpose} {label} pasetokit"] = Contender(dec, ours)
            out[f"payload {purpose} {label} floor"] = Contender(floors[purpose].decode, floor)
    return out


def ring_contenders(now: datetime) -> dict[str, Contender]:
    out: dict[str, Contender] = {}
    for purpose in ("local", "public"):
        keys: list[LocalKey | SecretKey] = [
            LocalKey.generate() if purpose == "local" else SecretKey.generate()
            for _ in range(max(RING_SIZES))
        ]
        signer = keys[-1]
        tokens = [
            encode(signer, base_claims(now), include_kid=True, expires_in=TTL) for _ in range(POOL)
        ]
        for n in RING_SIZES:
            ring = KeyRing([*keys[: n - 1], signer])
            assert decode(ring, tokens[0]).claims
            out[f"ring {purpose} {n}"] = Contender(partial(decode, ring), tokens)
    return out


def forged_contenders(now: datetime) -> dict[str, Contender]:
    out: dict[str, Contender] = {}
    for purpose in ("local", "public"):
        keys: list[LocalKey | SecretKey] = [
            LocalKey.generate() if purpose == "local" else SecretKey.generate() for _ in range(100)
        ]
        signer = keys[-1]
        plain = [forge(encode(signer, base_claims(now), expires_in=TTL)) for _ in range(POOL)]
        kid = [
            forge(encode(signer, base_claims(now), include_kid=True, expires_in=TTL))
            for _ in range(POOL)
        ]
        one = KeyRing([signer])
        big = KeyRing(keys)
        capped = KeyRing(keys[-MAX_KEYS_WITHOUT_KID:], try_without_kid=True)
        out[f"forged {purpose} no kid, 1 key"] = Contender(refuses(partial(decode, one)), plain)
        out[f"forged {purpose} no kid, 100 keys"] = Contender(refuses(partial(decode, big)), plain)
        out[f"forged {purpose} kid, 1 key"] = Contender(refuses(partial(decode, one)), kid)
        out[f"forged {purpose} kid, 100 keys"] = Contender(refuses(partial(decode, big)), kid)
        out[f"forged {purpose} no kid, try-each {MAX_KEYS_WITHOUT_KID} keys"] = Contender(
            refuses(partial(decode, capped)), plain
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    rounds, batch_s = (11, 0.005) if args.quick else (31, 0.008)
    now = datetime.now(timezone.utc)
    raw, seed = os.urandom(32), os.urandom(32)
    contenders = {
        **payload_contenders(now, raw, seed),
        **ring_contenders(now),
        **forged_contenders(now),
    }
    print(
        f"python {platform.python_version()} | pool {POOL} | {rounds} shuffled rounds x "
        f"~{batch_s * 1000:g} ms CPU per batch | thread CPU time, median [q1-q3]\n"
    )
    s = run_rounds(contenders, rounds=rounds, batch_s=batch_s)

    def us(name: str) -> Summary:
        return summary([v / 1000 for v in s[name]])

    print("1. decode cost by payload size: µs/op, and time ratio pasetokit/floor (bar <= 1.2)")
    for purpose in ("local", "public"):
        prev: tuple[float, float, float] | None = None
        for label, size in SIZES.items():
            ours, floor = (
                us(f"payload {purpose} {label} pasetokit"),
                us(f"payload {purpose} {label} floor"),
            )
            ratio = ratio_summary(
                s[f"payload {purpose} {label} pasetokit"], s[f"payload {purpose} {label} floor"]
            )
            slope = ""
            if prev is not None:
                per_kib = (ours.median - prev[1]) / ((size - prev[0]) / 1024)
                floor_kib = (floor.median - prev[2]) / ((size - prev[0]) / 1024)
                slope = f"  +{per_kib:.2f} µs/KiB (floor +{floor_kib:.2f})"
            verdict = "PASS" if ratio.median <= 1.2 else "FAIL"
            print(
                f"  v4.{purpose:<7}{label:>7}  pasetokit {ours.fmt():>22}  floor {floor.fmt():>22}"
                f"  ratio {ratio.fmt()} {verdict}{slope}"
            )
            prev = (size, ours.median, floor.median)
    print("\n2. decode with a kid, KeyRing of n keys: µs/op and time ratio against n = 1")
    for purpose in ("local", "public"):
        for n in RING_SIZES:
            r = ratio_summary(s[f"ring {purpose} {n}"], s[f"ring {purpose} 1"])
            print(f"  v4.{purpose:<7} n={n:<4} {us(f'ring {purpose} {n}').fmt():>22}  x{r.fmt()}")
    print("\n3. refusing a forged token: µs/op and time ratio against the same case with 1 key")
    for purpose in ("local", "public"):
        base_plain, base_kid = f"forged {purpose} no kid, 1 key", f"forged {purpose} kid, 1 key"
        for case, base in (
            ("no kid, 1 key", base_plain),
            ("no kid, 100 keys", base_plain),
            (f"no kid, try-each {MAX_KEYS_WITHOUT_KID} keys", base_plain),
            ("kid, 1 key", base_kid),
            ("kid, 100 keys", base_kid),
        ):
            name = f"forged {purpose} {case}"
            r = ratio_summary(s[name], s[base])
            print(f"  v4.{purpose:<7}{case:<28}{us(name).fmt():>22}  x{r.fmt()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Core PASETO v4 throughput: pasetokit vs pyseto, side by side in one run.

Usage: ``python benchmarks/bench_core.py [--quick] [--check]``

Method
------
* Same keys on both sides: one random 32-byte v4.local key, and one random Ed25519 seed that
  becomes pasetokit's ``SecretKey`` and, as PKCS#8 / SPKI PEM built with ``cryptography``,
  pyseto's signing and verifying keys.
* A realistic access-token payload: ``sub``, a random 22-char ``jti``, RFC 3339 ``iat`` /
  ``nbf`` / ``exp`` (now, now, now + 15 min), ``type`` and ``roles``.
* Both libraries do their claim work: pyseto through ``Paseto.new(exp=900, include_iat=True)``
  with ``serializer=json`` / ``deserializer=json`` (sets ``exp``/``iat``, checks ``exp``/``nbf``);
  pasetokit's ``decode`` checks ``exp``/``nbf``/``iat`` against the clock by default.
* Decoding cycles through a pool of distinct tokens (distinct ``jti``), one pool per library
  and purpose; encoding likewise cycles through distinct payloads. No cache of any kind can
  help either side (Ed25519 signing is deterministic).
* Before timing, each library must accept every token of its pool, reject a tampered token and
  reject an expired one; the two libraries must also read each other's tokens.
* Timing (``_timing.py``): calibrated batches timed with ``perf_counter_ns``, all contenders
  interleaved round by round (alternating order), best round kept, so noise hits both sides.

The table gives ops/s, the pasetokit/pyseto ratio and the target bar. Exit status is 0 unless
``--check`` is given and a bar is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, cast

import pyseto
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import cycling, interleaved_ops_per_sec

try:
    import pasetokit
    from pasetokit import LocalKey, SecretKey, _crypto, decode, encode
except ImportError as exc:  # pragma: no cover - environment problem, not a benchmark result
    sys.exit(f"bench_core: cannot import pasetokit ({exc}); run `pip install -e .` first")

POOL = 512
PURPOSES = ("local", "public")
# (operation, purpose) -> minimum pasetokit/pyseto ratio
BARS = {
    ("encode", "local"): 1.1,
    ("encode", "public"): 1.5,
    ("decode", "local"): 2.0,
    ("decode", "public"): 2.5,
}

Encoder = Callable[[dict[str, Any]], str | bytes]
Decoder = Callable[[str], dict[str, Any]]


class Codec(NamedTuple):
    encode: Encoder  # the call being timed
    decode: Decoder  # the call being timed
    mint: Encoder  # writes the claims verbatim (pyseto's encode overrides exp), for sanity only


def rfc3339(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def access_claims(now: datetime, ttl: timedelta = timedelta(minutes=15)) -> dict[str, Any]:
    return {
        "sub": "user-4815162342",
        "jti": secrets.token_urlsafe(16),  # 22 chars
        "iat": rfc3339(now),
        "nbf": rfc3339(now),
        "exp": rfc3339(now + ttl),
        "type": "access",
        "roles": ["admin", "user"],
    }


def pasetokit_codecs(raw: bytes, seed: bytes) -> dict[str, Codec]:
    lk, sk = LocalKey.from_bytes(raw), SecretKey.from_bytes(seed)
    pk = sk.public_key()
    enc_l: Encoder = lambda c: encode(lk, c)  # noqa: E731
    enc_p: Encoder = lambda c: encode(sk, c)  # noqa: E731
    return {
        "local": Codec(enc_l, lambda t: decode(lk, t).claims, enc_l),
        "public": Codec(enc_p, lambda t: decode(pk, t).claims, enc_p),
    }


def pyseto_codecs(raw: bytes, seed: bytes) -> dict[str, Codec]:
    ed = Ed25519PrivateKey.from_private_bytes(seed)
    priv_pem = ed.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    pub_pem = ed.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    lk = pyseto.Key.new(4, "local", raw)
    sk, pk = pyseto.Key.new(4, "public", priv_pem), pyseto.Key.new(4, "public", pub_pem)
    p = pyseto.Paseto.new(exp=900, include_iat=True)

    def dec(key: Any) -> Decoder:
        return lambda t: cast("dict[str, Any]", p.decode(key, t, deserializer=json).payload)

    def mint(key: Any) -> Encoder:
        return lambda c: pyseto.encode(key, c, serializer=json)

    return {
        "local": Codec(lambda c: p.encode(lk, c, serializer=json), dec(lk), mint(lk)),
        "public": Codec(lambda c: p.encode(sk, c, serializer=json), dec(pk), mint(sk)),
    }


def as_str(token: str | bytes) -> str:
    return token.decode("ascii") if isinstance(token, bytes) else token


def tamper(token: str) -> str:
    i = len(token) * 2 // 3  # well inside the base64url body
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def rejects(fn: Callable[[], object]) -> bool:
    try:
        fn()
    except Exception:
        return True
    return False


def build_pool(lib: str, purpose: str, codec: Codec, now: datetime) -> list[str]:
    """POOL distinct tokens, each checked to round-trip; plus tamper and expiry sanity checks."""
    dec, claims = codec.decode, [access_claims(now) for _ in range(POOL)]
    pool = [as_str(codec.encode(dict(c))) for c in claims]
    where = f"{lib} v4.{purpose}"
    if len(set(pool)) != POOL:
        sys.exit(f"sanity: {where} produced duplicate tokens")
    for c, t in zip(claims, pool, strict=True):
        got = dec(t)
        if got.get("jti") != c["jti"] or got.get("roles") != c["roles"]:
            sys.exit(f"sanity: {where} did not round-trip {c['jti']}: {got!r}")
    if not rejects(lambda: dec(tamper(pool[0]))):
        sys.exit(f"sanity: {where} accepted a tampered token")
    old = access_claims(now - timedelta(hours=2), ttl=timedelta(hours=1))
    if not rejects(lambda: dec(as_str(codec.mint(old)))):
        sys.exit(f"sanity: {where} accepted an expired token")
    return pool


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="3 short rounds instead of 7")
    ap.add_argument("--check", action="store_true", help="exit 1 when a bar is missed")
    args = ap.parse_args(argv)
    rounds, target_s = (3, 0.1) if args.quick else (7, 0.3)

    raw, seed = os.urandom(32), os.urandom(32)
    libs = {"pasetokit": pasetokit_codecs(raw, seed), "pyseto": pyseto_codecs(raw, seed)}
    now = datetime.now(timezone.utc)
    funcs: dict[str, Callable[[], object]] = {}
    pools: dict[tuple[str, str], list[str]] = {}
    for purpose in PURPOSES:
        for lib, codecs in libs.items():
            codec, payloads = codecs[purpose], [access_claims(now) for _ in range(POOL)]
            pools[lib, purpose] = pool = build_pool(lib, purpose, codec, now)
            funcs[f"encode {purpose} {lib}"] = cycling(codec.encode, payloads)
            funcs[f"decode {purpose} {lib}"] = cycling(codec.decode, pool)
    for purpose in PURPOSES:  # interop: each library reads the other's tokens
        for a, b in (("pasetokit", "pyseto"), ("pyseto", "pasetokit")):
            if rejects(partial(libs[b][purpose].decode, pools[a, purpose][0])):
                sys.exit(f"sanity: {b} cannot decode a v4.{purpose} token made by {a}")
    print("sanity: round-trip, tamper, expiry and interop checks passed for both libraries")
    # The floor under any v4.public decode: one bare libsodium Ed25519 verification of a
    # token-sized message, timed in the same rounds, so the table can show the best ratio any
    # Python code built on PyNaCl could reach.
    signer = SecretKey.from_bytes(seed)
    message = b"x" * 200
    signature = _crypto.ed25519_sign(signer.to_bytes(), message)
    verify_key = signer.public_key().to_bytes()
    funcs["ed25519 verify only"] = partial(_crypto.ed25519_verify, verify_key, message, signature)

    print(
        f"python {platform.python_version()} | pasetokit {getattr(pasetokit, '__version__', '?')}"
        f" | pyseto {pyseto.__version__} | pool {POOL} tokens | {rounds} interleaved rounds"
        f" x ~{target_s:g}s per batch, best round\n"
    )
    ops = interleaved_ops_per_sec(funcs, rounds=rounds, target_s=target_s)

    header = f"{'operation':<16}{'pasetokit/s':>13}{'pyseto/s':>12}{'ratio':>9}{'bar':>8}  result"
    print(header + "\n" + "-" * len(header))
    failed = False
    for (op, purpose), bar in BARS.items():
        ours, theirs = ops[f"{op} {purpose} pasetokit"], ops[f"{op} {purpose} pyseto"]
        ok = (ratio := ours / theirs) >= bar
        failed |= not ok
        print(
            f"{op + ' v4.' + purpose:<16}{ours:>13,.0f}{theirs:>12,.0f}"
            f"{ratio:>8.2f}x{'>=' + format(bar, '.1f') + 'x':>8}  {'PASS' if ok else 'FAIL'}"
        )
    ceiling = ops["ed25519 verify only"] / ops["decode public pyseto"]
    print(
        f"\nceiling for decode v4.public: a bare Ed25519 verification alone runs at "
        f"{ops['ed25519 verify only']:,.0f}/s = {ceiling:.2f}x pyseto's whole decode"
    )
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Core PASETO v4 cost: pasetokit against a raw-primitive floor and every Python peer, one run.

Usage: ``python benchmarks/bench_core.py [--quick] [--rounds N] [--check]``

Method
------
* The same work on every side. Encoders receive the same claims (``sub``, a distinct 22-char
  ``jti``, RFC 3339 ``iat`` = ``nbf`` at a distinct instant of the last hour, ``type``, ``roles``;
  PyJWT gets NumericDate ``iat``/``nbf``)
  and each generates ``exp`` (now + 15 min) itself. Wrappers of libraries that modify the
  caller's dict pass a copy (pasetokit copies internally). Each decoder checks what it checks:
  the list is printed with the table.
* The **floor** is the least work any strict v4 implementation must do, written inline from the
  raw primitives pasetokit also uses: hashlib BLAKE2b, pycryptodome's public ``ChaCha20``
  (XChaCha20 through a 24-byte nonce), PyNaCl's public ``crypto_sign``/``crypto_sign_open``,
  stdlib ``json`` and base64, and one ``datetime.fromisoformat`` for ``exp``. It checks nothing
  else (no strict base64, no size limit, no unique keys, no ``nbf``/``iat``).
* Pools of distinct inputs: every encoder cycles through POOL claim sets, every decoder through
  POOL tokens its own encoder made (all tokens differ; Ed25519 signing is deterministic, so
  distinct claims also mean distinct signatures).
* Sanity first: each decoder accepts its whole pool and refuses a tampered and an expired token;
  pasetokit, the floor, pyseto and paseto read each other's tokens.
* Timing (``_rounds.py``): calibrated batches, one per contender per round, in a freshly
  shuffled order each round; CPU time of the measuring thread (``time.thread_time_ns``), GC
  paused. Per contender: median ns/op and quartiles over the rounds. Ratios are speed ratios
  computed round by round (``other_ns / pasetokit_ns``: > 1 means pasetokit is faster), then
  summarised the same way.
* fast-paseto (a Rust extension) is a **reference**, not a peer: it writes ``exp`` as a number
  and its v4.local fails the official test vectors (checked and printed at start-up).
* The policy row: ``TokenPolicy.verify`` (memory revocation store, ``kid`` footer) against a
  bare ``decode`` of the same tokens with the same key (time ratio, bar <= 1.15).

The last line is the ratio table as one JSON object. Exit status is 0 unless ``--check`` is
given and a bar is missed.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import platform
import secrets
import struct
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple, cast

import nacl.bindings as sodium  # noqa: TID251 (the floor uses the raw primitive)
from Crypto.Cipher import ChaCha20  # noqa: TID251 (the floor uses the raw primitive)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, Summary, ratio_summary, run_rounds, summary

try:
    import pasetokit
    from pasetokit import LocalKey, SecretKey, TokenPolicy, decode, encode
except ImportError as exc:  # pragma: no cover - environment problem, not a benchmark result
    sys.exit(f"bench_core: cannot import pasetokit ({exc}); run `pip install -e .` first")

POOL = 256
TTL = timedelta(minutes=15)
PURPOSES = ("local", "public")
OPS = ("encode", "decode")
# (op, purpose) -> minimum speed ratio pasetokit/floor (issue 12)
FLOOR_BARS = {
    ("encode", "local"): 1.0,
    ("decode", "local"): 1.2,
    ("encode", "public"): 0.9,
    ("decode", "public"): 0.95,
}
POLICY_BAR = 1.15  # TokenPolicy.verify / decode, time ratio, at most
VECTORS = Path(__file__).resolve().parents[1] / "tests" / "vectors"

Claims = dict[str, Any]


class Codec(NamedTuple):
    encode: Callable[[Claims], str]  # timed; generates exp
    decode: Callable[[str], Claims]  # timed
    mint: Callable[[Claims], str]  # writes the claims as given (for the expiry sanity check)


class Impl(NamedTuple):
    name: str
    checks: str  # what its decoder verifies
    codecs: dict[str, Codec]
    role: str = "peer"  # "ours", "floor", "peer" or "reference"
    numeric_dates: bool = False


def rfc3339(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def base_claims(now: datetime, numeric: bool = False) -> Claims:
    # A distinct issue instant per claim set (up to ~1 h before now): no parser, cache or
    # memo can profit from one claim set repeating the previous one's dates.
    now -= timedelta(seconds=secrets.randbelow(3600))
    stamp: Any = int(now.timestamp()) if numeric else rfc3339(now)
    return {
        "sub": "user-4815162342",
        "jti": secrets.token_urlsafe(16),
        "iat": stamp,
        "nbf": stamp,
        "type": "access",
        "roles": ["admin", "user"],
    }


# --- the floor: raw primitives only --------------------------------------------------------

_LE64 = struct.Struct("<Q").pack
_ENC, _AUTH = b"paseto-encryption-key", b"paseto-auth-key-for-aead"
_PAE_LOCAL = _LE64(5) + _LE64(9) + b"v4.local." + _LE64(32)
_PAE_PUBLIC = _LE64(4) + _LE64(10) + b"v4.public."
_EMPTY2 = _LE64(0) + _LE64(0)  # empty footer, empty implicit assertion


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _floor_payload(claims: Claims) -> bytes:
    out = dict(claims)
    out["exp"] = (datetime.now(timezone.utc) + TTL).isoformat(timespec="seconds")
    return json.dumps(out, separators=(",", ":")).encode()


def _floor_exp(claims: Claims) -> Claims:
    if datetime.fromisoformat(claims["exp"]).timestamp() < time.time():
        raise ValueError("expired")
    return claims


def floor_codecs(raw: bytes, seed: bytes) -> dict[str, Codec]:
    pk, sk = sodium.crypto_sign_seed_keypair(seed)

    def local_seal(message: bytes) -> str:
        nonce = os.urandom(32)
        tmp = hashlib.blake2b(_ENC + nonce, digest_size=56, key=raw).digest()
        auth = hashlib.blake2b(_AUTH + nonce, digest_size=32, key=raw).digest()
        ct = ChaCha20.new(key=tmp[:32], nonce=tmp[32:]).encrypt(message)
        pre = b"".join((_PAE_LOCAL, nonce, _LE64(len(ct)), ct, _EMPTY2))
        tag = hashlib.blake2b(pre, digest_size=32, key=auth).digest()
        return "v4.local." + _b64e(nonce + ct + tag)

    def local_decode(token: str) -> Claims:
        version, purpose, body = token.split(".")
        if version != "v4" or purpose != "local":
            raise ValueError("not v4.local")
        data = _b64d(body)
        nonce, ct, tag = data[:32], data[32:-32], data[-32:]
        auth = hashlib.blake2b(_AUTH + nonce, digest_size=32, key=raw).digest()
        pre = b"".join((_PAE_LOCAL, nonce, _LE64(len(ct)), ct, _EMPTY2))
        if not hmac.compare_digest(tag, hashlib.blake2b(pre, digest_size=32, key=auth).digest()):
            raise ValueError("bad tag")
        tmp = hashlib.blake2b(_ENC + nonce, digest_size=56, key=raw).digest()
        return _floor_exp(json.loads(ChaCha20.new(key=tmp[:32], nonce=tmp[32:]).decrypt(ct)))

    def public_seal(message: bytes) -> str:
        pre = b"".join((_PAE_PUBLIC, _LE64(len(message)), message, _EMPTY2))
        return "v4.public." + _b64e(message + sodium.crypto_sign(pre, sk)[:64])

    def public_decode(token: str) -> Claims:
        version, purpose, body = token.split(".")
        if version != "v4" or purpose != "public":
            raise ValueError("not v4.public")
        data = _b64d(body)
        message, signature = data[:-64], data[-64:]
        pre = b"".join((_PAE_PUBLIC, _LE64(len(message)), message, _EMPTY2))
        sodium.crypto_sign_open(signature + pre, pk)  # raises BadSignatureError
        return _floor_exp(json.loads(message))

    def dumps(c: Claims) -> bytes:
        return json.dumps(c, separators=(",", ":")).encode()

    return {
        "local": Codec(
            lambda c: local_seal(_floor_payload(c)), local_decode, lambda c: local_seal(dumps(c))
        ),
        "public": Codec(
            lambda c: public_seal(_floor_payload(c)),
            public_decode,
            lambda c: public_seal(dumps(c)),
        ),
    }


# --- pasetokit and the peers ---------------------------------------------------------------


def pasetokit_codecs(raw: bytes, seed: bytes) -> dict[str, Codec]:
    lk, sk = LocalKey.from_bytes(raw), SecretKey.from_bytes(seed)
    pk = sk.public_key()

    def claims_of(key: Any) -> Callable[[str], Claims]:
        return lambda t: decode(key, t).claims

    enc_l = partial(encode, lk, expires_in=TTL)
    enc_p = partial(encode, sk, expires_in=TTL)
    return {
        "local": Codec(enc_l, claims_of(lk), partial(encode, lk, expires_in=None)),
        "public": Codec(enc_p, claims_of(pk), partial(encode, sk, expires_in=None)),
    }


def pem_pair(seed: bytes) -> tuple[Any, Any, bytes, bytes]:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    ed = Ed25519PrivateKey.from_private_bytes(seed)
    priv = ed.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    pub = ed.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    return ed, ed.public_key(), priv, pub


def pyseto_impl(raw: bytes, seed: bytes) -> Impl:
    import pyseto

    _, _, priv_pem, pub_pem = pem_pair(seed)
    lk = pyseto.Key.new(4, "local", raw)
    sk, pk = pyseto.Key.new(4, "public", priv_pem), pyseto.Key.new(4, "public", pub_pem)
    p = pyseto.Paseto.new(exp=int(TTL.total_seconds()), include_iat=False)

    def codec(enc_key: Any, dec_key: Any) -> Codec:
        return Codec(
            lambda c: p.encode(enc_key, dict(c), serializer=json).decode(),
            lambda t: cast("Claims", p.decode(dec_key, t, deserializer=json).payload),
            lambda c: pyseto.encode(enc_key, c, serializer=json).decode(),
        )

    return Impl(
        f"pyseto {pyseto.__version__}",
        "MAC/signature, exp + nbf (iso8601)",
        {"local": codec(lk, lk), "public": codec(sk, pk)},
    )


def paseto_impl(raw: bytes, seed: bytes) -> Impl:
    import paseto  # type: ignore[import-untyped]
    from paseto.keys.asymmetric_key import (  # type: ignore[import-untyped]
        AsymmetricPublicKey,
        AsymmetricSecretKey,
    )
    from paseto.keys.symmetric_key import SymmetricKey  # type: ignore[import-untyped]
    from paseto.protocols.v4 import ProtocolVersion4  # type: ignore[import-untyped]

    pk, sk64 = sodium.crypto_sign_seed_keypair(seed)
    lk = SymmetricKey(key_material=raw, protocol=ProtocolVersion4)
    sk = AsymmetricSecretKey(key_material=sk64, protocol=ProtocolVersion4)
    vk = AsymmetricPublicKey(key_material=pk, protocol=ProtocolVersion4)
    ttl = int(TTL.total_seconds())

    def codec(enc_key: Any, dec_key: Any, purpose: str) -> Codec:
        return Codec(
            lambda c: paseto.create(enc_key, dict(c), purpose, exp_seconds=ttl),
            lambda t: paseto.parse(dec_key, t, purpose)["message"],
            lambda c: paseto.create(enc_key, dict(c), purpose),
        )

    return Impl(
        f"paseto {metadata.version('paseto')}",
        "MAC/signature, exp (pendulum)",
        {"local": codec(lk, lk, "local"), "public": codec(sk, vk, "public")},
    )


def pyjwt_impl(raw: bytes, seed: bytes) -> Impl:
    import jwt

    ed, ed_pub, _, _ = pem_pair(seed)

    def codec(enc_key: Any, dec_key: Any, alg: str) -> Codec:
        def enc(c: Claims) -> str:
            return jwt.encode({**c, "exp": datetime.now(timezone.utc) + TTL}, enc_key, alg)

        return Codec(
            enc,
            lambda t: jwt.decode(t, dec_key, algorithms=[alg]),
            lambda c: jwt.encode(c, enc_key, alg),
        )

    return Impl(
        f"PyJWT {jwt.__version__}",
        "HMAC/signature, exp + nbf + iat (NumericDate)",
        {"local": codec(raw, raw, "HS256"), "public": codec(ed, ed_pub, "EdDSA")},
        numeric_dates=True,
    )


def fast_paseto_impl(raw: bytes, seed: bytes) -> Impl:
    import fast_paseto as fp  # type: ignore[import-not-found, unused-ignore]  # none on 3.10

    pk, sk64 = sodium.crypto_sign_seed_keypair(seed)
    p = fp.Paseto(default_exp=int(TTL.total_seconds()), include_iat=False)

    def codec(enc_key: bytes, dec_key: bytes, purpose: str) -> Codec:
        return Codec(
            lambda c: p.encode(enc_key, c, purpose=purpose),
            lambda t: cast("Claims", p.decode(t, dec_key, purpose=purpose).payload),
            lambda c: fp.encode(enc_key, c, purpose=purpose),
        )

    return Impl(
        f"fast-paseto {metadata.version('fast-paseto')}",
        "MAC/signature only: writes a numeric exp, accepts expired tokens",
        {"local": codec(raw, raw, "local"), "public": codec(sk64, pk, "public")},
        role="reference",
        numeric_dates=True,
    )


PEERS: tuple[Callable[[bytes, bytes], Impl], ...] = (
    pyseto_impl,
    paseto_impl,
    pyjwt_impl,
    fast_paseto_impl,
)


def fast_paseto_vectors() -> str:
    """How many official v4.local vectors fast-paseto gets right (decrypting with the key)."""
    try:
        import fast_paseto as fp  # type: ignore[import-not-found, unused-ignore]  # none on 3.10

        tests = json.loads((VECTORS / "paseto" / "v4.json").read_text())["tests"]
    except (ImportError, OSError) as exc:
        return f"not checked ({exc})"
    good = [t for t in tests if t["name"].startswith("4-E") and not t["expect-fail"]]
    local = [t for t in good if "key" in t and "public-key" not in t]
    ok = 0
    for t in local:
        try:
            got = fp.decode(
                t["token"],
                bytes.fromhex(t["key"]),
                purpose="local",
                footer=t["footer"].encode() or None,
                implicit_assertion=t["implicit-assertion"].encode() or None,
                deserializer=_Raw(),
            ).payload
            ok += got == t["payload"]
        except Exception:  # noqa: S112 (a failing vector is a result, not an error)
            continue
    return f"{ok}/{len(local)} official v4.local vectors decrypt to the expected payload"


class _Raw:
    def loads(self, data: bytes | str) -> Any:
        return data.decode() if isinstance(data, bytes) else data


# --- sanity --------------------------------------------------------------------------------


def tamper(token: str) -> str:
    i = len(token) * 2 // 3
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]


def rejects(fn: Callable[[], object]) -> bool:
    try:
        fn()
    except Exception:
        return True
    return False


def build_pool(impl: Impl, purpose: str, now: datetime) -> list[str]:
    codec, where = impl.codecs[purpose], f"{impl.name} v4.{purpose}"
    claims = [base_claims(now, impl.numeric_dates) for _ in range(POOL)]
    pool = [codec.encode(c) for c in claims]
    if len(set(pool)) != POOL:
        sys.exit(f"sanity: {where} produced duplicate tokens")
    for c, t in zip(claims, pool, strict=True):
        got = codec.decode(t)
        if got.get("jti") != c["jti"] or got.get("roles") != c["roles"] or "exp" not in got:
            sys.exit(f"sanity: {where} did not round-trip {c['jti']}: {got!r}")
    if not rejects(lambda: codec.decode(tamper(pool[0]))):
        sys.exit(f"sanity: {where} accepted a tampered token")
    old = base_claims(now - timedelta(hours=2), impl.numeric_dates)
    old["exp"] = int((now - TTL).timestamp()) if impl.numeric_dates else rfc3339(now - TTL)
    if not rejects(lambda: codec.decode(codec.mint(old))):
        if impl.role != "reference":
            sys.exit(f"sanity: {where} accepted an expired token")
        print(f"note: {where} accepts an expired token (reference only)")
    return pool


def interop(impls: list[Impl], pools: dict[tuple[str, str], list[str]]) -> None:
    names = [i for i in impls if i.role != "reference" and not i.numeric_dates]
    for purpose in PURPOSES:
        for a in names:
            for b in names:
                if a is not b and rejects(
                    partial(b.codecs[purpose].decode, pools[a.name, purpose][0])
                ):
                    sys.exit(f"sanity: {b.name} cannot read a v4.{purpose} token of {a.name}")


# --- the policy row ------------------------------------------------------------------------


def policy_contenders(raw: bytes) -> dict[str, Contender]:
    key = LocalKey.from_bytes(raw)
    policy = TokenPolicy(local_key=key)
    pool = [policy.create_access_token(f"user-{i}") for i in range(POOL)]
    for t in pool:
        if decode(key, t).claims != policy.verify(t):
            sys.exit("sanity: TokenPolicy.verify and decode disagree")
    return {
        "policy verify": Contender(policy.verify, pool),
        "policy decode": Contender(partial(decode, key), pool),
    }


# --- report --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="15 rounds of 5 ms batches")
    ap.add_argument("--rounds", type=int, default=41)
    ap.add_argument("--check", action="store_true", help="exit 1 when a bar is missed")
    args = ap.parse_args(argv)
    # Many short rounds: contenders compared in one round run close together in time.
    rounds, batch_s = (15, 0.005) if args.quick else (args.rounds, 0.008)

    raw, seed = os.urandom(32), os.urandom(32)
    impls = [
        Impl(
            f"pasetokit {pasetokit.__version__}",
            "strict base64url, size limit, purpose, MAC/signature, unique JSON keys, "
            "exp + nbf + iat (strict RFC 3339 with time zone), registered claim types",
            pasetokit_codecs(raw, seed),
            role="ours",
        ),
        Impl(
            "floor",
            "MAC/signature, json.loads, exp (one datetime.fromisoformat)",
            floor_codecs(raw, seed),
            role="floor",
        ),
    ]
    for make in PEERS:
        try:
            impls.append(make(raw, seed))
        except Exception as exc:  # a missing peer is reported, not fatal
            print(f"skipped peer {make.__name__[:-5]}: {type(exc).__name__}: {exc}")
    now = datetime.now(timezone.utc)
    contenders: dict[str, Contender] = {}
    pools: dict[tuple[str, str], list[str]] = {}
    for impl in impls:
        for purpose in PURPOSES:
            pools[impl.name, purpose] = pool = build_pool(impl, purpose, now)
            inputs = [base_claims(now, impl.numeric_dates) for _ in range(POOL)]
            contenders[f"encode {purpose} {impl.name}"] = Contender(
                impl.codecs[purpose].encode, inputs
            )
            contenders[f"decode {purpose} {impl.name}"] = Contender(
                impl.codecs[purpose].decode, pool
            )
    interop(impls, pools)
    contenders.update(policy_contenders(raw))
    print("sanity: round trip, tamper, expiry and interop checks passed")
    print(f"fast-paseto reference: {fast_paseto_vectors()}")
    print(
        f"python {platform.python_version()} | pool {POOL} | {rounds} shuffled rounds x "
        f"~{batch_s * 1000:g} ms CPU per batch | thread CPU time, median [q1-q3]\n"
    )
    samples = run_rounds(contenders, rounds=rounds, batch_s=batch_s)
    report(impls, samples)
    return 1 if args.check and not bars_met(impls, samples) else 0


def _ratios(impls: list[Impl], samples: dict[str, list[float]]) -> dict[str, Summary]:
    ours = impls[0].name
    out: dict[str, Summary] = {}
    for impl in impls[1:]:
        for purpose in PURPOSES:
            for op in OPS:
                them = samples[f"{op} {purpose} {impl.name}"]
                out[f"{op} {purpose} / {impl.name}"] = ratio_summary(
                    them, samples[f"{op} {purpose} {ours}"]
                )
    out["policy verify / decode (time)"] = ratio_summary(
        samples["policy verify"], samples["policy decode"]
    )
    return out


def bars_met(impls: list[Impl], samples: dict[str, list[float]]) -> bool:
    ratios = _ratios(impls, samples)
    ok = all(ratios[f"{op} {p} / floor"].median >= bar for (op, p), bar in FLOOR_BARS.items())
    return ok and ratios["policy verify / decode (time)"].median <= POLICY_BAR


def report(impls: list[Impl], samples: dict[str, list[float]]) -> None:
    print("what each decoder checks:")
    for impl in impls:
        print(
            f"  {impl.name:<20} {impl.checks}{' (reference)' if impl.role == 'reference' else ''}"
        )
    cols = [(op, p) for p in PURPOSES for op in OPS]
    print(f"\n{'µs/op':<20}" + "".join(f"{op + ' ' + p:>24}" for op, p in cols))
    for impl in impls:
        row = "".join(
            f"{summary([s / 1000 for s in samples[f'{op} {p} {impl.name}']]).fmt():>24}"
            for op, p in cols
        )
        print(f"{impl.name:<20}{row}")
    pol = summary([s / 1000 for s in samples["policy verify"]])
    dec = summary([s / 1000 for s in samples["policy decode"]])
    print(f"\nTokenPolicy.verify (memory store, kid footer) {pol.fmt()} µs; decode {dec.fmt()} µs")
    ratios = _ratios(impls, samples)
    print("\nspeed ratio pasetokit / X per round, median [q1-q3] (> 1: pasetokit faster)")
    print(f"{'':<24}" + "".join(f"{op + ' ' + p:>24}" for op, p in cols))
    for impl in impls[1:]:
        tag = " (reference)" if impl.role == "reference" else ""
        row = "".join(f"{ratios[f'{op} {p} / {impl.name}'].fmt():>24}" for op, p in cols)
        print(f"{'vs ' + impl.name + tag:<24}{row}")
    bars = "".join(f"{'>= ' + format(FLOOR_BARS[op, p], '.2f'):>24}" for op, p in cols)
    print(f"{'bar vs floor':<24}{bars}")
    met = [ratios[f"{op} {p} / floor"].median >= FLOOR_BARS[op, p] for op, p in cols]
    print(f"{'':<24}" + "".join(f"{'PASS' if m else 'FAIL':>24}" for m in met))
    pr = ratios["policy verify / decode (time)"]
    print(
        f"policy verify / decode time {pr.fmt()} (bar <= {POLICY_BAR}): "
        f"{'PASS' if pr.median <= POLICY_BAR else 'FAIL'}"
    )
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "ratios": {
                    k: {"median": round(v.median, 3), "q1": round(v.q1, 3), "q3": round(v.q3, 3)}
                    for k, v in ratios.items()
                },
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())

"""Every security fix, as a named regression.

Each test is named after the flaw it pins down; the docstring says where the flaw was seen
(another library, a CVE/advisory, or our own review) so the reason for the rule is never lost.
"""

from __future__ import annotations

import binascii
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

import pasetokit
from pasetokit import paserk, v4
from pasetokit._b64 import b64decode, b64encode
from pasetokit._json import FooterLimits
from pasetokit._types import TokenType
from pasetokit.exceptions import InvalidKeyError, MalformedTokenError, PaserkError
from pasetokit.keys import LocalKey, SecretKey

from conftest import load_vectors
from policy_support import FakeClock, make_policy

BEFORE_2022 = datetime(2021, 6, 1, tzinfo=timezone.utc)


def _vector(name: str) -> dict[str, str]:
    return next(v for v in load_vectors("paseto/v4.json") if v["name"] == name)


def test_adv_001_non_canonical_base64_trailing_bits_accepted() -> None:
    """pyseto 1.10 and paseto 2.0 accept vector 4-F-4 (a stray bit in the last character):
    Python's lenient decoder maps it to the same bytes, so the MAC still verifies."""
    vec = _vector("4-F-4")
    key = LocalKey.from_bytes(bytes.fromhex(vec["key"]))
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(key, vec["token"], now=BEFORE_2022)


def test_adv_002_base64_padding_accepted() -> None:
    """pyseto 1.10 and paseto 2.0 accept vector 4-F-5 ("==" appended)."""
    vec = _vector("4-F-5")
    key = LocalKey.from_bytes(bytes.fromhex(vec["key"]))
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(key, vec["token"], now=BEFORE_2022)


def test_adv_003_trailing_dot_accepted() -> None:
    """pyseto 1.10 accepts ``token + "."`` (an empty, non-canonical footer piece)."""
    key = LocalKey.generate()
    token = pasetokit.encode(key, {"sub": "a"})
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(key, token + ".")


def test_adv_004_short_local_keys_accepted() -> None:
    """pyseto accepts local keys shorter than 32 bytes (BLAKE2b takes 1..64-byte keys);
    paseto-spec#16 made 32 bytes mandatory."""
    with pytest.raises(InvalidKeyError):
        LocalKey.from_bytes(b"secret")
    with pytest.raises(PaserkError):
        LocalKey.from_paserk("k4.local." + b64encode(bytes(31)))


def test_adv_005_secret_key_with_mismatched_public_half() -> None:
    """RUSTSEC-2022-0093 / pasetors#76: signing with seed||wrong_pk leaks the private key
    (libsodium trusts the embedded half). pyseto accepts such a k4.secret."""
    seed = bytes(range(32))
    wrong = SecretKey.generate().public_key().to_bytes()
    with pytest.raises(InvalidKeyError):
        SecretKey.from_bytes(seed + wrong)
    with pytest.raises(PaserkError):
        SecretKey.from_paserk("k4.secret." + b64encode(seed + wrong))
    wrapping = LocalKey.generate()
    good = SecretKey.from_bytes(seed)
    assert paserk.unwrap_secret(paserk.wrap(good, wrapping), wrapping) == good


@pytest.mark.parametrize(
    "token",
    [
        "v4.local.\udcff",
        b"v4.local.\xff\xfe",
        "v4.public." + "A" * 87,
        "v4.local.====",
        "v4.local.AAAA.AAA=",
        "v4.public.\x00",
    ],
)
def test_adv_006_foreign_exceptions_escape_decode(token: str | bytes) -> None:
    """pyseto lets ValueError / binascii.Error / UnicodeDecodeError escape decode; here only
    TokenError subclasses may leave it."""
    for key in (LocalKey.generate(), SecretKey.generate()):
        with pytest.raises(pasetokit.TokenError) as info:
            pasetokit.decode(key, token)
        assert not isinstance(info.value, (binascii.Error, UnicodeDecodeError))


def test_adv_007_duplicate_json_keys_last_one_wins() -> None:
    """json.loads keeps the last duplicate silently, so two parsers can disagree on the claims
    of one authenticated payload (paseto-spec PR #35 made unique keys a MUST)."""
    key = LocalKey.generate()
    token = v4.encrypt(key, b'{"sub":"alice","sub":"admin","exp":"2099-01-01T00:00:00Z"}')
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(key, token)


def test_adv_008_numeric_dates_from_jwt_habits() -> None:
    """A JWT-style numeric exp is not a PASETO DateTime; accepting it invites both readings."""
    key = LocalKey.generate()
    token = v4.encrypt(key, json.dumps({"exp": 4102444800}).encode())
    with pytest.raises(pasetokit.ClaimError):
        pasetokit.decode(key, token)


def test_adv_009_lenient_date_parsing() -> None:
    """iso8601 (pyseto) and fromisoformat accept date-only and offset-less values as times."""
    key = LocalKey.generate()
    for exp in ("2099-01-01", "2099-01-01T00:00:00", "20990101T000000Z"):
        token = v4.encrypt(key, json.dumps({"exp": exp}).encode())
        with pytest.raises(pasetokit.ClaimError):
            pasetokit.decode(key, token)


def test_adv_010_raw_key_in_footer() -> None:
    """PASERK README: raw and password-wrapped keys must never travel in a footer."""
    key = LocalKey.generate()
    with pytest.raises(pasetokit.EncodeError):
        pasetokit.encode(key, {}, footer={"kid": key.to_paserk()})
    token = v4.encrypt(key, b'{"exp":"2099-01-01T00:00:00Z"}', footer=key.to_paserk().encode())
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(key, token)


def test_adv_011_argon2_cost_chosen_by_attacker() -> None:
    """PBKW runs Argon2 before the tag can be checked, so a PASERK's parameters are bounded
    first (pyseto PR #734 did the same)."""
    wrapped = paserk.password_wrap(LocalKey.generate(), "pw", memlimit=8192 * 1024, opslimit=1)
    raw = bytearray(paserk_payload(wrapped))
    raw[16:24] = (1 << 40).to_bytes(8, "big")  # 1 TiB
    with pytest.raises(PaserkError):
        paserk.password_unwrap_local("k4.local-pw." + b64encode(bytes(raw)), "pw")


def paserk_payload(text: str) -> bytes:
    return b64decode(text.rsplit(".", 1)[1])


def test_adv_012_small_order_public_key_verifies_anything() -> None:
    """An all-zero (small-order) Ed25519 key parses (the k4.public vectors use it) but libsodium
    must refuse every signature under it, including the all-zero signature."""
    zero = pasetokit.PublicKey.from_bytes(bytes(32))
    token = "v4.public." + b64encode(b'{"exp":"2099-01-01T00:00:00Z"}' + bytes(64))
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(zero, token)


def test_adv_013_unknown_kid_falls_back_to_other_keys() -> None:
    """Key-ID lookups must fail closed; trying every key on an unknown kid is a downgrade."""
    old, new = LocalKey.generate(), LocalKey.generate()
    token = pasetokit.encode(old, {}, include_kid=True)
    with pytest.raises(pasetokit.UnknownKeyError):
        pasetokit.decode(pasetokit.KeyRing([new]), token)


def test_adv_014_key_material_in_error_messages() -> None:
    """Found in review: a PASERK without its type echoed the payload (the key) in the error."""
    key = LocalKey.generate()
    secret_text = b64encode(key.to_bytes())
    with pytest.raises(PaserkError) as info:
        LocalKey.from_paserk("k4." + secret_text)
    assert secret_text not in str(info.value)
    assert secret_text[:8] not in str(info.value)


def test_adv_015_public_key_used_as_local_key() -> None:
    """Algorithm lucidity (vector 4-F-1): a known public key must never make or open a local
    token, even though both are 32 bytes."""
    public = SecretKey.generate().public_key()
    with pytest.raises(InvalidKeyError):
        v4.encrypt(public, b"{}")  # type: ignore[arg-type]
    local_token = pasetokit.encode(LocalKey.from_bytes(public.to_bytes()), {})
    with pytest.raises(pasetokit.WrongPurposeError):
        pasetokit.decode(public, local_token)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_adv_016_non_finite_leeway_disables_time_checks(value: float) -> None:
    """Found in review: ClaimRules(leeway=nan) made every exp/nbf/iat comparison False, so a
    token decades past expiry decoded. Non-finite durations are refused when rules are built."""
    with pytest.raises(pasetokit.ConfigurationError):
        pasetokit.ClaimRules(leeway=value)
    with pytest.raises(pasetokit.ConfigurationError):
        pasetokit.encode(LocalKey.generate(), {}, expires_in=value)


# --- issue 10: revocation-store exhaustion -----------------------------------------------------


def _store_policy(
    store: pasetokit.MemoryRevocationStore, clock: FakeClock
) -> pasetokit.TokenPolicy:
    return pasetokit.TokenPolicy(local_key=LocalKey.generate(), clock=clock, revocation_store=store)


def test_adv_i10_1_reuse_with_a_full_store_leaves_the_attackers_token_valid() -> None:
    """Hostile review (issue 10, item 1): with MemoryRevocationStore(max_entries=N) full, a
    replayed refresh token was detected, but the family revocation that should follow was
    refused for lack of room: refresh answered 503 and the attacker's latest rotated refresh
    token still verified. Reuse must end the family in place and report reuse."""
    clock = FakeClock()
    store = pasetokit.MemoryRevocationStore(max_entries=4, clock=clock.monotonic)
    policy = _store_policy(store, clock)
    pair = policy.create_token_pair("victim")
    stolen = pair.refresh_token
    attacker = policy.refresh(stolen)  # the attacker rotates first
    for i in range(8):  # fill the store with other users' revocations until it refuses
        try:
            policy.revoke(policy.create_access_token(f"user-{i}"))
        except pasetokit.RevocationStoreUnavailableError:
            break
    else:
        pytest.fail("the store never filled up")
    with pytest.raises(pasetokit.RefreshTokenReusedError):
        policy.refresh(stolen)  # the victim presents the old token: reuse, not a 503
    for token, kind in ((attacker.refresh_token, "refresh"), (attacker.access_token, "access")):
        with pytest.raises(pasetokit.RevokedTokenError):
            policy.verify(token, token_type=kind)  # type: ignore[arg-type]
    with pytest.raises(pasetokit.RevokedTokenError):
        policy.refresh(attacker.refresh_token)
    with pytest.raises(pasetokit.RevokedTokenError):
        policy.verify(pair.access_token)


def test_adv_i10_2a_every_rotation_costs_a_store_entry() -> None:
    """Hostile review (issue 10, item 2): each rotation added a used-mark living for the
    refresh lifetime, so one account refreshing in a loop filled the default 100,000 entries
    in under a minute. A family now costs one entry however often it rotates."""
    clock = FakeClock()
    store = pasetokit.MemoryRevocationStore(clock=clock.monotonic)
    policy = _store_policy(store, clock)
    token = policy.create_refresh_token("looper")
    for _ in range(500):
        token = policy.refresh(token).refresh_token
    assert len(store) == 1
    assert policy.verify(token, token_type="refresh")["sub"] == "looper"


def test_adv_i10_2b_one_subject_locks_everyone_out() -> None:
    """Hostile review (issue 10, item 2): once one subject had filled the store, every user's
    refresh, revoke and log-out got 503. No subject may take more than a bounded share: the
    flood is refused for that subject alone."""
    clock = FakeClock()
    store = pasetokit.MemoryRevocationStore(max_entries=1000, clock=clock.monotonic)
    policy = _store_policy(store, clock)
    refused = 0
    for _ in range(1000):  # log in and refresh, log in and log out, in a loop
        try:
            policy.refresh(policy.create_refresh_token("mallory"))
            policy.revoke(policy.create_access_token("mallory"))
        except pasetokit.RevocationStoreUnavailableError:
            refused += 1
    assert refused > 0
    assert len(store) <= 64  # mallory's share of a 1,000-entry store
    pair = policy.create_token_pair("alice")
    rotated = policy.refresh(pair.refresh_token)
    policy.revoke(rotated.access_token)
    policy.revoke_family(rotated.refresh_token)
    policy.revoke_subject("alice")
    with pytest.raises(pasetokit.RevokedTokenError):
        policy.verify(rotated.refresh_token, token_type="refresh")


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Count the calls to ``module.name`` (still calling it): a spy, not a mock."""
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_adv_017_kidless_forged_token_tried_against_every_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 10 item 7 (review): a token without a kid was tried against every key of its
    purpose, so with 100 keys a forged one cost 100 signature checks (~80x a normal decode).
    A ring with several keys of a purpose now refuses it before any crypto; the explicit
    try-each mode is capped, and does only MAC work per candidate."""
    from pasetokit import _crypto

    secrets_ = [SecretKey.generate() for _ in range(100)]
    ring = pasetokit.KeyRing(secrets_)
    forged = "v4.public." + b64encode(b'{"exp":"2099-01-01T00:00:00Z"}' + bytes(64))
    with pytest.raises(pasetokit.UnknownKeyError):
        pasetokit.decode(ring, forged)
    checks = _counting(monkeypatch, _crypto, "ed25519_open")
    with pytest.raises(pasetokit.UnknownKeyError):
        pasetokit.decode(ring, forged)
    assert checks == []  # refused before any signature check
    with pytest.raises(pasetokit.ConfigurationError):
        pasetokit.KeyRing(secrets_, try_without_kid=True)

    from pasetokit.keyring import MAX_KEYS_WITHOUT_KID

    locals_ = [LocalKey.generate() for _ in range(MAX_KEYS_WITHOUT_KID)]
    small = pasetokit.KeyRing(locals_, try_without_kid=True)
    genuine = pasetokit.encode(locals_[-1], {"sub": "a"})
    forged_local = genuine[:-4] + ("AAAA" if genuine[-4:] != "AAAA" else "BBBB")
    decrypts = _counting(monkeypatch, _crypto, "xchacha20")
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(small, forged_local)
    assert decrypts == []  # no candidate's encryption key was derived or used
    assert pasetokit.decode(small, genuine).claims["sub"] == "a"
    assert len(decrypts) == 1


@pytest.mark.parametrize(
    ("footer", "limits"),
    [
        # Whitespace before ":" hid keys from the `":` regex count.
        pytest.param(b'{"a" :1, "b" :2, "c" :3}', {"max_keys": 2}, id="spaced-keys"),
        # A key ending in an escaped backslash: its closing quote follows a backslash.
        pytest.param(b'{"a\\\\":1,"b":2}', {"max_keys": 1}, id="escaped-backslash-key"),
        # "[]" peeled after "{}" in one round counted [{}] as one level.
        pytest.param(b'{"a":[{}]}', {"max_depth": 3}, id="mixed-brackets-depth"),
    ],
)
def test_adv_018_footer_prescan_miscounts_keys_and_depth(
    footer: bytes, limits: dict[str, int]
) -> None:
    """Issue 10 item 8 (review): the footer pre-scan (regex key count, bracket peeling) was
    slow and also inexact; the one-pass measure counts keys and depth exactly, before the
    JSON parser runs."""
    key = LocalKey.generate()
    token = v4.encrypt(key, b'{"exp":"2099-01-01T00:00:00Z"}', footer=footer)
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(key, token, footer_limits=FooterLimits(**limits))
    roomy = FooterLimits(max_keys=3, max_depth=4)
    assert pasetokit.decode(key, token, footer_limits=roomy).footer == json.loads(footer)


@pytest.mark.parametrize(
    ("footer", "limits"),
    [
        # An escaped "." between version and type: the raw bytes hold no PASERK.
        pytest.param(b'{"kid":"x","leak":"k4\\u002elocal.AAAA"}', {}, id="escaped-dot"),
        pytest.param(b'{"\\u006b4.secret.AAAA":1}', {}, id="escaped-k-in-key"),
        pytest.param(b'{"a":"k4.local\\u002dpw.AAAA","n":1}', {}, id="escaped-dash-mixed"),
        pytest.param(b'{"a":["k4.pub\\u006cic.AAAA"]}', {"max_depth": 3}, id="escaped-nested"),
        # A backslash anywhere sends the check to the parsed strings: still refused.
        pytest.param(b'{"a":"\\\\","b":"k4.public.AAAA"}', {}, id="plain-next-to-escape"),
        pytest.param(b'{"a":"\\u00e9","b":"k4.public.AAAA"}', {}, id="plain-next-to-u-escape"),
    ],
)
def test_adv_i10_8_escaped_paserk_in_a_json_footer(footer: bytes, limits: dict[str, int]) -> None:
    """Issue 10 item 8 (review): the forbidden-PASERK check searched the footer's raw bytes,
    so a JSON escape (``k4\\u002elocal.``) carried a raw key past it; decode returned the
    key, decoded, in ``Token.footer``. The parsed strings are searched now, and encode
    refuses such a footer given as text."""
    key = LocalKey.generate()
    token = v4.encrypt(key, b'{"exp":"2099-01-01T00:00:00Z"}', footer=footer)
    with pytest.raises(MalformedTokenError, match="PASERK"):
        pasetokit.decode(key, token, footer_limits=FooterLimits(**limits))
    with pytest.raises(pasetokit.EncodeError, match="PASERK"):
        pasetokit.encode(key, {}, footer=footer)
    with pytest.raises(pasetokit.EncodeError, match="PASERK"):
        pasetokit.encode(key, {}, footer=footer.decode())


# --- issue 10 (hard): CLI key files, Argon2 limits ----------------------------------------------


def test_adv_cli_key_file_fifo_blocks_forever() -> None:
    """Hostile review (issue 10 item 6): ``pasetokit decode --key-file <fifo>`` waited forever
    for a writer. Key files are opened with O_NONBLOCK and refused by fstat unless regular. Run in
    a subprocess with a timeout, so old code fails this test instead of hanging the suite."""
    import os
    import subprocess
    import sys
    import tempfile

    folder = tempfile.TemporaryDirectory()
    fifo = os.path.join(folder.name, "key.fifo")
    os.mkfifo(fifo)
    try:
        proc = subprocess.run(  # noqa: S603 (our own interpreter and a temp path)
            [sys.executable, "-m", "pasetokit", "decode", "--key-file", fifo, "v4.local.x"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the CLI blocked opening a FIFO key file")
    finally:
        folder.cleanup()
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: invalid_key: "), proc.stderr
    assert "FIFO" in proc.stderr


def test_adv_argon2_default_ceiling_costs_a_second_per_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hostile review (issue 10 item 9): the largest Argon2id cost ``password_unwrap`` accepted
    by default (256 MiB, 4 passes) took ~1 s per attempt, chosen by the PASERK's author. The
    default ceiling is now ``Argon2Limits()`` (64 MiB, 3 passes), checked before any KDF work."""
    from pasetokit import _crypto

    fast = paserk.password_wrap(LocalKey.generate(), "pw", memlimit=8192 * 1024, opslimit=1)
    raw = bytearray(paserk_payload(fast))
    raw[16:32] = (
        (256 * 1024 * 1024).to_bytes(8, "big") + (4).to_bytes(4, "big") + bytes([0, 0, 0, 1])
    )
    costly = "k4.local-pw." + b64encode(bytes(raw))

    def no_kdf(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("Argon2id ran")

    monkeypatch.setattr(_crypto, "argon2id", no_kdf)
    with pytest.raises(PaserkError, match="Argon2Limits"):
        paserk.password_unwrap_local(costly, "pw")


def test_adv_generated_exp_past_the_year_9999_is_an_encode_error() -> None:
    """Own review (issue 14, a mutant of ``format_epoch``'s year-9999 bound): ``encode`` whose
    generated ``exp`` fell after 9999-12-31T23:59:59Z raised a bare ``ValueError`` ("year 10000
    is out of range") instead of a ``PasetoError``, so a caller catching the library's errors
    missed it. It is an ``EncodeError`` now; the last second RFC 3339 can write still encodes."""
    key = LocalKey.generate()
    now = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc)
    token = pasetokit.encode(key, {}, now=now, expires_in=3599)
    assert pasetokit.decode(key, token, now=now).claims["exp"] == "9999-12-31T23:59:59Z"
    with pytest.raises(pasetokit.EncodeError) as info:
        pasetokit.encode(key, {}, now=now, expires_in=3600)
    assert info.value.code == "encode_error"


END_OF_TIME = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)  # the last RFC 3339 second


def _end_policy(clock: FakeClock) -> pasetokit.TokenPolicy:
    return make_policy(clock, access_ttl=60, refresh_ttl=120)


@pytest.mark.parametrize(
    ("mint", "ttl", "kind"),
    [
        (lambda policy: policy.create_access_token("u"), 60, "access"),
        (lambda policy: policy.create_refresh_token("u"), 120, "refresh"),
        (lambda policy: policy.create_token_pair("u").refresh_token, 120, "refresh"),
    ],
    ids=["access", "refresh", "pair"],
)
def test_adv_policy_minting_past_the_year_9999_is_an_encode_error(
    mint: Callable[[pasetokit.TokenPolicy], str], ttl: int, kind: TokenType
) -> None:
    """Own review (issue 14, after the ``encode`` fix above): ``TokenPolicy`` computes ``exp``
    (and a pair's ``fam_exp``) itself with ``datetime`` arithmetic, which raised a bare
    ``OverflowError`` ("date value out of range") past year 9999. It is ``encode``'s
    ``EncodeError`` now; a token expiring on the last second still mints and verifies."""
    clock = FakeClock(END_OF_TIME - timedelta(seconds=ttl))
    policy = _end_policy(clock)
    token = mint(policy)
    assert policy.verify(token, token_type=kind)["exp"] == "9999-12-31T23:59:59Z"
    clock.advance(1)
    with pytest.raises(pasetokit.EncodeError) as info:
        mint(policy)
    assert info.value.code == "encode_error"


def test_adv_policy_rotation_past_the_year_9999_is_an_encode_error() -> None:
    """Own review (issue 14): ``refresh`` near the end of year 9999 raised ``OverflowError``
    from the new refresh token's ``exp``; it is an ``EncodeError``, and a rotation whose new
    tokens expire by the last second still works."""
    clock = FakeClock(END_OF_TIME - timedelta(seconds=130))
    policy = _end_policy(clock)
    pair = policy.create_token_pair("u")
    clock.advance(10)
    pair = policy.refresh(pair.refresh_token)
    assert policy.verify(pair.refresh_token, token_type="refresh")["exp"] == (
        "9999-12-31T23:59:59Z"
    )
    clock.advance(1)
    with pytest.raises(pasetokit.EncodeError) as info:
        policy.refresh(pair.refresh_token)
    assert info.value.code == "encode_error"


def test_adv_policy_reissue_near_the_year_9999_is_capped_not_an_overflow() -> None:
    """Own review (issue 14): ``reissue_access`` computed ``now + access_ttl`` before capping
    it at ``fam_exp``, and raised ``OverflowError`` when that sum passed year 9999. The cap is
    always representable, so the copy now simply expires at ``fam_exp``."""
    clock = FakeClock(END_OF_TIME - timedelta(seconds=100))
    policy = make_policy(clock, access_ttl=60, refresh_ttl=90)
    access = policy.create_token_pair("u").access_token
    clock.advance(50)  # now + access_ttl is past 9999-12-31T23:59:59Z, fam_exp 10 s before it
    claims = policy.verify(policy.reissue_access(access))
    assert claims["exp"] == claims["fam_exp"] == "9999-12-31T23:59:49Z"


def test_adv_s3_empty_timestamp_accepted_by_a_fresh_process() -> None:
    """The timestamp parser's one-slot cache started as ``("", 0.0)``: until a process had
    parsed its first valid date-time, an empty ``nbf`` or ``iat`` read as 1970 and the token was
    accepted (found by a statement mutant shifting that 0.0). A fresh interpreter, so the cache
    is in its initial state."""
    script = (
        "import pasetokit\n"
        "from pasetokit import v4\n"
        "key = pasetokit.LocalKey.generate()\n"
        "rules = pasetokit.ClaimRules(require_exp=False)\n"
        "for claim in ('nbf', 'iat'):\n"
        '    token = v4.encrypt(key, (\'{"sub":"a","%s":""}\' % claim).encode())\n'
        "    try:\n"
        "        pasetokit.decode(key, token, rules=rules)\n"
        "        print(claim, 'accepted')\n"
        "    except pasetokit.ClaimError as exc:\n"
        "        print(claim, type(exc).__name__, exc.code, exc.claim)\n"
    )
    done = subprocess.run(  # noqa: S603 - our interpreter, our script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines() == [
        "nbf ClaimError invalid_claim nbf",
        "iat ClaimError invalid_claim iat",
    ]

"""Behaviour of pasetokit.paserk: round trips, tampering, strict parsing, the Argon2id DoS guard."""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import pasetokit
from pasetokit import _crypto, paserk
from pasetokit._b64 import b64decode, b64encode
from pasetokit.exceptions import ConfigurationError, InvalidKeyError, PaserkError
from pasetokit.keys import LocalKey, PublicKey, SecretKey

# The cheapest parameters Argon2id accepts, so password tests stay fast.
FAST: dict[str, Any] = {"memlimit": paserk.MIN_MEMLIMIT, "opslimit": paserk.MIN_OPSLIMIT}
PASSWORD = "correct horse battery staple"
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture
def forbid_crypto(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call the returned function to make any further primitive call fail the test.

    It proves a rejection happens before any cryptography (and before Argon2id runs) without
    timing anything. Build keys first: key constructors use the primitives too.
    """

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a cryptographic primitive ran")

    def arm() -> None:
        for name in (
            "argon2id",
            "blake2b",
            "xchacha20",
            "x25519",
            "ed25519_sk_to_x25519",
            "ed25519_pk_to_x25519",
        ):
            monkeypatch.setattr(_crypto, name, boom)

    return arm


def _swap_char(text: str, index: int) -> str:
    """Replace one character by another base64url character."""
    old = text[index]
    new = "A" if old != "A" else "B"
    return text[:index] + new + text[index + 1 :]


def _split(wrapped: str, header: str) -> bytes:
    assert wrapped.startswith(header)
    return b64decode(wrapped[len(header) :])


def _pw_with_params(wrapped: str, header: str, mem: int, time: int, para: int) -> str:
    """Rewrite a PBKW blob's Argon2id fields (salt 16, then mem u64, time u32, para u32)."""
    raw = bytearray(_split(wrapped, header))
    raw[16:32] = struct.pack(">QII", mem, time, para)
    return header + b64encode(bytes(raw))


def _secrets_of(*keys: LocalKey | SecretKey) -> list[str]:
    """Every textual form of the keys' material that must never appear in a message."""
    forms = []
    for key in keys:
        raw = key.to_bytes()
        forms += [raw.hex(), b64encode(raw)]
        if isinstance(key, SecretKey):
            forms += [raw[:32].hex(), b64encode(raw[:32])]
    return forms


def _assert_clean(exc: BaseException, *secrets: str) -> None:
    for text in (str(exc), repr(exc)):
        for secret in secrets:
            assert secret not in text


# --- PIE wrap ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "header", "unwrap"),
    [
        (LocalKey.generate(), "k4.local-wrap.pie.", paserk.unwrap_local),
        (SecretKey.generate(), "k4.secret-wrap.pie.", paserk.unwrap_secret),
    ],
    ids=["local", "secret"],
)
def test_wrap_round_trip(key: LocalKey | SecretKey, header: str, unwrap: Any) -> None:
    wk = LocalKey.generate()
    wrapped = paserk.wrap(key, wk)
    assert wrapped.startswith(header)
    assert len(_split(wrapped, header)) == 64 + len(key.to_bytes())
    assert unwrap(wrapped, wk) == key
    assert paserk.wrap(key, wk) != wrapped  # a fresh nonce each time
    for secret in _secrets_of(key, wk):
        assert secret not in wrapped


@settings(max_examples=25, deadline=None)
@given(material=st.binary(min_size=32, max_size=32), wk=st.binary(min_size=32, max_size=32))
def test_wrap_round_trip_property(material: bytes, wk: bytes) -> None:
    wrapping_key = LocalKey.from_bytes(wk)
    local = LocalKey.from_bytes(material)
    secret = SecretKey.from_bytes(material)  # a seed
    assert paserk.unwrap_local(paserk.wrap(local, wrapping_key), wrapping_key) == local
    assert paserk.unwrap_secret(paserk.wrap(secret, wrapping_key), wrapping_key) == secret


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_one_char_change_is_rejected(data: st.DataObject) -> None:
    wk = LocalKey.from_bytes(bytes(range(32)))
    wrapped = paserk.wrap(SecretKey.from_bytes(bytes(32)), wk)
    index = data.draw(st.integers(0, len(wrapped) - 1))
    char = data.draw(st.sampled_from(B64_ALPHABET + "."))
    assume(wrapped[index] != char)
    with pytest.raises(PaserkError):
        paserk.unwrap_secret(wrapped[:index] + char + wrapped[index + 1 :], wk)


def test_wrong_wrapping_key_fails_opaquely() -> None:
    key, wk, other = SecretKey.generate(), LocalKey.generate(), LocalKey.generate()
    with pytest.raises(PaserkError, match="authentication failed") as info:
        paserk.unwrap_secret(paserk.wrap(key, wk), other)
    _assert_clean(info.value, *_secrets_of(key, wk, other))


@pytest.mark.parametrize("where", ["tag", "nonce", "ciphertext"])
def test_tampered_wrap_fails(where: str) -> None:
    key, wk = LocalKey.generate(), LocalKey.generate()
    wrapped = paserk.wrap(key, wk)
    start = len("k4.local-wrap.pie.")
    # 96 bytes = 128 characters: tag 0..42, nonce 43..85, ciphertext 86..127
    index = {"tag": start + 5, "nonce": start + 60, "ciphertext": start + 100}[where]
    with pytest.raises(PaserkError, match="authentication failed") as info:
        paserk.unwrap_local(_swap_char(wrapped, index), wk)
    _assert_clean(info.value, *_secrets_of(key, wk))


def test_unwrap_refuses_the_other_key_type() -> None:
    wk = LocalKey.generate()
    with pytest.raises(
        PaserkError, match=r"expected a k4\.local-wrap\.pie PASERK, got type 'secret-wrap'"
    ):
        paserk.unwrap_local(paserk.wrap(SecretKey.generate(), wk), wk)
    with pytest.raises(
        PaserkError, match=r"expected a k4\.secret-wrap\.pie PASERK, got type 'local-wrap'"
    ):
        paserk.unwrap_secret(paserk.wrap(LocalKey.generate(), wk), wk)


def test_authentic_but_inconsistent_secret_key_is_refused() -> None:
    """A correctly wrapped seed || pk whose halves disagree: signing with it would leak the seed."""
    wk = LocalKey.generate()
    seed, other_pk = bytes(32), SecretKey.generate().public_key().to_bytes()
    header = b"k4.secret-wrap.pie."
    # PIE wrap by hand (operations/Wrap/pie.md), since paserk.wrap only takes a valid SecretKey.
    n = bytes(range(32))
    x = _crypto.blake2b(b"\x80" + n, key=wk.to_bytes(), size=56)
    ak = _crypto.blake2b(b"\x81" + n, key=wk.to_bytes(), size=32)
    c = _crypto.xchacha20(x[:32], x[32:], seed + other_pk)
    t = _crypto.blake2b(header + n + c, key=ak, size=32)
    with pytest.raises(PaserkError, match="does not match its seed"):
        paserk.unwrap_secret(header.decode() + b64encode(t + n + c), wk)


def test_wrap_refuses_wrong_key_types() -> None:
    local, secret = LocalKey.generate(), SecretKey.generate()
    with pytest.raises(InvalidKeyError, match="PublicKey"):
        paserk.wrap(secret.public_key(), local)  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="wrapping key must be a LocalKey"):
        paserk.wrap(local, secret)  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="wrapping key must be a LocalKey"):
        paserk.unwrap_local(paserk.wrap(local, local), secret)  # type: ignore[arg-type]


# --- strict parsing, before any cryptography ---------------------------------------------------


def _wrapped_samples() -> dict[str, tuple[str, Callable[[str], object]]]:
    """One valid PASERK per unwrapping function, with a call that would unwrap it."""
    wk, local, secret = LocalKey.generate(), LocalKey.generate(), SecretKey.generate()
    return {
        "local-wrap": (paserk.wrap(local, wk), lambda p: paserk.unwrap_local(p, wk)),
        "secret-wrap": (paserk.wrap(secret, wk), lambda p: paserk.unwrap_secret(p, wk)),
        "local-pw": (
            paserk.password_wrap(local, PASSWORD, **FAST),
            lambda p: paserk.password_unwrap_local(p, PASSWORD),
        ),
        "secret-pw": (
            paserk.password_wrap(secret, PASSWORD, **FAST),
            lambda p: paserk.password_unwrap_secret(p, PASSWORD),
        ),
        "seal": (
            paserk.seal(local, secret.public_key()),
            lambda p: paserk.unseal(p, secret),
        ),
    }


SAMPLES = _wrapped_samples()


def _mutations(text: str) -> dict[str, str]:
    """Changes to a PASERK's text that a strict parser must refuse."""
    version, kind, rest = text.split(".", 2)
    other_kind = "local-pw" if kind != "local-pw" else "secret-pw"
    return {
        "version-k3": f"k3.{kind}.{rest}",
        "version-K4": f"K4.{kind}.{rest}",
        "other-type": f"{version}.{other_kind}.{rest}",
        "no-header": rest,
        "leading-space": " " + text,
        "trailing-newline": text + "\n",
        "padding": text + "=",
        "standard-alphabet": text[:-2] + "+/",
        "extra-part": text + ".AAAA",
        "truncated": text[:-4],
        "extended": text + "AAAA",
        "empty-payload": text[: text.rindex(".") + 1],
    }


@pytest.mark.parametrize("kind", sorted(SAMPLES))
@pytest.mark.parametrize("mutation", sorted(_mutations("k4.local-wrap.pie.AAAA")))
def test_malformed_rejected_before_crypto(
    kind: str, mutation: str, forbid_crypto: Callable[[], None]
) -> None:
    text, unwrap = SAMPLES[kind]
    bad = _mutations(text)[mutation]
    forbid_crypto()
    with pytest.raises(PaserkError):
        unwrap(bad)


@pytest.mark.parametrize("kind", ["local-wrap", "secret-wrap"])
def test_other_wrap_prefix_rejected(kind: str, forbid_crypto: Callable[[], None]) -> None:
    text, unwrap = SAMPLES[kind]
    forbid_crypto()
    with pytest.raises(PaserkError, match="only the pie wrap prefix"):
        unwrap(text.replace(".pie.", ".aws-kms.", 1))


def test_non_canonical_trailing_bits_rejected(forbid_crypto: Callable[[], None]) -> None:
    """128 bytes leave 2 bits spare in the last character; setting one keeps the same bytes for a
    lenient decoder, so only a canonical check catches it."""
    text, unwrap = SAMPLES["secret-wrap"]
    last = B64_ALPHABET.index(text[-1])
    assert last & 0x03 == 0
    bad = text[:-1] + B64_ALPHABET[last | 0x01]
    forbid_crypto()
    with pytest.raises(PaserkError, match="not canonical base64url"):
        unwrap(bad)


@pytest.mark.parametrize("value", [None, b"k4.local-wrap.pie.AAAA", 42])
def test_non_str_rejected(value: Any) -> None:
    with pytest.raises(PaserkError, match="must be a str"):
        paserk.unwrap_local(value, LocalKey.generate())


# --- PBKW ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "header", "unwrap"),
    [
        (LocalKey.generate(), "k4.local-pw.", paserk.password_unwrap_local),
        (SecretKey.generate(), "k4.secret-pw.", paserk.password_unwrap_secret),
    ],
    ids=["local", "secret"],
)
def test_password_round_trip(key: LocalKey | SecretKey, header: str, unwrap: Any) -> None:
    wrapped = paserk.password_wrap(key, "pässwörd ✓", **FAST)
    raw = _split(wrapped, header)
    assert len(raw) == 16 + 16 + 24 + len(key.to_bytes()) + 32
    assert struct.unpack(">QII", raw[16:32]) == (FAST["memlimit"], FAST["opslimit"], 1)
    assert unwrap(wrapped, "pässwörd ✓") == key
    assert unwrap(wrapped, "pässwörd ✓".encode()) == key  # str is UTF-8
    with pytest.raises(PaserkError, match="authentication failed") as info:
        unwrap(wrapped, "passwörd ✓")
    _assert_clean(info.value, *_secrets_of(key), "pässwörd")


def test_password_wrap_defaults_are_interactive() -> None:
    wrapped = paserk.password_wrap(LocalKey.generate(), PASSWORD)
    raw = _split(wrapped, "k4.local-pw.")
    assert struct.unpack(">QII", raw[16:32]) == (64 * 1024 * 1024, 2, 1)


def test_tampered_password_wrap_fails() -> None:
    text, unwrap = SAMPLES["local-pw"]
    for index in (len("k4.local-pw.") + 2, -10):  # salt, tag
        with pytest.raises(PaserkError, match="authentication failed"):
            unwrap(_swap_char(text, index))


@pytest.mark.parametrize(
    ("mem", "time", "para"),
    [
        (2**40, 2, 1),  # 1 TiB
        (2**64 - 1024, 2, 1),
        (256 * 1024 * 1024, 4, 1),  # the ceiling before Argon2Limits (~0.7 s an attempt)
        (64 * 1024 * 1024 + 1024, 2, 1),  # just over the default memory ceiling
        (64 * 1024 * 1024, 100, 1),
        (64 * 1024 * 1024, 4, 1),  # just over the default time ceiling
        (64 * 1024 * 1024, 2**32 - 1, 1),
        (64 * 1024 * 1024, 2, 2),  # libsodium can only run parallelism 1
        (64 * 1024 * 1024, 2, 0),
        (64 * 1024 * 1024, 0, 1),
        (0, 2, 1),
        (4096, 2, 1),  # under Argon2's minimum
        (64 * 1024 * 1024 + 1, 2, 1),  # not whole KiB
        (1000 * 1000, 2, 1),
    ],
)
@pytest.mark.parametrize("kind", ["local-pw", "secret-pw"])
def test_argon2_cost_is_bounded_before_argon2_runs(
    kind: str, mem: int, time: int, para: int, forbid_crypto: Callable[[], None]
) -> None:
    text, unwrap = SAMPLES[kind]
    bad = _pw_with_params(text, f"k4.{kind}.", mem, time, para)
    forbid_crypto()
    with pytest.raises(PaserkError, match="Argon2id"):
        unwrap(bad)


def test_unwrap_ceilings_are_configurable(forbid_crypto: Callable[[], None]) -> None:
    key = LocalKey.generate()
    tight = paserk.Argon2Limits(memlimit=64 * 1024, opslimit=2)
    wrapped = paserk.password_wrap(key, PASSWORD, memlimit=64 * 1024, opslimit=2, limits=tight)
    assert paserk.password_unwrap_local(wrapped, PASSWORD, limits=tight) == key
    forbid_crypto()
    with pytest.raises(PaserkError, match=r"memory .* \(Argon2Limits.memlimit\)"):
        paserk.password_unwrap_local(
            wrapped, PASSWORD, limits=paserk.Argon2Limits(memlimit=32 * 1024)
        )
    with pytest.raises(PaserkError, match=r"time cost .* \(Argon2Limits.opslimit\)"):
        paserk.password_unwrap_local(wrapped, PASSWORD, limits=paserk.Argon2Limits(opslimit=1))


def test_default_limits_accept_the_default_wrap_cost() -> None:
    """The default ceiling is documented as 64 MiB and 3 passes; what password_wrap makes by
    default (64 MiB, 2 passes) unwraps under it, and the exact ceiling is inclusive."""
    limits = paserk.DEFAULT_ARGON2_LIMITS
    assert (limits.memlimit, limits.opslimit) == (64 * 1024 * 1024, 3)
    assert (paserk.DEFAULT_MEMLIMIT, paserk.DEFAULT_OPSLIMIT) == (64 * 1024 * 1024, 2)
    key = LocalKey.generate()
    tiny = paserk.Argon2Limits(memlimit=paserk.MIN_MEMLIMIT, opslimit=paserk.MIN_OPSLIMIT)
    wrapped = paserk.password_wrap(
        key, PASSWORD, memlimit=paserk.MIN_MEMLIMIT, opslimit=paserk.MIN_OPSLIMIT, limits=tiny
    )
    assert paserk.password_unwrap_local(wrapped, PASSWORD, limits=tiny) == key


def test_wrap_is_held_to_the_limits_it_is_given(forbid_crypto: Callable[[], None]) -> None:
    key = SecretKey.generate()
    forbid_crypto()
    with pytest.raises(ConfigurationError, match=r"\(Argon2Limits\.memlimit\)"):
        paserk.password_wrap(key, PASSWORD, memlimit=128 * 1024 * 1024)
    low = paserk.Argon2Limits(opslimit=2)
    with pytest.raises(ConfigurationError, match=r"\(Argon2Limits\.opslimit\)"):
        paserk.password_wrap(key, PASSWORD, memlimit=paserk.MIN_MEMLIMIT, opslimit=3, limits=low)


@pytest.mark.parametrize(
    "fields",
    [
        {"memlimit": 1000},
        {"memlimit": 4096},
        {"memlimit": 64 * 1024 * 1024 + 1},
        {"memlimit": 2**64},
        {"memlimit": 65536.0},
        {"memlimit": True},
        {"opslimit": 0},
        {"opslimit": 2**32},
        {"opslimit": 3.0},
        {"opslimit": "3"},
    ],
)
def test_argon2_limits_are_validated_when_built(fields: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError, match="Argon2Limits"):
        paserk.Argon2Limits(**fields)


def test_argon2_limits_are_data() -> None:
    limits = paserk.Argon2Limits(memlimit=128 * 1024 * 1024, opslimit=4)
    assert limits == paserk.Argon2Limits(memlimit=128 * 1024 * 1024, opslimit=4)
    with pytest.raises(AttributeError):
        limits.memlimit = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        paserk.Argon2Limits(128 * 1024 * 1024, 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        paserk.Argon2Limits(max_memlimit=1)  # type: ignore[call-arg]


def test_limits_must_be_argon2_limits(forbid_crypto: Callable[[], None]) -> None:
    text, _ = SAMPLES["local-pw"]
    forbid_crypto()
    with pytest.raises(ConfigurationError, match="Argon2Limits"):
        paserk.password_unwrap_local(text, PASSWORD, limits={"memlimit": 1})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "params",
    [
        {"memlimit": 1000},
        {"memlimit": 4096},
        {"memlimit": paserk.MIN_MEMLIMIT + 1},
        {"memlimit": paserk.DEFAULT_ARGON2_LIMITS.memlimit + 1024},
        {"memlimit": 2**40},
        {"opslimit": 0},
        {"opslimit": paserk.DEFAULT_ARGON2_LIMITS.opslimit + 1},
        {"opslimit": True},
        {"memlimit": 65536.0},
    ],
)
def test_password_wrap_refuses_bad_cost(
    params: dict[str, Any], forbid_crypto: Callable[[], None]
) -> None:
    key = LocalKey.generate()
    forbid_crypto()
    with pytest.raises(ConfigurationError, match="Argon2id"):
        paserk.password_wrap(key, PASSWORD, **params)


@pytest.mark.parametrize("password", ["", b"", "\ud800", 1234])
def test_bad_passwords_refused(password: Any, forbid_crypto: Callable[[], None]) -> None:
    key = LocalKey.generate()
    text, _ = SAMPLES["local-pw"]
    forbid_crypto()
    with pytest.raises(ConfigurationError, match="password"):
        paserk.password_wrap(key, password, **FAST)
    with pytest.raises(PaserkError, match="password"):
        paserk.password_unwrap_local(text, password)


# --- PKE seal ------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(material=st.binary(min_size=32, max_size=32), seed=st.binary(min_size=32, max_size=32))
def test_seal_round_trip_property(material: bytes, seed: bytes) -> None:
    key, recipient = LocalKey.from_bytes(material), SecretKey.from_bytes(seed)
    sealed = paserk.seal(key, recipient.public_key())
    assert sealed.startswith("k4.seal.")
    assert len(_split(sealed, "k4.seal.")) == 96
    assert paserk.unseal(sealed, recipient) == key


def test_seal_is_randomised_and_bound_to_the_recipient() -> None:
    key, recipient, other = LocalKey.generate(), SecretKey.generate(), SecretKey.generate()
    sealed = paserk.seal(key, recipient.public_key())
    assert paserk.seal(key, recipient.public_key()) != sealed
    with pytest.raises(PaserkError, match="authentication failed") as info:
        paserk.unseal(sealed, other)
    _assert_clean(info.value, *_secrets_of(key, recipient, other))


@pytest.mark.parametrize("where", ["tag", "epk", "edk"])
def test_tampered_seal_fails(where: str) -> None:
    key, recipient = LocalKey.generate(), SecretKey.generate()
    sealed = paserk.seal(key, recipient.public_key())
    index = len("k4.seal.") + {"tag": 5, "epk": 60, "edk": 100}[where]
    with pytest.raises(PaserkError, match="authentication failed"):
        paserk.unseal(_swap_char(sealed, index), recipient)


@pytest.mark.parametrize(
    "epk",
    [
        bytes(32),
        (1).to_bytes(32, "little"),
        bytes.fromhex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
    ],
    ids=["zero", "one", "order-8"],
)
def test_low_order_ephemeral_key_fails(epk: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """X25519 with a low-order epk gives all zeros; unseal stops there, before any hashing."""
    recipient = SecretKey.generate()

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("unseal went on past a failed X25519")

    monkeypatch.setattr(_crypto, "blake2b", boom)
    with pytest.raises(PaserkError, match="authentication failed"):
        paserk.unseal("k4.seal." + b64encode(bytes(32) + epk + bytes(32)), recipient)


def test_seal_refuses_wrong_key_types() -> None:
    local, secret = LocalKey.generate(), SecretKey.generate()
    with pytest.raises(InvalidKeyError, match="sealed key must be a LocalKey"):
        paserk.seal(secret, secret.public_key())  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="sealing key must be a PublicKey"):
        paserk.seal(local, secret)  # type: ignore[arg-type]
    sealed = paserk.seal(local, secret.public_key())
    with pytest.raises(InvalidKeyError, match="unsealing key must be a SecretKey"):
        paserk.unseal(sealed, secret.public_key())  # type: ignore[arg-type]


# --- key_from_paserk ---------------------------------------------------------------------------


def test_key_from_paserk_plain_types() -> None:
    local, secret = LocalKey.generate(), SecretKey.generate()
    public = secret.public_key()
    for key in (local, secret, public):
        parsed = paserk.key_from_paserk(key.to_paserk())
        assert type(parsed) is type(key)
        assert parsed == key


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        ("local-wrap", "unwrap_local()"),
        ("secret-wrap", "unwrap_secret()"),
        ("local-pw", "password_unwrap_local()"),
        ("secret-pw", "password_unwrap_secret()"),
        ("seal", "unseal()"),
    ],
)
def test_key_from_paserk_points_to_the_right_function(kind: str, hint: str) -> None:
    text, _ = SAMPLES[kind]
    with pytest.raises(PaserkError, match=hint.replace("(", r"\(").replace(")", r"\)")):
        paserk.key_from_paserk(text)


def test_key_from_paserk_refuses_ids_and_other_versions() -> None:
    local, secret = LocalKey.generate(), SecretKey.generate()
    for key_id in (local.paserk_id, secret.paserk_id, secret.public_key().paserk_id):
        with pytest.raises(PaserkError, match="key id, not a key"):
            paserk.key_from_paserk(key_id)
    for other in ("k3.local.", "k2.public.", "k1.secret."):
        with pytest.raises(PaserkError, match="supports k4 only"):
            paserk.key_from_paserk(other + local.to_paserk()[len("k4.local.") :])


def test_key_from_paserk_never_echoes_its_input() -> None:
    """A raw key pasted where a PASERK belongs must not end up in a log via the message."""
    local, secret = LocalKey.generate(), SecretKey.generate()
    attempts = [
        b64encode(local.to_bytes()),
        local.to_bytes().hex(),
        b64encode(secret.to_bytes()),
        "k4." + b64encode(local.to_bytes()),
        "k4.local" + b64encode(local.to_bytes()),
        b64encode(local.to_bytes()) + ".local.x",
        "k4.local." + b64encode(local.to_bytes()) + "=",
        "k4.secret." + b64encode(secret.to_bytes()[:32] + bytes(32)),  # halves disagree
    ]
    for text in attempts:
        with pytest.raises(PaserkError) as info:
            paserk.key_from_paserk(text)
        _assert_clean(info.value, *_secrets_of(local, secret))


def test_key_from_paserk_public_key_not_on_curve_parses_but_never_verifies() -> None:
    # The official k4.public vectors serialise off-curve bytes, so parsing must accept them;
    # libsodium then refuses every signature under such a key.
    key = paserk.key_from_paserk("k4.public." + b64encode(bytes.fromhex("70" * 32)))
    assert isinstance(key, PublicKey)
    token = pasetokit.encode(SecretKey.generate(), {"sub": "x"})
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(key, token)


@pytest.mark.parametrize("value", [None, b"k4.local.AAAA", 1])
def test_key_from_paserk_non_str(value: Any) -> None:
    with pytest.raises(PaserkError, match="must be a str"):
        paserk.key_from_paserk(value)


def test_reprs_hold_no_key_material() -> None:
    wk, local, secret = LocalKey.generate(), LocalKey.generate(), SecretKey.generate()
    for key in (
        paserk.unwrap_local(paserk.wrap(local, wk), wk),
        paserk.unwrap_secret(paserk.wrap(secret, wk), wk),
        paserk.unseal(paserk.seal(local, secret.public_key()), secret),
    ):
        for secret_form in _secrets_of(local, secret):
            assert secret_form not in repr(key)
            assert secret_form not in str(key)


@pytest.mark.parametrize(
    "material",
    [bytes(32), bytes([1]) + bytes(31), b"\xff" * 32],
    ids=["small-order", "identity", "off-curve"],
)
def test_public_key_accepts_any_32_bytes_but_seal_refuses_unconvertible_ones(
    material: bytes,
) -> None:
    """PublicKey takes any 32 bytes (the k4.public vectors hold such keys); sealing to one that
    libsodium cannot convert to X25519 is the caller's key fault, not a crash."""
    public = PublicKey.from_bytes(material)
    assert PublicKey.from_paserk(public.to_paserk()) == public
    with pytest.raises(InvalidKeyError, match="cannot be converted to X25519"):
        paserk.seal(LocalKey.generate(), public)


def test_keys_and_paserk_share_one_header_parser() -> None:
    """The same strict header rule, and the same message, for plain keys and wraps."""
    local, secret = LocalKey.generate(), SecretKey.generate()
    with pytest.raises(PaserkError) as plain:
        LocalKey.from_paserk(secret.to_paserk())
    with pytest.raises(PaserkError) as wrapped:
        paserk.unwrap_local(paserk.wrap(secret, local), local)
    assert plain.value.message == "expected a k4.local PASERK, got type 'secret'"
    assert wrapped.value.message == "expected a k4.local-wrap.pie PASERK, got type 'secret-wrap'"
    with pytest.raises(PaserkError, match="got k3; pasetokit supports k4 only"):
        LocalKey.from_paserk("k3.local." + b64encode(bytes(32)))
    with pytest.raises(PaserkError, match="got k3; pasetokit supports k4 only"):
        paserk.unwrap_local("k3.local-wrap.pie." + b64encode(bytes(96)), local)

"""Every fast path that calls a library's private API, and its public fallback, both run.

``_crypto`` (XChaCha20 through pycryptodome's C functions, Ed25519 through PyNaCl's cffi module)
and ``_json`` (the C encoder and scanner) pick a fast path at import only when a probe agrees
with the public API. Here the official vectors and the JSON contract are run on each path, and
each probe is shown to fall back when its fast path disagrees.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

import pasetokit
from pasetokit import _crypto, _json

import test_vectors_paseto
from conftest import load_vectors

VECTORS = [v for v in load_vectors("paseto/v4.json") if not v["expect-fail"]]
BEFORE_EXPIRY = datetime(2021, 6, 1, tzinfo=timezone.utc)


def test_fast_paths_are_active_here() -> None:
    # The machines this project supports have the cffi builds; if this fails, the fallback is
    # what runs in production there, and the benchmarks' numbers do not apply.
    assert _crypto.FAST_XCHACHA20
    assert _crypto.FAST_ED25519
    assert _json.FAST_JSON


@pytest.fixture(params=["fast", "public"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "public":
        monkeypatch.setattr(_crypto, "_xchacha20", _crypto._xchacha20_public)
        monkeypatch.setattr(_crypto, "_ed25519_sign", _crypto._sign_public)
        monkeypatch.setattr(_crypto, "ed25519_open", _crypto._open_public)
        monkeypatch.setattr(_json, "_dumps_text", _json._dumps_public)
        monkeypatch.setattr(_json, "_loads_text", _json._loads_public)
        # what a machine whose probe failed runs for footers (no C scanner to fall back from)
        monkeypatch.setattr(_json, "FAST_JSON", False)
        monkeypatch.setattr(_json, "_PLAIN_SCAN", None)
    else:
        monkeypatch.setattr(_crypto, "_xchacha20", _crypto._xchacha20_direct)
        monkeypatch.setattr(_crypto, "_ed25519_sign", _crypto._sign_direct)
        monkeypatch.setattr(_crypto, "ed25519_open", _crypto._open_direct)
        monkeypatch.setattr(_json, "_dumps_text", _json._dumps_c)
        monkeypatch.setattr(_json, "_loads_text", _json._loads_scan)
    return str(request.param)


@pytest.mark.parametrize("vec", [pytest.param(v, id=v["name"]) for v in VECTORS])
def test_vectors_on_both_paths(path: str, vec: dict[str, Any]) -> None:
    test_vectors_paseto.test_success_vector(vec)  # byte for byte, both ways, and decode
    key: pasetokit.LocalKey | pasetokit.PublicKey
    if vec["token"].startswith("v4.local."):
        key = pasetokit.LocalKey.from_bytes(bytes.fromhex(vec["key"]))
    else:
        key = pasetokit.PublicKey.from_bytes(bytes.fromhex(vec["public-key"]))
    implicit = vec["implicit-assertion"].encode()
    tampered = vec["token"][:20] + ("A" if vec["token"][20] != "A" else "B") + vec["token"][21:]
    with pytest.raises(pasetokit.InvalidTokenError):
        pasetokit.decode(key, tampered, implicit_assertion=implicit, now=BEFORE_EXPIRY)


def test_round_trips_on_both_paths(path: str) -> None:
    claims = {"sub": "é\u2028", "n": [1, 2.5, None, True], "o": {"k": "v"}}
    for key in (pasetokit.LocalKey.generate(), pasetokit.SecretKey.generate()):
        token = pasetokit.encode(key, claims, footer={"kid": "app-1"})
        got = pasetokit.decode(key, token).claims
        assert {k: got[k] for k in claims} == claims


def test_ed25519_refusals_on_both_paths(path: str) -> None:
    pk, sk = _crypto.ed25519_seed_keypair(bytes(32))
    sig = _crypto.ed25519_sign(sk, b"message")
    assert _crypto.ed25519_verify(pk, b"message", sig)
    assert not _crypto.ed25519_verify(pk, b"messagE", sig)
    assert not _crypto.ed25519_verify(pk, b"message", sig[:63])
    assert not _crypto.ed25519_verify(bytes(32), b"message", sig)  # small-order key
    assert not _crypto.ed25519_verify(pk[:31], b"message", sig)
    assert not _crypto.ed25519_open(pk, sig[:10])


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ('{"a":1}', True),
        (' {"a":1}', True),  # leading whitespace: valid JSON, taken by the public path
        ('{"a":1}\n', True),
        ('{"a":1,"a":2}', False),
        ('{"a":NaN}', False),
        ('{"a":1}x', False),
        ('{"a":1', False),
        ("[1]", False),
        ("", False),
        ('{{"a":1}', False),  # an object after the "{": not one object filling the text
        ("{1", False),
    ],
)
def test_json_contract_on_both_paths(path: str, text: str, ok: bool) -> None:
    if ok:
        assert _json.loads_object(text.encode()) == {"a": 1}
    else:
        with pytest.raises(ValueError):  # noqa: PT011 - the contract is ValueError
            _json.loads_object(text.encode())


def test_json_encoding_refusals_on_both_paths(path: str) -> None:
    assert _json.dumps({"a": "é", "b": [1.5]}) == '{"a":"é","b":[1.5]}'.encode()
    loop: list[Any] = []
    loop.append(loop)
    for bad in ({"a": float("nan")}, {"a": loop}, {"a": object()}, {1j: 1}):
        with pytest.raises((TypeError, ValueError)):
            _json.dumps(bad)


@pytest.mark.parametrize(
    ("footer", "error"),
    [
        (b'{"kid":"k","n":1.5,"t":true}', None),
        (b'{"kid":"k"} ', None),  # trailing space: the scanner stops short, decode() finishes
        (b'{"a":1,"a":2}', "duplicate key"),
        (b'{"a":{"b":1}}', "nested too deeply"),
        (b'{"a":NaN}', "not JSON"),
        (b'{"a":1}x', "Extra data"),
        (b'{{"a":1}', "Expecting property name"),
    ],
)
def test_json_footers_on_both_paths(path: str, footer: bytes, error: str | None) -> None:
    if error is None:
        assert _json.loads_footer(footer, _json.FooterLimits()) == json.loads(footer)
    else:
        with pytest.raises(ValueError, match=error):
            _json.loads_footer(footer, _json.FooterLimits())


# Unsorted keys (the encoder keeps their order), escapes, non-ASCII, and one object large enough
# (> 100,000 pieces) that 3.11's C encoder hands its text back in several chunks.
ENCODER_CASES = [
    {"b": 1, "a": [2, {"d": None, "c": False}]},
    {"s": 'q"\\\n\u2028é\x00', "f": -0.0, "i": 10**30},
    {f"k{i}": i for i in range(30_000)},
]


@pytest.mark.parametrize("value", ENCODER_CASES, ids=["order", "escapes", "large"])
def test_the_c_encoder_writes_what_the_public_api_writes(value: dict[str, Any]) -> None:
    expected = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    assert _json._dumps_c(value) == _json._dumps_public(value) == expected


def test_the_json_probe_refuses_a_fast_path_that_misses_a_refusal() -> None:
    # right on the probe itself, but a circular reference is not refused / the probe raises
    # something other than ValueError: either way the public path is kept
    assert not _json._agrees(lambda value: _json._PROBE_TEXT, _json._loads_scan)
    assert not _json._agrees(_json._dumps_c, lambda text: 1 // 0)
    assert not _json._agrees(lambda value: 1 // 0, _json._loads_scan)
    assert _json._agrees(_json._dumps_public, _json._loads_public)


def test_probes_fall_back_when_the_fast_path_disagrees(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _crypto._pick_ed25519() == (_crypto._sign_direct, _crypto._open_direct)
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_direct
    assert _json._agrees(_json._dumps_c, _json._loads_scan)

    monkeypatch.setattr(_crypto, "_open_direct", lambda pk, signed: True)  # accepts forgeries
    assert _crypto._pick_ed25519() == (_crypto._sign_public, _crypto._open_public)
    monkeypatch.setattr(_crypto, "_xchacha20_direct", lambda k, n, d: bytes(len(d)))
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_public
    monkeypatch.setattr(_crypto, "_sodium_lib", None)
    assert _crypto._pick_ed25519() == (_crypto._sign_public, _crypto._open_public)
    assert not _json._agrees(_json._dumps_c, json.loads)  # keeps duplicates
    assert not _json._agrees(json.dumps, _json._loads_scan)  # spaces, ASCII escapes

"""Both XChaCha20 paths of ``_crypto``: pycryptodome's private C functions through cffi (the fast
path) and its public ``ChaCha20`` API (the fallback), and the import-time probe between them.

The official v4.local and PASERK vectors that use XChaCha20 run once per path, through the very
test bodies of ``test_vectors_paseto`` / ``test_vectors_paserk``; the ``xchacha20_path`` fixture
counts calls, so a path that stops being the one in use fails here instead of going untested.
The probe must fall back to the public API when the private symbols are missing, when the
backend is not cffi, when they raise, and when they disagree with the public API.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import Crypto.Util._raw_api
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pasetokit
from pasetokit import _crypto, paserk

import test_vectors_paserk as paserk_vectors
import test_vectors_paseto as paseto_vectors

XChaCha20 = Callable[[bytes, bytes, bytes], bytes]
PATHS: dict[str, XChaCha20] = {
    "direct": _crypto._xchacha20_direct,
    "public": _crypto._xchacha20_public,
}
# Success vectors only: the must-fail ones are refused before any XChaCha20 call.
LOCAL_PASETO = [
    v for v in paseto_vectors.VECTORS if v["token"].startswith("v4.local.") and not v["expect-fail"]
]


@pytest.fixture(params=sorted(PATHS))
def xchacha20_path(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Route ``_crypto.xchacha20`` through one path; fail if it was never taken."""
    name: str = request.param
    implementation = PATHS[name]
    calls = 0

    def counting(key: bytes, nonce: bytes, data: bytes) -> bytes:
        nonlocal calls
        calls += 1
        return implementation(key, nonce, data)

    monkeypatch.setattr(_crypto, "_xchacha20", counting)
    yield name
    assert calls, f"the {name} XChaCha20 path was never called: _crypto no longer uses it"


def test_this_build_takes_the_fast_path() -> None:
    # pynacl depends on cffi, so pycryptodome always loads through cffi here: a silent fallback
    # would only cost speed, so it is caught as a failure rather than accepted.
    assert _crypto._xchacha20 is _crypto._xchacha20_direct


@pytest.mark.parametrize("vec", [pytest.param(v, id=v["name"]) for v in LOCAL_PASETO])
def test_paseto_local_vectors(xchacha20_path: str, vec: dict[str, Any]) -> None:
    paseto_vectors.test_success_vector(vec)


# k4.*-pw use XChaCha20 the same way as the wrap.pie ones, behind 0.5 s of Argon2id each: left to
# test_vectors_paserk (fast path) and the round trips below.
PASERK_XCHACHA20: list[Any] = [
    pytest.param(check, param.values[0], id=f"{kind}-{param.id}")
    for kind, check in [
        ("k4.local-wrap.pie", paserk_vectors.test_local_wrap_pie),
        ("k4.secret-wrap.pie", paserk_vectors.test_secret_wrap_pie),
        ("k4.seal", paserk_vectors.test_seal),
    ]
    for param in paserk_vectors.vectors(kind)
    if not param.values[0]["expect-fail"]
]


@pytest.mark.parametrize(("check", "vec"), PASERK_XCHACHA20)
def test_paserk_vectors(
    xchacha20_path: str, check: Callable[[Any], None], vec: dict[str, Any]
) -> None:
    check(vec)


def test_round_trips(
    xchacha20_path: str, local_key: pasetokit.LocalKey, secret_key: pasetokit.SecretKey
) -> None:
    for size in (0, 1, 63, 64, 65, 4096):
        claims = {"sub": "x" * size}
        token = pasetokit.encode(local_key, claims)
        assert pasetokit.decode(local_key, token).claims["sub"] == claims["sub"]
    wrapped = paserk.password_wrap(
        local_key, "pw", memlimit=_crypto.ARGON2_MEMLIMIT_MIN, opslimit=_crypto.ARGON2_OPSLIMIT_MIN
    )
    assert paserk.password_unwrap_local(wrapped, "pw") == local_key
    assert paserk.unseal(paserk.seal(local_key, secret_key.public_key()), secret_key) == local_key


@given(
    key=st.binary(min_size=32, max_size=32),
    nonce=st.binary(min_size=24, max_size=24),
    data=st.binary(max_size=300),
)
def test_paths_agree(key: bytes, nonce: bytes, data: bytes) -> None:
    direct = _crypto._xchacha20_direct(key, nonce, data)
    assert direct == _crypto._xchacha20_public(key, nonce, data)
    assert len(direct) == len(data)
    assert _crypto._xchacha20_direct(key, nonce, direct) == data  # a stream XOR


class _Lib:
    """pycryptodome's raw ChaCha20 library with some symbols hidden or replaced."""

    def __init__(
        self, hide: tuple[str, ...] = (), replace: dict[str, Callable[..., Any]] | None = None
    ) -> None:
        self._hide = hide
        self._replace = replace or {}

    def __getattr__(self, name: str) -> Any:
        if name in self._hide:
            raise AttributeError(name)
        if name in self._replace:
            return self._replace[name]
        return getattr(PRIVATE_LIB, name)


PRIVATE_LIB = _crypto._lib


@pytest.fixture(autouse=True)
def _restore_direct_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The probe re-binds the direct path's C lookups from ``_crypto._lib``: a test that fakes the
    # library must not leave the fast path bound to its fake for the tests after it.
    for name in ("_ctypes", "_newp", "_cfuncs"):
        monkeypatch.setattr(_crypto, name, getattr(_crypto, name))


def test_probe_takes_the_fast_path_when_it_agrees() -> None:
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_direct


@pytest.mark.parametrize("symbol", ["hchacha20", "chacha20_init", "chacha20_encrypt"])
def test_probe_falls_back_when_a_symbol_is_missing(
    monkeypatch: pytest.MonkeyPatch, symbol: str
) -> None:
    monkeypatch.setattr(_crypto, "_lib", _Lib(hide=(symbol,)))
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_public


def test_probe_falls_back_without_the_raw_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_crypto, "_lib", None)  # a pycryptodome without _raw_chacha20_lib
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_public


def test_probe_falls_back_on_the_ctypes_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Crypto.Util._raw_api, "backend", "ctypes")
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_public


def _hchacha20_of_another_key(key: Any, nonce: Any, out: Any) -> int:
    result: int = PRIVATE_LIB.hchacha20(bytes(32), nonce, out)
    return result


@pytest.mark.parametrize(
    "replace",
    [
        pytest.param({"hchacha20": _hchacha20_of_another_key}, id="disagrees"),
        pytest.param({"hchacha20": lambda *args: 1}, id="hchacha20-fails"),
        pytest.param({"chacha20_init": lambda *args: 1}, id="init-fails"),
        pytest.param({"chacha20_encrypt": lambda *args: 1}, id="encrypt-fails"),
        pytest.param({"chacha20_init": lambda *args: 1 / 0}, id="raises"),
    ],
)
def test_probe_falls_back_when_the_private_path_misbehaves(
    monkeypatch: pytest.MonkeyPatch, replace: dict[str, Callable[..., Any]]
) -> None:
    monkeypatch.setattr(_crypto, "_lib", _Lib(replace=replace))
    assert _crypto._pick_xchacha20() is _crypto._xchacha20_public


_CHILD = """
import Crypto.Cipher.ChaCha20
import Crypto.Util._raw_api

Crypto.Util._raw_api.backend = "ctypes"  # before pasetokit's import-time probe runs
import pasetokit
from pasetokit import _crypto, paserk

assert _crypto._xchacha20 is _crypto._xchacha20_public, _crypto._xchacha20
key = pasetokit.LocalKey.generate()
assert pasetokit.decode(key, pasetokit.encode(key, {"sub": "a"})).claims["sub"] == "a"
print("public path chosen at import")
"""


def test_import_time_probe_chooses_the_fallback() -> None:
    src = str(Path(pasetokit.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "public path chosen at import" in result.stdout

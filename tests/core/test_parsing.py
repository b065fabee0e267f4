"""Strict parsing before any cryptography: every rejection the issue lists, with its error.

"Before any crypto" is shown by replacing the primitives with ones that fail the test.
"""

from __future__ import annotations

import pytest

import pasetokit
from pasetokit import _crypto
from pasetokit._b64 import b64encode
from pasetokit.exceptions import MalformedTokenError
from pasetokit.token import DEFAULT_MAX_TOKEN_SIZE


@pytest.fixture
def no_crypto(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("cryptography ran on a token that should have been refused")

    for name in ("blake2b", "xchacha20", "ed25519_verify"):
        monkeypatch.setattr(_crypto, name, forbidden)


@pytest.fixture(scope="module")
def good() -> str:
    return pasetokit.encode(pasetokit.LocalKey.generate(), {"sub": "a"}, footer=b"f")


def _cases(good: str) -> dict[str, object]:
    body = good.split(".")[2]
    return {
        "v3-header": f"v3.local.{body}",
        "v4c-header": f"v4c.local.{body}",
        "uppercase-header": f"V4.local.{body}",
        "unknown-purpose": f"v4.secret.{body}",
        "uppercase-purpose": f"v4.LOCAL.{body}",
        "two-pieces": f"v4.local{body}",
        "five-pieces": f"{good}.x",
        "empty-footer-piece": f"v4.local.{body}.",
        "padding": f"v4.local.{body}==",
        "plus-sign": f"v4.local.{body[:-2]}+A",
        "slash": f"v4.local.{body[:-2]}/A",
        "trailing-newline": good + "\n",
        "leading-space": " " + good,
        "inner-whitespace": f"v4.local.{body[:10]} {body[10:]}",
        "non-ascii": f"v4.local.{body}é",
        "non-ascii-bytes": good.encode() + b"\xff",
        "empty": "",
        "only-header": "v4.local.",
        "too-short-local": "v4.local." + b64encode(bytes(64)),
        "too-short-public": "v4.public." + b64encode(bytes(64)),
        "too-large": "v4.local." + "A" * DEFAULT_MAX_TOKEN_SIZE,
        "not-a-string": 12345,
        "none": None,
        "list": [good],
    }


CASE_NAMES = list(_cases("v4.local.AAAA.AAAA").keys())


@pytest.mark.parametrize("case", CASE_NAMES)
def test_refused_before_crypto(
    case: str, good: str, local_key: pasetokit.LocalKey, no_crypto: None
) -> None:
    token = _cases(good)[case]
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(local_key, token)  # type: ignore[arg-type]


def test_non_zero_trailing_bits_in_footer(
    good: str, local_key: pasetokit.LocalKey, no_crypto: None
) -> None:
    _, _, body, footer = good.split(".")
    assert footer == "Zg"  # b"f"; "Zh" decodes to the same byte with a stray bit set
    with pytest.raises(MalformedTokenError):
        pasetokit.decode(local_key, f"v4.local.{body}.Zh")


def test_size_limit_is_configurable(local_key: pasetokit.LocalKey) -> None:
    key = local_key
    token = pasetokit.encode(key, {"sub": "a"})
    with pytest.raises(MalformedTokenError, match="too large"):
        pasetokit.decode(key, token, max_size=len(token) - 1)
    assert pasetokit.decode(key, token, max_size=len(token)).claims["sub"] == "a"


def test_bytes_tokens_are_accepted(local_key: pasetokit.LocalKey) -> None:
    key = local_key
    token = pasetokit.encode(key, {"sub": "a"})
    assert pasetokit.decode(key, token.encode()).claims["sub"] == "a"

"""Each shared concept is defined once (issue 9 item 6) and reachable from the public API."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

import pasetokit
from pasetokit import _json, _types, keys

SRC = Path(__file__).resolve().parents[2] / "src" / "pasetokit"

# What must appear only in the module that owns the concept (a regex over the source text).
SINGLE_DEFINITIONS = {
    r"Literal\[\s*\"local\",\s*\"public\"\s*\]": "_types.py",
    r"Literal\[\s*\"access\",\s*\"refresh\"\s*\]": "_types.py",
    r"\(\s*\"local\",\s*\"public\"\s*\)": "_types.py",
    r"LocalKey \| SecretKey \| PublicKey": "keys.py",
    r"LocalKey \| SecretKey\b(?! \|)": "keys.py",
    r"LocalKey \| PublicKey": "keys.py",
    r"\\x21\\x23-\\x5b\\x5d-\\x7e": "_grammar.py",
    r"\"local-pw\"|local-pw\|": "_paserk_format.py",
    r"-----BEGIN PRIVATE KEY-----": "_key_text.py",
    r"k\[0-9\]\+\\\.": "_paserk_format.py",  # "PASERK-shaped": k[0-9]+\.
    r"\"k4\.pid\.\"": "_paserk_format.py",
}


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(SRC)): path.read_text("utf-8") for path in sorted(SRC.rglob("*.py"))
    }


@pytest.mark.parametrize(("pattern", "owner"), SINGLE_DEFINITIONS.items())
def test_concept_is_spelled_out_in_one_module(pattern: str, owner: str) -> None:
    where = [name for name, text in _sources().items() if re.search(pattern, text)]
    assert where == [owner], f"{pattern!r} appears in {where}; import it from {owner}"


def test_purpose_and_token_type_are_public_and_exact() -> None:
    assert pasetokit.Purpose is _types.Purpose
    assert pasetokit.TokenType is _types.TokenType
    assert typing.get_args(pasetokit.Purpose) == _types.PURPOSES == ("local", "public")
    assert typing.get_args(pasetokit.TokenType) == _types.TOKEN_TYPES == ("access", "refresh")


def test_key_unions() -> None:
    assert set(typing.get_args(keys.AnyKey)) == {keys.LocalKey, keys.SecretKey, keys.PublicKey}
    assert set(typing.get_args(keys.SigningKey)) == {keys.LocalKey, keys.SecretKey}
    assert set(typing.get_args(keys.VerifyKey)) == {keys.LocalKey, keys.PublicKey}
    for cls in typing.get_args(keys.AnyKey):
        assert cls.purpose in _types.PURPOSES


def test_footer_limits_is_exported_and_used_by_decode() -> None:
    assert pasetokit.FooterLimits is _json.FooterLimits
    assert "FooterLimits" in pasetokit.__all__
    key = pasetokit.LocalKey.generate()
    token = pasetokit.encode(key, {}, footer={"a": 1, "b": 2})
    assert pasetokit.decode(key, token, footer_limits=pasetokit.FooterLimits()).footer == {
        "a": 1,
        "b": 2,
    }
    with pytest.raises(pasetokit.MalformedTokenError):
        pasetokit.decode(key, token, footer_limits=pasetokit.FooterLimits(max_keys=1))

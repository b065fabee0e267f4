"""Strict JSON for payloads and footers (PASETO 01-Payload-Processing.md).

Python's ``json`` silently keeps the last of duplicate keys and accepts ``NaN``/``Infinity``;
both are refused here. Footers are additionally measured *before* parsing (length, depth, key
count), as the spec asks, so an attacker cannot make the parser recurse or hash without bound.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FooterLimits", "dumps", "loads_footer", "loads_object"]


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key in JSON object")
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER = json.JSONDecoder(object_pairs_hook=_unique, parse_constant=_no_constant)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; raises ``TypeError``/``ValueError`` for what JSON cannot hold."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode(
        "utf-8"
    )


def loads_object(data: bytes) -> dict[str, Any]:
    """Parse a UTF-8 JSON object with unique keys, or raise ``ValueError``."""
    try:
        value = _DECODER.decode(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    # json raises JSONDecodeError (a ValueError); decode() raises UnicodeDecodeError (also one).
    if not isinstance(value, dict):
        raise ValueError("JSON payload must be an object")
    return value


@dataclass(frozen=True, kw_only=True, slots=True)
class FooterLimits:
    """Limits a JSON footer must meet before it is parsed (spec: "Storing JSON in the Footer").

    Defaults follow the reference implementation's ``FooterJSON`` rule: depth 2 (a flat object,
    as the spec's depth algorithm counts it), 8 KiB, 512 keys.
    """

    max_length: int = 8192
    max_depth: int = 2
    max_keys: int = 512

    def __post_init__(self) -> None:
        for name in ("max_length", "max_depth", "max_keys"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"FooterLimits.{name} must be a positive int")


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def _depth(stripped: bytes) -> int:
    # The spec's algorithm, made exact for escaped quotes: on the text with its strings stripped,
    # keep only brackets, then peel innermost pairs; each round is one level.
    brackets = re.sub(rb"[^\[\]{}]", b"", stripped)
    depth = 1
    while brackets:
        peeled = brackets.replace(b"{}", b"").replace(b"[]", b"")
        if peeled == brackets:
            raise ValueError("unbalanced JSON")
        brackets = peeled
        depth += 1
    return depth


def loads_footer(footer: bytes, limits: FooterLimits) -> dict[str, Any] | None:
    """A footer that is a JSON object, checked against ``limits``; ``None`` if it is not JSON.

    Raises ``ValueError`` when the footer looks like a JSON object but breaks a limit or is
    invalid, so a crafted footer is refused rather than silently handed back as bytes.
    """
    if not footer.startswith(b"{"):
        return None
    if len(footer) > limits.max_length:
        raise ValueError("JSON footer too long")
    # Outside its strings, every ":" of a JSON text ends a key. Counting '":' not preceded by a
    # backslash instead would miss every key that ends in an escaped backslash.
    stripped = _STRING.sub(b"", footer)
    if stripped.count(b":") > limits.max_keys:
        raise ValueError("JSON footer has too many keys")
    if _depth(stripped) > limits.max_depth:
        raise ValueError("JSON footer nested too deeply")
    return loads_object(footer)


def canonical(value: bytes | str | Mapping[str, Any]) -> bytes:
    """Bytes for an implicit assertion: bytes as given, str as UTF-8, a mapping as sorted JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, Mapping):
        return json.dumps(
            dict(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    raise TypeError("implicit_assertion must be bytes, str or a mapping")

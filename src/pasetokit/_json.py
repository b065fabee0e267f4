"""Strict JSON for payloads and footers (PASETO 01-Payload-Processing.md).

Python's ``json`` silently keeps the last of duplicate keys and accepts ``NaN``/``Infinity``;
both are refused here. Footers are additionally bounded: their length before parsing (which
bounds the parser's work), their depth and key count on the one strict parse, before anything
is returned; nesting past the parser's recursion limit is refused, not a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from operator import countOf
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
_PLAIN = json.JSONDecoder(parse_constant=_no_constant)  # dict built in C: flat footers
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _dumps_public(value: Any) -> str:
    return _ENCODER.encode(value)


def _dumps_c(value: Any) -> str:
    # What JSONEncoder.encode does for a container, minus its per-call Python set-up. A new
    # markers dict every call: it is how the C encoder detects circular references.
    chunks = _C_MAKE_ENCODER(
        {}, _ENCODER.default, _C_ENCODE_STRING, None, ":", ",", False, False, False
    )(value, 0)
    return "".join(chunks)


def _loads_public(text: str) -> Any:
    return _DECODER.decode(text)


def _scan_whole(scan: Any, decoder: json.JSONDecoder, text: str) -> Any:
    # A decoder's C scanner directly (JSONDecoder.decode adds two regex calls around it).
    # Anything but an object filling the whole text goes the public way, which also gives
    # the exact error.
    if text[:1] == "{":
        try:
            value, end = scan(text, 0)
        except StopIteration:
            pass
        else:
            if end == len(text):
                return value
    return decoder.decode(text)


_C_MAKE_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_ENCODE_STRING: Any = getattr(json.encoder, "c_encode_basestring", None)
_SCAN_ONCE: Any = getattr(_DECODER, "scan_once", None)
_PLAIN_SCAN: Any = getattr(_PLAIN, "scan_once", None)
_loads_scan: Callable[[str], Any] = partial(_scan_whole, _SCAN_ONCE, _DECODER)
_PROBE = {"a": ["é", 1, 2.5, None, True], "b": {"c": '\u2028"\\'}}
_PROBE_TEXT = '{"a":["é",1,2.5,null,true],"b":{"c":"\u2028\\"\\\\"}}'


def _agrees(dumps: Any, loads: Any) -> bool:
    """A fast path is used only if it gives the public API's answers on a probe, including
    refusing a duplicate key and a circular reference."""
    try:
        if dumps(_PROBE) != _PROBE_TEXT or loads(_PROBE_TEXT) != _PROBE:
            return False
        loop: list[Any] = []
        loop.append(loop)
        refusals: tuple[Callable[[], object], ...] = (
            lambda: loads('{"a":1,"a":2}'),
            lambda: dumps(loop),
        )
        for bad in refusals:
            try:
                bad()
            except ValueError:
                continue
            return False
    except Exception:
        return False
    return True


FAST_JSON: bool = (
    callable(_C_MAKE_ENCODER)
    and callable(_C_ENCODE_STRING)
    and callable(_SCAN_ONCE)
    and callable(_PLAIN_SCAN)
    and _agrees(_dumps_c, _loads_scan)
)
"""Whether the C encoder and scanner are called directly (probed at import)."""
_dumps_text = _dumps_c if FAST_JSON else _dumps_public
_loads_text = _loads_scan if FAST_JSON else _loads_public


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; raises ``TypeError``/``ValueError`` for what JSON cannot hold."""
    return _dumps_text(value).encode("utf-8")


def loads_object(data: bytes, too_deep: str = "JSON nested too deeply") -> dict[str, Any]:
    """Parse a UTF-8 JSON object with unique keys, or raise ``ValueError`` (``too_deep`` when
    the nesting exceeds the parser's recursion limit)."""
    try:
        value = _loads_text(data.decode("utf-8"))
    except RecursionError:
        raise ValueError(too_deep) from None
    # json raises JSONDecodeError (a ValueError); decode() raises UnicodeDecodeError (also one).
    if type(value) is not dict:
        raise ValueError("JSON payload must be an object")
    return value


@dataclass(frozen=True, kw_only=True, slots=True)
class FooterLimits:
    """Limits a JSON footer must meet (spec: "Storing JSON in the Footer"); see
    :func:`loads_footer` for when each is checked.

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


_CONTAINERS = frozenset({dict, list})


def _loads_plain(text: str) -> Any:
    # The C decoder builds the dict (no pairs hook: it would keep the last of duplicate keys).
    return _scan_whole(_PLAIN_SCAN, _PLAIN, text) if FAST_JSON else _PLAIN.decode(text)


def loads_footer(footer: bytes, limits: FooterLimits) -> dict[str, Any] | None:
    """A footer that is a JSON object, checked against ``limits``; ``None`` if it is not JSON.

    Raises ``ValueError`` when the footer looks like a JSON object but breaks a limit or is
    invalid, so a crafted footer is refused rather than silently handed back as bytes.

    The length is checked first, before the parser sees a byte: it bounds all that follows.
    The footer is then parsed once by the C decoder, which builds the dict itself, and the
    other limits are checked on the result, before anything is returned. Nesting deeper than
    the parser's recursion limit (an 8 KiB footer holds 8190 brackets) raises
    ``RecursionError`` inside the C scanner, which unwinds cleanly: refused as too deep. A flat
    object (scalar values: depth 2) is proven free of dropped duplicate keys by counts
    (:func:`_unique_keys`); a nested one, allowed only by a deeper ``max_depth``, is parsed
    again by the strict pairs-hook parser and walked (:func:`_check_nesting`).
    """
    if footer[:1] != b"{":
        return None
    if len(footer) > limits.max_length:
        raise ValueError("JSON footer too long")
    try:
        value = _loads_plain(footer.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON footer nested too deeply") from None
    if type(value) is not dict:  # pragma: no cover - a whole text from "{" is an object
        raise ValueError("JSON footer must be an object")
    if len(value) > limits.max_keys:
        raise ValueError("JSON footer has too many keys")
    # One "{" and no "[" in the text (strings included): no container value.
    if (footer.find(b"{", 1) >= 0 or b"[" in footer) and _has_container(value):
        if limits.max_depth <= 2:  # a container in the object: depth 3 at least
            raise ValueError("JSON footer nested too deeply")
        strict = loads_object(footer, "JSON footer nested too deeply")
        _check_nesting(strict, limits)
        return strict
    if limits.max_depth < 2:  # an object is depth 2 (the spec's algorithm)
        raise ValueError("JSON footer nested too deeply")
    if not _unique_keys(footer, value):
        raise ValueError("duplicate key in JSON object")
    return value


def _has_container(top: dict[str, Any]) -> bool:
    # All values str (one C join, no Python call per value): none; else the types are read.
    values = top.values()
    try:
        "".join(values)
    except TypeError:
        return not _CONTAINERS.isdisjoint(map(type, values))
    return False


def _unique_keys(footer: bytes, flat: dict[str, Any]) -> bool:
    """Whether the C decoder kept every key of ``footer``, whose object ``flat`` has scalar
    values only.

    Each key after the first follows a comma, so commas + 1 bound the keys of the text from
    above: a bound equal to the entries proves none was dropped. Else by quotes: none is
    outside strings, and inside one only escaped ones, so the unescaped quotes are two per
    string of the text. The text holds at least the entries' keys and str values, exactly
    those without a duplicate, and a dropped entry adds its key: the unescaped quotes are
    ``2 * (entries + str values)`` exactly when no key was dropped. All quotes are at least
    the unescaped ones, so that count of all proves it too.
    """
    entries = len(flat)
    if entries > len(footer) >> 8:  # one pass over the bytes costs less than a find per key
        if footer.count(b",") < entries:
            return True
    elif _fewer(footer, b",", entries):
        return True
    strings = 2 * (entries + countOf(map(type, flat.values()), str))
    quotes = footer.count(b'"')
    if quotes == strings or b"\\" not in footer:
        return quotes == strings
    # Escaped backslashes go first, paired from the left as JSON does; every backslash left
    # then starts an escape, so '\\"' is exactly an escaped quote.
    bare = footer.replace(b"\\\\", b"")  # one pass; the footer itself if none
    return quotes - bare.count(b'\\"') == strings


def _fewer(footer: bytes, char: bytes, limit: int) -> bool:
    """Whether ``footer`` holds ``char`` fewer than ``limit`` times, by memchr (``find``): a
    Python call per hit, but many bytes a step where ``bytes.count`` takes one."""
    pos = -1
    for _ in range(limit):
        pos = footer.find(char, pos + 1)
        if pos < 0:
            return True
    return False


def _check_nesting(top: dict[str, Any], limits: FooterLimits) -> None:
    """Depth and key count of a parsed JSON object, level by level (no recursion): the
    containers at level ``n`` (the top object is level 1) make the depth at least ``n + 1``,
    the spec's count (a scalar is 1, a container one more than its deepest item)."""
    level: list[Any] = [top]
    depth, keys = 2, 0
    while level:
        if depth > limits.max_depth:
            raise ValueError("JSON footer nested too deeply")
        inner: list[Any] = []
        for container in level:
            items = container
            if type(container) is dict:
                keys += len(container)
                items = container.values()
            inner.extend([item for item in items if type(item) in _CONTAINERS])
        if keys > limits.max_keys:
            raise ValueError("JSON footer has too many keys")
        level, depth = inner, depth + 1


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

"""Strict JSON for payloads and footers (PASETO 01-Payload-Processing.md).

Python's ``json`` silently keeps the last of duplicate keys and accepts ``NaN``/``Infinity``;
both are refused here. Footers are additionally bounded *before* parsing (length, depth, key
count), as the spec asks, so an attacker cannot make the parser recurse or hash without bound.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
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
_PLAIN = json.JSONDecoder(parse_constant=_no_constant)  # for footers proven flat and unique
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


def loads_object(data: bytes) -> dict[str, Any]:
    """Parse a UTF-8 JSON object with unique keys, or raise ``ValueError``."""
    try:
        value = _loads_text(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
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


_ESCAPED = (b"\\\\", b'\\"')
_TO_CURLY = bytes.maketrans(b"[]", b"{}")
_NOT_BRACKET = bytes(set(range(256)) - set(b"[]{}"))
_NOT_MARK = bytes(set(range(256)) - set(b":,{["))


def _measure(footer: bytes, max_depth: int) -> tuple[int, int]:
    """(keys, depth) of a JSON text, exactly, in a few C-speed passes; the depth is counted up
    to ``max_depth + 1`` only (enough to refuse).

    Escapes are dropped first (``str.replace`` pairs backslashes from the left, as JSON does),
    so every remaining quote delimits a string; the even pieces of a split on quotes are then
    everything outside strings, where each ``:`` ends a key. Depth is the spec's algorithm
    (keep the brackets, peel innermost pairs, one level per round; "[]" and "{}" peel in the
    same round).
    """
    if b"\\" in footer:
        for escape in _ESCAPED:
            footer = footer.replace(escape, b"")
    outside = b"".join(footer.split(b'"')[::2])
    brackets = outside.translate(_TO_CURLY, _NOT_BRACKET)
    depth = 1
    while brackets and depth <= max_depth:
        peeled = brackets.replace(b"{}", b"")
        if peeled == brackets:
            raise ValueError("unbalanced JSON")
        brackets, depth = peeled, depth + 1
    return outside.count(b":"), depth if not brackets else max_depth + 1


def _loads_flat(text: str) -> Any:
    # Plain C parse (no pairs hook: dict built in C), for the flat footers of loads_footer.
    return _scan_whole(_PLAIN_SCAN, _PLAIN, text) if FAST_JSON else _PLAIN.decode(text)


_MAX_PARSE_OPENS = 256  # more brackets: measured first (no parser recursion that deep)


def loads_footer(footer: bytes, limits: FooterLimits) -> dict[str, Any] | None:
    """A footer that is a JSON object, checked against ``limits``; ``None`` if it is not JSON.

    Raises ``ValueError`` when the footer looks like a JSON object but breaks a limit or is
    invalid, so a crafted footer is refused rather than silently handed back as bytes.

    One C pass (``bytes.translate``) keeps the bytes that bound the structure: each key is
    followed by a ``:`` and, in a flat object, all keys but one by a ``,``; each level opens a
    bracket. The length and the key bound are checked before parsing, and so is the depth of a
    footer with more than ``_MAX_PARSE_OPENS`` brackets: beyond a bound the footer is measured
    exactly first (:func:`_measure`). A footer with fewer brackets has a bounded nesting, so it
    is parsed and its depth checked on the result, before anything is returned. The C decoder
    builds the dict itself (no pairs hook): a flat footer (scalar values only; depth 2) is
    proven free of duplicate keys by its counts, a nested one goes to the strict pairs-hook
    parser within the measured limits.
    """
    if footer[:1] != b"{":
        return None
    if len(footer) > limits.max_length:
        raise ValueError("JSON footer too long")
    marks = footer.translate(None, _NOT_MARK)
    colons, commas = marks.count(b":"), marks.count(b",")
    opens = marks.count(b"{") + marks.count(b"[")
    if opens > _MAX_PARSE_OPENS or (
        colons > limits.max_keys and (opens > 1 or commas >= limits.max_keys)
    ):
        return _measured(footer, limits)
    value = _flat(footer, None)
    if opens > 1 and _has_container(value):
        if limits.max_depth <= 2:
            raise ValueError("JSON footer nested too deeply")
        return _measured(footer, limits)
    if limits.max_depth < 2:
        raise ValueError("JSON footer nested too deeply")
    # Flat: a duplicate key would leave fewer entries than the text has keys. The text has at
    # most one key per colon and one more key than commas, so when either bound equals the
    # entries, none was dropped; else its keys are the colons minus those inside strings.
    if colons != len(value) and commas + 1 != len(value):
        # A "\\u003a" escape is a colon in a parsed string but not in the text: count strictly.
        if b"\\" in footer and b"\\u003" in footer:
            return loads_object(footer)
        if colons - _colons_in_strings(value) != len(value):
            raise ValueError("duplicate key in JSON object")
    if len(value) > limits.max_keys:  # defence in depth: the bounds above imply it
        raise ValueError("JSON footer has too many keys")
    return value


def _measured(footer: bytes, limits: FooterLimits) -> dict[str, Any]:
    keys, depth = _measure(footer, limits.max_depth)
    if depth > limits.max_depth:
        raise ValueError("JSON footer nested too deeply")
    if keys > limits.max_keys:
        raise ValueError("JSON footer has too many keys")
    if depth > 2:
        return loads_object(footer)  # nested objects: the strict pairs-hook parser
    return _flat(footer, keys)


def _has_container(obj: dict[str, Any]) -> bool:
    kinds = set(map(type, obj.values()))
    return dict in kinds or list in kinds


def _colons_in_strings(obj: dict[str, Any]) -> int:
    # A flat object's strings: its keys and its str values, joined at C speed when it can.
    try:
        values = "".join(obj.values())
    except TypeError:
        values = "".join([v for v in obj.values() if type(v) is str])
    return "".join(obj).count(":") + values.count(":")


def _flat(footer: bytes, keys: int | None) -> dict[str, Any]:
    """Parse a footer known to be flat; with its exact key count, prove the keys unique."""
    try:
        value = _loads_flat(footer.decode("utf-8"))
    except RecursionError:  # pragma: no cover - a flat text cannot recurse
        raise ValueError("JSON nested too deeply") from None
    if type(value) is not dict:
        raise ValueError("JSON footer must be an object")
    if keys is not None and keys != len(value):
        raise ValueError("duplicate key in JSON object")
    return value


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

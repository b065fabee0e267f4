"""The Redis key layout, the Lua scripts and the reply parsing shared by every Redis store.

Pure functions and constants, no I/O and no redis-py import: the sync and async stores (and
their cluster flavours) differ only in how they send what this module builds.

Keys (``prefix`` defaults to ``"pasetokit:"``); ``{T}`` is the subject's hash tag::

    {prefix}{T}:jti:{jti}      "1"              a revoked token of the subject
    {prefix}{T}:fam:{family}   "g:<jti>" | "u:" | "1"
                                                a family: its current refresh token; reuse
                                                detected, not yet revoked (a cluster); revoked
    {prefix}{T}:sub            "<before>"       "log out everywhere": epoch seconds, max ever set
    {prefix}{T}:n              sorted set       the entries charged to the subject (its share)
    {prefix}used:{jti}         "1"              first-version protocol only (``mark_used``)

``T`` is ``{`` + the escaped subject + ``}``. Every key of a subject carries the tag, so on Redis
Cluster the keys one verification reads (the token, its family, its subject) share one hash
slot *per subject*: one round trip to one shard answers ``is_revoked``, and subjects spread
over all shards. The scripts that write these keys are in ``_redis_scripts``.

Key components are escaped, so any string is a safe ``jti``, family or subject: every
character outside ``A-Z a-z 0-9 - . _ ~ @ + =`` is percent-encoded from its UTF-8 bytes (lone
surrogates included, via ``surrogatepass``). ``%`` itself is encoded, so the escaping is
injective, and escaped text contains no ``:``, ``{`` or ``}``: a subject such as ``"user:42"``
can never reach into another namespace, and user data can never choose a hash slot (the empty
subject gets the tag ``{%}``, which no escaped string equals). The prefix must not contain a
brace either: its tag would override the subject's and put every key in one slot.

Every key carries a TTL: the ``ttl`` given, rounded up to whole seconds (at least 1). Writing
a key that already exists never shortens its remaining TTL, a family revoked stays revoked,
and a subject's ``before`` only ever moves forward: all enforced atomically by the scripts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from urllib.parse import quote, unquote

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

__all__ = [
    "DEFAULT_MAX_ENTRIES_PER_SUBJECT",
    "DEFAULT_PREFIX",
    "Layout",
    "before_arg",
    "check_prefix",
    "decide",
    "escape",
    "family_live",
    "ttl_ms",
    "ttl_s",
    "unescape",
]

DEFAULT_PREFIX = "pasetokit:"
DEFAULT_MAX_ENTRIES_PER_SUBJECT = 10_000

# Longest TTL accepted (100 years): anything larger is a unit mistake, not a token lifetime.
_MAX_TTL_S = 100 * 366 * 24 * 3600

# Characters kept verbatim in key components (besides A-Z a-z 0-9 and "_.-~").
_SAFE = "@+="


def escape(component: str) -> str:
    """Injective encoding of one key component without ``:``, ``{`` or ``}``."""
    return quote(component, safe=_SAFE, encoding="utf-8", errors="surrogatepass")


def unescape(component: str) -> str:
    """The inverse of :func:`escape` (and ``"%"``, the empty subject's tag, gives ``""``)."""
    if component == "%":
        return ""
    return unquote(component, encoding="utf-8", errors="surrogatepass")


def check_prefix(prefix: object) -> str:
    if not isinstance(prefix, str) or not prefix:
        raise ConfigurationError(f"prefix must be a non-empty string, got {prefix!r}")
    if "{" in prefix or "}" in prefix:
        raise ConfigurationError(
            "prefix must not contain '{' or '}': keys carry a hash tag per subject so that "
            "Redis Cluster spreads them over all shards; a tag in the prefix would put every "
            "key in one slot (drop the braces, e.g. prefix='pasetokit:')"
        )
    return prefix


def ttl_s(ttl: float) -> int:
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not math.isfinite(ttl):
        raise ConfigurationError(f"ttl must be a finite number of seconds, got {ttl!r}")
    if ttl > _MAX_TTL_S:
        raise ConfigurationError(f"ttl of {ttl!r} seconds is longer than 100 years")
    return max(1, math.ceil(ttl))


def ttl_ms(ttl: float) -> int:
    """``ttl`` seconds rounded up to whole seconds (at least 1), in milliseconds."""
    return ttl_s(ttl) * 1000


def before_arg(before: float) -> str:
    if isinstance(before, bool) or not isinstance(before, (int, float)):
        raise ConfigurationError(f"before must be epoch seconds, got {before!r}")
    value = float(before)
    if not math.isfinite(value):
        raise ConfigurationError(f"before must be finite epoch seconds, got {before!r}")
    return repr(value)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a str, got {type(value).__name__}")
    return value


class Layout:
    """Key builders for one prefix (see the module docstring)."""

    __slots__ = ("_used", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = check_prefix(prefix)
        self._used = prefix + "used:"

    def subject_base(self, subject: object) -> str:
        """``{prefix}{T}:``, the start of every key of ``subject``."""
        escaped = escape(_text("subject", subject))
        return f"{self.prefix}{{{escaped or '%'}}}:"

    def lookup(self, jti: str, family: str | None, subject: str) -> list[str]:
        """The keys ``is_revoked`` reads with one ``MGET``: token, [family,] subject."""
        base = self.subject_base(subject)
        keys = [base + "jti:" + escape(_text("jti", jti))]
        if family is not None:
            keys.append(base + "fam:" + escape(_text("family", family)))
        keys.append(base + "sub")
        return keys

    def entry(self, kind: str, name: str, subject: str) -> tuple[str, str, str]:
        """(entry key, share key, share member) of a ``jti`` or ``fam`` entry."""
        base = self.subject_base(subject)
        member = f"{kind}:{escape(_text(kind, name))}"
        return base + member, base + "n", member

    def subject(self, subject: str) -> str:
        return self.subject_base(subject) + "sub"

    def used(self, jti: str) -> str:
        return self._used + escape(_text("jti", jti))

    def feed(self) -> str:
        """The stream every writer announces revocations on (see ``_mirror``)."""
        return self.prefix + "feed"

    def parse(self, key: str) -> tuple[str, str, str] | None:
        """(kind, subject, name) of an entry key (kind ``jti``, ``fam`` or ``sub``; name is
        ``""`` for ``sub``), or ``None`` for any other key (shares, the feed, foreign keys)."""
        if not key.startswith(self.prefix + "{"):
            return None
        tag, sep, rest = key[len(self.prefix) + 1 :].partition("}:")
        if not sep:
            return None
        if rest == "sub":
            return "sub", unescape(tag), ""
        kind, sep, name = rest.partition(":")
        if not sep or kind not in ("jti", "fam"):
            return None
        return kind, unescape(tag), unescape(name)


def decide(values: Sequence[object], family: str | None, issued_at: float) -> bool:
    """Interpret the ``MGET`` reply for the keys of :meth:`Layout.lookup`."""
    if values[0] is not None:
        return True
    if family is not None and values[1] is not None and not family_live(values[1]):
        return True
    before = values[-1]
    if before is None:
        return False
    try:
        return float(before) >= issued_at  # type: ignore[arg-type]  # bytes or str
    except (TypeError, ValueError):
        raise RevocationStoreUnavailableError(
            "revocation store unavailable: unreadable subject entry in Redis"
        ) from None


def family_live(value: object) -> bool:
    """Whether a family record's value is not a revocation: ``"g:<jti>"`` (its current
    refresh token) or ``"u:"`` (a cluster's rotation script detected a reuse: the family can
    never rotate again, but it is revoked, and announced, only by the writer's revoke that
    follows). Anything else (``"1"``, or what we cannot read) is revoked: fail closed."""
    head = value[:2] if isinstance(value, (bytes, str)) else None
    return head in (b"g:", "g:", b"u:", "u:")

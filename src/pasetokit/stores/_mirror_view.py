"""The mirror's view: the revocations it holds, and how feed entries and keys enter it.

No I/O and no threads: :class:`View` is three dicts with monotonic deadlines; ``put`` adds
one entry (never shortening one held, refusing a new one past the bound); the parsers read
what the feed's ``XADD`` wrote (``_redis_scripts``) in RESP2 or RESP3 shape. ``_mirror``
keeps one view current.
"""

from __future__ import annotations

from typing import Any

from ._redis_layout import family_live, unescape

__all__ = ["View", "parse_entry", "put", "stream_entries", "text"]


def text(value: object) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else str(value)


class View:
    """The mirrored entries, each with a monotonic deadline. Reads take no lock: they are
    single dict lookups, atomic in CPython; writes hold the mirror's lock."""

    __slots__ = ("families", "subjects", "tokens")

    def __init__(self) -> None:
        self.tokens: dict[tuple[str, str], float] = {}
        self.families: dict[tuple[str, str], float] = {}
        self.subjects: dict[str, tuple[float, float]] = {}

    def __len__(self) -> int:
        return len(self.tokens) + len(self.families) + len(self.subjects)

    def revoked(
        self, jti: str, family: str | None, subject: str, issued_at: float, now: float
    ) -> bool:
        deadline = self.tokens.get((subject, jti))
        if deadline is not None and deadline > now:
            return True
        if family is not None:
            deadline = self.families.get((subject, family))
            if deadline is not None and deadline > now:
                return True
        cut = self.subjects.get(subject)
        return cut is not None and cut[1] > now and issued_at <= cut[0]

    def sweep(self, now: float) -> None:
        for table in (self.tokens, self.families):
            for key in [k for k, deadline in table.items() if deadline <= now]:
                del table[key]
        for name in [k for k, (_, deadline) in self.subjects.items() if deadline <= now]:
            del self.subjects[name]


def stream_entries(reply: Any) -> list[Any]:
    """The entries of an ``XREAD`` reply for one stream: RESP2 ``[[name, entries]]`` or RESP3
    ``{name: [entries]}``; nothing (``[]`` / ``{}``) when it timed out."""
    if not reply:
        return []
    if isinstance(reply, dict):
        (value,) = reply.values()
        return list(value[0]) if value and isinstance(value[0], list) else list(value)
    return list(reply[0][1])


def parse_entry(fields: dict[Any, Any]) -> tuple[str, str, str, str, float] | None:
    data = {text(k): text(v) for k, v in fields.items()}
    try:
        subject, name = unescape(data["s"]), unescape(data["n"])
        return data["k"], subject, name, data["v"], int(data["t"]) / 1000
    except (KeyError, ValueError):
        return None  # not one of ours


def put(
    view: View, kind: str, subject: str, name: str, value: str, *, deadline: float, limit: int
) -> bool:
    """Add one entry to ``view`` (never shortening one it holds); ``False`` if no room."""
    if kind == "sub":
        try:
            before = float(value)
        except ValueError:
            before = float("inf")  # unreadable: fail closed, as the direct lookup does
        old = view.subjects.get(subject)
        if old is None and len(view) >= limit:
            return False
        if old is not None:
            before, deadline = max(before, old[0]), max(deadline, old[1])
        view.subjects[subject] = (before, deadline)
        return True
    if kind == "fam" and family_live(value):
        return True  # a live family record (or a reuse mark) is not a revocation
    table = view.tokens if kind == "jti" else view.families if kind == "fam" else None
    if table is None:
        return True
    key = (subject, name)
    old_deadline = table.get(key)
    if old_deadline is None and len(view) >= limit:
        return False
    table[key] = deadline if old_deadline is None else max(deadline, old_deadline)
    return True

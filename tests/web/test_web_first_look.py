"""``Gate``'s first look at a plain ``Bearer <credential>`` header (the hot path takes the
credential before checking it is a token68) decides exactly as the strict search followed by
the policy: the same claims, or the same exception with the same code and message."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, NamedTuple

from hypothesis import given, settings
from hypothesis import strategies as st

from pasetokit import LocalKey, TokenError, TokenPolicy
from pasetokit.web import Gate, Requirement, Verified, WebSettings


class View(NamedTuple):
    """A GET request holding these header field lines."""

    headers: Sequence[tuple[str, str]]
    method: str = "GET"
    websocket: bool = False
    query_string: str = ""

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def body(self) -> bytes:
        return b""


POLICY = TokenPolicy(local_key=LocalKey.generate())
TOKEN = POLICY.create_access_token("alice", scopes=["read"])
OTHER = TokenPolicy(local_key=LocalKey.generate()).create_access_token("mallory")
GATES = [
    Gate(POLICY, WebSettings()),
    Gate(POLICY, WebSettings(header_type="")),
    Gate(POLICY, WebSettings(token_locations=("headers", "cookies"))),
    Gate(POLICY, WebSettings(token_locations=("cookies", "headers"))),
]
REQUIREMENTS = [Requirement(), Requirement(scopes=("read",)), Requirement(scopes=("write",))]


def _strict(gate: Gate, view: View, req: Requirement) -> Verified | None:
    """The flow without the first look: the strict search, then the policy."""
    found = gate.find(view, req)
    if found is None:
        return None
    claims = gate.policy.verify(
        found.token, token_type=req.token_type, fresh=req.fresh, scopes=req.scopes
    )
    return gate.accept(view, found, claims, req)


def _outcome(run: Any) -> object:
    try:
        return run()
    except TokenError as exc:
        return (type(exc), exc.code, exc.message)


def _assert_same(gate: Gate, view: View, req: Requirement) -> None:
    expected = _outcome(lambda: _strict(gate, view, req))
    assert _outcome(lambda: gate.verify(view, req)) == expected
    assert _outcome(lambda: asyncio.run(gate.averify(view, req))) == expected


def test_first_look_cases() -> None:
    odd = [
        f"Bearer {TOKEN}",
        f"bearer {TOKEN}",
        f"Bearer  {TOKEN}",
        f"Bearer\t{TOKEN}",
        f" Bearer {TOKEN}\t",
        f"Bearer {TOKEN}=",
        f"Bearer {TOKEN}!",
        f"Bearer {TOKEN[:20]}\u00e9{TOKEN[20:]}",
        f"Bearer {TOKEN},Bearer {TOKEN}",
        f"Bearer {TOKEN[:30]},{TOKEN[30:]}",
        f"Bearer {OTHER}",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer ",
        "Bearer",
    ]
    for gate in GATES:
        for req in REQUIREMENTS:
            for value in odd:
                for cookie in ([], [("Cookie", f"access_token_cookie={TOKEN}")]):
                    _assert_same(gate, View([("Authorization", value), *cookie]), req)


_INSERT = st.sampled_from([*" \t,=~+/.!\"'é\x7f", "", "Bearer "])


@settings(max_examples=150, deadline=None)
@given(
    scheme=st.sampled_from(["Bearer", "bearer", "BeArEr", "Basic", "", "Bearer,"]),
    gap=st.sampled_from([" ", "  ", "\t", ""]),
    token=st.sampled_from([TOKEN, OTHER, TOKEN[:-3]]),
    where=st.integers(0, len(TOKEN)),
    insert=_INSERT,
    ows=st.sampled_from(["", " ", "\t "]),
    gate=st.sampled_from(GATES),
    req=st.sampled_from(REQUIREMENTS),
)
def test_first_look_decides_as_the_strict_search(
    *,
    scheme: str,
    gap: str,
    token: str,
    where: int,
    insert: str,
    ows: str,
    gate: Gate,
    req: Requirement,
) -> None:
    credential = token[:where] + insert + token[where:]
    view = View([("Authorization", f"{ows}{scheme}{gap}{credential}{ows}")])
    _assert_same(gate, view, req)

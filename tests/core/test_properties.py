"""Property tests: round trips for arbitrary claims/footers/assertions, and garbage that must
only ever raise ``TokenError``."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pasetokit
from pasetokit._json import FooterLimits

LOCAL = pasetokit.LocalKey.generate()
SECRET = pasetokit.SecretKey.generate()
KEYS: list[tuple[pasetokit.LocalKey | pasetokit.SecretKey, Any]] = [
    (LOCAL, LOCAL),
    (SECRET, SECRET.public_key()),
]
RING = pasetokit.KeyRing([LOCAL, SECRET])
RESERVED = {"exp", "nbf", "iat", "iss", "sub", "aud", "jti"}

json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
json_values = st.recursive(
    json_scalars | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
claims = st.dictionaries(
    st.text(max_size=12).filter(lambda k: k not in RESERVED), json_values, max_size=6
)
# No "k" in a footer's text: a footer holding a PASERK key ("k4.local.", "k4.secret.", ...) or
# a "kid" is refused or read by encode/decode on purpose (adv tests), not a round trip.
footer_scalars = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=20).filter(lambda s: "k" not in s)
)
footers = (
    st.none()
    | st.binary(max_size=40).filter(lambda b: not b.startswith(b"{") and b"k" not in b)
    | st.dictionaries(
        st.text(max_size=8).filter(lambda k: "k" not in k), footer_scalars, max_size=4
    )
)
assertions = (
    st.binary(max_size=30)
    | st.text(max_size=30)
    | st.dictionaries(st.text(max_size=5), json_scalars, max_size=3)
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims, footer=footers, implicit=assertions, which=st.sampled_from([0, 1]))
def test_round_trip(claims: dict[str, Any], footer: Any, implicit: Any, which: int) -> None:
    issuing, verifying = KEYS[which]
    token = pasetokit.encode(issuing, claims, footer=footer, implicit_assertion=implicit)
    limits = FooterLimits(max_depth=10)
    for key in (verifying, RING):
        decoded = pasetokit.decode(key, token, implicit_assertion=implicit, footer_limits=limits)
        body = {k: v for k, v in decoded.claims.items() if k != "exp"}
        assert body == claims
        if footer is None or footer == b"":
            assert decoded.footer == b""
        elif isinstance(footer, dict):
            assert decoded.footer == footer
        else:
            assert decoded.footer == footer


def _only_token_errors(key: Any, token: Any) -> None:
    with contextlib.suppress(pasetokit.TokenError):
        pasetokit.decode(key, token)


@settings(max_examples=300)
@given(garbage=st.binary(max_size=300) | st.text(max_size=300))
def test_garbage_raises_only_token_errors(garbage: bytes | str) -> None:
    for key in (LOCAL, SECRET, SECRET.public_key(), RING):
        _only_token_errors(key, garbage)


@settings(max_examples=300)
@given(
    which=st.sampled_from([0, 1]),
    prefix=st.sampled_from(["v4.local.", "v4.public.", "v4.local", "v4.", ""]),
    body=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=", max_size=400
    ),
)
def test_token_shaped_garbage(which: int, prefix: str, body: str) -> None:
    _only_token_errors(KEYS[which][1], prefix + body)
    _only_token_errors(RING, prefix + body)


@settings(max_examples=300)
@given(
    which=st.sampled_from([0, 1]),
    data=st.data(),
)
def test_mutated_valid_tokens(which: int, data: st.DataObject) -> None:
    issuing, verifying = KEYS[which]
    token = pasetokit.encode(issuing, {"sub": "x"}, footer={"kid": "app"})
    position = data.draw(st.integers(0, len(token) - 1))
    action = data.draw(st.sampled_from(["replace", "delete", "insert"]))
    char = data.draw(st.characters(max_codepoint=0x2FF))
    if action == "replace":
        mutated = token[:position] + char + token[position + 1 :]
    elif action == "delete":
        mutated = token[:position] + token[position + 1 :]
    else:
        mutated = token[:position] + char + token[position:]
    if mutated == token:
        return
    try:
        pasetokit.decode(verifying, mutated)
    except pasetokit.TokenError:
        return
    raise AssertionError(f"a mutated token was accepted: {action} at {position}")

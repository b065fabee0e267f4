"""Any token input, however broken, is a 401/403 (or a 200): never a 422, never a 500.

Through ``TestClient`` (what an HTTP client can send) and straight through ASGI (bytes no
client would send: non-ASCII, control characters, broken cookies and query strings).
"""

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasetokit_fastapi import Auth

from fastapi_support import Clock, make_app, make_policy

CLOCK = Clock()
AUTH = Auth(
    make_policy(CLOCK),
    token_locations=("headers", "cookies", "query_string", "json"),
)
APP = make_app(AUTH)
PAIR = AUTH.create_token_pair("alice", scopes=["items:read"])
ROUTES = [
    ("GET", "/protected"),
    ("GET", "/sync-protected"),
    ("POST", "/called"),
    ("GET", "/fresh"),
    ("GET", "/scoped"),
    ("GET", "/optional"),
    ("POST", "/refresh"),
    ("POST", "/rotate"),
    ("POST", "/logout-token"),
    ("GET", "/seed"),
    ("GET", "/seed-optional"),
    ("POST", "/seed-refresh"),
]
ALLOWED = {200, 401, 403}

printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
token_like = st.one_of(
    printable,
    st.sampled_from(
        [PAIR.access_token, PAIR.refresh_token, "v4.local.", "v4.public.x", "v3.local.x"]
    ),
    st.builds(
        lambda t, i, c: t[:i] + c + t[i + 1 :],
        st.just(PAIR.access_token),
        st.integers(0, 400),
        st.sampled_from("A.-_=+/ "),
    ),
    st.builds(lambda a, b: a + b, st.sampled_from(["v4.local.", "v4.public.", ""]), printable),
)
header_value = st.one_of(
    st.builds(
        lambda s, t: f"{s}{t}",
        st.sampled_from(["Bearer ", "bearer ", "BEARER  ", "XBearerX ", "Bearer", " Bearer ", ""]),
        token_like,
    ),
    printable,
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | printable,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(printable, inner, max_size=3),
    max_leaves=8,
)
json_body = st.one_of(
    json_value,
    st.fixed_dictionaries({"access_token": st.one_of(token_like, json_value)}),
    st.fixed_dictionaries({"refresh_token": st.one_of(token_like, json_value)}),
)


def _check(status: int, body: bytes) -> None:
    assert status in ALLOWED, (status, body[:300])
    if status != 200:
        data = json.loads(body)
        assert set(data) == {"detail", "code"}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    route=st.sampled_from(ROUTES),
    authorization=st.none() | header_value,
    cookie=st.none() | token_like,
    csrf=st.none() | printable,
    query=st.none() | token_like,
    body=st.none() | json_body,
)
def test_test_client_inputs_never_422_or_500(
    *,
    route: tuple[str, str],
    authorization: str | None,
    cookie: str | None,
    csrf: str | None,
    query: str | None,
    body: Any,
) -> None:
    from fastapi_support import client

    c = client(APP)
    method, path = route
    headers: dict[str, str] = {}
    if authorization is not None:
        headers["Authorization"] = authorization
    if csrf is not None:
        headers["X-CSRF-Token"] = csrf
    if cookie is not None:
        c.cookies.set("access_token_cookie", cookie)
        c.cookies.set("refresh_token_cookie", cookie)
    kwargs: dict[str, Any] = {"headers": headers}
    if query is not None:
        kwargs["params"] = {"token": query}
    if body is not None:
        kwargs["content"] = json.dumps(body)
        headers["content-type"] = "application/json"
    r = c.request(method, path, **kwargs)
    _check(r.status_code, r.content)


async def _asgi(
    method: str, path: str, headers: list[tuple[bytes, bytes]], query: bytes, body: bytes
) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 443),
    }
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await APP(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], b"".join(
        m.get("body", b"") for m in sent if m["type"] == "http.response.body"
    )


raw = st.binary(max_size=80).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


@settings(max_examples=250, deadline=None)
@given(
    route=st.sampled_from(ROUTES),
    authorization=st.none()
    | st.builds(lambda p, b: p + b, st.sampled_from([b"Bearer ", b"bearer ", b""]), raw),
    cookie=st.none() | raw,
    query=raw,
    content_type=st.sampled_from(
        [
            b"application/json",
            b"application/json; charset=latin-1",
            b"text/plain",
            b"application/x+json",
        ]
    ),
    body=raw,
)
def test_raw_asgi_bytes_never_422_or_500(
    *,
    route: tuple[str, str],
    authorization: bytes | None,
    cookie: bytes | None,
    query: bytes,
    content_type: bytes,
    body: bytes,
) -> None:
    headers = [(b"host", b"testserver"), (b"content-type", content_type)]
    if authorization is not None:
        headers.append((b"authorization", authorization))
    if cookie is not None:
        headers.append((b"cookie", cookie))
        headers.append(
            (b"cookie", b"access_token_cookie=" + cookie + b"; refresh_token_cookie=" + cookie)
        )
    status, payload = asyncio.run(_asgi(route[0], route[1], headers, query, body))
    _check(status, payload)


def test_known_nasty_inputs() -> None:
    nasty = [
        b"Bearer \xff\xfe\x00v4",
        b"Bearer v4.local.\xc3\xa9",
        b"Bearer " + b"A" * 100_000,
        b"Bearer v4.local." + b"A" * 20_000,
        b"Bearer v4.public." + PAIR.access_token.encode()[9:],
        b"Bearer " + PAIR.access_token.encode() + b".extra.pieces",
    ]
    for value in nasty:
        for method, path in ROUTES:
            status, payload = asyncio.run(
                _asgi(method, path, [(b"authorization", value)], b"", b"")
            )
            _check(status, payload)
    deep = b"[" * 100_000 + b"]" * 100_000
    status, payload = asyncio.run(
        _asgi("POST", "/called", [(b"content-type", b"application/json")], b"", deep)
    )
    _check(status, payload)

"""WebSockets: the same dependencies; failures close with 1008 and log no traceback."""

import logging

import pytest
from starlette.websockets import WebSocketDisconnect

from pasetokit_fastapi import Auth

from fastapi_support import AsyncStore, Clock, bearer, client, make_app, make_policy


def test_websocket_with_query_token_or_header() -> None:
    auth = Auth(make_policy())
    c = client(make_app(auth))
    token = auth.create_access_token("alice")
    with c.websocket_connect(f"/ws?token={token}") as ws:
        assert ws.receive_json() == {"sub": "alice"}
    with c.websocket_connect("/ws", headers=bearer(token)) as ws:
        assert ws.receive_json() == {"sub": "alice"}
    with c.websocket_connect("/ws-seed", headers=bearer(token)) as ws:
        assert ws.receive_json() == {"sub": "alice"}


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/ws", "missing_token"),
        ("/ws?token=garbage", "malformed_token"),
        ("/ws?token=v4.local.AAAA", "malformed_token"),
        ("/ws-seed", "missing_token"),
    ],
)
def test_websocket_failures_close_1008_without_traceback(
    url: str, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    c = client(make_app(Auth(make_policy())))
    with (
        caplog.at_level(logging.DEBUG),
        pytest.raises(WebSocketDisconnect) as info,
        c.websocket_connect(url) as ws,
    ):
        ws.receive_json()
    assert info.value.code == 1008
    assert info.value.reason.startswith(f"{code}: ")
    assert len(info.value.reason.encode()) <= 123
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_websocket_expired_revoked_and_store_down() -> None:
    clock, store = Clock(), AsyncStore()
    auth = Auth(make_policy(clock, store))
    c = client(make_app(auth))
    pair = auth.create_token_pair("alice")
    with (
        pytest.raises(WebSocketDisconnect) as info,
        c.websocket_connect("/ws", headers=bearer(pair.refresh_token)),
    ):
        pass
    assert info.value.reason.startswith("wrong_token_type")
    store.down = True
    with (
        pytest.raises(WebSocketDisconnect) as info,
        c.websocket_connect("/ws", headers=bearer(pair.access_token)),
    ):
        pass
    assert info.value.code == 1008
    assert info.value.reason.startswith("revocation_store_unavailable: ")
    store.down = False
    clock.advance(hours=1)
    with (
        pytest.raises(WebSocketDisconnect) as info,
        c.websocket_connect("/ws", headers=bearer(pair.access_token)),
    ):
        pass
    assert info.value.reason.startswith("token_expired")

"""A bare ASGI app for the multi-worker mirror test (``uvicorn --workers 4``).

Each worker builds its own policy on a mirrored ``AsyncRedisRevocationStore`` (the Redis URL,
the key and ``max_staleness`` come from the environment): ``GET /verify?t=TOKEN`` answers
200/401/503, ``POST /revoke?t=TOKEN`` revokes; every answer names the worker's pid.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from pasetokit import LocalKey, RevocationStoreUnavailableError, TokenError, TokenPolicy
from pasetokit.redis import AsyncRedisRevocationStore

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

_policy: TokenPolicy | None = None


def _build() -> TokenPolicy:
    store = AsyncRedisRevocationStore.from_url(
        os.environ["MIRROR_APP_REDIS_URL"],
        mirror=True,
        max_staleness=float(os.environ["MIRROR_APP_STALENESS"]),
    )
    key = LocalKey.from_paserk(os.environ["MIRROR_APP_KEY"])
    return TokenPolicy(local_key=key, revocation_store=store)


async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    global _policy  # noqa: PLW0603 - one policy per worker process, built on first use
    if scope["type"] != "http":
        return
    if _policy is None:
        _policy = _build()
    token = parse_qs(scope["query_string"].decode()).get("t", [""])[0]
    status = 200
    try:
        if scope["method"] == "POST":
            await _policy.arevoke(token)
        else:
            await _policy.averify(token)
    except RevocationStoreUnavailableError:
        status = 503
    except TokenError:
        status = 401
    body = str(os.getpid()).encode()
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": body})

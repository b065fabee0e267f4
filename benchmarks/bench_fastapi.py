"""FastAPI request throughput: an open route, pasetokit-protected routes and a
fastapi-paseto-protected route, in one app, in one run.

Usage: ``python benchmarks/bench_fastapi.py [--quick] [--check]``

Method
------
* One FastAPI app (all endpoints ``async def``, each returning the same small JSON body):

  - ``/open``: no authentication;
  - ``/pasetokit``: ``Depends(auth.required())`` (declarative); the policy has a ``LocalKey``
    (v4.local access tokens with a ``kid`` footer) and the default in-memory revocation store,
    so every request also gets its revocation check;
  - ``/pasetokit-seed``: ``Depends(auth)`` + ``authorize.paseto_required()`` (seed style);
  - ``/pasetokit-stateless``: ``auth.required()`` on a policy with ``revocation_store=False``
    (the configuration closest to what fastapi-paseto does by default: no denylist);
  - ``/fastapi-paseto``: fastapi-paseto 0.7.1, ``Authorize: AuthPASETO = Depends()`` +
    ``Authorize.paseto_required()``, v4.local with a 32-byte secret, denylist off (its
    default). Its dependency is a plain class, so FastAPI builds it in the thread pool: that
    cost is part of using it and is measured as such. Skipped, with the reason printed, when
    ``fastapi_paseto`` cannot be imported.
* Requests go in-process through ``httpx.AsyncClient(transport=httpx.ASGITransport(app))`` on
  one event loop (full ASGI handling: routing, dependencies, JSON response); each protected
  route cycles through a pool of distinct tokens (distinct ``sub``/``jti``), sent as
  ``Authorization: Bearer <token>``.
* Sanity first: every token of each pool is accepted by its route, and a missing and a
  tampered token are refused by every protected route.
* Timing: ``_rounds.run_rounds`` (calibrated batches, contenders in an order shuffled afresh
  every round), timed in CPU time of the whole process (the thread pool that runs
  fastapi-paseto's plain-class dependency counts). Auth overhead per request = time(protected)
  - time(open) of the same round, in microseconds; ratios are taken round by round and
  reported as median [q1-q3].

Bar: pasetokit's overhead (``/pasetokit``, default memory store) is at most half of
fastapi-paseto's. Exit status is 0 unless ``--check`` is given and the bar is missed (or
fastapi-paseto is missing).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import platform
import secrets
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _rounds import Contender, overhead_ratio, overhead_summary, run_rounds, summary

try:
    from pasetokit import LocalKey, TokenPolicy
    from pasetokit_fastapi import Auth, AuthContext
except ImportError as exc:  # pragma: no cover - environment problem, not a benchmark result
    sys.exit(f"bench_fastapi: cannot import pasetokit ({exc}); run `pip install -e .[fastapi]`")

POOL = 256
BODY = {"ok": True}
Claims = dict[str, Any]


def load_fastapi_paseto() -> tuple[Any, Any, str | None]:
    """fastapi-paseto's ``AuthPASETO`` class and exception base, or why they cannot be used."""
    try:
        module = importlib.import_module("fastapi_paseto")
        exceptions = importlib.import_module("fastapi_paseto.exceptions")
        return module.AuthPASETO, exceptions.AuthPASETOException, None
    except Exception as exc:  # any import failure means "not comparable here"
        return None, None, f"{type(exc).__name__}: {exc}"


def build_app(auth: Auth, stateless: Auth, auth_paseto: Any, paseto_error: Any) -> FastAPI:
    # Annotations are built here (not strings) so FastAPI sees the dependencies.
    app = FastAPI()

    async def open_route() -> dict[str, bool]:
        return BODY

    async def pasetokit_route(claims: Claims) -> dict[str, bool]:
        return BODY

    async def seed_route(authorize: AuthContext) -> dict[str, bool]:
        authorize.paseto_required()
        return BODY

    async def stateless_route(claims: Claims) -> dict[str, bool]:
        return BODY

    pasetokit_route.__annotations__["claims"] = Annotated[Claims, Depends(auth.required())]
    seed_route.__annotations__["authorize"] = Annotated[AuthContext, Depends(auth)]
    stateless_route.__annotations__["claims"] = Annotated[Claims, Depends(stateless.required())]
    app.get("/open")(open_route)
    app.get("/pasetokit")(pasetokit_route)
    app.get("/pasetokit-seed")(seed_route)
    app.get("/pasetokit-stateless")(stateless_route)

    if auth_paseto is not None:

        async def fastapi_paseto_route(Authorize: Any) -> dict[str, bool]:
            Authorize.paseto_required()
            return BODY

        def paseto_error_handler(request: Request, exc: Any) -> JSONResponse:
            return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

        fastapi_paseto_route.__annotations__["Authorize"] = Annotated[auth_paseto, Depends()]
        app.get("/fastapi-paseto")(fastapi_paseto_route)
        app.add_exception_handler(paseto_error, paseto_error_handler)  # as in its README
    return app


def tamper(token: str) -> str:
    head, _, rest = token.partition(".local.")
    middle = len(rest) // 2
    return f"{head}.local.{rest[:middle]}{'A' if rest[middle] != 'A' else 'B'}{rest[middle + 1 :]}"


def check(get: Callable[..., httpx.Response], pools: dict[str, list[str]]) -> None:
    """Sanity: all accepted; missing and tampered refused (fastapi-paseto: 401 or 422)."""
    assert get("/open").json() == BODY
    for path, pool in pools.items():
        for token in pool:
            response = get(path, token)
            assert response.status_code == 200, (path, response.text)
            assert response.json() == BODY
        assert get(path).status_code == 401, path
        assert get(path, tamper(pool[0])).status_code in (401, 422), path


def report(samples: dict[str, list[float]], rounds: int, why_not: str | None) -> bool | None:
    """Print the table; whether the bar is met (``None``: no fastapi-paseto to compare)."""
    print(
        f"Python {platform.python_version()}, FastAPI {version('fastapi')}, "
        f"Starlette {version('starlette')}, httpx {version('httpx')}; "
        f"{rounds} shuffled rounds, median [q1-q3]"
    )
    base = samples["open"]
    print(f"{'route':<22}{'us/req':>22}{'auth overhead us':>24}")
    for name, values in samples.items():
        us = summary([v / 1000 for v in values]).fmt(1)
        extra = "" if name == "open" else f"{overhead_summary(values, base).fmt(1):>24}"
        print(f"{name:<22}{us:>22}{extra}")
    if "fastapi-paseto" not in samples:
        print(f"fastapi-paseto 0.7.1 not compared: {why_not}")
        return None
    theirs = samples["fastapi-paseto"]
    print(f"fastapi-paseto {version('fastapi-paseto')}, pyseto {version('pyseto')}")
    ratios = {
        name: overhead_ratio(samples[name], theirs, base)
        for name in ("pasetokit", "pasetokit-seed", "pasetokit-stateless")
    }
    for name, ratio in ratios.items():
        bar = "  (bar: median <= 0.50)" if name == "pasetokit" else ""
        print(f"overhead {name} / fastapi-paseto = {ratio.fmt()}{bar}")
    return ratios["pasetokit"].median <= 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 short rounds")
    parser.add_argument("--check", action="store_true", help="exit 1 if the bar is missed")
    args = parser.parse_args()

    key = LocalKey.generate()
    auth = Auth(TokenPolicy(local_key=key))
    stateless = Auth(TokenPolicy(local_key=key, revocation_store=False))
    auth_paseto, paseto_error, why_not = load_fastapi_paseto()
    if auth_paseto is not None:
        secret = secrets.token_urlsafe(24)  # 32 characters
        auth_paseto.load_config(lambda: [("authpaseto_secret_key", secret)])
    app = build_app(auth, stateless, auth_paseto, paseto_error)

    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")

    def get(path: str, token: str | None = None) -> httpx.Response:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        return loop.run_until_complete(client.get(path, headers=headers))

    pools: dict[str, list[str]] = {
        "/pasetokit": [auth.create_access_token(f"user-{i}") for i in range(POOL)],
        "/pasetokit-stateless": [stateless.create_access_token(f"user-{i}") for i in range(POOL)],
    }
    pools["/pasetokit-seed"] = pools["/pasetokit"]
    if auth_paseto is not None:
        pools["/fastapi-paseto"] = [
            auth_paseto().create_access_token(subject=f"user-{i}") for i in range(POOL)
        ]
    check(get, pools)

    def route(path: str) -> Contender:
        return Contender(lambda token: get(path, token), pools[path])

    contenders = {"open": Contender(lambda _: get("/open"), [None])}
    contenders.update({path.lstrip("/"): route(path) for path in pools})
    rounds, target = (3, 0.1) if args.quick else (9, 0.25)
    samples = run_rounds(contenders, rounds=rounds, batch_s=target, clock=time.process_time_ns)
    loop.run_until_complete(client.aclose())
    loop.close()
    ok = report(samples, rounds, why_not)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())

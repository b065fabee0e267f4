"""Real servers, real load: the server CPU each authentication style costs per request.

Usage::

    apt-get install -y wrk            # the load generator (Debian/Ubuntu: the ``wrk`` package)
    pip install -e ".[bench]"        # uvicorn, gunicorn, fastapi-paseto, AuthX, Flask-JWT-Extended
    python benchmarks/bench_http.py [--rounds 5] [--seconds 2] [--quick] [--only fastapi]
                                    [--cpus 1]

Method
------
* Two servers on loopback, started here: ``uvicorn`` (one process) serving a FastAPI app and
  ``gunicorn`` (one sync worker) serving a Flask app. Both use one ``TokenPolicy`` (v4.local
  with a ``kid`` footer, the default in-memory revocation store, so every request is also a
  revocation check); the key reaches the servers through the environment.
* Routes, each returning the same small JSON body:

  - FastAPI: ``open`` / ``open-sync`` (no auth, ``async def`` / ``def``); ``base`` /
    ``base-sync``: the hand-written minimum, an async dependency that reads ``Authorization``
    and calls ``policy.verify``; ``decl`` / ``decl-sync``: ``Depends(auth.required())``;
    ``seed-sync``: ``Depends(auth)`` + ``authorize.paseto_required()`` in a ``def`` route;
    ``seed-async``: the same with ``await authorize.apaseto_required()``; ``fastapi-paseto``:
    fastapi-paseto's own README style (``Depends()`` + ``paseto_required()``), v4.local;
    ``authx``: AuthX's ``Depends(auth.access_token_required)`` (HS256), when installed.
    ``call`` / ``call-sync``: the hand-written minimum in the seed styles' shape, an async
    dependency that hands the route its request, and the route reads ``Authorization`` and
    calls ``policy.verify`` itself (what ``authorize.paseto_required()`` in a route does).
    Each style is compared with the baseline of its own shape: ``decl`` / ``decl-sync``
    (verification inside the dependency) with ``base`` / ``base-sync``; ``seed-async`` /
    ``seed-sync`` (verification inside the route) with ``call`` / ``call-sync``, and also
    reported against ``base`` / ``base-sync``. In a ``def`` route the seed style verifies in
    the route's worker thread while the event loop serves the other connections, not on the
    loop inside the dependency: the hand-written code in that place is the least an adapter
    with that API can do. In-process (callgrind) the two shapes count the same instructions;
    on a real server the hand-written ``call-sync`` measured 0.92-1.15x ``base-sync`` over
    five runs on one core (within the noise). A ``def`` route has the same two thread-pool
    hops (the endpoint and its response validation) in every shape. Every path
    is its own single-route FastAPI app behind a dict dispatcher (one uvicorn process): in
    one shared app Starlette tries the routes in order, so a route registered later paid for
    a few more failed matches.
  - Flask: ``open`` / ``open-async``; ``base`` / ``base-async``: a hand-written decorator that
    reads ``Authorization``, calls ``policy.verify`` and keeps the claims for the view on
    ``flask.g`` (as every Flask extension does, and as FastAPI's baseline hands them to its
    route); ``deco`` / ``deco-async``:
    ``@paseto_required``; ``imperative``: ``verify_paseto_in_request()`` in the view;
    ``fje``: Flask-JWT-Extended's ``@jwt_required()`` (HS256).
* Load: ``wrk`` (1 thread, 4 connections, ``--seconds`` per route), each request carrying the
  next token of a pool of 200 distinct ones (a Lua script); every response must be a 200.
* CPU: the server process's own CPU time (user + system from ``/proc/<pid>/stat``: all its
  threads, ended ones included), read before and after each route's run, divided by the
  requests wrk completed.
  The overhead of a route is its CPU per request minus that of the open route of the same kind
  (``async``/``def``) in the same round. Rounds interleave the routes in a fresh random order.
  A ratio is median overhead / median overhead, quoted with its first and third quartiles over
  2,000 paired bootstrap resamples of the rounds.

Bar (issue 9): every pasetokit style costs at most 1.1x the overhead of the hand-written
baseline on the same kind of route. Both the servers and wrk run under ``nice``; ``--cpus``
pins them (and this process) to CPUs of their own, the quietest measure a shared machine
gives. On a shared
machine the CPU time of a request moves with the others' load (caches, the GIL hand-offs of
``def`` routes); ``bench_http_instructions.py`` counts the same FastAPI routes in
instructions, which do not.
"""

# No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import httpx

POOL = 200
BODY = {"ok": True}
KEY_ENV = "PASETOKIT_BENCH_KEY"
FJE_ENV = "PASETOKIT_BENCH_FJE_SECRET"
FP_ENV = "PASETOKIT_BENCH_FP_SECRET"
AUTHX_ENV = "PASETOKIT_BENCH_AUTHX_SECRET"
HERE = Path(__file__).resolve().parent
NICE = shutil.which("nice") or "/usr/bin/nice"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

# route -> (baseline, open route) on the same kind of route
FASTAPI_ROUTES = {
    "open": (None, None),
    "open-sync": (None, None),
    "base": ("base", "open"),
    "base-sync": ("base-sync", "open-sync"),
    "decl": ("base", "open"),
    "decl-sync": ("base-sync", "open-sync"),
    "call": ("call", "open"),
    "call-sync": ("call-sync", "open-sync"),
    "seed-sync": ("call-sync", "open-sync"),
    "seed-async": ("call", "open"),
    "fastapi-paseto": ("base-sync", "open-sync"),
    "authx": ("base", "open"),
}
FLASK_ROUTES = {
    "open": (None, None),
    "open-async": (None, None),
    "base": ("base", "open"),
    "base-async": ("base-async", "open-async"),
    "deco": ("base", "open"),
    "deco-async": ("base-async", "open-async"),
    "imperative": ("base", "open"),
    "fje": ("base", "open"),
}
PASETOKIT_STYLES = {
    "decl",
    "decl-sync",
    "seed-sync",
    "seed-async",
    "deco",
    "deco-async",
    "imperative",
}


# --- the apps (imported by the servers: uvicorn/gunicorn --factory style) ---------------------


def _policy() -> Any:
    from pasetokit import LocalKey, TokenPolicy

    return TokenPolicy(local_key=LocalKey.from_paserk(os.environ[KEY_ENV]))


def _bearer(value: str | None) -> str:
    from pasetokit import MissingTokenError

    scheme, _, token = (value or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise MissingTokenError()
    return token


def fastapi_app() -> Any:
    """One single-route FastAPI app per path behind a dict dispatcher: Starlette's router tries
    its routes in order (each miss costs a regex match and a scope lookup), so in one shared
    app a route late in the list would pay for routing what an early one does not."""
    from fastapi import Depends, FastAPI, HTTPException, Request

    from pasetokit import TokenError
    from pasetokit_fastapi import Auth, AuthContext

    policy = _policy()
    auth = Auth(policy)
    apps: dict[str, Any] = {}

    def route(path: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        app = apps[path] = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
        auth.install(app)
        return app.get(path, **options)

    def verify(request: Request) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = policy.verify(_bearer(request.headers.get("authorization")))
        except TokenError as exc:
            raise HTTPException(401, exc.message) from None
        return claims

    async def baseline(request: Request) -> dict[str, Any]:
        return verify(request)

    async def handle(request: Request) -> Request:  # the seed's shape: an object for the route
        return request

    Base = Annotated[dict[str, Any], Depends(baseline)]
    Handle = Annotated[Request, Depends(handle)]
    Decl = Annotated[dict[str, Any], Depends(auth.required())]
    Seed = Annotated[AuthContext, Depends(auth)]

    @route("/open")
    async def open_route() -> dict[str, bool]:
        return BODY

    @route("/open-sync")
    def open_sync() -> dict[str, bool]:
        return BODY

    @route("/base")
    async def base(claims: Base) -> dict[str, bool]:
        return BODY

    @route("/base-sync")
    def base_sync(claims: Base) -> dict[str, bool]:
        return BODY

    @route("/call")
    async def call(request: Handle) -> dict[str, bool]:
        verify(request)
        return BODY

    @route("/call-sync")
    def call_sync(request: Handle) -> dict[str, bool]:
        verify(request)
        return BODY

    @route("/decl")
    async def decl(claims: Decl) -> dict[str, bool]:
        return BODY

    @route("/decl-sync")
    def decl_sync(claims: Decl) -> dict[str, bool]:
        return BODY

    @route("/seed-sync")
    def seed_sync(authorize: Seed) -> dict[str, bool]:
        authorize.paseto_required()
        return BODY

    @route("/seed-async")
    async def seed_async(authorize: Seed) -> dict[str, bool]:
        await authorize.apaseto_required()
        return BODY

    _competitors(route, apps)

    async def dispatch(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await apps[scope["path"]](scope, receive, send)

    return dispatch


def _competitors(
    route: Callable[..., Callable[[Callable[..., Any]], Any]], apps: dict[str, Any]
) -> None:
    """fastapi-paseto's and AuthX's routes, each in its README's style (when installed)."""
    from fastapi import Depends, Request
    from fastapi.responses import JSONResponse

    if os.environ.get(FP_ENV):
        from fastapi_paseto import AuthPASETO  # type: ignore[import-untyped]
        from fastapi_paseto.exceptions import AuthPASETOException  # type: ignore[import-untyped]

        AuthPASETO.load_config(lambda: [("authpaseto_secret_key", os.environ[FP_ENV])])

        def fastapi_paseto(Authorize: Annotated[AuthPASETO, Depends()]) -> dict[str, bool]:
            Authorize.paseto_required()
            return BODY

        def paseto_error(request: Request, exc: Any) -> JSONResponse:
            return JSONResponse({"detail": exc.message}, status_code=exc.status_code)

        route("/fastapi-paseto")(fastapi_paseto)
        apps["/fastapi-paseto"].add_exception_handler(AuthPASETOException, paseto_error)

    if os.environ.get(AUTHX_ENV):
        authx = _authx()

        @route("/authx", dependencies=[Depends(authx.access_token_required)])
        async def authx_route() -> dict[str, bool]:
            return BODY

        authx.handle_errors(apps["/authx"])  # as in its README


def _authx() -> Any:
    """AuthX with HS256 and tokens in the Authorization header (its README's set-up)."""
    from authx import AuthX, AuthXConfig

    config = AuthXConfig(
        JWT_ALGORITHM="HS256",
        JWT_SECRET_KEY=os.environ[AUTHX_ENV],
        JWT_TOKEN_LOCATION=["headers"],
    )
    return AuthX(config=config)


def flask_app() -> Any:
    from flask import Flask, g, request
    from flask_jwt_extended import JWTManager, jwt_required

    from pasetokit import TokenError
    from pasetokit_flask import PasetoManager, paseto_required, verify_paseto_in_request

    policy = _policy()
    app = Flask("bench_http")
    app.config["JWT_SECRET_KEY"] = os.environ.get(FJE_ENV, "x" * 64)
    JWTManager(app)  # first: PasetoManager leaves the JWT_* keys of a live JWTManager alone
    PasetoManager(app, policy=policy)

    # The hand-written minimum keeps the claims for the view on ``flask.g``, as every Flask
    # extension does (and as FastAPI's baseline hands them to its route): claims the view
    # cannot read would make a decorator that does less than any usable one.
    def baseline(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper() -> Any:
            try:
                g.claims = policy.verify(_bearer(request.headers.get("Authorization")))
            except TokenError as exc:
                return {"detail": exc.message}, 401
            return view()

        return wrapper

    def abaseline(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        async def wrapper() -> Any:
            try:
                g.claims = policy.verify(_bearer(request.headers.get("Authorization")))
            except TokenError as exc:
                return {"detail": exc.message}, 401
            return await view()

        return wrapper

    @app.get("/open")
    def open_route() -> Any:
        return BODY

    @app.get("/open-async")
    async def open_async() -> Any:
        return BODY

    @app.get("/base")
    @baseline
    def base() -> Any:
        return BODY

    @app.get("/base-async")
    @abaseline
    async def base_async() -> Any:
        return BODY

    @app.get("/deco")
    @paseto_required
    def deco() -> Any:
        return BODY

    @app.get("/deco-async")
    @paseto_required
    async def deco_async() -> Any:
        return BODY

    @app.get("/imperative")
    def imperative() -> Any:
        verify_paseto_in_request()
        return BODY

    @app.get("/fje")
    @jwt_required()  # type: ignore[untyped-decorator]
    def fje() -> Any:
        return BODY

    return app


# --- the driver -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


_TICK_NS = 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def cpu_ns(pid: int) -> int:
    """CPU time of process ``pid`` so far, user + system, in nanoseconds. ``/proc/<pid>/stat``
    counts every thread, the ones that have already ended too (a thread pool's idle workers
    exit: per-thread counters would lose their time); its resolution is a clock tick (10 ms),
    well under 1 % of a run's CPU."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) * _TICK_NS


def worker_pid(pid: int) -> int:
    """gunicorn's single worker (the master's child); uvicorn serves in ``pid`` itself."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0]) if children else pid


@contextmanager
def server(argv: list[str], port: int, env: dict[str, str]) -> Iterator[int]:
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [NICE, "-n", "10", *argv],
        cwd=HERE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/open", timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            why = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"{argv[0]} did not start: {why}")
        time.sleep(0.3)  # gunicorn: let the worker settle
        yield worker_pid(process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def lua_script(path: str, tokens: list[str] | None, directory: Path) -> Path:
    script = directory / f"{path.strip('/').replace('-', '_') or 'root'}.lua"
    if tokens is None:
        script.write_text(f'request = function() return wrk.format("GET", "{path}") end\n')
        return script
    items = ",\n".join(f'  "{t}"' for t in tokens)
    script.write_text(
        f"local tokens = {{\n{items}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #tokens + 1\n"
        f'  return wrk.format("GET", "{path}", {{["Authorization"] = "Bearer " .. tokens[i]}})\n'
        "end\n"
    )
    return script


def run_wrk(url: str, script: Path, seconds: int, connections: int) -> int:
    out = subprocess.run(  # noqa: S603 - fixed argv
        [
            NICE,
            "-n",
            "10",
            WRK,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failures on {url}:\n{out}")
    match = re.search(r"(\d+) requests in", out)
    if match is None:
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    return int(match.group(1))


def measure(
    base_url: str,
    *,
    pid: int,
    scripts: dict[str, Path],
    rounds: int,
    seconds: int,
    connections: int,
) -> dict[str, list[float]]:
    """CPU microseconds per request of each route, one value per round."""
    per_request: dict[str, list[float]] = {name: [] for name in scripts}
    names = list(scripts)
    for name in names:  # warm-up: caches, thread pools, JIT-less but lazy imports
        run_wrk(f"{base_url}/{name}", scripts[name], 1, connections)
    for _ in range(rounds):
        random.shuffle(names)
        for name in names:
            before = cpu_ns(pid)
            requests = run_wrk(f"{base_url}/{name}", scripts[name], seconds, connections)
            per_request[name].append((cpu_ns(pid) - before) / 1000 / requests)
    return per_request


def ratio(ours: list[float], theirs: list[float]) -> str:
    """``median(ours) / median(theirs)`` and that ratio's quartiles over paired bootstrap
    resamples of the rounds (a machine shared with others makes single rounds noisy)."""
    rng = random.Random(0)
    n = len(ours)
    point = statistics.median(ours) / statistics.median(theirs)
    if n < 3:
        return f"{point:.2f}"
    samples = []
    for _ in range(2000):
        picks = [rng.randrange(n) for _ in range(n)]
        a = statistics.median(ours[i] for i in picks)
        b = statistics.median(theirs[i] for i in picks)
        samples.append(a / b)
    q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return f"{point:.2f} [{q1:.2f}, {q3:.2f}]"


def report(
    title: str,
    table: dict[str, list[float]],
    routes: dict[str, tuple[str | None, str | None]],
    compare: list[tuple[str, str]],
) -> bool:
    print(f"\n{title}: server CPU us/request, median over rounds; overhead = route - open")
    ok = True
    rounds = len(next(iter(table.values())))
    overhead: dict[str, list[float]] = {}
    for name, values in table.items():
        _, open_route = routes[name]
        if open_route is not None:
            overhead[name] = [values[i] - table[open_route][i] for i in range(rounds)]
    print(f"{'route':<16}{'cpu us/req':>12}{'overhead us':>14}{'  / baseline [q1, q3]':>26}")
    for name, values in table.items():
        baseline, _ = routes[name]
        line = f"{name:<16}{statistics.median(values):>12.1f}"
        if name in overhead:
            line += f"{statistics.median(overhead[name]):>14.1f}"
        if baseline is not None and baseline != name:
            bar = ""
            if name in PASETOKIT_STYLES:
                met = statistics.median(overhead[name]) <= 1.1 * statistics.median(
                    overhead[baseline]
                )
                ok &= met
                bar = "  (bar <= 1.10: " + ("met" if met else "MISSED") + ")"
            line += f"    {ratio(overhead[name], overhead[baseline])}{bar}"
        print(line)
    for ours, theirs in compare:
        if ours in overhead and theirs in overhead:
            print(f"overhead {ours} / {theirs}: {ratio(overhead[ours], overhead[theirs])}")
    return ok


def competitor_tokens(env: dict[str, str]) -> tuple[list[str] | None, list[str] | None]:
    """fastapi-paseto's and AuthX's token pools (``None``: not installed), their secrets put
    in ``env`` for the server."""
    import secrets

    fp: list[str] | None = None
    authx_pool: list[str] | None = None
    try:
        from fastapi_paseto import AuthPASETO

        env[FP_ENV] = secrets.token_urlsafe(24)
        AuthPASETO.load_config(lambda: [("authpaseto_secret_key", env[FP_ENV])])
        fp = [AuthPASETO().create_access_token(subject=f"user-{i}") for i in range(POOL)]
    except ImportError as exc:
        print(f"fastapi-paseto not compared: {exc}")
    try:
        import authx  # noqa: F401

        env[AUTHX_ENV] = os.environ[AUTHX_ENV] = secrets.token_hex(32)
        authx_pool = [_authx().create_access_token(uid=f"user-{i}") for i in range(POOL)]
    except ImportError as exc:
        print(f"AuthX not compared: {exc}")
    return fp, authx_pool


def _cpu_list(text: str) -> set[int]:
    try:
        return {int(cpu) for cpu in text.split(",")}
    except ValueError:
        raise argparse.ArgumentTypeError(f"a comma-separated list of CPUs, not {text!r}") from None


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 1 s")
    parser.add_argument(
        "--only", choices=("fastapi", "flask"), help="measure one server (default: both)"
    )
    parser.add_argument(
        "--cpus",
        type=_cpu_list,
        help="pin this process, the servers and wrk to these CPUs (e.g. 1 or 2,3): a core "
        "nothing else runs on makes the rounds far less noisy",
    )
    parser.add_argument("--raw", type=Path, help="also write every round's values (JSON) here")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = 2, 1
    if args.cpus:
        os.sched_setaffinity(0, args.cpus)  # the servers and wrk inherit it
    return args


def main() -> int:
    args = _arguments()
    for tool in ("wrk", "uvicorn", "gunicorn"):
        if shutil.which(tool) is None and not (Path(sys.executable).parent / tool).exists():
            sys.exit(f"bench_http: {tool} not found (see the module docstring for the installs)")

    import secrets

    from flask_jwt_extended import create_access_token as fje_token

    from pasetokit import LocalKey, TokenPolicy

    key = LocalKey.generate()
    env = dict(os.environ, **{KEY_ENV: key.to_paserk(), FJE_ENV: secrets.token_hex(32)})
    policy = TokenPolicy(local_key=key)
    tokens = [policy.create_access_token(f"user-{i}") for i in range(POOL)]
    fp_tokens, authx_tokens = competitor_tokens(env)
    os.environ.update({KEY_ENV: env[KEY_ENV], FJE_ENV: env[FJE_ENV]})
    with flask_app().app_context():
        fje_tokens = [fje_token(identity=f"user-{i}") for i in range(POOL)]

    bin_dir = Path(sys.executable).parent
    ok = True
    raw: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        if args.only != "flask":
            pools = {"fastapi-paseto": fp_tokens, "authx": authx_tokens}
            fastapi_scripts = {
                name: lua_script(
                    f"/{name}",
                    None if name.startswith("open") else pools.get(name, tokens),
                    directory,
                )
                for name in FASTAPI_ROUTES
                if pools.get(name, tokens) is not None
            }
            port = free_port()
            uvicorn = [
                str(bin_dir / "uvicorn"),
                "bench_http:fastapi_app",
                "--factory",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
                "--lifespan",
                "off",
            ]
            with server(uvicorn, port, env) as pid:
                check(f"http://127.0.0.1:{port}", fastapi_scripts, {"": tokens, **pools})
                table = measure(
                    f"http://127.0.0.1:{port}",
                    pid=pid,
                    scripts=fastapi_scripts,
                    rounds=args.rounds,
                    seconds=args.seconds,
                    connections=args.connections,
                )
            raw["fastapi"] = table
            ok &= report(
                "FastAPI on uvicorn",
                table,
                FASTAPI_ROUTES,
                [
                    ("seed-sync", "base-sync"),
                    ("seed-async", "base"),
                    ("call-sync", "base-sync"),
                    ("call", "base"),
                    ("decl-sync", "fastapi-paseto"),
                    ("seed-sync", "fastapi-paseto"),
                    ("decl", "authx"),
                ],
            )

        if args.only != "fastapi":
            flask_scripts = {
                name: lua_script(
                    f"/{name}",
                    None if name.startswith("open") else (fje_tokens if name == "fje" else tokens),
                    directory,
                )
                for name in FLASK_ROUTES
            }
            port = free_port()
            gunicorn = [
                str(bin_dir / "gunicorn"),
                "-w",
                "1",
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{port}",
                "bench_http:flask_app()",
            ]
            with server(gunicorn, port, env) as pid:
                check(f"http://127.0.0.1:{port}", flask_scripts, {"": tokens, "fje": fje_tokens})
                table = measure(
                    f"http://127.0.0.1:{port}",
                    pid=pid,
                    scripts=flask_scripts,
                    rounds=args.rounds,
                    seconds=args.seconds,
                    connections=args.connections,
                )
            raw["flask"] = table
            ok &= report(
                "Flask on gunicorn (sync worker)",
                table,
                FLASK_ROUTES,
                [("imperative", "deco"), ("deco", "fje")],
            )
    if args.raw:
        args.raw.write_text(json.dumps(raw, indent=1))
    pinned = f", CPUs {sorted(os.sched_getaffinity(0))}"
    print(
        f"\nrounds={args.rounds}, {args.seconds}s per route, {args.connections} connections{pinned}"
    )
    return 0 if ok else 1


def check(base_url: str, scripts: dict[str, Path], pools: dict[str, list[str] | None]) -> None:
    """Sanity: every protected route accepts its tokens and refuses a request without one."""
    for name in scripts:
        url = f"{base_url}/{name}"
        if name.startswith("open"):
            assert httpx.get(url).json() == BODY, name
            continue
        pool = pools.get(name) or pools[""]
        assert pool is not None
        response = httpx.get(url, headers={"Authorization": f"Bearer {pool[0]}"})
        assert response.status_code == 200, (name, response.text)
        assert httpx.get(url).status_code in (401, 422), name


if __name__ == "__main__":
    sys.exit(main())

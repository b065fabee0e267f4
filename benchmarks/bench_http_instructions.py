"""The FastAPI routes of ``bench_http.py``, counted in instructions: a load-independent second
measure next to its server CPU on a shared, noisy machine.

Usage::

    apt-get install -y valgrind       # callgrind and callgrind_control
    python benchmarks/bench_http_instructions.py [--requests 300]

The same app ``bench_http.fastapi_app`` builds (one single-route app per path, the same
policy, 200 distinct tokens) is driven in-process through ASGI (the full FastAPI/Starlette
stack, no sockets) under ``valgrind --tool=callgrind``. Each route is warmed up, then served
``--requests`` times between two ``callgrind_control --dump`` calls; instructions per request
are that dump's total divided by the requests. Overhead and ratios are as in ``bench_http``
(route minus the open route of the same kind, over the hand-written baseline's overhead).
Valgrind runs the threads one at a time, so a ``def`` route's thread-pool hops are counted
but never contend: counts are exact and repeatable, but leave out what the network, the
server's HTTP parsing and cache misses add (``bench_http`` measures those).
"""

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHILD_ENV = "PASETOKIT_BENCH_CALLGRIND"
ROUTES = [
    "open",
    "base",
    "call",
    "decl",
    "seed-async",
    "open-sync",
    "base-sync",
    "call-sync",
    "decl-sync",
    "seed-sync",
]


def child(requests: int) -> None:
    """Inside callgrind: serve each route ``requests`` times between two dumps."""
    sys.path.insert(0, str(HERE))
    import bench_http

    from pasetokit import LocalKey, TokenPolicy

    key = LocalKey.generate()
    os.environ[bench_http.KEY_ENV] = key.to_paserk()
    app = bench_http.fastapi_app()
    policy = TokenPolicy(local_key=key)
    tokens = [policy.create_access_token(f"user-{i}").encode() for i in range(bench_http.POOL)]

    async def serve(path: str, count: int) -> None:
        for i in range(count):
            headers = [(b"host", b"bench")]
            if not path.startswith("open"):
                headers.append((b"authorization", b"Bearer " + tokens[i % len(tokens)]))
            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "GET",
                "scheme": "http",
                "path": f"/{path}",
                "raw_path": f"/{path}".encode(),
                "query_string": b"",
                "root_path": "",
                "headers": headers,
                "client": ("127.0.0.1", 1),
                "server": ("127.0.0.1", 80),
            }
            sent: list[dict[str, Any]] = []

            async def receive() -> dict[str, Any]:
                return {"type": "http.request", "body": b"", "more_body": False}

            async def send(message: dict[str, Any], sent: list[dict[str, Any]] = sent) -> None:
                sent.append(message)

            await app(scope, receive, send)
            if sent[0]["status"] != 200:
                raise RuntimeError(f"/{path} answered {sent[0]['status']}")

    control = shutil.which("callgrind_control") or "callgrind_control"

    def dump(label: str) -> None:
        subprocess.run(  # noqa: S603 - fixed argv
            [control, "--dump", label, str(os.getpid())], check=True, capture_output=True
        )

    for route in ROUTES:
        asyncio.run(serve(route, 30))
    for route in ROUTES:
        asyncio.run(serve(route, 30))
        dump(f"warm-{route}")
        asyncio.run(serve(route, requests))
        dump(f"route-{route}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.requests)
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None or shutil.which("callgrind_control") is None:
        sys.exit("bench_http_instructions: valgrind not found (apt-get install -y valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(  # noqa: S603 - fixed argv
            [
                valgrind,
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/callgrind.%p",
                sys.executable,
                __file__,
                "--child",
                "--requests",
                str(args.requests),
            ],
            env=dict(os.environ, PYTHONHASHSEED="0"),
            check=True,
            capture_output=True,
        )
        per_request = {}
        for path in Path(tmp).glob("callgrind.*"):
            text = path.read_text(errors="replace")
            label = re.search(r"^desc: Trigger: dump route-(\S+)$", text, re.MULTILINE)
            total = re.search(r"^summary: (\d+)$", text, re.MULTILINE)
            if label and total:
                per_request[label.group(1)] = int(total.group(1)) / args.requests
    report(per_request, args.requests)
    return 0


def report(per_request: dict[str, float], requests: int) -> None:
    """Ratios as in ``bench_http``: the seed styles against ``call`` (the same shape), the
    others against ``base``; the last column is every route against ``base``."""
    print("FastAPI in-process (ASGI) under callgrind: instructions per request")
    print(f"{'route':<14}{'k instr/req':>12}{'overhead k':>12}{'  / baseline':>14}{'  / base':>10}")
    for route in ROUTES:
        kind = "-sync" if route.endswith("-sync") else ""
        value = per_request[route]
        line = f"{route:<14}{value / 1000:>12.1f}"
        if not route.startswith("open"):
            overhead = value - per_request[f"open{kind}"]
            base = per_request[f"base{kind}"] - per_request[f"open{kind}"]
            shape = "call" if route.startswith("seed") else "base"
            own = per_request[f"{shape}{kind}"] - per_request[f"open{kind}"]
            line += f"{overhead / 1000:>12.1f}"
            if not route.startswith(("base", "call")):
                line += f"{overhead / own:>14.3f}"
            if not route.startswith("base"):
                width = 24 if route.startswith("call") else 10  # call: no "/ baseline" column
                line += f"{overhead / base:>{width}.3f}"
        print(line)
    print(f"\n{requests} requests per route after warm-up; PYTHONHASHSEED=0")


if __name__ == "__main__":
    sys.exit(main())

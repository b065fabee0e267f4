"""Instructions per request of the Flask routes of ``bench_http.py``, counted by callgrind: a
second measure next to ``bench_http.py``'s server CPU time, for a machine too busy to resolve a
few per cent of CPU time (a count does not depend on what else runs).

Usage::

    apt-get install -y valgrind
    python benchmarks/bench_flask_instructions.py [--requests 100]

Method: one process under ``valgrind --tool=callgrind`` builds ``bench_http.flask_app()`` and
sends each route ``--requests`` WSGI requests (distinct tokens in the ``Authorization``
header, every answer a 200) inside one ``functools.reduce`` call; callgrind counts only inside
that call (``--toggle-collect``) and writes one count per call (``--dump-after``). Every route
runs twice and the second pass is quoted (the first one warms caches and lazy imports).
Overhead = a route's instructions per request minus those of ``open``; ratios against the
hand-written ``base`` decorator and Flask-JWT-Extended. Only sync routes: an ``async def``
view runs in another thread, which callgrind does not count here.
"""

import argparse
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROUTES = ("open", "base", "deco", "imperative", "fje")
HERE = Path(__file__).resolve().parent
VALGRIND = shutil.which("valgrind") or "/usr/bin/valgrind"


def _environ(route: str, token: str | None) -> dict[str, Any]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/{route}",
        "SERVER_NAME": "bench",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return environ


def child(requests: int) -> None:
    """Under callgrind: each route's requests inside one ``functools.reduce`` call, twice."""
    import bench_http
    from flask_jwt_extended import create_access_token as fje_token

    from pasetokit import LocalKey, TokenPolicy

    key = LocalKey.generate()
    os.environ[bench_http.KEY_ENV] = key.to_paserk()
    app = bench_http.flask_app()
    policy = TokenPolicy(local_key=key)
    pools = {"": [policy.create_access_token(f"user-{i}") for i in range(50)]}
    with app.app_context():
        pools["fje"] = [fje_token(identity=f"user-{i}") for i in range(50)]

    def one(_: None, environ: dict[str, Any]) -> None:
        def start_response(status: str, headers: Any, exc_info: Any = None) -> None:
            assert status.startswith("200"), status

        b"".join(app.wsgi_app(environ, start_response))

    for _ in range(2):
        for route in ROUTES:
            pool = pools.get(route, pools[""])
            tokens = [None if route == "open" else pool[i % 50] for i in range(requests)]
            functools.reduce(one, [_environ(route, token) for token in tokens], None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.requests)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(  # noqa: S603 - fixed argv
            [
                VALGRIND,
                "--tool=callgrind",
                "--toggle-collect=functools_reduce",
                "--dump-after=functools_reduce",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--child",
                "--requests",
                str(args.requests),
            ],
            cwd=HERE,
            env=dict(os.environ, PYTHONHASHSEED="0"),
            check=True,
            capture_output=True,
        )
        dumps = sorted(Path(tmp).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        counts = [_total(dump) / args.requests for dump in dumps]
    per_request = dict(zip(ROUTES, counts[len(ROUTES) : 2 * len(ROUTES)], strict=True))
    overhead = {name: n - per_request["open"] for name, n in per_request.items()}
    print(f"{'route':<12}{'instructions/request':>22}{'overhead':>12}{'/ base':>9}{'/ fje':>8}")
    for name, n in per_request.items():
        line = f"{name:<12}{n:>22,.0f}"
        if name != "open":
            line += f"{overhead[name]:>12,.0f}{overhead[name] / overhead['base']:>9.3f}"
            line += f"{overhead[name] / overhead['fje']:>8.3f}"
        print(line)
    return 0


def _total(dump: Path) -> int:
    for line in dump.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no instruction count in {dump}")


if __name__ == "__main__":
    sys.exit(main())

"""Developer and CI sessions (``nox -l`` lists them).

* ``tests-3.10`` ... ``tests-3.13``: the whole suite on each supported CPython (a real Redis
  included: tests/redis_support.py starts one). ``nox -s tests`` runs all four.
* ``floors``: the suite with every runtime dependency at exactly the floor ``pyproject.toml``
  declares (tools/floors.py makes the constraints file, then checks what got installed).
* ``package``: build sdist + wheel, ``twine check``, install the wheel (not editable) with its
  extras into this session's clean venv, run the demo and tools/smoke_installed.py against it.
* ``lint``, ``typecheck``, ``bench``, ``demo``.

Interpreters: nox looks for ``python3.X`` on ``PATH``; the pyenv versions (``$(pyenv root)`` or
``$PYENV_ROOT``, default ``~/.pyenv``) are added to it here, so no ``pyenv global`` is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
FLOORS_PYTHON = PYTHONS[0]  # floors are claimed for the oldest Python; newer wheels may need more
ROOT = Path(__file__).resolve().parent

nox.options.sessions = ["tests", "floors", "lint", "typecheck", "package"]
nox.options.default_venv_backend = "uv|venv"  # uv installs in seconds; venv without it


def _pyenv_root() -> Path | None:
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        out = subprocess.run(  # noqa: S603 - fixed argv
            [pyenv, "root"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out:
            return Path(out)
    home = Path.home() / ".pyenv"
    return home if home.is_dir() else None


def _put_pyenv_pythons_on_path() -> None:
    root = _pyenv_root()
    if root is None:
        return
    bins = [str(p) for p in sorted((root / "versions").glob("*/bin")) if p.is_dir()]
    os.environ["PATH"] = os.pathsep.join([*bins, os.environ.get("PATH", "")])


_put_pyenv_pythons_on_path()


_PACKAGED_REDIS = """import sys
sys.path.insert(0, "tests")
from redis_support import packaged_redis_binaries
found = packaged_redis_binaries()
print("packaged-redis:", found.server if found else "")"""


def _packaged_redis(session: nox.Session) -> dict[str, str]:
    """``REDIS_SERVER`` = the server the test extra installed, so the suite runs on it as it
    would on a machine with nothing but Python and pip (even where a system Redis exists)."""
    if os.environ.get("REDIS_URL") or os.environ.get("REDIS_SERVER"):
        return {}  # the caller chose a server
    out = session.run("python", "-c", _PACKAGED_REDIS, silent=True) or ""
    server = out.rpartition("packaged-redis:")[2].strip()
    session.log(f"redis-server for the suite: {server or 'none packaged; redis_support decides'}")
    return {"REDIS_SERVER": server} if server else {}


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs, env=_packaged_redis(session))


@nox.session(python=FLOORS_PYTHON)
def floors(session: nox.Session) -> None:
    constraints = Path(session.create_tmp()) / "floors.txt"
    # Run by nox's own interpreter, which has packaging (and tomli before 3.11). httpx is pinned
    # too, at the test extra's floor: the TestClient of starlette 0.36 (what fastapi 0.110 needs)
    # passes app=, which httpx 0.28 removed.
    session.run(
        sys.executable, "tools/floors.py", "--also", "httpx", "-o", str(constraints), external=True
    )
    session.log("floors: " + ", ".join(constraints.read_text().split()))
    session.install("-c", str(constraints), "-e", ".[test]")
    session.run("python", "tools/floors.py", "--check")  # exactly the floors, none higher
    session.run("python", "-m", "pytest", *session.posargs, env=_packaged_redis(session))


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def package(session: nox.Session) -> None:
    dist = Path(session.create_tmp()).resolve() / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.install("build>=1.2", "twine>=5")
    session.run("python", "-m", "build", "--outdir", str(dist), silent=True)
    built = sorted(dist.iterdir())
    session.run("twine", "check", "--strict", *map(str, built))
    (wheel,) = (p for p in built if p.suffix == ".whl")
    session.install(f"pasetokit[fastapi,flask,redis] @ {wheel.as_uri()}", "uvicorn>=0.29")
    session.install("httpx>=0.27")  # the demo's client (the `demo` extra, minus the editable)
    with session.chdir(session.create_tmp()):  # nothing of the checkout on sys.path
        session.run("python", str(ROOT / "examples" / "demo_fastapi.py"))
        session.run(
            "python",
            str(ROOT / "tools" / "smoke_installed.py"),
            "--wheel",
            str(wheel),
        )


@nox.session
def bench(session: nox.Session) -> None:
    session.install("-e", ".[test,bench]")
    default = [
        "benchmarks/bench_core.py",
        "benchmarks/bench_fastapi.py",
        "benchmarks/bench_flask.py",
    ]
    for script in session.posargs or default:
        session.run("python", script)


@nox.session
def demo(session: nox.Session) -> None:
    session.install("-e", ".[demo]")
    session.run("python", "examples/demo_fastapi.py", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Coverage-guided fuzzing, a bounded time per target: ``nox -s fuzz [-- fuzz_decode]``."""
    session.install("-e", ".", "atheris>=2.3")
    env = {"VIRTUAL_ENV": str(session.virtualenv.location)}
    session.run("bash", ".ci/fuzz", *session.posargs, env=env, external=True)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site strictly (``nox -s docs -- serve`` to preview it)."""
    session.install("-e", ".[docs]")
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", *session.posargs[1:])
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session(python="3.11")
def mutation(session: nox.Session) -> None:
    """mutmut 3 plus statement mutants, per module with its own tests (tools/mutation/run.py).
    Slow, so not in .ci/run: ``nox -s mutation -- pasetokit/_b64.py --budget 300``."""
    session.install("-e", ".[test]", "mutmut>=3.8,<4")
    session.run("python", "tools/mutation/run.py", *session.posargs)

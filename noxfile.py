"""Developer sessions: ``nox -s tests lint typecheck bench demo``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".[dev,bench]")
    session.run("mypy")


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


@nox.session(python="3.11")
def mutation(session: nox.Session) -> None:
    """mutmut 3 plus statement mutants, per module with its own tests (tools/mutation/run.py).
    Slow, so not in .ci/run: ``nox -s mutation -- pasetokit/_b64.py --budget 300``."""
    session.install("-e", ".[test]", "mutmut>=3.8,<4")
    session.run("python", "tools/mutation/run.py", *session.posargs)

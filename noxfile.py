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
    for script in sorted(p for p in session.posargs) or ["benchmarks/bench_core.py"]:
        session.run("python", script)


@nox.session
def demo(session: nox.Session) -> None:
    session.install("-e", ".")
    session.run("python", "examples/demo.py", *session.posargs)

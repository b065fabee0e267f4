"""Layering: imports point down. Each adapter uses only ``pasetokit``'s public names and
``pasetokit.web`` (no ``pasetokit._*``, no other core module, no crypto), never the other
adapter, has no import cycle among its own modules, and writes nothing into undocumented
framework internals; ``pasetokit.web`` imports no framework."""

from __future__ import annotations

import ast
from pathlib import Path
from types import ModuleType

import pytest

import pasetokit.web
import pasetokit_fastapi
import pasetokit_flask

ADAPTERS = {"pasetokit_fastapi": pasetokit_fastapi, "pasetokit_flask": pasetokit_flask}
CRYPTO = ("nacl", "Crypto", "hmac", "hashlib", "secrets", "cryptography")
FRAMEWORKS = ("fastapi", "starlette", "flask", "werkzeug", "pydantic", "anyio", "quart")


def package_dir(module: ModuleType) -> Path:
    assert module.__file__ is not None
    return Path(module.__file__).resolve().parent


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(level, module, names) of every import in ``path``, function-level ones included."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((0, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module or "", [a.name for a in node.names]))
    return found


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_adapter_imports_only_public_pasetokit_and_web(name: str) -> None:
    files = sorted(package_dir(ADAPTERS[name]).glob("*.py"))
    assert len(files) >= 6
    other = next(n for n in ADAPTERS if n != name)
    for path in files:
        for level, module, names in imports(path):
            if level:
                continue  # the adapter's own modules
            where = f"{name}/{path.name} imports {module}"
            assert not module.startswith(CRYPTO), where
            assert not module.startswith(other), where
            if module == "pasetokit":
                assert not any(n.startswith("_") for n in names), where
                assert all(n in pasetokit.__all__ for n in names), where
            elif module.startswith("pasetokit."):
                assert module == "pasetokit.web", where
                assert all(n in pasetokit.web.__all__ for n in names), where


def test_web_imports_no_framework_and_no_crypto() -> None:
    for path in sorted(package_dir(pasetokit.web).glob("*.py")):
        for level, module, _ in imports(path):
            if level == 0:
                assert not module.startswith(FRAMEWORKS + CRYPTO), f"{path.name}: {module}"
                assert not module.startswith("pasetokit._"), f"{path.name}: {module}"


def module_graph(name: str) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in package_dir(ADAPTERS[name]).glob("*.py"):
        here = path.stem
        edges = graph.setdefault(here, set())
        for level, module, names in imports(path):
            if level == 1 and module:
                edges.add(module)
            elif level == 1:  # from . import x
                edges.update(names)
    return graph


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_no_import_cycle_inside_an_adapter(name: str) -> None:
    graph = module_graph(name)

    def visit(node: str, path: tuple[str, ...]) -> None:
        for nxt in graph.get(node, ()):
            if nxt == "__init__":
                continue
            assert nxt not in path, f"{name}: import cycle {' -> '.join((*path, nxt))}"
            visit(nxt, (*path, nxt))

    for module in graph:
        if module != "__init__":
            visit(module, (module,))


def test_fastapi_adapter_writes_no_starlette_internals() -> None:
    """The handler is registered with ``app.add_exception_handler`` (``auth.install``), never
    put into the per-request ``scope["starlette.exception_handlers"]``."""
    for path in package_dir(pasetokit_fastapi).glob("*.py"):
        assert "starlette.exception_handlers" not in path.read_text("utf-8"), path.name


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_public_api_is_exported(name: str) -> None:
    module = ADAPTERS[name]
    for exported in module.__all__:
        assert hasattr(module, exported), exported
    assert (package_dir(module) / "py.typed").exists()
    assert (package_dir(module) / "compat.py").exists()  # compatibility names live apart

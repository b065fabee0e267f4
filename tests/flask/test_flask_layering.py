"""The adapter stays thin: no private pasetokit modules, no other adapter, no crypto."""

from __future__ import annotations

import ast
from pathlib import Path

import pasetokit_flask

PACKAGE = Path(pasetokit_flask.__file__).resolve().parent
FORBIDDEN = ("pasetokit._", "pasetokit_fastapi", "nacl", "Crypto", "hmac", "hashlib", "secrets")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_private_or_crypto_imports() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_public_api_is_exported() -> None:
    for name in pasetokit_flask.__all__:
        assert hasattr(pasetokit_flask, name), name
    assert (PACKAGE / "py.typed").exists()

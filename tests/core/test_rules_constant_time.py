"""Constant-time comparisons cannot be seen from behaviour (``==`` gives the same answers), so
this test reads the source: every MAC, tag, signature-key, CSRF and expected-claim comparison
goes through ``hmac.compare_digest`` (``_crypto.ct_equal``), and no ``==``/``!=`` touches a
secret-looking name anywhere in the package.

Functions are found by name across the whole package, wherever a refactor moves them."""

from __future__ import annotations

import ast
import hmac
import re
from pathlib import Path

import pytest

import pasetokit
from pasetokit import _crypto

PACKAGE = Path(pasetokit.__file__).parent
CT_CALLS = {"ct_equal", "compare_digest"}
# Where a secret is compared: (class or None, function).
MUST_USE_CT = [
    (None, "open_local_any"),  # the v4.local tag (open_local calls it)
    (None, "_pie_unwrap"),  # PASERK PIE tag
    (None, "_pbkw_unwrap"),  # PASERK PBKW tag
    (None, "unseal"),  # PASERK seal tag
    (None, "check_csrf"),  # double-submit CSRF value
    (None, "_expect"),  # expected iss / aud / sub
    ("_Key", "__eq__"),  # key material
    ("SecretKey", "__init__"),  # embedded public half
]
SECRET_NAME = re.compile(
    r"(?:^|_)(?:tag|t2|mac|sig|signature|csrf|expected|presented|material|secret|password|pw)"
    r"(?:$|_)",
    re.IGNORECASE,
)


def modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text("utf-8"))) for path in sorted(PACKAGE.rglob("*.py"))]


def functions() -> dict[tuple[str | None, str], list[ast.FunctionDef]]:
    found: dict[tuple[str | None, str], list[ast.FunctionDef]] = {}
    for _, tree in modules():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                found.setdefault((None, node.name), []).append(node)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        found.setdefault((node.name, item.name), []).append(item)
    return found


def called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def test_ct_equal_is_compare_digest() -> None:
    assert _crypto.ct_equal is hmac.compare_digest


@pytest.mark.parametrize(("owner", "name"), MUST_USE_CT)
def test_secret_comparisons_are_constant_time(owner: str | None, name: str) -> None:
    defs = functions().get((owner, name))
    assert defs, f"{owner or 'module'}.{name} not found: update MUST_USE_CT after a rename"
    for node in defs:
        assert called_names(node) & CT_CALLS, f"{name} compares without ct_equal/compare_digest"


def _identifier(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _identifier(node.value)
    return None


# Functions whose "expected" is a PASERK type name, not a secret.
NOT_SECRET = {"_header_error", "header_error", "_pick_ed25519"}  # type names; a probe on fixed data


def test_no_equality_operator_on_secret_names() -> None:
    offenders = []
    for path, tree in modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare) or _inside(tree, node, NOT_SECRET):
                continue
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
                if not isinstance(op, (ast.Eq, ast.NotEq)):
                    continue
                if isinstance(left, ast.Constant) or isinstance(right, ast.Constant):
                    continue  # e.g. presented == "": a fixed value, not a secret
                names = [_identifier(left), _identifier(right)]
                if any(n and SECRET_NAME.search(n) for n in names):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def _inside(tree: ast.Module, target: ast.AST, names: set[str]) -> bool:
    return any(
        isinstance(func, ast.FunctionDef) and func.name in names and target in ast.walk(func)
        for func in ast.walk(tree)
    )


def test_the_lint_catches_an_equality_on_a_tag() -> None:
    # The detector itself must be able to fail.
    tree = ast.parse("if tag != expected_tag:\n    pass\n")
    compare = next(n for n in ast.walk(tree) if isinstance(n, ast.Compare))
    assert SECRET_NAME.search(_identifier(compare.left) or "")

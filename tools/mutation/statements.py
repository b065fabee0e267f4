"""Statement-level mutants that mutmut does not make: "delete this ``raise``", "this ``if`` is
never true" and "shift this constant".

mutmut mutates expressions and operators inside a statement; a rule that is one whole ``raise``,
or one ``if`` guarding it, survives deletion only if no test reaches it, which is exactly the gap
these three operators look for. Each mutant is one edit of the source text (so the rest of the
file, comments included, is untouched) and must still compile.

A line carrying ``# pragma: no mutate`` is left alone, as mutmut does.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Literal

__all__ = ["Mutant", "apply", "mutants"]

Operator = Literal["delete-raise", "if-never-true", "shift-constant"]
OPERATORS: tuple[Operator, ...] = ("delete-raise", "if-never-true", "shift-constant")


@dataclass(frozen=True)
class Mutant:
    operator: Operator
    line: int  # 1-based line of the edit
    start: tuple[int, int]  # (line, column) where the replaced text starts
    end: tuple[int, int]
    replacement: str
    segment: str  # the text replaced
    original: str  # the source line, stripped: stable across unrelated edits
    in_message: bool = False  # inside the message argument of an exception constructor

    def describe(self) -> str:
        first = self.segment.splitlines()[0] if self.segment else ""
        return f"{self.operator} line {self.line}: `{first}` -> `{self.replacement}`"


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """Constants inside annotations (``Literal[...]``) change no behaviour."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        annotations: list[ast.expr | None] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            annotations.append(node.returns)
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    annotations.append(arg.annotation)
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
        for annotation in annotations:
            if annotation is not None:
                ids.update(id(n) for n in ast.walk(annotation))
    return ids


def _message_nodes(tree: ast.AST) -> set[int]:
    """Nodes inside the positional (message) arguments of ``...Error(...)`` calls."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name.endswith(("Error", "Exception")) and name != "MissingClaimError":
                for arg in node.args:
                    ids.update(id(n) for n in ast.walk(arg))
    return ids


def _shifted(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return repr(value + 1)


def mutants(source: str, operators: tuple[Operator, ...] = OPERATORS) -> list[Mutant]:
    """Every mutant of ``source`` for ``operators``, in source order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    skip = _docstring_nodes(tree) | _annotation_nodes(tree)
    messages = _message_nodes(tree)
    found: list[Mutant] = []

    def add(operator: Operator, node: ast.AST, replacement: str) -> None:
        line = node.lineno  # type: ignore[attr-defined]
        text = lines[line - 1]
        if "pragma: no mutate" in text:
            return
        start = (line, node.col_offset)  # type: ignore[attr-defined]
        end = (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        segment = ast.get_source_segment(source, node) or ""
        found.append(
            Mutant(
                operator, line, start, end, replacement, segment, text.strip(), id(node) in messages
            )
        )

    for node in ast.walk(tree):
        if "delete-raise" in operators and isinstance(node, ast.Raise):
            add("delete-raise", node, "pass")
        elif "if-never-true" in operators and isinstance(node, (ast.If, ast.While)):
            add("if-never-true", node.test, "False")
        elif (
            "shift-constant" in operators
            and isinstance(node, ast.Constant)
            and id(node) not in skip
            and (replacement := _shifted(node.value)) is not None
        ):
            add("shift-constant", node, replacement)
    found.sort(key=lambda m: (m.start, m.operator))
    return [m for m in found if _compiles(apply(source, m))]


def apply(source: str, mutant: Mutant) -> str:
    """``source`` with ``mutant``'s edit made."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def index(position: tuple[int, int]) -> int:
        line, column = position
        # ast columns are UTF-8 byte offsets; convert within the line.
        text = lines[line - 1]
        return offsets[line - 1] + len(text.encode("utf-8")[:column].decode("utf-8"))

    return source[: index(mutant.start)] + mutant.replacement + source[index(mutant.end) :]


def _compiles(source: str) -> bool:
    try:
        compile(source, "<mutant>", "exec")
    except SyntaxError:
        return False
    return True

"""Sort surviving mutants: error-message text only, known-equivalent, or a real gap.

mutmut keeps every variant of a function in its copy of the module (``<name>__mutmut_orig`` and
``<name>__mutmut_<n>``). Both are parsed; if they are the same program once the *messages* are set
aside (the positional
arguments of exception constructors and of logging calls), the mutant changed only error text.
The same holds for the arguments :data:`triage.MESSAGE_ARGUMENTS` lists (a helper's ``name``
that only its error text quotes). Codec names differ only in case (``"ascii"`` vs ``"ASCII"``):
equivalent by definition. Anything else is looked up in :data:`triage.EQUIVALENT`, where each
entry says why a mutant cannot be observed; what is not there is reported as a gap, to be
killed by a test.
"""

from __future__ import annotations

import ast
import codecs
import difflib
import functools
from collections.abc import Collection
from typing import Literal

from triage import EQUIVALENT, IMPORT_TIME, MESSAGE_ARGUMENTS, MESSAGE_FUNCTIONS, MESSAGE_NAMES
from triage_statements import STATEMENT_EQUIVALENT
from triage_statements_web import STATEMENT_EQUIVALENT_WEB

__all__ = ["Verdict", "classify_diff", "classify_statement", "triage_key"]

Verdict = Literal["message-only", "equivalent", "gap"]

# Constructors whose first positional argument is a claim or scope name, not a message.
_NOT_A_MESSAGE = {"MissingClaimError"}
_LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _SetMessagesAside(ast.NodeTransformer):
    def __init__(self, fold_codecs: bool, names: tuple[str, ...] = ()) -> None:
        self.fold_codecs = fold_codecs
        self.names = names  # local variables that only ever reach an error message

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        self.generic_visit(node)
        target = node.targets[0] if len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id in self.names:
            node.value = ast.Constant(None)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        name = _call_name(node)
        is_error = name.endswith(("Error", "Exception")) and name not in _NOT_A_MESSAGE
        if is_error or name in _LOG_METHODS:
            node.args = []  # the message, or none (the class default): text either way
        elif name in MESSAGE_ARGUMENTS:  # a helper's argument that only feeds its message
            positions = MESSAGE_ARGUMENTS[name][0]
            node.args = [
                ast.Constant(None) if i in positions else a for i, a in enumerate(node.args)
            ]
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if self.fold_codecs and isinstance(node.value, str):
            try:
                return ast.Constant(value=f"codec:{codecs.lookup(node.value).name}")
            except (LookupError, ValueError):
                pass
        return node


def _changed_lines(diff: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in diff.splitlines():
        if line.startswith(("---", "+++", "@@", "#")) or not line:
            continue
        if line[0] == "-":
            removed.append(line[1:].strip())
        elif line[0] == "+":
            added.append(line[1:].strip())
    return removed, added


def _function_dumps(
    mutated_module: str, mutant: str, fold_codecs: bool, names: tuple[str, ...] = ()
) -> tuple[str, str] | None:
    """Normalised AST dumps of mutmut's ``<name>__mutmut_orig`` and ``<name>__mutmut_<n>``
    (both defined in mutmut's copy of the module), or ``None`` if they cannot be found."""
    prefix, sep, number = mutant.rpartition(".")[2].rpartition("__mutmut_")
    if not sep:
        return None
    wanted = {f"{prefix}__mutmut_orig": 0, f"{prefix}__mutmut_{number}": 1}
    found: dict[int, str] = {}
    for node in _variants(mutated_module, wanted):
        if node.name in wanted:
            role = wanted[node.name]
            node.name = "f"
            found[role] = ast.dump(_SetMessagesAside(fold_codecs, names).visit(node))
    if len(found) != 2:
        return None
    return found[0], found[1]


@functools.lru_cache(maxsize=4)
def _segments(mutated_module: str) -> dict[str, str]:
    """Source of every function in mutmut's copy of a module, by name (parsed once: the copy
    holds every variant of every function, and a module has hundreds of survivors)."""
    return {
        node.name: ast.get_source_segment(mutated_module, node) or ""
        for node in ast.walk(ast.parse(mutated_module))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _variants(
    mutated_module: str, wanted: Collection[str]
) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Fresh trees of the ``wanted`` functions (callers may rewrite them)."""
    segments = _segments(mutated_module)
    found = []
    for name in wanted:
        if name in segments:
            node = ast.parse(segments[name]).body[0]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append(node)
    return found


def mutant_diff(mutated_module: str, mutant: str) -> str:
    """The mutant as a unified diff of its function (what ``mutmut show`` prints, without
    starting mutmut once per survivor); empty when the variants cannot be found."""
    prefix, sep, number = mutant.rpartition(".")[2].rpartition("__mutmut_")
    if not sep:
        return ""
    wanted = {f"{prefix}__mutmut_orig": 0, f"{prefix}__mutmut_{number}": 1}
    found: dict[int, list[str]] = {}
    for node in _variants(mutated_module, wanted):
        if node.name in wanted:
            segment = _segments(mutated_module)[node.name]
            real = function_of(mutant).rpartition(".")[2]
            lines = segment.splitlines()
            lines[:1] = [lines[0].replace(node.name, real, 1)] if lines else []
            found[wanted[node.name]] = lines
    if len(found) != 2:
        return ""
    return "\n".join(difflib.unified_diff(found[0], found[1], "orig", "mutant", lineterm=""))


def function_of(mutant: str) -> str:
    """``_refuse_header`` or ``Class.method`` from mutmut's ``mod.x__refuse_header__mutmut_3``
    or ``mod.xǁClassǁmethod__mutmut_3``."""
    name = mutant.rpartition(".")[2].rpartition("__mutmut_")[0]
    if name.startswith("xǁ"):
        return ".".join(name[2:].split("ǁ"))
    return name[2:] if name.startswith("x_") else name


def _error_classes(node: ast.AST) -> list[str]:
    return sorted(
        _call_name(n)
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and _call_name(n).endswith(("Error", "Exception"))
    )


def _same_errors(mutated_module: str, mutant: str) -> bool:
    """Whether the mutant constructs exactly the exception classes the original does."""
    prefix, _, number = mutant.rpartition(".")[2].rpartition("__mutmut_")
    wanted = {f"{prefix}__mutmut_orig", f"{prefix}__mutmut_{number}"}
    found = [_error_classes(node) for node in _variants(mutated_module, wanted)]
    return len(found) == 2 and found[0] == found[1]


def triage_key(filename: str, removed: list[str], added: list[str]) -> str:
    return f"{filename}: {' / '.join(removed)} => {' / '.join(added)}"


def classify_diff(
    filename: str, diff: str, mutated_module: str, mutant: str
) -> tuple[Verdict, str]:
    """Verdict and reason for the mutmut survivor ``mutant`` of ``filename`` (shown as
    ``diff``; ``mutated_module`` is mutmut's copy of the module, holding every variant)."""
    removed, added = _changed_lines(diff)
    key = triage_key(filename, removed, added)
    if key in EQUIVALENT:
        return _triaged(EQUIVALENT[key])
    where = f"{filename}: {function_of(mutant)}"
    if where in IMPORT_TIME:
        return "equivalent", IMPORT_TIME[where]
    if where in MESSAGE_FUNCTIONS and _same_errors(mutated_module, mutant):
        return "message-only", MESSAGE_FUNCTIONS[where]
    names = MESSAGE_NAMES.get(where, ())
    plain = _function_dumps(mutated_module, mutant, fold_codecs=False, names=names)
    if plain is not None and plain[0] == plain[1]:
        return "message-only", ""
    folded = _function_dumps(mutated_module, mutant, fold_codecs=True, names=names)
    if folded is not None and folded[0] == folded[1]:
        return "equivalent", "codec names are case-insensitive"
    return "gap", key


def classify_statement(
    filename: str, operator: str, segment: str, line: str, in_message: bool = False
) -> tuple[Verdict, str]:
    """Verdict for a surviving statement mutant (``statements.py``)."""
    if in_message:
        return "message-only", ""
    key = triage_key(filename, [f"{operator} {segment.splitlines()[0] if segment else ''}"], [line])
    if key in STATEMENT_EQUIVALENT:
        return _triaged(STATEMENT_EQUIVALENT[key])
    if key in STATEMENT_EQUIVALENT_WEB:
        return _triaged(STATEMENT_EQUIVALENT_WEB[key])
    if key in EQUIVALENT:
        return _triaged(EQUIVALENT[key])
    return "gap", key


def _triaged(reason: str) -> tuple[Verdict, str]:
    # "message-only: ..." marks a mutant that changes nothing but error text, in a way the
    # AST comparison cannot see (e.g. a name that only feeds a message).
    if reason.startswith("message-only:"):
        return "message-only", reason
    return "equivalent", reason

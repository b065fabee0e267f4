"""The project's own statement mutator and survivor classifier (tools/mutation/), minimally:
each operator makes the edit it names, nothing else changes, and a message-only mutmut survivor
is told apart from a real one."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "mutation"

SAMPLE = '''"""Doc 1."""
LIMIT: int = 8


def check(value: int, flag: Literal[3] = 3) -> int:
    """Doc 2."""
    if value > LIMIT:
        raise ValueError("too big")
    return value + 1  # pragma: no mutate
'''


@pytest.fixture(scope="module")
def tools() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(TOOLS))
    try:
        yield importlib.import_module("statements"), importlib.import_module("classify")
    finally:
        sys.path.remove(str(TOOLS))


def test_operators_make_exactly_their_edit(tools: tuple[ModuleType, ModuleType]) -> None:
    statements, _ = tools
    found = {(m.operator, m.line): m for m in statements.mutants(SAMPLE)}
    assert set(found) == {
        ("shift-constant", 2),  # LIMIT = 8 -> 9
        ("shift-constant", 5),  # the default 3 (the annotation's 3 is skipped)
        ("if-never-true", 7),
        ("delete-raise", 8),
    }  # docstrings, annotations and the pragma line are left alone
    mutated = statements.apply(SAMPLE, found[("delete-raise", 8)])
    assert mutated == SAMPLE.replace('raise ValueError("too big")', "pass")
    never = statements.apply(SAMPLE, found[("if-never-true", 7)])
    assert "    if False:\n" in never
    assert never.replace("if False:", "if value > LIMIT:") == SAMPLE
    assert "LIMIT: int = 9" in statements.apply(SAMPLE, found[("shift-constant", 2)])


def test_every_mutant_compiles(tools: tuple[ModuleType, ModuleType]) -> None:
    statements, _ = tools
    source = (Path(__file__).resolve().parents[2] / "src/pasetokit/token.py").read_text()
    for mutant in statements.mutants(source):
        compile(statements.apply(source, mutant), "<mutant>", "exec")


MUTANTS_MODULE = """
def x_f__mutmut_orig(a):
    if a:
        raise ValueError("bad")
    return a.encode("ascii")

def x_f__mutmut_1(a):
    if a:
        raise ValueError("XXbadXX")
    return a.encode("ascii")

def x_f__mutmut_2(a):
    if a:
        raise ValueError("bad")
    return a.encode("ASCII")

def x_f__mutmut_3(a):
    if not a:
        raise ValueError("bad")
    return a.encode("ascii")
"""


@pytest.mark.parametrize(
    ("number", "verdict"), [(1, "message-only"), (2, "equivalent"), (3, "gap")]
)
def test_classify_mutmut_survivors(
    tools: tuple[ModuleType, ModuleType], number: int, verdict: str
) -> None:
    _, classify = tools
    got, _ = classify.classify_diff("m.py", "", MUTANTS_MODULE, f"pkg.m.x_f__mutmut_{number}")
    assert got == verdict


def test_every_mutated_module_has_exactly_one_test_selection() -> None:
    """``[tool.mutmut.modules]``: each module the mutation run covers (the core's rule modules,
    the memory store, the policy and every ``pasetokit.web`` module) matches one key, so a
    module is neither left out nor mutated twice by a run over every key."""
    import fnmatch
    import re

    root = TOOLS.parents[1]
    text = (root / "pyproject.toml").read_text("utf-8")
    table = text.split("\n[tool.mutmut.modules]\n", 1)[1].split("\n[", 1)[0]
    keys = re.findall(r'^"([^"]+)" = \[', table, re.MULTILINE)  # no tomllib on 3.10
    assert len(keys) > 20
    src = root / "src"
    names = ["_b64", "token", "claims", "_time", "_json", "codec", "keyring", "v4", "keys"]
    names += ["paserk", "_paserk_format", "_argon2"]
    modules = [f"pasetokit/{name}.py" for name in names] + ["pasetokit/stores/memory.py"]
    for folder in ("policy", "web"):
        modules += sorted(
            p.relative_to(src).as_posix()
            for p in (src / "pasetokit" / folder).glob("*.py")
            if folder == "web" or p.name != "__init__.py"
        )
    for module in modules:
        assert (src / module).is_file(), module
        matching = [key for key in keys if fnmatch.fnmatch(module, key)]
        assert len(matching) == 1, (module, matching)


def test_line_map_narrows_only_where_it_knows() -> None:
    # A mutant runs only the tests that executed one of its lines; a line reached outside any
    # test (import time) or by none gets the whole selection (None), never a verdict.
    sys.path.insert(0, str(TOOLS))
    try:
        linemap = importlib.import_module("linemap")
    finally:
        sys.path.remove(str(TOOLS))
    lines = {"m.py": {"3": ["t2", "t1"], "4": ["t3"], "1": [linemap.OUTSIDE], "2": ["t1"]}}
    found = {"order": ["t1", "t2", "t3"], "lines": lines}
    assert linemap.tests_for(found, "m.py", 3, 4) == ["t1", "t2", "t3"]  # in run order
    assert linemap.tests_for(found, "m.py", 4, 4) == ["t3"]
    assert linemap.tests_for(found, "m.py", 1, 2) is None  # import time: everything
    assert linemap.tests_for(found, "m.py", 9, 9) is None  # never reached: everything
    assert linemap.tests_for(found, "other.py", 3, 3) is None

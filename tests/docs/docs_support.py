"""Code blocks of the README and the documentation site, as the docs tests run them.

Every fenced ``python`` block of ``README.md`` and ``docs/**/*.md`` runs, page by page: the
blocks of one page share one namespace and run in the order they are written, as a reader
would paste them. A block that is a fragment by design is preceded by the HTML comment
``<!-- fragment -->`` (blank lines may separate them); it is not run, only counted and listed
in the terminal summary, so fragments stay few and visible. A page that talks to Redis carries
``<!-- docs-test: redis -->``; its blocks run with ``REDIS_URL`` pointing at a real server.

Loaded as a pytest plugin (``pytest_plugins``) by ``test_docs_code.py`` for the summary hook.
PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = "<!-- fragment -->"
REDIS_PAGE = "<!-- docs-test: redis -->"
MAX_FRAGMENTS = 6  # raise it only with a reason: every fragment is a block nobody checks
# The opening fence of a Python block, possibly indented (inside a list item).
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?:python|py)\s*$")


@dataclass(frozen=True, slots=True)
class Block:
    """One fenced Python block: where it is, its dedented source, and whether it is a fragment."""

    path: Path
    line: int  # 1-based line of the first code line
    source: str
    fragment: bool

    @property
    def where(self) -> str:
        path = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{path.as_posix()}:{self.line}"

    def padded(self) -> str:
        """The source preceded by blank lines, so tracebacks show the Markdown file's lines."""
        return "\n" * (self.line - 1) + self.source


def markdown_files() -> list[Path]:
    """README.md and every page under docs/, in a stable order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _previous_text(lines: list[str], index: int) -> str:
    """The nearest non-blank line before ``lines[index]``, stripped."""
    for line in reversed(lines[:index]):
        if line.strip():
            return line.strip()
    return ""


def blocks(path: Path) -> Iterator[Block]:
    """The Python blocks of one Markdown file, in order. An unclosed fence is an error."""
    lines = path.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = _OPEN.match(lines[i])
        if opening is None:
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        start = i + 1
        end = start
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        if end == len(lines):
            raise ValueError(f"{path}:{i + 1}: unclosed code fence")
        body = [
            line[len(indent) :] if line.startswith(indent) else line for line in lines[start:end]
        ]
        yield Block(
            path=path,
            line=start + 1,
            source=textwrap.dedent("\n".join(body)) + "\n",
            fragment=_previous_text(lines, i) == FRAGMENT,
        )
        i = end + 1


def needs_redis(path: Path) -> bool:
    return REDIS_PAGE in path.read_text("utf-8")


def all_blocks() -> list[Block]:
    return [block for path in markdown_files() for block in blocks(path)]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the fragments (blocks not run by design) next to the number of blocks run."""
    found = all_blocks()
    fragments = [block.where for block in found if block.fragment]
    terminalreporter.write_line(
        f"docs code blocks: {len(found) - len(fragments)} run, {len(fragments)} fragment(s) "
        f"not run by design{': ' + ', '.join(fragments) if fragments else ''}"
    )

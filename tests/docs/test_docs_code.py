"""Every ``python`` block of the README and the documentation site runs (see ``docs_support``).

Each page runs in a fixed environment: fresh development keys in ``PASETO_LOCAL_KEY`` and
``PASETO_SECRET_KEY`` (what the pages tell readers to set), a temporary working directory,
no other ``PASETO_*`` variable, and ``REDIS_URL`` on pages that need Redis. Blocks may use
top-level ``await``; such a block runs in its own event loop.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import linecache
import os
import re
from pathlib import Path
from typing import Any

import pytest
from docs_support import MAX_FRAGMENTS, ROOT, Block, blocks, markdown_files, needs_redis

import pasetokit

pytest_plugins = ["redis_support", "docs_support"]

PAGES = markdown_files()


def run_block(block: Block, namespace: dict[str, Any]) -> None:
    """Compile as the page's own module (no ``__future__`` flags inherited from this file)."""
    source = block.padded()
    # Tracebacks then show the Markdown lines themselves.
    linecache.cache[block.where] = (len(source), None, source.splitlines(True), block.where)
    code = compile(
        source,
        block.where,
        "exec",
        flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
        dont_inherit=True,
    )
    if code.co_flags & inspect.CO_COROUTINE:
        asyncio.run(eval(code, namespace))  # noqa: S307 - our own documentation's code
    else:
        exec(code, namespace)  # noqa: S102 - our own documentation's code


@pytest.fixture
def page_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("PASETO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PASETO_LOCAL_KEY", pasetokit.LocalKey.generate().to_paserk())
    monkeypatch.setenv("PASETO_SECRET_KEY", pasetokit.SecretKey.generate().to_paserk())
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
@pytest.mark.usefixtures("page_environment")
def test_page_code_runs(
    page: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if needs_redis(page):
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
    namespace: dict[str, Any] = {"__name__": f"docs_page_{page.stem.replace('-', '_')}"}
    for block in blocks(page):
        if not block.fragment:
            run_block(block, namespace)


def test_pages_have_code_and_fragments_are_few() -> None:
    """A docs page without a runnable block would make the test above vacuous for it; the
    reference pages (generated from docstrings) and the home page are the exceptions."""
    found = [block for page in PAGES for block in blocks(page)]
    fragments = [block.where for block in found if block.fragment]
    assert len(fragments) <= MAX_FRAGMENTS, fragments
    with_code = {block.path for block in found if not block.fragment}
    guides = [
        page
        for page in PAGES
        if page.parent.name in {"guides", "migration"} or page.name == "quickstart.md"
    ]
    assert guides, "no guide pages found"
    assert [page.name for page in guides if page not in with_code] == []


def test_fragment_marker_is_recognised(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# t\n\n<!-- fragment -->\n\n```python\nnot python at all\n```\n\n"
        "- item\n\n  ```python\n  x = 1\n  ```\n",
        "utf-8",
    )
    got = [(block.line, block.fragment, block.source) for block in blocks(page)]
    assert got == [(6, True, "not python at all\n"), (12, False, "x = 1\n")]


def test_a_failing_block_fails_with_its_markdown_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n\n```python\nx = 1\nassert x == 2\n```\n", "utf-8")
    (block,) = blocks(page)
    with pytest.raises(AssertionError) as info:
        run_block(block, {})
    assert info.traceback[-1].lineno + 1 == 5  # 0-based in pytest's traceback


def test_top_level_await_runs() -> None:
    page_block = Block(
        path=ROOT / "x.md",
        line=1,
        source="import asyncio\nawait asyncio.sleep(0)\ny = 2\n",
        fragment=False,
    )
    namespace: dict[str, Any] = {}
    run_block(page_block, namespace)
    assert namespace["y"] == 2


def test_every_public_name_is_in_the_api_reference() -> None:
    """A name added to a package's ``__all__`` needs a ``::: package.Name`` entry under
    docs/reference/ (mkdocs build --strict then checks that it resolves)."""
    import pasetokit_fastapi
    import pasetokit_flask

    text = "\n".join(p.read_text("utf-8") for p in sorted((ROOT / "docs/reference").glob("*.md")))
    documented = set(re.findall(r"^::: ([\w.]+)", text, re.MULTILINE))
    missing = [
        f"{module.__name__}.{name}"
        for module in (pasetokit, pasetokit_fastapi, pasetokit_flask)
        for name in module.__all__
        if name != "__version__" and f"{module.__name__}.{name}" not in documented
    ]
    assert missing == []

"""Which tests run which lines of the mutated files: a pytest plugin and its reader.

The statement engine runs a module's test selection once with this plugin
(``-p linemap``, ``LINEMAP_FILES`` = the files, ``os.pathsep``-separated, ``LINEMAP_OUT`` = a
JSON path), then runs each mutant against only the tests that executed one of its lines. A
mutant no test executes can only survive, but a line reached outside any test (at import, in a
fixture of session scope, in a thread started before tracing, in a subprocess) is not
attributed to a test, so such a mutant gets the whole selection: the map only ever narrows a run
where it knows, never decides a verdict.

No coverage dependency: ``sys.settrace`` with a global tracer that returns ``None`` for every
frame outside the files, so only their frames pay for line events.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

OUTSIDE = "<outside a test>"
_files = {f for f in os.environ.get("LINEMAP_FILES", "").split(os.pathsep) if f}
_hits: dict[str, dict[int, set[str]]] = {f: {} for f in _files}
_order: list[str] = []
_current = [OUTSIDE]  # the running test (a list, so the hook can set it without `global`)


def _local(frame: FrameType, event: str, arg: object) -> Any:
    if event == "line":
        _hits[frame.f_code.co_filename].setdefault(frame.f_lineno, set()).add(_current[0])
    return _local


def _global(frame: FrameType, event: str, arg: object) -> Any:
    return _local if frame.f_code.co_filename in _files else None


if _files:  # installed when the plugin is imported, before any test module imports the code
    sys.settrace(_global)
    threading.settrace(_global)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _current[0] = item.nodeid
    _order.append(item.nodeid)
    yield
    _current[0] = OUTSIDE


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = os.environ.get("LINEMAP_OUT")
    if out:
        lines = {f: {str(n): sorted(ids) for n, ids in hits.items()} for f, hits in _hits.items()}
        Path(out).write_text(json.dumps({"order": _order, "lines": lines}), "utf-8")


def tests_for(linemap: dict[str, Any], file: str, first: int, last: int) -> list[str] | None:
    """The tests, in run order, that executed a line of ``file`` in ``first..last``; ``None``
    (run the whole selection) when a line there was reached outside a test, or by none."""
    hits = linemap["lines"].get(file, {})
    found: set[str] = set()
    for line in range(first, last + 1):
        found.update(hits.get(str(line), ()))
    if not found or OUTSIDE in found:
        return None
    return [nodeid for nodeid in linemap["order"] if nodeid in found]

"""Ports of upstream examples: the upstream text, a table of import/configuration edits applied
to it (each must match exactly as often as the table says, so a table that no longer fits the
file fails), and a real server to drive the port over loopback.

``kind`` in :class:`Edit` says what an edit is: an import, a configuration change, or (named
with the reason, listed in the migration guide) the fix of a bug in upstream's own example
that fails on upstream too. Nothing else may be edited.
"""

import socket
import sys
import threading
import time
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import uvicorn

UPSTREAM = Path(__file__).parent / "upstream"


@dataclass(frozen=True)
class Edit:
    kind: Literal["import", "config", "upstream-bug"]
    old: str
    new: str
    count: int = 1
    why: str = ""

    def __post_init__(self) -> None:
        assert self.kind != "upstream-bug" or self.why, "an upstream-bug edit says why"


def upstream(project: str, name: str) -> str:
    return (UPSTREAM / project / f"{name}.py.txt").read_text("utf-8")


def port(source: str, edits: Sequence[Edit]) -> str:
    """``source`` with every edit applied; each ``old`` must occur exactly ``count`` times."""
    for edit in edits:
        found = source.count(edit.old)
        assert found == edit.count, f"{edit.old!r}: found {found} times, table says {edit.count}"
        source = source.replace(edit.old, edit.new)
    return source


def load(code: str, name: str) -> types.ModuleType:
    """Execute ``code`` as module ``name`` (registered in sys.modules, as an import would)."""
    module = types.ModuleType(name)
    module.__file__ = f"<port of {name}>"
    sys.modules[name] = module
    try:
        exec(compile(code, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the port
    except BaseException:
        del sys.modules[name]
        raise
    return module


@contextmanager
def serve_asgi(app: Any) -> Iterator[str]:
    """uvicorn on a free loopback port in a thread; bounded start-up and shut-down."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port_number = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, "uvicorn did not start within 10 s"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port_number}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop within 10 s"

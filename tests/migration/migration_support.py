"""Ports of upstream examples: the upstream text, a table of import/configuration edits applied
to it (each must match exactly as often as the table says, so a table that no longer fits the
file fails), and a real server to drive the port over loopback.

``kind`` in :class:`Edit` says what an edit is: an import, a configuration change, or (named
with the reason, listed in the migration guide) the fix of a bug in upstream's own example
that fails on upstream too. Nothing else may be edited.

Servers: :func:`serve_asgi` (uvicorn) and :func:`serve_wsgi` (werkzeug's threaded WSGI server),
each on a free loopback port, in a thread, with bounded start-up and shut-down.
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
from werkzeug.serving import WSGIRequestHandler, make_server

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


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # no access log in the test output; errors still reach log_error


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    """werkzeug's threaded WSGI server on a free loopback port (the server ``app.run()``
    starts), serving in a thread until the block ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        assert not thread.is_alive(), "the WSGI server did not stop within 10 s"

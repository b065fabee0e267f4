"""Writer processes that die or stall at a chosen point of one revocation (issue 11's feed).

Run as ``python feed_writer_support.py URL CLUSTER``: a zygote that imports everything once,
then for each line ``PREFIX OP NAME AT ACTION`` on stdin forks a writer. The writer builds a
real ``RedisRevocationStore`` (a new connection) on the real server and runs one write,
``OP``, for subject and name ``NAME``. Right after the ``AT``-th script call of that write has
been answered by Redis (and before the store sees the reply) it SIGKILLs itself (``ACTION``
``kill``: a crash between two steps of the write) or SIGSTOPs itself (``stop``: a stall that
the test ends with SIGCONT). Nothing about Redis is simulated: the commands reach the server
as they would; only the process's own fate is chosen. The zygote answers one line per event:
``killed``, ``stopped PID`` (then, once resumed, a second line), ``done`` (the write finished:
``AT`` was past its last call) or ``failed CODE``.

``OP`` is ``token`` (revoke_token NAME), ``family`` (revoke_family NAME, a family without a
record), ``subject`` (revoke_subject, before 2,000,000,000) or ``reuse`` (advance_family NAME
presenting ``r0`` after the test rotated it to ``r1``: reuse, so the family is revoked);
``async-OP`` runs the same write on ``AsyncRedisRevocationStore`` (its ``_adrive`` twin).

``FEED_WRITER_DEADLINE_MS``, if set, replaces the stores' write deadline on a cluster
(``WRITE_DEADLINE_S`` after the announcement) so a test can outlast it in well under a second:
the only knob, and it only shortens a bound the stall test must cross.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import traceback
from typing import Any

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.cluster

from pasetokit.redis import AsyncRedisRevocationStore, RedisRevocationStore
from pasetokit.stores import _redis_plans

BEFORE = 2_000_000_000.0


def _after_call(at: int, action: str) -> Any:
    calls = 0

    def hook(reply: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == at:
            fate = signal.SIGKILL if action == "kill" else signal.SIGSTOP
            os.kill(os.getpid(), fate)
        return reply

    return hook


def _client(url: str, cluster: bool, hook: Any) -> Any:
    base: Any = redis.cluster.RedisCluster if cluster else redis.Redis

    class Fated(base):  # type: ignore[misc]
        def execute_command(self, *args: Any, **options: Any) -> Any:
            reply = super().execute_command(*args, **options)
            return hook(reply) if str(args[0]).upper() == "EVALSHA" else reply

    return Fated.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def _async_client(url: str, cluster: bool, hook: Any) -> Any:
    base: Any = redis.asyncio.cluster.RedisCluster if cluster else redis.asyncio.Redis

    class Fated(base):  # type: ignore[misc]
        async def execute_command(self, *args: Any, **options: Any) -> Any:
            reply = await super().execute_command(*args, **options)
            return hook(reply) if str(args[0]).upper() == "EVALSHA" else reply

    return Fated.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def _call(store: Any, op: str, name: str) -> Any:
    """The write ``op`` on ``store``: its result, or (an async store) its coroutine."""
    if op == "token":
        return store.revoke_token(name, subject=name, ttl=600)
    if op == "family":
        return store.revoke_family(name, subject=name, ttl=600)
    if op == "subject":
        return store.revoke_subject(name, before=BEFORE, ttl=600)
    return store.advance_family(name, subject=name, presented="r0", successor="evil", ttl=600)


def _write(url: str, cluster: bool, command: list[str]) -> None:
    prefix, op, name, at, action = command
    hook = _after_call(int(at), action)
    if not op.startswith("async-"):
        _call(RedisRevocationStore(_client(url, cluster, hook), prefix=prefix), op, name)
        return
    client = _async_client(url, cluster, hook)
    store = AsyncRedisRevocationStore(client, prefix=prefix)

    async def main() -> None:
        await _call(store, op.removeprefix("async-"), name)

    asyncio.run(main())


def _fate(status: int) -> str:
    if os.WIFSTOPPED(status):
        return "stopped"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return "killed" if number == signal.SIGKILL else f"failed -{number}"
    code = os.WEXITSTATUS(status)
    return "done" if code == 0 else f"failed {code}"


def main(argv: list[str]) -> None:
    url, cluster = argv
    deadline_ms = os.environ.get("FEED_WRITER_DEADLINE_MS")
    if deadline_ms:
        _redis_plans._WRITE_DEADLINE_MS = int(deadline_ms)
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:  # the writer
            code = 0
            try:
                _write(url, cluster == "1", line.split())
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, os.WUNTRACED)
        fate = _fate(status)
        print(f"stopped {pid}" if fate == "stopped" else fate, flush=True)
        if fate == "stopped":
            _, status = os.waitpid(pid, 0)
            print(_fate(status), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

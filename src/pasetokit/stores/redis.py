"""Revocation stores on Redis (the ``pasetokit[redis]`` extra): :class:`RedisRevocationStore`
for ``redis.Redis`` and :class:`AsyncRedisRevocationStore` for ``redis.asyncio.Redis``.

Both implement :class:`pasetokit.stores.RevocationStore` (resp. ``AsyncRevocationStore``), so
any number of servers share revocations and refresh-token use through one Redis.

Key layout (``prefix`` defaults to ``"pasetokit:"``)::

    {prefix}jti:{jti}       "1"            a revoked token
    {prefix}fam:{family}    "1"            a revoked refresh-token family
    {prefix}sub:{subject}   "<before>"     "log out everywhere": epoch seconds, the max ever set
    {prefix}used:{jti}      "1"            a refresh token already used (rotation)

Every key carries a TTL: the ``ttl`` given, rounded up to whole seconds (at least 1), so
entries vanish when the tokens they describe would have expired. Writing a key that already
exists never shortens its remaining TTL, and a subject's ``before`` only ever moves forward:
both are enforced atomically by two small Lua scripts.

Key components are escaped, so any string is a safe ``jti``, family or subject: every
character outside ``A-Z a-z 0-9 - . _ ~ @ + =`` is percent-encoded from its UTF-8 bytes (lone
surrogates included, via ``surrogatepass``). ``%`` itself is encoded, so the escaping is
injective, and keys contain no ``:`` after the namespace tag: a subject such as
``"user:42"`` (key ``...sub:user%3A42``) can never reach into another namespace or entry. It
also keeps ``{``/``}`` out of keys, so user data cannot pick a Redis Cluster hash slot; to use
Redis Cluster, put a hash tag in the prefix (e.g. ``prefix="{pasetokit}:"``) so the keys that
``is_revoked`` reads with one ``MGET`` share a slot. Typical ids (base64url ``jti`` values,
UUIDs, e-mail addresses) are stored verbatim and stay readable in ``redis-cli``.

Any Redis failure (connection refused or lost, timeout, an error reply) raises
:class:`pasetokit.RevocationStoreUnavailableError`, whose message names only the operation and
the error class, never the server address or credentials; the policy then fails closed. Give
the client a short ``socket_timeout`` and few retries (see :meth:`RedisRevocationStore.from_url`)
so an unreachable Redis is reported in bounded time rather than stalling requests.
"""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn
from urllib.parse import quote

try:
    import redis
    import redis.asyncio
    import redis.asyncio.retry
    import redis.retry
    from redis.backoff import ExponentialWithJitterBackoff
    from redis.exceptions import RedisError
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess test
    if exc.name is None or exc.name.split(".")[0] != "redis":
        raise
    raise ModuleNotFoundError(
        'pasetokit.redis needs redis-py: pip install "pasetokit[redis]"', name=exc.name
    ) from None

from pasetokit.exceptions import ConfigurationError, RevocationStoreUnavailableError

__all__ = ["DEFAULT_PREFIX", "AsyncRedisRevocationStore", "RedisRevocationStore"]

DEFAULT_PREFIX = "pasetokit:"

# Longest TTL accepted (100 years): anything larger is a unit mistake, not a token lifetime.
_MAX_TTL_S = 100 * 366 * 24 * 3600

# Errors that mean "Redis cannot answer". asyncio.TimeoutError is its own class on 3.10.
_UNAVAILABLE: tuple[type[BaseException], ...] = (RedisError, OSError, asyncio.TimeoutError)

# Characters kept verbatim in key components (besides A-Z a-z 0-9 and "_.-~").
_SAFE = "@+="

# SET KEYS[1] to ARGV[1] with a TTL of ARGV[2] ms, never shortening a longer remaining TTL.
_SET_KEEP_TTL = """
local ttl = tonumber(ARGV[2])
local left = redis.call('PTTL', KEYS[1])
if left > ttl then ttl = left end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
return 1
"""

# Like _SET_KEEP_TTL for a subject: the value (epoch seconds) becomes max(old, ARGV[1]).
# The winning string is stored verbatim (Lua would reformat numbers with 14 digits).
_REVOKE_SUBJECT = """
local before = ARGV[1]
local current = redis.call('GET', KEYS[1])
if current then
  local old = tonumber(current)
  if old and old > tonumber(before) then before = current end
end
local ttl = tonumber(ARGV[2])
local left = redis.call('PTTL', KEYS[1])
if left > ttl then ttl = left end
redis.call('SET', KEYS[1], before, 'PX', ttl)
return before
"""


def _escape(component: str) -> str:
    """Injective, ``:``-free encoding of one key component (see the module docstring)."""
    return quote(component, safe=_SAFE, encoding="utf-8", errors="surrogatepass")


def _ttl_ms(ttl: float) -> int:
    """``ttl`` seconds rounded up to whole seconds (at least 1), in milliseconds."""
    return _ttl_s(ttl) * 1000


def _ttl_s(ttl: float) -> int:
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not math.isfinite(ttl):
        raise ConfigurationError(f"ttl must be a finite number of seconds, got {ttl!r}")
    if ttl > _MAX_TTL_S:
        raise ConfigurationError(f"ttl of {ttl!r} seconds is longer than 100 years")
    return max(1, math.ceil(ttl))


def _before_arg(before: float) -> str:
    if isinstance(before, bool) or not isinstance(before, (int, float)):
        raise ConfigurationError(f"before must be epoch seconds, got {before!r}")
    value = float(before)
    if not math.isfinite(value):
        raise ConfigurationError(f"before must be finite epoch seconds, got {before!r}")
    return repr(value)


def _unavailable(operation: str, exc: BaseException) -> NoReturn:
    # Only the class name: redis-py messages may carry the host, and the caller's URL may
    # carry credentials. The original stays reachable as __context__ for debugging.
    raise RevocationStoreUnavailableError(
        f"revocation store unavailable: Redis {type(exc).__name__} during {operation}"
    ) from None


def _check_prefix(prefix: object) -> str:
    if not isinstance(prefix, str) or not prefix:
        raise ConfigurationError(f"prefix must be a non-empty string, got {prefix!r}")
    return prefix


def _check_client(client: object, *, want_async: bool, store: str) -> None:
    for name in ("mget", "set", "register_script", "execute_command"):
        if not callable(getattr(client, name, None)):
            expected = "redis.asyncio.Redis" if want_async else "redis.Redis"
            raise ConfigurationError(
                f"{store} needs a {expected} client, got {type(client).__name__}"
            )
    is_async = inspect.iscoroutinefunction(getattr(client, "execute_command", None))
    if is_async and not want_async:
        raise ConfigurationError(
            "RedisRevocationStore got an asyncio client; use AsyncRedisRevocationStore"
        )
    if want_async and not is_async:
        raise ConfigurationError(
            "AsyncRedisRevocationStore got a synchronous client; use RedisRevocationStore"
        )


def _client_options(
    socket_timeout: float | None,
    socket_connect_timeout: float | None,
    kwargs: dict[str, Any],
    *,
    is_async: bool,
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": socket_connect_timeout,
    }
    if "retry" not in kwargs:
        # One quick retry (a dropped idle connection is re-dialled once), then fail: with
        # redis-py's own defaults (up to 10 retries, 5 s timeouts) an unreachable or hung
        # Redis can hold every request for seconds before it fails closed.
        backoff = ExponentialWithJitterBackoff(base=0.01, cap=0.1)
        retry_cls = redis.asyncio.retry.Retry if is_async else redis.retry.Retry
        options["retry"] = retry_cls(backoff, retries=1)
    options.update(kwargs)
    return options


class _Keys:
    """Key builders shared by both stores."""

    __slots__ = ("_fam", "_jti", "_sub", "_used", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._jti = prefix + "jti:"
        self._fam = prefix + "fam:"
        self._sub = prefix + "sub:"
        self._used = prefix + "used:"

    def jti(self, jti: str) -> str:
        return self._jti + _escape(jti)

    def fam(self, family: str) -> str:
        return self._fam + _escape(family)

    def sub(self, subject: str) -> str:
        return self._sub + _escape(subject)

    def used(self, jti: str) -> str:
        return self._used + _escape(jti)

    def lookup(self, jti: str, family: str | None, subject: str | None) -> list[str]:
        keys = [self._jti + _escape(jti)]
        if family is not None:
            keys.append(self._fam + _escape(family))
        if subject is not None:
            keys.append(self._sub + _escape(subject))
        return keys


def _decide(values: list[Any], family: str | None, subject: str | None, issued_at: float) -> bool:
    """Interpret the MGET reply of :meth:`_Keys.lookup`."""
    if values[0] is not None:
        return True
    i = 1
    if family is not None:
        if values[i] is not None:
            return True
        i += 1
    if subject is not None and values[i] is not None:
        try:
            before = float(values[i])
        except (TypeError, ValueError):
            raise RevocationStoreUnavailableError(
                "revocation store unavailable: unreadable subject entry in Redis"
            ) from None
        return before >= issued_at
    return False


class RedisRevocationStore:
    """A :class:`pasetokit.stores.RevocationStore` on a synchronous ``redis.Redis`` client.

    Thread-safe (redis-py's connection pool is). ``is_revoked`` costs one ``MGET``,
    ``mark_used`` one ``SET NX``, the revocations one ``EVALSHA`` each.
    """

    __slots__ = ("_client", "_keys", "_revoke_subject", "_set_keep_ttl")

    def __init__(self, client: redis.Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        _check_client(client, want_async=False, store="RedisRevocationStore")
        self._keys = _Keys(_check_prefix(prefix))
        self._client = client
        self._set_keep_ttl = client.register_script(_SET_KEEP_TTL)
        self._revoke_subject = client.register_script(_REVOKE_SUBJECT)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        socket_timeout: float | None = 1.0,
        socket_connect_timeout: float | None = 1.0,
        **client_options: Any,
    ) -> RedisRevocationStore:
        """Build the client from a ``redis://``, ``rediss://`` or ``unix://`` URL.

        Unlike redis-py's defaults (5 s timeouts, 10 retries), an outage is reported within
        about two timeouts: one retry with a short backoff unless ``retry=`` is given. Other
        keyword arguments go to ``redis.Redis.from_url``. No connection is made here.
        """
        options = _client_options(
            socket_timeout, socket_connect_timeout, client_options, is_async=False
        )
        try:
            client = redis.Redis.from_url(url, **options)
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(
                f"invalid Redis URL or client option ({type(exc).__name__}); expected "
                "redis://[user:password@]host[:port][/db], rediss://... or unix://..."
            ) from None
        return cls(client, prefix=prefix)

    @property
    def client(self) -> redis.Redis:
        return self._client

    @property
    def prefix(self) -> str:
        return self._keys.prefix

    def __repr__(self) -> str:  # never the client: its repr names the server
        return f"{type(self).__name__}(prefix={self._keys.prefix!r})"

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        keys = self._keys.lookup(jti, family, subject)
        try:
            values = self._client.mget(keys)
        except _UNAVAILABLE as exc:
            _unavailable("is_revoked", exc)
        return _decide(values, family, subject, issued_at)

    def revoke_token(self, jti: str, *, ttl: float) -> None:
        self._run(self._set_keep_ttl, self._keys.jti(jti), "1", _ttl_ms(ttl), "revoke_token")

    def revoke_family(self, family: str, *, ttl: float) -> None:
        self._run(self._set_keep_ttl, self._keys.fam(family), "1", _ttl_ms(ttl), "revoke_family")

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        key, value, ms = self._keys.sub(subject), _before_arg(before), _ttl_ms(ttl)
        self._run(self._revoke_subject, key, value, ms, "revoke_subject")

    def mark_used(self, jti: str, *, ttl: float) -> bool:
        key, seconds = self._keys.used(jti), _ttl_s(ttl)
        try:
            created = self._client.set(key, "1", nx=True, ex=seconds)
        except _UNAVAILABLE as exc:
            _unavailable("mark_used", exc)
        return bool(created)

    @staticmethod
    def _run(script: Callable[..., object], key: str, value: str, ms: int, operation: str) -> None:
        try:
            script(keys=[key], args=[value, ms])
        except _UNAVAILABLE as exc:
            _unavailable(operation, exc)


class AsyncRedisRevocationStore:
    """A :class:`pasetokit.stores.AsyncRevocationStore` on a ``redis.asyncio.Redis`` client.

    Same keys and scripts as :class:`RedisRevocationStore` (the two interoperate on one Redis).
    A ``redis.asyncio`` client belongs to the event loop that first used it.
    """

    __slots__ = ("_client", "_keys", "_revoke_subject", "_set_keep_ttl")

    def __init__(self, client: redis.asyncio.Redis, *, prefix: str = DEFAULT_PREFIX) -> None:
        _check_client(client, want_async=True, store="AsyncRedisRevocationStore")
        self._keys = _Keys(_check_prefix(prefix))
        self._client = client
        self._set_keep_ttl = client.register_script(_SET_KEEP_TTL)
        self._revoke_subject = client.register_script(_REVOKE_SUBJECT)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        prefix: str = DEFAULT_PREFIX,
        socket_timeout: float | None = 1.0,
        socket_connect_timeout: float | None = 1.0,
        **client_options: Any,
    ) -> AsyncRedisRevocationStore:
        """As :meth:`RedisRevocationStore.from_url`, with ``redis.asyncio.Redis.from_url``."""
        options = _client_options(
            socket_timeout, socket_connect_timeout, client_options, is_async=True
        )
        try:
            client = redis.asyncio.Redis.from_url(url, **options)
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(
                f"invalid Redis URL or client option ({type(exc).__name__}); expected "
                "redis://[user:password@]host[:port][/db], rediss://... or unix://..."
            ) from None
        return cls(client, prefix=prefix)

    @property
    def client(self) -> redis.asyncio.Redis:
        return self._client

    @property
    def prefix(self) -> str:
        return self._keys.prefix

    def __repr__(self) -> str:
        return f"{type(self).__name__}(prefix={self._keys.prefix!r})"

    async def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        keys = self._keys.lookup(jti, family, subject)
        try:
            values = await self._client.mget(keys)
        except _UNAVAILABLE as exc:
            _unavailable("is_revoked", exc)
        return _decide(values, family, subject, issued_at)

    async def revoke_token(self, jti: str, *, ttl: float) -> None:
        await self._run(self._set_keep_ttl, self._keys.jti(jti), "1", _ttl_ms(ttl), "revoke_token")

    async def revoke_family(self, family: str, *, ttl: float) -> None:
        await self._run(
            self._set_keep_ttl, self._keys.fam(family), "1", _ttl_ms(ttl), "revoke_family"
        )

    async def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        key, value, ms = self._keys.sub(subject), _before_arg(before), _ttl_ms(ttl)
        await self._run(self._revoke_subject, key, value, ms, "revoke_subject")

    async def mark_used(self, jti: str, *, ttl: float) -> bool:
        key, seconds = self._keys.used(jti), _ttl_s(ttl)
        try:
            created = await self._client.set(key, "1", nx=True, ex=seconds)
        except _UNAVAILABLE as exc:
            _unavailable("mark_used", exc)
        return bool(created)

    @staticmethod
    async def _run(
        script: Callable[..., Awaitable[object]], key: str, value: str, ms: int, operation: str
    ) -> None:
        try:
            await script(keys=[key], args=[value, ms])
        except _UNAVAILABLE as exc:
            _unavailable(operation, exc)

"""Response loaders, Flask-JWT-Extended style, held for an adapter: the error loaders by kind,
the user loader, and the checks run after the policy accepted a token. Which loader answers a
token error is decided here: the most specific kind first (``unauthorized``, ``expired``,
``needs_fresh``, ``revoked``, ``user_lookup``, ``invalid``), then ``any``. What a loader
returns (a response, an awaitable) is the adapter's business. :class:`LoaderRegistry` gives an
adapter's extension object the registering decorators (``manager.expired_token_loader`` ...)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pasetokit import (
    ExpiredTokenError,
    FreshTokenRequiredError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
)

__all__ = ["LoaderRegistry", "ResponseLoaders", "loader_names", "resolved"]

# What the registering decorators accept and give back unchanged: an error loader takes the
# exception, a user loader the claims; what either returns is the adapter's to type and check.
ErrorLoaderT = TypeVar("ErrorLoaderT", bound=Callable[[Any], object])
UserLoaderT = TypeVar("UserLoaderT", bound=Callable[[dict[str, Any]], object])


async def resolved(value: Any) -> Any:
    """``value``, awaited first if a loader returned an awaitable (an ``async def`` loader)."""
    return await value if inspect.isawaitable(value) else value


def loader_names(exc: TokenError, status: int, user_lookup: bool) -> tuple[str, ...]:
    """The loaders that may answer ``exc``, most specific first (Flask-JWT-Extended's kinds)."""
    if isinstance(exc, MissingTokenError):
        return ("unauthorized", "any")
    if isinstance(exc, ExpiredTokenError):
        return ("expired", "any")
    if isinstance(exc, FreshTokenRequiredError):
        return ("needs_fresh", "any")
    if isinstance(exc, RevokedTokenError):
        return ("revoked", "any")
    if user_lookup:
        return ("user_lookup", "invalid", "any")
    if status == 401:
        return ("invalid", "any")
    return ("any",)


class ResponseLoaders:
    """The loaders of one adapter instance (mutable: they are registered after it is built)."""

    __slots__ = ("checks", "errors", "user")

    def __init__(self) -> None:
        self.errors: dict[str, Callable[[Any], Any]] = {}
        # (claims) -> user | None: the user a verified token belongs to
        self.user: Callable[[dict[str, Any]], Any] | None = None
        # (claims) -> None: refuses an accepted token by raising a TokenError (a blocklist)
        self.checks: list[Callable[[dict[str, Any]], Any]] = []

    def for_error(
        self, exc: TokenError, status: int, user_lookup: bool
    ) -> Callable[[Any], Any] | None:
        """The loader that answers ``exc`` (``None``: the default response)."""
        if self.errors:
            for name in loader_names(exc, status, user_lookup):
                loader = self.errors.get(name)
                if loader is not None:
                    return loader
        return None

    def lookup(self, claims: dict[str, Any], run: Callable[[Any], Callable[..., Any]]) -> Any:
        """Run the checks, then the user loader, on accepted ``claims``; the user (``None``
        without a user loader). ``run`` makes each callable synchronous (an async one is run
        to completion)."""
        for check in self.checks:
            run(check)(claims)
        return None if self.user is None else run(self.user)(claims)

    async def alookup(self, claims: dict[str, Any]) -> Any:
        """Async twin of :meth:`lookup`: an async check or user loader is awaited."""
        for check in self.checks:
            await resolved(check(claims))
        return None if self.user is None else await resolved(self.user(claims))


class LoaderRegistry:
    """The Flask-JWT-Extended-style decorators that register an application's loaders into
    ``self._loaders``; each error loader receives the pasetokit exception."""

    _loaders: ResponseLoaders

    @property
    def error_loaders(self) -> Mapping[str, Callable[[Any], Any]]:
        """The registered error loaders by kind (``"unauthorized"``, ``"invalid"``, ``"expired"``,
        ``"needs_fresh"``, ``"revoked"``, ``"user_lookup"``, ``"any"``): read-only use.
        """
        return self._loaders.errors

    @property
    def user_loader(self) -> Callable[[dict[str, Any]], Any] | None:
        """The ``user_lookup_loader`` callback, or ``None`` when the app registered none."""
        return self._loaders.user

    def _register(self, name: str, callback: ErrorLoaderT) -> ErrorLoaderT:
        self._loaders.errors[name] = callback
        return callback

    def unauthorized_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """No token in the request (``MissingTokenError``)."""
        return self._register("unauthorized", callback)

    def invalid_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """Malformed, forged, wrong-type or otherwise unacceptable token."""
        return self._register("invalid", callback)

    def expired_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``ExpiredTokenError``."""
        return self._register("expired", callback)

    def needs_fresh_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``FreshTokenRequiredError``."""
        return self._register("needs_fresh", callback)

    def revoked_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``RevokedTokenError`` and ``RefreshTokenReusedError``."""
        return self._register("revoked", callback)

    def user_lookup_error_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """The ``user_lookup_loader`` returned ``None`` (``UserLookupError``)."""
        return self._register("user_lookup", callback)

    def token_error_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """Fallback for every token error without a more specific loader (scope, CSRF, 503...)."""
        return self._register("any", callback)

    def user_lookup_loader(self, callback: UserLoaderT) -> UserLoaderT:
        """``callback(claims) -> user | None`` (sync or async); its result is ``current_user``.

        Called once per verified request, before the view; ``None`` rejects the request (401).
        """
        self._loaders.user = callback
        return callback

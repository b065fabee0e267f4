"""Response loaders, Flask-JWT-Extended style, held for an adapter: the error loaders by kind,
the user loader, and the checks run after the policy accepted a token. Which loader answers a
token error is decided here: the most specific kind first (``unauthorized``, ``expired``,
``needs_fresh``, ``revoked``, ``user_lookup``, ``invalid``), then ``any``. What a loader
returns (a response, an awaitable) is the adapter's business."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pasetokit import (
    ExpiredTokenError,
    FreshTokenRequiredError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
)

__all__ = ["ResponseLoaders", "loader_names"]


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

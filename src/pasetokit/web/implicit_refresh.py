"""Implicit refresh of cookie sessions (``implicit_refresh=`` / ``PASETO_IMPLICIT_REFRESH``):
when a request was authenticated by an access *cookie* with at most that window left, a
successful response carries a re-issued access cookie and its CSRF cookie.

Decided here once, for both adapters; each only applies it (FastAPI: a middleware that
``auth.install(app)`` adds; Flask: an ``after_request`` hook that ``init_app`` registers):

- only a token found in a cookie, and only an access token: a header, query-string or JSON
  token is never turned into a cookie, and a refresh token is never re-issued;
- the copy is :meth:`TokenPolicy.reissue_access`'s: same family, subject, scopes and ``csrf``
  value (so the CSRF cookie keeps its value and a script's copy of it stays right), never
  fresh, never past the refresh token it was issued with (``fam_exp``); the family is not
  rotated, so two requests that re-issue at once cannot trip reuse detection and log the user
  out. A token without ``fam_exp`` (minted alone) is left to expire;
- only on a response below 400, and not when the response sets or clears the access cookie
  itself (a log-in, a log-out, a step-up that minted a fresh token wins);
- a refusal (revoked meanwhile, the family's limit reached, the store down) only skips the
  re-issue: the request has been answered already, and the current cookie is still valid.
  An outage is logged as a warning on ``pasetokit.web``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from pasetokit import (
    ConfigurationError,
    ReissueRefusedError,
    RevocationStoreUnavailableError,
    TokenError,
    TokenPolicy,
)

from .cookies import CookieSpec, token_cookies
from .settings import WebSettings
from .timestamps import claim_time

__all__ = ["ImplicitRefresh"]

logger = logging.getLogger("pasetokit.web")


class ImplicitRefresh:
    """The re-issue rule of one adapter instance; :meth:`of` is ``None`` when it is off."""

    __slots__ = ("_csrf", "_names", "_policy", "_settings", "window")

    def __init__(self, policy: TokenPolicy, settings: WebSettings, window: timedelta) -> None:
        if window >= policy.access_ttl:
            raise ConfigurationError(
                f"implicit_refresh ({window}) must be shorter than the policy's access_ttl "
                f"({policy.access_ttl}): otherwise every request would re-issue its cookie"
            )
        self._policy = policy
        self._settings = settings
        self._csrf = settings.csrf_protect
        self._names = (
            f"{settings.access_cookie_name}=",
            f"{settings.access_csrf_cookie_name}=",
        )
        self.window = window

    @classmethod
    def of(cls, policy: TokenPolicy, settings: WebSettings) -> ImplicitRefresh | None:
        """The rule for ``settings.implicit_refresh``, or ``None`` when the setting is off.

        Raises:
            ConfigurationError: The window is not shorter than the policy's ``access_ttl``.
        """
        window = settings.implicit_refresh
        return None if window is None else cls(policy, settings, window)

    def wanted(self, claims: Mapping[str, Any], location: str) -> bool:
        """Whether a request authenticated by these verified ``claims``, found at ``location``,
        asks for a re-issue: an access token from a cookie, of a refresh family whose limit
        lies beyond its ``exp``, with at most the window left (and a ``csrf`` value while CSRF
        protection is on, which its CSRF cookie needs)."""
        if location != "cookies" or claims.get("type") != "access" or "fam_exp" not in claims:
            return False
        if self._csrf and type(claims.get("csrf")) is not str:
            return False
        try:
            exp, limit = claim_time(claims, "exp"), claim_time(claims, "fam_exp")
        except TokenError:
            return False
        return exp < limit and exp - self._policy.clock() <= self.window

    def applies(self, status: int, set_cookies: Iterable[str]) -> bool:
        """Whether a response with this ``status`` and these ``Set-Cookie`` values may carry
        the re-issued cookies: a success (below 400) that does not set or clear them itself."""
        if status >= 400:
            return False
        return not any(value.lstrip().startswith(self._names) for value in set_cookies)

    def cookies(self, token: str, claims: Mapping[str, Any]) -> list[CookieSpec]:
        """The cookies for a copy of ``token`` (its verified ``claims``; ``[]`` when the
        policy refuses a copy)."""
        try:
            new = self._policy.reissue_access(token)
        except TokenError as exc:
            return _skipped(exc)
        return self._specs(new, claims)

    async def acookies(self, token: str, claims: Mapping[str, Any]) -> list[CookieSpec]:
        """:meth:`cookies` for async code (an async store is awaited)."""
        try:
            new = await self._policy.areissue_access(token)
        except TokenError as exc:
            return _skipped(exc)
        return self._specs(new, claims)

    def _specs(self, token: str, claims: Mapping[str, Any]) -> list[CookieSpec]:
        # The cookie lives as long as the copy: the access lifetime, or less when capped at
        # the family's limit, as reissue_access caps it (session cookies keep no Max-Age).
        max_age: float | None = None
        if not self._settings.session_cookie:
            left = claim_time(claims, "fam_exp") - self._policy.clock()
            max_age = max(1, int(min(self._policy.access_ttl, left).total_seconds()))
        return token_cookies(self._policy, self._settings, token, refresh=False, max_age=max_age)


def _skipped(exc: TokenError) -> list[CookieSpec]:
    if isinstance(exc, RevocationStoreUnavailableError):
        logger.warning("implicit refresh skipped: %s", exc.message)
    elif not isinstance(exc, ReissueRefusedError):
        logger.info("implicit refresh skipped: %s", exc.code)
    return []

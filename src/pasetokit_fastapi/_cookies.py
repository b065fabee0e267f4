"""Token cookies with safe defaults, plus the JS-readable double-submit CSRF cookies.

Token cookies are ``HttpOnly``, ``Secure`` (``cookie_secure=False`` relaxes it for local HTTP
development), ``SameSite=Lax`` and scoped by path; they last as long as the token unless
``session_cookie=True``. The CSRF cookie carries the token's own ``csrf`` value (bound in by the
policy: ``csrf=True``, the default for tokens minted through an ``Auth`` whose locations include
cookies) and is readable by scripts, which echo it in the ``X-CSRF-Token`` header on unsafe
methods.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response

from pasetokit import ConfigurationError, TokenPolicy

from ._settings import AuthSettings

__all__ = ["set_token_cookies", "unset_token_cookies"]


def _max_age(
    policy: TokenPolicy, settings: AuthSettings, refresh: bool, max_age: timedelta | float | None
) -> int | None:
    if max_age is not None:
        seconds = max_age.total_seconds() if isinstance(max_age, timedelta) else max_age
        return int(seconds)
    if settings.session_cookie:
        return None
    ttl = policy.refresh_ttl if refresh else policy.access_ttl
    return int(ttl.total_seconds())


def set_token_cookies(
    policy: TokenPolicy,
    settings: AuthSettings,
    response: Response,
    token: str,
    *,
    refresh: bool,
    max_age: timedelta | float | None = None,
) -> None:
    """Put ``token`` (and its CSRF value, when CSRF protection is on) in cookies."""
    csrf: str | None = None
    if settings.csrf_protect:
        csrf = policy.csrf_value(token)  # verified, no store call
        if csrf is None:
            raise ConfigurationError(
                "this token carries no CSRF value, so it cannot go in a cookie while "
                "csrf_protect is on: create it with csrf=True (the Auth's create_* methods do "
                "so by default when token_locations includes 'cookies')"
            )
    common: dict[str, Any] = {
        "max_age": _max_age(policy, settings, refresh, max_age),
        "domain": settings.cookie_domain,
        "secure": settings.cookie_secure,
        "samesite": settings.cookie_samesite,
    }
    response.set_cookie(
        settings.refresh_cookie_name if refresh else settings.access_cookie_name,
        token,
        path=settings.refresh_cookie_path if refresh else settings.access_cookie_path,
        httponly=True,
        **common,
    )
    if csrf is not None:
        response.set_cookie(
            settings.refresh_csrf_cookie_name if refresh else settings.access_csrf_cookie_name,
            csrf,
            path=settings.refresh_csrf_cookie_path if refresh else settings.access_csrf_cookie_path,
            httponly=False,  # the page's script reads it and echoes it in the CSRF header
            **common,
        )


def unset_token_cookies(settings: AuthSettings, response: Response, *, refresh: bool) -> None:
    """Expire the access (or refresh) token cookie and its CSRF cookie."""
    common: dict[str, Any] = {
        "domain": settings.cookie_domain,
        "secure": settings.cookie_secure,
        "samesite": settings.cookie_samesite,
    }
    response.delete_cookie(
        settings.refresh_cookie_name if refresh else settings.access_cookie_name,
        path=settings.refresh_cookie_path if refresh else settings.access_cookie_path,
        httponly=True,
        **common,
    )
    if settings.csrf_protect:
        response.delete_cookie(
            settings.refresh_csrf_cookie_name if refresh else settings.access_csrf_cookie_name,
            path=settings.refresh_csrf_cookie_path if refresh else settings.access_csrf_cookie_path,
            **common,
        )

"""Token cookies with safe defaults, plus the JS-readable double-submit CSRF cookies.

Token cookies are ``HttpOnly``, ``Secure`` (``PASETO_COOKIE_SECURE=False`` relaxes it for local
HTTP development), ``SameSite=Lax`` and scoped by path; they last as long as the token unless
``PASETO_SESSION_COOKIE`` is set. The CSRF cookie carries the token's own ``csrf`` value (bound
in by the policy, ``csrf=True``) and is readable by scripts, which echo it in the
``X-CSRF-Token`` header on unsafe methods.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response

from pasetokit import ConfigurationError

from ._manager import AppState, get_state

__all__ = [
    "set_access_cookies",
    "set_refresh_cookies",
    "unset_access_cookies",
    "unset_cookies",
    "unset_refresh_cookies",
]


def _max_age(state: AppState, refresh: bool, max_age: timedelta | float | None) -> int | None:
    if max_age is not None:
        seconds = max_age.total_seconds() if isinstance(max_age, timedelta) else max_age
        return int(seconds)
    if state.settings.session_cookie:
        return None
    ttl = state.policy.refresh_ttl if refresh else state.policy.access_ttl
    return int(ttl.total_seconds())


def _csrf_value(state: AppState, token: str) -> str | None:
    """The token's CSRF value (``policy.csrf_value``: verified, no store call), or ``None``
    when CSRF protection is off."""
    if not state.settings.csrf_protect:
        return None
    value = state.policy.csrf_value(token)
    if value is None:
        raise ConfigurationError(
            "this token carries no CSRF value, so it cannot go in a cookie while "
            "PASETO_COOKIE_CSRF_PROTECT is on: create it with csrf=True (create_access_token and "
            "friends do so by default when PASETO_TOKEN_LOCATION includes 'cookies')"
        )
    return value


def _set(
    state: AppState,
    response: Response,
    token: str,
    *,
    refresh: bool,
    csrf: str | None,
    max_age: timedelta | float | None,
    domain: str | None,
) -> None:
    s = state.settings
    common: dict[str, Any] = {
        "max_age": _max_age(state, refresh, max_age),
        "domain": domain if domain is not None else s.cookie_domain,
        "secure": s.cookie_secure,
        "samesite": s.cookie_samesite,
    }
    response.set_cookie(
        s.refresh_cookie_name if refresh else s.access_cookie_name,
        token,
        path=s.refresh_cookie_path if refresh else s.access_cookie_path,
        httponly=True,
        **common,
    )
    if csrf is not None:
        response.set_cookie(
            s.refresh_csrf_cookie_name if refresh else s.access_csrf_cookie_name,
            csrf,
            path=s.refresh_csrf_cookie_path if refresh else s.access_csrf_cookie_path,
            httponly=False,  # the page's script reads it and echoes it in the CSRF header
            **common,
        )


def set_access_cookies(
    response: Response,
    access_token: str,
    *,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Put ``access_token`` and its CSRF value in cookies on ``response`` (``max_age``
    defaults to the policy's ``access_ttl``)."""
    state = get_state()
    csrf = _csrf_value(state, access_token)
    _set(state, response, access_token, refresh=False, csrf=csrf, max_age=max_age, domain=domain)


def set_refresh_cookies(
    response: Response,
    refresh_token: str,
    *,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Put ``refresh_token`` and its CSRF value in cookies on ``response`` (``max_age``
    defaults to the policy's ``refresh_ttl``)."""
    state = get_state()
    csrf = _csrf_value(state, refresh_token)
    _set(state, response, refresh_token, refresh=True, csrf=csrf, max_age=max_age, domain=domain)


def _unset(response: Response, refresh: bool, domain: str | None) -> None:
    s = get_state().settings
    common: dict[str, Any] = {
        "domain": domain if domain is not None else s.cookie_domain,
        "secure": s.cookie_secure,
        "samesite": s.cookie_samesite,
    }
    response.delete_cookie(
        s.refresh_cookie_name if refresh else s.access_cookie_name,
        path=s.refresh_cookie_path if refresh else s.access_cookie_path,
        httponly=True,
        **common,
    )
    if s.csrf_protect:
        response.delete_cookie(
            s.refresh_csrf_cookie_name if refresh else s.access_csrf_cookie_name,
            path=s.refresh_csrf_cookie_path if refresh else s.access_csrf_cookie_path,
            **common,
        )


def unset_access_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire the access-token cookie and its CSRF cookie."""
    _unset(response, False, domain)


def unset_refresh_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire the refresh-token cookie and its CSRF cookie."""
    _unset(response, True, domain)


def unset_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire every cookie that ``set_access_cookies`` / ``set_refresh_cookies`` set."""
    _unset(response, False, domain)
    _unset(response, True, domain)

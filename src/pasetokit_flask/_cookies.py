"""Token cookies on a Flask response: ``pasetokit.web``'s cookie specifications (HttpOnly,
Secure, SameSite=Lax token cookies; script-readable double-submit CSRF cookies) applied to
the response. ``domain`` overrides ``PASETO_COOKIE_DOMAIN`` for one call."""

from __future__ import annotations

from datetime import timedelta

from flask import Response

from pasetokit.web import apply_cookies

from ._state import get_state

__all__ = [
    "set_access_cookies",
    "set_refresh_cookies",
    "unset_access_cookies",
    "unset_cookies",
    "unset_refresh_cookies",
]


def set_access_cookies(
    response: Response,
    access_token: str,
    *,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Put ``access_token`` and its CSRF value in cookies on ``response`` (``max_age``
    defaults to the policy's ``access_ttl``)."""
    specs = get_state().gate.set_cookies(
        access_token, refresh=False, max_age=max_age, domain=domain
    )
    apply_cookies(response, specs)


def set_refresh_cookies(
    response: Response,
    refresh_token: str,
    *,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Put ``refresh_token`` and its CSRF value in cookies on ``response`` (``max_age``
    defaults to the policy's ``refresh_ttl``)."""
    specs = get_state().gate.set_cookies(
        refresh_token, refresh=True, max_age=max_age, domain=domain
    )
    apply_cookies(response, specs)


def unset_access_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire the access-token cookie and its CSRF cookie."""
    apply_cookies(response, get_state().gate.clear_cookies(refresh=False, domain=domain))


def unset_refresh_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire the refresh-token cookie and its CSRF cookie."""
    apply_cookies(response, get_state().gate.clear_cookies(refresh=True, domain=domain))


def unset_cookies(response: Response, *, domain: str | None = None) -> None:
    """Expire every cookie that ``set_access_cookies`` / ``set_refresh_cookies`` set."""
    unset_access_cookies(response, domain=domain)
    unset_refresh_cookies(response, domain=domain)

"""What to set and what to clear: token cookies with safe defaults, plus the JS-readable
double-submit CSRF cookies, as framework-neutral :class:`CookieSpec` values.

Token cookies are ``HttpOnly``, ``Secure`` (``cookie_secure=False`` relaxes it for local HTTP
development), ``SameSite=Lax`` and scoped by path; they last as long as the token unless
``session_cookie`` is on. The CSRF cookie carries the token's own ``csrf`` value (bound in by
the policy: ``csrf=True``, the default for tokens minted through an adapter whose locations
include cookies) and is readable by scripts, which echo it in the CSRF header on unsafe
methods. Both adapters' ``set_cookie`` / ``delete_cookie`` take the options as keywords.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from pasetokit import ConfigurationError, TokenPolicy

from .settings import WebSettings

__all__ = ["CookieSink", "CookieSpec", "apply_cookies", "cleared_cookies", "token_cookies"]


@dataclass(frozen=True, slots=True)
class CookieSpec:
    """One cookie to set (``value``) or to expire (``value is None``); ``options`` are the
    keyword arguments of Starlette's and werkzeug's ``set_cookie`` / ``delete_cookie``."""

    name: str
    value: str | None
    options: dict[str, Any]


def _max_age(
    policy: TokenPolicy, settings: WebSettings, refresh: bool, max_age: timedelta | float | None
) -> int | None:
    if max_age is not None:
        if isinstance(max_age, bool) or not isinstance(max_age, (timedelta, int, float)):
            raise ConfigurationError(f"max_age must be a timedelta or seconds, not {max_age!r}")
        seconds = max_age.total_seconds() if isinstance(max_age, timedelta) else max_age
        return int(seconds)
    if settings.session_cookie:
        return None
    ttl = policy.refresh_ttl if refresh else policy.access_ttl
    return int(ttl.total_seconds())


def _common(settings: WebSettings, domain: str | None) -> dict[str, Any]:
    if domain is not None:
        settings = settings.replace(cookie_domain=domain)  # validated like the setting
    return {
        "domain": settings.cookie_domain,
        "secure": settings.cookie_secure,
        "samesite": settings.cookie_samesite,
    }


def token_cookies(
    policy: TokenPolicy,
    settings: WebSettings,
    token: str,
    *,
    refresh: bool,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> list[CookieSpec]:
    """The token cookie and (CSRF protection on) its CSRF cookie for ``token``."""
    csrf: str | None = None
    if settings.csrf_protect:
        csrf = policy.csrf_value(token)  # verified, no store call
        if csrf is None:
            raise ConfigurationError(
                "this token carries no CSRF value, so it cannot go in a cookie while CSRF "
                "protection is on: create it with csrf=True (the adapters' create_* do so by "
                "default when the token locations include 'cookies')"
            )
    common = _common(settings, domain) | {"max_age": _max_age(policy, settings, refresh, max_age)}
    path = settings.refresh_cookie_path if refresh else settings.access_cookie_path
    specs = [
        CookieSpec(settings.cookie_name(refresh), token, {"path": path, "httponly": True} | common)
    ]
    if csrf is not None:
        csrf_path = (
            settings.refresh_csrf_cookie_path if refresh else settings.access_csrf_cookie_path
        )
        # httponly=False: the page's script reads it and echoes it in the CSRF header
        specs.append(
            CookieSpec(
                settings.csrf_cookie_name(refresh),
                csrf,
                {"path": csrf_path, "httponly": False} | common,
            )
        )
    return specs


def cleared_cookies(
    settings: WebSettings, *, refresh: bool, domain: str | None = None
) -> list[CookieSpec]:
    """The cookies :func:`token_cookies` sets, to expire (same name, path and domain)."""
    common = _common(settings, domain)
    path = settings.refresh_cookie_path if refresh else settings.access_cookie_path
    specs = [
        CookieSpec(settings.cookie_name(refresh), None, {"path": path, "httponly": True} | common)
    ]
    if settings.csrf_protect:
        csrf_path = (
            settings.refresh_csrf_cookie_path if refresh else settings.access_csrf_cookie_path
        )
        specs.append(
            CookieSpec(settings.csrf_cookie_name(refresh), None, {"path": csrf_path} | common)
        )
    return specs


class CookieSink(Protocol):
    """A response with Starlette's / werkzeug's ``set_cookie`` and ``delete_cookie``."""

    @property
    def set_cookie(self) -> Callable[..., object]:
        """``set_cookie(name, value, **options)``: set one cookie on the response."""
        ...

    @property
    def delete_cookie(self) -> Callable[..., object]:
        """``delete_cookie(name, **options)``: expire one cookie (same path and domain)."""
        ...


def apply_cookies(response: CookieSink, specs: Iterable[CookieSpec]) -> None:
    """Set each spec that has a value on ``response``, expire each that has none."""
    for spec in specs:
        if spec.value is None:
            response.delete_cookie(spec.name, **spec.options)
        else:
            response.set_cookie(spec.name, spec.value, **spec.options)

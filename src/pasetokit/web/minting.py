"""Token minting through an adapter: the policy's ``create_*`` with the adapter's CSRF default,
and the compatibility spellings of other libraries' arguments, in one place.

``csrf`` defaults to on when the adapter's locations include cookies and CSRF protection is on
(a token that may travel in a cookie needs a CSRF value). The aliases: ``user_claims`` and
``expires_time`` (fastapi-paseto-auth) and ``identity`` (Flask-JWT-Extended).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypedDict

from pasetokit import ConfigurationError, Purpose, TokenPair, TokenPolicy
from pasetokit.codec import Footer

from .settings import WebSettings

__all__ = [
    "AccessOptions",
    "ExpiresTime",
    "Minter",
    "PairOptions",
    "Purpose",
    "RefreshOptions",
    "expires_in_from",
    "one_subject",
]

ExpiresTime = timedelta | float | bool | None


def expires_in_from(expires_time: object) -> timedelta | float | None:
    """The seed's ``expires_time`` as the policy's ``expires_in`` (``True``/``None``: the
    policy's default; ``False``, a token that never expires, is refused)."""
    if expires_time is None or expires_time is True:
        return None
    if expires_time is False:
        raise ConfigurationError(
            "expires_time=False (a token that never expires) is not supported: every pasetokit "
            "token expires; pass a timedelta or seconds, at most the policy's refresh_ttl"
        )
    if isinstance(expires_time, datetime):
        raise ConfigurationError("expires_time takes a timedelta or seconds, not a datetime")
    if isinstance(expires_time, (timedelta, int, float)):
        return expires_time
    raise ConfigurationError(f"expires_time must be a timedelta or seconds, not {expires_time!r}")


def one_subject(subject: str | None, identity: str | None) -> str:
    """``subject=`` or Flask-JWT-Extended's ``identity=``, given once."""
    if subject is not None and identity is None:
        return subject
    if identity is not None and subject is None:
        return identity
    raise TypeError("give the token's subject once: subject=... (or identity=...)")


class AccessOptions(TypedDict, total=False):
    """The options of ``create_access_token`` (``TokenPolicy.create_access_token``'s)."""

    fresh: bool | timedelta | float
    purpose: Purpose | None
    claims: Mapping[str, Any] | None
    footer: Footer | None
    expires_in: timedelta | float | None
    scopes: str | Iterable[str]
    csrf: bool | None


class RefreshOptions(TypedDict, total=False):
    """The options of ``create_refresh_token``."""

    purpose: Purpose | None
    claims: Mapping[str, Any] | None
    footer: Footer | None
    expires_in: timedelta | float | None
    scopes: str | Iterable[str]
    csrf: bool | None


class PairOptions(TypedDict, total=False):
    """The options of ``create_token_pair`` (log-in: one family, one CSRF value)."""

    fresh: bool | timedelta | float
    claims: Mapping[str, Any] | None
    scopes: str | Iterable[str]
    csrf: bool | None


class Minter:
    """The policy's ``create_*`` with the adapter's CSRF default (``csrf=None``: on when the
    adapter's locations include cookies and CSRF protection is on)."""

    __slots__ = ("_csrf", "policy")

    def __init__(self, policy: TokenPolicy, settings: WebSettings) -> None:
        self.policy = policy
        self._csrf = settings.csrf_protect and "cookies" in settings.token_locations

    def csrf_default(self, csrf: bool | None) -> bool:
        """``csrf`` itself; for ``None``, on when cookies are a location and CSRF protection is."""
        return self._csrf if csrf is None else csrf

    def create_access_token(
        self,
        subject: str,
        *,
        fresh: bool | timedelta | float = False,
        purpose: Purpose | None = None,
        claims: Mapping[str, Any] | None = None,
        footer: Footer | None = None,
        expires_in: timedelta | float | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> str:
        """``TokenPolicy.create_access_token`` with ``csrf=None`` meaning the adapter's default.

        Raises:
            ConfigurationError: An argument is invalid (the policy says which).
            EncodeError: ``claims`` or ``footer`` cannot go into a token.
        """
        return self.policy.create_access_token(
            subject,
            fresh=fresh,
            purpose=purpose,
            claims=claims,
            footer=footer,
            expires_in=expires_in,
            scopes=scopes,
            csrf=self.csrf_default(csrf),
        )

    def create_refresh_token(
        self,
        subject: str,
        *,
        purpose: Purpose | None = None,
        claims: Mapping[str, Any] | None = None,
        footer: Footer | None = None,
        expires_in: timedelta | float | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> str:
        """``TokenPolicy.create_refresh_token`` with ``csrf=None`` meaning the adapter's default.

        Raises:
            ConfigurationError: An argument is invalid (the policy says which).
            EncodeError: ``claims`` or ``footer`` cannot go into a token.
        """
        return self.policy.create_refresh_token(
            subject,
            purpose=purpose,
            claims=claims,
            footer=footer,
            expires_in=expires_in,
            scopes=scopes,
            csrf=self.csrf_default(csrf),
        )

    def create_token_pair(
        self,
        subject: str,
        *,
        fresh: bool | timedelta | float = True,
        claims: Mapping[str, Any] | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> TokenPair:
        """``TokenPolicy.create_token_pair`` (a log-in: fresh by default, one family, one CSRF
        value) with ``csrf=None`` meaning the adapter's default.

        Raises:
            ConfigurationError: An argument is invalid (the policy says which).
        """
        return self.policy.create_token_pair(
            subject, fresh=fresh, claims=claims, scopes=scopes, csrf=self.csrf_default(csrf)
        )

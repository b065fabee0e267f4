"""The seed's (fastapi-paseto-auth) minting spellings, for an adapter's request-bound object:
:class:`SeedMinting` gives ``create_access_token(subject, fresh, purpose, expires_time, *,
user_claims, ...)``, ``create_refresh_token`` and ``create_token_pair`` with the seed's
argument names and order, over a :class:`~pasetokit.web.Minter` (the adapter's CSRF default
included). ``expires_time`` goes through :func:`~pasetokit.web.expires_in_from`; nothing else
is renamed. No framework is involved: the class using it only says which minter to use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from pasetokit import TokenPair

from .minting import ExpiresTime, Minter, Purpose, expires_in_from

__all__ = ["SeedMinting"]


class SeedMinting:
    """A mixin: the seed-spelled ``create_*`` of a class whose ``_minter`` is a ``Minter``."""

    __slots__ = ()

    @property
    def _minter(self) -> Minter:  # pragma: no cover - the class using the mixin defines it
        raise NotImplementedError

    def create_access_token(
        self,
        subject: str,
        fresh: bool | timedelta | float = False,
        purpose: Purpose | None = None,
        expires_time: ExpiresTime = None,
        *,
        user_claims: Mapping[str, Any] | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> str:
        """Mint an access token for ``subject`` (the seed's argument names).

        Args:
            subject: The token's ``sub``.
            fresh: ``True`` for a log-in, or how long (timedelta or seconds) it stays fresh.
            purpose: ``"local"`` or ``"public"`` (default: the policy's access purpose).
            expires_time: A lifetime (timedelta or seconds); ``None``/``True``: the policy's
                ``access_ttl``.
            user_claims: Extra claims; the policy's own names (``exp``, ``sub``, ``scope`` ...)
                are refused.
            scopes: Scopes granted, a list or a space-separated str.
            csrf: Add a CSRF value (default: on when cookies are a location and CSRF is on).

        Raises:
            ConfigurationError: ``expires_time=False`` (a token that never expires), a datetime,
                or another invalid argument.
            EncodeError: ``user_claims`` cannot go into a token.
        """
        return self._minter.create_access_token(
            subject,
            fresh=fresh,
            purpose=purpose,
            claims=user_claims,
            expires_in=expires_in_from(expires_time),
            scopes=scopes,
            csrf=csrf,
        )

    def create_refresh_token(
        self,
        subject: str,
        purpose: Purpose | None = None,
        expires_time: ExpiresTime = None,
        *,
        user_claims: Mapping[str, Any] | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> str:
        """Mint a refresh token for ``subject`` (a new family; the seed's argument names).

        Args:
            subject: The token's ``sub``.
            purpose: ``"local"`` or ``"public"`` (default: the policy's refresh purpose).
            expires_time: A lifetime (timedelta or seconds); ``None``/``True``: the policy's
                ``refresh_ttl``.
            user_claims: Extra claims; the policy's own names (``exp``, ``sub``, ``scope`` ...)
                are refused.
            scopes: Scopes granted, a list or a space-separated str.
            csrf: Add a CSRF value (default: on when cookies are a location and CSRF is on).

        Raises:
            ConfigurationError: ``expires_time=False``, a datetime, or another invalid argument.
            EncodeError: ``user_claims`` cannot go into a token.
        """
        return self._minter.create_refresh_token(
            subject,
            purpose=purpose,
            claims=user_claims,
            expires_in=expires_in_from(expires_time),
            scopes=scopes,
            csrf=csrf,
        )

    def create_token_pair(
        self,
        subject: str,
        *,
        fresh: bool | timedelta | float = True,
        user_claims: Mapping[str, Any] | None = None,
        scopes: str | Iterable[str] = (),
        csrf: bool | None = None,
    ) -> TokenPair:
        """Log-in: access and refresh token in one family (log-out and reuse revoke both)."""
        return self._minter.create_token_pair(
            subject, fresh=fresh, claims=user_claims, scopes=scopes, csrf=csrf
        )

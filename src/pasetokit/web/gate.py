"""The request flow every adapter shares: find the token, let the policy judge it, check what
the transport adds (CSRF). One synchronous core decides; the twins :meth:`Gate.verify` and
:meth:`Gate.averify` only differ in calling the policy's ``verify`` or ``averify`` (so an
asynchronous revocation store is awaited, never blocked on). The routes that renew or end a
session (:meth:`Gate.arotate`, :meth:`Gate.arevoke`) are the same in every adapter too."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, Literal, NamedTuple

from pasetokit import ConfigurationError, TokenError, TokenPair, TokenPolicy

from .cookies import CookieSpec, cleared_cookies, token_cookies
from .errors import ErrorMap
from .implicit_refresh import ImplicitRefresh
from .minting import Minter
from .requirement import Requirement
from .search import (
    Found,
    RequestView,
    check_csrf_header,
    find_token,
    missing_token,
    plain_credential,
)
from .settings import Location, WebSettings

__all__ = ["Gate", "RevokeWhat", "Verified"]

RevokeWhat = Literal["token", "family", "subject"]


class Verified(NamedTuple):
    """A token the policy accepted: its verified ``claims``, the ``token`` text, and the
    ``location`` it came from (``"headers"``, ``"cookies"``, ``"query_string"``, ``"json"``).
    """

    claims: dict[str, Any]
    token: str
    location: Location


# Every request builds one of each: ``tuple.__new__`` is the NamedTuple constructor without its
# Python-level ``__new__`` frame (the same tuple, a few hundred instructions less).
_verified: Callable[[tuple[dict[str, Any], str, Location]], Verified] = partial(
    tuple.__new__, Verified
)
_header_token: Callable[[tuple[str, Location, bool]], Found] = partial(tuple.__new__, Found)


class Gate:
    """What one adapter instance knows: the policy, its settings, the error map, the minter,
    the implicit-refresh rule."""

    __slots__ = ("_scheme", "async_store", "errors", "implicit", "minter", "policy", "settings")

    def __init__(self, policy: TokenPolicy, settings: WebSettings) -> None:
        if not isinstance(policy, TokenPolicy):
            raise ConfigurationError(f"a web adapter needs a pasetokit.TokenPolicy, not {policy!r}")
        if not isinstance(settings, WebSettings):
            raise ConfigurationError(f"settings must be a WebSettings, not {settings!r}")
        self.policy = policy
        self.settings = settings
        self.errors = ErrorMap(settings)
        self.minter = Minter(policy, settings)
        self.implicit = ImplicitRefresh.of(policy, settings)  # None: implicit refresh is off
        store = policy.revocation_store
        self.async_store = inspect.iscoroutinefunction(getattr(store, "is_revoked", None))
        self._scheme = settings.header_type.lower()

    def locations(self, req: Requirement) -> tuple[Location, ...]:
        """Where to look for ``req``'s token: the route's own ``locations``, else the adapter's."""
        return req.locations or self.settings.token_locations

    def find(self, view: RequestView, req: Requirement) -> Found | None:
        """The token for ``req`` (``None`` only when optional and nothing was sent)."""
        locations = self.locations(req)
        found = find_token(self.settings, view, locations, refresh=req.refresh)
        if found is None and not req.optional:
            raise missing_token(self.settings, locations, refresh=req.refresh)
        return found

    def accept(
        self, view: RequestView, found: Found, claims: dict[str, Any], req: Requirement
    ) -> Verified:
        """After the policy accepted the token: the transport's own check (CSRF)."""
        if found.csrf_required:
            presented = check_csrf_header(self.settings, view, refresh=req.refresh)
            self.policy.check_csrf(claims, presented)
        return _verified((claims, found.token, found.location))

    def _look(self, view: RequestView, req: Requirement) -> Found | None:
        """:meth:`find`, with a cheaper first look when the header is searched first: a plain
        ``<scheme> <credential>`` is taken before it is checked to be a token68. A token the
        policy accepts is PASETO text, so a token68 that the strict search returns too; a
        refused one goes through :meth:`_refused`."""
        if self._scheme and (req.locations or self.settings.token_locations)[0] == "headers":
            token = plain_credential(view, self.settings.header_name, self._scheme)
            if token is not None:
                return _header_token((token, "headers", False))
        return self.find(view, req)

    def _refused(self, view: RequestView, req: Requirement, found: Found) -> None:
        """The policy refused a header token: the strict search's verdict on a malformed
        header comes first (as when it runs before the policy); else the policy's error."""
        if found.location == "headers":
            self.find(view, req)

    def verify(self, view: RequestView, req: Requirement) -> Verified | None:
        """Find the token, verify it with ``TokenPolicy.verify``, then check CSRF.

        Returns:
            The verified token, or ``None`` when ``req`` is optional and no token was sent.

        Raises:
            TokenError: Any fault: :class:`MissingTokenError`, an invalid, expired, revoked or
                wrong-type token, :class:`InsufficientScopeError`, :class:`CSRFError` ...
            ConfigurationError: The policy's revocation store is asynchronous (use
                :meth:`averify`).
        """
        found = self._look(view, req)
        if found is None:
            return None
        try:
            claims = self.policy.verify(
                found.token, token_type=req.token_type, fresh=req.fresh, scopes=req.scopes
            )
        except TokenError:
            self._refused(view, req, found)
            raise
        if found.csrf_required:
            return self.accept(view, found, claims, req)
        return _verified((claims, found.token, found.location))

    async def averify(self, view: RequestView, req: Requirement) -> Verified | None:
        """:meth:`verify` for async code: awaits ``TokenPolicy.averify`` (an async store).

        Returns:
            The verified token, or ``None`` when ``req`` is optional and no token was sent.

        Raises:
            TokenError: Any fault, as for :meth:`verify`.
        """
        found = self._look(view, req)
        if found is None:
            return None
        try:
            claims = await self.policy.averify(
                found.token, token_type=req.token_type, fresh=req.fresh, scopes=req.scopes
            )
        except TokenError:
            self._refused(view, req, found)
            raise
        if found.csrf_required:
            return self.accept(view, found, claims, req)
        return _verified((claims, found.token, found.location))

    async def ajudge(self, view: RequestView, found: Found, req: Requirement) -> Verified:
        """The policy's asynchronous verdict on a token the adapter found itself (with
        :meth:`find`), then CSRF: :meth:`averify` without the search."""
        claims = await self.policy.averify(
            found.token, token_type=req.token_type, fresh=req.fresh, scopes=req.scopes
        )
        return self.accept(view, found, claims, req)

    async def arotate(self, view: RequestView, req: Requirement) -> TokenPair:
        """Refresh rotation: the presented refresh token for a new pair (``policy.arefresh``;
        presenting a used one revokes its family). A cookie token must pass CSRF first."""
        found = self.find(view, req)
        assert found is not None  # noqa: S101 - a rotation's requirement is never optional
        if found.csrf_required:
            claims = await self.policy.averify(found.token, token_type="refresh")
            self.accept(view, found, claims, req)
        return await self.policy.arefresh(found.token)

    async def arevoke(self, claims: dict[str, Any], what: RevokeWhat) -> None:
        """Log-out with verified ``claims``: revoke the token (``"token"``), its log-in family
        with its refresh tokens (``"family"``) or every token of its subject (``"subject"``)."""
        if what == "token":
            await self.policy.arevoke(claims)
        elif what == "family":
            await self.policy.arevoke_family(claims)
        else:
            await self.policy.arevoke_subject(claims["sub"])

    def set_cookies(
        self,
        token: str,
        *,
        refresh: bool,
        max_age: timedelta | float | None = None,
        domain: str | None = None,
    ) -> list[CookieSpec]:
        """The cookies to set for ``token`` (see :func:`token_cookies`)."""
        return token_cookies(
            self.policy, self.settings, token, refresh=refresh, max_age=max_age, domain=domain
        )

    def clear_cookies(self, *, refresh: bool, domain: str | None = None) -> list[CookieSpec]:
        """The cookies to expire (see :func:`cleared_cookies`)."""
        return cleared_cookies(self.settings, refresh=refresh, domain=domain)

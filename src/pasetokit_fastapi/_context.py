"""``AuthContext``: what ``Depends(auth)`` gives a route (verification on demand, minting,
cookies); its public home and the seed-style names are documented in
:mod:`pasetokit_fastapi.compat`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from starlette.requests import HTTPConnection
from starlette.responses import Response

from pasetokit import TokenError, TokenPair
from pasetokit.web import (
    Location,
    Minter,
    Requirement,
    SeedMinting,
    Verified,
    apply_cookies,
)

from ._core import Core, RevokeWhat
from ._implicit import note
from ._view import ConnectionView

__all__ = ["AuthContext"]


_PLAIN = Requirement()


def _requirement(
    optional: bool, fresh: bool, refresh_token: bool, scopes: str | Iterable[str]
) -> Requirement:
    """``Requirement.make`` for one call; the bare ``paseto_required()`` most routes make
    skips even its cache (validating keywords costs every request)."""
    if optional is fresh is refresh_token is False and type(scopes) is tuple and not scopes:
        return _PLAIN
    return Requirement.make(refresh=refresh_token, fresh=fresh, optional=optional, scopes=scopes)


class AuthContext(SeedMinting):
    """What ``Depends(auth)`` gives a route: verification on demand, token minting (the seed's
    ``create_*`` spellings: :class:`pasetokit.web.SeedMinting`), cookies."""

    __slots__ = ("_conn", "_core", "_response", "_verified", "_view")

    def __init__(
        self, core: Core, conn: HTTPConnection, response: Response, view: ConnectionView
    ) -> None:
        self._core = core
        self._conn = conn
        self._response = response
        self._view = view
        self._verified: Verified | None = None

    # --- verifying ----------------------------------------------------------------------------

    def paseto_required(
        self,
        optional: bool = False,
        fresh: bool = False,
        refresh_token: bool = False,
        *,
        scopes: str | Iterable[str] = (),
    ) -> None:
        """Require a valid access token (``refresh_token=True``: a refresh token; ``fresh``: a
        fresh one; ``scopes``: granted ones). ``optional``: no token is fine, a bad one is not.
        Failures become 401/403/503 responses (a 1008 close on a WebSocket)."""
        req = _requirement(optional, fresh, refresh_token, scopes)
        core = self._core
        gate = core.gate
        try:  # core.authenticate_sync, unrolled for the store that cannot block (see _core)
            if gate.async_store:
                self._verified = core.authenticate_sync(self._view, req)
            else:
                self._verified = gate.verify(self._view, req)
        except TokenError as exc:
            raise core.errors.http(self._conn, exc, req.scopes) from None
        if gate.implicit is not None:
            note(gate, self._conn, self._verified)

    async def apaseto_required(
        self,
        optional: bool = False,
        fresh: bool = False,
        refresh_token: bool = False,
        *,
        scopes: str | Iterable[str] = (),
    ) -> None:
        """:meth:`paseto_required` for ``async def`` routes (awaits an async store)."""
        req = _requirement(optional, fresh, refresh_token, scopes)
        core = self._core
        gate = core.gate
        try:
            if core.loop_safe:  # the same decision; no coroutine layers (see _core)
                self._verified = gate.verify(self._view, req)
            else:
                self._verified = await gate.averify(self._view, req)
        except TokenError as exc:
            raise core.errors.http(self._conn, exc, req.scopes) from None
        if gate.implicit is not None:
            note(gate, self._conn, self._verified)

    def get_token_payload(self) -> dict[str, Any] | None:
        """The verified claims, or ``None`` (not verified yet, or optional and no token)."""
        return None if self._verified is None else self._verified.claims

    def get_subject(self) -> str | None:
        """The verified token's ``sub``, or ``None`` before verification or with no token.

        ``get_paseto_subject`` is the seed's name for it.
        """
        claims = self.get_token_payload()
        return None if claims is None else claims.get("sub")

    get_paseto_subject = get_subject

    def get_jti(self) -> str | None:
        """The verified token's ``jti`` (its unique id), or ``None`` when nothing was verified."""
        claims = self.get_token_payload()
        return None if claims is None else claims.get("jti")

    def get_raw_token(self) -> str | None:
        """The verified token's text, or ``None`` when nothing was verified."""
        return None if self._verified is None else self._verified.token

    def get_token_location(self) -> Location | None:
        """Where the verified token was found (``"headers"``, ``"cookies"``, ``"query_string"``,
        ``"json"``), or ``None`` when nothing was verified.
        """
        return None if self._verified is None else self._verified.location

    # --- rotation and log-out -----------------------------------------------------------------

    async def refresh_tokens(self) -> TokenPair:
        """Rotation: trade the presented refresh token for a new pair (reuse revokes the family)."""
        try:
            return await self._core.rotate(self._conn, Requirement(refresh=True))
        except TokenError as exc:
            raise self._core.errors.http(self._conn, exc) from None

    async def revoke(self, what: RevokeWhat = "family") -> dict[str, Any]:
        """Log-out: verify the presented access token and revoke it, its family (default: the
        log-in session, refresh tokens included) or its subject ("log out everywhere")."""
        try:
            return await self._core.revoke(self._conn, Requirement(), what)
        except TokenError as exc:
            raise self._core.errors.http(self._conn, exc) from None

    @property
    def _minter(self) -> Minter:
        """What the seed-spelled ``create_*`` (:class:`pasetokit.web.SeedMinting`) mint with."""
        return self._core.gate.minter

    # --- cookies (on the route's response unless another one is given) -----------------------

    def _set(self, token: str, refresh: bool, response: Response | None, max_age: Any) -> None:
        specs = self._core.gate.set_cookies(token, refresh=refresh, max_age=max_age)
        apply_cookies(self._response if response is None else response, specs)

    def set_access_cookies(
        self,
        encoded_access_token: str,
        response: Response | None = None,
        max_age: timedelta | float | None = None,
    ) -> None:
        """Set the access token cookie (HttpOnly) and its CSRF cookie.

        Args:
            encoded_access_token: The token, as :meth:`create_access_token` returned it.
            response: Where to set them (default: the route's own response).
            max_age: The cookies' lifetime (default: the policy's ``access_ttl``, or none with
                ``session_cookie=True``).

        Raises:
            ConfigurationError: ``max_age`` is not a timedelta or seconds.
        """
        self._set(encoded_access_token, False, response, max_age)

    def set_refresh_cookies(
        self,
        encoded_refresh_token: str,
        response: Response | None = None,
        max_age: timedelta | float | None = None,
    ) -> None:
        """Set the refresh token cookie (HttpOnly) and its CSRF cookie.

        Args:
            encoded_refresh_token: The token, as :meth:`create_refresh_token` returned it.
            response: Where to set them (default: the route's own response).
            max_age: The cookies' lifetime (default: the policy's ``refresh_ttl``, or none with
                ``session_cookie=True``).

        Raises:
            ConfigurationError: ``max_age`` is not a timedelta or seconds.
        """
        self._set(encoded_refresh_token, True, response, max_age)

    def unset_access_cookies(self, response: Response | None = None) -> None:
        """Expire the access token cookie and its CSRF cookie (default: the route's response)."""
        specs = self._core.gate.clear_cookies(refresh=False)
        apply_cookies(self._response if response is None else response, specs)

    def unset_refresh_cookies(self, response: Response | None = None) -> None:
        """Expire the refresh token cookie and its CSRF cookie (default: the route's response)."""
        specs = self._core.gate.clear_cookies(refresh=True)
        apply_cookies(self._response if response is None else response, specs)

    def unset_cookies(self, response: Response | None = None) -> None:
        """Expire every token and CSRF cookie (log-out); seed name: ``unset_paseto_cookies``."""
        self.unset_access_cookies(response)
        self.unset_refresh_cookies(response)

    unset_paseto_cookies = unset_cookies

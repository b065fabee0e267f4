"""``Depends(auth)``: the request-bound object of the seed (fastapi-paseto-auth) style.

```python
@app.get("/protected")
def protected(authorize: AuthContext = Depends(auth)):
    authorize.paseto_required()
    return {"user": authorize.get_subject()}
```

Nothing is verified until ``paseto_required`` is called, so a log-in route that also takes
``Depends(auth)`` never fails on a stale header. ``paseto_required`` verifies synchronously
(fine for the in-memory store and sync routes); with an asynchronous revocation store, sync
routes wait for it on the server's event loop and ``async def`` routes must
``await authorize.apaseto_required()``. Unlike the seed, ``optional=True`` forgives only a
*missing* token: an expired or tampered one is still a 401.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

from starlette.requests import HTTPConnection
from starlette.responses import Response

from pasetokit import ConfigurationError, TokenError, TokenPair

from ._cookies import set_token_cookies, unset_token_cookies
from ._core import Core, Requirement, RevokeWhat, Verified
from ._settings import Location

__all__ = ["AuthContext"]

Purpose = Literal["local", "public"]
ExpiresTime = timedelta | float | bool | None


def _expires_in(expires_time: object) -> timedelta | float | None:
    """The seed's ``expires_time`` as the policy's ``expires_in``."""
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


class AuthContext:
    """What ``Depends(auth)`` gives a route: verification on demand, token minting, cookies."""

    __slots__ = ("_body", "_conn", "_core", "_response", "_verified")

    def __init__(
        self, core: Core, conn: HTTPConnection, response: Response, body: bytes | None
    ) -> None:
        self._core = core
        self._conn = conn
        self._response = response
        self._body = body
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
        req = Requirement.make(refresh=refresh_token, fresh=fresh, optional=optional, scopes=scopes)
        try:
            self._verified = self._core.authenticate_sync(self._conn, self._body, req)
        except TokenError as exc:
            raise self._core.errors.http(self._conn, exc, req.scopes) from None

    async def apaseto_required(
        self,
        optional: bool = False,
        fresh: bool = False,
        refresh_token: bool = False,
        *,
        scopes: str | Iterable[str] = (),
    ) -> None:
        """:meth:`paseto_required` for ``async def`` routes (awaits an async store)."""
        req = Requirement.make(refresh=refresh_token, fresh=fresh, optional=optional, scopes=scopes)
        try:
            self._verified = await self._core.authenticate(self._conn, req)
        except TokenError as exc:
            raise self._core.errors.http(self._conn, exc, req.scopes) from None

    def get_token_payload(self) -> dict[str, Any] | None:
        """The verified claims, or ``None`` (not verified yet, or optional and no token)."""
        return None if self._verified is None else self._verified.claims

    def get_subject(self) -> str | None:
        claims = self.get_token_payload()
        return None if claims is None else claims.get("sub")

    get_paseto_subject = get_subject

    def get_jti(self) -> str | None:
        claims = self.get_token_payload()
        return None if claims is None else claims.get("jti")

    def get_raw_token(self) -> str | None:
        return None if self._verified is None else self._verified.token

    def get_token_location(self) -> Location | None:
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

    # --- minting (seed names: user_claims, expires_time) --------------------------------------

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
        return self._core.policy.create_access_token(
            subject,
            fresh=fresh,
            purpose=purpose,
            claims=user_claims,
            expires_in=_expires_in(expires_time),
            scopes=scopes,
            csrf=self._core.csrf_default(csrf),
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
        return self._core.policy.create_refresh_token(
            subject,
            purpose=purpose,
            claims=user_claims,
            expires_in=_expires_in(expires_time),
            scopes=scopes,
            csrf=self._core.csrf_default(csrf),
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
        return self._core.policy.create_token_pair(
            subject,
            fresh=fresh,
            claims=user_claims,
            scopes=scopes,
            csrf=self._core.csrf_default(csrf),
        )

    # --- cookies (on the route's response unless another one is given) -----------------------

    def set_access_cookies(
        self,
        encoded_access_token: str,
        response: Response | None = None,
        max_age: timedelta | float | None = None,
    ) -> None:
        core = self._core
        set_token_cookies(
            core.policy,
            core.settings,
            self._response if response is None else response,
            encoded_access_token,
            refresh=False,
            max_age=max_age,
        )

    def set_refresh_cookies(
        self,
        encoded_refresh_token: str,
        response: Response | None = None,
        max_age: timedelta | float | None = None,
    ) -> None:
        core = self._core
        set_token_cookies(
            core.policy,
            core.settings,
            self._response if response is None else response,
            encoded_refresh_token,
            refresh=True,
            max_age=max_age,
        )

    def unset_access_cookies(self, response: Response | None = None) -> None:
        unset_token_cookies(
            self._core.settings, self._response if response is None else response, refresh=False
        )

    def unset_refresh_cookies(self, response: Response | None = None) -> None:
        unset_token_cookies(
            self._core.settings, self._response if response is None else response, refresh=True
        )

    def unset_cookies(self, response: Response | None = None) -> None:
        self.unset_access_cookies(response)
        self.unset_refresh_cookies(response)

    unset_paseto_cookies = unset_cookies

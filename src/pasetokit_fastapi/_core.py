"""What one ``Auth`` knows, and the request flow: find the token, let the policy judge it.

``authenticate`` (async) awaits ``policy.averify`` so an async revocation store is never
called in a blocking way; ``authenticate_sync`` serves the seed-style ``paseto_required()``
called inside a route. Both raise only ``pasetokit.TokenError`` subclasses for the client's
faults; callers turn them into responses with ``Core.errors``.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, NamedTuple

import anyio.from_thread
from starlette.requests import HTTPConnection

from pasetokit import ConfigurationError, CSRFError, TokenPair, TokenPolicy

from ._errors import ErrorMapper
from ._locations import Found, JsonTokenReader, find_token, missing_token, read_json_body
from ._openapi import Schemes
from ._settings import AuthSettings, Location, parse_locations

__all__ = ["Core", "Requirement", "Verified"]

_SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
RevokeWhat = Literal["token", "family", "subject"]


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a route demands, validated when the dependency is built."""

    refresh: bool = False
    fresh: bool = False
    optional: bool = False
    scopes: tuple[str, ...] = ()
    locations: tuple[Location, ...] | None = None

    @classmethod
    def make(
        cls,
        *,
        refresh: bool = False,
        fresh: bool = False,
        optional: bool = False,
        scopes: str | Iterable[str] = (),
        locations: str | Iterable[str] | None = None,
    ) -> Requirement:
        for name, flag in (("refresh", refresh), ("fresh", fresh), ("optional", optional)):
            if not isinstance(flag, bool):
                raise ConfigurationError(f"{name} must be True or False, not {flag!r}")
        wanted = tuple(scopes.split()) if isinstance(scopes, str) else tuple(scopes)
        if any(not isinstance(s, str) or not _SCOPE_TOKEN.fullmatch(s) for s in wanted):
            raise ConfigurationError(
                f"scopes must be RFC 6749 scope-tokens (printable ASCII without spaces, quotes "
                f"or backslashes), not {wanted!r}"
            )
        if refresh and (fresh or wanted):
            raise ConfigurationError("fresh and scopes apply to access tokens, not refresh=True")
        where = None if locations is None else parse_locations(locations, "locations")
        return cls(refresh, fresh, optional, tuple(dict.fromkeys(wanted)), where)

    @property
    def token_type(self) -> Literal["access", "refresh"]:
        return "refresh" if self.refresh else "access"


class Verified(NamedTuple):
    claims: dict[str, Any]
    token: str
    location: Location


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Core:
    policy: TokenPolicy
    settings: AuthSettings
    errors: ErrorMapper
    readers: tuple[JsonTokenReader, JsonTokenReader]
    schemes: Schemes
    async_store: bool

    @classmethod
    def build(cls, policy: TokenPolicy, settings: AuthSettings, errors: ErrorMapper) -> Core:
        if not isinstance(policy, TokenPolicy):
            raise ConfigurationError(f"Auth needs a pasetokit.TokenPolicy, not {policy!r}")
        store = policy.revocation_store
        return cls(
            policy=policy,
            settings=settings,
            errors=errors,
            readers=(
                JsonTokenReader(settings.json_key),
                JsonTokenReader(settings.refresh_json_key),
            ),
            schemes=Schemes(settings),
            async_store=inspect.iscoroutinefunction(getattr(store, "is_revoked", None)),
        )

    def locations(self, req: Requirement) -> tuple[Location, ...]:
        return req.locations or self.settings.token_locations

    def csrf_default(self, csrf: bool | None) -> bool:
        """Bind a CSRF value by default when tokens may travel in cookies with CSRF on."""
        if csrf is not None:
            return csrf
        return self.settings.csrf_protect and "cookies" in self.settings.token_locations

    # --- finding ------------------------------------------------------------------------------

    async def read_body(self, conn: HTTPConnection, req: Requirement) -> bytes | None:
        return await read_json_body(conn, self.locations(req))

    def find(self, conn: HTTPConnection, body: bytes | None, req: Requirement) -> Found | None:
        """The token for ``req`` (``None`` only when optional and nothing was sent)."""
        locations = self.locations(req)
        found = find_token(
            self.settings, self.readers, conn, body, locations=locations, refresh=req.refresh
        )
        if found is None and not req.optional:
            raise missing_token(self.settings, locations, req.refresh)
        return found

    def check_csrf(self, conn: HTTPConnection, claims: dict[str, Any], refresh: bool) -> None:
        """Double-submit check for a cookie-borne token on an unsafe method. The header must
        be there (the error names it); the comparison is the policy's (constant time)."""
        settings = self.settings
        presented = conn.headers.get(settings.csrf_header_name)
        if not presented:
            cookie = (
                settings.refresh_csrf_cookie_name if refresh else settings.access_csrf_cookie_name
            )
            raise CSRFError(
                f"missing CSRF header '{settings.csrf_header_name}': a {conn.scope['method']} "
                f"request authenticated by a cookie must repeat the '{cookie}' cookie's value in it"
            )
        self.policy.check_csrf(claims, presented)

    # --- verifying ----------------------------------------------------------------------------

    async def authenticate(self, conn: HTTPConnection, req: Requirement) -> Verified | None:
        found = self.find(conn, await self.read_body(conn, req), req)
        if found is None:
            return None
        claims = await self.policy.averify(
            found.token, token_type=req.token_type, fresh=req.fresh, scopes=req.scopes
        )
        if found.csrf_required:
            self.check_csrf(conn, claims, req.refresh)
        return Verified(claims, found.token, found.location)

    def authenticate_sync(
        self, conn: HTTPConnection, body: bytes | None, req: Requirement
    ) -> Verified | None:
        found = self.find(conn, body, req)
        if found is None:
            return None
        claims = self._verify_blocking(found.token, req)
        if found.csrf_required:
            self.check_csrf(conn, claims, req.refresh)
        return Verified(claims, found.token, found.location)

    def _verify_blocking(self, token: str, req: Requirement) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "token_type": req.token_type,
            "fresh": req.fresh,
            "scopes": req.scopes,
        }
        if not self.async_store:
            return self.policy.verify(token, **kwargs)
        if _in_event_loop():
            raise ConfigurationError(
                "the revocation store is asynchronous: in an `async def` route call "
                "`await authorize.apaseto_required(...)` (or use the auth.required() "
                "dependencies) instead of authorize.paseto_required(...)"
            )
        try:
            return anyio.from_thread.run(partial(self.policy.averify, token, **kwargs))
        except RuntimeError as exc:  # not in a worker thread of the server's event loop
            raise ConfigurationError(
                "paseto_required() with an asynchronous revocation store must run inside a "
                "request (a sync route's worker thread) or be awaited as apaseto_required()"
            ) from exc

    # --- rotation and revocation --------------------------------------------------------------

    async def rotate(self, conn: HTTPConnection, req: Requirement) -> TokenPair:
        """Refresh rotation: the presented refresh token for a new pair (``policy.arefresh``)."""
        found = self.find(conn, await self.read_body(conn, req), req)
        if found is None:  # pragma: no cover - the requirement is never optional
            raise missing_token(self.settings, self.locations(req), refresh=True)
        if found.csrf_required:
            claims = await self.policy.averify(found.token, token_type="refresh")
            self.check_csrf(conn, claims, refresh=True)
        return await self.policy.arefresh(found.token)

    async def revoke(
        self, conn: HTTPConnection, req: Requirement, what: RevokeWhat
    ) -> dict[str, Any]:
        """Log-out: verify the token, then revoke it, its family or its subject."""
        verified = await self.authenticate(conn, req)
        if verified is None:  # pragma: no cover - the requirement is never optional
            raise missing_token(self.settings, self.locations(req), refresh=False)
        claims = verified.claims
        if what == "token":
            await self.policy.arevoke(claims)
        elif what == "family":
            await self.policy.arevoke_family(claims)
        else:
            await self.policy.arevoke_subject(claims["sub"])
        return claims

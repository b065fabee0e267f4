"""fastapi-paseto's ``AuthPASETO``, as its users call it: ``Authorize: AuthPASETO = Depends()``,
``@AuthPASETO.load_config``, ``@AuthPASETO.token_in_denylist_loader``, every argument of
``paseto_required`` and ``create_*``, and ``AuthPASETOException`` (``status_code``,
``message``) for ``@app.exception_handler(AuthPASETOException)``.

``load_config`` reads the ``authpaseto_*`` settings at start-up
(:func:`pasetokit.web.authpaseto.read_authpaseto_settings`: unsafe upstream defaults are
refused there with what to do instead) and binds one :class:`Auth` to the class: the one
class-level state pasetokit keeps, because upstream code asks for the bare class. New code
should use ``Depends(auth)`` with an ``Auth`` instance instead.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, NamedTuple

import anyio.from_thread
from fastapi import Depends
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from pasetokit import (
    ConfigurationError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenError,
)
from pasetokit.web import (
    AuthPasetoConfig,
    Found,
    Requirement,
    Verified,
    find_with_overrides,
    missing_token,
    needs_json_body,
    override_locations,
    read_authpaseto_settings,
    unwrap_base64,
    wrap_base64,
)

from ._context import AuthContext
from ._core import Core
from ._errors import AuthHTTPException
from ._view import ConnectionView

__all__ = ["AuthPASETO", "AuthPASETOException", "DenylistLoader"]

DenylistLoader = Callable[[dict[str, Any]], "bool | Awaitable[bool]"]
ExpiresTime = timedelta | datetime | int | bool | None


class _Call(NamedTuple):
    """One ``paseto_required`` call's arguments (upstream's, in upstream's order)."""

    optional: bool
    fresh: bool
    refresh_token: bool
    type: str | None
    base64_encoded: bool
    location: str | Sequence[str] | None
    token_key: str | None
    token_prefix: str | None
    token: str | bool | None
    implicit_assertion: bytes | str


class AuthPASETOException(AuthHTTPException):
    """fastapi-paseto's exception base: ``status_code`` and ``message`` as upstream, plus
    pasetokit's ``code`` and the RFC 6750 ``headers`` (add ``headers=exc.headers`` to your
    handler's response to keep the ``WWW-Authenticate`` challenge)."""

    @property
    def message(self) -> str:
        """The error's message, as fastapi-paseto's handlers read it (``exc.message``)."""
        return self.error.message


class _Binding:
    __slots__ = ("config", "core", "denylist")

    def __init__(self, config: AuthPasetoConfig) -> None:
        self.config = config
        self.core = Core.build(config.policy, config.settings, None)
        self.denylist: DenylistLoader | None = None


async def _view(conn: HTTPConnection) -> ConnectionView:
    # Any call may ask for location="json": read a JSON body whatever the configuration says
    # (Starlette caches it, so a pydantic body model still gets it).
    view = ConnectionView(conn)
    if isinstance(conn, Request) and needs_json_body(view, ("json",)):
        view = ConnectionView(conn, await conn.body())
    return view


def _expires_in(expires_time: ExpiresTime) -> timedelta | float | None:
    if expires_time is None or expires_time is True:
        return None
    if expires_time is False:
        raise ConfigurationError(
            "expires_time=False (a token that never expires) is refused: pass a timedelta or "
            "seconds, at most the configured refresh token lifetime"
        )
    if isinstance(expires_time, datetime):
        when = expires_time if expires_time.tzinfo else expires_time.replace(tzinfo=timezone.utc)
        return when - datetime.now(timezone.utc)
    return expires_time


class AuthPASETO(AuthContext):
    """``Authorize: AuthPASETO = Depends()`` (after ``@AuthPASETO.load_config``)."""

    __slots__ = ("_binding",)
    _bound: ClassVar[_Binding | None] = None
    __signature__: ClassVar[inspect.Signature] = inspect.Signature(
        [
            inspect.Parameter("conn", inspect.Parameter.KEYWORD_ONLY, annotation=HTTPConnection),
            inspect.Parameter("response", inspect.Parameter.KEYWORD_ONLY, annotation=Response),
            inspect.Parameter("view", inspect.Parameter.KEYWORD_ONLY, default=Depends(_view)),
        ]
    )

    def __init__(self, *, conn: HTTPConnection, response: Response, view: ConnectionView) -> None:
        binding = type(self)._bound
        if binding is None:
            raise ConfigurationError(
                "AuthPASETO has no configuration: decorate your settings callback with "
                "@AuthPASETO.load_config at start-up"
            )
        super().__init__(binding.core, conn, response, view)
        self._binding = binding

    # --- configuration (class-level, as upstream) -----------------------------------------------

    @classmethod
    def load_config(cls, settings: Callable[[], object]) -> Callable[[], object]:
        """Read the ``authpaseto_*`` settings now (a bad one fails start-up)."""
        binding = _Binding(read_authpaseto_settings(settings()))
        if cls._bound is not None:
            binding.denylist = cls._bound.denylist
        cls._bound = binding
        return settings

    @classmethod
    def token_in_denylist_loader(cls, callback: DenylistLoader) -> DenylistLoader:
        """``callback(payload) -> bool`` (sync or async): ``True`` revokes. A callback that
        raises fails closed (503), never lets the token through."""
        if not callable(callback):
            raise ConfigurationError("token_in_denylist_loader takes a function")
        if cls._bound is None:
            raise ConfigurationError("call @AuthPASETO.load_config before the denylist loader")
        cls._bound.denylist = callback
        return callback

    # --- verifying ------------------------------------------------------------------------------

    def _find(
        self,
        req: Requirement,
        location: str | Sequence[str] | None,
        token_key: str | None,
        token_prefix: str | None,
        token: str | bool | None,
    ) -> Found | None:
        gate = self._core.gate
        if isinstance(token, str) and token:
            return Found(token, "headers", False)
        locations = override_locations(location) or gate.settings.token_locations
        found = find_with_overrides(
            gate.settings,
            self._view,
            locations,
            refresh=req.refresh,
            token_key=token_key,
            token_prefix=token_prefix,
            json_prefix=self._binding.config.json_type,
        )
        if found is None and not req.optional:
            raise missing_token(gate.settings, locations, refresh=req.refresh)
        return found

    def _denied(self, claims: dict[str, Any]) -> bool | Awaitable[bool]:
        config, loader = self._binding.config, self._binding.denylist
        if not config.denylist_enabled or claims.get("type") not in config.denylist_token_checks:
            return False
        if loader is None:
            raise RevocationStoreUnavailableError(
                "authpaseto_denylist_enabled is True but no @AuthPASETO.token_in_denylist_loader "
                "is registered"
            )
        try:
            return loader(dict(claims))
        except Exception as exc:  # the app's deny-list could not answer: fail closed
            raise RevocationStoreUnavailableError(
                f"the deny-list callback failed: {exc!r}"
            ) from exc

    @staticmethod
    async def _await_denied(answer: Awaitable[bool]) -> bool:
        try:
            return bool(await answer)
        except Exception as exc:
            raise RevocationStoreUnavailableError(
                f"the deny-list callback failed: {exc!r}"
            ) from exc

    def _check(
        self, found: Found, req: Requirement, claims: dict[str, Any], denied: bool
    ) -> Verified:
        if denied:
            raise RevokedTokenError()
        return self._core.gate.accept(self._view, found, claims, req)

    def _requirement(
        self, optional: bool, fresh: bool, refresh_token: bool, type: str | None
    ) -> Requirement:
        if type is not None and type not in ("access", "refresh"):
            raise ConfigurationError(
                f"type={type!r}: pasetokit tokens are 'access' or 'refresh'; put what a custom "
                "type meant (e.g. email verification) in a claim and check it in the route"
            )
        return Requirement.make(
            refresh=refresh_token or type == "refresh", fresh=fresh, optional=optional
        )

    def _start(
        self,
        args: _Call,
    ) -> tuple[Requirement, Found | None]:
        _no_assertion(args.implicit_assertion)
        req = self._requirement(args.optional, args.fresh, args.refresh_token, args.type)
        found = self._find(req, args.location, args.token_key, args.token_prefix, args.token)
        if found is not None and args.base64_encoded:
            found = found._replace(token=unwrap_base64(found.token))
        return req, found

    def paseto_required(  # noqa: PLR0917 - upstream's positional signature
        self,
        optional: bool = False,
        fresh: bool = False,
        refresh_token: bool = False,
        type: str | None = None,
        base64_encoded: bool = False,
        location: str | Sequence[str] | None = None,
        token_key: str | None = None,
        token_prefix: str | None = None,
        token: str | bool | None = None,
        implicit_assertion: bytes | str = b"",
        *,
        scopes: str | Iterable[str] = (),
    ) -> None:
        """fastapi-paseto's ``paseto_required``: every argument; failures raise
        :class:`AuthPASETOException` (a 1008 close on a WebSocket). Unlike upstream,
        ``optional=True`` forgives only a missing token: a bad one is still a 401."""
        call = _Call(optional, fresh, refresh_token, type, base64_encoded, location, token_key,
                     token_prefix, token, implicit_assertion)  # fmt: skip
        try:
            req, found = self._start(call)
            self._verified = None
            if found is not None:
                claims = self._policy_verify(found, req, scopes)
                denied = self._denied(claims)
                if inspect.isawaitable(denied):
                    denied = anyio.from_thread.run(self._await_denied, denied)
                self._verified = self._check(found, req, claims, bool(denied))
        except TokenError as exc:
            raise self._error(exc) from None

    async def apaseto_required(  # noqa: PLR0917 - upstream's positional signature
        self,
        optional: bool = False,
        fresh: bool = False,
        refresh_token: bool = False,
        type: str | None = None,
        base64_encoded: bool = False,
        location: str | Sequence[str] | None = None,
        token_key: str | None = None,
        token_prefix: str | None = None,
        token: str | bool | None = None,
        implicit_assertion: bytes | str = b"",
        *,
        scopes: str | Iterable[str] = (),
    ) -> None:
        """:meth:`paseto_required` for ``async def`` routes (awaits async stores/callbacks)."""
        call = _Call(optional, fresh, refresh_token, type, base64_encoded, location, token_key,
                     token_prefix, token, implicit_assertion)  # fmt: skip
        try:
            req, found = self._start(call)
            self._verified = None
            if found is not None:
                claims = await self._core.gate.policy.averify(
                    found.token, token_type=req.token_type, fresh=req.fresh, scopes=scopes
                )
                denied = self._denied(claims)
                if inspect.isawaitable(denied):
                    denied = await self._await_denied(denied)
                self._verified = self._check(found, req, claims, bool(denied))
        except TokenError as exc:
            raise self._error(exc) from None

    def _policy_verify(
        self, found: Found, req: Requirement, scopes: str | Iterable[str]
    ) -> dict[str, Any]:
        policy = self._core.gate.policy
        kwargs: dict[str, Any] = {
            "token_type": req.token_type,
            "fresh": req.fresh,
            "scopes": scopes,
        }
        if not self._core.gate.async_store:
            return policy.verify(found.token, **kwargs)

        async def run() -> dict[str, Any]:
            return await policy.averify(found.token, **kwargs)

        return anyio.from_thread.run(run)

    def _error(self, exc: TokenError) -> Exception:
        raised = self._core.errors.http(self._conn, exc)
        if isinstance(raised, AuthHTTPException):
            return AuthPASETOException(exc, raised.reply, None)
        return raised

    # --- reading (upstream names) ---------------------------------------------------------------

    def get_paseto_claims(self) -> dict[str, Any] | None:
        """The verified claims (``get_token_payload``)."""
        return self.get_token_payload()

    def get_token_footer(self) -> dict[str, Any] | str | None:
        """The verified token's footer (a dict when it is JSON), or ``None``."""
        raw = self.get_raw_token()
        parts = [] if raw is None else raw.split(".")
        if len(parts) != 4 or not parts[3]:
            return None
        try:
            text = base64.urlsafe_b64decode(parts[3] + "=" * (-len(parts[3]) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):  # pragma: no cover - verified already
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, dict) else text

    # --- minting (upstream arguments) -----------------------------------------------------------

    def _mint_args(
        self,
        audience: str | Sequence[str] | None,
        issuer: str | None,
        implicit_assertion: bytes | str,
    ) -> None:
        _no_assertion(implicit_assertion)
        expected_aud, expected_iss = self._binding.config.audience, self._binding.config.issuer
        wanted = [audience] if isinstance(audience, str) else list(audience or [])
        if wanted and wanted != [expected_aud]:
            raise ConfigurationError(
                f"audience={audience!r}: tokens carry the configured audience "
                f"(authpaseto_decode_audience={expected_aud!r}); per-token audiences are refused"
            )
        if issuer is not None and issuer != expected_iss:
            raise ConfigurationError(
                f"issuer={issuer!r}: tokens carry the configured issuer ({expected_iss!r})"
            )

    def create_access_token(  # type: ignore[override]  # noqa: PLR0917 - upstream's
        self,
        subject: str,
        fresh: bool = False,
        purpose: Any = None,
        expires_time: ExpiresTime = None,
        audience: str | Sequence[str] | None = None,
        issuer: str | None = None,
        user_claims: Mapping[str, Any] | None = None,
        footer: Mapping[str, Any] | str | bytes | None = None,
        implicit_assertion: bytes | str = b"",
        base64_encode: bool = False,
    ) -> str:
        """An access token (upstream's arguments; see the migration guide for refusals)."""
        self._mint_args(audience, issuer, implicit_assertion)
        token = self._core.gate.minter.create_access_token(
            subject,
            fresh=fresh,
            purpose=purpose,
            claims=user_claims,
            footer=footer or None,
            expires_in=_expires_in(expires_time),
        )
        return wrap_base64(token) if base64_encode else token

    def create_refresh_token(  # type: ignore[override]  # noqa: PLR0917 - upstream's
        self,
        subject: str,
        purpose: Any = None,
        expires_time: ExpiresTime = None,
        audience: str | Sequence[str] | None = None,
        issuer: str | None = None,
        user_claims: Mapping[str, Any] | None = None,
        footer: Mapping[str, Any] | str | bytes | None = None,
        implicit_assertion: bytes | str = b"",
        base64_encode: bool = False,
    ) -> str:
        """A refresh token (upstream's arguments)."""
        self._mint_args(audience, issuer, implicit_assertion)
        token = self._core.gate.minter.create_refresh_token(
            subject,
            purpose=purpose,
            claims=user_claims,
            footer=footer or None,
            expires_in=_expires_in(expires_time),
        )
        return wrap_base64(token) if base64_encode else token

    def create_token(  # noqa: PLR0917 - upstream's positional signature
        self,
        subject: str,
        type: str,
        purpose: Any = None,
        expires_time: ExpiresTime = None,
        audience: str | Sequence[str] | None = None,
        issuer: str | None = None,
        user_claims: Mapping[str, Any] | None = None,
        footer: Mapping[str, Any] | str | bytes | None = None,
        implicit_assertion: bytes | str = b"",
        base64_encode: bool = False,
    ) -> str:
        """Upstream's custom-type token: only ``"access"`` and ``"refresh"`` exist here."""
        if type == "access":
            return self.create_access_token(
                subject,
                False,
                purpose,
                expires_time,
                audience,
                issuer,
                user_claims,
                footer,
                implicit_assertion,
                base64_encode,
            )
        if type == "refresh":
            return self.create_refresh_token(
                subject,
                purpose,
                expires_time,
                audience,
                issuer,
                user_claims,
                footer,
                implicit_assertion,
                base64_encode,
            )
        self._requirement(False, False, False, type)  # raises the explanation
        raise AssertionError  # pragma: no cover


def _no_assertion(implicit_assertion: bytes | str) -> None:
    if implicit_assertion:
        raise ConfigurationError(
            "implicit_assertion is not supported by pasetokit's TokenPolicy: bind the context "
            "in a claim (user_claims={'tenant': ...}) and check it in the route"
        )

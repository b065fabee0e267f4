"""``Auth``: one instance per application (or per policy), never class-level state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, cast

from fastapi.openapi.models import SecurityBase as SecuritySchemeModel
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection
from starlette.responses import Response
from typing_extensions import Unpack

from pasetokit import ConfigurationError, TokenPair, TokenPolicy
from pasetokit.web import (
    AccessOptions,
    PairOptions,
    RefreshOptions,
    Requirement,
    RequirementOptions,
    WebOptions,
    WebSettings,
    apply_cookies,
    check_model,
    parse_locations,
)

from ._core import Core, RevokeWhat
from ._dependencies import D, RequiredDependency, RevokeDependency, RotateDependency, build
from ._errors import ErrorHandler, install_handlers
from ._implicit import ImplicitRefreshMiddleware
from ._openapi import bind_schemes, keyword
from ._typed import TypedDependency
from ._view import ConnectionView, view_of
from .compat import AuthContext

__all__ = ["Auth", "AuthOptions", "AuthSettings"]

AuthSettings = WebSettings
"""The validated options of one ``Auth`` (``auth.settings``)."""

AuthOptions = WebOptions
"""The keyword options of ``Auth(policy, **options)``, the fields of :class:`AuthSettings`, for
type checkers; a misspelt one fails when the ``Auth`` is built (did-you-mean), never later."""


class Auth:
    """PASETO authentication for FastAPI, bound to one :class:`pasetokit.TokenPolicy`.

    ```python
    auth = Auth(policy, token_locations=("headers", "cookies"))

    @app.get("/me")                                   # declarative: the verified claims
    async def me(claims: Annotated[dict, Depends(auth.required())]): ...

    @app.get("/protected")                            # seed style: a request-bound object
    def protected(authorize: AuthContext = Depends(auth)):
        authorize.paseto_required()
    ```

    ``options`` are the fields of :class:`AuthSettings` (validated here: a misspelt one is a
    ``ConfigurationError``). ``status_codes`` maps error codes to other statuses and
    ``error_handler(request, exc)`` builds error responses itself: the one place to change
    how failures look.
    """

    __slots__ = ("__signature__", "_built", "_core")

    model: SecuritySchemeModel  # set (with scheme_name) on the SecurityBase variant only
    scheme_name: str

    def __new__(cls, policy: TokenPolicy, **options: Any) -> Auth:
        """An ``Auth`` whose locations have an OpenAPI scheme is also a FastAPI
        ``SecurityBase`` carrying its first scheme, so ``Depends(auth)`` routes get the lock
        and the Authorize button in /docs without an extra sub-dependency per request."""
        kind = cls
        if cls is Auth:
            try:
                locations = parse_locations(options.get("token_locations", ("headers",)), "")
            except ConfigurationError:
                locations = ()  # __init__ reports it
            if set(locations) - {"json"}:
                kind = _SecuredAuth
        return super().__new__(kind)

    def __init__(
        self,
        policy: TokenPolicy,
        *,
        error_handler: ErrorHandler | None = None,
        **options: Unpack[AuthOptions],
    ) -> None:
        settings = WebSettings.from_options(options)
        self._core = Core.build(policy, settings, error_handler)
        self._built: dict[tuple[object, ...], Any] = {}  # one dependency per route shape
        # What FastAPI reads for ``Depends(auth)``, with real classes (not the strings this
        # module's annotations are): the connection, the response, the OpenAPI schemes.
        markers = self._core.schemes.for_locations(settings.token_locations, refresh=False)
        bind_schemes(
            self,
            markers,
            keyword("conn", HTTPConnection),
            keyword("response", Response),
            returns=AuthContext,
        )

    def __repr__(self) -> str:
        return f"Auth({self.policy!r}, locations={self.settings.token_locations})"

    @property
    def policy(self) -> TokenPolicy:
        """The :class:`pasetokit.TokenPolicy` this ``Auth`` verifies and mints with."""
        return self._core.gate.policy

    @property
    def settings(self) -> WebSettings:
        """The validated HTTP options (locations, cookies, CSRF ...): a ``WebSettings``."""
        return self._core.gate.settings

    # --- dependencies -------------------------------------------------------------------------

    async def __call__(
        self, conn: HTTPConnection, response: Response, **_schemes: None
    ) -> AuthContext:
        """``Depends(auth)``: the request-bound :class:`AuthContext` (seed style)."""
        core = self._core
        locations = core.gate.settings.token_locations
        # Most apps read no JSON body: no awaited layer then (each one costs every request).
        view = ConnectionView(conn) if "json" not in locations else await view_of(conn, locations)
        return AuthContext(core, conn, response, view)

    def required(
        self, *, model: type[Any] | None = None, **options: Unpack[RequirementOptions]
    ) -> RequiredDependency | TypedDependency[Any]:
        """A dependency resolving to the verified claims: an access token (``refresh=True``: a
        refresh token), ``fresh`` if asked, with every scope in ``scopes``. ``optional``:
        ``None`` when no token was sent (a bad token is still refused). ``locations``
        overrides where to look (e.g. ``("query_string",)`` for a WebSocket). ``model``: a
        pydantic model or dataclass to build from the claims (a misfit is 401
        ``invalid_claims``); a misspelt option is a ``TypeError`` with a did-you-mean."""
        req = Requirement.of(options, "required", also=("model",))
        dependency = self._build(RequiredDependency, req)
        if model is not None:
            check_model(model)
            return TypedDependency(self._core, dependency, model)
        return dependency

    def rotate(self, *, locations: str | Iterable[str] | None = None) -> RotateDependency:
        """A dependency resolving to a new :class:`pasetokit.TokenPair` for the presented
        refresh token (refresh rotation; presenting a used one revokes its family)."""
        return self._build(RotateDependency, Requirement.make(refresh=True, locations=locations))

    def revoke(
        self, what: RevokeWhat = "family", *, locations: str | Iterable[str] | None = None
    ) -> RevokeDependency:
        """Log-out: a dependency that verifies the presented access token, revokes ``what``
        (``"token"``, ``"family"``: the log-in session with its refresh tokens, or
        ``"subject"``: everywhere) and resolves to the token's claims."""
        if what not in ("token", "family", "subject"):
            raise ValueError(f"what must be 'token', 'family' or 'subject', not {what!r}")
        return self._build(RevokeDependency, Requirement.make(locations=locations), what)

    def _build(self, kind: type[D], req: Requirement, *args: Any) -> D:
        """The one ``kind`` dependency for ``req`` (FastAPI caches per dependency object)."""
        key = (kind, req, *args)
        dependency = self._built.get(key)
        if dependency is None:
            dependency = self._built[key] = build(kind, self._core, req, *args)
        return cast(D, dependency)

    def install(self, app: Any) -> None:
        """Optional: register the error handlers on ``app`` up front, and map any
        ``pasetokit.TokenError`` raised by application code (e.g. ``await
        auth.policy.arevoke(...)``) like the dependencies do. With ``implicit_refresh`` set,
        also add the middleware that re-issues access cookies (required for it)."""
        install_handlers(app, self._core.errors)
        if self._core.gate.implicit is not None:
            app.add_middleware(ImplicitRefreshMiddleware, implicit=self._core.gate.implicit)

    # --- minting (``csrf`` defaults to on when cookies carry tokens) ----------------------------

    def create_access_token(self, subject: str, **options: Unpack[AccessOptions]) -> str:
        """``policy.create_access_token`` (``fresh``, ``purpose``, ``claims``, ``footer``,
        ``expires_in``, ``scopes``, ``csrf``)."""
        return self._core.gate.minter.create_access_token(subject, **options)

    def create_refresh_token(self, subject: str, **options: Unpack[RefreshOptions]) -> str:
        """``policy.create_refresh_token`` (``purpose``, ``claims``, ``footer``,
        ``expires_in``, ``scopes``, ``csrf``)."""
        return self._core.gate.minter.create_refresh_token(subject, **options)

    def create_token_pair(self, subject: str, **options: Unpack[PairOptions]) -> TokenPair:
        """Log-in: an access and a refresh token of one family sharing one CSRF value
        (``fresh``, ``claims``, ``scopes``, ``csrf``)."""
        return self._core.gate.minter.create_token_pair(subject, **options)

    # --- cookies ------------------------------------------------------------------------------

    def set_access_cookies(
        self,
        response: Response,
        access_token: str,
        *,
        max_age: timedelta | float | None = None,
        domain: str | None = None,
    ) -> None:
        """The access token cookie (HttpOnly) and its CSRF cookie (readable by scripts)."""
        gate = self._core.gate
        apply_cookies(
            response, gate.set_cookies(access_token, refresh=False, max_age=max_age, domain=domain)
        )

    def set_refresh_cookies(
        self,
        response: Response,
        refresh_token: str,
        *,
        max_age: timedelta | float | None = None,
        domain: str | None = None,
    ) -> None:
        """The refresh token cookie (HttpOnly) and its CSRF cookie, on the refresh cookie paths.

        Args:
            response: The response to set them on.
            refresh_token: The token, as ``create_refresh_token`` returned it.
            max_age: The cookies' lifetime (default: the policy's ``refresh_ttl``, or none with
                ``session_cookie=True``).
            domain: Overrides the ``cookie_domain`` option for these cookies.

        Raises:
            ConfigurationError: ``max_age`` or ``domain`` is invalid.
        """
        gate = self._core.gate
        apply_cookies(
            response, gate.set_cookies(refresh_token, refresh=True, max_age=max_age, domain=domain)
        )

    def unset_cookies(self, response: Response, *, domain: str | None = None) -> None:
        """Expire every cookie the two ``set_*_cookies`` methods set."""
        for refresh in (False, True):
            apply_cookies(response, self._core.gate.clear_cookies(refresh=refresh, domain=domain))


class _SecuredAuth(Auth, SecurityBase):
    """``Auth`` as a FastAPI ``SecurityBase`` (see ``Auth.__new__``)."""

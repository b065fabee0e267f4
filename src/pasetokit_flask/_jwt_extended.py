"""Flask-JWT-Extended 4.x, as its users call it, on pasetokit: ``JWTManager`` with the
upstream loader signatures (``user_identity_loader(user)``, ``additional_claims_loader(
identity)``, ``token_in_blocklist_loader(jwt_header, jwt_payload)``, ``user_lookup_loader(
jwt_header, jwt_payload)``, ``expired_token_loader(jwt_header, jwt_payload)``,
``invalid_token_loader(reason)`` ...), ``create_access_token(identity, fresh=,
expires_delta=, additional_claims=)``, ``jwt_required``, ``verify_jwt_in_request``,
``get_jwt`` (``RuntimeError`` outside a protected view, ``{}`` in an optional one without a
token; ``exp`` / ``iat`` / ``nbf`` as NumericDate, as upstream), ``get_jwt_identity``,
``get_jwt_header``, ``set_access_cookies``, ``unset_jwt_cookies`` and ``get_jwt_expiry``
(``exp`` as an aware datetime).

PASETO has no JOSE header: ``jwt_header`` is always ``{}``. An expired or forged token's
payload is never decoded, so those loaders get ``jwt_payload == {}``. What goes into a payload
and what code reads from it (an ``int`` identity, ``aud`` in ``additional_claims``, NumericDate
times) is ``_fje_payload``'s.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import Flask, Response, current_app

from pasetokit import (
    ConfigurationError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenError,
    TokenPolicy,
)
from pasetokit.web import claim_time

from ._context import get_claims, get_subject
from ._cookies import set_access_cookies as _set_access
from ._cookies import set_refresh_cookies as _set_refresh
from ._cookies import unset_cookies
from ._decorators import paseto_required
from ._fje_payload import jwt_payload, policy_claims, subject_of
from ._manager import PasetoManager, get_policy
from ._state import get_state
from ._tokens import create_access_token as _create_access
from ._tokens import create_refresh_token as _create_refresh
from ._verify import verify_paseto_in_request

__all__ = [
    "JWTManager",
    "create_access_token",
    "create_refresh_token",
    "get_jwt",
    "get_jwt_expiry",
    "get_jwt_header",
    "get_jwt_identity",
    "jwt_required",
    "set_access_cookies",
    "set_refresh_cookies",
    "unset_jwt_cookies",
    "verify_jwt_in_request",
]

F = TypeVar("F", bound=Callable[..., Any])
PayloadLoader = Callable[[dict[str, Any], dict[str, Any]], Any]
ReasonLoader = Callable[[str], Any]

_MANAGER_KEY = "pasetokit_jwt_extended"


def _payload(exc: TokenError) -> dict[str, Any]:
    payload = getattr(exc, "jwt_payload", None)
    return jwt_payload(payload) if isinstance(payload, dict) else {}


class JWTManager(PasetoManager):
    """``jwt = JWTManager(app)``: a :class:`PasetoManager` with Flask-JWT-Extended's loaders.
    Configuration is ``PASETO_*`` (a leftover ``JWT_*`` key fails start-up and names its
    replacement)."""

    def __init__(self, app: Flask | None = None, *, policy: TokenPolicy | None = None) -> None:
        self._identity: Callable[[Any], Any] | None = None
        self._additional: Callable[[Any], Mapping[str, Any]] | None = None
        self._blocklist: PayloadLoader | None = None
        super().__init__(app, policy=policy)

    def init_app(self, app: Flask) -> None:
        """As :meth:`PasetoManager.init_app`; also makes this manager the one the compat
        functions (``create_access_token``) ask for the identity and claims loaders."""
        super().init_app(app)
        app.extensions[_MANAGER_KEY] = self

    def user_identity_loader(self, callback: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``callback(identity_object) -> str``: the ``sub`` of tokens minted for it."""
        self._identity = callback
        return callback

    def additional_claims_loader(
        self, callback: Callable[[Any], Mapping[str, Any]]
    ) -> Callable[[Any], Mapping[str, Any]]:
        """``callback(identity) -> dict``: claims added to every access token."""
        self._additional = callback
        return callback

    def token_in_blocklist_loader(self, callback: PayloadLoader) -> PayloadLoader:
        """``callback(jwt_header, jwt_payload) -> bool`` (sync or async): ``True`` revokes
        (401). A callback that raises fails closed: 503, never the token let through."""
        self._blocklist = callback
        self._loaders.checks.append(self._check_blocklist)
        return callback

    def _check_blocklist(self, claims: dict[str, Any]) -> Any:
        loader = self._blocklist
        assert loader is not None  # noqa: S101 - registered with the loader
        try:
            answer = loader({}, jwt_payload(claims))
        except Exception as exc:
            raise RevocationStoreUnavailableError(
                f"the blocklist callback failed: {exc!r}"
            ) from exc
        if inspect.isawaitable(answer):
            return self._await_blocklist(answer, claims)
        self._refuse_if(bool(answer), claims)
        return None

    async def _await_blocklist(self, answer: Awaitable[Any], claims: dict[str, Any]) -> None:
        try:
            revoked = bool(await answer)
        except Exception as exc:
            raise RevocationStoreUnavailableError(
                f"the blocklist callback failed: {exc!r}"
            ) from exc
        self._refuse_if(revoked, claims)

    @staticmethod
    def _refuse_if(revoked: bool, claims: dict[str, Any]) -> None:
        if revoked:
            error = RevokedTokenError()
            error.jwt_payload = dict(claims)  # type: ignore[attr-defined]  # for the loader
            raise error

    def user_lookup_loader(self, callback: Any) -> Any:
        """``callback(jwt_header, jwt_payload) -> user | None``; ``None`` is a 401."""
        super().user_lookup_loader(lambda claims: callback({}, jwt_payload(claims)))
        return callback

    def _payload_loader(self, name: str, callback: PayloadLoader) -> PayloadLoader:
        self._register(name, lambda exc: callback({}, _payload(exc)))
        return callback

    def _reason_loader(self, name: str, callback: ReasonLoader) -> ReasonLoader:
        self._register(name, lambda exc: callback(exc.message))
        return callback

    def expired_token_loader(self, callback: PayloadLoader) -> PayloadLoader:  # type: ignore[override]
        """``callback(jwt_header, jwt_payload)`` (the payload of an expired token is ``{}``)."""
        return self._payload_loader("expired", callback)

    def needs_fresh_token_loader(self, callback: PayloadLoader) -> PayloadLoader:  # type: ignore[override]
        """``callback(jwt_header, jwt_payload)``."""
        return self._payload_loader("needs_fresh", callback)

    def revoked_token_loader(self, callback: PayloadLoader) -> PayloadLoader:  # type: ignore[override]
        """``callback(jwt_header, jwt_payload)``."""
        return self._payload_loader("revoked", callback)

    def user_lookup_error_loader(self, callback: PayloadLoader) -> PayloadLoader:  # type: ignore[override]
        """``callback(jwt_header, jwt_payload)``."""
        return self._payload_loader("user_lookup", callback)

    def invalid_token_loader(self, callback: ReasonLoader) -> ReasonLoader:  # type: ignore[override]
        """``callback(reason: str)``."""
        return self._reason_loader("invalid", callback)

    def unauthorized_loader(self, callback: ReasonLoader) -> ReasonLoader:  # type: ignore[override]
        """``callback(reason: str)`` (no token in the request)."""
        return self._reason_loader("unauthorized", callback)

    # --- minting helpers for the module functions ------------------------------------------------

    def subject_for(self, identity: Any) -> str:
        """The token subject for ``identity``: the ``user_identity_loader``'s result, else itself.

        An ``int`` is written as its decimal string, as upstream's examples expect.

        Raises:
            ConfigurationError: The subject is neither a str nor an int (return ``str(user.id)``
                from the identity loader).
        """
        return subject_of(identity if self._identity is None else self._identity(identity))

    def claims_for(self, identity: Any, extra: Mapping[str, Any] | None) -> dict[str, Any]:
        """The extra claims for a new token: the ``additional_claims_loader``'s for ``identity``,
        then ``extra`` (the call's ``additional_claims``), which win on a clash.
        """
        claims = {} if self._additional is None else dict(self._additional(identity))
        return policy_claims(get_policy(), claims | dict(extra or {}))


def _manager() -> JWTManager | None:
    found = current_app.extensions.get(_MANAGER_KEY)
    get_state()  # a clear error when the app has no manager at all
    return found if isinstance(found, JWTManager) else None


def _expires(expires_delta: timedelta | int | bool | None) -> timedelta | float | None:
    if expires_delta is False:
        raise ConfigurationError(
            "expires_delta=False (a token that never expires) is refused: pass a timedelta, at "
            "most PASETO_REFRESH_TTL"
        )
    if expires_delta is None or expires_delta is True:
        return None
    return expires_delta


def _no_headers(additional_headers: Mapping[str, Any] | None) -> None:
    if additional_headers:
        raise ConfigurationError(
            "additional_headers: PASETO has no header; put public metadata in the footer "
            "(pasetokit_flask.create_access_token(..., footer={...})) or in claims"
        )


def _subject_and_claims(
    identity: Any, additional_claims: Mapping[str, Any] | None
) -> tuple[str, dict[str, Any]]:
    manager = _manager()
    if manager is None:  # a plain PasetoManager: no identity or claims loaders
        return subject_of(identity), policy_claims(get_policy(), additional_claims or {})
    return manager.subject_for(identity), manager.claims_for(identity, additional_claims)


def create_access_token(
    identity: Any,
    fresh: bool | timedelta = False,
    expires_delta: timedelta | int | bool | None = None,
    additional_claims: Mapping[str, Any] | None = None,
    additional_headers: Mapping[str, Any] | None = None,
) -> str:
    """Flask-JWT-Extended's ``create_access_token`` (``identity`` through the
    ``user_identity_loader``, claims from the ``additional_claims_loader`` and
    ``additional_claims``)."""
    _no_headers(additional_headers)
    subject, claims = _subject_and_claims(identity, additional_claims)
    return _create_access(
        subject, fresh=fresh, claims=claims or None, expires_in=_expires(expires_delta)
    )


def create_refresh_token(
    identity: Any,
    expires_delta: timedelta | int | bool | None = None,
    additional_claims: Mapping[str, Any] | None = None,
    additional_headers: Mapping[str, Any] | None = None,
) -> str:
    """Flask-JWT-Extended's ``create_refresh_token``."""
    _no_headers(additional_headers)
    subject, _ = _subject_and_claims(identity, None)
    claims = policy_claims(get_policy(), additional_claims or {})
    return _create_refresh(subject, claims=claims or None, expires_in=_expires(expires_delta))


def _unsafe(verify_type: bool, skip_revocation_check: bool) -> None:
    if not verify_type:
        raise ConfigurationError(
            "verify_type=False (any token type) is refused: use refresh=True for refresh tokens"
        )
    if skip_revocation_check:
        raise ConfigurationError(
            "skip_revocation_check=True is refused: a revoked token stays revoked; to log out "
            "with a token, verify it and revoke it (get_policy().revoke_family(get_jwt()))"
        )


def jwt_required(  # noqa: PLR0917 - upstream's positional signature
    optional: bool = False,
    fresh: bool = False,
    refresh: bool = False,
    locations: str | Iterable[str] | None = None,
    verify_type: bool = True,
    skip_revocation_check: bool = False,
) -> Callable[[F], F]:
    """Flask-JWT-Extended's ``@jwt_required()`` (always called, as in 4.x)."""
    _unsafe(verify_type, skip_revocation_check)
    return paseto_required(optional=optional, fresh=fresh, refresh=refresh, locations=locations)


def verify_jwt_in_request(  # noqa: PLR0917 - upstream's positional signature
    optional: bool = False,
    fresh: bool = False,
    refresh: bool = False,
    locations: str | Iterable[str] | None = None,
    verify_type: bool = True,
    skip_revocation_check: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(jwt_header, jwt_payload)`` of the verified token, ``None`` when optional and none."""
    _unsafe(verify_type, skip_revocation_check)
    claims = verify_paseto_in_request(
        optional=optional, fresh=fresh, refresh=refresh, locations=locations
    )
    return None if claims is None else ({}, jwt_payload(claims))


def get_jwt() -> dict[str, Any]:
    """The verified payload in upstream's shape (``exp`` / ``iat`` / ``nbf`` as integer
    seconds); ``{}`` in an optional view without a token; ``RuntimeError`` where no
    verification ran (as upstream, so ``except RuntimeError`` recipes work)."""
    claims = get_claims()
    return {} if claims is None else jwt_payload(claims)


def get_jwt_identity() -> str | None:
    """The verified token's ``sub`` (``None``: optional view, no token)."""
    return get_subject()


def get_jwt_header() -> dict[str, Any]:
    """Always ``{}`` (PASETO has no header); ``RuntimeError`` outside a protected view."""
    get_claims()
    return {}


def get_jwt_expiry() -> datetime:
    """The verified token's ``exp`` as an aware UTC datetime (``KeyError`` without a token, as
    ``get_jwt()["exp"]`` would): the implicit-refresh recipe compares it with
    ``datetime.now(timezone.utc) + timedelta(minutes=30)``."""
    claims = get_claims()
    return claim_time({} if claims is None else claims, "exp")


def set_access_cookies(
    response: Response,
    encoded_access_token: str,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Flask-JWT-Extended's positional ``set_access_cookies``."""
    _set_access(response, encoded_access_token, max_age=max_age, domain=domain)


def set_refresh_cookies(
    response: Response,
    encoded_refresh_token: str,
    max_age: timedelta | float | None = None,
    domain: str | None = None,
) -> None:
    """Flask-JWT-Extended's positional ``set_refresh_cookies``."""
    _set_refresh(response, encoded_refresh_token, max_age=max_age, domain=domain)


def unset_jwt_cookies(response: Response, domain: str | None = None) -> None:
    """Expire every token and CSRF cookie."""
    unset_cookies(response, domain=domain)

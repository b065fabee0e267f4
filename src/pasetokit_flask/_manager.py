"""``PasetoManager``: per-application policy, settings and response loaders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from flask import Flask

from pasetokit import TokenError, TokenPolicy
from pasetokit.web import Gate, config_policy, config_settings, refuse_jwt_settings

from ._errors import handle_token_error
from ._implicit import install_implicit_refresh
from ._state import EXTENSION_KEY, AppState, ErrorLoader, Loaders, UserLoader, get_state

__all__ = ["PasetoManager", "get_policy"]

ErrorLoaderT = TypeVar("ErrorLoaderT", bound=ErrorLoader)
UserLoaderT = TypeVar("UserLoaderT", bound=UserLoader)


def get_policy() -> TokenPolicy:
    """The :class:`pasetokit.TokenPolicy` of the current application."""
    return get_state().gate.policy


class PasetoManager:
    """Flask extension: ``PasetoManager(app)`` or ``manager.init_app(app)`` (app factories).

    Without ``policy``, each application gets its own :class:`pasetokit.TokenPolicy` built from
    its ``PASETO_*`` configuration by ``TokenPolicy.from_mapping``; the adapter's own settings
    (token locations, cookies, CSRF) are read from the same configuration. Everything is read
    and validated once, in :meth:`init_app`: a bad key or an unknown ``PASETO_*`` name fails
    start-up with :class:`pasetokit.ConfigurationError`.

    Response loaders (``expired_token_loader`` ...) and the ``user_lookup_loader`` belong to this
    manager instance and serve every application it is initialised on.
    """

    def __init__(self, app: Flask | None = None, *, policy: TokenPolicy | None = None) -> None:
        self._policy = policy
        self._loaders = Loaders()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Validate ``app.config``, build or attach the policy and register the error handler."""
        if EXTENSION_KEY in app.extensions:
            raise RuntimeError(
                "pasetokit_flask: a PasetoManager is already initialised on this app"
            )
        if "flask-jwt-extended" not in app.extensions:
            # Leftover Flask-JWT-Extended keys: say what replaces them. An app that still runs
            # Flask-JWT-Extended itself (a migration in steps) owns its JWT_* keys.
            refuse_jwt_settings(app.config)
        settings = config_settings(app.config)  # the adapter's keys are checked first
        gate = Gate(config_policy(app.config, self._policy), settings)
        registered = app.error_handler_spec.get(None, {}).get(None, {})
        own_handler = TokenError in registered  # never replace the application's own handler
        if not own_handler:
            app.register_error_handler(TokenError, handle_token_error)
        app.extensions[EXTENSION_KEY] = AppState(self._loaders, gate, own_handler)
        if gate.implicit is not None:
            install_implicit_refresh(app)

    @property
    def policy(self) -> TokenPolicy:
        """The policy given to the constructor, else the current application's."""
        return self._policy if self._policy is not None else get_policy()

    @property
    def error_loaders(self) -> Mapping[str, ErrorLoader]:
        """The registered error loaders by kind (``"unauthorized"``, ``"invalid"``, ``"expired"``,
        ``"needs_fresh"``, ``"revoked"``, ``"user_lookup"``, ``"any"``): read-only use.
        """
        return self._loaders.errors

    @property
    def user_loader(self) -> UserLoader | None:
        """The ``user_lookup_loader`` callback, or ``None`` when the app registered none."""
        return self._loaders.user

    # --- loaders (Flask-JWT-Extended style); each receives the pasetokit exception -------------

    def _register(self, name: str, callback: ErrorLoaderT) -> ErrorLoaderT:
        self._loaders.errors[name] = callback
        return callback

    def unauthorized_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """No token in the request (``MissingTokenError``)."""
        return self._register("unauthorized", callback)

    def invalid_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """Malformed, forged, wrong-type or otherwise unacceptable token."""
        return self._register("invalid", callback)

    def expired_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``ExpiredTokenError``."""
        return self._register("expired", callback)

    def needs_fresh_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``FreshTokenRequiredError``."""
        return self._register("needs_fresh", callback)

    def revoked_token_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """``RevokedTokenError`` and ``RefreshTokenReusedError``."""
        return self._register("revoked", callback)

    def user_lookup_error_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """The ``user_lookup_loader`` returned ``None`` (``UserLookupError``)."""
        return self._register("user_lookup", callback)

    def token_error_loader(self, callback: ErrorLoaderT) -> ErrorLoaderT:
        """Fallback for every token error without a more specific loader (scope, CSRF, 503...)."""
        return self._register("any", callback)

    def user_lookup_loader(self, callback: UserLoaderT) -> UserLoaderT:
        """``callback(claims) -> user | None`` (sync or async); its result is ``current_user``.

        Called once per verified request, before the view; ``None`` rejects the request (401).
        """
        self._loaders.user = callback
        return callback

"""``PasetoManager``: per-application policy, settings and response loaders (the loaders'
decorators are ``pasetokit.web.LoaderRegistry``'s)."""

from __future__ import annotations

from flask import Flask

from pasetokit import TokenError, TokenPolicy
from pasetokit.web import (
    Gate,
    LoaderRegistry,
    ResponseLoaders,
    config_policy,
    config_settings,
    refuse_jwt_settings,
)

from ._errors import handle_token_error
from ._implicit import install_implicit_refresh
from ._state import EXTENSION_KEY, AppState, get_state

__all__ = ["PasetoManager", "get_policy"]


def get_policy() -> TokenPolicy:
    """The :class:`pasetokit.TokenPolicy` of the current application."""
    return get_state().gate.policy


class PasetoManager(LoaderRegistry):
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
        self._loaders = ResponseLoaders()
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

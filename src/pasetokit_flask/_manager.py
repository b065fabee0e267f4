"""``PasetoManager``: per-application policy, settings and response loaders."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, current_app
from flask.typing import ResponseReturnValue

from pasetokit import ConfigurationError, TokenError, TokenPolicy

from ._settings import ADAPTER_DEFAULTS, PREFIX, Settings

__all__ = ["EXTENSION_KEY", "AppState", "PasetoManager", "get_policy", "get_state"]

EXTENSION_KEY = "pasetokit"

ErrorLoader = Callable[[Any], "ResponseReturnValue | Awaitable[ResponseReturnValue]"]
UserLoader = Callable[[dict[str, Any]], Any]
ErrorLoaderT = TypeVar("ErrorLoaderT", bound=ErrorLoader)
UserLoaderT = TypeVar("UserLoaderT", bound=UserLoader)


@dataclass(frozen=True, slots=True)
class AppState:
    """What ``init_app`` stored for one application: ``app.extensions["pasetokit"]``."""

    manager: PasetoManager
    policy: TokenPolicy
    settings: Settings


def get_state() -> AppState:
    """The current application's state (needs an application context)."""
    try:
        state: AppState = current_app.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError(
            "pasetokit_flask: this Flask app has no PasetoManager; call "
            "PasetoManager(app) or manager.init_app(app) at start-up"
        ) from None
    return state


def get_policy() -> TokenPolicy:
    """The :class:`pasetokit.TokenPolicy` of the current application."""
    return get_state().policy


def _policy_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``PASETO_*`` keys of ``config`` that are not the adapter's own."""
    return {
        key: value
        for key, value in config.items()
        # The policy matches its prefix case-insensitively (``paseto_leeway`` is refused, not
        # ignored); so must the split, or a lower-case key would silently vanish.
        if isinstance(key, str) and key.upper().startswith(PREFIX) and key not in ADAPTER_DEFAULTS
    }


def _close_adapter_key(key: str) -> str:
    match = difflib.get_close_matches(key.upper(), list(ADAPTER_DEFAULTS), n=1, cutoff=0.8)
    return f" (did you mean the Flask adapter's {match[0]}?)" if match else ""


def _build_policy(policy_keys: Mapping[str, Any]) -> TokenPolicy:
    try:
        return TokenPolicy.from_mapping(policy_keys, prefix=PREFIX)
    except ConfigurationError as exc:
        # A misspelt adapter key reaches the policy, which knows only its own names: add ours.
        hints = [f"{key}{hint}" for key in sorted(policy_keys) if (hint := _close_adapter_key(key))]
        if not hints:
            raise
        raise ConfigurationError(f"{exc.message} [{'; '.join(hints)}]") from exc


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
        self.error_loaders: dict[str, ErrorLoader] = {}
        self.user_loader: UserLoader | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Validate ``app.config``, build or attach the policy and register the error handler."""
        if EXTENSION_KEY in app.extensions:
            raise RuntimeError(
                "pasetokit_flask: a PasetoManager is already initialised on this app"
            )
        settings = Settings.from_config(app.config)
        policy_keys = _policy_config(app.config)
        if self._policy is not None:
            if policy_keys:
                names = ", ".join(f"{key}{_close_adapter_key(key)}" for key in sorted(policy_keys))
                raise ConfigurationError(
                    f"unexpected setting(s) in app.config: {names}. This PasetoManager was "
                    "given a TokenPolicy, so only the adapter's settings "
                    "(PASETO_TOKEN_LOCATION, PASETO_COOKIE_*, PASETO_CSRF_*, ...) may be set"
                )
            policy = self._policy
        else:
            policy = _build_policy(policy_keys)
        app.extensions[EXTENSION_KEY] = AppState(manager=self, policy=policy, settings=settings)

        from ._errors import handle_token_error

        registered = app.error_handler_spec.get(None, {}).get(None, {})
        if TokenError not in registered:  # never replace the application's own handler
            app.register_error_handler(TokenError, handle_token_error)

    @property
    def policy(self) -> TokenPolicy:
        """The policy given to the constructor, else the current application's."""
        return self._policy if self._policy is not None else get_policy()

    # --- loaders (Flask-JWT-Extended style); each receives the pasetokit exception -------------

    def _register(self, name: str, callback: ErrorLoaderT) -> ErrorLoaderT:
        self.error_loaders[name] = callback
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
        self.user_loader = callback
        return callback

"""What ``init_app`` stored for one application (``app.extensions["pasetokit"]``), and how to
reach it from a request."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from pasetokit.web import Gate, ResponseLoaders

__all__ = ["EXTENSION_KEY", "AppState", "get_state"]

EXTENSION_KEY = "pasetokit"


@dataclass(frozen=True, slots=True)
class AppState:
    loaders: ResponseLoaders
    gate: Gate
    # The application registered its own TokenError handler: verify_paseto_in_request lets
    # token errors reach it instead of answering by itself.
    app_handles_token_errors: bool


def get_state() -> AppState:
    """The current application's state (needs an application context)."""
    try:
        # werkzeug's documented LocalProxy._get_current_object: one context lookup, not two
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        state: AppState = app.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError(
            "pasetokit_flask: this Flask app has no PasetoManager; call "
            "PasetoManager(app) or manager.init_app(app) at start-up"
        ) from None
    return state

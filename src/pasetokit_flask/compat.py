"""Flask-JWT-Extended's names and habits, in one place: ``JWTManager`` (upstream loader
signatures), ``create_access_token(identity, fresh=, expires_delta=, additional_claims=)``,
``jwt_required()``, ``verify_jwt_in_request``, ``get_jwt`` / ``get_jwt_identity`` /
``get_jwt_header`` / ``get_jwt_expiry``, ``current_user`` / ``get_current_user``, the cookie
functions (``set_access_cookies``, ``unset_jwt_cookies`` ...), and the kinds of response loader
the manager accepts. Port an app by importing these from here instead of
``flask_jwt_extended`` and renaming its ``JWT_*`` settings (start-up names each one's
``PASETO_*`` replacement). Payloads read here have upstream's shape (``exp`` / ``iat`` /
``nbf`` as integer seconds); an ``int`` identity is written as its decimal string."""

from __future__ import annotations

from typing import Any

from werkzeug.local import LocalProxy

from pasetokit.web import loader_names

from ._context import auth
from ._cookies import unset_access_cookies, unset_refresh_cookies
from ._jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_expiry,
    get_jwt_header,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)

__all__ = [
    "JWTManager",
    "create_access_token",
    "create_refresh_token",
    "current_user",
    "get_current_user",
    "get_jwt",
    "get_jwt_expiry",
    "get_jwt_header",
    "get_jwt_identity",
    "jwt_required",
    "loader_names",
    "set_access_cookies",
    "set_refresh_cookies",
    "unset_access_cookies",
    "unset_jwt_cookies",
    "unset_refresh_cookies",
    "verify_jwt_in_request",
]


def get_current_user() -> Any:
    """The user the ``user_lookup_loader`` returned (``None``: optional view, no token)."""
    verified = auth()
    if verified.claims is not None and not verified.user_loaded:
        raise RuntimeError(
            "current_user needs a user_lookup_loader registered on the PasetoManager"
        )
    return verified.user


current_user: Any = LocalProxy(get_current_user)
"""The user returned by the manager's ``user_lookup_loader`` (``None`` without a token)."""

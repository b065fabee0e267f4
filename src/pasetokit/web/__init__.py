"""``pasetokit.web``: the HTTP facts every web adapter shares, once, importing no framework.

- :class:`WebSettings`: every adapter option (locations and their order, header name and scheme,
  cookies, CSRF, query and JSON names, WebSocket origins, status overrides), validated once;
  :meth:`WebSettings.from_options` maps an adapter's own spelling through one name table.
- :class:`Requirement`: what a route demands (refresh / fresh / optional / scopes / locations).
- :class:`RequestView` and :func:`find_token`: one token search with one set of rules;
  :class:`WSGIView`: the view of a WSGI request.
- :class:`Gate`: find, verify (sync or async twin), check CSRF: the flow of a protected route.
- :class:`ErrorMap`: status per code, the RFC 6750 challenge, the ``{"detail","code"}`` body.
- :func:`token_cookies` / :func:`cleared_cookies`: which cookies to set and to expire.
- :class:`ImplicitRefresh`: when a cookie session's access cookie is re-issued (opt-in).



- :data:`CONFIG_NAMES` / :func:`config_settings` / :func:`config_policy`: the same from a flat
  ``PASETO_*`` configuration (Flask's ``app.config``); :class:`ResponseLoaders`: the
  Flask-JWT-Extended-style response loaders, which one answers an error, and
  :class:`LoaderRegistry`, the decorators that register them.
- :class:`Minter`: ``create_*`` with the adapter's CSRF default, and the compatibility
  spellings (``user_claims``, ``expires_time``, ``identity``); :class:`SeedMinting`, the
  seed's ``create_*`` signatures over a ``Minter``.

An adapter only translates: its request into a :class:`RequestView`, these results and
exceptions into its framework's responses.
"""

from __future__ import annotations

from .app_config import CONFIG_NAMES, CONFIG_PREFIX, config_policy, config_settings
from .authpaseto import AuthPasetoConfig, read_authpaseto_settings
from .cookies import CookieSink, CookieSpec, apply_cookies, cleared_cookies, token_cookies
from .errors import ErrorMap, ErrorReply, default_status, websocket_reason
from .gate import Gate, RevokeWhat, Verified
from .implicit_refresh import ImplicitRefresh
from .jwt_settings import JWT_SETTING_HINTS, refuse_jwt_settings
from .loaders import LoaderRegistry, ResponseLoaders, loader_names, resolved
from .minting import (
    AccessOptions,
    ExpiresTime,
    Minter,
    PairOptions,
    Purpose,
    RefreshOptions,
    expires_in_from,
    one_subject,
)
from .options import WebOptions
from .overrides import find_with_overrides, override_locations, unwrap_base64, wrap_base64
from .requirement import Requirement, RequirementOptions, TokenKind
from .search import (
    Found,
    RequestView,
    check_csrf_header,
    field_value,
    find_token,
    missing_token,
    needs_json_body,
    plain_credential,
)
from .seed_minting import SeedMinting
from .settings import LOCATIONS, Location, SameSite, WebSettings, known_codes, parse_locations
from .timestamps import claim_time
from .typed_claims import InvalidClaimsError, check_model, claims_as
from .wsgi import WSGIView

__all__ = [
    "CONFIG_NAMES",
    "CONFIG_PREFIX",
    "JWT_SETTING_HINTS",
    "LOCATIONS",
    "AccessOptions",
    "AuthPasetoConfig",
    "CookieSink",
    "CookieSpec",
    "ErrorMap",
    "ErrorReply",
    "ExpiresTime",
    "Found",
    "Gate",
    "ImplicitRefresh",
    "InvalidClaimsError",
    "LoaderRegistry",
    "Location",
    "Minter",
    "PairOptions",
    "Purpose",
    "RefreshOptions",
    "RequestView",
    "Requirement",
    "RequirementOptions",
    "ResponseLoaders",
    "RevokeWhat",
    "SameSite",
    "SeedMinting",
    "TokenKind",
    "Verified",
    "WSGIView",
    "WebOptions",
    "WebSettings",
    "apply_cookies",
    "check_csrf_header",
    "check_model",
    "claim_time",
    "claims_as",
    "cleared_cookies",
    "config_policy",
    "config_settings",
    "default_status",
    "expires_in_from",
    "field_value",
    "find_token",
    "find_with_overrides",
    "known_codes",
    "loader_names",
    "missing_token",
    "needs_json_body",
    "one_subject",
    "override_locations",
    "parse_locations",
    "plain_credential",
    "read_authpaseto_settings",
    "refuse_jwt_settings",
    "resolved",
    "token_cookies",
    "unwrap_base64",
    "websocket_reason",
    "wrap_base64",
]

"""Settings from a flat application configuration: Flask's ``app.config`` (``PASETO_*`` keys),
read by ``pasetokit_flask.PasetoManager``; nothing here imports Flask.

One name table, :data:`CONFIG_NAMES`, maps the adapter's keys to :class:`WebSettings` fields
(where to look for a token, cookie attributes, CSRF, WebSocket origins, status overrides).
Every other ``PASETO_*`` key is the policy's and goes to ``TokenPolicy.from_mapping``, which
refuses the unknown ones; a misspelt adapter key is refused there with the adapter's
did-you-mean added. Read and validated once, at start-up.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pasetokit import ConfigurationError, TokenPolicy

from .settings import WebSettings

__all__ = ["CONFIG_NAMES", "CONFIG_PREFIX", "config_policy", "config_settings"]

CONFIG_PREFIX = "PASETO_"

_SPECIAL = {
    "PASETO_TOKEN_LOCATION": "token_locations",
    "PASETO_COOKIE_CSRF_PROTECT": "csrf_protect",
}
_NOT_CONFIG = {"scheme_prefix"}  # OpenAPI scheme names: nothing for a config file
CONFIG_NAMES: Mapping[str, str] = _SPECIAL | {
    CONFIG_PREFIX + name.upper(): name
    for name in WebSettings.__dataclass_fields__
    if name not in _NOT_CONFIG and name not in _SPECIAL.values()
}
"""``app.config`` key -> ``WebSettings`` field."""


def config_settings(config: Mapping[str, Any]) -> WebSettings:
    """The adapter's settings from the adapter keys of ``config`` (missing ones: defaults)."""
    return WebSettings.from_options(
        {key: config[key] for key in CONFIG_NAMES if key in config}, names=CONFIG_NAMES
    )


def _policy_keys(config: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in config.items()
        # The policy matches its prefix case-insensitively (``paseto_leeway`` is refused, not
        # ignored); so must the split, or a lower-case key would silently vanish.
        if isinstance(key, str)
        and key.upper().startswith(CONFIG_PREFIX)
        and key not in CONFIG_NAMES
    }


def _close_adapter_key(key: str) -> str:
    match = difflib.get_close_matches(key.upper(), list(CONFIG_NAMES), n=1, cutoff=0.8)
    return f" (did you mean the Flask adapter's {match[0]}?)" if match else ""


def config_policy(config: Mapping[str, Any], given: TokenPolicy | None) -> TokenPolicy:
    """``given``, when the configuration holds no policy keys; else the policy built from them
    by ``TokenPolicy.from_mapping`` (with ``given``, any policy key is refused)."""
    keys = _policy_keys(config)
    if given is not None:
        if keys:
            names = ", ".join(f"{key}{_close_adapter_key(key)}" for key in sorted(keys))
            raise ConfigurationError(
                f"unexpected setting(s) in app.config: {names}. This PasetoManager was "
                "given a TokenPolicy, so only the adapter's settings "
                "(PASETO_TOKEN_LOCATION, PASETO_COOKIE_*, PASETO_CSRF_*, ...) may be set"
            )
        return given
    try:
        return TokenPolicy.from_mapping(keys, prefix=CONFIG_PREFIX)
    except ConfigurationError as exc:
        # A misspelt adapter key reaches the policy, which knows only its own names: add ours.
        hints = [f"{key}{hint}" for key in sorted(keys) if (hint := _close_adapter_key(key))]
        if not hints:
            raise
        raise ConfigurationError(f"{exc.message} [{'; '.join(hints)}]") from exc

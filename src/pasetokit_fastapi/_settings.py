"""The adapter's options are :class:`pasetokit.web.WebSettings` fields, given as ``Auth``
keywords; :class:`AuthOptions` (``pasetokit.web.WebOptions``) spells them out for type
checkers. A misspelt option fails when the :class:`~pasetokit_fastapi.Auth` is built (with a
did-you-mean), never on a request."""

from __future__ import annotations

from pasetokit.web import LOCATIONS, Location, WebOptions, WebSettings, parse_locations

__all__ = ["LOCATIONS", "AuthOptions", "AuthSettings", "Location", "parse_locations"]

AuthSettings = WebSettings
"""The validated options of one ``Auth`` (``auth.settings``)."""

AuthOptions = WebOptions
"""The keyword options of ``Auth(policy, **options)`` (the fields of :class:`AuthSettings`)."""

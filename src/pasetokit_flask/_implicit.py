"""Implicit refresh for Flask (the rule is :class:`pasetokit.web.ImplicitRefresh`'s).

``init_app`` registers :func:`reissue_cookies` as an ``after_request`` hook when
``PASETO_IMPLICIT_REFRESH`` is set. It reads what the verification of this request left on
``flask.g`` (``@paseto_required`` and ``verify_paseto_in_request`` alike): a response below 400
that does not set the access cookie itself gets the re-issued cookies. Flask runs no
``after_request`` hook for an unhandled exception, and an error response is 400 or more, so a
failed request never gets one.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from flask.wrappers import Response

from pasetokit.web import apply_cookies

from ._context import _G_KEY, RequestAuth
from ._state import get_state

__all__ = ["install_implicit_refresh", "reissue_cookies"]


def install_implicit_refresh(app: Flask) -> None:
    app.after_request(reissue_cookies)


def reissue_cookies(response: Response) -> Response:
    """The ``after_request`` hook: add the re-issued access and CSRF cookies when due."""
    auth: RequestAuth | None = g.get(_G_KEY)
    if auth is None or auth.claims is None or auth.token is None or auth.location is None:
        return response
    gate = get_state().gate
    implicit = gate.implicit
    if implicit is None or not implicit.wanted(auth.claims, auth.location):
        return response
    if not implicit.applies(response.status_code, response.headers.getlist("Set-Cookie")):
        return response
    if gate.async_store:  # only async views verify with one; Flask[async] is installed
        specs = current_app.ensure_sync(implicit.acookies)(auth.token, auth.claims)
    else:
        specs = implicit.cookies(auth.token, auth.claims)
    apply_cookies(response, specs)
    return response

"""pasetokit exceptions -> what the client hears (mapped on the class or code, never the text).

- 401 for token faults, with ``WWW-Authenticate`` (RFC 6750 section 3): only the scheme when
  no token was sent (section 3.1), ``error="invalid_token"`` once one was;
- 403 for insufficient scope and CSRF failures;
- 503 when the revocation store cannot answer (fail closed);
- body ``{"detail": <message>, "code": <exc.code>}``, ``Cache-Control: no-store``.

``status_codes`` (a setting) changes the status of a code. The challenge's ``error=`` names the
fault, not the status: a scope failure remapped to 401 still says ``insufficient_scope``, and
an insufficient-scope answer carries the challenge whatever its status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pasetokit import (
    CSRFError,
    InsufficientScopeError,
    MissingTokenError,
    RevocationStoreUnavailableError,
    TokenError,
)
from pasetokit._grammar import NOT_DESCRIPTION_CHAR, NOT_SCOPE_CHAR

from .settings import WebSettings

__all__ = ["ErrorMap", "ErrorReply", "default_status", "websocket_reason"]

_CLOSE_REASON_BYTES = 123  # RFC 6455 section 5.5: a close frame's payload is at most 125 bytes


def default_status(exc: TokenError) -> int:
    """The HTTP status for ``exc`` when the settings override none.

    Returns:
        503 for :class:`RevocationStoreUnavailableError` (fail closed), 403 for
        :class:`InsufficientScopeError` and :class:`CSRFError`, 401 for every other token fault.
    """
    if isinstance(exc, RevocationStoreUnavailableError):
        return 503
    if isinstance(exc, (InsufficientScopeError, CSRFError)):
        return 403
    return 401


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """An error response, framework-neutral: an adapter copies it into its own response."""

    status: int
    headers: dict[str, str]
    body: dict[str, str]


class ErrorMap:
    """The status, challenge and body for a token error under one adapter's settings."""

    __slots__ = ("_scheme", "_status")

    def __init__(self, settings: WebSettings) -> None:
        self._scheme = settings.challenge_scheme
        self._status = settings.status_codes

    def status(self, exc: TokenError) -> int:
        """The status for ``exc``: the adapter's ``status_codes`` override for its ``code``, else
        :func:`default_status`.
        """
        return self._status.get(exc.code) or default_status(exc)

    def challenge(self, exc: TokenError, status: int, scopes: Sequence[str] = ()) -> str | None:
        """The ``WWW-Authenticate`` value (``None``: no challenge for this fault and status)."""
        description = NOT_DESCRIPTION_CHAR.sub("?", exc.message)[:200]
        if isinstance(exc, InsufficientScopeError):
            wanted = " ".join(
                s for s in (NOT_SCOPE_CHAR.sub("", x) for x in scopes or exc.missing) if s
            )
            scope = f', scope="{wanted}"' if wanted else ""
            return (
                f'{self._scheme} error="insufficient_scope", '
                f'error_description="{description}"{scope}'
            )
        if status != 401:
            return None
        if isinstance(exc, MissingTokenError):
            return self._scheme  # RFC 6750 3.1: no error code when no credentials were sent
        return f'{self._scheme} error="invalid_token", error_description="{description}"'

    def reply(self, exc: TokenError, scopes: Sequence[str] = ()) -> ErrorReply:
        """The whole response for ``exc``: status, headers and the ``{"detail", "code"}`` body.

        Headers always carry ``Cache-Control: no-store``, and ``WWW-Authenticate`` when
        :meth:`challenge` gives one.

        Args:
            exc: The token fault to render.
            scopes: The scopes the route required, named in an ``insufficient_scope`` challenge
                (default: the scopes ``exc`` says are missing).
        """
        status = self.status(exc)
        headers = {"Cache-Control": "no-store"}
        challenge = self.challenge(exc, status, scopes)
        if challenge is not None:
            headers["WWW-Authenticate"] = challenge
        return ErrorReply(status, headers, {"detail": exc.message, "code": exc.code})


def websocket_reason(exc: TokenError) -> str:
    """The close reason for a refused WebSocket (code 1008): the code and message, cut to
    what a close frame can carry."""
    reason = f"{exc.code}: {exc.message}".encode("utf-8", "replace")[:_CLOSE_REASON_BYTES]
    return reason.decode("utf-8", "ignore")

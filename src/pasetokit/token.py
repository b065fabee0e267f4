"""The token's outer shape: strict parsing of ``v4.<purpose>.<payload>[.<footer>]``, and ``Token``.

Everything here runs before any cryptography, so a malformed token costs almost nothing and can
never reach a primitive (PASETO Common.md; Version4.md decrypt/verify step 3 and 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from ._b64 import b64decode
from ._types import Purpose
from .exceptions import MalformedTokenError

__all__ = ["DEFAULT_MAX_TOKEN_SIZE", "RawToken", "Token", "parse_token"]

DEFAULT_MAX_TOKEN_SIZE = 16 * 1024
"""Tokens longer than this many characters are refused before any work (configurable)."""

# Smallest payloads: local is nonce (32) + at least one ciphertext byte + tag (32); public is at
# least one message byte + signature (64). An empty message is never a valid JSON payload.
_MIN_BODY: dict[str, int] = {"local": 65, "public": 65}


class RawToken(NamedTuple):
    """A syntactically valid, not yet authenticated token (a tuple: built on every decode)."""

    purpose: Purpose
    header: bytes
    body: bytes
    footer: bytes


def parse_token(token: object, max_size: int = DEFAULT_MAX_TOKEN_SIZE) -> RawToken:
    """Split and strictly decode a v4 token, or raise :class:`MalformedTokenError`."""
    if isinstance(token, (bytes, bytearray, memoryview)):
        if len(token) > max_size:
            raise MalformedTokenError("token too large")
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            raise MalformedTokenError("token is not ASCII") from None
    elif not isinstance(token, str):
        raise MalformedTokenError("token must be str or bytes")
    if len(token) > max_size:
        raise MalformedTokenError("token too large")
    if not token.isascii():
        raise MalformedTokenError("token is not ASCII")
    pieces = token.split(".")
    if len(pieces) not in (3, 4):
        raise MalformedTokenError("token must have 3 or 4 dot-separated pieces")
    # Exactly "v4" and a known purpose: "V4", "v4c", "v3" and future suffixes are all refused.
    if pieces[0] != "v4":
        raise MalformedTokenError("unsupported token version")
    purpose: Purpose
    if pieces[1] == "local":
        purpose = "local"
    elif pieces[1] == "public":
        purpose = "public"
    else:
        raise MalformedTokenError("unsupported token purpose")
    try:
        body = b64decode(pieces[2])
        # An empty footer is encoded as no fourth piece at all; "payload." is non-canonical.
        if len(pieces) == 4:
            if not pieces[3]:
                raise MalformedTokenError("empty footer piece")
            footer = b64decode(pieces[3])
        else:
            footer = b""
    except ValueError:
        raise MalformedTokenError("token is not canonical base64url") from None
    if len(body) < _MIN_BODY[purpose]:
        raise MalformedTokenError("token payload too short")
    return RawToken(purpose, b"v4.local." if purpose == "local" else b"v4.public.", body, footer)


@dataclass(frozen=True, slots=True)
class Token:
    """A verified token. ``claims`` passed every rule; ``footer`` was authenticated too."""

    claims: dict[str, Any]
    footer: dict[str, Any] | bytes
    purpose: Purpose
    version: Literal["v4"] = "v4"

    @property
    def kid(self) -> str | None:
        """The footer's ``kid`` (a PASERK id) when the footer is a JSON object carrying one."""
        if isinstance(self.footer, dict):
            kid = self.footer.get("kid")
            return kid if isinstance(kid, str) else None
        return None

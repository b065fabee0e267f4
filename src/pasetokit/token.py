"""The token's outer shape: strict parsing of ``v4.<purpose>.<payload>[.<footer>]``, and ``Token``.

Everything here runs before any cryptography, so a malformed token costs almost nothing and can
never reach a primitive (PASETO Common.md; Version4.md decrypt/verify step 3 and 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, NoReturn

from ._b64 import b64decode_bytes
from ._types import Purpose
from .exceptions import MalformedTokenError

__all__ = ["DEFAULT_MAX_TOKEN_SIZE", "RawToken", "Token", "parse_token", "split_token"]

DEFAULT_MAX_TOKEN_SIZE = 16 * 1024
"""Tokens longer than this many characters are refused before any work (configurable)."""

# Smallest payloads: local is nonce (32) + at least one ciphertext byte + tag (32); public is at
# least one message byte + signature (64). An empty message is never a valid JSON payload.
_MIN_BODY = 65


class RawToken(NamedTuple):
    """A syntactically valid, not yet authenticated token (a tuple: built on every decode)."""

    purpose: Purpose
    body: bytes
    footer: bytes


def parse_token(token: object, max_size: int = DEFAULT_MAX_TOKEN_SIZE) -> RawToken:
    """Split and strictly decode a v4 token, or raise :class:`MalformedTokenError`."""
    # No header field: each opener writes its own constant header into the PAE, so a token's
    # header bytes never reach the cryptography (nothing read the old ``header`` field).
    return RawToken(*split_token(token, max_size))


def split_token(
    token: object, max_size: int = DEFAULT_MAX_TOKEN_SIZE
) -> tuple[Purpose, bytes, bytes]:
    """``(purpose, body, footer)`` of a v4 token: :func:`parse_token` as a plain tuple."""
    if isinstance(token, str):
        if len(token) > max_size:
            raise MalformedTokenError("token too large")
        try:
            data = token.encode("ascii")
        except UnicodeEncodeError:
            raise MalformedTokenError("token is not ASCII") from None
    elif isinstance(token, (bytes, bytearray, memoryview)):
        if len(token) > max_size:
            raise MalformedTokenError("token too large")
        data = bytes(token)
        if not data.isascii():
            raise MalformedTokenError("token is not ASCII")
        if len(data) > max_size:  # a memoryview of wider items has more bytes than items
            raise MalformedTokenError("token too large")
    else:
        raise MalformedTokenError("token must be str or bytes")
    # Exactly "v4" and a known purpose: "V4", "v4c", "v3" and future suffixes are all refused.
    purpose: Purpose
    if data.startswith(b"v4.local."):
        purpose, rest = "local", data[9:]
    elif data.startswith(b"v4.public."):
        purpose, rest = "public", data[10:]
    else:
        _refuse_header(data)
    pieces = rest.split(b".")
    if len(pieces) > 2:
        raise MalformedTokenError("token must have 3 or 4 dot-separated pieces")
    try:
        body = b64decode_bytes(pieces[0])
        # An empty footer is encoded as no fourth piece at all; "payload." is non-canonical.
        if len(pieces) == 2:
            if not pieces[1]:
                raise MalformedTokenError("empty footer piece")
            footer = b64decode_bytes(pieces[1])
        else:
            footer = b""
    except ValueError:
        raise MalformedTokenError("token is not canonical base64url") from None
    if len(body) < _MIN_BODY:
        raise MalformedTokenError("token payload too short")
    return purpose, body, footer


def _refuse_header(data: bytes) -> NoReturn:
    # The precise reason a token without a "v4.local." or "v4.public." header is refused.
    pieces = data.split(b".")
    if len(pieces) not in (3, 4):
        raise MalformedTokenError("token must have 3 or 4 dot-separated pieces")
    if pieces[0] != b"v4":
        raise MalformedTokenError("unsupported token version")
    raise MalformedTokenError("unsupported token purpose")


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


def _slot_setters() -> tuple[Any, ...]:
    return tuple(
        getattr(Token, name).__set__ for name in ("claims", "footer", "purpose", "version")
    )


_SET_CLAIMS, _SET_FOOTER, _SET_PURPOSE, _SET_VERSION = _slot_setters()


def verified_token(
    claims: dict[str, Any], footer: dict[str, Any] | bytes, purpose: Purpose
) -> Token:
    """``Token(claims, footer, purpose)`` for ``decode``'s hot path: the slots are filled through
    their descriptors, skipping the frozen dataclass's four ``object.__setattr__`` calls."""
    token: Token = object.__new__(Token)
    _SET_CLAIMS(token, claims)
    _SET_FOOTER(token, footer)
    _SET_PURPOSE(token, purpose)
    _SET_VERSION(token, "v4")
    return token

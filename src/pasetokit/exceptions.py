"""The one exception hierarchy of pasetokit.

Every class carries a stable machine ``code``; adapters map on the class or the code, never on
the message text. Whatever *token* ``decode`` and ``TokenPolicy.verify`` are given, they raise only
:class:`TokenError` subclasses; mistakes in the caller's own arguments (a key that is not a key,
``rules`` that are not ``ClaimRules``) raise :class:`ConfigurationError` subclasses instead, so a
bad deployment is never mistaken for a bad token.
"""

from __future__ import annotations

__all__ = [
    "CSRFError",
    "ClaimError",
    "ConfigurationError",
    "EncodeError",
    "ExpiredTokenError",
    "FreshTokenRequiredError",
    "InsufficientScopeError",
    "InvalidKeyError",
    "InvalidTokenError",
    "MalformedTokenError",
    "MissingClaimError",
    "MissingTokenError",
    "NotYetValidError",
    "PaserkError",
    "PasetoError",
    "RefreshTokenReusedError",
    "ReissueRefusedError",
    "RevocationStoreUnavailableError",
    "RevokedTokenError",
    "TokenError",
    "UnknownKeyError",
    "WrongPurposeError",
    "WrongTokenTypeError",
]


class PasetoError(Exception):
    """Root of every error pasetokit raises on purpose."""

    code: str = "paseto_error"
    default_message: str = "PASETO error"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        """The human-readable message (``str(exc)``): for people and logs, never for dispatch.

        Map on the class or on ``code`` instead; the wording may change between releases.
        """
        return str(self.args[0])


# --- configuration and key faults: the application's mistake, not the token's -----------------


class ConfigurationError(PasetoError, ValueError):
    """A setting, a key or an argument is unusable: the application's mistake.

    Raised when options are built and, by ``encode``/``decode``, for an unusable argument (e.g.
    ``decode("k4.local...", token)``: a str, not a key; ``rules`` that are not ``ClaimRules``).
    Never because of what a token contains: a token that does not even parse is still a
    :class:`MalformedTokenError`, whatever the key.
    """

    code = "configuration_error"
    default_message = "invalid configuration"


class InvalidKeyError(ConfigurationError):
    """Key material of the wrong type, length or version, or a key used for the wrong purpose."""

    code = "invalid_key"
    default_message = "invalid key"


class PaserkError(InvalidKeyError):
    """A PASERK string that cannot be parsed, unwrapped or verified."""

    code = "invalid_paserk"
    default_message = "invalid PASERK"


class EncodeError(PasetoError, ValueError):
    """Claims or a footer that cannot be put into a token (not JSON, a bad registered claim...)."""

    code = "encode_error"
    default_message = "cannot encode token"


# --- token faults: everything ``decode`` and ``verify`` can raise ------------------------------


class TokenError(PasetoError):
    """The token presented cannot be accepted. Maps to HTTP 401 unless a subclass says otherwise."""

    code = "token_error"
    default_message = "token rejected"


class MissingTokenError(TokenError):
    """No token was presented where one is required (used by the framework adapters)."""

    code = "missing_token"
    default_message = "missing token"


class InvalidTokenError(TokenError):
    """Bad MAC or signature, or a token that is not well formed. Deliberately opaque."""

    code = "invalid_token"
    default_message = "invalid token"


class MalformedTokenError(InvalidTokenError):
    """The token's text is not a canonical v4 token (checked before any cryptography)."""

    code = "malformed_token"
    default_message = "malformed token"


class WrongPurposeError(InvalidTokenError):
    """The key given cannot verify this kind of token (a local key for a public token, ...)."""

    code = "wrong_purpose"
    default_message = "no key for this token's version and purpose"


class UnknownKeyError(InvalidTokenError):
    """The footer names a key id (``kid``) that the key or key ring does not hold."""

    code = "unknown_key"
    default_message = "unknown key id"


class ClaimError(TokenError):
    """A claim is missing, malformed or does not satisfy the rules. ``claim`` names it."""

    code = "invalid_claim"
    default_message = "invalid claim"

    def __init__(self, message: str | None = None, *, claim: str) -> None:
        super().__init__(message or f"invalid claim: {claim}")
        self.claim = claim


class MissingClaimError(ClaimError):
    """A claim the rules require is absent from the token (code ``missing_claim``).

    Args:
        claim: The name of the missing claim; kept as ``claim`` on the exception.
    """

    code = "missing_claim"

    def __init__(self, claim: str) -> None:
        super().__init__(f"missing required claim: {claim}", claim=claim)


class ExpiredTokenError(ClaimError):
    """The token's ``exp`` is in the past, beyond the allowed leeway (code ``token_expired``).

    ``claim`` is always ``"exp"``.
    """

    code = "token_expired"

    def __init__(self, message: str = "token has expired") -> None:
        super().__init__(message, claim="exp")


class NotYetValidError(ClaimError):
    """The token's ``nbf`` (not before) is in the future, beyond the allowed leeway.

    Code ``token_not_yet_valid``; ``claim`` is always ``"nbf"``.
    """

    code = "token_not_yet_valid"

    def __init__(self, message: str = "token is not valid yet") -> None:
        super().__init__(message, claim="nbf")


# --- policy faults (TokenPolicy.verify / refresh) ----------------------------------------------


class WrongTokenTypeError(TokenError):
    """A refresh token where an access token is expected (or the reverse), or no type at all."""

    code = "wrong_token_type"
    default_message = "wrong token type"


class FreshTokenRequiredError(TokenError):
    """The route demands a fresh access token and this one is not (code ``fresh_token_required``).

    A token is fresh when it was issued by a log-in (``fresh=True``), not by a refresh. Adapters
    answer 401.
    """

    code = "fresh_token_required"
    default_message = "fresh token required"


class InsufficientScopeError(TokenError):
    """Valid token, missing scope: maps to HTTP 403."""

    code = "insufficient_scope"
    default_message = "insufficient scope"

    def __init__(self, message: str | None = None, *, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message or "insufficient scope: " + " ".join(missing))
        self.missing = missing


class RevokedTokenError(TokenError):
    """The revocation store says this token, its family or its subject is revoked.

    Code ``token_revoked``; adapters answer 401. :class:`RefreshTokenReusedError` is the special
    case of a refresh token presented a second time.
    """

    code = "token_revoked"
    default_message = "token has been revoked"


class RefreshTokenReusedError(RevokedTokenError):
    """An already used refresh token came back: its whole family is now revoked."""

    code = "refresh_token_reused"
    default_message = "refresh token reused; its token family has been revoked"


class ReissueRefusedError(TokenError):
    """``TokenPolicy.reissue_access`` cannot extend this access token: it belongs to no refresh
    family (minted alone, or before pasetokit wrote ``fam_exp``), or its family has reached the
    expiry of its refresh token. The token itself stays valid until its own ``exp``."""

    code = "reissue_refused"
    default_message = "this access token cannot be re-issued"


class RevocationStoreUnavailableError(TokenError):
    """The revocation store cannot answer; verification fails closed (HTTP 503)."""

    code = "revocation_store_unavailable"
    default_message = "revocation store unavailable"


class CSRFError(TokenError):
    """Double-submit CSRF check failed on a cookie-borne token (HTTP 403)."""

    code = "csrf_failed"
    default_message = "CSRF check failed"

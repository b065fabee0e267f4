"""pasetokit: PASETO v4 tokens, strict and fast.

The recipe layer is what most code needs: :func:`encode`, :func:`decode`, the key classes and
:class:`ClaimRules` (and, for web apps, ``TokenPolicy``). ``pasetokit.v4`` and
``pasetokit.paserk`` are the hazmat layer underneath.
"""

from __future__ import annotations

from ._json import FooterLimits
from ._types import Purpose, TokenType
from .claims import DEFAULT_RULES, ClaimRules
from .codec import decode, encode
from .exceptions import (
    ClaimError,
    ConfigurationError,
    CSRFError,
    EncodeError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    InvalidKeyError,
    InvalidTokenError,
    MalformedTokenError,
    MissingClaimError,
    MissingTokenError,
    NotYetValidError,
    PaserkError,
    PasetoError,
    RefreshTokenReusedError,
    ReissueRefusedError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenError,
    UnknownKeyError,
    WrongPurposeError,
    WrongTokenTypeError,
)
from .keyring import KeyRing
from .keys import LocalKey, PublicKey, SecretKey
from .policy import TokenPair, TokenPolicy
from .stores.memory import MemoryRevocationStore
from .stores.protocols import AsyncRevocationStore, RevocationStore
from .token import Token

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RULES",
    "AsyncRevocationStore",
    "CSRFError",
    "ClaimError",
    "ClaimRules",
    "ConfigurationError",
    "EncodeError",
    "ExpiredTokenError",
    "FooterLimits",
    "FreshTokenRequiredError",
    "InsufficientScopeError",
    "InvalidKeyError",
    "InvalidTokenError",
    "KeyRing",
    "LocalKey",
    "MalformedTokenError",
    "MemoryRevocationStore",
    "MissingClaimError",
    "MissingTokenError",
    "NotYetValidError",
    "PaserkError",
    "PasetoError",
    "PublicKey",
    "Purpose",
    "RefreshTokenReusedError",
    "ReissueRefusedError",
    "RevocationStore",
    "RevocationStoreUnavailableError",
    "RevokedTokenError",
    "SecretKey",
    "Token",
    "TokenError",
    "TokenPair",
    "TokenPolicy",
    "TokenType",
    "UnknownKeyError",
    "WrongPurposeError",
    "WrongTokenTypeError",
    "__version__",
    "decode",
    "encode",
]

"""A token payload as Flask-JWT-Extended code writes and reads it, on pasetokit's claims.

Writing (``create_access_token``): the identity becomes ``sub`` (a ``str``, or an ``int`` such
as ``user.id``, written as its decimal string: PASETO's ``sub`` is a string, and so is
Flask-JWT-Extended 4.7's); ``aud`` / ``iss`` in ``additional_claims`` are accepted only when
they equal the policy's configured audience / issuer, which the policy writes into every token
and checks on every request (anything else would be a claim nothing verifies).

Reading (``get_jwt()`` and the loaders' ``jwt_payload``): upstream's shape, ``exp`` / ``iat``
/ ``nbf`` as NumericDate (integer seconds since the epoch, as PyJWT writes them), so upstream's
``datetime.timestamp(...) > get_jwt()["exp"]`` works. pasetokit's own API
(``pasetokit_flask.get_claims``) keeps PASETO's RFC 3339 strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pasetokit import ConfigurationError, TokenPolicy
from pasetokit.web import claim_time

__all__ = ["NUMERIC_DATES", "jwt_payload", "policy_claims", "subject_of"]

NUMERIC_DATES = ("exp", "iat", "nbf")


def jwt_payload(claims: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of verified ``claims`` with ``exp`` / ``iat`` / ``nbf`` as integer seconds."""
    payload = dict(claims)
    for name in NUMERIC_DATES:
        if name in payload:
            # int() truncates: a re-issue window compared with it opens at most 1 s early.
            payload[name] = int(claim_time(payload, name).timestamp())
    return payload


def subject_of(identity: object) -> str:
    """The ``sub`` for ``identity`` (what the ``user_identity_loader`` returned, if any)."""
    if isinstance(identity, str):
        return identity
    if isinstance(identity, int) and not isinstance(identity, bool):
        return str(identity)  # one canonical form: the lookup gets "42" for 42
    raise ConfigurationError(
        f"the token subject must be a str (or an int id), not {type(identity).__name__}: "
        "return str(user.id) from @jwt.user_identity_loader"
    )


def _configured(name: str, value: object, expected: str | None, setting: str) -> None:
    if value == expected:
        return
    if expected is None:
        raise ConfigurationError(
            f"additional_claims sets {name!r} = {value!r}, which no verification would check: "
            f"set {setting} = {value!r} (the policy writes {name!r} into every token and "
            "refuses tokens without it)"
        )
    raise ConfigurationError(
        f"additional_claims sets {name!r} = {value!r}, but {setting} is {expected!r}: every "
        f"token carries the configured {name!r} (one policy per audience or issuer)"
    )


def policy_claims(policy: TokenPolicy, claims: Mapping[str, Any]) -> dict[str, Any]:
    """``claims`` without ``aud`` / ``iss`` once each is checked against the policy (which
    writes them itself); a different or unconfigured value is refused."""
    out = dict(claims)
    if "aud" in out:
        _configured("aud", out.pop("aud"), policy.audience, "PASETO_AUDIENCE")
    if "iss" in out:
        _configured("iss", out.pop("iss"), policy.issuer, "PASETO_ISSUER")
    return out

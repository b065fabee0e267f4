"""``TokenPolicy``: access and refresh tokens, freshness, scopes, rotation and revocation.

One immutable object, built once at start-up, holds every decision a web app makes about its
tokens; framework adapters only call it (``docs/policy-contract.md``).

``verify`` checks, in this order, and stops at the first failure:

1. the token itself: parsing, key (by the footer's ``kid``), MAC/signature, ``exp``/``nbf``/
   ``iat``, issuer, audience and required claims (:func:`pasetokit.decode`);
2. its ``type`` (a token without one is refused), then ``sub``/``jti``/``iat``: cheap, and no
   store round trip for a token of the wrong kind;
3. revocation: one store call covers the token, its family and its subject;
4. freshness, then scopes. Revocation comes first so that a revoked token is always reported
   as revoked (401), never as merely lacking a scope (403).

``revocation_store``: ``None`` builds a private :class:`~pasetokit.MemoryRevocationStore`;
``False`` disables revocation (``verify`` is then stateless; ``refresh`` and ``revoke*`` raise
``ConfigurationError``, as they cannot work without a store). With an async store the sync
``verify``/``refresh``/``revoke*`` raise ``ConfigurationError`` ("use averify") and the
``a``-prefixed twins await it; with a sync store the twins call a ``MemoryRevocationStore``
directly and run any other sync store in a worker thread (``_policy_store``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, Literal, NamedTuple, NoReturn, final

from pasetokit._types import Purpose, TokenType
from pasetokit.claims import ClaimRules
from pasetokit.codec import Footer, decode
from pasetokit.exceptions import (
    ConfigurationError,
    MissingClaimError,
    RefreshTokenReusedError,
    RevokedTokenError,
    WrongTokenTypeError,
)
from pasetokit.keyring import KeyRing
from pasetokit.keys import AnyKey, LocalKey, SecretKey
from pasetokit.stores.protocols import AsyncRevocationStore, RevocationStore

from . import _args as args
from . import _claims as pc
from ._config import DEFAULT_PREFIX, settings_from_mapping
from ._gate import Rotation, StoreGate, build_gate
from ._issue import Issuer
from ._revoke import family_target, revocation_key, rotation, token_target

__all__ = ["TokenPair", "TokenPolicy"]

Duration = timedelta | float
TokenOrClaims = str | bytes | Mapping[str, Any]

_utc_now = partial(datetime.now, timezone.utc)
_WRONG_TYPE = {"access": "expected an access token", "refresh": "expected a refresh token"}
_NEEDED = ("sub", "jti", "iat")  # revocation by token, subject and issue time needs them


class TokenPair(NamedTuple):
    """What :meth:`TokenPolicy.refresh` and :meth:`TokenPolicy.create_token_pair` return."""

    access_token: str
    refresh_token: str


@final
class TokenPolicy:
    """Issue, verify, refresh and revoke access/refresh tokens. Immutable; build it once.

    Arguments are keyword-only and validated here, so a bad deployment fails at start-up with
    a :class:`ConfigurationError` (or :class:`InvalidKeyError`) that says how to fix it.
    """

    __slots__ = (
        "_clock",
        "_family_ttl",
        "_gate",
        "_issuer",
        "_leeway",
        "_relaxed",
        "_ring",
        "_rules",
    )
    _clock: Callable[[], datetime]
    _family_ttl: float
    _gate: StoreGate | None
    _issuer: Issuer
    _leeway: float
    _relaxed: ClaimRules
    _ring: KeyRing
    _rules: ClaimRules

    def __init__(
        self,
        *,
        local_key: LocalKey | None = None,
        secret_key: SecretKey | None = None,
        verify_keys: KeyRing | Iterable[AnyKey] | None = None,
        access_ttl: Duration = timedelta(minutes=15),
        refresh_ttl: Duration = timedelta(days=30),
        access_purpose: Purpose | None = None,
        refresh_purpose: Purpose | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        required_claims: Iterable[str] = (),
        leeway: Duration = 0,
        clock: Callable[[], datetime] | None = None,
        revocation_store: RevocationStore | AsyncRevocationStore | Literal[False] | None = None,
        fail_open: bool = False,
        include_kid: bool = True,
    ) -> None:
        keys = args.issuing_keys(local_key, secret_key)
        access = args.duration("access_ttl", access_ttl)
        refresh = args.duration("refresh_ttl", refresh_ttl)
        if access > refresh:
            raise ConfigurationError(
                "access_ttl must not exceed refresh_ttl (a refresh token must outlive the "
                "access tokens it renews)"
            )
        leeway_s = args.duration("leeway", leeway, allow_zero=True)
        iss = args.optional_text("issuer", issuer)
        aud = args.optional_text("audience", audience)
        required = args.required_names(required_claims)
        if args.flag("fail_open", fail_open) and revocation_store is False:
            raise ConfigurationError("fail_open=True means nothing with revocation_store=False")
        state = {
            "_issuer": Issuer(
                keys=keys,
                ttl={"access": access, "refresh": refresh},
                purposes={
                    "access": args.purpose("access_purpose", access_purpose, keys),
                    "refresh": args.purpose("refresh_purpose", refresh_purpose, keys),
                },
                issuer=iss,
                audience=aud,
                required=required,
                include_kid=args.flag("include_kid", include_kid),
            ),
            "_ring": args.verify_ring(keys.values(), verify_keys, without_kid=include_kid is False),
            # max_age: no token, even one minted elsewhere with a longer exp, is accepted
            # longer than refresh_ttl after its iat, so revocation entries (which live
            # refresh_ttl + leeway at most) always outlive what they revoke.
            "_rules": ClaimRules(
                leeway=leeway_s, max_age=refresh, issuer=iss, audience=aud, required=required
            ),
            # revoke_family only: a token that expired up to refresh_ttl ago still names its
            # family, which may live on (log-out with an expired access token must work).
            "_relaxed": ClaimRules(
                leeway=leeway_s + refresh,
                max_age=refresh,
                issuer=iss,
                audience=aud,
                required=required,
            ),
            "_leeway": leeway_s,
            # No token outlives refresh_ttl (expires_in may not exceed it), plus the leeway
            # verify grants: how long family and subject revocations must last.
            "_family_ttl": refresh + leeway_s,
            "_clock": _utc_now if clock is None else args.check_clock(clock),
            "_gate": build_gate(revocation_store, fail_open=fail_open),
        }
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_mapping(
        cls, mapping: Mapping[str, Any], prefix: str = DEFAULT_PREFIX, **overrides: Any
    ) -> TokenPolicy:
        """Build from ``prefix``-ed settings (e.g. Flask's ``app.config``): ``LOCAL_KEY``,
        ``SECRET_KEY``, ``VERIFY_KEYS`` (PASERK or PEM), ``ACCESS_TTL``, ``REFRESH_TTL``,
        ``LEEWAY`` (seconds), ``ACCESS_PURPOSE``, ``REFRESH_PURPOSE``, ``ISSUER``, ``AUDIENCE``,
        ``REQUIRED_CLAIMS``, ``FAIL_OPEN``, ``INCLUDE_KID`` ("true"/"false"). Any other name
        under the prefix is an error. Keyword ``overrides`` (constructor arguments such as
        ``revocation_store=`` or ``clock=``) win over the mapping."""
        return cls(**settings_from_mapping(mapping, prefix, overrides, _PARAMS))

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        prefix: str = DEFAULT_PREFIX,
        **overrides: Any,
    ) -> TokenPolicy:
        """:meth:`from_mapping` over ``environ`` (default ``os.environ``)."""
        if environ is None:
            import os

            environ = os.environ
        return cls.from_mapping(environ, prefix, **overrides)

    # --- immutability and introspection ----------------------------------------------------

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("TokenPolicy is immutable; build a new one")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("TokenPolicy is immutable; build a new one")

    def __copy__(self) -> TokenPolicy:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> TokenPolicy:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError("TokenPolicy cannot be pickled; build it from settings in each process")

    def __repr__(self) -> str:
        # Key ids (PASERK ids) are public by design; key material never appears.
        purposes, gate = self._issuer.purposes, self._gate
        return (
            f"TokenPolicy(access={purposes['access']}/{self.access_ttl}, "
            f"refresh={purposes['refresh']}/{self.refresh_ttl}, keys={self._ring!r}, "
            f"issuer={self._issuer.issuer!r}, audience={self._issuer.audience!r}, "
            f"revocation_store={'disabled' if gate is None else repr(gate)}, "
            f"fail_open={gate is not None and gate.fail_open})"
        )

    @property
    def access_ttl(self) -> timedelta:
        """How long an access token lives (the ``access_ttl`` the policy was built with)."""
        return timedelta(seconds=self._issuer.ttl["access"])

    @property
    def refresh_ttl(self) -> timedelta:
        """How long a refresh token lives; also how long a family's revocation record is kept."""
        return timedelta(seconds=self._issuer.ttl["refresh"])

    @property
    def issuer(self) -> str | None:
        """The ``iss`` every token gets and every verification requires (``None``: none)."""
        return self._issuer.issuer

    @property
    def audience(self) -> str | None:
        """The ``aud`` every token gets and every verification requires (``None``: none)."""
        return self._issuer.audience

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock this policy reads (``clock=``, default the system's UTC time): web layers
        judge the times in verified claims by it, e.g. how long a token has left."""
        return self._clock

    @property
    def revocation_store(self) -> RevocationStore | AsyncRevocationStore | None:
        """The store in use, or ``None`` when revocation is disabled."""
        return None if self._gate is None else self._gate.store

    # --- issuing ---------------------------------------------------------------------------

    def create_access_token(
        self,
        subject: str,
        *,
        fresh: bool | Duration = False,
        purpose: Purpose | None = None,
        claims: Mapping[str, Any] | None = None,
        footer: Footer | None = None,
        expires_in: Duration | None = None,
        scopes: Iterable[str] | str = (),
        csrf: bool = False,
    ) -> str:
        """An access token in a family of its own. ``fresh=True``: fresh until it expires; a
        timedelta or seconds: fresh for that long. ``scopes`` become the ``scope`` claim."""
        return self._issuer.mint(
            "access",
            pc.subject(subject),
            self._clock(),
            family=pc.new_id(),
            extra=pc.user_claims(claims),
            scopes=pc.scope_list(scopes),
            csrf=_new_csrf(csrf),
            fresh=fresh,
            purpose=purpose,
            footer=footer,
            expires_in=expires_in,
        )

    def create_refresh_token(
        self,
        subject: str,
        *,
        purpose: Purpose | None = None,
        claims: Mapping[str, Any] | None = None,
        footer: Footer | None = None,
        expires_in: Duration | None = None,
        scopes: Iterable[str] | str = (),
        csrf: bool = False,
    ) -> str:
        """A refresh token starting a new family. Its ``scopes``, extra ``claims`` and ``csrf``
        value are carried over to every token :meth:`refresh` mints from it."""
        return self._issuer.mint(
            "refresh",
            pc.subject(subject),
            self._clock(),
            family=pc.new_id(),
            extra=pc.user_claims(claims),
            scopes=pc.scope_list(scopes),
            csrf=_new_csrf(csrf),
            purpose=purpose,
            footer=footer,
            expires_in=expires_in,
        )

    def create_token_pair(
        self,
        subject: str,
        *,
        fresh: bool | Duration = True,
        claims: Mapping[str, Any] | None = None,
        scopes: Iterable[str] | str = (),
        csrf: bool = False,
    ) -> TokenPair:
        """Log-in: an access token (fresh by default: the user just authenticated) and a
        refresh token in one family, sharing one ``csrf`` value, so that revoking the family
        (or refresh-token reuse) also kills this access token."""
        return TokenPair(
            *self._issuer.session(
                pc.subject(subject),
                self._clock(),
                family=pc.new_id(),
                extra=pc.user_claims(claims),
                scopes=pc.scope_list(scopes),
                csrf=_new_csrf(csrf),
                fresh=fresh,
            )
        )

    def csrf_value(self, token: str | bytes) -> str | None:
        """The ``csrf`` claim of a token this policy accepts (verified; the store is not
        consulted), e.g. to set the double-submit cookie next to a freshly minted token."""
        value = decode(self._ring, token, rules=self._rules, now=self._clock()).claims.get("csrf")
        return value if isinstance(value, str) else None

    # --- verifying -------------------------------------------------------------------------

    def verify(
        self,
        token: str | bytes,
        *,
        token_type: TokenType = "access",  # noqa: S107 (not a password)
        fresh: bool = False,
        scopes: Iterable[str] | str = (),
    ) -> dict[str, Any]:
        """The verified claims, or a ``TokenError`` (order: see the module docstring).
        ``scopes``: all must be granted (a str is one space-separated list)."""
        gate = self._gate
        if gate is not None and gate.is_async:
            _needs_async("verify")
        claims, now = self._decode(token, token_type)
        if gate is not None:
            self._check_revoked(gate.is_revoked(*revocation_key(claims)))
        self._check_request(claims, now, fresh, scopes)
        return claims

    async def averify(
        self,
        token: str | bytes,
        *,
        token_type: TokenType = "access",  # noqa: S107 (not a password)
        fresh: bool = False,
        scopes: Iterable[str] | str = (),
    ) -> dict[str, Any]:
        """:meth:`verify` for async code: an async store is awaited, never blocking the loop."""
        gate = self._gate
        claims, now = self._decode(token, token_type)
        if gate is not None:
            self._check_revoked(await gate.ais_revoked(*revocation_key(claims)))
        self._check_request(claims, now, fresh, scopes)
        return claims

    # The decision core shared by each sync/async pair: everything but the store I/O.

    def _decode(self, token: str | bytes, token_type: str) -> tuple[dict[str, Any], datetime]:
        if token_type not in _WRONG_TYPE:
            raise ConfigurationError("token_type must be 'access' or 'refresh'")
        now = self._clock()
        claims = decode(self._ring, token, rules=self._rules, now=now).claims
        kind = claims.get("type")
        if kind != token_type:
            raise WrongTokenTypeError(
                "token has no type claim" if kind is None else _WRONG_TYPE[token_type]
            )
        for name in _NEEDED:
            if name not in claims:
                raise MissingClaimError(name)
        return claims, now

    @staticmethod
    def _check_revoked(revoked: bool) -> None:
        if revoked:
            raise RevokedTokenError()

    def _check_request(
        self, claims: dict[str, Any], now: datetime, fresh: object, scopes: object
    ) -> None:
        if fresh is True:
            pc.check_fresh(claims, now.timestamp(), self._leeway)
        elif fresh is not False:
            raise ConfigurationError("verify(fresh=...) must be True or False")
        if scopes:
            pc.check_scopes(claims, pc.required_scopes(scopes))

    def _rotate(
        self, claims: dict[str, Any], now: datetime, plan: Rotation, won: bool
    ) -> TokenPair:
        if not won:  # an older token of the family: the store has ended the family
            raise RefreshTokenReusedError()
        return TokenPair(*self._issuer.rotate(claims, now, plan.successor))

    def _revoke_target(self, value: TokenOrClaims) -> tuple[str, str, float] | None:
        return token_target(self._ring, self._rules, value, self._clock(), self._leeway)

    def _family_target(self, value: TokenOrClaims, subject: str | None) -> tuple[str, str]:
        return family_target(self._ring, self._relaxed, value, self._clock(), subject)

    def _subject_target(self, subject: str) -> tuple[str, float]:
        return pc.subject(subject), self._clock().timestamp()

    # --- refresh rotation ------------------------------------------------------------------

    def refresh(self, refresh_token: str | bytes) -> TokenPair:
        """A new access token and refresh token in the same family. A refresh token works
        once: presenting it again revokes its whole family (access tokens included) and raises
        :class:`RefreshTokenReusedError`. The store keeps one record per family, its current
        refresh token, and checks and advances it atomically: of concurrent calls with one
        token exactly one wins; the others count as reuse, so the family, winner's new tokens
        included, is revoked (OAuth 2.0 Security BCP). Store writes always fail closed, even
        with ``fail_open=True``."""
        gate = self._gate_for("refresh")
        claims, now = self._decode(refresh_token, "refresh")
        self._check_revoked(gate.is_revoked(*revocation_key(claims)))
        plan = rotation(claims, self._family_ttl)
        return self._rotate(claims, now, plan, gate.advance_family(plan))

    async def arefresh(self, refresh_token: str | bytes) -> TokenPair:
        """:meth:`refresh` for async code."""
        gate = self._gate_for("refresh", is_async=True)
        claims, now = self._decode(refresh_token, "refresh")
        self._check_revoked(await gate.ais_revoked(*revocation_key(claims)))
        plan = rotation(claims, self._family_ttl)
        return self._rotate(claims, now, plan, await gate.aadvance_family(plan))

    # --- implicit refresh: re-issuing an access token in its own family ---------------------

    def reissue_access(self, access_token: str | bytes) -> str:
        """A new access token for the one presented, which must verify: same subject, family,
        scopes, ``csrf`` value and application claims, never fresh, expiring after
        ``access_ttl`` but never after the refresh token it was issued with (``fam_exp``).
        Nothing is rotated, so two requests re-issuing at once both succeed, and revoking the
        family or the subject still covers the copy. For implicit refresh of cookie sessions;
        :class:`ReissueRefusedError` when the token has no refresh family or its family has
        reached that limit. The revocation check fails closed even with ``fail_open=True``."""
        gate = self._gate
        if gate is not None and gate.is_async:
            _needs_async("reissue_access")
        claims, now, until = self._reissue_plan(access_token)
        if gate is not None:
            self._check_revoked(gate.is_revoked_closed(*revocation_key(claims)))
        return self._issuer.reissue(claims, now, until)

    async def areissue_access(self, access_token: str | bytes) -> str:
        """:meth:`reissue_access` for async code."""
        gate = self._gate
        claims, now, until = self._reissue_plan(access_token)
        if gate is not None:
            self._check_revoked(await gate.ais_revoked_closed(*revocation_key(claims)))
        return self._issuer.reissue(claims, now, until)

    def _reissue_plan(self, token: str | bytes) -> tuple[dict[str, Any], datetime, datetime]:
        # One instant for the decision and the new iat: a subject revoked after the check has
        # a later cut-off than the copy's iat, so "log out everywhere" covers the copy too.
        claims, now = self._decode(token, "access")
        return claims, now, self._issuer.reissue_until(claims, now)

    # --- revocation ------------------------------------------------------------------------

    def revoke(self, token_or_claims: TokenOrClaims) -> None:
        """Revoke one token (a token, verified first, or the claims ``verify`` returned) for
        the rest of its life. An expired token needs no revocation: nothing happens."""
        gate = self._gate_for("revoke")
        target = self._revoke_target(token_or_claims)
        if target is not None:
            gate.revoke_token(*target)

    async def arevoke(self, token_or_claims: TokenOrClaims) -> None:
        """:meth:`revoke` for async code: awaits an async store, runs a sync one off the event loop.

        Raises:
            ConfigurationError: The policy was built with ``revocation_store=False``.
            TokenError: A token (not claims) was given and does not verify.
            RevocationStoreUnavailableError: The store cannot record it (writes always fail closed).
        """
        gate = self._gate_for("revoke", is_async=True)
        target = self._revoke_target(token_or_claims)
        if target is not None:
            await gate.arevoke_token(*target)

    def revoke_family(
        self, token_or_claims_or_family_id: TokenOrClaims, *, subject: str | None = None
    ) -> None:
        """Revoke a log-in session and all its rotations: give one of its tokens (verified;
        it may have expired up to ``refresh_ttl`` ago), its claims, or its ``fam`` id together
        with its ``subject``."""
        gate = self._gate_for("revoke_family")
        family, owner = self._family_target(token_or_claims_or_family_id, subject)
        gate.revoke_family(family, owner, self._family_ttl)

    async def arevoke_family(
        self, token_or_claims_or_family_id: TokenOrClaims, *, subject: str | None = None
    ) -> None:
        """:meth:`revoke_family` for async code: awaits an async store, offloads a sync one.

        Raises:
            ConfigurationError: No revocation store, or a bare family id without ``subject``.
            TokenError: A token was given and does not verify under the relaxed family rules.
            RevocationStoreUnavailableError: The store cannot record it (writes always fail closed).
        """
        gate = self._gate_for("revoke_family", is_async=True)
        family, owner = self._family_target(token_or_claims_or_family_id, subject)
        await gate.arevoke_family(family, owner, self._family_ttl)

    def revoke_subject(self, subject: str) -> None:
        """Log out everywhere: revoke every token of ``subject`` issued until now."""
        gate = self._gate_for("revoke_subject")
        name, before = self._subject_target(subject)
        gate.revoke_subject(name, before, self._family_ttl)

    async def arevoke_subject(self, subject: str) -> None:
        """:meth:`revoke_subject` for async code: log ``subject`` out everywhere.

        Raises:
            ConfigurationError: No revocation store, or ``subject`` is not a non-empty str.
            RevocationStoreUnavailableError: The store cannot record it (writes always fail closed).
        """
        gate = self._gate_for("revoke_subject", is_async=True)
        name, before = self._subject_target(subject)
        await gate.arevoke_subject(name, before, self._family_ttl)

    def _gate_for(self, method: str, *, is_async: bool = False) -> StoreGate:
        gate = self._gate
        if gate is None:
            raise ConfigurationError(
                f"{method}() needs a revocation store; this policy was built with "
                "revocation_store=False"
            )
        if gate.is_async and not is_async:
            _needs_async(method)
        return gate

    # --- CSRF ------------------------------------------------------------------------------

    def check_csrf(self, claims: Mapping[str, Any], presented: str | None) -> None:
        """Double-submit check: when ``claims`` carry ``csrf``, ``presented`` (the header's
        value) must equal it (constant-time compare), else :class:`CSRFError`."""
        if not isinstance(claims, Mapping):
            raise ConfigurationError("check_csrf() takes the claims verify() returned")
        pc.check_csrf(claims, presented)


def _new_csrf(csrf: object) -> str | None:
    return pc.new_csrf() if args.flag("csrf", csrf) else None


def _needs_async(method: str) -> NoReturn:
    raise ConfigurationError(
        f"the revocation store is asynchronous: call `await policy.a{method}(...)` from async "
        f"code instead of policy.{method}(...)"
    )


# The constructor's argument names, from its signature: unlike ``__kwdefaults__``, that survives
# a wrapper (functools.wraps keeps ``__wrapped__``), e.g. mutmut's trampolines.
_PARAMS = frozenset(inspect.signature(TokenPolicy.__init__).parameters) - {"self"}

"""What a route demands of its token: :class:`Requirement`, validated once (when the route's
dependency or decorator is built), the same way in every adapter. :class:`RequirementOptions`
spells its arguments for type checkers (``paseto_required(**options)``)."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from pasetokit import ConfigurationError, TokenType
from pasetokit._grammar import is_scope_token

from .settings import Location, parse_locations

__all__ = ["Requirement", "RequirementOptions", "TokenKind"]

TokenKind = TokenType  # the web layer's historical name for the core's one definition


class RequirementOptions(TypedDict, total=False):
    """The keyword arguments of :meth:`Requirement.make`, as an adapter takes them
    (``**options: Unpack[RequirementOptions]``); :meth:`Requirement.of` checks the names."""

    refresh: bool
    fresh: bool
    optional: bool
    scopes: str | Iterable[str]
    locations: str | Iterable[str] | None


_OPTION_NAMES = sorted(RequirementOptions.__annotations__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Requirement:
    """``refresh``: a refresh token (else an access token); ``fresh``: a fresh access token;
    ``optional``: no token is fine (a bad one is not); ``scopes``: every one granted;
    ``locations``: where to look instead of the adapter's ``token_locations``."""

    refresh: bool = False
    fresh: bool = False
    optional: bool = False
    scopes: tuple[str, ...] = ()
    locations: tuple[Location, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("refresh", "fresh", "optional"):
            flag = getattr(self, name)
            if not isinstance(flag, bool):
                raise ConfigurationError(f"{name} must be True or False, not {flag!r}")
        wanted: object = self.scopes
        if isinstance(wanted, str):
            scopes: tuple[object, ...] = tuple(wanted.split())
        elif isinstance(wanted, Iterable):
            scopes = tuple(wanted)
        else:
            scopes = (wanted,)
        if not all(is_scope_token(s) for s in scopes):
            raise ConfigurationError(
                f"scopes must be RFC 6749 scope-tokens (printable ASCII without spaces, quotes "
                f"or backslashes), not {wanted!r}"
            )
        if self.refresh and (self.fresh or scopes):
            raise ConfigurationError("fresh and scopes apply to access tokens, not refresh=True")
        object.__setattr__(self, "scopes", tuple(dict.fromkeys(scopes)))
        if self.locations is not None:
            object.__setattr__(self, "locations", parse_locations(self.locations, "locations"))

    @classmethod
    def make(
        cls,
        *,
        refresh: bool = False,
        fresh: bool = False,
        optional: bool = False,
        scopes: str | Iterable[str] = (),
        locations: str | Iterable[str] | None = None,
    ) -> Requirement:
        """A requirement from the arguments users pass (``scopes`` and ``locations`` may be
        strings: ``"items:read admin"``, ``"headers, cookies"``). Called per request by the
        imperative styles, so the usual hashable arguments are validated once and cached."""
        if (
            refresh is fresh is optional is False
            and locations is None
            and scopes.__class__ is tuple
            and not scopes
        ):  # the commonest call: the defaults
            return _DEFAULT
        if (
            type(refresh) is bool
            and type(fresh) is bool
            and type(optional) is bool
            and isinstance(scopes, (str, tuple))
            and (locations is None or isinstance(locations, (str, tuple)))
        ):
            try:
                return _cached(refresh, fresh, optional, scopes, locations)
            except TypeError:  # an unhashable item inside a tuple: validate uncached
                pass
        return cls(
            refresh=refresh,
            fresh=fresh,
            optional=optional,
            scopes=scopes,  # type: ignore[arg-type]  # normalised in __post_init__
            locations=locations,  # type: ignore[arg-type]
        )

    @classmethod
    def of(
        cls, options: RequirementOptions, caller: str, also: tuple[str, ...] = ()
    ) -> Requirement:
        """:meth:`make` from ``caller``'s ``**options``: a misspelt name is the ``TypeError``
        Python raises for an unexpected keyword argument, with a did-you-mean (among these
        names and ``also``, the caller's other keywords)."""
        if not options:
            return _DEFAULT
        unknown = sorted(options.keys() - _OPTION_NAMES)
        if unknown:
            close = difflib.get_close_matches(unknown[0], [*_OPTION_NAMES, *also], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise TypeError(f"{caller}() got an unexpected keyword argument {unknown[0]!r}{hint}")
        return cls.make(**options)

    @property
    def token_type(self) -> TokenKind:
        """The token type the route takes: ``"refresh"`` if ``refresh=True``, else ``"access"``."""
        return "refresh" if self.refresh else "access"


_DEFAULT = Requirement()


@functools.lru_cache(maxsize=512)
def _cached(
    refresh: bool,
    fresh: bool,
    optional: bool,
    scopes: str | tuple[str, ...],
    locations: str | tuple[str, ...] | None,
) -> Requirement:
    return Requirement(
        refresh=refresh,
        fresh=fresh,
        optional=optional,
        scopes=scopes,  # type: ignore[arg-type]  # normalised in __post_init__
        locations=locations,  # type: ignore[arg-type]
    )

"""``pasetokit.web.loaders`` rules no other test pins: the loader kinds tried for each error,
most specific first and ``any`` last, exactly as Flask-JWT-Extended names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pasetokit import (
    CSRFError,
    ExpiredTokenError,
    FreshTokenRequiredError,
    InsufficientScopeError,
    InvalidTokenError,
    MissingTokenError,
    RevokedTokenError,
    TokenError,
)
from pasetokit.web import ResponseLoaders, loader_names

CASES = [
    (MissingTokenError(), 401, False, ("unauthorized", "any")),
    (ExpiredTokenError(), 401, True, ("expired", "any")),
    (FreshTokenRequiredError(), 401, False, ("needs_fresh", "any")),
    (RevokedTokenError(), 401, True, ("revoked", "any")),
    (InvalidTokenError(), 401, True, ("user_lookup", "invalid", "any")),
    (InvalidTokenError(), 401, False, ("invalid", "any")),
    (InsufficientScopeError(), 403, False, ("any",)),
    (CSRFError(), 403, False, ("any",)),
]
IDS = [f"{type(c[0]).__name__}-{c[1]}-{c[2]}" for c in CASES]


@pytest.mark.parametrize(("exc", "status", "user_lookup", "names"), CASES, ids=IDS)
def test_loader_names(
    exc: TokenError, status: int, user_lookup: bool, names: tuple[str, ...]
) -> None:
    assert loader_names(exc, status, user_lookup) == names


def _answering(name: str) -> Callable[[Any], Any]:
    def loader(exc: Any) -> str:
        return name

    return loader


@pytest.mark.parametrize(("exc", "status", "user_lookup", "names"), CASES, ids=IDS)
def test_for_error_picks_the_first_registered(
    exc: TokenError, status: int, user_lookup: bool, names: tuple[str, ...]
) -> None:
    loaders = ResponseLoaders()
    assert loaders.for_error(exc, status, user_lookup) is None  # none registered
    for name in reversed(names):  # the least specific first: each new one must win
        loader = _answering(name)
        loaders.errors[name] = loader
        assert loaders.for_error(exc, status, user_lookup) is loader
    loaders.errors = {"other": lambda e: e}
    assert loaders.for_error(exc, status, user_lookup) is None

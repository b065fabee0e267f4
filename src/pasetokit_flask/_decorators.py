"""``@paseto_required``: bare or called, on sync and ``async def`` views.

The wrapper builds the error response itself (it never relies on ``app.errorhandler``), so it
behaves the same under flask-restx and flask-restful, whose APIs bypass application error
handlers. It handles ``pasetokit.TokenError`` only: any other exception from the view (a bug)
propagates untouched.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from pasetokit import TokenError
from pasetokit.web import Requirement, RequirementOptions

from ._errors import aerror_response, error_response
from ._state import get_state
from ._verify import averify, verify

if TYPE_CHECKING:  # the Flask extra does not bring typing_extensions on every Python
    from typing_extensions import Unpack

__all__ = ["paseto_required"]

F = TypeVar("F", bound=Callable[..., Any])


def _decorate(view: F, req: Requirement) -> F:
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            state = get_state()
            try:
                await averify(state, req)
                return await view(*args, **kwargs)
            except TokenError as exc:
                return await aerror_response(state, exc, req.scopes)

        return cast(F, async_wrapper)

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = get_state()
        try:
            verify(state, req)
            return view(*args, **kwargs)
        except TokenError as exc:
            return error_response(state, exc, req.scopes)

    return cast(F, wrapper)


@overload
def paseto_required(fn: F, /) -> F: ...


@overload
def paseto_required(**options: Unpack[RequirementOptions]) -> Callable[[F], F]: ...


def paseto_required(
    fn: F | None = None, /, **options: Unpack[RequirementOptions]
) -> F | Callable[[F], F]:
    """Require a valid token before the view runs.

    ``@paseto_required`` or ``@paseto_required(...)``:

    - ``optional``: run the view without a token (``get_claims()`` is ``None``); a token that
      *is* sent must still be valid.
    - ``fresh``: the access token must be fresh; ``refresh``: require a refresh token.
    - ``locations``: override the app's ``PASETO_TOKEN_LOCATION`` for this view.
    - ``scopes``: every scope listed must be granted (403 otherwise).

    Arguments are validated here, at decoration time (a misspelt one is a ``TypeError`` with a
    did-you-mean).
    """
    req = Requirement.of(options, "paseto_required")
    if fn is not None:
        return _decorate(fn, req)
    return lambda view: _decorate(view, req)

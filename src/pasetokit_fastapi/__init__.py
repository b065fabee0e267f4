"""FastAPI adapter for pasetokit: the ``Auth`` dependency.

```python
policy = TokenPolicy.from_env()                    # keys, TTLs, revocation store
auth = Auth(policy, token_locations=("headers", "cookies"))

@app.get("/items")                                 # declarative: the verified claims
async def items(claims: Annotated[dict, Depends(auth.required(scopes=["items:read"]))]):
    return {"user": claims["sub"]}

@app.post("/refresh")                              # seed (fastapi-paseto-auth) style
def refresh(authorize: AuthContext = Depends(auth)):
    authorize.paseto_required(refresh_token=True)
    return {"access_token": authorize.create_access_token(subject=authorize.get_subject())}
```

The adapter only finds the token (headers, cookies with double-submit CSRF, query string, JSON
body, in the configured order), asks the :class:`pasetokit.TokenPolicy` (``averify`` in the
async dependencies), and turns pasetokit's exceptions into responses: 401 +
``WWW-Authenticate: Bearer`` for token faults, 403 for scope and CSRF, 503 when the revocation
store is down, never 422 and never 500; a WebSocket is closed with 1008. ``auth.install(app)``
registers the handler that renders the ``{"detail", "code"}`` body. Every style of dependency
registers OpenAPI security schemes, so /docs has a working Authorize button.

The HTTP rules themselves (options, token search, CSRF, cookies, statuses, RFC 6750) are
``pasetokit.web``'s; this package only translates.
"""

from __future__ import annotations

from pasetokit.web import Location

from ._auth import Auth, AuthOptions, AuthSettings
from ._dependencies import RequiredDependency, RevokeDependency, RotateDependency
from ._errors import AuthHTTPException, ErrorHandler, handle_auth_error
from .compat import AuthContext, AuthPASETO, AuthPASETOException

__all__ = [
    "Auth",
    "AuthContext",
    "AuthHTTPException",
    "AuthOptions",
    "AuthPASETO",
    "AuthPASETOException",
    "AuthSettings",
    "ErrorHandler",
    "Location",
    "RequiredDependency",
    "RevokeDependency",
    "RotateDependency",
    "handle_auth_error",
]

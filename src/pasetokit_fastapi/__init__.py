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
async dependencies), and turns pasetokit's exceptions into responses without any set-up:
401 + ``WWW-Authenticate: Bearer`` for token faults, 403 for scope and CSRF, 503 when the
revocation store is down, never 422 and never 500; a WebSocket is closed with 1008. The
dependencies register OpenAPI security schemes, so /docs has a working Authorize button.
"""

from __future__ import annotations

from ._auth import Auth
from ._context import AuthContext
from ._dependencies import RequiredDependency, RevokeDependency, RotateDependency
from ._errors import AuthHTTPException, ErrorHandler, handle_auth_error
from ._settings import AuthOptions, AuthSettings, Location

__all__ = [
    "Auth",
    "AuthContext",
    "AuthHTTPException",
    "AuthOptions",
    "AuthSettings",
    "ErrorHandler",
    "Location",
    "RequiredDependency",
    "RevokeDependency",
    "RotateDependency",
    "handle_auth_error",
]

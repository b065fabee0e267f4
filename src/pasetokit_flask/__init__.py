"""Flask adapter for pasetokit: Flask-JWT-Extended's ergonomics on PASETO v4.

```python
app.config["PASETO_LOCAL_KEY"] = os.environ["PASETO_LOCAL_KEY"]   # a k4.local PASERK
manager = PasetoManager(app)            # or PasetoManager(policy=...) + init_app(app)

@app.get("/protected")
@paseto_required                        # or @paseto_required(fresh=True, scopes=["admin"])
def protected():
    return {"user": get_subject()}
```

The adapter only finds the token (headers, cookies with double-submit CSRF, query string, JSON
body, in the configured order), asks the application's :class:`pasetokit.TokenPolicy`, and turns
pasetokit's exceptions into responses: 401 + ``WWW-Authenticate: Bearer`` for token faults, 403
for scope and CSRF, 503 when the revocation store is down; never 422, never 500. The HTTP rules
themselves (settings, token search, CSRF, cookies, statuses, RFC 6750) are ``pasetokit.web``'s;
this package only translates. Flask-JWT-Extended's names are in :mod:`pasetokit_flask.compat`.
"""

from __future__ import annotations

from ._context import (
    get_claims,
    get_claims_as,
    get_jti,
    get_raw_token,
    get_subject,
    get_token_location,
)
from ._cookies import (
    set_access_cookies,
    set_refresh_cookies,
    unset_access_cookies,
    unset_cookies,
    unset_refresh_cookies,
)
from ._decorators import paseto_required
from ._errors import PasetoHTTPException, UserLookupError
from ._manager import PasetoManager, get_policy
from ._tokens import create_access_token, create_refresh_token, create_token_pair
from ._verify import averify_paseto_in_request, verify_paseto_in_request
from .compat import current_user, get_current_user, get_jwt, get_jwt_identity

__all__ = [
    "PasetoHTTPException",
    "PasetoManager",
    "UserLookupError",
    "averify_paseto_in_request",
    "create_access_token",
    "create_refresh_token",
    "create_token_pair",
    "current_user",
    "get_claims",
    "get_claims_as",
    "get_current_user",
    "get_jti",
    "get_jwt",
    "get_jwt_identity",
    "get_policy",
    "get_raw_token",
    "get_subject",
    "get_token_location",
    "paseto_required",
    "set_access_cookies",
    "set_refresh_cookies",
    "unset_access_cookies",
    "unset_cookies",
    "unset_refresh_cookies",
    "verify_paseto_in_request",
]

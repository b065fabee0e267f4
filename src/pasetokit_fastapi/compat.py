"""The seed (fastapi-paseto-auth) style: ``Depends(auth)`` gives a request-bound
:class:`AuthContext` with the seed's names (``paseto_required``, ``get_paseto_subject``,
``user_claims``, ``expires_time``, ``unset_paseto_cookies``). ``AuthPASETO`` is the seed's
name for it.

```python
@app.get("/protected")
def protected(authorize: AuthContext = Depends(auth)):
    authorize.paseto_required()
    return {"user": authorize.get_subject()}
```

Nothing is verified until ``paseto_required`` is called, so a log-in route that also takes
``Depends(auth)`` never fails on a stale header. ``paseto_required`` verifies synchronously
(fine for the in-memory store and sync routes); with an asynchronous revocation store, sync
routes wait for it on the server's event loop and ``async def`` routes must
``await authorize.apaseto_required()``. Unlike the seed, ``optional=True`` forgives only a
*missing* token: an expired or tampered one is still a 401.

fastapi-paseto's own class is here too: :class:`AuthPASETO` (``Authorize: AuthPASETO =
Depends()`` after ``@AuthPASETO.load_config``, every argument of ``paseto_required`` and
``create_*``, ``@AuthPASETO.token_in_denylist_loader``) and :class:`AuthPASETOException`
(``status_code``, ``message``) for ``@app.exception_handler(AuthPASETOException)``.
"""

from __future__ import annotations

from ._authpaseto import AuthPASETO, AuthPASETOException, DenylistLoader
from ._context import AuthContext

__all__ = ["AuthContext", "AuthPASETO", "AuthPASETOException", "DenylistLoader"]

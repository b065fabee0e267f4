# mypy: allow-untyped-defs, allow-incomplete-defs, disable-error-code="arg-type"
# ruff: noqa: B008
"""The fastapi-paseto-auth README example, ported to pasetokit.

The seed: log-in returns a local access token and a public refresh token, ``/refresh`` needs
the refresh token and ``/protected`` the access token, with ``Authorize: AuthPASETO =
Depends()`` and ``Authorize.paseto_required(...)``. Only two things changed:

- the imports (``AuthPASETO`` is now pasetokit_fastapi's request-bound ``AuthContext``);
- the configuration: the ``Settings`` model read through the class-level
  ``@AuthPASETO.load_config`` callback is now a ``TokenPolicy`` held by an ``Auth`` instance,
  the routes say ``Depends(auth)`` instead of ``Depends()``, and the seed's hand-written
  exception handler is one ``auth.install(app)`` line (token failures become 401/403/503
  responses with the ``{"detail", "code"}`` body).

The route functions are the seed's, typed as loosely as the seed was (hence the two comment
lines at the top, for mypy --strict and ruff). Keys are generated at start-up for the demo;
production code builds the policy with ``TokenPolicy.from_env()`` (``PASETO_LOCAL_KEY``,
``PASETO_SECRET_KEY``).
"""

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from pasetokit import LocalKey, SecretKey, TokenPolicy
from pasetokit_fastapi import Auth
from pasetokit_fastapi import AuthContext as AuthPASETO

app = FastAPI()


class User(BaseModel):
    username: str
    password: str


# Configuration: a local key for the access tokens, a signing key for the public refresh tokens.
policy = TokenPolicy(local_key=LocalKey.generate(), secret_key=SecretKey.generate())
auth = Auth(policy)
auth.install(app)  # pasetokit's error responses: {"detail", "code"} + WWW-Authenticate


@app.post("/login")
def login(user: User, Authorize: AuthPASETO = Depends(auth)):
    if user.username != "test" or user.password != "test":
        raise HTTPException(status_code=401, detail="Bad username or password")

    # Each token may have its own purpose
    access_token = Authorize.create_access_token(subject=user.username, purpose="local")
    refresh_token = Authorize.create_refresh_token(subject=user.username, purpose="public")
    return {"access_token": access_token, "refresh_token": refresh_token}


@app.post("/refresh")
def refresh(Authorize: AuthPASETO = Depends(auth)):
    Authorize.paseto_required(refresh_token=True)

    current_user = Authorize.get_subject()
    new_access_token = Authorize.create_access_token(subject=current_user)
    return {"access_token": new_access_token}


@app.get("/protected")
def protected(Authorize: AuthPASETO = Depends(auth)):
    Authorize.paseto_required()

    current_user = Authorize.get_subject()
    return {"user": current_user}

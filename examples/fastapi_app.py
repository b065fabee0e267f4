"""pasetokit + FastAPI: the example application.

Log-in returns a local (encrypted) access token and a public (signed) refresh token, as in the
fastapi-paseto-auth README, plus what that example lacked: refresh rotation with reuse
detection, log-out (revocation), a fresh-only route, a scoped route, an optional route, a
cookie log-in with double-submit CSRF, and a WebSocket.

Run it: ``python examples/demo_fastapi.py --serve`` (generated development keys, in-memory
revocation store, loopback only), then open /docs: the Authorize button takes a token from
``POST /login``. Production code builds the policy with ``TokenPolicy.from_env()``.
"""

# No `from __future__ import annotations` here: FastAPI reads the routes' annotations at run
# time, and those naming `auth` (a local of create_app) must be evaluated where they are written.
import hmac
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Response, WebSocket
from pydantic import BaseModel

from pasetokit import LocalKey, SecretKey, TokenPair, TokenPolicy
from pasetokit_fastapi import Auth

Claims = dict[str, Any]

# Demo users: name -> (password, scopes). A real application checks a password hash.
USERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "test": ("test", ("items:read",)),
    "guest": ("guest", ()),
}


class Credentials(BaseModel):
    username: str
    password: str


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"

    @classmethod
    def of(cls, pair: TokenPair) -> "Tokens":
        return cls(access_token=pair.access_token, refresh_token=pair.refresh_token)


def development_policy(**overrides: Any) -> TokenPolicy:
    """Fresh keys at every start: local access tokens, public refresh tokens, and (by default)
    the in-memory revocation store. Tokens die with the process."""
    return TokenPolicy(
        local_key=LocalKey.generate(),
        secret_key=SecretKey.generate(),
        access_purpose="local",
        refresh_purpose="public",
        **overrides,
    )


def _check_password(credentials: Credentials) -> tuple[str, ...]:
    """The user's scopes, or a 401 (the same answer for an unknown user and a bad password)."""
    password, scopes = USERS.get(credentials.username, ("", ()))
    given, expected = credentials.password.encode(), password.encode()
    if not password or not hmac.compare_digest(given, expected):
        raise HTTPException(status_code=401, detail="bad username or password")
    return scopes


def create_app(policy: TokenPolicy | None = None, *, cookie_secure: bool = True) -> FastAPI:
    """The example app. ``cookie_secure=False`` only for plain-HTTP local development."""
    auth = Auth(
        policy or development_policy(),
        token_locations=("headers", "cookies"),
        cookie_secure=cookie_secure,
        refresh_cookie_path="/cookie",  # the refresh cookie only travels to /cookie/...
    )
    app = FastAPI(title="pasetokit example", version="1.0")
    auth.install(app)  # the {"detail", "code"} error body (a documented exception handler)
    Access = Annotated[Claims, Depends(auth.required())]

    @app.post("/login")
    def login(credentials: Credentials) -> Tokens:
        scopes = _check_password(credentials)
        return Tokens.of(auth.create_token_pair(credentials.username, scopes=scopes))

    @app.post("/refresh")
    def refresh(pair: Annotated[TokenPair, Depends(auth.rotate(locations="headers"))]) -> Tokens:
        return Tokens.of(pair)  # the old refresh token is spent: presenting it again logs out

    @app.get("/protected")
    def protected(claims: Access) -> dict[str, str]:
        return {"user": claims["sub"]}

    @app.get("/whoami")
    async def whoami(
        claims: Annotated[Claims | None, Depends(auth.required(optional=True))],
    ) -> dict[str, str | None]:
        return {"user": None if claims is None else claims["sub"]}

    @app.get("/items")
    async def items(
        claims: Annotated[Claims, Depends(auth.required(scopes=["items:read"]))],
    ) -> dict[str, list[str]]:
        return {"items": ["apple", "pear"]}

    @app.post("/account/password")
    async def change_password(
        claims: Annotated[Claims, Depends(auth.required(fresh=True))],
    ) -> dict[str, str]:
        return {"changed": claims["sub"]}  # only right after a password log-in

    @app.post("/logout")
    async def logout(claims: Annotated[Claims, Depends(auth.revoke("family"))]) -> dict[str, str]:
        return {"logged_out": claims["sub"]}  # this session's access and refresh tokens

    @app.post("/logout/everywhere")
    async def logout_everywhere(
        claims: Annotated[Claims, Depends(auth.revoke("subject"))],
    ) -> dict[str, str]:
        return {"logged_out_everywhere": claims["sub"]}

    @app.post("/cookie/login")
    def cookie_login(credentials: Credentials, response: Response) -> dict[str, str]:
        pair = auth.create_token_pair(credentials.username, scopes=_check_password(credentials))
        auth.set_access_cookies(response, pair.access_token)
        auth.set_refresh_cookies(response, pair.refresh_token)
        return {"user": credentials.username}

    @app.post("/cookie/refresh")
    def cookie_refresh(
        pair: Annotated[TokenPair, Depends(auth.rotate(locations="cookies"))], response: Response
    ) -> dict[str, bool]:
        auth.set_access_cookies(response, pair.access_token)
        auth.set_refresh_cookies(response, pair.refresh_token)
        return {"refreshed": True}

    @app.post("/cookie/logout")
    async def cookie_logout(
        claims: Annotated[Claims, Depends(auth.revoke("family", locations="cookies"))],
        response: Response,
    ) -> dict[str, str]:
        auth.unset_cookies(response)
        return {"logged_out": claims["sub"]}

    @app.websocket("/ws")
    async def echo(
        websocket: WebSocket,
        claims: Annotated[Claims, Depends(auth.required(locations=("headers", "query_string")))],
    ) -> None:
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_json({"user": claims["sub"], "echo": text})

    return app


app = create_app()  # `uvicorn fastapi_app:app` from examples/ (HTTPS: the cookies are Secure)

"""A FastAPI app and a Flask app built from one policy and one set of web settings, and a way to
send the same raw request to both (header lines as given, duplicates and odd bytes included).

No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from flask import Flask

import pasetokit
from pasetokit import MemoryRevocationStore, TokenPolicy
from pasetokit_fastapi import Auth, AuthContext
from pasetokit_flask import (
    PasetoManager,
    get_claims,
    paseto_required,
    verify_paseto_in_request,
)
from pasetokit_flask.compat import get_jwt_identity

from policy_support import FakeClock

# The options both apps share, spelt FastAPI's way; Flask gets them through its name table.
OPTIONS: dict[str, Any] = {
    "token_locations": ("headers", "cookies", "query_string", "json"),
    "cookie_secure": False,
}
FLASK_KEYS = {
    "token_locations": "PASETO_TOKEN_LOCATION",
    "cookie_secure": "PASETO_COOKIE_SECURE",
}

Claims = dict[str, Any]


class SwitchStore:
    """The memory store, switchable off to simulate an outage (fail closed: 503)."""

    def __init__(self, clock: FakeClock) -> None:
        self.inner = MemoryRevocationStore(clock=clock.monotonic)
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise ConnectionError("connection refused")

    def is_revoked(
        self, *, jti: str, family: str | None, subject: str | None, issued_at: float
    ) -> bool:
        self._check()
        return self.inner.is_revoked(jti=jti, family=family, subject=subject, issued_at=issued_at)

    def revoke_token(self, jti: str, *, subject: str, ttl: float) -> None:
        self._check()
        self.inner.revoke_token(jti, subject=subject, ttl=ttl)

    def revoke_family(self, family: str, *, subject: str, ttl: float) -> None:
        self._check()
        self.inner.revoke_family(family, subject=subject, ttl=ttl)

    def revoke_subject(self, subject: str, *, before: float, ttl: float) -> None:
        self._check()
        self.inner.revoke_subject(subject, before=before, ttl=ttl)

    def advance_family(
        self, family: str, *, subject: str, presented: str, successor: str, ttl: float
    ) -> bool:
        self._check()
        return self.inner.advance_family(
            family, subject=subject, presented=presented, successor=successor, ttl=ttl
        )


def fastapi_app(policy: TokenPolicy) -> FastAPI:
    auth = Auth(policy, **OPTIONS)
    app = FastAPI()
    auth.install(app)

    def who(claims: Claims | None) -> dict[str, Any]:
        return {"sub": None if claims is None else claims["sub"]}

    @app.api_route("/access", methods=["GET", "POST", "PUT", "DELETE"])
    async def access(claims: Annotated[Claims, Depends(auth.required())]) -> dict[str, Any]:
        return who(claims)

    @app.get("/fresh")
    def fresh(claims: Annotated[Claims, Depends(auth.required(fresh=True))]) -> dict[str, Any]:
        return who(claims)

    @app.get("/scoped")
    async def scoped(
        claims: Annotated[Claims, Depends(auth.required(scopes=["admin"]))],
    ) -> dict[str, Any]:
        return who(claims)

    @app.post("/refresh")
    async def refresh(claims: Annotated[Claims, Depends(auth.required(refresh=True))]) -> Any:
        return who(claims)

    @app.get("/optional")
    async def optional(
        claims: Annotated[Claims | None, Depends(auth.required(optional=True))],
    ) -> dict[str, Any]:
        return who(claims)

    @app.api_route("/imperative", methods=["GET", "POST"])
    def imperative(authorize: Annotated[AuthContext, Depends(auth)]) -> dict[str, Any]:
        authorize.paseto_required()
        return who(authorize.get_token_payload())

    return app


def flask_app(policy: TokenPolicy) -> Flask:
    app = Flask("behaviour_table")
    app.config.update({FLASK_KEYS[name]: value for name, value in OPTIONS.items()})
    PasetoManager(app, policy=policy)

    def who(claims: Claims | None) -> dict[str, Any]:
        return {"sub": None if claims is None else claims["sub"]}

    @app.route("/access", methods=["GET", "POST", "PUT", "DELETE"])
    @paseto_required
    async def access() -> dict[str, Any]:
        return {"sub": get_jwt_identity()}

    @app.get("/fresh")
    @paseto_required(fresh=True)
    def fresh() -> dict[str, Any]:
        return who(get_claims())

    @app.get("/scoped")
    @paseto_required(scopes=["admin"])
    def scoped() -> dict[str, Any]:
        return who(get_claims())

    @app.post("/refresh")
    @paseto_required(refresh=True)
    def refresh() -> dict[str, Any]:
        return who(get_claims())

    @app.get("/optional")
    @paseto_required(optional=True)
    def optional() -> dict[str, Any]:
        return who(get_claims())

    @app.route("/imperative", methods=["GET", "POST"])
    def imperative() -> dict[str, Any]:
        return who(verify_paseto_in_request())

    return app


@dataclass(frozen=True)
class Answer:
    status: int
    code: str | None
    challenge: str | None
    body: Any


@dataclass
class Apps:
    """Both apps on one policy, and the tokens the table refers to by name."""

    clock: FakeClock
    store: SwitchStore
    policy: TokenPolicy
    fastapi: TestClient
    flask: Any
    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls) -> "Apps":
        clock = FakeClock()
        store = SwitchStore(clock)
        local_key = pasetokit.LocalKey.generate()
        policy = TokenPolicy(
            local_key=local_key,
            secret_key=pasetokit.SecretKey.generate(),
            clock=clock,
            revocation_store=store,
        )
        apps = cls(
            clock,
            store,
            policy,
            TestClient(fastapi_app(policy), raise_server_exceptions=False),
            flask_app(policy).test_client(use_cookies=False),
        )
        apps.tokens = make_tokens(policy, clock, local_key)
        return apps

    def send(
        self,
        which: str,
        method: str,
        path: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
    ) -> Answer:
        if which == "fastapi":
            raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
            r = self.fastapi.request(method, path, headers=raw, content=body)
            status, text, get = r.status_code, r.text, r.headers.get
        else:
            fr = self.flask.open(path, method=method, headers=headers, data=body)
            status, text, get = fr.status_code, fr.get_data(as_text=True), fr.headers.get
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text
        code = parsed.get("code") if isinstance(parsed, dict) and status >= 400 else None
        return Answer(status, code, get("WWW-Authenticate"), parsed)


def make_tokens(
    policy: TokenPolicy, clock: FakeClock, local_key: pasetokit.LocalKey
) -> dict[str, str]:
    """Every token the table names (minted on the shared clock)."""
    pair = policy.create_token_pair("alice", scopes=["items:read"], csrf=True)
    tokens = {
        "access": policy.create_access_token("alice", csrf=True),
        "fresh": pair.access_token,
        "admin": policy.create_access_token("alice", scopes=["admin"], csrf=True),
        "refresh": pair.refresh_token,
        "csrf": policy.csrf_value(pair.access_token) or "",
    }
    tokens["access_csrf"] = policy.csrf_value(tokens["access"]) or ""
    revoked = policy.create_access_token("mallory")
    policy.revoke(revoked)
    tokens["revoked"] = revoked
    tokens["expired"] = policy.create_access_token("alice", expires_in=1)
    other = pasetokit.LocalKey.generate()
    tokens["other_key"] = pasetokit.encode(other, {"sub": "alice", "type": "access"})
    tokens["public"] = pasetokit.encode(
        pasetokit.SecretKey.generate(), {"sub": "alice", "type": "access"}
    )
    parts = tokens["access"].split(".")
    flipped = "B" if parts[2][20] == "A" else "A"
    parts[2] = parts[2][:20] + flipped + parts[2][21:]
    tokens["tampered"] = ".".join(parts)
    tokens["v3"] = "v3.local." + tokens["access"].split(".", 2)[2]
    ahead = FakeClock(clock.now + timedelta(hours=1))
    tokens["future"] = TokenPolicy(local_key=local_key, clock=ahead).create_access_token("alice")
    clock.advance(2)  # "expired" is now past its one second
    return tokens

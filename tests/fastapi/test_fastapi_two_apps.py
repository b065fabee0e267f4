"""Two applications, two policies, one process: no class-level state anywhere."""

from pasetokit import LocalKey, SecretKey, TokenPolicy
from pasetokit_fastapi import Auth

from fastapi_support import Clock, bearer, client, make_app


def test_two_apps_with_different_policies_and_settings() -> None:
    clock_a, clock_b = Clock(), Clock()
    auth_a = Auth(TokenPolicy(local_key=LocalKey.generate(), clock=clock_a))
    auth_b = Auth(
        TokenPolicy(secret_key=SecretKey.generate(), clock=clock_b, access_ttl=60),
        header_type="PASETO",
        token_locations=("headers", "cookies"),
    )
    a, b = client(make_app(auth_a)), client(make_app(auth_b))
    token_a = auth_a.create_access_token("alice")
    token_b = auth_b.create_access_token("bob")
    assert token_a.startswith("v4.local.")
    assert token_b.startswith("v4.public.")

    assert a.get("/protected", headers=bearer(token_a)).json()["sub"] == "alice"
    assert b.get("/protected", headers=bearer(token_b, "PASETO")).json()["sub"] == "bob"
    assert b.get("/seed", headers=bearer(token_b, "PASETO")).json()["sub"] == "bob"
    # Each app refuses the other's token, and each speaks its own scheme.
    assert a.get("/protected", headers=bearer(token_b)).json()["code"] == "wrong_purpose"
    assert b.get("/protected", headers=bearer(token_a, "PASETO")).status_code == 401
    assert b.get("/protected", headers=bearer(token_b)).json()["code"] == "missing_token"
    assert a.get("/protected").headers["WWW-Authenticate"] == "Bearer"
    assert b.get("/protected").headers["WWW-Authenticate"] == "PASETO"
    # Separate clocks and TTLs: B's token expires after a minute, A's does not.
    clock_a.advance(minutes=2)
    clock_b.advance(minutes=2)
    assert a.get("/protected", headers=bearer(token_a)).status_code == 200
    assert b.get("/protected", headers=bearer(token_b, "PASETO")).json()["code"] == "token_expired"
    # Separate revocation stores.
    pair = auth_a.create_token_pair("alice")
    assert a.post("/logout", headers=bearer(pair.access_token)).status_code == 200
    assert a.get("/protected", headers=bearer(pair.access_token)).status_code == 401
    # Separate OpenAPI documents.
    assert set(make_app(auth_a).openapi()["components"]["securitySchemes"]) == {"PasetoBearer"}
    assert set(make_app(auth_b).openapi()["components"]["securitySchemes"]) == {
        "PasetoHeader",
        "PasetoCookie",
        "PasetoRefreshCookie",
    }


def test_one_app_two_auths() -> None:
    from typing import Annotated, Any

    from fastapi import Depends, FastAPI

    users = Auth(TokenPolicy(local_key=LocalKey.generate()))
    admins = Auth(TokenPolicy(local_key=LocalKey.generate()), header_name="X-Admin-Token")
    app = FastAPI()

    @app.get("/both")
    def both(
        user: Annotated[dict[str, Any], Depends(users.required())],
        admin: Annotated[dict[str, Any], Depends(admins.required())],
    ) -> dict[str, str]:
        return {"user": user["sub"], "admin": admin["sub"]}

    c = client(app)
    headers = {
        **bearer(users.create_access_token("u")),
        "X-Admin-Token": f"Bearer {admins.create_access_token('a')}",
    }
    assert c.get("/both", headers=headers).json() == {"user": "u", "admin": "a"}
    headers["X-Admin-Token"] = headers["Authorization"]
    assert c.get("/both", headers=headers).status_code == 401

"""The declarative dependencies: ``auth.required(...)``, ``auth.rotate()``, ``auth.revoke()``."""

from datetime import timedelta
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI

from pasetokit import ConfigurationError, LocalKey, TokenPolicy
from pasetokit_fastapi import Auth

from fastapi_support import (
    AsyncStore,
    Clock,
    FlakyStore,
    bearer,
    client,
    make_app,
    make_policy,
)


def setup(**options: Any) -> tuple[Clock, Auth, Any]:
    clock = Clock()
    auth = Auth(make_policy(clock), **options)
    return clock, auth, client(make_app(auth))


def test_missing_token_is_401_with_a_bare_challenge() -> None:
    _, _, c = setup()
    r = c.get("/protected")
    assert r.status_code == 401
    assert r.json() == {
        "detail": "missing access token: send it in the Authorization header ('Bearer <token>')",
        "code": "missing_token",
    }
    assert r.headers["WWW-Authenticate"] == "Bearer"
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/protected", "/sync-protected"])
def test_valid_access_token_returns_the_claims(path: str) -> None:
    _, auth, c = setup()
    token = auth.create_access_token("alice", claims={"role": "admin"})
    r = c.get(path, headers=bearer(token))
    assert r.status_code == 200
    body = r.json()
    assert (body["sub"], body["type"], body["role"]) == ("alice", "access", "admin")


def test_expired_token_is_401_invalid_token() -> None:
    clock, auth, c = setup()
    token = auth.create_access_token("alice")
    clock.advance(minutes=15, seconds=1)
    r = c.get("/protected", headers=bearer(token))
    assert r.status_code == 401
    assert r.json()["code"] == "token_expired"
    assert r.headers["WWW-Authenticate"] == (
        'Bearer error="invalid_token", error_description="token has expired"'
    )


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("v4.public.x", "malformed_token"),
        ("v3.local.x", "malformed_token"),
        ("v4.local.", "malformed_token"),
        ("not-a-token", "malformed_token"),
    ],
)
def test_garbage_tokens_are_401_never_422_or_500(token: str, code: str) -> None:
    _, _, c = setup()
    r = c.get("/protected", headers=bearer(token))
    assert (r.status_code, r.json()["code"]) == (401, code)
    assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_tampered_token_and_foreign_key() -> None:
    _, auth, c = setup()
    token = auth.create_access_token("alice")
    parts = token.split(".")
    middle = len(parts[2]) // 2
    parts[2] = (
        parts[2][:middle] + ("A" if parts[2][middle] != "A" else "B") + parts[2][middle + 1 :]
    )
    r = c.get("/protected", headers=bearer(".".join(parts)))
    assert (r.status_code, r.json()["code"]) == (401, "invalid_token")
    foreign = TokenPolicy(local_key=LocalKey.generate(), include_kid=False)
    r = c.get("/protected", headers=bearer(foreign.create_access_token("alice")))
    assert (r.status_code, r.json()["code"]) == (401, "invalid_token")


def test_header_scheme_is_exact_and_case_insensitive() -> None:
    _, auth, c = setup()
    token = auth.create_access_token("alice")
    for scheme in ("bearer", "BEARER", "Bearer"):
        assert c.get("/protected", headers=bearer(token, scheme)).status_code == 200
    for scheme in ("XBearerX", "Bearerx", "Basic", "Token"):
        r = c.get("/protected", headers=bearer(token, scheme))
        assert (r.status_code, r.json()["code"]) == (401, "missing_token"), scheme
        assert r.headers["WWW-Authenticate"] == "Bearer"
    for value in ("Bearer", "Bearer ", f"Bearer {token} extra", f"Bearer  {token}\tx"):
        r = c.get("/protected", headers={"Authorization": value})
        assert (r.status_code, r.json()["code"]) == (401, "malformed_token"), value


def test_custom_header_name_and_bare_tokens() -> None:
    _, auth, c = setup(header_name="X-Api-Token", header_type="")
    token = auth.create_access_token("alice")
    assert c.get("/protected", headers={"X-Api-Token": token}).status_code == 200
    assert c.get("/protected", headers=bearer(token)).status_code == 401
    _, auth, c = setup(header_type="PASETO")
    token = auth.create_access_token("alice")
    r = c.get("/protected", headers=bearer(token))
    assert r.headers["WWW-Authenticate"] == "PASETO"
    assert c.get("/protected", headers=bearer(token, "paseto")).status_code == 200


def test_wrong_token_type_both_ways() -> None:
    _, auth, c = setup()
    refresh = auth.create_refresh_token("alice")
    access = auth.create_access_token("alice")
    r = c.get("/protected", headers=bearer(refresh))
    assert (r.status_code, r.json()["code"]) == (401, "wrong_token_type")
    r = c.post("/refresh", headers=bearer(access))
    assert (r.status_code, r.json()["code"]) == (401, "wrong_token_type")
    r = c.post("/refresh", headers=bearer(refresh))
    assert r.status_code == 200
    assert r.json()["access_token"].startswith("v4.local.")


def test_fresh_only_route() -> None:
    clock, auth, c = setup()
    assert c.get("/fresh", headers=bearer(auth.create_access_token("a", fresh=True))).is_success
    stale = auth.create_access_token("a")
    r = c.get("/fresh", headers=bearer(stale))
    assert (r.status_code, r.json()["code"]) == (401, "fresh_token_required")
    briefly = auth.create_access_token("a", fresh=timedelta(minutes=5))
    assert c.get("/fresh", headers=bearer(briefly)).status_code == 200
    clock.advance(minutes=6)
    assert c.get("/fresh", headers=bearer(briefly)).json()["code"] == "fresh_token_required"


def test_scopes_403_with_insufficient_scope_challenge() -> None:
    _, auth, c = setup()
    some = auth.create_access_token("a", scopes=["items:read"])
    r = c.get("/scoped", headers=bearer(some))
    assert (r.status_code, r.json()["code"]) == (403, "insufficient_scope")
    challenge = r.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer error="insufficient_scope"')
    assert challenge.endswith('scope="items:read items:write"')
    both = auth.create_access_token("a", scopes="items:write items:read")
    assert c.get("/scoped", headers=bearer(both)).status_code == 200


def test_optional_forgives_only_a_missing_token() -> None:
    clock, auth, c = setup()
    assert c.get("/optional").json() == {"claims": None}
    token = auth.create_access_token("alice")
    assert c.get("/optional", headers=bearer(token)).json()["claims"]["sub"] == "alice"
    clock.advance(hours=1)
    r = c.get("/optional", headers=bearer(token))  # the seed's bug: expired -> anonymous
    assert (r.status_code, r.json()["code"]) == (401, "token_expired")
    r = c.get("/optional", headers=bearer("v4.local.tampered"))
    assert r.status_code == 401
    r = c.get("/optional", headers={"Authorization": "Bearer"})
    assert (r.status_code, r.json()["code"]) == (401, "malformed_token")


def test_rotation_and_reuse_detection() -> None:
    _, auth, c = setup()
    pair = auth.create_token_pair("alice")
    r = c.post("/rotate", headers=bearer(pair.refresh_token))
    assert r.status_code == 200
    new = r.json()
    assert new["refresh_token"] != pair.refresh_token
    assert c.get("/protected", headers=bearer(new["access_token"])).status_code == 200
    r = c.post("/rotate", headers=bearer(pair.refresh_token))
    assert (r.status_code, r.json()["code"]) == (401, "refresh_token_reused")
    for token in (new["access_token"], pair.access_token):  # the family is gone
        assert c.get("/protected", headers=bearer(token)).json()["code"] == "token_revoked"
    assert c.post("/rotate", headers=bearer(pair.access_token)).status_code == 401
    assert c.post("/rotate").json()["code"] == "missing_token"


@pytest.mark.parametrize(
    ("path", "kills_other_session"), [("/logout", False), ("/logout-everywhere", True)]
)
def test_logout(path: str, kills_other_session: bool) -> None:
    clock, auth, c = setup()
    pair = auth.create_token_pair("alice")
    other = auth.create_token_pair("alice")
    clock.advance(seconds=1)
    r = c.post(path, headers=bearer(pair.access_token))
    assert r.json() == {"logged_out": "alice"}
    assert c.get("/protected", headers=bearer(pair.access_token)).json()["code"] == "token_revoked"
    assert c.post("/rotate", headers=bearer(pair.refresh_token)).status_code == 401
    status = c.get("/protected", headers=bearer(other.access_token)).status_code
    assert status == (401 if kills_other_session else 200)
    assert c.post(path, headers=bearer(pair.access_token)).status_code == 401


def test_logout_single_token_keeps_the_refresh_token() -> None:
    _, auth, c = setup()
    pair = auth.create_token_pair("alice")
    assert c.post("/logout-token", headers=bearer(pair.access_token)).status_code == 200
    assert c.get("/protected", headers=bearer(pair.access_token)).status_code == 401
    assert c.post("/rotate", headers=bearer(pair.refresh_token)).status_code == 200


def test_store_outage_is_503_fail_closed() -> None:
    store = FlakyStore()
    auth = Auth(make_policy(store=store))
    c = client(make_app(auth))
    pair = auth.create_token_pair("alice")
    store.down = True
    for method, path, token in [
        ("GET", "/protected", pair.access_token),
        ("GET", "/seed", pair.access_token),
        ("POST", "/rotate", pair.refresh_token),
        ("POST", "/logout", pair.access_token),
    ]:
        r = c.request(method, path, headers=bearer(token))
        assert (r.status_code, r.json()["code"]) == (503, "revocation_store_unavailable"), path
        assert "WWW-Authenticate" not in r.headers
    store.down = False
    assert c.get("/protected", headers=bearer(pair.access_token)).status_code == 200


def test_async_store_is_awaited_in_sync_and_async_routes() -> None:
    store = AsyncStore()
    auth = Auth(make_policy(store=store))
    c = client(make_app(auth))
    token = auth.create_access_token("alice")
    for path in ("/protected", "/sync-protected", "/seed", "/seed-async"):
        before = store.awaited
        assert c.get(path, headers=bearer(token)).status_code == 200, path
        assert store.awaited == before + 1
    pair = auth.create_token_pair("alice")
    assert c.post("/rotate", headers=bearer(pair.refresh_token)).status_code == 200
    assert c.post("/logout", headers=bearer(pair.access_token)).status_code == 200
    store.down = True
    assert c.get("/protected", headers=bearer(token)).status_code == 503


def test_annotated_alias_and_router_level_dependency_share_one_verification() -> None:
    store = AsyncStore()
    auth = Auth(make_policy(store=store))
    assert auth.required() is auth.required()
    assert auth.required(scopes="a b") is auth.required(scopes=["a", "b"])
    assert auth.required(fresh=True) is not auth.required()
    app = FastAPI(dependencies=[Depends(auth.required())])
    Claims = Annotated[dict[str, Any], Depends(auth.required())]

    @app.get("/me")
    def me(claims: Claims) -> dict[str, str]:
        return {"sub": claims["sub"]}

    c = client(app)
    assert c.get("/me").status_code == 401
    r = c.get("/me", headers=bearer(auth.create_access_token("bob")))
    assert r.json() == {"sub": "bob"}
    assert store.awaited == 1  # FastAPI's per-request cache: verified once


def test_bad_requirements_fail_when_the_app_is_built() -> None:
    auth = Auth(make_policy())
    with pytest.raises(ConfigurationError, match="access tokens"):
        auth.required(refresh=True, fresh=True)
    with pytest.raises(ConfigurationError, match="scope-tokens"):
        auth.required(scopes=['bad"scope'])
    with pytest.raises(ConfigurationError, match="unknown token location"):
        auth.required(locations=["header"])
    with pytest.raises(ConfigurationError, match="True or False"):
        auth.required(optional=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="what must be"):
        auth.revoke("session")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^required\(\) .* 'scope'; did you mean 'scopes'\?$"):
        auth.required(scope="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="did you mean 'model'"):
        auth.required(modle=dict)  # type: ignore[call-arg]

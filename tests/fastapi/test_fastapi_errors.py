"""The error mapping: defaults, the one-place overrides, errors raised by application code."""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.responses import Response

from pasetokit import ConfigurationError, InvalidTokenError
from pasetokit_fastapi import Auth, AuthHTTPException, handle_auth_error

from fastapi_support import Clock, FlakyStore, bearer, client, make_app, make_policy


def test_status_codes_override() -> None:
    clock = Clock()
    auth = Auth(make_policy(clock), status_codes={"token_expired": 419, "csrf_failed": 400})
    c = client(make_app(auth))
    token = auth.create_access_token("alice")
    clock.advance(hours=1)
    r = c.get("/protected", headers=bearer(token))
    assert (r.status_code, r.json()["code"]) == (419, "token_expired")
    assert "WWW-Authenticate" not in r.headers  # a challenge belongs to a 401 only
    assert c.get("/protected").status_code == 401


def test_error_handler_builds_every_response() -> None:
    seen: list[AuthHTTPException] = []

    async def handler(request: Request, exc: AuthHTTPException) -> Response:
        seen.append(exc)
        return JSONResponse(
            {"error": {"code": exc.code, "message": exc.detail, "path": request.url.path}},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    auth = Auth(make_policy(), error_handler=handler)
    c = client(make_app(auth))
    r = c.get("/protected")
    assert r.json() == {
        "error": {"code": "missing_token", "message": seen[0].detail, "path": "/protected"}
    }
    assert r.headers["WWW-Authenticate"] == "Bearer"
    r = c.get("/seed", headers=bearer("v4.local.x"))
    assert (r.status_code, r.json()["error"]["code"]) == (401, "malformed_token")
    assert isinstance(seen[-1].error, InvalidTokenError)

    def sync_handler(request: Request, exc: AuthHTTPException) -> Response:
        return PlainTextResponse(exc.code, status_code=exc.status_code)

    c = client(make_app(Auth(make_policy(), error_handler=sync_handler)))
    assert c.get("/protected").text == "missing_token"


def test_bad_overrides_fail_at_build() -> None:
    with pytest.raises(ConfigurationError, match="unknown error code 'expired'"):
        Auth(make_policy(), status_codes={"expired": 401})
    with pytest.raises(ConfigurationError, match="4xx/5xx"):
        Auth(make_policy(), status_codes={"token_expired": 200})
    with pytest.raises(ConfigurationError, match="callable"):
        Auth(make_policy(), error_handler="nope")  # type: ignore[arg-type]


def test_an_app_handler_for_auth_errors_wins() -> None:
    auth = Auth(make_policy())
    app = make_app(auth)

    async def teapot(request: Request, exc: Exception) -> Response:
        return JSONResponse({"custom": True}, status_code=418)

    app.add_exception_handler(AuthHTTPException, teapot)
    r = client(app).get("/protected")
    assert (r.status_code, r.json()) == (418, {"custom": True})


def test_without_install_fastapi_still_answers_401() -> None:
    """Without ``auth.install(app)`` the exception is still a Starlette HTTPException: FastAPI's
    own handler answers with its status and headers (body ``{"detail"}``), never a 500; the
    adapter writes nothing into the framework's per-request state."""
    auth = Auth(make_policy())
    app = FastAPI()

    @app.get("/p")
    async def p(claims: Annotated[dict[str, Any], Depends(auth.required())]) -> dict[str, Any]:
        return claims

    r = client(app).get("/p", headers=bearer("v4.local.garbage"))
    assert r.status_code == 401
    assert set(r.json()) == {"detail"}
    assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert r.headers["Cache-Control"] == "no-store"
    assert AuthHTTPException not in app.exception_handlers


def test_install_maps_token_errors_from_application_code() -> None:
    store = FlakyStore()
    auth = Auth(make_policy(store=store))
    app = FastAPI()
    auth.install(app)

    @app.post("/revoke")
    async def revoke(request: Request) -> dict[str, bool]:
        await auth.policy.arevoke(request.headers["x-token"])  # raises pasetokit errors
        return {"ok": True}

    c = client(app)
    token = auth.create_access_token("alice")
    assert c.post("/revoke", headers={"x-token": token}).json() == {"ok": True}
    r = c.post("/revoke", headers={"x-token": "garbage"})
    assert (r.status_code, r.json()["code"]) == (401, "malformed_token")
    assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    store.down = True
    r = c.post("/revoke", headers={"x-token": token})
    assert (r.status_code, r.json()["code"]) == (503, "revocation_store_unavailable")


def test_handle_auth_error_can_be_registered_by_hand() -> None:
    auth = Auth(make_policy())
    app = make_app(auth)
    app.add_exception_handler(AuthHTTPException, handle_auth_error)
    assert client(app).get("/protected").json()["code"] == "missing_token"


def test_a_handler_response_without_a_challenge_gets_one_as_flask_loaders_do() -> None:
    """RFC 6750: the 401 an ``error_handler`` builds carries the challenge for the status it
    chose (Flask's error loaders behave the same); a challenge of its own is kept."""

    def plain(request: Request, exc: AuthHTTPException) -> Response:
        status = 403 if request.url.path == "/seed" else exc.status_code
        return PlainTextResponse(exc.code, status_code=status)

    c = client(make_app(Auth(make_policy(), error_handler=plain)))
    r = c.get("/protected", headers=bearer("v4.local.x"))
    assert (r.status_code, r.text) == (401, "malformed_token")
    assert r.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert c.get("/protected").headers["WWW-Authenticate"] == "Bearer"
    r = c.get("/seed", headers=bearer("v4.local.x"))
    assert r.status_code == 403
    assert "WWW-Authenticate" not in r.headers  # a challenge belongs to a 401 only

    def own(request: Request, exc: AuthHTTPException) -> Response:
        headers = {"WWW-Authenticate": 'Bearer realm="example"'}
        return PlainTextResponse(exc.code, status_code=401, headers=headers)

    r = client(make_app(Auth(make_policy(), error_handler=own))).get("/protected")
    assert r.headers["WWW-Authenticate"] == 'Bearer realm="example"'

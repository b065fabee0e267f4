"""OpenAPI: the dependencies register security schemes, so /docs has an Authorize button."""

from typing import Annotated, Any

from fastapi import Depends, FastAPI

from pasetokit_fastapi import Auth

from fastapi_support import client, make_app, make_policy


def security_of(schema: dict[str, Any], path: str, method: str = "get") -> Any:
    return schema["paths"][path][method].get("security")


def test_bearer_scheme_by_default() -> None:
    app = make_app(Auth(make_policy()))
    schema = client(app).get("/openapi.json").json()
    assert schema["components"]["securitySchemes"] == {
        "PasetoBearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "PASETO",
            "description": "A PASETO v4 token (an access token; a refresh token where the route "
            "renews tokens), sent as 'Authorization: Bearer <token>'.",
        }
    }
    for path, method in [
        ("/protected", "get"),
        ("/sync-protected", "get"),
        ("/fresh", "get"),
        ("/scoped", "get"),
        ("/optional", "get"),
        ("/refresh", "post"),
        ("/rotate", "post"),
        ("/logout", "post"),
    ]:
        assert security_of(schema, path, method) == [{"PasetoBearer": []}], path
    assert security_of(schema, "/open") is None
    # Seed style (``Depends(auth)``): the same scheme, lock and Authorize button.
    assert security_of(schema, "/seed") == [{"PasetoBearer": []}]
    # No token parameter is declared (so FastAPI never validates one: no 422).
    assert "parameters" not in schema["paths"]["/protected"]["get"]


def test_cookie_and_query_schemes_when_enabled() -> None:
    auth = Auth(
        make_policy(),
        token_locations=("headers", "cookies", "query_string", "json"),
        scheme_prefix="Api",
    )
    schema = make_app(auth).openapi()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiCookie"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "access_token_cookie",
        "description": "The access token cookie set at log-in (HttpOnly). Unsafe methods also "
        "need the 'X-CSRF-Token' header (double-submit CSRF).",
    }
    assert schemes["ApiRefreshCookie"]["name"] == "refresh_token_cookie"
    assert schemes["ApiQuery"]["in"] == "query"
    assert schemes["ApiQuery"]["name"] == "token"
    assert security_of(schema, "/protected") == [
        {"ApiBearer": []},
        {"ApiCookie": []},
        {"ApiQuery": []},
    ]
    assert security_of(schema, "/refresh", "post") == [
        {"ApiBearer": []},
        {"ApiRefreshCookie": []},
        {"ApiQuery": []},
    ]


def test_custom_header_is_an_api_key_scheme() -> None:
    auth = Auth(make_policy(), header_name="X-Token", header_type="")
    schemes = make_app(auth).openapi()["components"]["securitySchemes"]
    assert schemes == {
        "PasetoHeader": {
            "type": "apiKey",
            "in": "header",
            "name": "X-Token",
            "description": "A PASETO v4 token, sent as 'X-Token: <token>'.",
        }
    }


def test_json_only_has_no_scheme_and_annotated_routes_show_the_lock() -> None:
    auth = Auth(make_policy(), token_locations=["json"])
    app = FastAPI()
    Claims = Annotated[dict[str, Any], Depends(auth.required())]

    @app.post("/json")
    def json_route(claims: Claims) -> dict[str, str]:
        return {}

    assert "components" not in app.openapi()
    bearer_auth = Auth(make_policy())
    app = FastAPI()

    @app.get("/a", dependencies=[Depends(bearer_auth.required(scopes=["a"]))])
    def a() -> dict[str, str]:
        return {}

    assert security_of(app.openapi(), "/a") == [{"PasetoBearer": []}]
    r = client(app).get("/docs")
    assert r.status_code == 200

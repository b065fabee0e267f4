"""Token locations: headers, cookies, query string, JSON body, in the configured order."""

import json
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI

from pasetokit_fastapi import Auth

from fastapi_support import bearer, client, make_app, make_policy


def setup(locations: Any) -> tuple[Auth, Any]:
    auth = Auth(make_policy(), token_locations=locations, csrf_protect=False)
    return auth, client(make_app(auth))


def post_json(c: Any, path: str, data: object, **kwargs: Any) -> Any:
    headers = {"content-type": "application/json", **kwargs.pop("headers", {})}
    return c.post(path, content=json.dumps(data), headers=headers, **kwargs)


def test_order_decides_which_token_wins() -> None:
    auth, c = setup(["cookies", "headers"])
    alice, bob = auth.create_access_token("alice"), auth.create_access_token("bob")
    c.cookies.set("access_token_cookie", alice)
    assert c.get("/protected", headers=bearer(bob)).json()["sub"] == "alice"
    auth, c = setup("headers, cookies")
    c.cookies.set("access_token_cookie", alice)
    assert c.get("/protected", headers=bearer(bob)).json()["sub"] == "bob"


def test_a_location_not_configured_is_ignored() -> None:
    auth, c = setup(["headers"])
    c.cookies.set("access_token_cookie", auth.create_access_token("alice"))
    assert c.get("/protected").json()["code"] == "missing_token"
    assert c.get("/protected", params={"token": auth.create_access_token("a")}).status_code == 401


def test_query_string() -> None:
    auth, c = setup(["query_string"])
    r = c.get("/protected", params={"token": auth.create_access_token("alice")})
    assert r.json()["sub"] == "alice"
    r = c.get("/protected")
    assert r.json()["detail"] == "missing access token: send it in query parameter 'token'"
    assert c.get("/protected", params={"token": "junk"}).json()["code"] == "malformed_token"


def test_json_body_access_and_refresh_keys() -> None:
    auth, c = setup(["json"])
    pair = auth.create_token_pair("alice")
    assert post_json(c, "/called", {"access_token": pair.access_token}).json()["sub"] == "alice"
    r = post_json(c, "/refresh", {"refresh_token": pair.refresh_token})
    assert r.status_code == 200
    r = post_json(c, "/called", {"refresh_token": pair.refresh_token})
    assert r.json()["detail"] == "missing access token: send it in JSON body key 'access_token'"
    r = post_json(c, "/called", {"access_token": ["not", "a", "string"]})
    assert (r.status_code, r.json()["code"]) == (401, "malformed_token")
    for body in ([1, 2], "text", None, {"access_token": ""}, {"other": 1}):
        assert post_json(c, "/called", body).json()["code"] == "missing_token"
    r = c.post("/called", content=b"{not json", headers={"content-type": "application/json"})
    assert r.json()["code"] == "missing_token"
    r = c.post("/called", content=json.dumps({"access_token": pair.access_token}))
    assert r.json()["code"] == "missing_token"  # not a JSON content type: not read
    vendor = {"content-type": "application/vnd.api+json; charset=utf-8"}
    r = c.post("/called", content=json.dumps({"access_token": pair.access_token}), headers=vendor)
    assert r.status_code == 200


def test_json_body_token_and_a_body_parameter_share_the_body() -> None:
    auth = Auth(make_policy(), token_locations=["json"], json_key="token")

    app = FastAPI()

    @app.post("/order")
    async def order(
        claims: Annotated[dict[str, Any], Depends(auth.required())],
        item: Annotated[str, Body(embed=True)],
    ) -> dict[str, str]:
        return {"sub": claims["sub"], "item": item}

    c = client(app)
    token = auth.create_access_token("alice")
    r = post_json(c, "/order", {"token": token, "item": "pear"})
    assert r.json() == {"sub": "alice", "item": "pear"}


def test_per_requirement_locations_override() -> None:
    auth = Auth(make_policy(), token_locations=["headers"])
    app = FastAPI()

    @app.get("/q")
    async def q(
        claims: Annotated[dict[str, Any], Depends(auth.required(locations="query_string"))],
    ) -> dict[str, str]:
        return {"sub": claims["sub"]}

    c = client(app)
    token = auth.create_access_token("alice")
    assert c.get("/q", params={"token": token}).json() == {"sub": "alice"}
    assert c.get("/q", headers=bearer(token)).status_code == 401


def test_missing_token_message_lists_every_place() -> None:
    _, c = setup(["headers", "cookies", "query_string", "json"])
    assert c.get("/protected").json()["detail"] == (
        "missing access token: send it in the Authorization header ('Bearer <token>') or cookie "
        "'access_token_cookie' or query parameter 'token' or JSON body key 'access_token'"
    )
    assert c.post("/refresh").json()["detail"] == (
        "missing refresh token: send it in the Authorization header ('Bearer <token>') or cookie "
        "'refresh_token_cookie' or query parameter 'token' or JSON body key 'refresh_token'"
    )

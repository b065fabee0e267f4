"""pasetokit.web.claims_as and the adapters' typed claims: a pydantic model or a dataclass,
times as aware datetimes, a misfit is 401 invalid_claims in both adapters (never 422/500)."""

# No ``from __future__ import annotations``: FastAPI reads the route annotations at run time.
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel

from pasetokit import ClaimError, ConfigurationError, LocalKey, TokenPolicy
from pasetokit.web import InvalidClaimsError, claim_time, claims_as
from pasetokit_fastapi import Auth
from pasetokit_flask import PasetoManager, get_claims_as, paseto_required


class Pyd(BaseModel):
    sub: str
    exp: datetime
    iat: datetime
    tenant: str


@dataclass
class Dc:
    sub: str
    exp: datetime
    tenant: str
    plan: str | None = None


POLICY = TokenPolicy(local_key=LocalKey.generate())


def test_claims_as_models_with_aware_times() -> None:
    claims = POLICY.verify(POLICY.create_access_token("u", claims={"tenant": "t1"}))
    for model in (Pyd, Dc):
        value: Any = claims_as(model, claims)
        assert value.sub == "u"
        assert value.tenant == "t1"
        assert value.exp.tzinfo is not None
        assert value.exp.utcoffset().total_seconds() == 0
    bad = POLICY.verify(POLICY.create_access_token("u", claims={"tenant": 5}))
    for model in (Pyd, Dc):
        with pytest.raises(InvalidClaimsError) as raised:
            claims_as(model, bad)
        assert raised.value.code == "invalid_claims"
    missing = POLICY.verify(POLICY.create_access_token("u"))
    with pytest.raises(InvalidClaimsError, match="tenant"):
        claims_as(Dc, missing)


def test_not_a_model_is_refused_when_the_route_is_built() -> None:
    with pytest.raises(ConfigurationError, match="pydantic model class or a dataclass"):
        Auth(POLICY).required(model=dict)


def fastapi_app() -> FastAPI:
    auth = Auth(POLICY)
    app = FastAPI()
    auth.install(app)

    @app.get("/pyd")
    async def pyd(claims: Annotated[Pyd, Depends(auth.required(model=Pyd))]) -> dict[str, str]:
        return {"tenant": claims.tenant, "tz": str(claims.exp.tzinfo)}

    @app.get("/dc")
    async def dc(claims: Annotated[Dc, Depends(auth.required(model=Dc))]) -> dict[str, str]:
        return {"tenant": claims.tenant}

    return app


def flask_app() -> Flask:
    app = Flask(__name__)
    PasetoManager(app, policy=POLICY)

    @app.get("/pyd")
    @paseto_required
    def pyd() -> ResponseReturnValue:
        claims = get_claims_as(Pyd)
        assert claims is not None
        return jsonify(tenant=claims.tenant, tz=str(claims.exp.tzinfo))

    @app.get("/dc")
    @paseto_required
    def dc() -> ResponseReturnValue:
        claims = get_claims_as(Dc)
        assert claims is not None
        return jsonify(tenant=claims.tenant)

    return app


@pytest.mark.parametrize("adapter", ["fastapi", "flask"])
def test_both_adapters_answer_typed_claims_and_misfits_alike(adapter: str) -> None:
    good = {"Authorization": "Bearer " + POLICY.create_access_token("u", claims={"tenant": "t"})}
    bad = {"Authorization": "Bearer " + POLICY.create_access_token("u", claims={"tenant": [1]})}
    c: Any = (
        TestClient(fastapi_app(), raise_server_exceptions=False)
        if adapter == "fastapi"
        else flask_app().test_client()
    )

    def body(r: Any) -> Any:
        return r.json() if adapter == "fastapi" else r.get_json()

    assert body(c.get("/pyd", headers=good)) == {"tenant": "t", "tz": "UTC"}
    assert body(c.get("/dc", headers=good)) == {"tenant": "t"}
    for path in ("/pyd", "/dc"):
        r = c.get(path, headers=bad)
        assert r.status_code == 401, path
        assert body(r)["code"] == "invalid_claims"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.500000+00:00"),
        ("2026-01-01T01:00:00+01:00", "2026-01-01T00:00:00+00:00"),
        (1767225600, "2026-01-01T00:00:00+00:00"),
    ],
)
def test_claim_time_reads_rfc3339_and_numbers_as_aware_utc(value: object, expected: str) -> None:
    assert claim_time({"exp": value}).isoformat() == expected


@pytest.mark.parametrize("value", ["2026-01-01", "2026-01-01T00:00:00", True, None, [1]])
def test_claim_time_refuses_what_is_not_a_time(value: object) -> None:
    with pytest.raises(ClaimError):
        claim_time({"exp": value})
    with pytest.raises(KeyError):
        claim_time({}, "nbf")

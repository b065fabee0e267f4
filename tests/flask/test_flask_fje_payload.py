"""pasetokit_flask._fje_payload: the payload as Flask-JWT-Extended code reads and writes it
(NumericDate times in get_jwt() and the loaders, int identities, aud/iss only as configured),
while pasetokit's own get_claims() keeps RFC 3339."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from hypothesis import given
from hypothesis import strategies as st

from pasetokit import ConfigurationError, LocalKey, TokenPolicy
from pasetokit_flask import get_claims
from pasetokit_flask._fje_payload import jwt_payload, policy_claims, subject_of
from pasetokit_flask.compat import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    jwt_required,
    verify_jwt_in_request,
)

KEY = LocalKey.generate().to_paserk()
INSTANTS = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2999, 12, 31),
    timezones=st.just(timezone.utc),
)


@given(INSTANTS)
def test_times_become_integer_seconds_of_the_same_instant(when: datetime) -> None:
    text = when.isoformat().replace("+00:00", "Z")
    payload = jwt_payload({"exp": text, "iat": text, "nbf": text, "sub": "u", "foo": text})
    for name in ("exp", "iat", "nbf"):
        assert type(payload[name]) is int
        assert payload[name] == int(when.timestamp())  # truncated: never later than exp
    assert payload["foo"] == text  # only the three registered times
    assert payload["sub"] == "u"


def test_the_verified_claims_are_not_changed() -> None:
    claims = {"exp": "2026-12-02T00:00:00Z", "sub": "u"}
    jwt_payload(claims)
    assert claims == {"exp": "2026-12-02T00:00:00Z", "sub": "u"}


@given(st.integers())
def test_an_int_identity_is_its_decimal_string(identity: int) -> None:
    assert subject_of(identity) == str(identity)


@pytest.mark.parametrize("identity", [True, 1.0, b"u", None, {"id": 1}, object()])
def test_other_identities_are_refused_with_the_fix(identity: object) -> None:
    with pytest.raises(ConfigurationError, match=r"str\(user.id\)"):
        subject_of(identity)


def test_audience_and_issuer_only_as_configured() -> None:
    plain = TokenPolicy(local_key=LocalKey.generate())
    set_up = TokenPolicy(local_key=LocalKey.generate(), audience="api", issuer="me")
    assert policy_claims(set_up, {"aud": "api", "iss": "me", "foo": 1}) == {"foo": 1}
    with pytest.raises(ConfigurationError, match="set PASETO_AUDIENCE = 'api'"):
        policy_claims(plain, {"aud": "api"})
    with pytest.raises(ConfigurationError, match="set PASETO_ISSUER = 'me'"):
        policy_claims(plain, {"iss": "me"})
    with pytest.raises(ConfigurationError, match="PASETO_AUDIENCE is 'api'"):
        policy_claims(set_up, {"aud": "other"})
    with pytest.raises(ConfigurationError, match="PASETO_AUDIENCE is 'api'"):
        policy_claims(set_up, {"aud": ["api", "other"]})  # one audience per policy


def _app(**config: Any) -> tuple[Flask, JWTManager]:
    app = Flask(__name__)
    app.config.update(PASETO_LOCAL_KEY=KEY, **config)
    return app, JWTManager(app)


def test_get_jwt_verify_and_the_loaders_see_numeric_dates_get_claims_rfc3339() -> None:
    app, jwt = _app()
    seen: list[dict[str, Any]] = []

    @jwt.token_in_blocklist_loader
    def blocklist(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
        seen.append(jwt_payload)
        return False

    @jwt.user_lookup_loader
    def lookup(jwt_header: dict[str, Any], jwt_data: dict[str, Any]) -> str:
        seen.append(jwt_data)
        return str(jwt_data["sub"])

    @app.get("/shapes")
    @jwt_required()
    def shapes() -> ResponseReturnValue:
        verified = verify_jwt_in_request()
        assert verified is not None
        claims = get_claims()
        assert claims is not None
        return jsonify(jwt=get_jwt(), verified=verified[1], claims=claims)

    with app.app_context():
        token = create_access_token(identity=7, expires_delta=timedelta(minutes=5))
    body = app.test_client().get("/shapes", headers={"Authorization": f"Bearer {token}"}).json
    assert body is not None
    for payload in (body["jwt"], body["verified"], *seen):
        assert type(payload["exp"]) is int
        assert type(payload["iat"]) is int
        assert payload["exp"] - payload["iat"] == 300
        assert payload["sub"] == "7"
    assert isinstance(body["claims"]["exp"], str)  # pasetokit's own API: RFC 3339
    assert body["claims"]["exp"].endswith("Z")


def test_refresh_tokens_follow_the_same_rules() -> None:
    app, _ = _app(PASETO_AUDIENCE="api")
    with app.app_context():
        token = create_refresh_token(7, additional_claims={"aud": "api", "scope_hint": "x"})
        claims = app.extensions["pasetokit"].gate.policy.verify(token, token_type="refresh")
        assert (claims["sub"], claims["aud"], claims["scope_hint"]) == ("7", "api", "x")
        with pytest.raises(ConfigurationError, match="PASETO_AUDIENCE is 'api'"):
            create_refresh_token("u", additional_claims={"aud": "elsewhere"})

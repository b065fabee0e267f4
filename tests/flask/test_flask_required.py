"""@paseto_required through Flask's test client: headers, status mapping, every token fault."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from pasetokit import ConfigurationError, SecretKey, TokenPolicy
from pasetokit_flask import PasetoManager, paseto_required

from flask_support import (
    KEY,
    Clock,
    FlakyStore,
    assert_error,
    bearer,
    body,
    make_app,
    make_policy,
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def policy(clock: Clock) -> TokenPolicy:
    return make_policy(clock)


@pytest.fixture
def app(policy: TokenPolicy) -> Flask:
    return make_app(policy)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def login(client: FlaskClient, **data: object) -> dict[str, str]:
    response = client.post("/login", json=data)
    assert response.status_code == 200
    return {k: str(v) for k, v in body(response).items()}


# --- happy paths ------------------------------------------------------------------------------


def test_bare_and_called_decorator_accept_a_valid_token(client: FlaskClient) -> None:
    tokens = login(client)
    for path in ("/protected", "/called"):
        response = client.get(path, headers=bearer(tokens["access_token"]))
        assert response.status_code == 200
        assert body(response)["sub"] == "alice"
        assert body(response)["where"] == "headers"


def test_helpers_expose_the_verified_claims(client: FlaskClient, policy: TokenPolicy) -> None:
    tokens = login(client)
    claims = policy.verify(tokens["access_token"])
    data = body(client.get("/protected", headers=bearer(tokens["access_token"])))
    assert data == {"sub": "alice", "jti": claims["jti"], "where": "headers"}


def test_decorator_keeps_the_view_name() -> None:
    @paseto_required
    def first() -> str:
        return "x"

    @paseto_required(fresh=True)
    def second() -> str:
        return "y"

    assert first.__name__ == "first"
    assert second.__name__ == "second"


def test_tokens_minted_with_fje_style_identity(client: FlaskClient, policy: TokenPolicy) -> None:
    data = body(client.get("/mint"))
    assert policy.verify(data["access"])["sub"] == "fje-style"
    assert policy.verify(data["refresh"], token_type="refresh")["sub"] == "someone"


# --- the Authorization header -----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_scheme_is_case_insensitive(client: FlaskClient, scheme: str) -> None:
    token = login(client)["access_token"]
    response = client.get("/protected", headers={"Authorization": f"{scheme} {token}"})
    assert response.status_code == 200


def test_several_spaces_after_the_scheme_are_allowed(client: FlaskClient) -> None:
    token = login(client)["access_token"]
    response = client.get("/protected", headers={"Authorization": f"Bearer   {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value", ["XBearerX {t}", "Bearerx {t}", "Token {t}", "Basic dXNlcjpwYXNz", "{t}", "Bear {t}"]
)
def test_another_scheme_is_no_token(client: FlaskClient, value: str) -> None:
    token = login(client)["access_token"]
    response = client.get("/protected", headers={"Authorization": value.format(t=token)})
    assert_error(response, 401, "missing_token")
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("value", ["Bearer", "Bearer ", "Bearer a b", "Bearer {t} extra"])
def test_bearer_without_exactly_one_token_is_malformed(client: FlaskClient, value: str) -> None:
    token = login(client)["access_token"]
    response = client.get("/protected", headers={"Authorization": value.format(t=token)})
    data = assert_error(response, 401, "malformed_token")
    assert "Authorization" in data["detail"]
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_custom_header_name_and_type(policy: TokenPolicy) -> None:
    app = make_app(policy, {"PASETO_HEADER_NAME": "X-Auth", "PASETO_HEADER_TYPE": "PASETO"})
    client = app.test_client()
    token = login(client)["access_token"]
    assert client.get("/protected", headers={"X-Auth": f"paseto {token}"}).status_code == 200
    response = client.get("/protected", headers=bearer(token))
    assert_error(response, 401, "missing_token", scheme="PASETO")
    assert response.headers["WWW-Authenticate"] == "PASETO"


def test_empty_header_type_takes_the_bare_token(policy: TokenPolicy) -> None:
    client = make_app(policy, {"PASETO_HEADER_TYPE": ""}).test_client()
    token = login(client)["access_token"]
    assert client.get("/protected", headers={"Authorization": token}).status_code == 200
    response = client.get("/protected", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "malformed_token")
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


# --- status mapping ---------------------------------------------------------------------------


def test_missing_token_is_401_without_error_code(client: FlaskClient) -> None:
    response = client.get("/protected")
    data = assert_error(response, 401, "missing_token")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization" in data["detail"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("v4.local.", "malformed_token"),
        ("v4.public.x", "malformed_token"),
        ("v3.local.x", "malformed_token"),
        ("v2.local.AAAA", "malformed_token"),
        ("not-a-token", "malformed_token"),
        ("v4.local." + "A" * 100, "invalid_token"),
    ],
)
def test_garbage_tokens_are_401_invalid_token(client: FlaskClient, token: str, code: str) -> None:
    response = client.get("/protected", headers=bearer(token))
    assert response.status_code == 401
    assert body(response)["code"] in {code, "malformed_token", "invalid_token"}
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_tampered_token_is_401(client: FlaskClient) -> None:
    token = login(client)["access_token"]
    i = len("v4.local.") + 40
    tampered = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    assert_error(client.get("/protected", headers=bearer(tampered)), 401, "invalid_token")


def test_token_from_another_key_is_401(client: FlaskClient, clock: Clock) -> None:
    other = TokenPolicy(local_key=type(KEY).generate(), clock=clock)
    response = client.get("/protected", headers=bearer(other.create_access_token("mallory")))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')


def test_public_token_is_verified_too(clock: Clock) -> None:
    policy = make_policy(clock, secret_key=SecretKey.generate(), access_purpose="public")
    client = make_app(policy).test_client()
    token = login(client)["access_token"]
    assert token.startswith("v4.public.")
    assert client.get("/protected", headers=bearer(token)).status_code == 200


def test_expired_token_is_401_with_fixed_clock(client: FlaskClient, clock: Clock) -> None:
    token = login(client)["access_token"]
    clock.advance(minutes=14, seconds=59)
    assert client.get("/protected", headers=bearer(token)).status_code == 200
    clock.advance(seconds=2)
    response = client.get("/protected", headers=bearer(token))
    assert_error(response, 401, "token_expired")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_not_yet_valid_token_is_401(client: FlaskClient, clock: Clock) -> None:
    token = login(client)["access_token"]
    clock.advance(minutes=-5)
    assert client.get("/protected", headers=bearer(token)).status_code == 401


def test_refresh_token_where_access_expected_is_401(client: FlaskClient) -> None:
    tokens = login(client)
    response = client.get("/protected", headers=bearer(tokens["refresh_token"]))
    assert_error(response, 401, "wrong_token_type")


def test_access_token_where_refresh_expected_is_401_never_422(client: FlaskClient) -> None:
    tokens = login(client)
    response = client.post("/refresh", headers=bearer(tokens["access_token"]))
    assert_error(response, 401, "wrong_token_type")


def test_fresh_route(client: FlaskClient, clock: Clock) -> None:
    tokens = login(client)
    assert client.post("/fresh", headers=bearer(tokens["access_token"])).status_code == 200
    refreshed = body(client.post("/refresh", headers=bearer(tokens["refresh_token"])))
    response = client.post("/fresh", headers=bearer(refreshed["access_token"]))
    assert_error(response, 401, "fresh_token_required")
    assert client.get("/protected", headers=bearer(refreshed["access_token"])).status_code == 200


def test_fresh_for_a_while(client: FlaskClient, clock: Clock, app: Flask) -> None:
    with app.test_request_context():
        from pasetokit_flask import create_access_token

        token = create_access_token("alice", fresh=timedelta(minutes=5))
    assert client.post("/fresh", headers=bearer(token)).status_code == 200
    clock.advance(minutes=6)
    assert_error(client.post("/fresh", headers=bearer(token)), 401, "fresh_token_required")


def test_scopes_403_with_insufficient_scope_challenge(client: FlaskClient) -> None:
    reader = login(client, scopes=["items:read"])["access_token"]
    writer = login(client, scopes="items:read items:write")["access_token"]
    nobody = login(client)["access_token"]
    assert client.get("/items", headers=bearer(reader)).status_code == 200
    response = client.post("/items", headers=bearer(reader))
    assert_error(response, 403, "insufficient_scope")
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer error="insufficient_scope"')
    assert 'scope="items:read items:write"' in challenge
    assert client.post("/items", headers=bearer(writer)).status_code == 200
    assert_error(client.get("/items", headers=bearer(nobody)), 403, "insufficient_scope")


def test_refresh_rotation_and_reuse_detection(client: FlaskClient) -> None:
    tokens = login(client)
    first = body(client.post("/refresh", headers=bearer(tokens["refresh_token"])))
    assert client.get("/protected", headers=bearer(first["access_token"])).status_code == 200
    # the old refresh token comes back: its whole family dies, the new tokens too
    reused = client.post("/refresh", headers=bearer(tokens["refresh_token"]))
    assert_error(reused, 401, "refresh_token_reused")
    assert_error(
        client.get("/protected", headers=bearer(first["access_token"])), 401, "token_revoked"
    )
    assert_error(
        client.post("/refresh", headers=bearer(first["refresh_token"])), 401, "token_revoked"
    )


def test_logout_revokes(client: FlaskClient) -> None:
    tokens = login(client)
    headers = bearer(tokens["access_token"])
    assert client.post("/logout", headers=headers).status_code == 200
    response = client.get("/protected", headers=headers)
    assert_error(response, 401, "token_revoked")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert_error(
        client.post("/refresh", headers=bearer(tokens["refresh_token"])), 401, "token_revoked"
    )


def test_store_down_is_503_fail_closed(clock: Clock) -> None:
    store = FlakyStore()
    client = make_app(make_policy(clock, revocation_store=store)).test_client()
    token = login(client)["access_token"]
    store.down = True
    response = client.get("/protected", headers=bearer(token))
    assert_error(response, 503, "revocation_store_unavailable")
    assert "WWW-Authenticate" not in response.headers
    assert "refused" not in body(response)["detail"]  # the store's own message stays out
    store.down = False
    assert client.get("/protected", headers=bearer(token)).status_code == 200


def test_store_down_with_fail_open(clock: Clock) -> None:
    store = FlakyStore()
    policy = make_policy(clock, revocation_store=store, fail_open=True)
    client = make_app(policy).test_client()
    token = login(client)["access_token"]
    store.down = True
    assert client.get("/protected", headers=bearer(token)).status_code == 200


# --- optional ---------------------------------------------------------------------------------


def test_optional_without_token_runs_with_none(client: FlaskClient) -> None:
    response = client.get("/optional")
    assert response.status_code == 200
    assert body(response) == {"sub": None, "claims": False, "jti": None}


def test_optional_with_valid_token(client: FlaskClient) -> None:
    token = login(client)["access_token"]
    data = body(client.get("/optional", headers=bearer(token)))
    assert data["sub"] == "alice"
    assert data["claims"] is True


def test_optional_still_refuses_bad_and_expired_tokens(client: FlaskClient, clock: Clock) -> None:
    assert_error(client.get("/optional", headers=bearer("v4.local.junk")), 401, "malformed_token")
    token = login(client)["access_token"]
    clock.advance(hours=1)
    assert_error(client.get("/optional", headers=bearer(token)), 401, "token_expired")


def test_optional_with_malformed_header_is_401(client: FlaskClient) -> None:
    response = client.get("/optional", headers={"Authorization": "Bearer"})
    assert_error(response, 401, "malformed_token")


# --- exceptions that are not pasetokit's ------------------------------------------------------


def test_view_bug_still_raises(app: Flask, client: FlaskClient) -> None:
    token = login(client)["access_token"]
    with pytest.raises(ZeroDivisionError):
        client.get("/bug", headers=bearer(token))
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/bug", headers=bearer(token)).status_code == 500


def test_a_token_error_raised_by_the_view_becomes_a_response(client: FlaskClient) -> None:
    tokens = login(client)
    # /refresh calls policy.refresh() itself: a reuse detected there is a 401, not a 500
    client.post("/refresh", headers=bearer(tokens["refresh_token"]))
    response = client.post("/refresh", headers=bearer(tokens["refresh_token"]))
    assert_error(response, 401, "refresh_token_reused")


# --- verify_paseto_in_request and the helpers outside a verified request ----------------------


def test_verify_paseto_in_request_uses_the_app_error_handler(client: FlaskClient) -> None:
    token = login(client)["access_token"]
    assert body(client.get("/imperative", headers=bearer(token))) == {"sub": "alice"}
    response = client.get("/imperative")
    assert_error(response, 401, "missing_token")
    assert_error(client.get("/imperative", headers=bearer("v4.local.x")), 401, "malformed_token")


def test_application_token_error_handler_is_kept(policy: TokenPolicy) -> None:
    app = Flask("own_handler")
    from pasetokit import TokenError

    @app.errorhandler(TokenError)
    def own(exc: TokenError) -> tuple[str, int]:
        return "mine", 418

    PasetoManager(app, policy=policy)

    @app.get("/")
    def index() -> str:
        from pasetokit_flask import verify_paseto_in_request

        verify_paseto_in_request()
        return "ok"

    assert app.test_client().get("/").status_code == 418


def test_helpers_outside_a_verified_request_raise(app: Flask) -> None:
    from pasetokit_flask import current_user, get_claims, get_jti, get_raw_token, get_subject

    with app.test_request_context("/"):
        for helper in (get_claims, get_subject, get_jti, get_raw_token):
            with pytest.raises(RuntimeError, match="paseto_required"):
                helper()
        with pytest.raises(RuntimeError):
            _ = current_user.name


def test_helpers_without_manager_raise() -> None:
    from pasetokit_flask import create_access_token

    app = Flask("bare")
    with app.test_request_context("/"), pytest.raises(RuntimeError, match="PasetoManager"):
        create_access_token("x")


def test_subject_given_twice_or_not_at_all(app: Flask) -> None:
    from pasetokit_flask import create_access_token

    with app.test_request_context("/"):
        with pytest.raises(TypeError):
            create_access_token("a", identity="b")
        with pytest.raises(TypeError):
            create_access_token()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"refresh": True, "fresh": True},
        {"refresh": True, "scopes": ["a"]},
        {"scopes": ["has space"]},
        {"scopes": ['quote"']},
        {"locations": ["headers", "nowhere"]},
        {"locations": ["headers", "headers"]},
        {"locations": []},
    ],
)
def test_decorator_arguments_are_validated_at_decoration(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        paseto_required(**kwargs)  # type: ignore[call-overload]


def test_a_misspelt_option_is_a_type_error_with_a_did_you_mean(app: Flask) -> None:
    from pasetokit_flask import averify_paseto_in_request, verify_paseto_in_request

    typo = r"paseto_required\(\) got an unexpected keyword argument 'fersh'; did you mean 'fresh'\?"
    with pytest.raises(TypeError, match=typo):
        paseto_required(fersh=True)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"argument 'zzz'$"):  # nothing close: no hint
        paseto_required(zzz=True)  # type: ignore[call-overload]
    with app.test_request_context("/"):
        with pytest.raises(TypeError, match=r"^verify_paseto_in_request\(\).*'scopes'\?$"):
            verify_paseto_in_request(scope="a")  # type: ignore[call-arg]
        with pytest.raises(TypeError, match=r"^averify_paseto_in_request\(\).*'optional'\?$"):
            asyncio.run(averify_paseto_in_request(optinal=True))  # type: ignore[call-arg]


def test_verify_paseto_in_request_options(app: Flask, client: FlaskClient) -> None:
    from pasetokit import MissingTokenError, WrongTokenTypeError
    from pasetokit_flask import PasetoHTTPException, get_claims, verify_paseto_in_request

    tokens = login(client)
    with app.test_request_context("/"):
        assert verify_paseto_in_request(optional=True) is None
        assert get_claims() is None
        with pytest.raises(PasetoHTTPException) as raised:
            verify_paseto_in_request()
        assert isinstance(raised.value.error, MissingTokenError)
        assert raised.value.code == 401
        assert raised.value.data == {"detail": str(raised.value.error), "code": "missing_token"}
    with app.test_request_context("/", headers=bearer(tokens["refresh_token"])):
        with pytest.raises(PasetoHTTPException) as raised:
            verify_paseto_in_request()
        assert isinstance(raised.value.error, WrongTokenTypeError)
        claims = verify_paseto_in_request(refresh=True)
        assert claims is not None
        assert claims["type"] == "refresh"
    with app.test_request_context("/", query_string={"token": tokens["access_token"]}):
        with pytest.raises(PasetoHTTPException, match="missing access token"):
            verify_paseto_in_request()  # the app reads headers only
        claims = verify_paseto_in_request(locations="query_string")
        assert claims is not None
        assert claims["sub"] == "alice"

"""The adapters' shared, framework-agnostic pieces."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_support import ALL, View

from pasetokit import (
    ConfigurationError,
    CSRFError,
    ExpiredTokenError,
    InsufficientScopeError,
    InvalidTokenError,
    MalformedTokenError,
    MissingTokenError,
)
from pasetokit.web import (
    ErrorMap,
    Requirement,
    WebOptions,
    WebSettings,
    find_token,
    missing_token,
    parse_locations,
)


def test_parse_locations() -> None:
    assert parse_locations("headers, cookies", "x") == ("headers", "cookies")
    assert parse_locations(["json"], "x") == ("json",)
    for bad in ("", "header", "headers headers", 7):
        with pytest.raises(ConfigurationError, match=r"^x"):
            parse_locations(bad, "x")


def test_missing_token_names_every_place() -> None:
    names = WebSettings(access_cookie_name="a", refresh_cookie_name="r")
    error = missing_token(names, ("headers", "cookies", "query_string", "json"), refresh=True)
    assert error.code == "missing_token"
    assert str(error) == (
        "missing refresh token: send it in the Authorization header ('Bearer <token>') or "
        "cookie 'r' or query parameter 'token' or JSON body key 'refresh_token'"
    )


# --- WebSettings: one validation, the adapter's names in every message ------------------------

FLASK_STYLE = {"PASETO_COOKIE_SECURE": "cookie_secure", "PASETO_COOKIE_SAMESITE": "cookie_samesite"}


def test_settings_defaults_are_safe_and_frozen() -> None:
    settings = WebSettings()
    assert settings.token_locations == ("headers",)
    assert (settings.cookie_secure, settings.cookie_samesite, settings.csrf_protect) == (
        True,
        "Lax",
        True,
    )
    assert settings.websocket_origins == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.cookie_secure = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        WebSettings("headers")  # type: ignore[call-arg, arg-type]  # keyword-only


def test_options_name_every_setting() -> None:
    assert set(WebOptions.__annotations__) == {f.name for f in dataclasses.fields(WebSettings)}


def test_settings_normalise() -> None:
    settings = WebSettings(
        token_locations="headers cookies",  # type: ignore[arg-type]
        cookie_samesite="strict",  # type: ignore[arg-type]
        csrf_methods=["post"],  # type: ignore[arg-type]
        websocket_origins=["https://App.Example/"],  # type: ignore[arg-type]
    )
    assert settings.token_locations == ("headers", "cookies")
    assert settings.cookie_samesite == "Strict"
    assert settings.csrf_methods == {"POST"}
    assert settings.websocket_origins == ("https://app.example",)
    assert settings.replace(cookie_samesite=None).cookie_samesite is None


def test_unknown_option_did_you_mean_in_the_adapters_spelling() -> None:
    with pytest.raises(ConfigurationError, match="did you mean 'PASETO_COOKIE_SECURE'"):
        WebSettings.from_options({"PASETO_COOKIE_SECUR": False}, names=FLASK_STYLE)
    with pytest.raises(ConfigurationError, match="did you mean 'cookie_secure'"):
        WebSettings.from_options({"cookie_secur": False})


def test_problems_are_reported_under_the_adapters_name() -> None:
    with pytest.raises(ConfigurationError, match=r"^PASETO_COOKIE_SECURE must be True or False"):
        WebSettings.from_options({"PASETO_COOKIE_SECURE": "yes"}, names=FLASK_STYLE)
    with pytest.raises(ConfigurationError, match="PASETO_COOKIE_SAMESITE='None' needs PASETO_"):
        WebSettings.from_options(
            {"PASETO_COOKIE_SAMESITE": "none", "PASETO_COOKIE_SECURE": False}, names=FLASK_STYLE
        )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"header_name": "Bad Header"}, "header_name"),
        ({"header_type": "Bearer x"}, "auth scheme"),
        ({"access_cookie_path": "api"}, "starts with '/'"),
        ({"cookie_domain": "a;b"}, "cookie_domain"),
        ({"csrf_methods": "POST"}, "list of HTTP methods"),
        ({"json_key": ""}, "json_key"),
        ({"websocket_origins": "https://a.example"}, "list of origins"),
        ({"websocket_origins": ["a.example"]}, "not an origin"),
        ({"status_codes": {"expired": 401}}, "unknown error code 'expired'"),
        ({"status_codes": {"token_expired": 200}}, "4xx/5xx"),
        ({"status_codes": {"token_expired": True}}, "4xx/5xx"),
        ({"cookie_samesite": "sometimes"}, "cookie_samesite"),
    ],
)
def test_bad_settings(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        WebSettings.from_options(options)


# --- Requirement: one strict validation -------------------------------------------------------


def test_requirement_is_strict() -> None:
    for flag in ("refresh", "fresh", "optional"):
        with pytest.raises(ConfigurationError, match=f"{flag} must be True or False"):
            Requirement.make(**{flag: "false"})  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="scope-tokens"):
        Requirement.make(scopes=['a"b'])
    with pytest.raises(ConfigurationError, match="not refresh=True"):
        Requirement.make(refresh=True, scopes="a")
    req = Requirement.make(scopes="a b a", locations="cookies, headers")
    assert (req.scopes, req.locations, req.token_type) == (
        ("a", "b"),
        ("cookies", "headers"),
        "access",
    )
    assert hash(req) == hash(Requirement.make(scopes=["a", "b"], locations=["cookies", "headers"]))


# --- the token search on a plain view ---------------------------------------------------------


def test_search_order_and_csrf_flag() -> None:
    view = View([("Cookie", "access_token_cookie=c"), ("Authorization", "Bearer h")], "token=q")
    assert find_token(ALL, view, ALL.token_locations, refresh=False) == ("h", "headers", False)
    post = View([("Cookie", "access_token_cookie=c")], method="POST")
    assert find_token(ALL, post, ("cookies",), refresh=False) == ("c", "cookies", True)
    body = View([("Content-Type", "application/json")], raw_body=b'{"refresh_token": "r"}')
    assert find_token(ALL, body, ("json",), refresh=True) == ("r", "json", False)


def test_websocket_cookie_needs_an_allowed_origin() -> None:
    cookie = ("Cookie", "access_token_cookie=c")
    host = ("Host", "app.example:8000")
    ok = View([cookie, host, ("Origin", "https://app.example:8000")], websocket=True)
    assert find_token(ALL, ok, ("cookies",), refresh=False) == ("c", "cookies", False)
    for origin in ("https://evil.example", "null", "https://app.example"):
        bad = View([cookie, host, ("Origin", origin)], websocket=True)
        with pytest.raises(CSRFError, match="cross-site WebSocket"):
            find_token(ALL, bad, ("cookies",), refresh=False)
    listed = ALL.replace(websocket_origins=("https://spa.example",))
    spa = View([cookie, host, ("Origin", "https://spa.example")], websocket=True)
    assert find_token(listed, spa, ("cookies",), refresh=False) is not None


TEXT = st.text(st.characters(max_codepoint=0xFF), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    headers=st.lists(st.tuples(st.sampled_from(["Authorization", "Cookie", "Content-Type"]), TEXT)),
    query=TEXT,
    body=st.binary(max_size=60),
    method=st.sampled_from(["GET", "POST"]),
    websocket=st.booleans(),
)
def test_search_on_garbage_only_finds_or_refuses(
    headers: list[tuple[str, str]], query: str, body: bytes, method: str, websocket: bool
) -> None:
    view = View(headers, query, body, method, websocket)
    try:
        found = find_token(ALL, view, ALL.token_locations, refresh=False)
    except (MalformedTokenError, CSRFError):
        return
    assert found is None or (isinstance(found.token, str) and found.token)


# --- the error map ----------------------------------------------------------------------------


def test_challenge_names_the_fault() -> None:
    errors = ErrorMap(WebSettings(status_codes={"insufficient_scope": 401, "token_expired": 419}))
    scope = errors.reply(InsufficientScopeError(missing=("admin",)), ("admin",))
    assert scope.status == 401
    assert scope.headers["WWW-Authenticate"].startswith('Bearer error="insufficient_scope"')
    expired = errors.reply(ExpiredTokenError())
    assert (expired.status, "WWW-Authenticate" in expired.headers) == (419, False)
    missing = errors.reply(MissingTokenError())
    assert (missing.status, missing.headers["WWW-Authenticate"]) == (401, "Bearer")
    odd = errors.reply(InvalidTokenError('bad "quote" \\ é'))
    assert 'error_description="bad ?quote? ? ?"' in odd.headers["WWW-Authenticate"]
    assert odd.body == {"detail": 'bad "quote" \\ é', "code": "invalid_token"}
    assert odd.headers["Cache-Control"] == "no-store"


def test_bare_token_mode_refuses_two_words() -> None:
    bare = WebSettings(header_type="")
    view = View([("Authorization", " v4.local.abc ")])
    assert find_token(bare, view, ("headers",), refresh=False) == ("v4.local.abc", "headers", False)
    for value in ("abc def", "Bearer abc", "a,b"):
        with pytest.raises(MalformedTokenError):
            find_token(bare, View([("Authorization", value)]), ("headers",), refresh=False)


# The header fast path (str and bytes methods) decides exactly what the general regex would.
HEADER_TEXT = st.text(st.sampled_from('Bb earR\t ,=-._~+/aZ09é\x00:;"'), max_size=30)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(HEADER_TEXT, st.builds("{} {}".format, HEADER_TEXT, HEADER_TEXT)))
def test_header_fast_path_agrees_with_the_general_rule(value: str) -> None:
    from pasetokit.web.search import _ONE_CREDENTIAL, _scheme_sp_token68

    fast = _scheme_sp_token68(value)
    match = _ONE_CREDENTIAL.fullmatch(value)
    if fast is not None:
        assert match is not None
        assert (match.group(1), match.group(2)) == fast
    elif match is not None:  # only the shapes the fast path leaves out: tabs or several spaces
        assert " " not in value or "\t" in value or "  " in value


def test_header_fast_path_takes_the_usual_shape() -> None:
    from pasetokit.web.search import _scheme_sp_token68

    token = "v4.local.AbC-_09" + "x" * 200 + "=="
    assert _scheme_sp_token68(f"Bearer {token}") == ("Bearer", token)
    for value in ("Bearer ==", "Bearer a b", "Bearer\ta", "Bearer a\x00", "Bearer é", "a,b c"):
        assert _scheme_sp_token68(value) is None

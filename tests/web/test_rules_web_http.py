"""``pasetokit.web`` HTTP rules no other test pins: a JSON body that repeats the token's key,
a WebSocket Origin written with a trailing slash, close reasons that are not ASCII, the
cookies a log-out clears, ``claim_time``'s RFC 3339 reading and strict base64 unwrapping."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from pasetokit import (
    ClaimError,
    ConfigurationError,
    CSRFError,
    InsufficientScopeError,
    MalformedTokenError,
    TokenError,
)
from pasetokit.web import (
    ErrorMap,
    Requirement,
    WebSettings,
    claim_time,
    cleared_cookies,
    expires_in_from,
    find_token,
    unwrap_base64,
    websocket_reason,
    wrap_base64,
)

ALL = WebSettings(token_locations=("headers", "cookies", "query_string", "json"))


@dataclasses.dataclass
class _View:
    headers: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    raw_body: bytes = b""
    query_string: str = ""
    method: str = "POST"
    websocket: bool = False

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def body(self) -> bytes:
        return self.raw_body


def _json(body: bytes) -> _View:
    return _View([("Content-Type", "application/json")], body)


# --- a JSON body naming the token twice is refused (parsers disagree on which one wins) ----------


@pytest.mark.parametrize(
    "body",
    [
        b'{"access_token": "a", "access_token": "b"}',
        b'{"access_token": "a", "x": 1, "access_token": "a"}',
    ],
)
def test_a_repeated_token_key_is_refused(body: bytes) -> None:
    with pytest.raises(MalformedTokenError) as info:
        find_token(ALL, _json(body), ("json",), refresh=False)
    assert type(info.value) is MalformedTokenError
    assert info.value.code == "malformed_token"


@pytest.mark.parametrize(
    "body",
    [
        b'{"x": 1, "x": 2, "access_token": "t"}',
        b'{"access_token": "t", "y": [1], "y": {"z": 1, "z": 2}}',
    ],
)
def test_other_repeated_keys_are_the_application_s_business(body: bytes) -> None:
    assert find_token(ALL, _json(body), ("json",), refresh=False) == ("t", "json", False)


# --- WebSocket Origins: compared without a trailing slash, "null" never allowed ----------------


def _handshake(origin: str, host: str | None = "app.example") -> _View:
    headers = [("Cookie", "access_token_cookie=c"), ("Origin", origin)]
    if host is not None:
        headers.append(("Host", host))
    return _View(headers, method="GET", websocket=True)


def test_a_listed_origin_with_a_trailing_slash() -> None:
    listed = ALL.replace(websocket_origins=("https://spa.example",))
    view = _handshake("https://SPA.example/", host="api.example")
    assert find_token(listed, view, ("cookies",), refresh=False) == ("c", "cookies", False)


def test_the_server_s_own_origin_ending_in_x() -> None:
    view = _handshake("https://mailbox/", host="mailbox")  # only "/" is stripped, not "x"
    assert find_token(ALL, view, ("cookies",), refresh=False) == ("c", "cookies", False)


@pytest.mark.parametrize("host", ["app.example", None, ""])
def test_the_null_origin_is_never_the_server_s_own(host: str | None) -> None:
    with pytest.raises(CSRFError) as info:
        find_token(ALL, _handshake("null", host), ("cookies",), refresh=False)
    assert type(info.value) is CSRFError
    assert info.value.code == "csrf_failed"


# --- close reasons: valid UTF-8 of at most 123 bytes, whatever the message ----------------------


@pytest.mark.parametrize("message", ["é" * 200, "\ud800 lone surrogate", "x" * 500, "ok"])
def test_websocket_reason_fits_a_close_frame(message: str) -> None:
    reason = websocket_reason(TokenError(message))
    data = reason.encode("utf-8")
    assert len(data) <= 123
    assert reason.startswith("token_error: ")
    if message == "ok":
        assert reason == "token_error: ok"


# --- log-out clears exactly the cookies that were set (name, path, HttpOnly) -------------------

PATHS = ALL.replace(
    csrf_protect=True,
    access_cookie_path="/api",
    refresh_cookie_path="/auth/refresh",
    access_csrf_cookie_path="/",
    refresh_csrf_cookie_path="/auth",
    cookie_domain="example.com",
)


@pytest.mark.parametrize("refresh", [False, True])
def test_cleared_cookies_match_the_set_ones(refresh: bool) -> None:
    token, csrf = cleared_cookies(PATHS, refresh=refresh, domain="app.example.com")
    assert token.name == PATHS.cookie_name(refresh)
    assert token.options["path"] == ("/auth/refresh" if refresh else "/api")
    assert token.options["httponly"] is True
    assert token.options["domain"] == "app.example.com"
    assert csrf.name == PATHS.csrf_cookie_name(refresh)
    assert csrf.options["path"] == ("/auth" if refresh else "/")
    assert "httponly" not in csrf.options  # the page's script reads the CSRF cookie
    assert csrf.options["domain"] == "app.example.com"


# --- claim_time reads what decode accepted ------------------------------------------------------

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "micro"),
    [
        ("2026-11-28T12:00:00Z", 0),
        ("2026-11-28T12:00:00z", 0),
        ("2026-11-28T13:00:00+01:00", 0),
        ("2026-11-28T12:00:00.5Z", 500000),
        ("2026-11-28T12:00:00.1234567z", 123456),
    ],
)
def test_claim_time_reads_rfc_3339(text: str, micro: int) -> None:
    read = claim_time({"exp": text})
    assert read == NOON.replace(microsecond=micro)
    assert read.tzinfo is timezone.utc  # UTC itself, not the machine's zone


@pytest.mark.parametrize("value", [True, None, [1], "2026-11-28", "2026-13-28T12:00:00Z"])
def test_claim_time_names_the_claim(value: object) -> None:
    with pytest.raises(ClaimError) as info:
        claim_time({"nbf": value}, "nbf")
    assert info.value.claim == "nbf"


# --- base64 unwrapping is strict -----------------------------------------------------------------


def test_unwrap_base64_is_strict() -> None:
    token = "v4.local.abc"
    assert unwrap_base64(wrap_base64(token)) == token
    for bad in (wrap_base64(token) + "!", "dj*0", wrap_base64(token)[:-1] + " "):
        with pytest.raises(MalformedTokenError) as info:
            unwrap_base64(bad)
        assert type(info.value) is MalformedTokenError


# --- RFC 6750 challenges: the description cut at 200 characters, scopes space-separated ---------


def test_challenge_description_and_scopes() -> None:
    errors = ErrorMap(WebSettings())
    long = errors.challenge(TokenError("d" * 300), 401)
    assert long == f'Bearer error="invalid_token", error_description="{"d" * 200}"'
    scoped = errors.challenge(InsufficientScopeError(missing=("a", "b")), 403)
    assert scoped == (
        'Bearer error="insufficient_scope", error_description="insufficient scope: a b", '
        'scope="a b"'
    )


# --- the seed's expires_time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, None),
        (True, None),
        (60, 60),
        (1.5, 1.5),
        (timedelta(minutes=1), timedelta(minutes=1)),
    ],
)
def test_expires_in_from(given: object, expected: object) -> None:
    assert expires_in_from(given) == expected


@pytest.mark.parametrize("given", [False, datetime(2030, 1, 1, tzinfo=timezone.utc), "60", [60]])
def test_expires_in_from_refuses(given: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        expires_in_from(given)
    assert type(info.value) is ConfigurationError


# --- Requirement.make: defaults, and the same answer cached or not -------------------------------


def test_requirement_make_defaults_and_strings() -> None:
    plain = Requirement.make()
    assert (plain.refresh, plain.fresh, plain.optional, plain.scopes) == (False, False, False, ())
    assert plain.locations is None
    made = Requirement.make(scopes="items:read admin", locations="headers, cookies")
    assert made.scopes == ("items:read", "admin")
    assert made.locations == ("headers", "cookies")
    assert Requirement.make(scopes="one").scopes == ("one",)
    with pytest.raises(ConfigurationError) as info:
        Requirement.make(scopes=5)  # type: ignore[arg-type]  # a scope that is no text
    assert type(info.value) is ConfigurationError
    assert Requirement.make(scopes=["a", "b"], locations=["json"]) == Requirement(
        scopes=("a", "b"), locations=("json",)
    )


def test_requirement_of_refuses_a_misspelt_option_as_python_does() -> None:
    assert Requirement.of({}, "f") is Requirement.make()
    assert Requirement.of({"scopes": "a b", "optional": True}, "f") == Requirement(
        scopes=("a", "b"), optional=True
    )
    with pytest.raises(TypeError) as info:
        Requirement.of({"refesh": True, "zzz": 1}, "route")  # type: ignore[typeddict-unknown-key]
    assert str(info.value) == (
        "route() got an unexpected keyword argument 'refesh'; did you mean 'refresh'?"
    )
    with pytest.raises(ConfigurationError):  # a known name with a bad value: as make()
        Requirement.of({"fresh": "yes"}, "route")  # type: ignore[typeddict-item]
    with pytest.raises(TypeError) as info:  # nothing close: no hint, not an IndexError
        Requirement.of({"zzz": 1}, "route")  # type: ignore[typeddict-unknown-key]
    assert str(info.value) == "route() got an unexpected keyword argument 'zzz'"
    with pytest.raises(TypeError) as info:  # the caller's other keywords are hints too
        Requirement.of({"vieww": 1}, "route", also=("view",))  # type: ignore[typeddict-unknown-key]
    assert str(info.value).endswith("'vieww'; did you mean 'view'?")

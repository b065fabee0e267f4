"""``pasetokit.web.errors`` rules: the default status per fault (401, 403 for scope and CSRF,
503 for a store outage), the ``status_codes`` override per code, the RFC 6750 challenge (only
the scheme when no token was sent, ``invalid_token`` on a 401, ``insufficient_scope`` with its
scopes whatever the status, none otherwise), the reply's headers and body, and the WebSocket
close reason cut to what a close frame carries."""

from __future__ import annotations

import pytest

from pasetokit import (
    CSRFError,
    ExpiredTokenError,
    InsufficientScopeError,
    MalformedTokenError,
    MissingTokenError,
    RevocationStoreUnavailableError,
    RevokedTokenError,
    TokenError,
)
from pasetokit.web import ErrorMap, ErrorReply, WebSettings, default_status, websocket_reason

PLAIN = ErrorMap(WebSettings())


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (RevocationStoreUnavailableError("down"), 503),
        (InsufficientScopeError(missing=("a",)), 403),
        (CSRFError("no"), 403),
        (MissingTokenError("none"), 401),
        (ExpiredTokenError("old"), 401),
        (RevokedTokenError("gone"), 401),
        (MalformedTokenError("bad"), 401),
        (TokenError("any"), 401),
    ],
)
def test_default_status(exc: TokenError, status: int) -> None:
    assert default_status(exc) == status
    assert PLAIN.status(exc) == status


def test_status_codes_override_by_code() -> None:
    errors = ErrorMap(WebSettings(status_codes={"token_expired": 419, "csrf_failed": 400}))
    assert errors.status(ExpiredTokenError("old")) == 419
    assert errors.status(CSRFError("no")) == 400
    assert errors.status(RevokedTokenError("gone")) == 401  # not overridden
    assert errors.status(RevocationStoreUnavailableError("down")) == 503


def test_missing_token_challenge_is_the_scheme_only() -> None:
    assert PLAIN.reply(MissingTokenError("none")) == ErrorReply(
        401,
        {"Cache-Control": "no-store", "WWW-Authenticate": "Bearer"},
        {"detail": "none", "code": "missing_token"},
    )
    paseto = ErrorMap(WebSettings(header_type="PASETO"))
    assert paseto.challenge(MissingTokenError("none"), 401) == "PASETO"
    bare = ErrorMap(WebSettings(header_type=""))  # a bare token still answers with Bearer
    assert bare.challenge(MissingTokenError("none"), 401) == "Bearer"


def test_invalid_token_challenge() -> None:
    assert PLAIN.reply(ExpiredTokenError("old")) == ErrorReply(
        401,
        {
            "Cache-Control": "no-store",
            "WWW-Authenticate": 'Bearer error="invalid_token", error_description="old"',
        },
        {"detail": "old", "code": "token_expired"},
    )


def test_no_challenge_unless_401_or_a_scope_fault() -> None:
    for exc in (CSRFError("no"), RevocationStoreUnavailableError("down")):
        reply = PLAIN.reply(exc)
        assert reply.headers == {"Cache-Control": "no-store"}
        assert reply.body == {"detail": exc.message, "code": exc.code}
    remapped = ErrorMap(WebSettings(status_codes={"token_expired": 419, "missing_token": 400}))
    assert remapped.challenge(ExpiredTokenError("old"), 419) is None
    assert remapped.reply(MissingTokenError("none")).headers == {"Cache-Control": "no-store"}
    assert PLAIN.challenge(ExpiredTokenError("old"), 403) is None
    assert PLAIN.challenge(ExpiredTokenError("old"), 402) is None
    assert PLAIN.challenge(CSRFError("no"), 401) == 'Bearer error="invalid_token", ' + (
        'error_description="no"'
    )


def test_scope_challenge_whatever_the_status() -> None:
    exc = InsufficientScopeError(missing=("b",))
    expected = 'Bearer error="insufficient_scope", error_description="insufficient scope: b"'
    assert PLAIN.challenge(exc, 403) == expected + ', scope="b"'
    assert PLAIN.challenge(exc, 401) == expected + ', scope="b"'
    assert PLAIN.challenge(exc, 403, ("a", "b")) == expected + ', scope="a b"'  # the route's
    reply = ErrorMap(WebSettings(status_codes={"insufficient_scope": 401})).reply(exc, ("a", "b"))
    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"] == expected + ', scope="a b"'


def test_scope_challenge_quotes_only_scope_characters() -> None:
    exc = InsufficientScopeError("no", missing=('a"b', "c d", "\\", "é"))
    assert PLAIN.challenge(exc, 403) == (
        'Bearer error="insufficient_scope", error_description="no", scope="ab cd"'
    )
    nothing = InsufficientScopeError("no", missing=('"', ""))
    assert PLAIN.challenge(nothing, 403) == (
        'Bearer error="insufficient_scope", error_description="no"'
    )
    assert PLAIN.challenge(InsufficientScopeError("no"), 403) == (
        'Bearer error="insufficient_scope", error_description="no"'
    )


def test_the_description_is_cut_and_cleaned() -> None:
    assert PLAIN.challenge(TokenError("d" * 200), 401) == (
        f'Bearer error="invalid_token", error_description="{"d" * 200}"'
    )
    assert PLAIN.challenge(TokenError("d" * 201), 401) == (
        f'Bearer error="invalid_token", error_description="{"d" * 200}"'
    )
    assert PLAIN.challenge(TokenError('a "b" \\ é\x7f ~'), 401) == (
        'Bearer error="invalid_token", error_description="a ?b? ? ?? ~"'
    )


@pytest.mark.parametrize(
    ("message", "size"),
    [
        ("x" * 500, 123),
        ("x" * 110, 123),  # 13 bytes of "token_error: " + 110
        ("x" * 109, 122),
        ("é" * 200, 123),
        ("x" + "é" * 60, 122),  # the cut falls inside an "é": that character is dropped
        ("ok", 15),
    ],
)
def test_websocket_reason_size(message: str, size: int) -> None:
    reason = websocket_reason(TokenError(message))
    assert reason.startswith("token_error: ")
    assert len(reason.encode("utf-8")) == size
    assert reason == f"token_error: {message}".encode()[:size].decode()


def test_websocket_reason_of_a_lone_surrogate() -> None:
    assert websocket_reason(TokenError("\ud800!")) == "token_error: ?!"

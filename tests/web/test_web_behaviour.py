# ruff: noqa: E501  (the table keeps one row per line)
"""One behaviour table, both adapters: every row is sent, byte for byte, to a FastAPI app and to
a Flask app built from the same policy and the same settings; both must give the row's status,
code and challenge, and neither may ever answer 422 or 500. A change that makes the adapters
differ (or either of them wrong) fails here.

Each row runs against the declarative route (``auth.required()`` / ``@paseto_required``) and,
where the row is about the access token, the imperative one (seed-style ``Depends(auth)`` +
``paseto_required()`` / ``verify_paseto_in_request()``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from web_support import Apps

AUTH = "Authorization"
JSON = ("Content-Type", "application/json")
CHALLENGE_MISSING = "Bearer"
INVALID = 'Bearer error="invalid_token"'
SCOPE = 'Bearer error="insufficient_scope"'


@dataclass(frozen=True)
class Row:
    name: str
    status: int
    code: str | None = None
    challenge: str | None = None  # the WWW-Authenticate value's start (None: no header)
    method: str = "GET"
    path: str = "/access"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None  # may name tokens: "{access}"
    store_down: bool = False
    imperative: bool = True  # also run against /imperative (access-token rows only)
    sub: str | None = "alice"  # the subject a 200 names
    extra: dict[str, str] = field(default_factory=dict)


def bearer(token: str, scheme: str = "Bearer") -> tuple[str, str]:
    return (AUTH, f"{scheme} {{{token}}}")


def cookie(value: str) -> tuple[str, str]:
    return ("Cookie", value)


def miss(name: str, **kw: Any) -> Row:
    """No token found: 401, the bare challenge (RFC 6750 3.1)."""
    return Row(name, 401, "missing_token", CHALLENGE_MISSING, **kw)


def bad(name: str, **kw: Any) -> Row:
    """A token was seen and refused as malformed (ambiguous credentials included)."""
    return Row(name, 401, "malformed_token", INVALID, **kw)


ROWS: list[Row] = [
    # --- the Authorization header ---------------------------------------------------------------
    Row("valid bearer", 200, headers=(bearer("access"),)),
    miss("no credentials"),
    miss("empty header", headers=((AUTH, ""),)),
    miss("only spaces", headers=((AUTH, "   "),)),
    bad("scheme only", headers=((AUTH, "Bearer"),)),
    bad("scheme and space", headers=((AUTH, "Bearer "),)),
    Row("lower-case scheme", 200, headers=(bearer("access", "bearer"),)),
    Row("upper-case scheme", 200, headers=(bearer("access", "BEARER"),)),
    Row("mixed-case scheme", 200, headers=(bearer("access", "bEaReR"),)),
    Row("leading tab (OWS)", 200, headers=((AUTH, "\tBearer {access}"),)),
    Row("leading space (OWS)", 200, headers=((AUTH, " Bearer {access}"),)),
    Row("trailing tab (OWS)", 200, headers=((AUTH, "Bearer {access}\t"),)),
    Row("trailing spaces (OWS)", 200, headers=((AUTH, "Bearer {access}   "),)),
    Row("two spaces after scheme", 200, headers=((AUTH, "Bearer  {access}"),)),
    Row("tab after scheme", 200, headers=((AUTH, "Bearer\t{access}"),)),
    bad("token then junk", headers=((AUTH, "Bearer {access} junk"),)),
    bad("tab inside token", headers=((AUTH, "Bearer v4.local.\tabc"),)),
    bad("quoted token", headers=((AUTH, 'Bearer "{access}"'),)),
    miss("Basic scheme", headers=((AUTH, "Basic YWxpY2U6cGFzcw=="),)),
    miss("Digest with params", headers=((AUTH, 'Digest a="b", c="d"'),)),
    miss("scheme prefix XBearerX", headers=((AUTH, "XBearerX {access}"),)),
    miss("scheme Bearerx", headers=((AUTH, "Bearerx {access}"),)),
    miss("bare token, no scheme", headers=((AUTH, "{access}"),)),
    miss("Token scheme", headers=((AUTH, "Token {access}"),)),
    bad("two headers: valid, garbage", headers=(bearer("access"), (AUTH, "garbage"))),
    bad("two headers: garbage, valid", headers=((AUTH, "garbage"), bearer("access"))),
    bad("two headers: both valid", headers=(bearer("access"), bearer("access"))),
    bad("two headers: Basic, Bearer", headers=((AUTH, "Basic eA=="), bearer("access"))),
    miss("two headers: Basic, Basic", headers=((AUTH, "Basic eA=="), (AUTH, "Basic eQ=="))),
    bad("comma-joined credentials", headers=((AUTH, "Bearer {access}, Bearer {admin}"),)),
    bad("trailing comma", headers=((AUTH, "Bearer {access},"),)),
    bad("non-ASCII bytes", headers=((AUTH, "Bearer v4.local.\xff\xfe\xe9"),)),
    miss("latin-1 in scheme", headers=((AUTH, "B\xe9arer {access}"),)),
    bad("64 KiB header", headers=((AUTH, "Bearer v4.local." + "A" * 65536),)),
    bad("garbage token", headers=((AUTH, "Bearer garbage"),)),
    bad("v4.local. only", headers=((AUTH, "Bearer v4.local."),)),
    bad("padding in token", headers=((AUTH, "Bearer {access}=="),)),
    bad("other version", headers=(bearer("v3"),)),
    # --- what the token says --------------------------------------------------------------------
    Row("expired", 401, "token_expired", INVALID, headers=(bearer("expired"),)),
    Row("not yet valid", 401, "token_not_yet_valid", INVALID, headers=(bearer("future"),)),
    Row("tampered", 401, "invalid_token", INVALID, headers=(bearer("tampered"),)),
    Row("another key", 401, "invalid_token", INVALID, headers=(bearer("other_key"),)),
    Row("stranger's public token", 401, "invalid_token", INVALID, headers=(bearer("public"),)),
    Row("refresh as access", 401, "wrong_token_type", INVALID, headers=(bearer("refresh"),)),
    Row("revoked", 401, "token_revoked", INVALID, headers=(bearer("revoked"),)),
    Row("store down", 503, "revocation_store_unavailable", None, headers=(bearer("access"),), store_down=True),
    miss("store down, no token", store_down=True),
    bad("store down, bad token", headers=((AUTH, "Bearer x"),), store_down=True),
    # --- fresh, scopes, refresh -----------------------------------------------------------------
    Row("fresh route, fresh token", 200, path="/fresh", headers=(bearer("fresh"),), imperative=False),
    Row("fresh route, stale token", 401, "fresh_token_required", INVALID, path="/fresh", headers=(bearer("access"),), imperative=False),
    miss("fresh route, no token", path="/fresh", imperative=False),
    Row("fresh route, refresh token", 401, "wrong_token_type", INVALID, path="/fresh", headers=(bearer("refresh"),), imperative=False),
    Row("fresh route, expired", 401, "token_expired", INVALID, path="/fresh", headers=(bearer("expired"),), imperative=False),
    Row("scoped, granted", 200, path="/scoped", headers=(bearer("admin"),), imperative=False),
    Row("scoped, missing scope", 403, "insufficient_scope", SCOPE, path="/scoped", headers=(bearer("access"),), imperative=False),
    Row("scoped, other scopes", 403, "insufficient_scope", SCOPE, path="/scoped", headers=(bearer("fresh"),), imperative=False),
    miss("scoped, no token", path="/scoped", imperative=False),
    Row("scoped, refresh token", 401, "wrong_token_type", INVALID, path="/scoped", headers=(bearer("refresh"),), imperative=False),
    Row("scoped, revoked", 401, "token_revoked", INVALID, path="/scoped", headers=(bearer("revoked"),), imperative=False),
    Row("scoped, store down", 503, "revocation_store_unavailable", None, path="/scoped", headers=(bearer("admin"),), store_down=True, imperative=False),
    Row("refresh route, refresh token", 200, method="POST", path="/refresh", headers=(bearer("refresh"),), imperative=False),
    Row("refresh route, access token", 401, "wrong_token_type", INVALID, method="POST", path="/refresh", headers=(bearer("access"),), imperative=False),
    Row("refresh route, nothing", 401, "missing_token", CHALLENGE_MISSING, method="POST", path="/refresh", imperative=False),
    bad("refresh route, garbage", method="POST", path="/refresh", headers=((AUTH, "Bearer x.y"),), imperative=False),
    Row("refresh route, store down", 503, "revocation_store_unavailable", None, method="POST", path="/refresh", headers=(bearer("refresh"),), store_down=True, imperative=False),
    Row("optional, nothing", 200, path="/optional", sub=None, imperative=False),
    Row("optional, valid", 200, path="/optional", headers=(bearer("access"),), imperative=False),
    Row("optional, expired", 401, "token_expired", INVALID, path="/optional", headers=(bearer("expired"),), imperative=False),
    bad("optional, garbage", path="/optional", headers=((AUTH, "Bearer x"),), imperative=False),
    Row("optional, Basic", 200, path="/optional", headers=((AUTH, "Basic eA=="),), sub=None, imperative=False),
    bad("optional, duplicate headers", path="/optional", headers=(bearer("access"), bearer("access")), imperative=False),
    # --- cookies and CSRF -----------------------------------------------------------------------
    Row("cookie GET", 200, headers=(cookie("access_token_cookie={access}"),)),
    Row("cookie among others", 200, headers=(cookie("a=1; access_token_cookie={access}; b=2"),)),
    Row("cookie with OWS", 200, headers=(cookie("  access_token_cookie = {access} ;b=2"),)),
    Row("cookie quoted", 200, headers=(cookie('access_token_cookie="{access}"'),)),
    miss("cookie empty", headers=(cookie("access_token_cookie="),)),
    bad("cookie repeated", headers=(cookie("access_token_cookie={access}; access_token_cookie=x"),)),
    bad("cookie repeated, same value", headers=(cookie("access_token_cookie={access}; access_token_cookie={access}"),)),
    miss("cookie other name", headers=(cookie("access_token={access}"),)),
    bad("cookie garbage", headers=(cookie("access_token_cookie=garbage"),)),
    Row("cookie expired", 401, "token_expired", INVALID, headers=(cookie("access_token_cookie={expired}"),)),
    Row("cookie revoked", 401, "token_revoked", INVALID, headers=(cookie("access_token_cookie={revoked}"),)),
    Row("cookie POST, no CSRF header", 403, "csrf_failed", None, method="POST", headers=(cookie("access_token_cookie={access}"),)),
    Row("cookie POST, wrong CSRF", 403, "csrf_failed", None, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "wrong"))),
    Row("cookie POST, right CSRF", 200, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "{access_csrf}"))),
    Row("cookie POST, CSRF with OWS", 200, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", " \t{access_csrf}\t "))),
    Row("cookie POST, CSRF lower-case name", 200, method="POST", headers=(cookie("access_token_cookie={access}"), ("x-csrf-token", "{access_csrf}"))),
    Row("cookie POST, empty CSRF", 403, "csrf_failed", None, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", ""))),
    Row("cookie POST, CSRF of another token", 403, "csrf_failed", None, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "{csrf}"))),
    Row("cookie POST, two CSRF headers", 403, "csrf_failed", None, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "{access_csrf}"), ("X-CSRF-Token", "{access_csrf}"))),
    Row("cookie PUT, no CSRF", 403, "csrf_failed", None, method="PUT", headers=(cookie("access_token_cookie={access}"),)),
    Row("cookie DELETE, right CSRF", 200, method="DELETE", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "{access_csrf}"))),
    Row("cookie POST, expired (no CSRF)", 401, "token_expired", INVALID, method="POST", headers=(cookie("access_token_cookie={expired}"),)),
    Row("cookie POST, store down", 503, "revocation_store_unavailable", None, method="POST", headers=(cookie("access_token_cookie={access}"), ("X-CSRF-Token", "{access_csrf}")), store_down=True),
    Row("header POST needs no CSRF", 200, method="POST", headers=(bearer("access"),)),
    Row("refresh cookie, refresh route", 403, "csrf_failed", None, method="POST", path="/refresh", headers=(cookie("refresh_token_cookie={refresh}"),), imperative=False),
    Row("refresh cookie, right CSRF", 200, method="POST", path="/refresh", headers=(cookie("refresh_token_cookie={refresh}"), ("X-CSRF-Token", "{csrf}")), imperative=False),
    Row("access cookie on refresh route", 401, "missing_token", CHALLENGE_MISSING, method="POST", path="/refresh", headers=(cookie("access_token_cookie={access}"),), imperative=False),
    # --- header and cookie at once: the header (first location) wins ----------------------------
    Row("header valid + cookie garbage", 200, headers=(bearer("access"), cookie("access_token_cookie=garbage"))),
    bad("header garbage + cookie valid", headers=((AUTH, "Bearer garbage"), cookie("access_token_cookie={access}"))),
    Row("header expired + cookie valid", 401, "token_expired", INVALID, headers=(bearer("expired"), cookie("access_token_cookie={access}"))),
    Row("Basic header + cookie valid", 200, headers=((AUTH, "Basic eA=="), cookie("access_token_cookie={access}"))),
    Row("header POST + cookie: no CSRF needed", 200, method="POST", headers=(bearer("access"), cookie("access_token_cookie={access}"))),
    bad("duplicate header + cookie valid", headers=(bearer("access"), bearer("access"), cookie("access_token_cookie={access}"))),
    # --- query string ---------------------------------------------------------------------------
    Row("query token", 200, path="/access?token={access}"),
    Row("query token, other params", 200, path="/access?a=1&token={access}&b=2"),
    miss("query token empty", path="/access?token="),
    bad("query token repeated", path="/access?token={access}&token=x"),
    bad("query token repeated, empty first", path="/access?token=&token={access}"),
    Row("query token percent-encoded", 200, path="/access?token={access_pct}"),
    miss("query other name", path="/access?access_token={access}"),
    bad("query garbage", path="/access?token=garbage"),
    Row("query expired", 401, "token_expired", INVALID, path="/access?token={expired}"),
    bad("query non-UTF-8", path="/access?token=%ff%fe"),
    Row("query + header: header wins", 200, path="/access?token=garbage", headers=(bearer("access"),)),
    # --- JSON body ------------------------------------------------------------------------------
    Row("json token", 200, method="POST", headers=(JSON,), body='{{"access_token": "{access}"}}'),
    Row("json +json media type", 200, method="POST", headers=(("Content-Type", "application/vnd.api+json"),), body='{{"access_token": "{access}"}}'),
    Row("json charset param", 200, method="POST", headers=(("Content-Type", "application/json; charset=utf-8"),), body='{{"access_token": "{access}"}}'),
    miss("json not declared", method="POST", headers=(("Content-Type", "text/plain"),), body='{{"access_token": "{access}"}}'),
    miss("json malformed", method="POST", headers=(JSON,), body='{{"access_token": '),
    miss("json array", method="POST", headers=(JSON,), body='["{access}"]'),
    miss("json string", method="POST", headers=(JSON,), body='"{access}"'),
    bad("json number token", method="POST", headers=(JSON,), body='{{"access_token": 42}}'),
    bad("json list token", method="POST", headers=(JSON,), body='{{"access_token": ["{access}"]}}'),
    bad("json object token", method="POST", headers=(JSON,), body='{{"access_token": {{}}}}'),
    bad("json true token", method="POST", headers=(JSON,), body='{{"access_token": true}}'),
    miss("json null token", method="POST", headers=(JSON,), body='{{"access_token": null}}'),
    miss("json empty token", method="POST", headers=(JSON,), body='{{"access_token": ""}}'),
    bad("json key repeated", method="POST", headers=(JSON,), body='{{"access_token": "{access}", "access_token": "x"}}'),
    bad("json huge token", method="POST", headers=(JSON,), body='{{"access_token": "v4.local.' + "A" * 200_000 + '"}}'),
    miss("json deeply nested", method="POST", headers=(JSON,), body="[" * 100_000 + "]" * 100_000),
    miss("json not UTF-8", method="POST", headers=(JSON,), body="\udcff"),
    Row("json expired", 401, "token_expired", INVALID, method="POST", headers=(JSON,), body='{{"access_token": "{expired}"}}'),
    Row("json refresh as access", 401, "wrong_token_type", INVALID, method="POST", headers=(JSON,), body='{{"access_token": "{refresh}"}}'),
    Row("json + header: header wins", 200, method="POST", headers=(bearer("access"), JSON), body='{{"access_token": "garbage"}}'),
    Row("json refresh key", 200, method="POST", path="/refresh", headers=(JSON,), body='{{"refresh_token": "{refresh}"}}', imperative=False),
    Row("json access key on refresh route", 401, "missing_token", CHALLENGE_MISSING, method="POST", path="/refresh", headers=(JSON,), body='{{"access_token": "{refresh}"}}', imperative=False),
]  # fmt: skip


def _cases() -> Iterator[Any]:
    for row in ROWS:
        yield pytest.param(row, row.path, id=row.name)
        if row.imperative and row.method in ("GET", "POST"):
            yield pytest.param(
                row, row.path.replace("/access", "/imperative"), id=f"{row.name} [imperative]"
            )


CASES = list(_cases())


@pytest.fixture(scope="module")
def apps() -> Apps:
    return Apps.build()


def fill(text: str, apps: Apps) -> str:
    tokens = dict(apps.tokens)
    tokens["access_pct"] = "".join(f"%{b:02X}" for b in tokens["access"].encode())
    return text.format(**tokens)


def test_the_table_is_big_enough() -> None:
    assert len(ROWS) >= 120
    assert len({row.name for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize(("row", "path"), CASES)
def test_both_adapters_answer_alike(apps: Apps, row: Row, path: str) -> None:
    headers = [(name, fill(value, apps)) for name, value in row.headers]
    body = None
    if row.body is not None:
        text = fill(row.body, apps) if "{" in row.body else row.body
        body = text.encode("utf-8", "surrogateescape")
    apps.store.down = row.store_down
    try:
        answers = {
            which: apps.send(which, row.method, fill(path, apps), headers, body)
            for which in ("fastapi", "flask")
        }
    finally:
        apps.store.down = False
    fastapi, flask = answers["fastapi"], answers["flask"]
    for which, answer in answers.items():
        assert answer.status not in (422, 500), (which, answer)
    assert (fastapi.status, fastapi.code, fastapi.challenge) == (
        flask.status,
        flask.code,
        flask.challenge,
    )
    assert (fastapi.status, fastapi.code) == (row.status, row.code), fastapi
    if row.challenge is None:
        assert fastapi.challenge is None
    else:
        assert fastapi.challenge is not None
        assert fastapi.challenge.startswith(row.challenge), fastapi.challenge
    if row.status == 200:
        assert fastapi.body == flask.body == {"sub": row.sub}
    else:
        assert set(fastapi.body) == set(flask.body) == {"detail", "code"}
        assert fastapi.body["detail"] == flask.body["detail"]
        json.dumps(fastapi.body)

"""The Flask-JWT-Extended 4.4.4 examples (tests/migration/upstream/flask-jwt-extended/,
verbatim from Debian's python3-python-flask-jwt-extended 4.4.4-2), ported by the edit tables
below (imports and configuration only) and driven over a real WSGI server (werkzeug's, the
one ``app.run()`` starts) on loopback with httpx. The unedited configuration is refused at
start-up with a message that names each replacement; a password renamed to PASETO_LOCAL_KEY
is refused as not a key.

What the examples' ``if __name__ == "__main__":`` blocks do (``db.create_all()``, the demo
users, ``app.run()``) the tests do themselves: the port is loaded as a module, as an import of
the app (``flask run``, gunicorn) would load it.
"""

import types
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import redis
from flask import Flask

from pasetokit import ConfigurationError, InvalidKeyError, LocalKey, TokenPolicy

from migration_support import UPSTREAM, Edit, bearer, load, port, serve_wsgi, upstream

pytest_plugins = ["redis_support"]

PROJECT = "flask-jwt-extended"
KEY = LocalKey.generate()
LOCAL = KEY.to_paserk()


def imports(count: int) -> Edit:
    """Each ``from flask_jwt_extended import X`` line (upstream imports one name a line)."""
    return Edit(
        "import", "from flask_jwt_extended import ", "from pasetokit_flask.compat import ", count
    )


SECRET = Edit(
    "config",
    'app.config["JWT_SECRET_KEY"] = "super-secret"',
    f'app.config["PASETO_LOCAL_KEY"] = "{LOCAL}"',
)


def rename(old: str, new: str) -> Edit:
    """A setting whose PASETO_* name does the same job (start-up names it for a JWT_* key)."""
    return Edit("config", f'app.config["{old}"]', f'app.config["{new}"]')


ACCESS_TTL = rename("JWT_ACCESS_TOKEN_EXPIRES", "PASETO_ACCESS_TTL")
REFRESH_TTL = rename("JWT_REFRESH_TOKEN_EXPIRES", "PASETO_REFRESH_TTL")
COOKIE_SECURE = rename("JWT_COOKIE_SECURE", "PASETO_COOKIE_SECURE")
LOCATIONS = rename("JWT_TOKEN_LOCATION", "PASETO_TOKEN_LOCATION")

# example -> (number of `from flask_jwt_extended import` lines, configuration edits).
CONFIG: dict[str, tuple[int, list[Edit]]] = {
    "simple": (4, [SECRET]),
    "refresh_tokens": (5, [SECRET, ACCESS_TTL, REFRESH_TTL]),
    "token_freshness": (5, [SECRET, ACCESS_TTL, REFRESH_TTL]),
    "optional_protected_endpoints": (4, [SECRET]),
    # upstream adds an `aud` claim that nothing checks; the policy writes and checks the
    # audience it is configured with, so the port configures it (the code stays as it is).
    "additional_data_in_access_token": (
        4,
        [
            Edit(
                "config",
                'app.config["JWT_SECRET_KEY"] = "super-secret"',
                f'app.config["PASETO_LOCAL_KEY"] = "{LOCAL}"\n'
                'app.config["PASETO_AUDIENCE"] = "some_audience"',
            )
        ],
    ),
    "custom_decorators": (4, [SECRET]),
    "automatic_user_loading": (4, [SECRET]),
    "blocklist_database": (4, [SECRET, ACCESS_TTL]),
    "blocklist_redis": (4, [SECRET, ACCESS_TTL]),  # + the test Redis: see test_blocklist_redis
    # upstream's clients send ?jwt=<token> (its default JWT_QUERY_STRING_NAME); pasetokit's
    # default name is `token`, so the port names upstream's to keep those clients working.
    "jwt_locations": (
        5,
        [
            SECRET,
            COOKIE_SECURE,
            Edit(
                "config",
                'app.config["JWT_TOKEN_LOCATION"] = ["headers", "cookies", "json", "query_string"]',
                'app.config["PASETO_TOKEN_LOCATION"] = ["headers", "cookies", "json", '
                '"query_string"]\napp.config["PASETO_QUERY_STRING_NAME"] = "jwt"',
            ),
        ],
    ),
    "implicit_refresh": (7, [SECRET, COOKIE_SECURE, LOCATIONS, ACCESS_TTL]),
    "loaders": (3, [SECRET]),
}


def ported(name: str, extra: Sequence[Edit] = ()) -> types.ModuleType:
    count, edits = CONFIG[name]
    code = port(upstream(PROJECT, name), [imports(count), *edits, *extra])
    assert "flask_jwt_extended" not in code  # the port never falls back to the real library
    return load(code, f"port_fje_{name}")


def refused(r: httpx.Response, status: int = 401) -> None:
    assert r.status_code == status, r.text
    assert set(r.json()) == {"detail", "code"}
    if status == 401:
        assert r.headers["WWW-Authenticate"].startswith("Bearer")


def login(http: httpx.Client, url: str, username: str = "test") -> dict[str, str]:
    r = http.post(f"{url}/login", json={"username": username, "password": "nope"})
    assert r.status_code == 401
    assert r.json() == {"msg": "Bad username or password"}  # the app's own answer
    r = http.post(f"{url}/login", json={"username": username, "password": username})
    assert r.status_code == 200, r.text
    tokens: dict[str, str] = r.json()
    return tokens


def minted_earlier(app: Flask, ago: timedelta, **options: object) -> str:
    """An access token for ``example_user`` minted ``ago`` in the past with the app's key (a
    token a client kept): a policy on a clock set back, instead of sleeping."""
    then = datetime.now(timezone.utc) - ago
    policy = TokenPolicy(
        local_key=KEY, access_ttl=app.config.get("PASETO_ACCESS_TTL", 900), clock=lambda: then
    )
    return policy.create_access_token("example_user", **options)  # type: ignore[arg-type]


# --- the inventory and the start-up refusals ----------------------------------------------------


def test_every_upstream_example_has_a_port() -> None:
    names = {p.name.removesuffix(".py.txt") for p in (UPSTREAM / PROJECT).glob("*.py.txt")}
    assert names == set(CONFIG)
    assert len(names) == 12
    assert (UPSTREAM / PROJECT / "copyright").read_text().count("Lily Acadia Gilbert") == 1


@pytest.mark.parametrize("name", sorted(CONFIG))
def test_unedited_settings_are_refused_at_start_up(name: str) -> None:
    code = port(upstream(PROJECT, name), [imports(CONFIG[name][0])])
    with pytest.raises(ConfigurationError, match=r"JWT_SECRET_KEY -> PASETO_LOCAL_KEY.*keygen"):
        load(code, f"unedited_{name}")


@pytest.mark.parametrize("name", ["simple", "loaders", "custom_decorators"])
def test_a_renamed_password_is_refused_as_not_a_key(name: str) -> None:
    count, _ = CONFIG[name]
    renamed = rename("JWT_SECRET_KEY", "PASETO_LOCAL_KEY")
    code = port(upstream(PROJECT, name), [imports(count), renamed])
    with pytest.raises(InvalidKeyError, match=r"PASETO_LOCAL_KEY is not a PASERK.*keygen local"):
        load(code, f"password_{name}")


@pytest.mark.parametrize("setting", ["ACCESS", "REFRESH"])
def test_tokens_that_never_expire_are_refused_at_start_up(setting: str) -> None:
    """Not in the examples, but upstream's documented ``JWT_*_TOKEN_EXPIRES = False``, as a
    user of ``refresh_tokens`` would write it after renaming the setting."""
    value = "timedelta(hours=1)" if setting == "ACCESS" else "timedelta(days=30)"
    never = Edit("config", f'_TTL"] = {value}', '_TTL"] = False')
    count, edits = CONFIG["refresh_tokens"]
    code = port(upstream(PROJECT, "refresh_tokens"), [imports(count), *edits, never])
    with pytest.raises(ConfigurationError, match=rf"PASETO_{setting}_TTL = False \(a token"):
        load(code, f"never_expires_{setting}")


# --- the examples' round trips ------------------------------------------------------------------


def test_simple(http: httpx.Client) -> None:
    module = ported("simple")
    with serve_wsgi(module.app) as url:
        access = login(http, url)["access_token"]
        assert access.startswith("v4.local.")
        r = http.get(f"{url}/protected", headers=bearer(access))
        assert r.status_code == 200
        assert r.json() == {"logged_in_as": "test"}
        refused(http.get(f"{url}/protected"))
        refused(http.get(f"{url}/protected", headers=bearer(access[:-2] + "AA")))


def test_refresh_tokens(http: httpx.Client) -> None:
    module = ported("refresh_tokens")
    with serve_wsgi(module.app) as url:
        tokens = http.post(f"{url}/login").json()
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        assert http.get(f"{url}/protected", headers=bearer(access)).json() == {"foo": "bar"}
        r = http.post(f"{url}/refresh", headers=bearer(refresh))
        assert r.status_code == 200, r.text
        new = r.json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(new)).json() == {"foo": "bar"}
        # wrong type both ways: 401 (upstream: 422)
        refused(http.post(f"{url}/refresh", headers=bearer(access)))
        refused(http.get(f"{url}/protected", headers=bearer(refresh)))


def test_token_freshness(http: httpx.Client) -> None:
    module = ported("token_freshness")
    with serve_wsgi(module.app) as url:
        tokens = login(http, url)
        fresh, refresh = tokens["access_token"], tokens["refresh_token"]
        assert http.get(f"{url}/protected", headers=bearer(fresh)).json() == {"foo": "bar"}
        stale = http.post(f"{url}/refresh", headers=bearer(refresh)).json()["access_token"]
        r = http.get(f"{url}/protected", headers=bearer(stale))
        refused(r)
        assert r.json()["code"] == "fresh_token_required"


def test_optional_protected_endpoints(http: httpx.Client) -> None:
    module = ported("optional_protected_endpoints")
    with serve_wsgi(module.app) as url:
        access = login(http, url)["access_token"]
        r = http.get(f"{url}/optionally_protected")
        assert r.json() == {"logged_in_as": "anonymous user"}
        r = http.get(f"{url}/optionally_protected", headers=bearer(access))
        assert r.json() == {"logged_in_as": "test"}
        # stricter than upstream (documented): a bad token is refused, not anonymous
        refused(http.get(f"{url}/optionally_protected", headers=bearer(access + "x")))


def test_additional_data_in_access_token(http: httpx.Client) -> None:
    module = ported("additional_data_in_access_token")
    with serve_wsgi(module.app) as url:
        access = login(http, url)["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(access)).json() == {"foo": "bar"}
        with module.app.app_context():
            claims = module.jwt.policy.verify(access)
        assert claims["aud"] == "some_audience"
        assert claims["foo"] == "bar"
        other = TokenPolicy(local_key=KEY, audience="another_audience")
        foreign = other.create_access_token("test")  # same key, another audience: refused
        refused(http.get(f"{url}/protected", headers=bearer(foreign)))


def test_an_audience_claim_nothing_checks_is_refused_with_the_setting_to_use() -> None:
    count, _ = CONFIG["additional_data_in_access_token"]
    code = port(upstream(PROJECT, "additional_data_in_access_token"), [imports(count), SECRET])
    module = load(code, "unconfigured_audience")
    with serve_wsgi(module.app) as url, httpx.Client(timeout=10) as http:
        # a programming error, not a client's: Flask logs it and answers 500 (no token minted)
        r = http.post(f"{url}/login", json={"username": "test", "password": "test"})
        assert r.status_code == 500
    with module.app.app_context():
        with pytest.raises(ConfigurationError, match=r"set PASETO_AUDIENCE = 'some_audience'"):
            module.create_access_token("test", additional_claims={"aud": "some_audience"})
        with pytest.raises(ConfigurationError, match=r"set PASETO_ISSUER = 'me'"):
            module.create_access_token("test", additional_claims={"iss": "me"})


def test_custom_decorators(http: httpx.Client) -> None:
    module = ported("custom_decorators")
    with serve_wsgi(module.app) as url:
        admin = http.post(f"{url}/login").json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(admin)).json() == {"foo": "bar"}
        refused(http.get(f"{url}/protected"))  # verify_jwt_in_request: no token, 401
        with module.app.app_context():
            user = module.create_access_token(
                "someone", additional_claims={"is_administrator": False}
            )
        r = http.get(f"{url}/protected", headers=bearer(user))
        assert r.status_code == 403
        assert r.json() == {"msg": "Admins only!"}  # the decorator's own answer


def test_automatic_user_loading(http: httpx.Client) -> None:
    module = ported("automatic_user_loading")
    with module.app.app_context():  # what the example's __main__ block does before app.run()
        module.db.create_all()
        module.db.session.add(module.User(full_name="Bruce Wayne", username="batman"))
        module.db.session.add(module.User(full_name="Ann Takamaki", username="panther"))
        module.db.session.commit()
    with serve_wsgi(module.app) as url:
        r = http.post(f"{url}/login", json={"username": "batman", "password": "nope"})
        assert r.status_code == 401
        r = http.post(f"{url}/login", json={"username": "panther", "password": "password"})
        access = r.json()["access_token"]
        r = http.get(f"{url}/who_am_i", headers=bearer(access))
        assert r.json() == {"id": 2, "full_name": "Ann Takamaki", "username": "panther"}
        with module.app.app_context():
            assert module.jwt.policy.verify(access)["sub"] == "2"  # user.id, as a string
            module.db.session.delete(module.db.session.get(module.User, 2))
            module.db.session.commit()
        r = http.get(f"{url}/who_am_i", headers=bearer(access))  # deleted: lookup None, 401
        refused(r)
        assert r.json()["code"] == "user_not_found"
    with module.app.app_context():
        module.db.drop_all()
        module.db.engine.dispose()


def _blocklist_round_trip(http: httpx.Client, url: str) -> str:
    """Log in twice, revoke the first token: it is refused, the second is not. Returns the
    revoked token."""
    first: str = http.post(f"{url}/login").json()["access_token"]
    second = http.post(f"{url}/login").json()["access_token"]
    assert http.get(f"{url}/protected", headers=bearer(first)).json() == {"hello": "world"}
    r = http.delete(f"{url}/logout", headers=bearer(first))
    assert r.status_code == 200, r.text
    r = http.get(f"{url}/protected", headers=bearer(first))
    refused(r)
    assert r.json()["code"] == "token_revoked"
    refused(http.delete(f"{url}/logout", headers=bearer(first)))
    assert http.get(f"{url}/protected", headers=bearer(second)).json() == {"hello": "world"}
    return first


def test_blocklist_database(http: httpx.Client) -> None:
    module = ported("blocklist_database")
    with module.app.app_context():
        module.db.create_all()
    with serve_wsgi(module.app) as url:
        _blocklist_round_trip(http, url)
        with module.app.app_context():
            assert module.db.session.query(module.TokenBlocklist).count() == 1
            module.db.drop_all()  # the table is gone: the loader raises, fail closed
        access = http.post(f"{url}/login").json()["access_token"]
        refused(http.get(f"{url}/protected", headers=bearer(access)), 503)
    with module.app.app_context():
        module.db.engine.dispose()


def test_blocklist_redis(http: httpx.Client, redis_url: str) -> None:
    parsed = httpx.URL(redis_url)
    host, number = parsed.host, parsed.port or 6379
    db = parsed.path.strip("/") or "0"
    password = parsed.password or None  # the suite's private server has one
    server = Edit(
        "config",
        'host="localhost", port=6379, db=0, decode_responses=True',
        f'host="{host}", port={number}, db={db}, password={password!r}, decode_responses=True',
    )
    module = ported("blocklist_redis", [server])
    conn: redis.Redis = module.jwt_redis_blocklist
    with serve_wsgi(module.app) as url:
        revoked = _blocklist_round_trip(http, url)
        with module.app.app_context():
            jti = module.jwt.policy.verify(revoked)["jti"]
        assert 3500 < conn.ttl(jti) <= 3600  # upstream's ex=ACCESS_EXPIRES
        conn.delete(jti)
    conn.close()


def test_jwt_locations(http: httpx.Client) -> None:
    module = ported("jwt_locations")
    with serve_wsgi(module.app) as url:
        access = http.post(f"{url}/login_without_cookies").json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(access)).json() == {"foo": "bar"}
        assert http.get(f"{url}/protected", params={"jwt": access}).json() == {"foo": "bar"}
        r = http.post(f"{url}/protected", json={"access_token": access})
        assert r.json() == {"foo": "bar"}
        assert http.get(f"{url}/only_headers", headers=bearer(access)).json() == {"foo": "baz"}
        refused(http.get(f"{url}/only_headers", params={"jwt": access}))

    with serve_wsgi(module.app) as url, httpx.Client(base_url=url, timeout=10) as browser:
        assert browser.post("/login_with_cookies").status_code == 200
        csrf = browser.cookies["csrf_access_token"]
        assert browser.get("/protected").json() == {"foo": "bar"}  # GET: no CSRF header
        r = browser.post("/protected")  # POST from a cookie: CSRF header needed (as upstream)
        refused(r, 403)
        assert r.json()["code"] == "csrf_failed"
        r = browser.post("/protected", headers={"X-CSRF-TOKEN": csrf})
        assert r.json() == {"foo": "bar"}
        refused(browser.get("/only_headers"))  # the cookie is not a header
        assert browser.post("/logout_with_cookies").status_code == 200
        assert "access_token_cookie" not in browser.cookies
        refused(browser.get("/protected"))


def test_implicit_refresh(http: httpx.Client) -> None:
    module = ported("implicit_refresh")
    with serve_wsgi(module.app) as url, httpx.Client(base_url=url, timeout=10) as browser:
        r = browser.post("/login")
        assert r.json() == {"msg": "login successful"}
        first = browser.cookies["access_token_cookie"]
        r = browser.get("/protected")
        assert r.json() == {"foo": "bar"}
        assert "set-cookie" not in r.headers  # 60 minutes left: nothing to do
        # a cookie from 40 minutes ago (20 minutes left, under the 30-minute window)
        old = minted_earlier(module.app, timedelta(minutes=40), csrf=True)
        (jar_cookie,) = [c for c in browser.cookies.jar if c.name == "access_token_cookie"]
        browser.cookies.set("access_token_cookie", old, domain=jar_cookie.domain)
        r = browser.get("/protected")
        assert r.json() == {"foo": "bar"}
        renewed = browser.cookies["access_token_cookie"]
        assert renewed not in (old, first)
        with module.app.app_context():
            claims = module.jwt.policy.verify(renewed)
        assert claims["sub"] == "example_user"
        assert browser.get("/protected").json() == {"foo": "bar"}
        assert browser.post("/logout").json() == {"msg": "logout successful"}
        refused(browser.get("/protected"))


def test_loaders(http: httpx.Client) -> None:
    module = ported("loaders")
    with serve_wsgi(module.app) as url:
        access = http.post(f"{url}/login").json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(access)).json() == {"hello": "world"}
        expired = minted_earlier(module.app, timedelta(hours=1))
        r = http.get(f"{url}/protected", headers=bearer(expired))
        assert r.status_code == 401
        assert r.json() == {"code": "dave", "err": "I can't let you do that"}
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        refused(http.get(f"{url}/protected"))  # no loader for this one: pasetokit's answer

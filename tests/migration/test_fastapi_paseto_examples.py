"""The fastapi-paseto 0.7.1 examples (tests/migration/upstream/fastapi-paseto/, verbatim),
ported by the edit tables below (imports and configuration only) and driven over a real
uvicorn server with httpx. The unedited configuration is refused at start-up with a message
that says what to do (a password as a key)."""

import types
from collections.abc import Sequence

import httpx
import pytest
import redis

from pasetokit import ConfigurationError, InvalidKeyError, LocalKey, SecretKey
from pasetokit_fastapi.compat import AuthPASETO

from migration_support import UPSTREAM, Edit, bearer, load, port, serve_asgi, upstream

pytest_plugins = ["redis_support"]

LOCAL = LocalKey.generate().to_paserk()
SIGNER = SecretKey.generate()

IMPORTS = [
    Edit(
        "import",
        "from fastapi_paseto import AuthPASETO",
        "from pasetokit_fastapi.compat import AuthPASETO",
    ),
    Edit(
        "import",
        "from fastapi_paseto.exceptions import AuthPASETOException",
        "from pasetokit_fastapi.compat import AuthPASETOException",
    ),
]
KEY = Edit(
    "config", 'authpaseto_secret_key: str = "secret"', f'authpaseto_secret_key: str = "{LOCAL}"'
)

# example -> its configuration edits (after IMPORTS).
CONFIG: dict[str, list[Edit]] = {
    # upstream's own typo (authoaseto_) meant no key at all: upstream 500s at /login.
    "basic": [
        Edit(
            "config",
            'authoaseto_secret_key: str = "secret"',
            f'authpaseto_secret_key: str = "{LOCAL}"',
        )
    ],
    "refresh": [KEY],
    "freshness": [KEY],
    "optional": [
        KEY,
        Edit(
            "upstream-bug",
            "@AuthPASETOException.load_config",
            "@AuthPASETO.load_config",
            why="upstream's optional.py decorates with the exception class: AttributeError at "
            "import on fastapi-paseto 0.7.1 too",
        ),
    ],
    "additional_claims": [KEY],
    "denylist": [KEY],
    "generate_doc": [KEY],
    # a published private key is no key (anyone can sign): a fresh pair; and upstream's typo
    # authpaset_public_key (ignored by upstream) fixed.
    "purpose": [
        KEY,
        Edit("config", "MC4CAQAwBQYDK2VwBCIEIL7pfyWYtZD7fDPDm+W0kWbNo/AdbRrDjjxMOgy2EL1N", ""),
        Edit("config", "MCowBQYDK2VwAyEAc4ZDHPLZ6eGU3yL4ApPpQUq4cQUA900NY1csJIcwAxY=", ""),
        Edit("config", "authpaset_public_key", "authpaseto_public_key"),
    ],
}


def _purpose_keys(code: str) -> str:
    private = SIGNER.to_pem().strip()
    public = SIGNER.public_key().to_pem().strip()
    code = code.replace("-----BEGIN PRIVATE KEY-----\n\n-----END PRIVATE KEY-----", private, 1)
    return code.replace("-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----", public, 1)


@pytest.fixture(autouse=True)
def unbound(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each port configures the class afresh (upstream's class-level configuration)."""
    monkeypatch.setattr(AuthPASETO, "_bound", None)


def ported(name: str, extra: Sequence[Edit] = ()) -> types.ModuleType:
    code = port(upstream("fastapi-paseto", name), [*IMPORTS, *CONFIG.get(name, []), *extra])
    if name == "purpose":
        code = _purpose_keys(code)
    return load(code, f"port_fastapi_paseto_{name}")


def login(http: httpx.Client, url: str) -> dict[str, str]:
    bad = http.post(f"{url}/login", json={"username": "test", "password": "nope"})
    assert bad.status_code == 401
    r = http.post(f"{url}/login", json={"username": "test", "password": "test"})
    assert r.status_code == 200, r.text
    tokens: dict[str, str] = r.json()
    return tokens


def assert_refused(r: httpx.Response, code_status: int = 401) -> None:
    assert r.status_code == code_status, r.text
    assert set(r.json()) == {"detail"}  # the app's own handler: {"detail": exc.message}


def test_every_upstream_example_has_a_port() -> None:
    names = {p.name.removesuffix(".py.txt") for p in (UPSTREAM / "fastapi-paseto").glob("*.py.txt")}
    assert names == set(CONFIG) | {"denylist_redis"}


@pytest.mark.parametrize("name", ["refresh", "freshness", "denylist", "generate_doc"])
def test_unedited_key_is_refused_at_start_up(name: str) -> None:
    code = port(upstream("fastapi-paseto", name), IMPORTS)
    with pytest.raises(InvalidKeyError, match=r"authpaseto_secret_key is not a key.*keygen local"):
        load(code, f"unedited_{name}")


def test_upstream_typo_is_refused_with_did_you_mean() -> None:
    code = port(upstream("fastapi-paseto", "basic"), IMPORTS)
    with pytest.raises(ConfigurationError, match="did you mean 'authpaseto_secret_key'"):
        load(code, "unedited_basic")


def test_basic() -> None:
    module = ported("basic")
    with serve_asgi(module.app) as url, httpx.Client(timeout=10) as http:
        access = login(http, url)["access_token"]
        assert access.startswith("v4.local.")
        assert http.get(f"{url}/user", headers=bearer(access)).json() == {"user": "test"}
        assert_refused(http.get(f"{url}/user"))
        assert_refused(http.get(f"{url}/user", headers=bearer(access[:-2] + "AA")))


def test_refresh(http: httpx.Client) -> None:
    module = ported("refresh")
    with serve_asgi(module.app) as url:
        tokens = login(http, url)
        r = http.post(f"{url}/refresh", headers=bearer(tokens["refresh_token"]))
        assert r.status_code == 200
        new = r.json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(new)).json() == {"user": "test"}
        # wrong type both ways: 401 (upstream: 422)
        assert_refused(http.post(f"{url}/refresh", headers=bearer(tokens["access_token"])))
        assert_refused(http.get(f"{url}/protected", headers=bearer(tokens["refresh_token"])))


def test_freshness(http: httpx.Client) -> None:
    module = ported("freshness")
    with serve_asgi(module.app) as url:
        tokens = login(http, url)
        fresh = tokens["access_token"]
        assert http.get(f"{url}/protected-fresh", headers=bearer(fresh)).json() == {"user": "test"}
        # upstream's /refresh demands a *fresh access* token (paseto_required(fresh=True)),
        # whatever its docstring says; the port keeps that: a refresh token is refused.
        assert_refused(http.post(f"{url}/refresh", headers=bearer(tokens["refresh_token"])))
        r = http.post(f"{url}/refresh", headers=bearer(fresh))
        stale = r.json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(stale)).json() == {"user": "test"}
        assert_refused(http.get(f"{url}/protected-fresh", headers=bearer(stale)))
        r = http.post(f"{url}/fresh-login", json={"username": "test", "password": "test"})
        again = r.json()["access_token"]
        assert http.get(f"{url}/protected-fresh", headers=bearer(again)).status_code == 200


def test_optional(http: httpx.Client) -> None:
    module = ported("optional")
    with serve_asgi(module.app) as url:
        access = login(http, url)["access_token"]
        assert http.get(f"{url}/partially-protected").json() == {"user": "anonymous"}
        r = http.get(f"{url}/partially-protected", headers=bearer(access))
        assert r.json() == {"user": "test"}
        # stricter than upstream (documented): a bad token is refused, not anonymous
        assert_refused(http.get(f"{url}/partially-protected", headers=bearer(access + "x")))


def test_additional_claims(http: httpx.Client) -> None:
    module = ported("additional_claims")
    with serve_asgi(module.app) as url:
        access = login(http, url)["access_token"]
        r = http.get(f"{url}/claims", headers=bearer(access))
        assert r.json() == {"foo": ["fiz", "baz"]}


def test_purpose(http: httpx.Client) -> None:
    module = ported("purpose")
    with serve_asgi(module.app) as url:
        tokens = login(http, url)
        assert tokens["access_token"].startswith("v4.local.")
        assert tokens["refresh_token"].startswith("v4.public.")
        r = http.post(f"{url}/refresh", headers=bearer(tokens["refresh_token"]))
        new = r.json()["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(new)).json() == {"user": "test"}


def _denylist_round_trip(http: httpx.Client, url: str) -> None:
    tokens = login(http, url)
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    assert http.get(f"{url}/protected", headers=bearer(access)).status_code == 200
    assert http.delete(f"{url}/access-revoke", headers=bearer(access)).status_code == 200
    assert_refused(http.get(f"{url}/protected", headers=bearer(access)))
    assert http.post(f"{url}/refresh", headers=bearer(refresh)).status_code == 200
    assert http.delete(f"{url}/refresh-revoke", headers=bearer(refresh)).status_code == 200
    assert_refused(http.post(f"{url}/refresh", headers=bearer(refresh)))


def test_denylist(http: httpx.Client) -> None:
    module = ported("denylist")
    with serve_asgi(module.app) as url:
        _denylist_round_trip(http, url)
        module.denylist.clear()


@pytest.mark.filterwarnings("ignore:Call to deprecated setex")  # upstream's code
def test_denylist_redis(http: httpx.Client, redis_url: str) -> None:
    parsed = httpx.URL(redis_url)
    host, number = parsed.host, parsed.port or 6379
    db = parsed.path.strip("/") or "0"
    password = parsed.password or None  # the suite's private server has one
    edits = [
        KEY,
        Edit(
            "config",
            'Redis(host="localhost", port=6379, db=0, decode_responses=True)',
            f'Redis(host="{host}", port={number}, db={db}, password={password!r}, '
            "decode_responses=True)",
        ),
    ]
    code = port(upstream("fastapi-paseto", "denylist_redis"), [*IMPORTS, *edits])
    module = load(code, "port_fastapi_paseto_denylist_redis")
    with serve_asgi(module.app) as url:
        _denylist_round_trip(http, url)
    conn: redis.Redis = module.redis_conn
    conn.close()


def test_denylist_callback_that_raises_fails_closed(http: httpx.Client) -> None:
    module = ported("denylist")

    class Broken(set[str]):
        def __contains__(self, item: object) -> bool:
            raise ConnectionError("database down")

    module.denylist = Broken()  # type: ignore[attr-defined]
    with serve_asgi(module.app) as url:
        access = login(http, url)["access_token"]
        r = http.get(f"{url}/protected", headers=bearer(access))
        assert_refused(r, 503)


def test_generate_doc(http: httpx.Client) -> None:
    module = ported("generate_doc")
    with serve_asgi(module.app) as url:
        access = login(http, url)["access_token"]
        assert http.get(f"{url}/protected", headers=bearer(access)).json() == {"user": "test"}
        schema = http.get(f"{url}/openapi.json").json()
        assert schema["info"]["title"] == "Custom title"
        params = schema["paths"]["/protected"]["get"]["parameters"]
        assert {"name": "Authorization", "in": "header"}.items() <= params[0].items()

"""Migration: the fastapi-paseto-auth README example, changed only in imports and configuration
(examples/fastapi_seed_ported.py), passes the seed's round trip, and is fixed where the seed
was wrong (422s, anonymous expired tokens)."""

import importlib.util
from pathlib import Path
from types import ModuleType

from fastapi_support import bearer, client

SEED_PORT = Path(__file__).resolve().parents[2] / "examples" / "fastapi_seed_ported.py"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_round_trip() -> None:
    seed = load(SEED_PORT, "pasetokit_fastapi_seed_ported")
    c = client(seed.app)
    assert c.post("/login", json={"username": "test", "password": "x"}).status_code == 401
    r = c.post("/login", json={"username": "test", "password": "test"})
    assert r.status_code == 200
    tokens = r.json()
    assert tokens["access_token"].startswith("v4.local.")
    assert tokens["refresh_token"].startswith("v4.public.")

    r = c.get("/protected", headers=bearer(tokens["access_token"]))
    assert r.json() == {"user": "test"}
    r = c.post("/refresh", headers=bearer(tokens["refresh_token"]))
    assert r.status_code == 200
    new_access = r.json()["access_token"]
    assert c.get("/protected", headers=bearer(new_access)).json() == {"user": "test"}

    # Where the seed answered 422 or 500, pasetokit answers 401.
    for headers in [
        {},
        bearer(tokens["refresh_token"]),
        bearer("v4.public.x"),
        bearer("v3.local.x"),
        {"Authorization": f"XBearerX {tokens['access_token']}"},
    ]:
        r = c.get("/protected", headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        assert set(r.json()) == {"detail", "code"}
    r = c.post("/refresh", headers=bearer(tokens["access_token"]))
    assert (r.status_code, r.json()["code"]) == (401, "wrong_token_type")


def test_seed_port_changes_only_imports_and_configuration() -> None:
    code = SEED_PORT.read_text("utf-8").split('"""')[-1]  # after the module docstring
    assert "load_config" not in code  # no class-level configuration
    assert "exception_handler" not in code  # errors need no set-up
    assert code.count("Authorize: AuthPASETO = Depends(auth)") == 3
    assert "Authorize.paseto_required(refresh_token=True)" in code

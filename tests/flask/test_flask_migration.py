"""Migration: Flask-JWT-Extended's basic example, ported by changing only imports, decorator
names and configuration, passes the same round trip (and refuses what it should, with 401s
where Flask-JWT-Extended answers 422)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from flask import Flask
from flask.testing import FlaskClient

HERE = Path(__file__).resolve().parent
ORIGINAL = HERE / "fje_basic_example.py"
PORTED = HERE.parents[1] / "examples" / "flask_fje_ported.py"
DECORATORS = {"jwt_required": "paseto_required"}


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def app_of(path: Path, name: str) -> Flask:
    app = load(path, name).app
    assert isinstance(app, Flask)
    app.config["TESTING"] = True
    return app


# --- what changed -----------------------------------------------------------------------------


def _is_config(node: ast.stmt) -> bool:
    """``app.config[...] = ...`` or ``name = JWTManager(app)`` / ``PasetoManager(app)``."""
    if not isinstance(node, ast.Assign):
        return False
    target, value = node.targets[0], node.value
    if isinstance(target, ast.Subscript) and ast.unparse(target.value) == "app.config":
        return True
    return isinstance(value, ast.Call) and ast.unparse(value.func) in {
        "JWTManager",
        "PasetoManager",
    }


def code_without_allowed_changes(path: Path) -> tuple[list[str], list[str]]:
    """(the code with imports, configuration and docstring removed and the decorators
    normalised; the decorators as found)."""
    tree = ast.parse(path.read_text("utf-8"))
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the module docstring
    decorators: list[str] = []
    kept: list[ast.stmt] = []
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) or _is_config(node):
            continue
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                text = ast.unparse(decorator)
                name = text.split("(", 1)[0]
                if name in DECORATORS or name in DECORATORS.values():
                    decorators.append(text)
                    normal = DECORATORS.get(name, name)
                    decorator_text = normal + text[len(name) :]
                    node.decorator_list[node.decorator_list.index(decorator)] = ast.parse(
                        decorator_text, mode="eval"
                    ).body
        kept.append(node)
    return [ast.unparse(node) for node in kept], decorators


def test_port_changes_only_imports_decorator_names_and_configuration() -> None:
    original, original_decorators = code_without_allowed_changes(ORIGINAL)
    ported, ported_decorators = code_without_allowed_changes(PORTED)
    assert ported == original
    assert [d.replace("jwt_required", "paseto_required") for d in original_decorators] == (
        ported_decorators
    )
    assert ported_decorators == ["paseto_required(refresh=True)", "paseto_required()"]


# --- the same round trip ----------------------------------------------------------------------


@pytest.fixture(params=["flask_jwt_extended", "pasetokit_flask"])
def client(request: pytest.FixtureRequest) -> FlaskClient:
    if request.param == "flask_jwt_extended":
        return app_of(ORIGINAL, "fje_basic_original").test_client()
    return app_of(PORTED, "fje_basic_ported").test_client()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_same_round_trip(client: FlaskClient) -> None:
    bad = client.post("/login", json={"username": "test", "password": "nope"})
    assert bad.status_code == 401
    assert bad.get_json() == {"msg": "Bad username or password"}

    login = client.post("/login", json={"username": "test", "password": "test"})
    assert login.status_code == 200
    tokens = login.get_json()
    assert set(tokens) == {"access_token", "refresh_token"}

    protected = client.get("/protected", headers=auth(tokens["access_token"]))
    assert protected.status_code == 200
    assert protected.get_json() == {"logged_in_as": "test"}

    assert client.get("/protected").status_code == 401

    refreshed = client.post("/refresh", headers=auth(tokens["refresh_token"]))
    assert refreshed.status_code == 200
    new_access = refreshed.get_json()["access_token"]
    again = client.get("/protected", headers=auth(new_access))
    assert again.get_json() == {"logged_in_as": "test"}


def test_refusals_are_401_in_the_port() -> None:
    """Where Flask-JWT-Extended answers 422 (wrong token type, garbage), the port says 401."""
    original = app_of(ORIGINAL, "fje_basic_original_refusals").test_client()
    ported = app_of(PORTED, "fje_basic_ported_refusals").test_client()
    for client, wrong_type_status in ((original, 422), (ported, 401)):
        tokens = client.post("/login", json={"username": "test", "password": "test"}).get_json()
        assert client.post("/refresh", headers=auth(tokens["access_token"])).status_code == (
            wrong_type_status
        )
        assert client.get("/protected", headers=auth("garbage")).status_code == wrong_type_status
    response = ported.get("/protected", headers=auth(tokens["refresh_token"]))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')

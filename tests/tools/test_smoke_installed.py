"""tools/smoke_installed.py, the check CI runs against the installed wheel, can fail."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import zipfile
from pathlib import Path

import pasetokit

import floors
import smoke_installed

ROOT = Path(__file__).resolve().parents[2]


def _wheel(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as wheel:
        for name in names:
            wheel.writestr(name, "")
    return path


def test_a_complete_wheel_passes(tmp_path: Path) -> None:
    names = [f"{pkg}/{f}" for pkg in smoke_installed.PACKAGES for f in ("__init__.py", "py.typed")]
    wheel = _wheel(tmp_path / "ok.whl", [*names, "pasetokit-0.1.0.dist-info/METADATA"])
    assert smoke_installed._check_wheel(wheel) == []


def test_missing_py_typed_and_stray_packages_are_reported(tmp_path: Path) -> None:
    names = [f"{pkg}/__init__.py" for pkg in smoke_installed.PACKAGES]
    wheel = _wheel(tmp_path / "bad.whl", [*names, "tests/test_x.py", "x.dist-info/METADATA"])
    problems = smoke_installed._check_wheel(wheel)
    assert "wheel: unexpected top-level entry 'tests'" in problems
    assert "wheel: no pasetokit_flask/py.typed" in problems
    assert len(problems) == 4


def test_an_editable_install_is_not_taken_for_the_wheel() -> None:
    # The suite normally runs on `pip install -e`: then the smoke check must refuse it.
    editable = Path(pasetokit.__file__).resolve().is_relative_to(ROOT / "src")
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, str(ROOT / "tools" / "smoke_installed.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ("not this venv's site-packages" in result.stderr) is editable
    if editable:
        assert result.returncode == 1
        assert "FAILED" in result.stdout


def _metadata(tmp_path: Path, lines: list[str]) -> importlib.metadata.PackageMetadata:
    info = tmp_path / "pasetokit-0.1.0.dist-info"
    info.mkdir()
    head = ["Metadata-Version: 2.4", "Name: pasetokit", "Version: 0.1.0"]
    (info / "METADATA").write_text("\n".join([*head, *lines]) + "\n", "utf-8")
    return importlib.metadata.PathDistribution(info).metadata


def test_metadata_as_pyproject_declares_it_passes(tmp_path: Path) -> None:
    project = floors.read_pyproject(ROOT / "pyproject.toml")["project"]
    lines = [f"Classifier: {c}" for c in project["classifiers"]]
    lines += [f"License-Expression: {project['license']}"]
    lines += [f"Requires-Python: {project['requires-python']}"]
    lines += [f"Project-URL: {label}, {url}" for label, url in project.get("urls", {}).items()]
    assert smoke_installed._check_metadata(_metadata(tmp_path, lines)) == []


def test_metadata_problems_are_reported(tmp_path: Path) -> None:
    lines = [
        "Classifier: Programming Language :: Python :: 3.10",
        "Classifier: Framework :: Flask",
        "Classifier: License :: OSI Approved :: ISC License (ISCL)",
        "License-Expression: MIT",
        "Requires-Python: >=3.10",
        "Project-URL: Source, https://example.invalid/pasetokit",
        "Project-URL: Documentation, http://example.invalid/docs",
    ]
    problems = smoke_installed._check_metadata(_metadata(tmp_path, lines))
    assert "metadata: no classifier for Python 3.13" in problems
    assert "metadata: no classifier 'Framework :: FastAPI'" in problems
    assert "metadata: no classifier 'Framework :: Flask'" not in problems
    licence = "'License :: OSI Approved :: ISC License (ISCL)'"
    assert f"metadata: {licence} beside License-Expression (PEP 639)" in problems
    assert "metadata: License-Expression is 'MIT'" in problems
    assert sum(p.startswith("metadata: Project-URL 'Source,") for p in problems) == 1
    assert sum(p.startswith("metadata: Project-URL 'Documentation,") for p in problems) == 1

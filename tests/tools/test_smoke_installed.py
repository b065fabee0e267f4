"""tools/smoke_installed.py, the check CI runs against the installed wheel, can fail."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pasetokit

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

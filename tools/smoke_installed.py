"""Smoke-test pasetokit as users get it: a built wheel installed (not editable) with its extras.

    python tools/smoke_installed.py --wheel dist/pasetokit-X-py3-none-any.whl

Run it with the interpreter of the clean venv that the wheel was installed into. It checks that
the packages import from that venv's site-packages (not ``src/``), that the wheel holds exactly
the three packages plus metadata, that each package ships ``py.typed``, that every module
imports, that the metadata states the supported Pythons, and that the ``pasetokit`` console
script works end to end (keygen, encode, decode). Exit 0 when all hold; otherwise one line per
failure.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

PACKAGES = ("pasetokit", "pasetokit_fastapi", "pasetokit_flask")
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
CLASSIFIERS = frozenset(
    {
        "Framework :: FastAPI",
        "Framework :: Flask",
        "Programming Language :: Python :: 3 :: Only",
        "Topic :: Security :: Cryptography",
        "Typing :: Typed",
    }
)
LICENSE = "ISC"
URL_LABELS = ("Homepage", "Documentation", "Repository", "Issues", "Changelog")


def _check_wheel(wheel: Path) -> list[str]:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    dist_info = {top for top in tops if top.endswith(".dist-info")}
    extra = sorted(tops - set(PACKAGES) - dist_info)
    problems = [f"wheel: unexpected top-level entry {top!r}" for top in extra]
    if len(dist_info) != 1:
        problems.append(f"wheel: expected one .dist-info, found {sorted(dist_info)}")
    problems += [f"wheel: no {pkg}/py.typed" for pkg in PACKAGES if f"{pkg}/py.typed" not in names]
    return problems


def _check_imports() -> list[str]:
    problems = []
    site = {Path(sysconfig.get_path(kind)).resolve() for kind in ("purelib", "platlib")}
    for name in PACKAGES:
        package = importlib.import_module(name)
        location = Path(package.__file__ or "").resolve().parent
        if location.parent not in site:  # an editable install or src/ on sys.path
            problems.append(f"{name} imported from {location}, not this venv's site-packages")
        if not (location / "py.typed").is_file():
            problems.append(f"{name}: py.typed missing in {location}")
        for module in pkgutil.walk_packages(package.__path__, prefix=name + "."):
            try:
                importlib.import_module(module.name)
            except Exception as exc:  # every module must import with the extras installed
                problems.append(f"import {module.name}: {type(exc).__name__}: {exc}")
    return problems


def _check_metadata(meta: importlib.metadata.PackageMetadata | None = None) -> list[str]:
    """What the package index shows: the supported Pythons, the classifiers users filter on
    (CLASSIFIERS), the licence as an SPDX expression (PEP 639: no ``License ::`` classifier
    beside it, PyPI refuses both), and project URLs, if any, under the known labels."""
    meta = meta if meta is not None else importlib.metadata.metadata("pasetokit")
    classifiers = set(meta.get_all("Classifier") or [])
    problems = [
        f"metadata: no classifier for Python {v}"
        for v in PYTHONS
        if f"Programming Language :: Python :: {v}" not in classifiers
    ]
    problems += [f"metadata: no classifier {c!r}" for c in sorted(CLASSIFIERS - classifiers)]
    problems += [
        f"metadata: {c!r} beside License-Expression (PEP 639)"
        for c in sorted(classifiers)
        if c.startswith("License ::")
    ]
    if meta["License-Expression"] != LICENSE:
        problems.append(f"metadata: License-Expression is {meta['License-Expression']!r}")
    if meta["Requires-Python"] != ">=3.10":
        problems.append(f"metadata: Requires-Python is {meta['Requires-Python']!r}")
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = (part.strip() for part in entry.partition(","))
        if label not in URL_LABELS or not url.startswith("https://"):
            problems.append(f"metadata: Project-URL {entry!r} (labels: {', '.join(URL_LABELS)})")
    return problems


def _run(argv: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - argv built here
        argv, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def _check_cli() -> list[str]:
    script = shutil.which("pasetokit", path=sysconfig.get_path("scripts"))
    if script is None:
        return ["console script 'pasetokit' not installed"]
    with tempfile.TemporaryDirectory() as directory:
        key_file = Path(directory) / "local.key"
        made = _run([script, "keygen", "local", "--out", str(key_file)])
        if made.returncode != 0 or not key_file.read_text().startswith("k4.local."):
            return [f"pasetokit keygen local: exit {made.returncode}: {made.stderr.strip()}"]
        if os.name == "posix" and key_file.stat().st_mode & 0o077:
            return ["pasetokit keygen: the key file is readable by others"]
        claims = json.dumps({"sub": "smoke"})
        token = _run([script, "encode", "--key-file", str(key_file), "--claims", claims])
        if token.returncode != 0 or not token.stdout.startswith("v4.local."):
            return [f"pasetokit encode: exit {token.returncode}: {token.stderr.strip()}"]
        opened = _run([script, "decode", "--key-file", str(key_file), token.stdout.strip()])
        if opened.returncode != 0 or '"smoke"' not in opened.stdout:
            return [f"pasetokit decode: exit {opened.returncode}: {opened.stderr.strip()}"]
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="the wheel that was installed")
    args = parser.parse_args(argv)
    problems = _check_wheel(args.wheel) if args.wheel else []
    problems += _check_imports()
    problems += _check_metadata()
    problems += _check_cli()
    for problem in problems:
        print(f"smoke: {problem}", file=sys.stderr)
    version = importlib.metadata.version("pasetokit")
    print(f"smoke: pasetokit {version} from the wheel: {'FAILED' if problems else 'ok'}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

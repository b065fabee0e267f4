"""Pin every runtime dependency to the lowest version ``pyproject.toml`` declares.

    python tools/floors.py [--pyproject FILE] [--output FILE]
    python tools/floors.py --check      # in the floors venv: is every pin what is installed?
    python tools/floors.py --also httpx # also pin a tooling requirement at its floor

prints a pip constraints file (``pip install -c FILE``): one ``name==floor`` line for each
requirement of ``[project] dependencies`` and of every extra except the tooling ones (``test``,
``dev``, ``bench``, ``demo``, ``docs``), so a CI run can prove that the floors we publish really
work. Each requirement must state its floor as ``>=X``, ``==X`` or ``~=X``; one without a floor,
or with only an exclusive ``>X``, is an error rather than a silent "newest". A package named in
several places gets the highest of its floors (the least that satisfies all of them); markers are
kept; extras such as ``flask[async]`` are dropped (constraints cannot carry them).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

__all__ = [
    "TOOLING_EXTRAS",
    "FloorError",
    "floor_constraints",
    "floor_of",
    "main",
    "mismatches",
    "read_pyproject",
]

TOOLING_EXTRAS = frozenset({"test", "dev", "bench", "demo", "docs"})


class FloorError(ValueError):
    """A requirement without an exact lower bound."""


def floor_of(requirement: Requirement) -> Version:
    """The lowest version ``requirement`` admits (``>=``, ``==`` or ``~=``)."""
    floors = [
        Version(spec.version)
        for spec in requirement.specifier
        if spec.operator in (">=", "==", "~=") and "*" not in spec.version
    ]
    if not floors:
        raise FloorError(f"{requirement}: no floor declared (use >=, == or ~=)")
    return max(floors)


def _requirements(
    project: Mapping[str, Any], exclude: Iterable[str], also: Iterable[str]
) -> list[Requirement]:
    name = canonicalize_name(project["name"])
    skipped, wanted = set(exclude), {canonicalize_name(n) for n in also}
    found = [Requirement(text) for text in project.get("dependencies", [])]
    for extra, items in project.get("optional-dependencies", {}).items():
        for req in map(Requirement, items):
            if extra not in skipped or canonicalize_name(req.name) in wanted:
                found.append(req)
    return [req for req in found if canonicalize_name(req.name) != name]  # pasetokit[redis]


def floor_constraints(
    pyproject: Mapping[str, Any],
    *,
    exclude: Iterable[str] = TOOLING_EXTRAS,
    also: Iterable[str] = (),
) -> list[str]:
    """Constraint lines (sorted by name) for the runtime requirements of ``pyproject``, plus the
    packages named in ``also`` wherever they are declared (a tooling extra included)."""
    pins: dict[tuple[str, str], Version] = {}
    for req in _requirements(pyproject["project"], exclude, also):
        key = (canonicalize_name(req.name), str(req.marker) if req.marker else "")
        floor = floor_of(req)
        pins[key] = max(floor, pins.get(key, floor))
    lines = []
    for (name, marker), version in sorted(pins.items()):
        lines.append(f"{name}=={version}" + (f"; {marker}" if marker else ""))
    return lines


def mismatches(lines: Iterable[str]) -> list[str]:
    """For each ``name==version[; marker]`` line that applies here: a message when the installed
    version is another one (or none). Empty when the environment sits exactly on the floors."""
    problems = []
    for line in lines:
        pin, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate():
            continue
        name, _, wanted = pin.strip().partition("==")
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name}: not installed (floor {wanted})")
            continue
        if Version(installed) != Version(wanted):
            problems.append(f"{name}: {installed} installed, floor is {wanted}")
    return problems


def read_pyproject(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyproject", type=Path, default=Path("pyproject.toml"))
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="NAME",
        help="pin this package too, at the floor a tooling extra declares (repeatable)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 unless exactly these versions are installed"
    )
    args = parser.parse_args(argv)
    try:
        pyproject = read_pyproject(args.pyproject)
        lines = floor_constraints(pyproject, also=args.also)
    except FloorError as exc:
        print(f"floors: {exc}", file=sys.stderr)
        return 1
    if args.check:
        problems = mismatches(lines)
        for problem in problems:
            print(f"floors: {problem}", file=sys.stderr)
        print(
            f"floors: {len(lines) - len(problems)} of {len(lines)} runtime pins installed exactly"
        )
        return 1 if problems else 0
    text = "".join(line + "\n" for line in lines)
    if args.output:
        args.output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

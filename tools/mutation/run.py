"""Mutation testing, one module at a time, with that module's own tests.

    python tools/mutation/run.py [PATTERN ...] [--engine both|mutmut|statements]
                                 [--budget SECONDS] [--report PATH]
                                 [--mode run|reclassify|recheck]

PATTERN is a key of ``[tool.mutmut.modules]`` in ``pyproject.toml`` (a glob under ``src/``, e.g.
``pasetokit/_b64.py``) whose value lists the test files that exercise it; no PATTERN runs them
all. For each module:

- **mutmut** (3.x) runs in a scratch copy of the tree (``build/mutation/<module>/``), with the
  module as ``only_mutate`` and its tests as ``pytest_add_cli_args_test_selection``; the other
  ``[tool.mutmut]`` settings are kept. One worker (``--max-children 1``), at ``nice 15``.
- **statements** (``statements.py``): each "delete this raise", "this if is never true" and
  "shift this constant" mutant is written into a scratch copy of ``src/`` and run (``PYTHONPATH``,
  ``-x``) against the module's tests that executed one of its lines in a traced baseline run
  (``linemap.py``); a line reached outside any test (import time) gets the whole selection.

Each engine stops at ``--budget`` seconds per module (what is left is reported as not run).

``--mode reclassify`` classifies the last run's survivors again (after ``triage.py`` changed);
nothing runs. ``--mode recheck`` runs only the last run's gaps (mutmut) or survivors
(statements) again, against today's *tests*, keeping every other verdict of that run: mutmut
in a copy of the last run's tree (its mutants, of the code as it was then), statements by
re-applying the saved edits to today's ``src/``. So a recheck means something only while
``src/`` is what the last run mutated: it refuses (exit status 2, naming the changed files)
when the last run's copy of ``src/`` differs from ``src/``, or a saved statement edit no
longer matches the text at its position; run the module again without ``--mode`` then. A
mutmut that fails (any exit status but 0, or a recheck running out of budget) also stops the
run with status 2, pointing at its log (``mutmut.log`` in its copy), instead of reporting
the verdicts it left behind.

Survivors are classified (``classify.py``): error-message text only, equivalent (with the reason,
``triage.py``), or a gap. The report (markdown, default ``build/mutation/report.md``) has the
table per module and every gap. Exit status 1 when a gap survives. Not part of ``.ci/run``.
"""

from __future__ import annotations

import argparse
import dataclasses
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import classify
import linemap
import statements

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "mutation"
PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider"]


class RunFailed(Exception):
    """A run whose results could not be trusted: ``main`` prints why and exits 2."""


@dataclass
class Tally:
    engine: str
    generated: int = 0
    killed: int = 0
    timeout: int = 0
    not_run: int = 0
    message_only: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    @property
    def survived(self) -> int:
        return len(self.message_only) + len(self.equivalent) + len(self.gaps)


def load_config() -> tuple[dict[str, object], dict[str, list[str]]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the stdlib's tomllib is tomli, vendored (nox -s mutation runs 3.11)
        import tomli as tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    table = dict(data["tool"]["mutmut"])
    modules = table.pop("modules")
    return table, modules


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def _without_mutmut_tables(text: str) -> str:
    out, skipping = [], False
    for line in text.splitlines():
        header = re.match(r"\s*\[+([^\]]+)\]+\s*$", line)
        if header:
            skipping = header.group(1).strip().startswith("tool.mutmut")
        if not skipping:
            out.append(line)
    return "\n".join(out) + "\n"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def _scratch(name: str, with_tests: bool) -> Path:
    target = BUILD / _slug(name)
    shutil.rmtree(target, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src", target / "src", ignore=ignore)
    if with_tests:
        shutil.copytree(ROOT / "tests", target / "tests", ignore=ignore)
    return target


def _run(
    cmd: list[str],
    cwd: Path,
    timeout: float,
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> int:
    """Run ``cmd`` in its own process group, its output to ``log`` (or discarded); -1 on
    timeout (the group is killed)."""
    with open(log or os.devnull, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own tools
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return -1


def _mutmut_run(work: Path, budget: float, names: list[str]) -> None:
    """``mutmut run`` in ``work`` (only ``names``, when given); :class:`RunFailed` when it
    fails. Stopped by ``budget``: fine for a full run in a fresh copy (mutmut saves each
    verdict as it comes; the rest stay "not checked", reported as not run), not for a recheck,
    whose copy still holds the old verdicts of the mutants it did not reach."""
    log = work / "mutmut.log"
    cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *names]
    status = _run(cmd, work, budget, log=log)
    if status == -1 and names:
        raise RunFailed(f"the recheck did not finish within --budget {budget:g} s in {work}")
    if status != 0:
        tail = "".join(log.read_text("utf-8", errors="replace").splitlines(True)[-15:])
        raise RunFailed(f"mutmut exited with status {status} in {work} ({log}):\n{tail}")


def _stale_files(copy: Path) -> list[str]:
    """The files of ``src/`` that differ from (or are missing in, or extra in) ``copy``."""

    def tree(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        }

    ours, theirs = tree(ROOT / "src"), tree(copy)
    return sorted(n for n in ours.keys() | theirs.keys() if ours.get(n) != theirs.get(n))


def run_mutmut(
    pattern: str, tests: list[str], base: dict[str, object], budget: float, mode: str = "run"
) -> Tally:
    tally = Tally("mutmut")
    if mode == "reclassify":  # the last run's results, classified again (triage.py edited)
        return _mutmut_results(BUILD / _slug("mutmut-" + pattern), tally)
    if mode == "recheck":  # the last run's gaps, run again against the current tests
        return _mutmut_recheck(pattern, tests, base, budget)
    work = _scratch("mutmut-" + pattern, with_tests=True)
    _write_settings(work, pattern, tests, base)
    _mutmut_run(work, budget, [])
    return _mutmut_results(work, tally)


def _mutmut_recheck(
    pattern: str, tests: list[str], base: dict[str, object], budget: float
) -> Tally:
    """The last run's tally, its gaps run again in a copy of its tree with today's tests and
    selection (mutmut resets every result when the selection changes, hence the copy: the
    last run's other verdicts stay as they were)."""
    work = BUILD / _slug("mutmut-" + pattern)
    if not (work / "mutants").is_dir():
        raise RunFailed(f"no mutmut run of {pattern} to recheck ({work}); run without --mode")
    stale = _stale_files(work / "src")
    if stale:
        raise RunFailed(
            f"src/ changed since the last mutmut run of {pattern} ({', '.join(stale[:5])}"
            f"{', ...' if len(stale) > 5 else ''}): a recheck would run mutants of the old "
            "code; run it again without --mode"
        )
    before = _mutmut_results(work, Tally("mutmut"))
    gaps = [g.split("\n")[0] for g in before.gaps]
    again = BUILD / _slug("recheck-" + pattern)
    shutil.rmtree(again, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(work, again, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests"))
    shutil.copytree(ROOT / "tests", again / "tests", ignore=ignore)
    _write_settings(again, pattern, tests, base)
    if gaps:
        _mutmut_run(again, budget, gaps)
    after = _mutmut_results(again, Tally("mutmut"), only=set(gaps))
    if after.generated != len(gaps):
        raise RunFailed(f"mutmut reported {after.generated} of the {len(gaps)} gaps rechecked")
    before.killed += after.killed
    before.timeout += after.timeout
    before.not_run += after.not_run
    before.message_only += after.message_only
    before.equivalent += after.equivalent
    before.gaps = after.gaps
    return before


def _write_settings(work: Path, pattern: str, tests: list[str], base: dict[str, object]) -> None:
    """The scratch copy's pyproject: ours, with ``[tool.mutmut]`` narrowed to ``pattern``."""
    settings = dict(base)
    settings["only_mutate"] = [f"src/{pattern}"]
    settings["pytest_add_cli_args_test_selection"] = tests
    pyproject = _without_mutmut_tables((ROOT / "pyproject.toml").read_text("utf-8"))
    pyproject += "\n[tool.mutmut]\n" + "".join(
        f"{key} = {_toml_value(value)}\n" for key, value in settings.items()
    )
    (work / "pyproject.toml").write_text(pyproject, "utf-8")


def _mutmut_results(work: Path, tally: Tally, only: set[str] | None = None) -> Tally:
    mutmut = [sys.executable, "-m", "mutmut"]
    done = subprocess.run(  # noqa: S603
        [*mutmut, "results", "--all", "true"], cwd=work, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RunFailed(f"mutmut results failed in {work}: {done.stderr.strip()[-500:]}")
    listing = done.stdout
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name or (only is not None and name not in only):
            continue
        tally.generated += 1
        if status == "killed":
            tally.killed += 1
        elif status == "timeout":
            tally.timeout += 1
        elif status == "survived":
            module = name.rpartition(".")[0].replace(".", "/") + ".py"
            copy = work / "mutants" / "src" / module
            if not copy.exists():
                copy = copy.with_suffix("") / "__init__.py"
            text = copy.read_text("utf-8") if copy.exists() else ""
            diff = (
                classify.mutant_diff(text, name)
                or subprocess.run(  # noqa: S603
                    [*mutmut, "show", name], cwd=work, capture_output=True, text=True, check=False
                ).stdout
            )
            verdict, reason = classify.classify_diff(Path(module).name, diff, text, name)
            entry = f"{name}\n{_indent(diff)}" if verdict == "gap" else f"{name} {reason}".strip()
            {"message-only": tally.message_only, "equivalent": tally.equivalent}.get(
                verdict, tally.gaps
            ).append(entry)
        else:  # "not checked", "no tests", "suspicious", ...
            tally.not_run += 1
    return tally


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines())


def run_statements(pattern: str, tests: list[str], budget: float, mode: str = "run") -> Tally:
    """``mode``: "run" every mutant; "reclassify" the last run's survivors (triage.py edited);
    "recheck" run the last run's gaps again against today's tests and source."""
    tally = Tally("statements")
    saved = BUILD / _slug("statements-" + pattern) / "results.json"
    if mode != "run" and not saved.exists():
        tally.engine = "statements: no saved results; run without --mode first"
        return tally
    if mode == "reclassify":
        return _statement_verdicts(tally, json.loads(saved.read_text("utf-8")))
    previous = json.loads(saved.read_text("utf-8")) if mode == "recheck" else None
    work = _scratch("statements-" + pattern, with_tests=False)
    env = dict(os.environ, PYTHONPATH=str(work / "src"), PYTHONDONTWRITEBYTECODE="1")
    pytest = [sys.executable, "-m", "pytest", *PYTEST_ARGS, *tests]
    started = time.monotonic()
    lines = _line_map(work, pattern, pytest, env, budget)
    if lines is None:
        tally.engine = "statements: NOT RUN, the selected tests fail without any mutant"
        return tally
    per_mutant = 10 * (time.monotonic() - started) + 10
    deadline = started + budget
    options = _options(tests)
    counts = {"generated": 0, "killed": 0, "timeout": 0, "not_run": 0}
    survivors: list[dict[str, object]] = []
    for path in sorted((work / "src").glob(pattern)):
        source = path.read_text("utf-8")
        relative = str(path.relative_to(work / "src"))
        todo = statements.mutants(source)
        if previous is not None:
            todo = _still_gaps(todo, previous, relative)
        for mutant in todo:
            counts["generated"] += 1
            left = deadline - time.monotonic()
            if left <= 0:
                counts["not_run"] += 1
                continue
            if previous is not None and not _still_applies(source, mutant):
                raise RunFailed(
                    f"src/{relative} changed since the last statements run ({mutant.describe()} "
                    "no longer matches its text): run it again without --mode"
                )
            path.write_text(statements.apply(source, mutant), "utf-8")
            ids = linemap.tests_for(lines, str(path), mutant.start[0], mutant.end[0])
            try:
                status = _run_narrowed(pytest, options, ids, min(per_mutant, left), env)
            finally:
                path.write_text(source, "utf-8")
            if status == -1:
                counts["timeout"] += 1
            elif status != 0:
                counts["killed"] += 1
            else:
                survivors.append({"file": relative, **dataclasses.asdict(mutant)})
    if previous is not None:  # a recheck only updates the gaps of the full run
        counts, survivors = _merge_recheck(previous, counts, survivors)
    results = {**counts, "survivors": survivors}
    saved.write_text(json.dumps(results, indent=1), "utf-8")
    return _statement_verdicts(tally, results)


def _still_applies(source: str, mutant: statements.Mutant) -> bool:
    """Whether the text at ``mutant``'s position in ``source`` is still the text it replaced
    (the saved edits are positions: on changed code they would mutate something else)."""
    try:
        removed = statements.apply(source, dataclasses.replace(mutant, replacement=""))
        at = statements.apply(source, dataclasses.replace(mutant, replacement="\0")).index("\0")
    except (IndexError, ValueError):  # the position is past the end of the file now
        return False
    return source[at : at + len(source) - len(removed)] == mutant.segment


def _is_gap(row: dict[str, Any]) -> bool:
    verdict, _ = classify.classify_statement(
        Path(row["file"]).name,
        row["operator"],
        row["segment"],
        row["original"],
        row.get("in_message", False),
    )
    return verdict == "gap"


def _still_gaps(
    todo: list[statements.Mutant], previous: dict[str, Any], relative: str
) -> list[statements.Mutant]:
    """The last run's gaps in ``relative``, found again among today's mutants by operator,
    text and source line (lines may have moved; a gap whose code is gone is not found)."""
    wanted = Counter(
        (m["operator"], m["segment"], m["original"])
        for m in previous["survivors"]
        if m["file"] == relative and _is_gap(m)
    )
    found = []
    for mutant in todo:
        key = (mutant.operator, mutant.segment, mutant.original)
        if wanted[key] > 0:
            wanted[key] -= 1
            found.append(mutant)
    return found


def _merge_recheck(
    previous: dict[str, Any], rerun: dict[str, int], survivors: list[dict[str, object]]
) -> tuple[dict[str, int], list[dict[str, object]]]:
    """The full run's tally with its gaps replaced by the recheck's verdicts on them."""
    kept = [m for m in previous["survivors"] if not _is_gap(m)]
    gaps = len(previous["survivors"]) - len(kept)
    counts = {k: previous[k] + rerun[k] for k in ("killed", "timeout", "not_run")}
    counts["generated"] = previous["generated"] - gaps + rerun["generated"]
    return counts, kept + survivors


def _line_map(
    work: Path, pattern: str, pytest: list[str], env: dict[str, str], budget: float
) -> dict[str, Any] | None:
    """Run the selection once, unmutated, recording which test runs which line of the files
    (``linemap.py``); ``None`` if it fails."""
    out = work / "linemap.json"
    files = [str(p) for p in sorted((work / "src").glob(pattern))]
    traced = dict(
        env,
        PYTHONPATH=os.pathsep.join([env["PYTHONPATH"], str(Path(__file__).parent)]),
        LINEMAP_FILES=os.pathsep.join(files),
        LINEMAP_OUT=str(out),
    )
    if _run([*pytest[:3], "-p", "linemap", *pytest[3:]], ROOT, budget, traced) != 0:
        return None
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


def _run_narrowed(
    pytest: list[str],
    options: list[str],
    ids: list[str] | None,
    timeout: float,
    env: dict[str, str],
) -> int:
    """Run the tests ``ids`` (all of ``pytest``'s selection when ``None``), with ``options``."""
    if ids is None:
        return _run(pytest, ROOT, timeout, env)
    status = _run([*pytest[:3], *PYTEST_ARGS, *options, *ids], ROOT, timeout, env)
    if status in (4, 5):  # an id pytest could not find (usage error, nothing collected): all
        status = _run(pytest, ROOT, timeout, env)
    return status


def _options(tests: list[str]) -> list[str]:
    """The options of a test selection (``--deselect X``, ``-k E``), without its files."""
    found = []
    for i, item in enumerate(tests):
        if item.startswith("-"):
            found += tests[i : i + 2]
    return found


def _statement_verdicts(tally: Tally, results: dict[str, Any]) -> Tally:
    tally.generated, tally.killed = results["generated"], results["killed"]
    tally.timeout, tally.not_run = results["timeout"], results["not_run"]
    for m in results["survivors"]:
        verdict, reason = classify.classify_statement(
            Path(m["file"]).name,
            m["operator"],
            m["segment"],
            m["original"],
            m.get("in_message", False),
        )
        first = m["segment"].splitlines()[0] if m["segment"] else ""
        entry = f"{m['file']}: {m['operator']} line {m['line']}: `{first}` -> `{m['replacement']}`"
        if verdict == "gap":
            tally.gaps.append(entry)
        elif verdict == "message-only":
            tally.message_only.append(entry)
        else:
            tally.equivalent.append(f"{entry} ({reason})")
    return tally


def report(results: dict[str, list[Tally]], missing: list[str]) -> str:
    lines = [
        "# Mutation testing: survivors report",
        "",
        "| module | engine | generated | killed | timeout | survived: message-only | "
        "survived: equivalent | survived: gap | not run |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for pattern, tallies in results.items():
        for t in tallies:
            lines.append(
                f"| `{pattern}` | {t.engine} | {t.generated} | {t.killed} | {t.timeout} | "
                f"{len(t.message_only)} | {len(t.equivalent)} | {len(t.gaps)} | {t.not_run} |"
            )
    for pattern in missing:
        lines.append(
            f"| `{pattern}` | - | no file matches: update [tool.mutmut.modules] | | | | | | |"
        )
    for pattern, tallies in results.items():
        for t in tallies:
            if t.gaps or t.equivalent:
                lines += ["", f"## `{pattern}` ({t.engine})", ""]
                lines += [f"- GAP: {g}" for g in t.gaps]
                lines += [f"- equivalent: {e}" for e in t.equivalent]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*")
    parser.add_argument("--engine", choices=["both", "mutmut", "statements"], default="both")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per module/engine")
    parser.add_argument("--report", type=Path, default=BUILD / "report.md")
    parser.add_argument(
        "--mode",
        choices=["run", "reclassify", "recheck"],
        default="run",
        help="reclassify: the last run's results again; recheck: rerun its survivors on "
        "today's tests",
    )
    args = parser.parse_args(argv)
    try:
        return _main(args, parser)
    except RunFailed as exc:
        print(f"run.py: {exc}", file=sys.stderr)
        return 2


def _main(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    os.nice(15)  # every child inherits it: the machine is shared
    base, modules = load_config()
    chosen = args.patterns or list(modules)
    unknown = [p for p in chosen if p not in modules]
    if unknown:
        parser.error(f"not in [tool.mutmut.modules]: {', '.join(unknown)}")
    results: dict[str, list[Tally]] = {}
    missing = []
    for pattern in chosen:
        if not any(
            fnmatch.fnmatch(str(p.relative_to(ROOT / "src")), pattern)
            for p in (ROOT / "src").rglob("*.py")
        ):
            missing.append(pattern)
            continue
        tests = modules[pattern]
        tallies = []
        if args.engine in ("both", "mutmut"):
            tallies.append(run_mutmut(pattern, tests, base, args.budget, mode=args.mode))
        if args.engine in ("both", "statements"):
            tallies.append(run_statements(pattern, tests, args.budget, mode=args.mode))
        results[pattern] = tallies
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report(results, missing), "utf-8")
        for t in tallies:
            print(
                f"{pattern} [{t.engine}]: {t.generated} generated, {t.killed} killed, "
                f"{t.timeout} timeout, {len(t.message_only)} message-only, "
                f"{len(t.equivalent)} equivalent, {len(t.gaps)} gaps, {t.not_run} not run",
                flush=True,
            )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(results, missing), "utf-8")
    print(f"report: {args.report}")
    return 1 if any(t.gaps for ts in results.values() for t in ts) else 0


if __name__ == "__main__":
    raise SystemExit(main())

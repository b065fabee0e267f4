"""Turn ``bench_core.py`` output into the docs' chart: an SVG of ratios and a Markdown table.

Usage::

    python benchmarks/bench_core.py --quick | tee bench.txt
    python benchmarks/bench_chart.py bench.txt --svg docs/assets/bench-core.svg > table.md

Input (a file, or ``-`` for stdin) is read in either form:

* a JSON line (an object) anywhere in the output, the last one winning, with ``results``
  either a list of ``{"operation": "decode v4.local", "pasetokit": ops, "pyseto": ops}``
  (optional ``"ratio"``, ``"bar"``, and ``"q1"``/``"q3"`` ratio quartiles) or a mapping
  ``{"decode v4.local": {"pasetokit": ops, "pyseto": ops, ...}}``; ``"python"`` and
  ``"pasetokit"`` / ``"pyseto"`` versions are shown when present;
* the plain table ``bench_core.py`` prints today (``operation  pasetokit/s  pyseto/s  ratio``).

Only ratios are charted (absolute rates depend on the machine); the table keeps the rates.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

_TABLE_ROW = re.compile(
    r"^(?P<op>(?:encode|decode) v4\.(?:local|public))\s+(?P<ours>[\d,.]+)\s+(?P<theirs>[\d,.]+)"
    r"\s+(?P<ratio>[\d.]+)x(?:\s+>=(?P<bar>[\d.]+)x)?"
)
TIMES = "\u00d7"  # the multiplication sign, written as an escape for linters
GE = "\u2265"
_HEADER = re.compile(
    r"^python (?P<python>\S+) \| pasetokit (?P<ours>\S+) \| pyseto (?P<theirs>\S+)"
)


@dataclass(frozen=True, slots=True)
class Row:
    operation: str
    ours: float
    theirs: float
    ratio: float
    bar: float | None = None
    q1: float | None = None
    q3: float | None = None


@dataclass(frozen=True, slots=True)
class Run:
    rows: list[Row]
    context: str


def _row(operation: str, data: dict[str, Any]) -> Row:
    ours, theirs = float(data["pasetokit"]), float(data["pyseto"])
    if ours <= 0 or theirs <= 0:
        raise ValueError(f"{operation}: rates must be positive")

    def opt(name: str) -> float | None:
        value = data.get(name)
        return None if value is None else float(value)

    ratio = opt("ratio")
    return Row(
        operation=operation,
        ours=ours,
        theirs=theirs,
        ratio=ours / theirs if ratio is None else ratio,
        bar=opt("bar"),
        q1=opt("q1"),
        q3=opt("q3"),
    )


def _from_json(obj: dict[str, Any]) -> Run:
    results = obj.get("results")
    if isinstance(results, dict):
        rows = [_row(str(op), dict(data)) for op, data in results.items()]
    elif isinstance(results, list):
        rows = [_row(str(item["operation"]), dict(item)) for item in results]
    else:
        raise ValueError("the JSON line has no 'results' list or mapping")
    parts = [f"{name} {obj[name]}" for name in ("python", "pasetokit", "pyseto") if name in obj]
    return Run(rows=rows, context=" | ".join(parts))


def parse(text: str) -> Run:
    """The last JSON object line if there is one, else the printed table."""
    for raw in reversed(text.splitlines()):
        line = raw.strip()
        if line.startswith("{") and line.endswith("}"):
            obj = json.loads(line)
            if isinstance(obj, dict) and "results" in obj:
                return _from_json(obj)
    rows, context = [], ""
    for line in text.splitlines():
        if header := _HEADER.match(line):
            context = " | ".join(
                f"{name} {header[group]}"
                for name, group in (
                    ("python", "python"),
                    ("pasetokit", "ours"),
                    ("pyseto", "theirs"),
                )
            )
        elif match := _TABLE_ROW.match(line.strip()):
            rows.append(
                Row(
                    operation=match["op"],
                    ours=float(match["ours"].replace(",", "")),
                    theirs=float(match["theirs"].replace(",", "")),
                    ratio=float(match["ratio"]),
                    bar=None if match["bar"] is None else float(match["bar"]),
                )
            )
    if not rows:
        raise ValueError("no benchmark results found (neither a JSON line nor the table)")
    return Run(rows=rows, context=context)


def markdown(run: Run) -> str:
    lines = [
        "| operation | pasetokit / pyseto | bar | pasetokit ops/s | pyseto ops/s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in run.rows:
        spread = f" (q1 {row.q1:.2f}, q3 {row.q3:.2f})" if row.q1 and row.q3 else ""
        bar = "" if row.bar is None else f"{GE} {row.bar:.1f}{TIMES}"
        lines.append(
            f"| {row.operation} | **{row.ratio:.2f}{TIMES}**{spread} | {bar} | "
            f"{row.ours:,.0f} | {row.theirs:,.0f} |"
        )
    return "\n".join(lines) + "\n"


def svg(run: Run, *, width: int = 640) -> str:
    """A horizontal bar per operation: the ratio, a tick at its bar, a line at 1x (parity)."""
    left, right, top, row_h = 130, 60, 34, 34
    height = top + row_h * len(run.rows) + 30
    scale_max = max([r.ratio for r in run.rows] + [r.bar or 0 for r in run.rows] + [1.0]) * 1.1
    plot = width - left - right

    def x(value: float) -> float:
        return left + plot * value / scale_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f'<text x="{left}" y="20" font-weight="bold">pasetokit speed relative to pyseto '
        f"(higher is faster; 1{TIMES} = parity)</text>",
    ]
    for i, row in enumerate(run.rows):
        y = top + i * row_h
        out.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(row.operation)}</text>'
        )
        out.append(
            f'<rect x="{left}" y="{y + 4}" width="{x(row.ratio) - left:.1f}" height="{row_h - 12}" '
            'fill="#3f6ec6"/>'
        )
        label_x = x(max(row.ratio, row.bar or 0.0)) + 6  # right of the bar and of its tick
        out.append(f'<text x="{label_x:.1f}" y="{y + 17}">{row.ratio:.2f}{TIMES}</text>')
        if row.bar is not None:
            tick = x(row.bar)
            out.append(
                f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{y + 1}" y2="{y + row_h - 5}" '
                'stroke="#d9822b" stroke-width="2"><title>bar</title></line>'
            )
    bottom = top + row_h * len(run.rows)
    out.append(
        f'<line x1="{x(1.0):.1f}" x2="{x(1.0):.1f}" y1="{top}" y2="{bottom}" stroke="#555" '
        'stroke-dasharray="4 3"/>'
    )
    legend = "orange tick: target bar" + (f" | {run.context}" if run.context else "")
    out.append(
        f'<text x="{left}" y="{bottom + 20}" font-size="11" fill="#555">{escape(legend)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("input", help="bench_core.py output (a file, or '-' for stdin)")
    ap.add_argument("--svg", metavar="FILE", help="write the chart to FILE")
    args = ap.parse_args(argv)
    text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text("utf-8")
    try:
        run = parse(text)
    except ValueError as exc:
        sys.stderr.write(f"bench_chart: {exc}\n")
        return 1
    if args.svg:
        Path(args.svg).write_text(svg(run), "utf-8")
    sys.stdout.write(markdown(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())

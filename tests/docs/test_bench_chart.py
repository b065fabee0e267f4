"""benchmarks/bench_chart.py: both input forms, the chart and the table."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import bench_chart

TABLE = """\
python 3.11.7 | pasetokit 0.1.0 | pyseto 1.10.0 | pool 512 tokens | 3 interleaved rounds
operation         pasetokit/s    pyseto/s    ratio     bar  result
------------------------------------------------------------------
encode v4.local         8,450       5,744    1.47x  >=1.1x  PASS
decode v4.public        2,292       1,320    1.74x  >=2.5x  FAIL
"""


def test_parses_the_printed_table() -> None:
    run = bench_chart.parse(TABLE)
    assert [(r.operation, r.ours, r.theirs, r.ratio, r.bar) for r in run.rows] == [
        ("encode v4.local", 8450.0, 5744.0, 1.47, 1.1),
        ("decode v4.public", 2292.0, 1320.0, 1.74, 2.5),
    ]
    assert run.context == "python 3.11.7 | pasetokit 0.1.0 | pyseto 1.10.0"


def test_the_last_json_line_wins_and_ratios_are_computed() -> None:
    first = {"results": [{"operation": "decode v4.local", "pasetokit": 1, "pyseto": 1}]}
    last = {
        "python": "3.12.1",
        "results": {"decode v4.local": {"pasetokit": 300, "pyseto": 100, "q1": 2.9, "q3": 3.1}},
    }
    run = bench_chart.parse(f"{TABLE}{json.dumps(first)}\nnoise\n{json.dumps(last)}\n")
    (row,) = run.rows
    assert (row.ratio, row.q1, row.q3) == (3.0, 2.9, 3.1)
    assert "(q1 2.90, q3 3.10)" in bench_chart.markdown(run)
    assert run.context == "python 3.12.1"


def test_svg_is_well_formed_with_one_bar_per_operation() -> None:
    run = bench_chart.parse(TABLE)
    root = ElementTree.fromstring(bench_chart.svg(run))  # noqa: S314 - our own output
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 2
    assert float(rects[1].get("width", "0")) > float(rects[0].get("width", "0"))  # 1.74 > 1.47


def test_no_results_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "out.txt"
    empty.write_text("sanity: failed\n", "utf-8")
    assert bench_chart.main([str(empty)]) == 1
    assert "no benchmark results" in capsys.readouterr().err


def test_the_committed_chart_matches_the_committed_run(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "assets"
    out = tmp_path / "chart.svg"
    assert bench_chart.main([str(docs / "bench-core.txt"), "--svg", str(out)]) == 0
    assert out.read_text("utf-8") == (docs / "bench-core.svg").read_text("utf-8")

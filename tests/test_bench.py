"""`make bench` (helpers.bench): the arithmetic, the target verdicts and the report.

Nothing here judges a time: the benchmark reports, the tests only check that it can.
"""

import json
import random

import nbformat
import pytest

from helpers import bench, build, site
from tests.notebooks import ROOT


def test_summary_gives_the_median_and_the_95th_percentile_in_milliseconds():
    summary = bench.summary_ms([i / 1000 for i in range(1, 101)])      # 1 … 100 ms
    assert summary == {"n": 100, "median_ms": 50.5, "p95_ms": 95.05, "min_ms": 1.0,
                       "max_ms": 100.0}
    assert bench.summary_ms([0.002])["p95_ms"] == 2.0


def _row(learners, pool, first_p95=6.5, tick_p95=120.0, refill=None):
    return {"pool": pool, "learners": learners, "refill_delay_s": refill,
            "interactive": learners, "first_interactive_p50_s": 4.0,
            "first_interactive_p95_s": first_p95, "tick_update_p50_ms": 60.0,
            "tick_update_p95_ms": tick_p95, "memory_per_learner_mb": 110.0,
            "server_cpu_s_per_learner": 2.5,
            "cpu_s_per_learner": {"server": 0.5, "learner_kernels": 1.2, "other_kernels": 0.8},
            "load_before": 3.2}


def _capacity(rows=None):
    return {"date": "2026-11-26 05:10 UTC", "load_average_start": 3.0,
            "load_average_end": 4.0, "notebook": "04_signs_and_risk.ipynb",
            "box": "Active cancer", "ticks_per_learner": 4, "timeout_s": 120.0,
            "tick_timeout_s": 30.0, "assets": 96,
            "assets_from": "one headless Chromium load",
            "goal": {"learners": 30, "first_interactive_p95_s": 10.0, "tick_p95_ms": 300.0},
            "rows": rows if rows is not None else {
                "no pool, 30 learners": _row(30, 0, first_p95=None, tick_p95=900.0),
                "pool of 30, 30 learners": _row(30, 30),
                "pool of 60, 60 learners": {"pool": 60, "learners": 60,
                                            "refill_delay_s": None,
                                            "error": "Voila did not start"}}}


def _results(ratio=1.5, model_ms=5.0, p95_ms=10.0, page=500_000, imports_ms=200.0):
    return {
        "date": "2026-11-25",
        "machine": {"cpu_count": 2, "cpu_model": "", "python": "3.11.7",
                    "implementation": "CPython", "platform": "Linux", "packages": {"numpy": "2"},
                    "load_average_start": 0.5, "load_average_end": 0.6},
        "notebooks": {"repeat": 3, "total_seconds": 6 * ratio, "floor_total_seconds": 6.0,
                      "ratio": ratio,
                      "notebooks": {"00_start_here": {"seconds": ratio, "floor_seconds": 1.0,
                                                      "ratio": ratio}}},
        "imports": {"import helpers": {"median_ms": 1.0},
                    "00_start_here: Imports cell": {"median_ms": imports_ms,
                                                    "measured_in": "kernel"}},
        "models": {"m()": {"first_ms": 9.0, "median_ms": model_ms, "p95_ms": model_ms}},
        "widgets": {"w": {"n": 60, "build_ms": 3.0, "median_ms": 1.0, "p95_ms": p95_ms,
                          "max_ms": p95_ms}},
        "site": {"full_seconds": 30.0, "render_seconds": 2.0, "pages": {"a.html": page}},
        "capacity": _capacity(),
    }


def test_every_target_is_met_within_its_limit():
    assert all(t["met"] for t in bench.targets(_results()))


@pytest.mark.parametrize("over, name", [
    ({"ratio": 2.01}, "whole collection ≤ 2 × kernel floor"),
    ({"imports_ms": 351.0}, "every Imports cell ≤ 0.35 s"),
    ({"model_ms": 20.5}, "every model ≤ 20 ms"),
    ({"p95_ms": 50.1}, "every widget callback p95 ≤ 50 ms"),
    ({"page": 1_000_001}, "every page ≤ 1 MB")])
def test_a_target_over_its_limit_is_reported_not_met(over, name):
    results = _results(**over)
    verdicts = {t["target"]: t["met"] for t in bench.targets(results)}
    assert [k for k, met in verdicts.items() if not met] == [name]
    results["targets"] = bench.targets(results)
    report = bench.markdown(results)
    assert f"| {name} |" in report and "**NOT MET**" in report


def test_report_has_the_machine_a_date_line_and_every_section():
    results = _results()
    results["targets"] = bench.targets(results)
    report = bench.markdown(results)
    assert report.count("2026-11-25") == 1 and "2 CPUs" in report and "Python 3.11.7" in report
    for heading in ("## Targets", "## Notebooks against the kernel floor", "## Importing helpers",
                    "## Models at default settings", "## Widget callbacks", "## Site",
                    "## Classroom capacity (Voila)"):
        assert heading in report
    assert "| 30 | none | 30/30 | 4.0 | — | 60 | 900 | 110 | 2.5 = 0.5 + 1.2 + 0.8 | 3.2 |" \
        in report
    assert "| 30 | pool of 30 | 30/30 | 4.0 | 6.5 | 60 | 120 |" in report
    assert "| 60 | pool of 60 | failed: Voila did not start |" in report
    assert "measured 2026-11-26 05:10 UTC with the machine's load average at 3.0" in report


@pytest.mark.parametrize("name", bench.WIDGETS)
def test_every_widget_driver_builds_its_widget_and_makes_changes(name):
    row = bench.drive(bench.WIDGETS[name], changes=2)
    assert row["n"] == 2 and set(row) >= {"build_ms", "median_ms", "p95_ms", "max_ms"}


def test_a_widget_change_is_always_a_real_change():
    rng = random.Random(1)
    assert all(bench._different(rng, [1, 2, 3], 2) != 2 for _ in range(50))


def test_every_model_runs_at_default_settings():
    assert set(bench.models(calls=1)) == set(bench._model_calls())


def test_committed_summary_is_the_report_of_the_committed_results():
    # After changing the report's layout: python -m helpers.bench --render-only
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    assert (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8") == \
        bench.markdown(results)
    assert results["targets"] == bench.targets(results)


def _notebook(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_imports_row_times_the_cell_tagged_imports_after_the_colab_cell(tmp_path):
    colab = nbformat.v4.new_code_cell("import sys  # Colab", metadata={"tags": ["colab-install"]})
    path = _notebook(tmp_path, [
        nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 'before'"),
        nbformat.v4.new_markdown_cell("## Setup"), colab,
        nbformat.v4.new_code_cell("from helpers import quiz", metadata={"tags": ["imports"]}),
        nbformat.v4.new_markdown_cell("## 1. First"), nbformat.v4.new_code_cell("quiz")])
    assert bench.imports_cell(path) == (["import sys  # Colab"], "from helpers import quiz")


def test_a_notebook_without_an_imports_cell_is_an_error(tmp_path):
    path = _notebook(tmp_path, [nbformat.v4.new_markdown_cell("## Setup"),
                                nbformat.v4.new_markdown_cell("## 1. First"),
                                nbformat.v4.new_code_cell("import helpers")])
    with pytest.raises(ValueError, match="no code cell tagged 'imports'"):
        bench.imports_cell(path)


@pytest.mark.parametrize("path", build.notebook_paths(ROOT / "notebooks"), ids=lambda p: p.stem)
def test_every_notebooks_imports_row_is_its_helpers_import_not_the_colab_cell(path):
    before, code = bench.imports_cell(path)
    assert before == [site.colab_cell_source()]
    assert code.startswith("from helpers import") and "google.colab" not in code


def test_the_imports_cell_runs_after_the_colab_cell_in_a_kernel_and_a_failure_is_an_error(
        tmp_path):
    assert bench.kernel_cell_seconds(["x = 1"], "assert x == 1", tmp_path) > 0
    with pytest.raises(RuntimeError, match="the Imports cell failed: No module named"):
        bench.kernel_cell_seconds([], "import no_such_module_here", tmp_path)


def test_precompile_leaves_bytecode_for_every_module(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text("X = 1\n")
    assert bench.precompile(package)
    cached = sorted(p.name.split(".")[0] for p in (package / "__pycache__").glob("*.pyc"))
    assert cached == ["__init__", "model"]


def test_floor_summary_compares_the_fastest_rounds_so_a_stalled_start_does_not_count():
    summary = bench.floor_summary({"a": ([1.2, 4.0, 1.1], [4.0, 0.9, 4.0]),
                                   "b": ([1.5, 1.4, 4.1], [1.0, 0.8, 0.9])}, 3)
    assert summary["notebooks"]["a"]["seconds"] == 1.1
    assert summary["notebooks"]["a"]["floor_seconds"] == 0.9
    assert summary["total_seconds"] == 2.5 and summary["floor_total_seconds"] == 1.7
    assert summary["ratio"] == round(2.5 / 1.7, 2)


def test_a_failed_capacity_row_stays_one_table_row():
    rows = {"10-0": {"pool": 0, "learners": 10, "refill_delay_s": None,
                     "error": "RuntimeError: Voila did not start\nsee voila-1.log"}}
    lines = bench._capacity_markdown(_capacity(rows))
    row = [x for x in lines if x.startswith("| 10 |")]
    assert len(row) == 1 and "Voila did not start" in row[0] and "voila-1.log" not in row[0]


GOAL = "30 learners: first interactive p95 ≤ 10 s, tick p95 ≤ 300 ms"


@pytest.mark.parametrize("rows, met, measured", [
    ({"a": _row(30, 0, first_p95=None), "b": _row(30, 30, first_p95=9.9, tick_p95=299.0)},
     True, "best pool of 30: 9.9 s, 299 ms"),
    ({"a": _row(30, 30, first_p95=10.1)}, False, "best pool of 30: 10.1 s, 120 ms"),
    ({"a": _row(30, 30, tick_p95=301.0)}, False, "best pool of 30: 6.5 s, 301 ms"),
    ({"a": _row(30, 0, first_p95=None)}, False, "best no pool: — s, 120 ms"),
    ({"a": _row(30, 30, first_p95=12.0), "b": _row(30, 30, first_p95=8.0, refill=600.0)},
     True, "best pool of 30, refilled after 600 s: 8.0 s, 120 ms")],
    ids=["one-row-meets", "slow-start", "slow-tick", "not-all-served", "late-refill"])
def test_the_classroom_goal_is_met_only_by_a_30_learner_row_within_both_limits(
        rows, met, measured):
    results = _results()
    results["capacity"] = _capacity(rows)
    verdict = bench.targets(results)[-1]
    assert (verdict["target"], verdict["met"], verdict["measured"]) == (GOAL, met, measured)


def test_without_a_30_learner_row_the_goal_is_not_judged():
    results = _results()
    results["capacity"] = _capacity({"a": _row(10, 0)})
    assert GOAL not in {t["target"] for t in bench.targets(results)}
    del results["capacity"]
    assert len(bench.targets(results)) == 5

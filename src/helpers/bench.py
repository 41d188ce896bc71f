"""Benchmarks for ``make bench``: how long learners and teachers wait, measured against the one
wait nobody can avoid, starting a kernel.

``python -m helpers.bench [--out benchmarks] [--repeat 3] [--changes 60]`` measures, in one run
on this machine:

- each notebook's execution, each paired with an empty notebook executed just before it (the
  kernel floor), both through :func:`helpers.build.execute`, so with the same nbclient settings;
- the import time of ``helpers``: the package and every module, each in a fresh interpreter,
  and every notebook's Imports cell in a fresh kernel, after the Colab cell, as a learner runs it;
- each model's solve time at default settings;
- each widget's callback latency over many programmatic changes (median and 95th percentile);
- the site's build time and the size of each page;
- the classroom capacity of the Voila app: 1, 10, 30 and 60 protocol-level learners at once,
  without and with a pre-heated kernel pool (:mod:`helpers.capacity`; ``--learners=`` skips it,
  ``--capacity-only`` measures only it and keeps the other sections of ``results.json``).

It prints the tables, writes every number to ``results.json`` and the tables to ``RESULTS.md``
in ``--out``, and says which targets are met. The test suite never times anything; this does.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import json
import os
import pkgutil
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import helpers
from helpers import build, capacity, site

IMPORTS_TAG = "imports"
TARGETS = {
    "collection_vs_floor": 2.0,         # whole collection ≤ 2 × the kernel floor
    "imports_cell_s": 0.35,             # every notebook's Imports cell in a kernel (median)
    "model_ms": 20.0,                   # every model at default settings (median)
    "callback_p95_ms": 50.0,            # every widget callback, 95th percentile
    "page_bytes": site.MAX_PAGE_BYTES,  # every page
}
PACKAGES = ("numpy", "scipy", "matplotlib", "ipywidgets", "ipykernel", "nbclient", "nbconvert")
SEED = 9


# --- measuring ----------------------------------------------------------------------------------

def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """Median, 95th percentile, minimum and maximum of ``seconds``, in milliseconds."""
    ordered = sorted(seconds)
    p95 = (statistics.quantiles(ordered, n=20, method="inclusive")[-1] if len(ordered) > 1
           else ordered[0])
    return {"n": len(ordered), "median_ms": _ms(statistics.median(ordered)),
            "p95_ms": _ms(p95), "min_ms": _ms(ordered[0]), "max_ms": _ms(ordered[-1])}


def timed(action: Callable[[], Any]) -> float:
    """Seconds that ``action()`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@contextlib.contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Send this process's stderr (and so the kernels' start-up warnings) to ``path``."""
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("ab") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"cpu_count": os.cpu_count(), "cpus_usable": usable, "cpu_model": model,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(),
            "packages": {p: metadata.version(p) for p in PACKAGES},
            "load_average_start": _load()}


def precompile(package: Path = Path(helpers.__file__).parent) -> bool:
    """Byte-compile ``package`` as a learner's first import does, so no kernel here recompiles
    it from source (this machine sets PYTHONDONTWRITEBYTECODE, which a learner's does not)."""
    return bool(compileall.compile_dir(package, quiet=1))


def _load() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


# --- notebooks against the kernel floor ---------------------------------------------------------

def notebooks(paths: list[Path], repeat: int, scratch: Path) -> dict[str, Any]:
    """Each notebook's execution time and that of an empty notebook run just before it.

    Both go through :func:`helpers.build.execute` on a copy in ``scratch``; one unrecorded empty
    run warms up the client first. See :func:`floor_summary` for how the rounds are compared.
    """
    import nbformat

    empty = scratch / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), empty)
    count = iter(range(1_000_000))

    def run(source: Path) -> float:
        folder = scratch / f"run{next(count)}"
        folder.mkdir()
        copy = folder / source.name
        shutil.copy(source, copy)
        return timed(lambda: build.execute(copy))

    samples = {p.stem: {"run": [], "floor": []} for p in paths}
    with _stderr_to(scratch / "kernels.log"):
        run(empty)
        for _ in range(repeat):
            for path in paths:
                samples[path.stem]["floor"].append(run(empty))
                samples[path.stem]["run"].append(run(path))
    return floor_summary({stem: (s["run"], s["floor"]) for stem, s in samples.items()}, repeat)


def floor_summary(samples: dict[str, tuple[list[float], list[float]]],
                  repeat: int) -> dict[str, Any]:
    """Each notebook's fastest round against the fastest empty run beside it, and the totals.

    The fastest of the rounds, not their median: here a kernel start now and then stalls for
    about 3 s (in empty and real runs alike), which a median of three does not absorb.
    """
    rows = {}
    for stem, (runs, floors) in samples.items():
        seconds, floor = min(runs), min(floors)
        rows[stem] = {"seconds": round(seconds, 3), "floor_seconds": round(floor, 3),
                      "ratio": round(seconds / floor, 2),
                      "samples": [round(x, 3) for x in runs],
                      "floor_samples": [round(x, 3) for x in floors]}
    total = sum(r["seconds"] for r in rows.values())
    floor_total = sum(r["floor_seconds"] for r in rows.values())
    return {"repeat": repeat, "statistic": "fastest", "notebooks": rows,
            "total_seconds": round(total, 3), "floor_total_seconds": round(floor_total, 3),
            "ratio": round(total / floor_total, 2)}


# --- imports ------------------------------------------------------------------------------------

def _import_seconds(code: str) -> float:
    """Seconds that running ``code`` takes in a fresh interpreter (start-up not counted)."""
    program = ("import time\n_start = time.perf_counter()\n"
               f"exec(compile({code!r}, 'imports', 'exec'))\n"
               "print(time.perf_counter() - _start)")
    out = subprocess.run([sys.executable, "-c", program], check=True, capture_output=True,
                         text=True, env={**os.environ, "MPLBACKEND": "agg"})
    return float(out.stdout.strip().splitlines()[-1])


def imports_cell(path: Path) -> tuple[list[str], str]:
    """The code a learner runs before the Imports cell (the Colab cell) and the Imports cell.

    The Imports cell is the code cell tagged ``imports`` (``make tidy`` tags it, in the Setup
    section); the cells before it tagged ``colab-install`` run first. ValueError if none is tagged.
    """
    import nbformat

    before = []
    for cell in nbformat.read(path, as_version=4).cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code":
            continue
        if IMPORTS_TAG in tags:
            return before, cell.source
        if "colab-install" in tags:
            before.append(cell.source)
    raise ValueError(f"{path.name} has no code cell tagged {IMPORTS_TAG!r}")


def kernel_cell_seconds(before: list[str], code: str, cwd: Path) -> float:
    """Seconds that ``code`` takes in a fresh kernel started in ``cwd``, after ``before`` ran.

    Timed as a learner waits for it: from sending the cell to the kernel going idle again.
    """
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        for source in before:
            kc.execute_interactive(source, timeout=60, output_hook=lambda _msg: None)
        start = time.perf_counter()
        reply = kc.execute_interactive(code, timeout=120, output_hook=lambda _msg: None)
        seconds = time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the Imports cell failed: {reply['content'].get('evalue')}")
    return seconds


def imports(paths: list[Path], repeat: int, scratch: Path | None = None) -> dict[str, Any]:
    """Median import time of the package and every module (each in a fresh interpreter), and
    of each notebook's Imports cell in a fresh kernel, after the Colab cell, as a learner runs it.
    """
    modules = sorted(m.name for m in pkgutil.iter_modules(helpers.__path__)
                     if m.name != "bench")
    rows = {}

    def row(name: str, seconds: list[float], kind: str) -> None:
        rows[name] = {"median_ms": _ms(statistics.median(seconds)),
                      "samples_ms": [_ms(x) for x in seconds], "measured_in": kind}

    row("import helpers", [_import_seconds("import helpers") for _ in range(repeat)],
        "interpreter")
    log = (scratch or Path(tempfile.gettempdir())) / "kernels.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with _stderr_to(log):
        for path in paths:
            before, code = imports_cell(path)
            seconds = [kernel_cell_seconds(before, code, path.parent) for _ in range(repeat)]
            row(f"{path.stem}: Imports cell", seconds, "kernel")
    every = "\n".join(f"import helpers.{m}" for m in modules)
    row("every helpers module", [_import_seconds(every) for _ in range(repeat)], "interpreter")
    return rows


# --- models -------------------------------------------------------------------------------------

def _model_calls() -> dict[str, Callable[[], Any]]:
    from helpers import (
        coagulation,
        ischemia,
        ischemia_views,
        nerve_views,
        nerves,
        pathway,
        pharmacology,
        prognosis,
    )

    return {
        "coagulation.thrombin_generation()": coagulation.thrombin_generation,
        "ischemia.compression_state(0.5)":
            lambda: ischemia.compression_state(ischemia_views.DEFAULT_OBSTRUCTION),
        "ischemia.compression_curve()": ischemia.compression_curve,
        "nerves.localize(default selection)":
            lambda: nerves.localize(nerve_views.DEFAULT_SELECTION),
        "pathway.simulate_cohort()": pathway.simulate_cohort,
        "pharmacology.scenario('warfarin')": lambda: pharmacology.scenario("warfarin"),
        "pharmacology.scenario('rivaroxaban')": lambda: pharmacology.scenario("rivaroxaban"),
        "prognosis.recurrence_curves()": prognosis.recurrence_curves,
    }


def models(calls: int) -> dict[str, Any]:
    """Each model at default settings: the first call, then ``calls`` more."""
    rows = {}
    for name, call in _model_calls().items():
        first = timed(call)
        rows[name] = {"first_ms": _ms(first), **summary_ms([timed(call) for _ in range(calls)])}
    return rows


# --- widgets ------------------------------------------------------------------------------------

def _different(rng: random.Random, choices: list[Any], current: Any) -> Any:
    """A random choice that differs from ``current`` (a change that fires the callback)."""
    return rng.choice([c for c in choices if c != current])


def _drive_explorer(live: Any, rng: random.Random) -> Callable[[int], None]:
    """Move one control of a declared explorer (``display.Live``) to another of its stops."""
    keys = [k for k, w in live.widgets.items() if hasattr(w, "options") or hasattr(w, "indent")]

    def change(i: int) -> None:
        widget = live.widgets[keys[i % len(keys)]]
        if hasattr(widget, "options"):
            widget.value = _different(rng, [v for _label, v in widget.options], widget.value)
        else:
            widget.value = not widget.value
    return change


def _drive_thrombin(rng: random.Random) -> Callable[[int], None]:
    from helpers import coagulation_views

    return _drive_explorer(coagulation_views.thrombin_explorer(), rng)


def _drive_compression(rng: random.Random) -> Callable[[int], None]:
    from helpers import ischemia_views

    _box, c = ischemia_views.build_explorer()
    obstruction = [v for _label, v in c.obstruction.options]
    diastolic = [float(x) for x in range(40, 125, 5)]

    def change(i: int) -> None:
        if i % 5 == 4:
            c.diastolic.value = _different(rng, diastolic, c.diastolic.value)
        else:
            c.obstruction.value = _different(rng, obstruction, c.obstruction.value)
    return change


def _drive_nerve_map(rng: random.Random) -> Callable[[int], None]:
    from helpers import nerve_views, nerves

    c = nerve_views.explorer().controls
    boxes = [c.widgets[nerve_views.control_key(n)] for n in nerves.region_names()]

    def change(_i: int) -> None:
        box = rng.choice(boxes)
        box.value = not box.value
    return change


def _drive_checklist(rng: random.Random) -> Callable[[int], None]:
    from helpers import checklist_views

    c = checklist_views.build_checklist()
    boxes = [b for panel in c.boxes.values() for b in panel.values()]
    ages = ["", "64", "abc", "81.5", "130", "-3"]

    def change(i: int) -> None:
        if i % 5 == 4:
            c.age.value = _different(rng, ages, c.age.value)
        else:
            box = rng.choice(boxes)
            box.value = not box.value
    return change


def _drive_comparison(rng: random.Random) -> Callable[[int], None]:
    from helpers import differential_views

    c = differential_views.comparison().controls
    dropdowns = list(c.widgets.values())

    def change(i: int) -> None:
        dropdown = rng.choice(dropdowns)
        dropdown.value = _different(rng, [v for _label, v in dropdown.options], dropdown.value)
    return change


def _drive_fagan(rng: random.Random) -> Callable[[int], None]:
    from helpers import differential_views

    c = differential_views.fagan().controls
    pretest = [v for _label, v in c.pretest.options]

    def change(i: int) -> None:
        if i % 4 == 3:
            c.result.value = _different(rng, [v for _label, v in c.result.options],
                                        c.result.value)
        else:
            c.pretest.value = _different(rng, pretest, c.pretest.value)
    return change


def _drive_dosing(rng: random.Random) -> Callable[[int], None]:
    from helpers import pharmacology_views

    _box, c = pharmacology_views.build_explorer()
    return _drive_explorer(c, rng)


def _drive_villalta(rng: random.Random) -> Callable[[int], None]:
    from helpers import villalta_views

    c = villalta_views.build_calculator()
    items = list(c.items.values())

    def change(i: int) -> None:
        if i % 8 == 7:
            c.ulcer.value = not c.ulcer.value
            return
        item = rng.choice(items)
        item.value = _different(rng, [v for _label, v in item.options], item.value)
    return change


def _drive_quiz(rng: random.Random) -> Callable[[int], None]:
    from helpers import course, quiz

    items = []
    for lesson in course.lessons():
        with contextlib.suppress(ValueError):          # a lesson without a quiz yet
            items += quiz.build_widget(quiz.load_quiz(lesson.stem))[1]
    answers = ["6", "2.5", "45", "abc", "720", "", "-3"]

    def change(_i: int) -> None:
        item = rng.choice(items)
        if item.question.kind == "numeric":
            item.answer.value = rng.choice(answers)
        else:
            item.answer.index = rng.randrange(len(item.answer.options))
        item.check.click()                             # the callback: mark and explain
    return change


WIDGETS: dict[str, Callable[[random.Random], Callable[[int], None]]] = {
    "thrombin explorer (01)": _drive_thrombin,
    "compression explorer (02)": _drive_compression,
    "nerve map explorer (03)": _drive_nerve_map,
    "risk checklist (04)": _drive_checklist,
    "comparison tool (05)": _drive_comparison,
    "Fagan nomogram (05)": _drive_fagan,
    "dosing explorer (06)": _drive_dosing,
    "Villalta calculator (07)": _drive_villalta,
    "quiz check button (all)": _drive_quiz,
}


def drive(driver: Callable[[random.Random], Callable[[int], None]], changes: int
          ) -> dict[str, Any]:
    """Build one widget (timed), then make ``changes`` seeded changes, each one timed."""
    start = time.perf_counter()
    change = driver(random.Random(SEED))
    build_seconds = time.perf_counter() - start
    latencies = [timed(lambda i=i: change(i)) for i in range(changes)]
    return {"build_ms": _ms(build_seconds), **summary_ms(latencies)}


def widgets(changes: int) -> dict[str, Any]:
    """Every widget in WIDGETS driven by ``changes`` changes."""
    return {name: drive(driver, changes) for name, driver in WIDGETS.items()}


# --- the site -----------------------------------------------------------------------------------

def site_build(folder: Path, scratch: Path) -> dict[str, Any]:
    """``make site`` (execute and render) timed once, rendering alone timed once, page sizes."""
    with _stderr_to(scratch / "kernels.log"):
        full = scratch / "site"
        full_seconds = timed(lambda: build.build_site(full, folder, run=True))
    render_seconds = timed(lambda: build.build_site(scratch / "render", folder, run=False))
    pages = {p.name: p.stat().st_size for p in sorted(full.glob("*.html"))}
    return {"full_seconds": round(full_seconds, 3), "render_seconds": round(render_seconds, 3),
            "pages": pages}


# --- classroom capacity (Voila) -----------------------------------------------------------------

def classroom_capacity(folder: Path, scratch: Path, levels: tuple[int, ...] = capacity.LEVELS
                       ) -> dict[str, Any]:
    """Notebook 04 served by Voila as ``make checklist`` serves it, to 1, 10, 30 and 60
    protocol-level learners at once (:mod:`helpers.capacity`), without and with a pre-heated
    pool of one kernel per learner; the date and the machine's load travel with the rows."""
    start, date = _load(), datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    result = capacity.measure(folder, scratch, levels)
    return {"date": date, "load_average_start": start, "load_average_end": _load(), **result}


# --- targets and report -------------------------------------------------------------------------

def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with the value that decides it and whether it is met."""
    nb = results["notebooks"]
    slowest_model = max(results["models"].items(), key=lambda kv: kv[1]["median_ms"])
    slowest_widget = max(results["widgets"].items(), key=lambda kv: kv[1]["p95_ms"])
    largest = max(results["site"]["pages"].items(), key=lambda kv: kv[1])
    over_models = [k for k, v in results["models"].items() if v["median_ms"] > TARGETS["model_ms"]]
    over_widgets = [k for k, v in results["widgets"].items()
                    if v["p95_ms"] > TARGETS["callback_p95_ms"]]
    over_pages = [k for k, v in results["site"]["pages"].items() if v > TARGETS["page_bytes"]]
    cells = {k: v["median_ms"] for k, v in results["imports"].items()
             if k.endswith(": Imports cell")}
    slowest_cell = max(cells.items(), key=lambda kv: kv[1])
    limit_ms = TARGETS["imports_cell_s"] * 1000
    over_cells = [k for k, v in cells.items() if v > limit_ms]
    return [
        {"target": "whole collection ≤ 2 × kernel floor",
         "measured": f"{nb['ratio']:.2f} × ({nb['total_seconds']:.1f} s against "
                     f"{nb['floor_total_seconds']:.1f} s)",
         "met": nb["ratio"] <= TARGETS["collection_vs_floor"], "over": []},
        {"target": f"every Imports cell ≤ {TARGETS['imports_cell_s']:.2f} s",
         "measured": f"slowest {slowest_cell[0].split(':')[0]}: {slowest_cell[1] / 1000:.2f} s",
         "met": not over_cells, "over": over_cells},
        {"target": "every model ≤ 20 ms",
         "measured": f"slowest {slowest_model[0]}: {slowest_model[1]['median_ms']:.1f} ms median",
         "met": not over_models, "over": over_models},
        {"target": "every widget callback p95 ≤ 50 ms",
         "measured": f"slowest {slowest_widget[0]}: {slowest_widget[1]['p95_ms']:.1f} ms",
         "met": not over_widgets, "over": over_widgets},
        {"target": "every page ≤ 1 MB",
         "measured": f"largest {largest[0]}: {largest[1] / 1000:.0f} kB",
         "met": not over_pages, "over": over_pages},
        *_capacity_targets(results),
    ]


def _capacity_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    goal = capacity_goal(results["capacity"]) if "capacity" in results else None
    return [goal] if goal else []


def _table(head: list[str], rows: list[list[Any]], numbers: range | tuple[int, ...] = ()
           ) -> list[str]:
    """A Markdown table; the columns at ``numbers`` are right-aligned."""
    align = ["---:" if i in numbers else "---" for i in range(len(head))]
    return ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |",
            *("| " + " | ".join(str(x) for x in row) + " |" for row in rows)]


def _met(ok: bool) -> str:
    return "met" if ok else "**NOT MET**"


def markdown(results: dict[str, Any]) -> str:
    """The results as the Markdown summary committed in benchmarks/RESULTS.md."""
    m, nb = results["machine"], results["notebooks"]
    cpu = f"{m['cpu_count']} CPUs" + (f" ({m['cpu_model']})" if m["cpu_model"] else "")
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines = ["# Benchmark results", "",
             f"Measured by `make bench` (`python -m helpers.bench`) on {results['date']}, in one "
             "run on one machine. Times are wall-clock; compare runs on the same machine only.",
             "",
             f"Machine: {cpu}, Python {m['python']} ({m['implementation']}) on {m['platform']}; "
             f"load average {m['load_average_start']} at the start and "
             f"{m['load_average_end']} at the end. Packages: {packages}."
             + (" The helpers package was byte-compiled first, as a learner's first import "
                "leaves it." if m.get("helpers_precompiled") else ""), "",
             "## Targets", "",
             *_table(["target", "measured", "result"],
                     [[t["target"], t["measured"], _met(t["met"])] for t in results["targets"]]),
             ""]
    lines += ["## Notebooks against the kernel floor", "",
              "Each notebook executed by `helpers.build.execute` on a copy, right after an empty "
              "notebook executed the same way (the kernel floor); "
              + (f"the fastest of {nb['repeat']} rounds of each (a kernel start here now and "
                 "then stalls for about 3 s, in empty and real runs alike; every round is in "
                 "results.json)." if nb["repeat"] > 1 else "one round."), "",
              *_table(["notebook", "execution (s)", "empty notebook (s)", "ratio"],
                      [[k, f"{v['seconds']:.2f}", f"{v['floor_seconds']:.2f}",
                        f"{v['ratio']:.2f} ×"] for k, v in nb["notebooks"].items()]
                      + [[f"**all {len(nb['notebooks'])}**", f"**{nb['total_seconds']:.2f}**",
                          f"**{nb['floor_total_seconds']:.2f}**", f"**{nb['ratio']:.2f} ×**"]],
                      numbers=(1, 2, 3)),
              ""]
    lines += ["## Importing helpers", "",
              "The package and every module: each in a fresh interpreter, interpreter start-up "
              "not counted. Each notebook's Imports cell (the code cell under its Imports "
              "heading): in a fresh kernel after the Colab cell, as a learner runs it, from "
              "sending the cell to the kernel going idle. Medians.", "",
              *_table(["what", "measured in", "time (ms)"],
                      [[k, v.get("measured_in", "interpreter"), f"{v['median_ms']:.0f}"]
                       for k, v in results["imports"].items()],
                      numbers=(2,)),
              ""]
    lines += ["## Models at default settings", "",
              *_table(["model", "first call (ms)", "median (ms)", "p95 (ms)", "≤ 20 ms"],
                      [[k, f"{v['first_ms']:.2f}", f"{v['median_ms']:.2f}", f"{v['p95_ms']:.2f}",
                        _met(v["median_ms"] <= TARGETS["model_ms"])]
                       for k, v in results["models"].items()], numbers=(1, 2, 3)), ""]
    lines += ["## Widget callbacks", "",
              "Each widget built once, then driven by programmatic changes (seeded), each change "
              "timed from setting the value to the callback's return.", "",
              *_table(["widget", "changes", "build (ms)", "median (ms)", "p95 (ms)", "max (ms)",
                       "p95 ≤ 50 ms"],
                      [[k, v["n"], f"{v['build_ms']:.0f}", f"{v['median_ms']:.1f}",
                        f"{v['p95_ms']:.1f}", f"{v['max_ms']:.1f}",
                        _met(v["p95_ms"] <= TARGETS["callback_p95_ms"])]
                       for k, v in results["widgets"].items()], numbers=(1, 2, 3, 4, 5)), ""]
    s = results["site"]
    lines += ["## Site", "",
              f"`make site` (execute every notebook, then render): {s['full_seconds']:.1f} s. "
              f"Rendering alone, from the committed outputs: {s['render_seconds']:.1f} s.", "",
              *_table(["page", "size (kB)", "≤ 1 MB"],
                      [[k, f"{v / 1000:.0f}", _met(v <= TARGETS["page_bytes"])]
                       for k, v in s["pages"].items()], numbers=(1,)), ""]
    if "capacity" in results:
        lines += _capacity_markdown(results["capacity"])
    return "\n".join(lines)


def _seconds(x: float | None, digits: int = 1) -> str:
    """A wait for the table; "—" when a learner or tick never got its answer."""
    return "—" if x is None else f"{x:.{digits}f}"


def _pool(r: dict[str, Any], none: str = "none") -> str:
    """How a capacity row pre-heated: no pool, a pool, or a pool refilled only after a delay."""
    if not r["pool"]:
        return none
    late = r.get("refill_delay_s")
    return f"pool of {r['pool']}" + (f", refilled after {late:g} s" if late is not None else "")


def capacity_goal(section: dict[str, Any]) -> dict[str, Any] | None:
    """The classroom goal (issue 22) judged on the measured rows for its class size: met when
    some row (with or without a pool) meets both limits; None if that size was not measured."""
    goal = section["goal"]
    rows = [r for r in section["rows"].values()
            if r["learners"] == goal["learners"] and "error" not in r]
    if not rows:
        return None

    def meets(r: dict[str, Any]) -> bool:
        first, tick = r["first_interactive_p95_s"], r["tick_update_p95_ms"]
        return (first is not None and first <= goal["first_interactive_p95_s"]
                and tick is not None and tick <= goal["tick_p95_ms"])
    best = min(rows, key=lambda r: (not meets(r), r["first_interactive_p95_s"] is None,
                                    r["first_interactive_p95_s"] or 0))
    mode = _pool(best, "no pool")
    return {"target": f"{goal['learners']} learners: first interactive p95 ≤ "
                      f"{goal['first_interactive_p95_s']:.0f} s, tick p95 ≤ "
                      f"{goal['tick_p95_ms']:.0f} ms",
            "measured": f"best {mode}: {_seconds(best['first_interactive_p95_s'])} s, "
                        f"{_seconds(best['tick_update_p95_ms'], 0)} ms",
            "met": meets(best), "over": [] if meets(best) else [mode]}


def _capacity_markdown(section: dict[str, Any]) -> list[str]:
    """The classroom-capacity section (Voila serving notebook 04 to a class at once)."""
    table = []
    for r in section["rows"].values():
        mode = _pool(r)
        if "error" in r:
            table.append([r["learners"], mode, "failed: " + r["error"].strip().splitlines()[0],
                          *[""] * 7])
            continue
        cpu = r["cpu_s_per_learner"]
        table.append([r["learners"], mode, f"{r['interactive']}/{r['learners']}",
                      _seconds(r["first_interactive_p50_s"]),
                      _seconds(r["first_interactive_p95_s"]),
                      _seconds(r["tick_update_p50_ms"], 0), _seconds(r["tick_update_p95_ms"], 0),
                      f"{r['memory_per_learner_mb']:.0f}",
                      f"{r['server_cpu_s_per_learner']:.1f} = {cpu['server']:.1f} + "
                      f"{cpu['learner_kernels']:.1f} + {cpu['other_kernels']:.1f}",
                      f"{r['load_before']:.1f}"])
    goal = capacity_goal(section)
    verdict = ([f"Goal of issue 22: {goal['target']}: {_met(goal['met'])} "
                f"({goal['measured']})."] if goal else [])
    return ["## Classroom capacity (Voila)", "",
            f"Notebook 04 (the risk checklist) served by Voila as `make checklist` serves it "
            f"(offline template, light theme), on loopback, a fresh server for each row; "
            f"measured {section['date']} with the machine's load average at "
            f"{section['load_average_start']} at the start and {section['load_average_end']} at "
            f"the end{section.get('note', '')}. The learners are protocol-level clients "
            "(`helpers.capacity`), not browsers, since a class's browsers run on its own "
            "devices. All arrive at the same moment. Each requests the page and the "
            f"{section['assets']} static files a browser fetches for it (list from "
            f"{section['assets_from']}), opens the kernel's WebSocket as Voila's page does and "
            "asks for the widgets' state: first interactive runs from the page request to "
            "that state. As soon as it is interactive, each learner clicks "
            f"“{section['box']}” {section['ticks_per_learner']} times (tick, untick, …), a "
            "second apart, so "
            "early ticks meet the load of the class still arriving: tick to update runs from "
            "the click's message to the last widget update it causes. A learner not "
            f"interactive within {section['timeout_s']:.0f} s, or a tick unanswered within "
            f"{section['tick_timeout_s']:.0f} s, counts as infinitely slow (— where a "
            "percentile reaches one). Memory: the learner's kernel (resident) plus the "
            "server's growth, per learner. CPU: the "
            "seconds the server and all its kernels used during the class, per learner: the "
            "server process + the learners' kernels + the other kernels (the pool's refills). "
            "Pool: Voila's `--preheat_kernel=True --pool_size=N`, one pre-heated kernel per "
            "learner; Voila starts a replacement 1 s after each kernel a learner takes, unless "
            "`--VoilaKernelManager.fill_delay` says later. Load: the machine's 1-minute load "
            "average as the class arrived (2 cores).", "",
            *_table(["learners", "pre-heated pool", "interactive", "first interactive p50 (s)",
                     "first interactive p95 (s)", "tick to update p50 (ms)",
                     "tick to update p95 (ms)", "memory per learner (MB)",
                     "CPU per learner (s): all = server + kernel + refills", "load at start"],
                    table,
                    numbers=(0, 3, 4, 5, 6, 7, 8, 9)), "", *verdict,
            *([""] if verdict else [])]


def run(folder: Path, repeat: int, changes: int, model_calls: int,
        levels: tuple[int, ...] = capacity.LEVELS) -> dict[str, Any]:
    """Every benchmark, in one run; the results as plain data."""
    paths = build.notebook_paths(folder)
    results: dict[str, Any] = {"date": datetime.date.today().isoformat(), "machine": machine(),
                               "targets_definition": TARGETS}
    results["machine"]["helpers_precompiled"] = precompile()
    with tempfile.TemporaryDirectory(prefix="clots-bench-") as tmp:
        scratch = Path(tmp)
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("notebooks", lambda: notebooks(paths, repeat, scratch / "notebooks")),
            ("imports", lambda: imports(paths, repeat, scratch / "imports")),
            ("models", lambda: models(model_calls)),
            ("widgets", lambda: widgets(changes)),
            ("site", lambda: site_build(folder, scratch / "site")),
        ]
        if levels:
            steps.append(("capacity",
                          lambda: classroom_capacity(folder, scratch / "capacity", levels)))
        for name, step in steps:
            print(f"benchmarking {name} ...", flush=True)
            (scratch / name).mkdir(exist_ok=True)
            results[name] = step()
    results["machine"]["load_average_end"] = _load()
    results["targets"] = targets(results)
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line; exit status 0 whether or not the targets are met (the report says)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks"))
    parser.add_argument("--notebooks", type=Path, default=build.NOTEBOOKS)
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of notebook executions and fresh-interpreter imports")
    parser.add_argument("--changes", type=int, default=60, help="changes per widget")
    parser.add_argument("--calls", type=int, default=50, help="calls per model")
    parser.add_argument("--learners", default=",".join(map(str, capacity.LEVELS)),
                        help="classroom capacity: learners at once, comma-separated; "
                             "empty to skip")
    parser.add_argument("--capacity-only", action="store_true",
                        help="measure only the classroom capacity, replacing that section of "
                             "the existing results.json")
    parser.add_argument("--note", default="",
                        help="a remark printed with the capacity figures (e.g. a shared machine)")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite RESULTS.md from the existing results.json")
    args = parser.parse_args(argv)
    levels = tuple(int(x) for x in args.learners.split(",") if x.strip())
    if args.render_only or args.capacity_only:
        results = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
    else:
        results = run(args.notebooks, args.repeat, args.changes, args.calls, levels)
    if args.capacity_only:
        with tempfile.TemporaryDirectory(prefix="clots-bench-") as tmp:
            results["capacity"] = classroom_capacity(args.notebooks, Path(tmp), levels)
        results["targets"] = targets(results)
    if args.note and "capacity" in results and not args.render_only:
        results["capacity"]["note"] = f" ({args.note})"
    if not args.render_only:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False)
                                               + "\n", encoding="utf-8")
    text = markdown(results)
    (args.out / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"written: {args.out / 'results.json'}, {args.out / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

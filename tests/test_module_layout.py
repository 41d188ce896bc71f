"""The package's modules follow one scheme: explorers' views are ``*_views``, and the modules
that compute build no widgets and draw nothing."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers import prognosis, prognosis_views

PACKAGE = Path(helpers.__file__).parent
# Shared machinery that builds widgets for every explorer or quiz, not one topic's view.
SHARED = {"display", "quiz", "bench"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_keeps_the_old_widgets_suffix():
    assert not sorted(p.name for p in PACKAGE.glob("*_widgets.py"))


def test_every_module_that_builds_widgets_is_a_view_module():
    builders = sorted(p.stem for p in PACKAGE.glob("*.py")
                      if "ipywidgets" in _imports(p) and p.stem not in SHARED)
    assert builders and all(name.endswith("_views") for name in builders), builders


# Every module that computes (a model, a score, a localizer, a pathway, data tables, the course
# and its references) must not draw: its drawing lives in a *_views module. The package's other
# modules are the drawing and building machinery itself, named here so a new module is a compute
# module unless it is added to this list on purpose.
MACHINERY = {"__init__", "style", "figures", "display", "quiz", "bench", "build", "site", "tidy"}
COMPUTE = sorted(p.stem for p in PACKAGE.glob("*.py")
                 if p.stem not in MACHINERY and not p.stem.endswith("_views"))
# Compute modules whose figures or widgets have a view module beside them.
VIEWS = {m: v for m in COMPUTE for v in (f"{m}_views", f"{m.removesuffix('s')}_views")
         if (PACKAGE / f"{v}.py").exists()}
# Modules whose views draw with matplotlib (the others' views are HTML).
PLOTTED = ("nerves", "coagulation", "prognosis", "pathway", "ischemia", "pharmacology", "risk")
# What computing loads in a fresh interpreter: every compute module imported, and these run.
COMPUTE_CALLS = ("result = nerves.localize(['sole', 'first web space'])\n"
                 "nerves.describe('back', 'dermatomes', result); nerves.territory_table()\n"
                 "coagulation.thrombin_generation(washout_per_s=0.001)\n"
                 "prognosis.recurrence_curves(); prognosis.recurrence_table()\n"
                 "pathway.simulate_cohort()\n"
                 "pharmacology.scenario('apixaban', 2)\n"
                 "diagnosis.likelihood_ratios(0.9, 0.8)\n")


def test_the_compute_rule_covers_every_module_that_computes():
    assert len(COMPUTE) >= 19 and {"diagnosis", "risk", "ischemia", "pharmacology", "checklist",
                                   "differential", "treatment"} <= set(COMPUTE)
    assert set(PLOTTED) <= set(VIEWS) and len(VIEWS) >= 9, VIEWS


def _imported_names(path: Path) -> set[str]:
    """Every module and name a file imports, dotted in full, wherever the import stands
    (inside functions and ``if TYPE_CHECKING`` too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def _draws(name: str) -> bool:
    """True for any part of matplotlib, the course's figure style and its view modules."""
    return (name.split(".")[0] == "matplotlib" or name in ("helpers.style", "helpers.figures")
            or name.endswith("_views"))


@pytest.mark.parametrize("module", COMPUTE)
def test_modules_that_compute_import_nothing_that_draws(module):
    names = _imported_names(PACKAGE / f"{module}.py")
    assert not sorted(n for n in names if _draws(n)), f"helpers.{module} draws: move it to a view"


@pytest.mark.parametrize("module", PLOTTED)
def test_each_compute_module_has_its_drawing_in_its_view_module(module):
    assert "matplotlib" in _imports(PACKAGE / f"{VIEWS[module]}.py")


def test_the_drawing_check_catches_drawing_imports(tmp_path):
    source = tmp_path / "drawing.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from matplotlib.axes import Axes\n"
                      "def f():\n    from matplotlib.patches import Polygon\n"
                      "from helpers import style\nfrom matplotlib.path import Path\n"
                      "from helpers import tables\n")
    assert sorted(n for n in _imported_names(source) if _draws(n)) == [
        "helpers.style", "matplotlib.axes", "matplotlib.axes.Axes", "matplotlib.patches",
        "matplotlib.patches.Polygon", "matplotlib.path", "matplotlib.path.Path"]


def test_computing_loads_no_matplotlib():
    # In a fresh interpreter, so modules other tests loaded do not count.
    code = (f"import sys\nfrom helpers import {', '.join(COMPUTE)}\n{COMPUTE_CALLS}"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
    assert callable(prognosis_views.plot_recurrence) and not hasattr(prognosis, "plot_recurrence")

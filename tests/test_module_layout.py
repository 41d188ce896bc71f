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


# Modules that compute (a model, a localizer, a pathway, a prognosis) and must not draw: their
# drawing lives in the *_views module beside them. None of them imports matplotlib at all.
COMPUTE = {"nerves": "nerve_views", "coagulation": "coagulation_views",
           "prognosis": "prognosis_views", "pathway": "pathway_views"}
# What computing each one loads in a fresh interpreter.
COMPUTE_CALLS = ("result = nerves.localize(['sole', 'first web space'])\n"
                 "nerves.describe('back', 'dermatomes', result); nerves.territory_table()\n"
                 "coagulation.thrombin_generation(washout_per_s=0.001)\n"
                 "prognosis.recurrence_curves(); prognosis.recurrence_table()\n"
                 "pathway.simulate_cohort()\n")


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


@pytest.mark.parametrize("module", sorted(COMPUTE))
def test_modules_that_compute_import_nothing_that_draws(module):
    names = _imported_names(PACKAGE / f"{module}.py")
    assert not sorted(n for n in names if _draws(n)), f"helpers.{module} draws: move it to a view"


@pytest.mark.parametrize("module", sorted(COMPUTE))
def test_each_compute_module_has_its_drawing_in_its_view_module(module):
    assert "matplotlib" in _imports(PACKAGE / f"{COMPUTE[module]}.py")


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
    code = (f"import sys\nfrom helpers import {', '.join(sorted(COMPUTE))}\n{COMPUTE_CALLS}"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
    assert callable(prognosis_views.plot_recurrence) and not hasattr(prognosis, "plot_recurrence")

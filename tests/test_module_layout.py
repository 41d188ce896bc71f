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


# Modules that compute (a model, a localizer) and must not draw: drawing lives in *_views.
COMPUTE = ("nerves", "coagulation")
# matplotlib's drawing side; matplotlib.path (point-in-polygon) is geometry and may be used.
DRAWING = ("matplotlib.pyplot", "matplotlib.figure", "matplotlib.axes", "matplotlib.patches",
           "matplotlib.lines")


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
    """True for matplotlib's drawing side, the course's figure style and its view modules."""
    if name.startswith("matplotlib"):
        return name not in ("matplotlib", "matplotlib.path", "matplotlib.path.Path")
    return name in ("helpers.style", "helpers.figures") or name.endswith("_views")


@pytest.mark.parametrize("module", COMPUTE)
def test_modules_that_compute_import_nothing_that_draws(module):
    names = _imported_names(PACKAGE / f"{module}.py")
    assert not sorted(n for n in names if _draws(n)), f"helpers.{module} draws: move it to a view"


def test_the_drawing_check_catches_drawing_imports(tmp_path):
    source = tmp_path / "drawing.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from matplotlib.axes import Axes\n"
                      "def f():\n    from matplotlib.patches import Polygon\n"
                      "from helpers import style\nfrom matplotlib.path import Path\n")
    assert sorted(n for n in _imported_names(source) if _draws(n)) == [
        "helpers.style", "matplotlib.axes", "matplotlib.axes.Axes", "matplotlib.patches",
        "matplotlib.patches.Polygon"]


def test_computing_loads_no_drawing_module():
    # In a fresh interpreter, so modules other tests loaded do not count.
    code = ("import sys\nfrom helpers import coagulation, nerves\n"
            "result = nerves.localize(['sole', 'first web space'])\n"
            "nerves.describe('back', 'dermatomes', result); nerves.territory_table()\n"
            "coagulation.thrombin_generation(washout_per_s=0.001)\n"
            f"print(sorted(m for m in {DRAWING!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_prognosis_computes_without_matplotlib():
    # Issue 14: drawing lives in view modules; notebook 07's figures are in prognosis_views.
    assert "matplotlib" not in _imports(PACKAGE / "prognosis.py")
    code = ("import sys, helpers.prognosis as p; p.recurrence_curves(); p.recurrence_table(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"
    assert callable(prognosis_views.plot_recurrence) and not hasattr(prognosis, "plot_recurrence")


def test_pathway_computes_and_leaves_the_drawing_to_pathway_views():
    # Issue 14: drawing code lives in view modules. Neither a plain nor a type-checking import
    # of matplotlib may come back into the module that computes the pathway's maths.
    assert "matplotlib" not in _imports(PACKAGE / "pathway.py")
    assert "matplotlib" in _imports(PACKAGE / "pathway_views.py")

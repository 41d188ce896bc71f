"""The package's modules follow one scheme: explorers' views are ``*_views``, and the modules
that compute build no widgets."""

import ast
import subprocess
import sys
from pathlib import Path

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

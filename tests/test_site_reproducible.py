"""Two consecutive site builds give byte-identical pages: no timestamps, no random ids.

Rendering is checked on every notebook (from the committed outputs, as the other site tests
do); execution too, on the smallest notebook, built twice with ``run=True``.
"""

import difflib
import shutil
from pathlib import Path

from helpers import build
from tests.notebooks import NOTEBOOKS


def _pages(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    """Where two pages first differ, as a short unified diff of the text around it."""
    lines = difflib.unified_diff(a.decode(errors="replace").splitlines(),
                                 b.decode(errors="replace").splitlines(), lineterm="", n=0)
    return "\n".join(line[:200] for line in list(lines)[:8])


def assert_same_pages(first: Path, second: Path) -> None:
    a, b = _pages(first), _pages(second)
    assert sorted(a) == sorted(b)
    different = {name: _first_difference(a[name], b[name]) for name in a if a[name] != b[name]}
    assert different == {}, "\n\n".join(f"{k}:\n{v}" for k, v in different.items())


def test_two_builds_from_the_committed_outputs_are_byte_identical(site, tmp_path):
    # the first build is the shared `site` fixture's (built earlier in this test process)
    build.build_site(tmp_path / "second", NOTEBOOKS, run=False)
    assert len(_pages(site)) == len(build.notebook_paths(NOTEBOOKS)) + 1
    assert_same_pages(site, tmp_path / "second")


def test_two_builds_that_execute_a_notebook_are_byte_identical(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    shutil.copy(NOTEBOOKS / "00_start_here.ipynb", source)
    build.build_site(tmp_path / "first", source, run=True)
    build.build_site(tmp_path / "second", source, run=True)
    assert sorted(_pages(tmp_path / "first")) == ["00_start_here.html", "index.html"]
    assert_same_pages(tmp_path / "first", tmp_path / "second")

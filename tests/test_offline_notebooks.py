"""Every notebook runs with the network blocked, each in its own fresh kernel, in a shuffled
order, and writes nothing outside its temporary folder (tests/sandbox.py enforces and logs both).

The order is shuffled with a fixed seed, so a failure can be replayed; set CLOTS_SHUFFLE_SEED to
try another order. nbval checks the outputs; these tests check the conditions the notebooks run in.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from helpers import build
from tests import sandbox
from tests.notebooks import NOTEBOOKS, ROOT

DEFAULT_SEED = 9
SEED = int(os.environ.get("CLOTS_SHUFFLE_SEED", DEFAULT_SEED))
TEACHING_ORDER = build.notebook_paths(NOTEBOOKS)


def shuffled(paths: list[Path], seed: int = SEED) -> list[Path]:
    """``paths`` in a reproducible random order."""
    order = list(paths)
    random.Random(seed).shuffle(order)
    return order


def repository_state(root: Path = ROOT) -> dict[str, str]:
    """A SHA-256 of every tracked file, and every untracked file that git does not ignore."""
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args, "-z"], cwd=root, check=True, capture_output=True)
        return [p for p in out.stdout.decode().split("\0") if p]

    state = {}
    for name in git("ls-files", "--cached", "--others", "--exclude-standard"):
        path = root / name
        state[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() \
            else "missing"
    return state


@dataclass(frozen=True)
class OfflineRuns:
    """What happened when every notebook ran in the sandbox."""

    order: list[str]
    errors: dict[str, str | None]
    box: sandbox.Sandbox
    before: dict[str, str]
    after: dict[str, str]

    def context(self) -> str:
        return f"order (seed {SEED}): {', '.join(self.order)}"


@pytest.fixture(scope="module")
def offline_runs(tmp_path_factory) -> OfflineRuns:
    """Each notebook, in shuffled order, executed once in a fresh kernel inside one sandbox."""
    order = shuffled(TEACHING_ORDER)
    print(f"\nnotebook order (seed {SEED}): {' '.join(p.stem for p in order)}")
    box = sandbox.make_sandbox(tmp_path_factory.mktemp("sandbox"))
    before = repository_state()
    errors: dict[str, str | None] = {}
    for path in order:
        try:
            sandbox.execute(path, box)
            errors[path.stem] = None
        except Exception as error:        # reported by the test for this notebook
            errors[path.stem] = f"{type(error).__name__}: {error}"
    return OfflineRuns([p.stem for p in order], errors, box, before, repository_state())


@pytest.mark.parametrize("stem", [p.stem for p in TEACHING_ORDER])
def test_notebook_runs_offline_in_its_own_fresh_kernel(offline_runs, stem):
    assert offline_runs.errors[stem] is None, f"{stem} failed; {offline_runs.context()}\n" \
                                              f"{offline_runs.errors[stem]}"


def test_every_notebook_had_a_sandboxed_kernel_of_its_own(offline_runs):
    pids = [line.split()[0] for line in offline_runs.box.kernels()]
    assert len(pids) == len(set(pids)) == len(TEACHING_ORDER), offline_runs.box.kernels()


def test_no_notebook_reached_the_network_or_wrote_outside_its_folder(offline_runs):
    assert offline_runs.box.violations() == [], offline_runs.context()


def test_the_repository_is_byte_identical_after_running_every_notebook(offline_runs):
    before, after = offline_runs.before, offline_runs.after
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert changed == [], f"changed by running the notebooks: {changed}; {offline_runs.context()}"


def test_the_order_is_reproducible_and_the_default_one_is_not_the_teaching_order():
    assert shuffled(TEACHING_ORDER) == shuffled(TEACHING_ORDER)
    assert sorted(shuffled(TEACHING_ORDER)) == sorted(TEACHING_ORDER)
    assert shuffled(TEACHING_ORDER, DEFAULT_SEED) != TEACHING_ORDER


# --- the sandbox itself ---------------------------------------------------------------------

PROBE = {
    "outside": """
import socket
try:
    socket.create_connection(("192.0.2.1", 80), timeout=5)   # TEST-NET-1: never routed
except OSError as error:
    print(type(error).__name__, error)""",
    "name": """
import urllib.request
try:
    urllib.request.urlopen("http://example.com/", timeout=5)
except OSError as error:
    print(type(error).__name__, error)""",
    "loopback": """
server = socket.create_server(("127.0.0.1", 0))
client = socket.create_connection(server.getsockname(), timeout=5)
print("loopback open")
client.close(); server.close()""",
    "write": """
try:
    open({outside!r}, "w").write("x")
except OSError as error:
    print(type(error).__name__, error)
open("inside.txt", "w").write("ok")
print("inside written")""",
}


def test_sandbox_refuses_outside_connections_and_writes_but_keeps_loopback(tmp_path):
    box = sandbox.make_sandbox(tmp_path / "sandbox")
    outside = tmp_path / "elsewhere" / "outside.txt"
    outside.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code.format(
        outside=str(outside)).strip()) for code in PROBE.values()])
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    done = sandbox.execute(path, box)
    said = dict(zip(PROBE, ("".join(o.get("text", "") for o in c.outputs) for c in done.cells),
                    strict=True))
    assert said["outside"].startswith("ConnectionRefusedError network: socket.connect to "
                                      f"('192.0.2.1', 80) {sandbox.REFUSAL}")
    assert f"socket.getaddrinfo of 'example.com' {sandbox.REFUSAL}" in said["name"]
    assert said["loopback"] == "loopback open\n"
    assert said["write"].startswith("PermissionError write: open")
    assert "inside written" in said["write"]
    assert not outside.exists()
    assert (box.root / "work" / "probe" / "inside.txt").read_text() == "ok"
    assert len(box.violations()) == 3 and len(box.kernels()) == 1

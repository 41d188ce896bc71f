"""CI never passes with the browser tests skipped."""

import os
import subprocess
import sys

from tests.notebooks import ROOT


def _run(workers: str, **env: str) -> subprocess.CompletedProcess:
    """A small pytest run of one browser test file, with the browser switched off."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_clients.py", "-n", workers, "-q",
         "-k", "voila"], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "CLOTS_NO_BROWSER": "1", **env})


def test_a_ci_run_with_a_skipped_browser_test_fails():
    run = _run("2", CI="true")    # through xdist, as make test runs
    assert run.returncode == 1, run.stdout[-2000:]
    assert "browser tests were skipped, which CI never allows" in run.stdout


def test_outside_ci_the_browser_tests_may_be_skipped_on_purpose():
    run = _run("0", CI="")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "1 skipped" in run.stdout

"""`make lab` starts JupyterLab on the first notebook, for root too (containers, classrooms)."""

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.notebooks import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_passes_allow_root_only_when_the_user_is_root():
    command = subprocess.run(["make", "-s", "-n", "lab"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.splitlines()[-1]
    assert "jupyter lab" in command and command.endswith("notebooks/00_start_here.ipynb")
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_make_lab_starts_a_server_that_answers_on_loopback(tmp_path):
    port, token = _free_port(), "clots-test-token"
    env = os.environ | {"HOME": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
                        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                        "IPYTHONDIR": str(tmp_path / "ipython"),
                        "MPLCONFIGDIR": str(tmp_path / "mpl")}
    flags = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
             f"--ServerApp.port_retries=0 --IdentityProvider.token={token}")
    with (tmp_path / "lab.log").open("w") as log:
        server = subprocess.Popen(["make", "-s", "lab", f"LAB_FLAGS={flags}"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            status, deadline = None, time.monotonic() + 120
            while status is None and time.monotonic() < deadline and server.poll() is None:
                try:
                    url = f"http://127.0.0.1:{port}/api/status?token={token}"
                    with urllib.request.urlopen(url, timeout=2) as answer:
                        status = answer.status
                except OSError:
                    time.sleep(0.5)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    if status is None:
        pytest.fail("make lab did not answer within 120 s:\n"
                    + (tmp_path / "lab.log").read_text()[-2000:])
    assert status == 200


def _dry_run(target: str, venv) -> str:
    """What ``make target`` would run on a fresh machine (no .venv yet)."""
    return subprocess.run(["make", "-s", "-n", target, f"VENV={venv}"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def test_course_targets_install_the_course_without_the_test_tools(tmp_path):
    for target in ("site", "lab", "app", "checklist", "notebooks", "figures", "docs", "tidy"):
        steps = _dry_run(target, tmp_path / "venv")
        installs = [line for line in steps.splitlines() if "pip install" in line]
        assert any(line.rstrip().endswith("-e .") for line in installs), (target, steps)
        assert "[test]" not in steps, (target, steps)


def test_make_test_installs_the_test_tools_before_it_lints(tmp_path):
    steps = _dry_run("test", tmp_path / "venv").splitlines()
    installs = [i for i, line in enumerate(steps) if 'install --quiet -e ".[test]"' in line]
    lint = next(i for i, line in enumerate(steps) if "ruff check" in line)
    assert installs and installs[0] < lint, steps

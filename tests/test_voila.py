"""The checklist as a classroom app: a real Voila server on localhost, driven in Chromium."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notebooks import NOTEBOOKS

VOILA = Path(sys.executable).with_name("voila")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """Voila serving notebook 04 on localhost; stopped after the module."""
    port = _free_port()
    log = (tmp_path_factory.mktemp("voila") / "voila.log").open("w")
    server = subprocess.Popen(
        [str(VOILA), str(NOTEBOOKS / "04_signs_and_risk.ipynb"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1"], stdout=log, stderr=subprocess.STDOUT,
        env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        pytest.fail("Voila did not start within 60 s")
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.wait(timeout=20)
    log.close()


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila_url):
    context = browser.new_context()
    page = context.new_page()
    outside = []

    def route(r):
        if r.request.url.startswith(voila_url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(voila_url, timeout=90_000)
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    box.wait_for(timeout=90_000)
    summary = page.locator(".cn-cl-summary")
    assert "Wells score: 0 points → DVT unlikely" in summary.inner_text()
    box.check()
    page.wait_for_function("document.querySelector('.cn-cl-summary').innerText"
                           ".includes('Wells score: 1 point')", timeout=10_000)
    page.get_by_role("checkbox", name="(Pallor)", exact=False).check()
    page.wait_for_function("document.body.innerText.includes('EMERGENCY.')", timeout=10_000)
    context.close()

"""The classroom app: a real Voila server on localhost, driven in Chromium, nothing fetched from
outside the machine and no console error. Voila runs as `make app` runs it (template "clots")."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest

from tests.notebooks import NOTEBOOKS

VOILA = Path(sys.executable).with_name("voila")
TEMPLATES = resources.files("helpers") / "templates" / "jupyter"      # holds voila/templates/clots
WIDTH = 1280                                                          # a classroom projector


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _voila(target: Path, log_dir: Path):
    """Voila serving ``target`` (a notebook or a folder) on localhost, as `make app` starts it."""
    port = _free_port()
    log = (log_dir / "voila.log").open("w")
    env = {**os.environ, "JUPYTER_PATH": str(TEMPLATES)}
    server = subprocess.Popen(
        [str(VOILA), str(target), "--template=clots", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--theme=light"], stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("Voila did not start within 60 s")
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    """Voila serving notebook 04 on localhost; stopped after the module."""
    with _voila(NOTEBOOKS / "04_signs_and_risk.ipynb", tmp_path_factory.mktemp("voila")) as url:
        yield url


@pytest.fixture(scope="module")
def voila_nerve_map(tmp_path_factory):
    """Voila serving notebook 03 on localhost; stopped after the module."""
    with _voila(NOTEBOOKS / "03_nerve_map.ipynb", tmp_path_factory.mktemp("voila")) as url:
        yield url


@contextmanager
def _page(browser, url: str):
    """A 1280-px page that lets only ``url`` through and records outside requests and errors."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.outside, page.errors = [], []

    def route(r):
        if r.request.url.startswith(url):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila_url):
    with _page(browser, voila_url) as page:
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
        # before the "clots" template: three Font Awesome style sheets asked of a CDN
        assert page.outside == []
        assert page.errors == []


CLIPPED = """() => Array.from(document.querySelectorAll(
    '.widget-button, .widget-select-multiple, .widget-select-multiple select, .widget-vbox'))
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.className + ': ' + e.innerText.slice(0, 40))"""


def test_nerve_map_controls_are_whole_at_1280_px_and_answer(browser, voila_nerve_map):
    with _page(browser, voila_nerve_map) as page:
        page.goto(voila_nerve_map, timeout=90_000)
        clear = page.get_by_role("button", name="Clear selection")
        clear.wait_for(timeout=90_000)
        # before: the list's column shrank and the button read "ction"
        assert page.evaluate(CLIPPED) == []
        box = clear.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        status = page.locator(".cn-status").first
        assert status.inner_text().startswith("Best fit: the common fibular nerve")
        clear.click()
        page.wait_for_function("document.querySelector('.cn-status').innerText"
                               ".startsWith('No area selected')", timeout=10_000)
        assert page.outside == [] and page.errors == []


def test_the_app_folder_view_fetches_nothing_from_outside(browser, tmp_path_factory):
    with _voila(NOTEBOOKS, tmp_path_factory.mktemp("voila")) as url, _page(browser, url) as page:
        page.goto(url, timeout=90_000)
        page.get_by_text("03_nerve_map.ipynb").wait_for(timeout=30_000)
        assert page.outside == []       # before: Font Awesome 4 from a CDN

"""Shared fixtures for the browser tests. Each is made once per test process (one per xdist
worker) and shared by every test in it, so a new browser test costs only what it drives:

- ``site``: the course rendered to HTML from the committed outputs (a folder; read it, never
  write into it: copy what you change into ``tmp_path``).
- ``browser``: headless Debian Chromium through Playwright (sync API). Open pages with
  :func:`tests.clients.local_page` or the fixtures below, and close their context when done.
- ``offline_page`` (per test): a fresh page for file:// pages, e.g.
  ``offline_page.goto((site / "04_signs_and_risk.html").as_uri())``.
- ``lab`` and ``voila`` (tests/clients.py): a JupyterLab server and Voila servers on
  127.0.0.1; ``lab.run(browser, notebook)`` / ``voila.open(browser, notebook)`` return a page.

Every page from these blocks and records what would leave the machine (``page.outside``; also
``page.blocked`` on ``offline_page``), WebSockets included, and records console errors and
uncaught exceptions (``page.errors``): end a test with ``tests.clients.assert_clean(page)``.
Waiting: never sleep; wait for the state you check with a bounded timeout (Playwright's
``expect``, ``page.wait_for_function``, or ``tests.clients.wait_until`` for Python-side state).
"""

import os
import shutil
from pathlib import Path

import pytest

from helpers import build
from tests.clients import local_page
from tests.notebooks import NOTEBOOKS

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The course rendered to HTML from the committed outputs (nbval checks they are current)."""
    out = tmp_path_factory.mktemp("site")
    build.build_site(out, NOTEBOOKS, run=False)
    return out


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Debian Chromium driven by Playwright; fails (never skips) when it is missing."""
    if os.environ.get("CLOTS_NO_BROWSER") == "1":
        pytest.skip("browser tests switched off by CLOTS_NO_BROWSER=1")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y "
                    "chromium` (Debian), set CHROMIUM=/path/to/chromium, or opt out with "
                    "CLOTS_NO_BROWSER=1", pytrace=False)
    from playwright.sync_api import sync_playwright

    os.environ["HOME"] = str(tmp_path_factory.mktemp("browser-home"))
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A page whose requests outside file:// are blocked and recorded; console errors kept."""
    page = local_page(browser, "file://", width=1280, height=720)
    page.blocked = page.outside
    yield page
    page.context.close()

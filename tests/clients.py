"""The course's live clients for browser tests: JupyterLab and Voila on localhost, offline.

Fixtures (registered for every test by the root conftest.py):

- ``lab``: one JupyterLab server per test worker, serving a temporary copy of ``notebooks/`` and
  ``figures/`` (Lab autosaves, so the committed notebooks are never served), with notebook
  windowing off so every output is in the page. ``lab.run(browser, "04_signs_and_risk.ipynb")``
  opens the notebook, runs all cells, waits for the kernel to be idle and returns the page.
- ``voila``: Voila servers started on first use, one per notebook, as ``make app`` serves them.
  ``voila.open(browser, "04_signs_and_risk.ipynb")`` returns the page once the widgets show.

Every page returned blocks and records requests that leave the machine, WebSockets included
(``page.outside``, see :func:`local_page`), and records console errors and uncaught exceptions
(``page.errors``); :func:`assert_clean` checks both are empty and no image is broken.
``width``/``height`` set the viewport (1280 x 900 by default; 390 x 844 for a phone).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notebooks import NOTEBOOKS, ROOT

BIN = Path(sys.executable).parent
START_TIMEOUT_S = 90
# Voila's "clots" template (its own minus the Font Awesome it links from a CDN) and its voila.py
# (lesson titles on the landing page), as `make app`.
VOILA_TEMPLATES = ROOT / "src" / "helpers" / "templates" / "jupyter"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    server.terminate()
    pytest.fail(f"server did not listen on {port} within {START_TIMEOUT_S} s")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def local_page(browser, base: str, width: int = 1280, height: int = 900):
    """A page that lets through only requests to ``base`` and records everything else.

    Every request of the page's context goes through one route: HTTP(S) to ``base`` (and its
    WebSockets, ``ws://`` on the same host and port, the kernel's channel) is let through;
    anything else is aborted and its URL appended to ``page.outside``. WebSockets need their own
    route (``route_web_socket``; ``route("**/*")`` never sees them): one to an outside host is
    closed before it connects and recorded the same way. Service workers are blocked, so none can
    answer a request behind the route's back. Console errors, uncaught exceptions and crashes are
    appended to ``page.errors``. Use :func:`assert_clean` to check both lists. ``page.sockets``
    lists the local WebSockets let through (the kernel's channels).
    """
    context = browser.new_context(viewport={"width": width, "height": height},
                                  service_workers="block")
    page = context.new_page()
    page.outside, page.errors, page.sockets = [], [], []
    sockets = "ws" + base[len("http"):] if base.startswith("http") else None

    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    def route_socket(ws):
        if sockets and ws.url.startswith(sockets):
            page.sockets.append(ws.url)
            ws.connect_to_server()              # the kernel's channel: forwarded untouched
        else:
            page.outside.append(ws.url)
            ws.close(code=1008, reason="outside the machine")   # never reaches the network

    context.route("**/*", route)
    context.route_web_socket(lambda _url: True, route_socket)
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("crash", lambda _page: page.errors.append("the page crashed"))
    return page


BROKEN_IMAGES = """() => [...document.querySelectorAll('img')]
    .filter(i => i.complete && i.naturalWidth === 0).map(i => i.src.slice(0, 80))"""


def broken_images(page) -> list[str]:
    """The sources of images the browser could not show."""
    return page.evaluate(BROKEN_IMAGES)


def assert_clean(page) -> None:
    """Nothing left the machine, no console error or uncaught exception, no broken image."""
    assert page.outside == [], f"requests to outside hosts: {page.outside}"
    assert page.errors == [], f"console errors: {page.errors}"
    assert broken_images(page) == [], f"broken images: {broken_images(page)}"


def wait_until(page, condition, timeout_s: float = 15, what: str = "the condition") -> None:
    """Poll ``condition()`` (Python side, e.g. on ``page.outside``) while the page's events are
    delivered, until it is true; fail after ``timeout_s`` seconds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not hold within {timeout_s} s")
        page.wait_for_timeout(25)             # lets Playwright deliver the page's events


class Lab:
    """A JupyterLab server over a scratch copy of the course."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        shutil.copytree(NOTEBOOKS, folder / "notebooks")
        shutil.copytree(ROOT / "figures", folder / "figures")
        settings = folder / "settings"
        for plugin, values in {
            "notebook-extension/tracker": {"windowingMode": "none"},
            "apputils-extension/notification": {"fetchNews": "false",
                                                "checkForUpdates": False},
        }.items():
            path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = folder / "lab.log"
        command = [str(BIN / "jupyter"), "lab", "--no-browser", f"--port={self.port}",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={folder}",
                   "--IdentityProvider.token=", "--ServerApp.password=",
                   f"--LabApp.user_settings_dir={settings}",
                   f"--LabApp.workspaces_dir={folder / 'workspaces'}",
                   "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                   "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        with self.log.open("w") as sink:
            self.server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                           env=os.environ.copy())
        _wait_for_port(self.port, self.server, self.log)

    def run(self, browser, notebook: str, width: int = 1280, height: int = 900,
            timeout_ms: int = 120_000):
        """Open ``notebook`` in Lab, run all cells and return the page once the kernel is idle."""
        page = local_page(browser, self.base, width, height)
        # ?reset: a fresh workspace, so the tabs of earlier tests are not reopened beside it
        page.goto(f"{self.base}lab/tree/notebooks/{notebook}?reset", timeout=timeout_ms)
        page.wait_for_function(
            """() => window.jupyterapp && jupyterapp.shell.currentWidget &&
                     jupyterapp.shell.currentWidget.sessionContext &&
                     jupyterapp.shell.currentWidget.sessionContext.session &&
                     jupyterapp.shell.currentWidget.sessionContext.session.kernel &&
                     jupyterapp.shell.currentWidget.sessionContext.session.kernel.status
                       === 'idle'""", timeout=timeout_ms)
        page.evaluate("""async () => {
            const panel = jupyterapp.shell.currentWidget;
            await panel.context.ready;
            await panel.sessionContext.ready;
            await jupyterapp.commands.execute('notebook:run-all-cells');
        }""")
        page.wait_for_function(
            """() => {
                const session = jupyterapp.shell.currentWidget.sessionContext.session;
                const kernel = session && session.kernel;   // null while a session restarts
                const prompts = [...document.querySelectorAll('.jp-InputArea-prompt')];
                return !!kernel && kernel.status === 'idle' && prompts.length > 0 &&
                       !prompts.some(p => p.textContent.includes('*')) &&
                       prompts.filter(p => /\\[\\d+\\]/.test(p.textContent)).length > 0;
            }""", timeout=timeout_ms, polling=250)
        return page

    def stop(self) -> None:
        """Stop the server (kernels shut down with it)."""
        _stop(self.server)


class Voila:
    """Voila servers on localhost, one per notebook, started on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.servers: dict[str, tuple[subprocess.Popen, str]] = {}

    def url(self, notebook: str) -> str:
        """The address serving ``notebook`` ("" for the folder), starting its server if needed."""
        if notebook not in self.servers:
            port = free_port()
            log = self.folder / f"voila-{notebook}.log"
            with log.open("w") as sink:
                server = subprocess.Popen(
                    [str(BIN / "voila"), str(NOTEBOOKS / notebook), "--template=clots",
                     "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
                     "--theme=light"], stdout=sink, stderr=subprocess.STDOUT,
                    env={**os.environ, "JUPYTER_PATH": str(VOILA_TEMPLATES),
                         "JUPYTER_CONFIG_PATH": str(VOILA_TEMPLATES)})
            _wait_for_port(port, server, log)
            self.servers[notebook] = (server, f"http://127.0.0.1:{port}/")
        return self.servers[notebook][1]

    def open(self, browser, notebook: str, width: int = 1280, height: int = 900,
             timeout_ms: int = 120_000):
        """Open ``notebook`` in Voila; return the page once every cell has run."""
        base = self.url(notebook)
        page = local_page(browser, base, width, height)
        page.goto(base, timeout=timeout_ms)
        # Voila 0.5 renders the cells progressively, then removes its loading spinner.
        page.wait_for_selector(".jp-OutputArea-output", timeout=timeout_ms)
        page.wait_for_function("() => !document.querySelector('#loading')",
                               timeout=timeout_ms, polling=250)
        return page

    def stop(self) -> None:
        """Stop every server started."""
        for server, _url in self.servers.values():
            _stop(server)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server for this test worker (see :class:`Lab`)."""
    server = Lab(tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila(tmp_path_factory):
    """Voila servers for this test worker (see :class:`Voila`)."""
    servers = Voila(tmp_path_factory.mktemp("voila"))
    yield servers
    servers.stop()

"""The browser-test clients work, and their guards prove themselves.

JupyterLab runs a whole notebook offline and Voila serves one; in each client (the static page
from file://, Voila, JupyterLab) an outside ``<img>``, ``fetch``, ``sendBeacon`` and ``WebSocket``
planted in the page are each blocked and recorded in ``page.outside``, and a planted console error
and uncaught exception in ``page.errors``, so :func:`tests.clients.assert_clean` fails on them,
while the kernel's own WebSocket to 127.0.0.1 passes through the same route.
"""

import pytest

from tests.clients import assert_clean, wait_until

OUTSIDE = "planted.example.org"
PLANTED = {f"https://{OUTSIDE}/pixel.png", f"https://{OUTSIDE}/fetch",
           f"https://{OUTSIDE}/beacon", f"wss://{OUTSIDE}/socket"}
# Each kind of request a page can make, and what the page itself saw of it.
PLANT = """async (host) => {
    const img = new Image();
    const image = new Promise(r => { img.onload = () => r('loaded');
                                     img.onerror = () => r('error'); });
    img.src = `https://${host}/pixel.png`;
    document.body.append(img);
    const fetched = fetch(`https://${host}/fetch`).then(() => 'answered', () => 'refused');
    const beacon = navigator.sendBeacon(`https://${host}/beacon`, 'planted');
    const ws = new WebSocket(`wss://${host}/socket`);
    const socket = new Promise(r => { ws.onopen = () => r('open');
                                      ws.onclose = e => r('closed ' + e.code); });
    const seen = {image: await image, fetch: await fetched, beacon, socket: await socket};
    img.remove();
    return seen;
}"""


def _guard_records_what_is_planted(page) -> None:
    """The page is clean; then each planted request is refused and recorded, and a planted
    console error and exception make :func:`assert_clean` fail."""
    assert_clean(page)
    seen = page.evaluate(PLANT, OUTSIDE)
    wait_until(page, lambda: PLANTED <= set(page.outside), 15,
               f"every planted request recorded (so far {page.outside})")
    assert sorted(page.outside) == sorted(PLANTED)        # each once, nothing else
    # and refused in the page: no image, no answer, the socket closed by the route (1008)
    assert seen == {"image": "error", "fetch": "refused", "beacon": True,
                    "socket": "closed 1008"}, seen
    page.outside.clear()
    page.errors.clear()                                   # the refused loads' console lines
    page.evaluate("""() => { console.error('planted console error');
                             setTimeout(() => { throw new Error('planted exception'); }); }""")
    # wait for both by name: a refused load's late console line may arrive first
    planted = ("planted console error", "planted exception")
    wait_until(page, lambda: all(any(p in e for e in page.errors) for p in planted), 15,
               f"the planted errors recorded (so far {page.errors})")
    with pytest.raises(AssertionError, match="console errors"):
        assert_clean(page)


def test_static_page_guard_records_every_planted_outside_request(offline_page, site):
    offline_page.goto((site / "00_start_here.html").as_uri())
    _guard_records_what_is_planted(offline_page)


def test_lab_runs_a_whole_notebook_offline_and_its_guard_records_planted_requests(browser, lab):
    page = lab.run(browser, "00_start_here.ipynb")
    prompts = page.locator(".jp-InputArea-prompt").all_inner_texts()
    assert prompts and all("[" in p and "*" not in p for p in prompts if p.strip())
    assert page.locator(".jp-OutputArea-output").count() > 0
    assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
    # the kernel's channel went through the WebSocket route (to 127.0.0.1) and was let through
    assert any("/api/kernels/" in url for url in page.sockets), page.sockets
    _guard_records_what_is_planted(page)
    page.context.close()


def test_voila_serves_a_notebook_and_its_guard_records_planted_requests(browser, voila):
    page = voila.open(browser, "00_start_here.ipynb")
    assert "Start here" in page.locator("body").inner_text()
    assert any("/api/kernels/" in url for url in page.sockets), page.sockets
    # Voila 0.5's own page asks a CDN for Font Awesome; the "clots" template drops that
    _guard_records_what_is_planted(page)
    page.context.close()

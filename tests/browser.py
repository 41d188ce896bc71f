"""Small helpers for tests that look at an HTML fragment in the headless browser."""

import concurrent.futures
import json
from pathlib import Path


def standalone_page(folder: Path, title: str, body: str) -> Path:
    """Write ``body`` into a minimal, valid English page in ``folder`` and return its path."""
    path = folder / f"{title.lower()}.html"
    path.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}'
                    f"</title></head><body><main>{body}</main></body></html>", encoding="utf-8")
    return path


def rendered_text(page, html: str) -> str:
    """How the browser shows ``html`` (for comparing Python's rendering with the page's own)."""
    return page.evaluate("""(h) => { const d = document.createElement('div');
        d.innerHTML = h; document.body.append(d); const t = d.innerText; d.remove(); return t; }""",
                         html)


def evaluate_json(page, script: str, data):
    """``page.evaluate(script, data)`` with ``data`` and the result passed as JSON text: the same
    values (JSON types only; a property whose value is ``undefined`` is left out), many times
    faster for large data than Playwright's own encoding. ``script`` may be async."""
    return json.loads(page.evaluate(
        f"async (text) => JSON.stringify(await ({script})(JSON.parse(text)))", json.dumps(data)))


def in_thread(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` in a thread of its own. The worker's shared browser (Playwright's
    sync API) keeps an event loop running in the main thread, so ``asyncio.run`` or a second
    ``sync_playwright`` (the handout printer's own) must run elsewhere."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()

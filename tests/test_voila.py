"""The checklist as a classroom app: a real Voila server on localhost, driven in Chromium."""

import pytest

from helpers import checklist
from tests.test_checklist_browser import MESSAGE, ON_SCREEN, SIZES, tick_at_edges

NOTEBOOK = "04_signs_and_risk.ipynb"


def _box(page, key):
    return page.get_by_role("checkbox", name=checklist.TRIAGE_FINDINGS[key].label, exact=True)


def _only_known_outside_requests(page) -> None:
    # Voila 0.5's own page asks a CDN for Font Awesome (issue 14 removes that): nothing else may
    # leave the machine, and the only console errors are those blocked requests.
    others = [url for url in page.outside if "fontawesome" not in url]
    assert others == [], others
    assert len(page.errors) <= len(page.outside) - len(others), page.errors
    assert all("fontawesome" in e or "net::ERR_FAILED" in e for e in page.errors), page.errors


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila):
    page = voila.open(browser, NOTEBOOK)
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    box.wait_for(timeout=90_000)
    summary = page.locator(".cn-cl-summary")
    assert "Wells score: 0 points → DVT unlikely" in summary.inner_text()
    box.check()
    page.wait_for_function("document.querySelector('.cn-cl-summary').innerText"
                           ".includes('Wells score: 1 point')", timeout=10_000)
    page.wait_for_function("document.querySelector('.cn-cl-summary').innerText"
                           ".includes('Cancer is ticked in the Wells panel')", timeout=10_000)
    _only_known_outside_requests(page)
    page.context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("ticks, level", [
    (["swollen_painful_leg"], "URGENT."),
    (["sudden_onset", "numbness"], "EMERGENCY."),
    (["gradual_over_weeks", "numbness"], "No emergency combination ticked."),
], ids=["urgent", "emergency", "routine"])
def test_voila_shows_the_triage_on_screen_in_a_live_region_and_unticking_removes_it(
        browser, voila, width, height, ticks, level):
    page = voila.open(browser, NOTEBOOK, width, height)
    _box(page, ticks[0]).wait_for(timeout=90_000)
    assert page.evaluate(ON_SCREEN, MESSAGE) is None
    for key in ticks:
        _box(page, key).check()
    page.wait_for_function(f"(document.querySelector('{MESSAGE}') || {{}}).innerText"
                           f"?.startsWith({level!r})", timeout=10_000)
    box = page.evaluate(ON_SCREEN, MESSAGE)
    assert box["inside"] and box["uncovered"] and box["live"], box
    assert page.locator(".cn-cl-banner").inner_text().startswith(level)
    for key in ticks:
        _box(page, key).uncheck()
    page.wait_for_function(f"!document.querySelector('{MESSAGE}')", timeout=10_000)
    assert page.locator(".cn-cl-banner").inner_text().strip() == ""
    _only_known_outside_requests(page)
    page.context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_keeps_the_message_on_screen_when_boxes_are_ticked_at_the_screen_edges(
        browser, voila, width, height):
    page = voila.open(browser, NOTEBOOK, width, height)
    _box(page, "numbness").wait_for(timeout=90_000)
    tick_at_edges(page, lambda key: _box(page, key))
    _only_known_outside_requests(page)
    page.context.close()

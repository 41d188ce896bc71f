"""The classroom app: Voila on localhost (tests/clients.py, served as `make app` serves it),
driven in Chromium at a projector's 1280 px: nothing fetched from outside the machine, no
console error, no control clipped. The checklist tests share one page (one kernel), every box
unticked between tests, as a teacher resets it for the next case."""

import subprocess

import pytest
from playwright.sync_api import expect

from helpers import checklist
from tests.clients import assert_clean, local_page
from tests.notebooks import ROOT
from tests.test_checklist_browser import (
    MESSAGE,
    ON_SCREEN,
    SIZES,
    call_now_shows_once_while_scrolling,
    result_beside_its_panel,
    tick_at_edges,
    wait_for_message,
)

NOTEBOOK = "04_signs_and_risk.ipynb"


def _box(page, key):
    return page.get_by_role("checkbox", name=checklist.TRIAGE_FINDINGS[key].label, exact=True)


@pytest.fixture(scope="module")
def _served(browser, voila):
    """One Voila page (one kernel) of the checklist for the tests of this module."""
    held = {}
    yield held
    if held.get("page") and not held["page"].is_closed():
        held["page"].context.close()


def _reset(page) -> bool:
    """Untick every box and wait for the empty checklist; False when that did not come back."""
    try:
        for box in page.get_by_role("checkbox").all():
            if box.is_checked():
                box.uncheck()
        expect(page.locator(MESSAGE)).to_have_count(0, timeout=10_000)
        expect(page.locator(".cn-cl-wells-live")).to_contain_text(
            "Wells score: 0 points → DVT unlikely", timeout=10_000)
    except AssertionError:
        return False
    page.evaluate("() => window.scrollTo(0, 0)")
    return page.outside == [] and page.errors == []


def _checklist(held, browser, voila, width: int = 1280, height: int = 900):
    """The shared checklist page at this viewport, nothing ticked (a new page if the last test
    left it dirty: a failure stays with the test that caused it)."""
    page = held.get("page")
    if page is None or page.is_closed() or not _reset(page):
        if page is not None and not page.is_closed():
            page.context.close()
        page = held["page"] = voila.open(browser, NOTEBOOK, width, height)
        _box(page, "numbness").wait_for(timeout=90_000)
    page.set_viewport_size({"width": width, "height": height})
    return page


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(_served, browser, voila):
    page = _checklist(_served, browser, voila)
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    wells, tally = page.locator(".cn-cl-wells-live"), page.locator(".cn-cl-tally-live")
    expect(wells).to_contain_text("Wells score: 0 points → DVT unlikely")
    box.check()
    expect(wells).to_contain_text("Wells score: 1 point", timeout=10_000)
    expect(tally).to_contain_text("Cancer is ticked in the Wells panel", timeout=10_000)
    assert_clean(page)


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("ticks, level", [
    (["swollen_painful_leg"], "URGENT."),
    (["sudden_onset", "numbness"], "EMERGENCY."),
    (["gradual_over_weeks", "numbness"], "No emergency combination ticked."),
], ids=["urgent", "emergency", "routine"])
def test_voila_shows_the_triage_on_screen_in_a_live_region_and_unticking_removes_it(
        _served, browser, voila, width, height, ticks, level):
    page = _checklist(_served, browser, voila, width, height)
    assert page.evaluate(ON_SCREEN, MESSAGE) is None
    for key in ticks:
        _box(page, key).check()
    box = wait_for_message(page, ticks)          # Python's message, on screen, in a live region
    assert box["text"].startswith(level)
    assert page.locator(".cn-cl-triage").count() == 1                   # one message only
    for key in ticks:
        _box(page, key).uncheck()
    expect(page.locator(MESSAGE)).to_have_count(0, timeout=10_000)
    assert_clean(page)


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_keeps_the_message_on_screen_when_boxes_are_ticked_at_the_screen_edges(
        _served, browser, voila, width, height):
    page = _checklist(_served, browser, voila, width, height)
    tick_at_edges(page, lambda key: _box(page, key))
    assert_clean(page)


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_shows_the_call_now_message_once_while_scrolling_and_results_beside_panels(
        _served, browser, voila, width, height):
    page = _checklist(_served, browser, voila, width, height)
    call_now_shows_once_while_scrolling(page, lambda key: _box(page, key))
    wells = page.get_by_role("checkbox", name="Active cancer", exact=False)
    result_beside_its_panel(page, [("active_cancer", wells)], "wells")
    assert "comes first" in page.locator(".cn-cl-wells-live").inner_text()
    assert_clean(page)


# The nerve map (03) and the explorers of 05 are driven in Voila, and checked for clipped
# controls at 1280 px, in test_closed_form_clients.py.


def test_the_app_folder_view_fetches_nothing_from_outside(browser, voila):
    app = subprocess.run(["make", "-s", "-n", "app"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.splitlines()[-1]
    assert "--template=clots" in app and "--classic-tree" not in app   # as the fixture serves it
    url = voila.url("")                     # the folder, as `make app` serves it
    page = local_page(browser, url)
    page.goto(url, timeout=90_000)
    page.get_by_text("03 · The nerves of the leg").wait_for(timeout=30_000)
    # before the "clots" template: Font Awesome 4 from a CDN; before the lesson list replaced
    # Voila's newer tree: the widget manager's plugins failing without a kernel
    assert_clean(page)
    page.context.close()

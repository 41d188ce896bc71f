"""The classroom app: Voila on localhost (tests/clients.py, served as `make app` serves it),
driven in Chromium at a projector's 1280 px: nothing fetched from outside the machine, no
console error, no control clipped."""

import re

import pytest
from playwright.sync_api import expect

from helpers import checklist
from tests.clients import assert_clean, local_page
from tests.test_checklist_browser import MESSAGE, ON_SCREEN, SIZES, tick_at_edges, wait_for_message

NOTEBOOK = "04_signs_and_risk.ipynb"


def _box(page, key):
    return page.get_by_role("checkbox", name=checklist.TRIAGE_FINDINGS[key].label, exact=True)


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila):
    page = voila.open(browser, NOTEBOOK)
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    box.wait_for(timeout=90_000)
    summary = page.locator(".cn-cl-summary")
    expect(summary).to_contain_text("Wells score: 0 points → DVT unlikely")
    box.check()
    expect(summary).to_contain_text("Wells score: 1 point", timeout=10_000)
    expect(summary).to_contain_text("Cancer is ticked in the Wells panel", timeout=10_000)
    assert_clean(page)
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
    box = wait_for_message(page, ticks)          # Python's message, on screen, in a live region
    assert box["text"].startswith(level)
    banner = page.locator(".cn-cl-banner")
    expect(banner).to_have_text(re.compile("^" + re.escape(level)), timeout=10_000)
    for key in ticks:
        _box(page, key).uncheck()
    expect(page.locator(MESSAGE)).to_have_count(0, timeout=10_000)
    expect(banner).to_have_text("", timeout=10_000)
    assert_clean(page)
    page.context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_keeps_the_message_on_screen_when_boxes_are_ticked_at_the_screen_edges(
        browser, voila, width, height):
    page = voila.open(browser, NOTEBOOK, width, height)
    _box(page, "numbness").wait_for(timeout=90_000)
    tick_at_edges(page, lambda key: _box(page, key))
    assert_clean(page)
    page.context.close()


# The nerve map (03) and the explorers of 05 are driven in Voila, and checked for clipped
# controls at 1280 px, in test_closed_form_clients.py.


def test_the_app_folder_view_fetches_nothing_from_outside(browser, voila):
    url = voila.url("")                     # the folder, as `make app` serves it
    page = local_page(browser, url)
    page.goto(url, timeout=90_000)
    page.get_by_text("03_nerve_map.ipynb").wait_for(timeout=30_000)
    assert_clean(page)                      # before the "clots" template: Font Awesome 4 from a CDN
    page.context.close()

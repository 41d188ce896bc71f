"""The classroom app: Voila on localhost (tests/clients.py, served as `make app` serves it),
driven in Chromium at a projector's 1280 px: nothing fetched from outside the machine, no
console error, no control clipped."""

import pytest

from helpers import checklist
from tests.clients import broken_images, local_page
from tests.test_checklist_browser import (
    MESSAGE,
    ON_SCREEN,
    SIZES,
    call_now_shows_once_while_scrolling,
    result_beside_its_panel,
    tick_at_edges,
)

NOTEBOOK = "04_signs_and_risk.ipynb"


def _box(page, key):
    return page.get_by_role("checkbox", name=checklist.TRIAGE_FINDINGS[key].label, exact=True)


def _nothing_left_the_machine(page) -> None:
    # before the "clots" template, Voila's page asked a CDN for Font Awesome style sheets
    assert page.outside == [] and page.errors == [] and broken_images(page) == []


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila):
    page = voila.open(browser, NOTEBOOK)
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    box.wait_for(timeout=90_000)
    summary = page.locator(".cn-cl-wells-live")
    assert "Wells score: 0 points → DVT unlikely" in summary.inner_text()
    box.check()
    page.wait_for_function("document.querySelector('.cn-cl-wells-live').innerText"
                           ".includes('Wells score: 1 point')", timeout=10_000)
    page.wait_for_function("document.querySelector('.cn-cl-tally-live').innerText"
                           ".includes('Cancer is ticked in the Wells panel')", timeout=10_000)
    _nothing_left_the_machine(page)
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
    assert page.locator(".cn-cl-triage").count() == 1                   # one message only
    for key in ticks:
        _box(page, key).uncheck()
    page.wait_for_function(f"!document.querySelector('{MESSAGE}')", timeout=10_000)
    _nothing_left_the_machine(page)
    page.context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_keeps_the_message_on_screen_when_boxes_are_ticked_at_the_screen_edges(
        browser, voila, width, height):
    page = voila.open(browser, NOTEBOOK, width, height)
    _box(page, "numbness").wait_for(timeout=90_000)
    tick_at_edges(page, lambda key: _box(page, key))
    _nothing_left_the_machine(page)
    page.context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_voila_shows_the_call_now_message_once_while_scrolling_and_results_beside_panels(
        browser, voila, width, height):
    page = voila.open(browser, NOTEBOOK, width, height)
    _box(page, "numbness").wait_for(timeout=90_000)
    call_now_shows_once_while_scrolling(page, lambda key: _box(page, key))
    page.screenshot(path=f"/tmp/t20-voila-{width}.png")
    wells = page.get_by_role("checkbox", name="Active cancer", exact=False)
    result_beside_its_panel(page, [("active_cancer", wells)], "wells")
    assert "comes first" in page.locator(".cn-cl-wells-live").inner_text()
    _nothing_left_the_machine(page)
    page.context.close()


# The nerve map (03) and the explorers of 05 are driven in Voila, and checked for clipped
# controls at 1280 px, in test_closed_form_clients.py.


def test_the_app_folder_view_fetches_nothing_from_outside(browser, voila):
    url = voila.url("")                     # the folder, as `make app` serves it
    page = local_page(browser, url)
    page.goto(url, timeout=90_000)
    page.get_by_text("03 · The nerves of the leg").wait_for(timeout=30_000)
    assert page.outside == []               # before: Font Awesome 4 from a CDN
    page.context.close()

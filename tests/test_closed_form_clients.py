"""The nerve map (03), the comparison tool and the Fagan nomogram (05) driven in Chromium in
JupyterLab and in Voila, as a learner would: every kind of control moved, each answer equal to
Python's, nothing clipped at 1280 px, no broken image, no console error, nothing fetched from
outside the machine."""

import pytest

from helpers import differential, differential_views, nerve_views, nerves
from tests.clients import assert_clean

NERVE_MAP = nerve_views.nerve_explorer()
_REGION = {nerve_views.control_key(name): name for name in nerves.region_names()}
COMPARISON = differential_views.comparison_explorer()
FAGAN = differential_views.fagan_explorer()

CLIPPED = """() => [...document.querySelectorAll(
    '[class*="cn-live-"] .widget-inline-hbox, [class*="cn-live-"] .widget-checkbox, ' +
    '[class*="cn-live-"] select')]
  .filter(e => e.offsetParent !== null && (e.scrollWidth > e.clientWidth + 1 ||
          e.getBoundingClientRect().right > window.innerWidth))
  .map(e => e.className + ': ' + e.innerText.slice(0, 40))"""


def _status(page, name: str):
    return page.locator(f".cn-live-{name} .cn-status")


def _wait_text(page, name: str, text: str) -> None:
    page.wait_for_function(
        "([sel, t]) => { const e = document.querySelector(sel); return e && e.innerText === t; }",
        arg=[f".cn-live-{name} .cn-status", text], timeout=15_000)


def _drive_nerve_map(page) -> None:
    live = page.locator(".cn-live-nervemap")
    live.wait_for(timeout=120_000)
    values = NERVE_MAP.defaults()
    assert _status(page, "nervemap").inner_text() == NERVE_MAP.safe_frame(values).text
    for name in ("sole", *nerve_views.DEFAULT_SELECTION):
        live.get_by_role("checkbox", name=name, exact=True).click()
        key = nerve_views.control_key(name)
        values = {**values, key: not values[key]}
        _wait_text(page, "nervemap", NERVE_MAP.safe_frame(values).text)
    assert "Best fit: the tibial nerve" in _status(page, "nervemap").inner_text()
    star = live.locator(".cn-nervemap .cn-region-sole").first
    assert star.evaluate("e => getComputedStyle(e).display") == "inline"
    assert "tarsal tunnel" in live.inner_text()
    for key in [k for k, ticked in values.items() if ticked]:     # no area selected
        live.get_by_role("checkbox", name=_REGION[key], exact=True).click()
    _wait_text(page, "nervemap", nerves.NO_SELECTION)


def _drive_comparison(page) -> None:
    live = page.locator(".cn-live-comparison")
    live.wait_for(timeout=120_000)
    values = COMPARISON.defaults()
    for key, value in differential_views.WORKED_CASE.items():
        feature = differential.FEATURES[key]
        live.get_by_label(feature.label, exact=True).select_option(
            label=feature.values[value])
        values = {**values, key: value}
        _wait_text(page, "comparison", COMPARISON.safe_frame(values).text)
    assert "⚠ If it could be Acute arterial occlusion" in _status(page, "comparison").inner_text()
    assert live.locator("table.cn-compare tbody tr").count() == len(differential.CAUSES)


def _drive_fagan(page) -> None:
    live = page.locator(".cn-live-fagan")
    live.wait_for(timeout=120_000)
    values = FAGAN.defaults()
    assert _status(page, "fagan").inner_text() == FAGAN.safe_frame(values).text
    live.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    values = {**values, "pretest": 19.5}
    _wait_text(page, "fagan", FAGAN.safe_frame(values).text)
    live.get_by_label("Test result", exact=True).select_option(
        label="Compression ultrasound positive (proximal)")
    values = {**values, "result": "ultrasound_positive"}
    expected = FAGAN.safe_frame(values)
    _wait_text(page, "fagan", expected.text)
    assert live.locator("svg[role=img]").get_attribute("aria-label") == expected.alt


# Each notebook with the drivers that move every control of its explorers.
EXPLORERS = pytest.mark.parametrize("notebook, drivers", [
    ("03_nerve_map.ipynb", [_drive_nerve_map]),
    ("05_differential.ipynb", [_drive_comparison, _drive_fagan])], ids=["03", "05"])


def _check_clean(page) -> None:
    assert page.evaluate(CLIPPED) == []
    assert_clean(page)


@EXPLORERS
def test_explorers_in_voila(browser, voila, notebook, drivers):
    page = voila.open(browser, notebook)
    for drive in drivers:
        drive(page)
    _check_clean(page)
    page.context.close()


@EXPLORERS
def test_explorers_in_jupyterlab(browser, lab, notebook, drivers):
    page = lab.run(browser, notebook)
    for drive in drivers:
        drive(page)
    assert_clean(page)
    page.context.close()

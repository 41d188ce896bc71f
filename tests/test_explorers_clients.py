"""The three model explorers live in JupyterLab and in Voila, driven in Chromium as a learner would.

Each test runs the whole notebook, moves every control of its explorer (keyboard on the sliders,
the lists, the check box, the number box), waits for the kernel's answer and checks that the
sentence is the Python model's for the new setting and that the chart changed; no broken image,
no console error, no request leaving the machine.
"""

import pytest
from playwright.sync_api import expect

from helpers import coagulation_views, display, ischemia_views, pharmacology_views
from tests.browser import rendered_text
from tests.clients import assert_clean

# notebook -> (explorer, steps); a step is (kind, which control of that kind, action, change)
DRIVES = {
    "01_clot_formation.ipynb": (coagulation_views.EXPLORER, [
        ("slider", 0, "ArrowRight", {"tissue_factor": 7.0}),
        ("slider", 1, "ArrowRight", {"washout": 0.0025}),
        ("slider", 2, "ArrowLeft", {"antithrombin": 75.0})]),
    "02_ischemia_and_compression.ipynb": (ischemia_views.EXPLORER, [
        ("slider", 0, "ArrowRight", {"obstruction": 0.51}),
        ("number", 0, "90", {"diastolic": 90.0}),
        ("number", 0, "5", {"diastolic": 5.0}),          # refused inline; the chart stays
        ("number", 0, "45", {"diastolic": 45.0})]),
    "06_treatment.ipynb": (pharmacology_views.EXPLORER, [
        ("select", 0, "Warfarin", {"drug": "warfarin", "missed": None}),
        ("select", 1, 3, {"missed": 3}),
        ("select", 0, "Dabigatran", {"drug": "dabigatran", "missed": None}),
        ("checkbox", 0, None, {"use_kidney": True}),
        ("slider", 0, "ArrowLeft*14", {"crcl": 20.0})]),
}


def _drive(page, notebook: str, root: str = "body") -> None:
    explorer, steps = DRIVES[notebook]
    box = page.locator(root).locator(".widget-vbox:has(.cn-status)")
    expect(box).to_have_count(1, timeout=60_000)      # widget views render after the run
    status, plot = box.locator(".cn-status"), box.locator(".widget-html-content svg[role=img]")
    values = explorer.defaults()

    def expected() -> str:
        return rendered_text(page, display.status_html(explorer.safe_frame(values)))

    assert status.inner_text() == expected()
    for kind, index, action, change in steps:
        before, chart = status.inner_text(), plot.get_attribute("aria-label")
        if kind == "slider":
            box.locator(".noUi-handle").nth(index).focus()
            key, _, times = action.partition("*")
            for _ in range(int(times or 1)):
                page.keyboard.press(key)
        elif kind == "select":
            select = box.locator("select").nth(index)
            # the list as Python offers it now (the kernel rebuilds it when another one changes)
            choice = [c for c in explorer.controls if isinstance(c, display.Choice)][index]
            expect(select.locator("option")).to_have_text(
                [label for label, _value in display._options(choice, values)], timeout=30_000)
            if isinstance(action, int):
                select.select_option(index=action)
            else:
                select.select_option(label=action)
        elif kind == "checkbox":
            box.locator("input[type=checkbox]").nth(index).check()
        else:
            field = box.locator("input[type=number]").nth(index)
            field.fill(action)
            field.press("Enter")
        values = {**values, **change}
        # The kernel has answered (text content: the <br> before a note adds no newline).
        expect(status).to_have_text(expected().replace("\n", ""), timeout=30_000)
        assert status.inner_text() == expected() != before, (kind, action)
        if status.inner_text().startswith("⚠"):
            assert plot.get_attribute("aria-label") == chart      # the last good chart stays
        else:
            assert kind == "checkbox" or plot.get_attribute("aria-label") != chart, (kind, action)
    assert_clean(page)


@pytest.mark.parametrize("notebook", DRIVES)
def test_explorer_is_live_in_jupyterlab(browser, lab, notebook):
    page = lab.run(browser, notebook)
    page.evaluate("""() => {          // Lab keeps the notebooks of earlier tests open in tabs
        document.querySelectorAll('[data-cn-current]').forEach(n => n.removeAttribute(
            'data-cn-current'));
        jupyterapp.shell.currentWidget.node.setAttribute('data-cn-current', '1'); }""")
    _drive(page, notebook, "[data-cn-current]")
    page.context.close()


@pytest.mark.parametrize("notebook", DRIVES)
def test_explorer_is_live_in_voila(browser, voila, notebook):
    page = voila.open(browser, notebook)
    _drive(page, notebook)
    page.context.close()

"""The three model explorers (thrombin 01, compression 02, dosing 06) in a real headless Chromium.

Static pages from file:// with the network blocked: every control moves by keyboard or pointer,
the output changes, the numbers shown are the Python model's, and the page's script agrees with
Python on every grid setting (for the closed-form compression model, every slider stop with every
whole mmHg from 20 to 140).
"""

import functools
import json

import pytest

from helpers import coagulation_views, display, ischemia, ischemia_views, pharmacology_views
from tests.browser import evaluate_json, rendered_text
from tests.clients import broken_images

PAGES = {"thrombin": "01_clot_formation.html", "compression": "02_ischemia_and_compression.html",
         "dosing": "06_treatment.html"}
EXPLORERS = {"thrombin": coagulation_views.EXPLORER, "compression": ischemia_views.EXPLORER,
             "dosing": pharmacology_views.EXPLORER}


def _open(page, site, name):
    page.goto((site / PAGES[name]).as_uri())
    page.wait_for_selector(f"#cn-ex-{name}[data-ready]")
    return page.locator(f"#cn-ex-{name}")


def _status(section) -> str:
    return section.locator(".cn-ex-status").inner_text()


def _plot(section) -> str:
    return section.locator(".cn-ex-plot").inner_html()


def _expected(page, name, values) -> str:
    """The status line as the browser shows Python's rendering of the model at ``values``."""
    return rendered_text(page, display.status_html(EXPLORERS[name].safe_frame(values)))


def _clean(page) -> None:
    assert page.blocked == [] and page.errors == [] and broken_images(page) == []


def _indices(explorer, values):
    return {c.key: [v for _l, v in display._options(c, values)].index(values[c.key])
            for c in explorer.controls if not isinstance(c, display.Number)}


# --- thrombin (01) --------------------------------------------------------------------------

def test_thrombin_sliders_move_by_keyboard_and_show_the_model_numbers(offline_page, site):
    section = _open(offline_page, site, "thrombin")
    start = dict(coagulation_views.EXPLORER.defaults())
    assert _status(section) == _expected(offline_page, "thrombin", start)
    steps = [("Tissue factor (trigger)", "ArrowRight", {"tissue_factor": 7.0}),
             ("Flow washout", "ArrowRight", {"washout": 0.0025}),
             ("Antithrombin", "ArrowLeft", {"antithrombin": 75.0})]
    values = start
    for label, key, change in steps:
        before, plot = _status(section), _plot(section)
        section.get_by_label(label, exact=True).focus()
        offline_page.keyboard.press(key)
        values = {**values, **change}
        assert _status(section) == _expected(offline_page, "thrombin", values), label
        assert _status(section) != before and _plot(section) != plot, label
    output = section.locator("output").first.inner_text()
    assert output == "7 pM"
    _clean(offline_page)


def test_thrombin_page_draws_every_setting_exactly_as_python(offline_page, site):
    _open(offline_page, site, "thrombin")
    explorer = coagulation_views.EXPLORER
    settings = explorer.settings()
    shown = offline_page.evaluate(
        """(all) => { const e = document.querySelector('#cn-ex-thrombin').cnExplorer;
           return all.map(i => { const f = e.frame({values: {}, indices: i});
                                 return [e.statusHtml(f), e.svg(f.chart, e.alt(f))]; }); }""",
        [_indices(explorer, v) for v in settings])
    for values, (status, svg) in zip(settings, shown, strict=True):
        frame = explorer.quick_frame(values)
        assert status == display.status_html(frame), values
        assert svg == display.chart_svg(frame.chart, frame.full_alt), values


# --- compression (02) -----------------------------------------------------------------------

def test_compression_slider_and_pressure_box_update_and_refuse_bad_input(offline_page, site):
    section = _open(offline_page, site, "compression")
    assert _status(section) == _expected(offline_page, "compression",
                                         {"obstruction": 0.5, "diastolic": 70.0})
    plot = _plot(section)
    section.get_by_label("Veins blocked").focus()
    offline_page.keyboard.press("End")
    assert _status(section) == _expected(offline_page, "compression",
                                         {"obstruction": 1.0, "diastolic": 70.0})
    assert "BELOW the 30 mmHg danger line" in _status(section) and _plot(section) != plot
    box = section.get_by_label("Diastolic BP (mmHg)")
    box.fill("90")
    assert _status(section) == _expected(offline_page, "compression",
                                         {"obstruction": 1.0, "diastolic": 90.0})
    good = _plot(section)
    box.fill("5")
    assert _status(section) == ("⚠ diastolic_bp_mmhg must be a number from 30 to 130 mmHg; "
                                "got 5.0")
    assert _status(section) == _expected(offline_page, "compression",
                                         {"obstruction": 1.0, "diastolic": 5.0})
    assert _plot(section) == good                        # the last good chart stays
    box.fill("")
    assert "must be a number from 30 to 130 mmHg; got ''" in _status(section)
    box.fill("45")
    section.get_by_label("Veins blocked").focus()
    offline_page.keyboard.press("Home")
    assert _status(section) == _expected(offline_page, "compression",
                                         {"obstruction": 0.0, "diastolic": 45.0})
    _clean(offline_page)


def test_compression_page_and_python_agree_at_every_stop_and_every_whole_mmhg(offline_page, site,
                                                                          monkeypatch):
    # Every stop of the slider (101) with every whole diastolic pressure from 20 to 140 mmHg
    # (in and out of the 30-130 range) and a few between whole numbers: 12,726 cases.
    monkeypatch.setattr(ischemia, "compression_curve", functools.cache(ischemia.compression_curve))
    _open(offline_page, site, "compression")
    pressures = [float(d) for d in range(20, 141)] + [29.99, 30.5, 72.25, 129.99, 130.01]
    cases = [{"obstruction": o, "diastolic": d}
             for o in ischemia_views.OBSTRUCTION_STOPS for d in pressures]
    assert len(cases) == 101 * 126
    shown = json.loads(offline_page.evaluate(      # one string: Playwright carries it fast
        """(all) => { const e = document.querySelector('#cn-ex-compression').cnExplorer;
           return JSON.stringify(all.map(v => e.frame({values: v, indices: {}}))); }""", cases))
    differ = [values for values, frame in zip(cases, shown, strict=True)
              if frame != ischemia_views.EXPLORER.safe_frame(values).data()]
    assert differ == [], f"{len(differ)} cases differ, first {differ[:3]}"
    errors = sum(frame["error"] for frame in shown)
    assert errors == 101 * 22                # 20-29, 131-140, 29.99 and 130.01 refused


# --- dosing (06) ----------------------------------------------------------------------------

def test_dosing_controls_rebuild_the_lists_and_show_the_model_sentences(offline_page, site):
    section = _open(offline_page, site, "dosing")
    values = dict(pharmacology_views.EXPLORER.defaults())
    assert _status(section) == _expected(offline_page, "dosing", values)
    drug = section.get_by_label("Drug", exact=True)
    missed = section.get_by_label("Missed dose")
    kidney = section.get_by_label("Set kidney function (CrCl)")
    crcl = section.get_by_label("CrCl (mL/min)")

    plot = _plot(section)
    drug.select_option(label="Warfarin")
    values = {**values, "drug": "warfarin"}
    assert _status(section) == _expected(offline_page, "dosing", values)
    assert missed.locator("option").count() == 15 and _plot(section) != plot
    assert kidney.is_disabled() and crcl.is_disabled()

    missed.select_option(label=missed.locator("option").nth(3).inner_text())
    values = {**values, "missed": 3}
    assert _status(section) == _expected(offline_page, "dosing", values)

    drug.select_option(label="Dabigatran")
    values = {**values, "drug": "dabigatran", "missed": None}
    assert missed.input_value() == "0" and not kidney.is_disabled()
    kidney.check()
    values = {**values, "use_kidney": True}
    assert _status(section) == _expected(offline_page, "dosing", values)
    crcl.focus()
    for _ in range(14):
        offline_page.keyboard.press("ArrowLeft")
    values = {**values, "crcl": 20.0}
    assert _status(section) == _expected(offline_page, "dosing", values)
    assert "half-life 27.5 h, measured with severe kidney function" in _status(section)
    assert section.locator("output").inner_text() == "20 mL/min"
    _clean(offline_page)


def test_dosing_outside_the_data_gives_the_message_and_keeps_the_chart(offline_page, site):
    section = _open(offline_page, site, "dosing")
    section.get_by_label("Set kidney function (CrCl)").check()
    good = _plot(section)
    section.get_by_label("CrCl (mL/min)").focus()
    offline_page.keyboard.press("Home")
    assert _status(section).startswith("⚠ ") and "no half-life below 15 mL/min" in \
        _status(section)
    assert _plot(section) == good
    _clean(offline_page)


def test_dosing_page_shows_every_setting_exactly_as_python(offline_page, site):
    _open(offline_page, site, "dosing")
    explorer = pharmacology_views.EXPLORER
    settings = explorer.settings()
    frames = [explorer.safe_frame(v) for v in settings]
    statuses = evaluate_json(offline_page,
        """(all) => { const e = document.querySelector('#cn-ex-dosing').cnExplorer;
           return all.map(i => e.statusHtml(e.frame({values: {}, indices: i}))); }""",
        [_indices(explorer, v) for v in settings])
    for values, frame, status in zip(settings, frames, statuses, strict=True):
        assert status == display.status_html(frame), values
    # Each distinct chart once (the grid holds 3,886 settings but far fewer charts): the same
    # chart data and alt text draw the same SVG, so Python draws each distinct one once.
    charted = {}
    for v, f in zip(settings, frames, strict=True):
        if f.chart:
            charted.setdefault(json.dumps(f.chart, sort_keys=True) + f.full_alt, (v, f))
    first = {display.chart_svg(f.chart, f.full_alt): v for v, f in charted.values()}
    svgs = evaluate_json(offline_page,
        """(all) => { const e = document.querySelector('#cn-ex-dosing').cnExplorer;
           return all.map(i => { const f = e.frame({values: {}, indices: i});
                                 return e.svg(f.chart, e.alt(f)); }); }""",
        [_indices(explorer, v) for v in first.values()])
    assert len(first) > 100 and svgs == list(first)


# --- all three: labels, keyboard focus, announcements ---------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_every_control_is_labelled_and_shows_keyboard_focus(offline_page, site, name):
    section = _open(offline_page, site, name)
    controls = section.locator("[data-key]")
    assert controls.count() == len(EXPLORERS[name].controls)
    for i in range(controls.count()):
        control = controls.nth(i)
        ident = control.get_attribute("id")
        label = section.locator(f'label[for="{ident}"]')
        assert label.count() == 1 and label.inner_text().strip() and label.is_visible()
    section.locator("[data-key]").first.focus()
    offline_page.keyboard.press("Shift+Tab")
    offline_page.keyboard.press("Tab")
    outline = offline_page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert offline_page.evaluate("() => document.activeElement.dataset.key") == \
        EXPLORERS[name].controls[0].key
    assert outline == "3px"
    assert section.locator(".cn-ex-status[aria-live=polite]").count() == 1
    assert section.locator("svg[role=img]").get_attribute("aria-label")
    _clean(offline_page)

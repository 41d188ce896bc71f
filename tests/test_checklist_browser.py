"""The static checklist in a real headless Chromium, offline: it agrees with Python everywhere."""

import itertools

import pytest

from helpers import checklist, checklist_views, risk
from tests.browser import rendered_text, standalone_page

KEYS = list(risk.WELLS_DVT_CRITERIA)


@pytest.fixture(scope="module")
def form_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checklist")
    return standalone_page(folder, "Checklist", checklist_views.static_html())


@pytest.fixture
def form(offline_page, form_file):
    offline_page.goto(form_file.as_uri())
    return offline_page


def _summary(page) -> str:
    return page.locator(".cn-cl-live").inner_text()


def test_python_and_javascript_scores_agree_on_all_1024_combinations(form):
    combos = [list(c) for n in range(len(KEYS) + 1) for c in itertools.combinations(KEYS, n)]
    assert len(combos) == 2 ** 10
    browser = form.evaluate("(all) => all.map(keys => window.cnChecklist.score(keys))", combos)
    for keys, js in zip(combos, browser, strict=True):
        py = risk.wells_dvt(keys)
        assert (js["points"], js["two_level"], js["three_level"]) == (
            py.points, py.two_level, py.three_level), keys
    assert form.errors == [] and form.blocked == []


@pytest.mark.parametrize("text", ["", "64", "50", "80.5", "007", "abc", "-3", "1e2", "131",
                                  "<script>alert(1)</script>", "12.3456789"])
def test_age_box_reads_the_same_in_python_and_javascript(form, text):
    js = form.evaluate("(t) => window.cnChecklist.readAge(t)", text)
    py = checklist.read_age(text)
    assert (js["message"], js["ok"], js.get("cutoff")) == (py.message, py.ok, py.d_dimer_cutoff)


def test_ticking_boxes_updates_the_summary_exactly_as_python_renders_it(form):
    assert _summary(form) == rendered_text(form, checklist_views.summary_html(checklist.assess()))
    form.get_by_label("Active cancer", exact=False).check()
    form.get_by_label("Entire leg swollen", exact=False).check()
    form.get_by_label("Pregnant", exact=True).check()
    form.get_by_label("Age (years, optional)").fill("72")
    expected = checklist.assess(["active_cancer", "entire_leg_swollen"], ["pregnant"], age="72")
    assert _summary(form) == rendered_text(form, checklist_views.summary_html(expected))
    assert "Wells score: 2 points → DVT likely" in _summary(form)


def test_an_emergency_sign_puts_an_alert_above_everything(form):
    assert form.locator(".cn-cl-emergency").count() == 0
    form.get_by_label("(Pallor)", exact=False).check()
    alert = form.get_by_role("alert")
    assert "EMERGENCY." in alert.inner_text()
    first = form.locator(".cn-checklist > *:not(style)").first
    assert "EMERGENCY." in first.inner_text()
    form.get_by_label("(Pallor)", exact=False).uncheck()
    assert form.locator(".cn-cl-emergency").count() == 0


def test_bad_age_shows_an_inline_message_keeps_the_text_and_runs_no_markup(form):
    box = form.get_by_label("Age (years, optional)")
    box.fill("<img src=x onerror=window.hacked=1>")
    assert "Age must be a number of years" in _summary(form)
    assert box.input_value() == "<img src=x onerror=window.hacked=1>"
    assert form.evaluate("window.hacked === undefined")
    assert form.errors == []


def test_the_form_works_from_the_keyboard(form):
    form.get_by_label("Previously documented DVT", exact=False).focus()
    form.keyboard.press("Space")
    form.wait_for_function(
        "document.querySelector('.cn-cl-live').innerText.includes('Wells score: 1 point')")
    form.keyboard.press("Tab")                        # focus moves on to the next criterion
    form.keyboard.press("Space")
    assert "Wells score: -1 point" in _summary(form)  # 1 + (-2) for "alternative diagnosis"

"""The closed-form explorers (nerve map 03, comparison tool and Fagan nomogram 05) evaluated in
the page by their own scripts agree with Python on every input (seeded samples of at least 1,000
where the space is larger), and the static forms answer their controls, offline, in Chromium."""

import itertools
import random

import pytest

from helpers import differential, differential_widgets, display
from tests.browser import standalone_page

FAGAN = differential_widgets.fagan_explorer()
COMPARISON = differential_widgets.comparison_explorer()


@pytest.fixture(scope="module")
def explorers_page(tmp_path_factory):
    body = "".join(display.static_form(e) for e in (FAGAN, COMPARISON))
    return standalone_page(tmp_path_factory.mktemp("explorers"), "Explorers", body)


@pytest.fixture
def page(offline_page, explorers_page):
    offline_page.goto(explorers_page.as_uri())
    return offline_page


def _browser_frames(page, name: str, settings: list[dict]) -> list[dict]:
    return page.evaluate(
        """([name, all]) => { const s = document.getElementById('cn-ex-' + name).cnExplorer;
             return all.map(values => s.frame({values: values, indices: {}})); }""",
        [name, settings])


def _python(explorer: display.Explorer, values: dict) -> dict:
    frame = explorer.safe_frame(values)
    return {"text": frame.text, "alt": frame.alt, "html": frame.html, "error": frame.error}


def test_fagan_in_the_page_equals_python_at_every_stop_and_result(page):
    stops = [v for _label, v in FAGAN.controls[0].stops]
    results = [v for _label, v in FAGAN.controls[1].options]
    settings = [{"pretest": p, "result": r} for p, r in itertools.product(stops, results)]
    assert len(settings) == 199 * 7
    browser = _browser_frames(page, "fagan", settings)
    for values, js in zip(settings, browser, strict=True):
        py = _python(FAGAN, values)
        assert {k: js[k] for k in py} == py, values
    assert page.errors == [] and page.blocked == []


def test_fagan_form_moves_by_keyboard_and_redraws(page):
    section = page.locator("#cn-ex-fagan")
    status = section.locator(".cn-status")
    assert "Pre-test probability 19.0%" in status.inner_text()
    slider = section.get_by_role("slider", name="Pre-test probability")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert "Pre-test probability 19.5%" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    section.get_by_role("combobox", name="Test result").select_option(
        label="Compression ultrasound positive (proximal)")
    expected = _python(FAGAN, {"pretest": 19.5, "result": "ultrasound_positive"})
    assert status.inner_text() == expected["text"]
    assert section.locator(".cn-ex-plot svg").get_attribute("aria-label") == expected["alt"]
    assert page.errors == [] and page.blocked == []


def _comparison_cases(n: int = 2000, seed: int = 14) -> list[dict]:
    """Every case with one feature set, and ``n`` seeded cases over all 40,320."""
    options = {c.key: [v for _label, v in c.options] for c in COMPARISON.controls}
    empty = dict.fromkeys(options)
    singles = [{**empty, key: v} for key, values in options.items() for v in values]
    rng = random.Random(seed)
    sampled = [{key: rng.choice(values) for key, values in options.items()} for _ in range(n)]
    return singles + sampled


def test_comparison_in_the_page_equals_python_on_2000_seeded_cases_and_every_single(page):
    cases = _comparison_cases()
    assert len(cases) >= 2000
    browser = _browser_frames(page, "comparison", cases)
    verdicts = set()
    for values, js in zip(cases, browser, strict=True):
        py = _python(COMPARISON, values)
        assert {k: js[k] for k in py} == py, values
        verdicts.add(py["text"].split(":")[0])
    assert len(verdicts) > 5                 # the sample reaches many different verdicts
    assert page.errors == [] and page.blocked == []


def test_comparison_form_answers_each_list_and_reads_like_python(page):
    section = page.locator("#cn-ex-comparison")
    status = section.locator(".cn-status")
    assert status.inner_text().startswith("Set at least one feature")
    case = {}
    for key, value in differential_widgets.WORKED_CASE.items():
        label = differential.FEATURES[key].label
        section.get_by_role("combobox", name=label).select_option(
            label=differential.FEATURES[key].values[value])
        case[key] = value
        expected = COMPARISON.safe_frame({**COMPARISON.defaults(), **case})
        assert status.inner_text() == expected.text
    assert "⚠ If it could be Acute arterial occlusion" in status.inner_text()
    assert section.locator("table.cn-compare tbody tr").count() == len(differential.CAUSES)
    section.get_by_role("combobox", name="Foot pulses").focus()
    page.keyboard.press("Home")                               # back to "not set"
    assert status.inner_text() == COMPARISON.safe_frame(
        {**COMPARISON.defaults(), **case, "pulses": None}).text
    assert page.errors == [] and page.blocked == []

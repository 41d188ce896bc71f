"""Every widget input fed bad values: an inline message each time, never an exception, no other
control or last good view lost, and no markup that could run in the output.

- Free-text boxes (the checklist's age, the quizzes' numeric answers) get the TEXT values.
- Number boxes and sliders get the NUMBERS. A slider clamps what it can (−1, huge, ±inf) and then
  shows the reading for its end of the scale; NaN gets past the clamp and must be answered inline.
- Choice lists refuse values outside their options themselves, before any callback runs.
- The model behind every slider refuses the same bad values with a ValueError naming the input.
- The static forms in the pages get the TEXT values in Chromium, where markup would really run.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from traitlets import TraitError

from helpers import (
    checklist_views,
    coagulation,
    differential_views,
    ischemia,
    ischemia_views,
    nerve_views,
    pathway,
    quiz,
)

TEXT = {"text": "abc", "empty": "", "negative": "-3", "huge": "1e308", "nan": "nan", "inf": "inf",
        "long": "x" * 10_000, "script": "<script>alert(1)</script>",
        "img": "<img src=x onerror=alert(1)>"}
NUMBERS = {"nan": math.nan, "negative": -1.0, "huge": 1e308, "inf": math.inf,
           "minus_inf": -math.inf}
WARNING = "⚠"
LONGEST_MESSAGE = 2_000           # characters of text: a message, never an echo of 10,000 x's


RUNNABLE_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "base", "meta", "link",
                           "form"})


class _Markup(HTMLParser):
    """Collects whatever in an HTML fragment could run or fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in RUNNABLE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("src", "href", "xlink:href") and value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")
            if tag == "img" and name == "src" and not value.startswith("data:image/"):
                self.found.append(f"<img src={value!r}>")


def active_markup(fragment: str) -> list[str]:
    """Tags and attributes in ``fragment`` that a browser would run or load; [] when inert."""
    parser = _Markup()
    parser.feed(fragment)
    parser.close()
    return parser.found


def text_of(fragment: str) -> str:
    """The words a reader sees in an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_markup_check_catches_what_it_should():
    assert active_markup(f"<p>{html.escape(TEXT['script'])}</p>") == []
    assert active_markup(TEXT["script"]) == ["<script>"]
    assert active_markup(TEXT["img"]) == ["<img src='x'>", "<img onerror=...>"]
    assert active_markup('<img src="data:image/png;base64,AA" alt="x">') == []
    assert active_markup('<a href="JavaScript:alert(1)">x</a>') == ["<a href=javascript:...>"]


# --- free-text boxes ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", TEXT.values(), ids=TEXT.keys())
def test_checklist_age_box_answers_bad_text_inline_and_keeps_every_tick(text):
    c = checklist_views.build_checklist()
    c.boxes["wells"]["previous_dvt"].value = True
    c.boxes["tally"]["pregnant"].value = True
    c.boxes["triage"]["face_arm_or_speech"].value = True
    ticked = {panel: c.ticked(panel) for panel in c.boxes}
    c.age.value = text
    summary = c.wells.value                      # the age line is in the Wells panel's result
    assert c.age.value == text                                    # the learner's text stays
    assert {panel: c.ticked(panel) for panel in c.boxes} == ticked
    assert "Wells score: 1 point" in text_of(summary) and "EMERGENCY." in c.triage.value
    if text:
        assert 'class="cn-cl-age cn-cl-error"' in summary
        assert "Age must be a number of years" in text_of(summary)
    else:                                      # the box is optional: empty is no age, no message
        assert "cn-cl-age" not in summary
    assert active_markup(summary + c.tally.value + c.triage.value + c.why.value) == []
    assert len(text_of(summary)) < LONGEST_MESSAGE
    c.age.value = "64"
    assert "Age-adjusted D-dimer cut-off at 64 years: 640 µg/L" in text_of(c.wells.value)


NUMERIC_QUESTIONS = [(name.removesuffix(".yaml"), q.id)
                     for name in sorted(p.name for p in
                                        (resources.files("helpers") / "data" / "quizzes").iterdir())
                     for q in quiz.load_quiz(name.removesuffix(".yaml")).questions
                     if q.kind == "numeric"]
READABLE = {"negative", "huge"}          # numbers a learner may mean: marked, not refused


@pytest.mark.parametrize("key", TEXT)
def test_quiz_numeric_answers_get_inline_feedback_for_bad_text(key):
    text = TEXT[key]
    assert NUMERIC_QUESTIONS
    for notebook in sorted({name for name, _ in NUMERIC_QUESTIONS}):
        _box, items = quiz.build_widget(quiz.load_quiz(notebook))
        others = [i for i in items if i.question.kind != "numeric"]
        for item in others:
            item.answer.index = 0
        for item in (i for i in items if i.question.kind == "numeric"):
            item.answer.value = text
            item.check.click()
            feedback = item.feedback.value
            where = f"{notebook}/{item.question.id}"
            if key in READABLE:
                assert feedback.startswith("<p>✘ Not quite."), where
            else:
                assert feedback.startswith(f"<p>{WARNING} "), where
            assert item.answer.value == text, where
            assert [i.answer.index for i in others] == [0] * len(others), where
            assert active_markup(feedback) == [], where
            assert len(text_of(feedback)) < LONGEST_MESSAGE, where


# --- number boxes and sliders -------------------------------------------------------------------

@pytest.mark.parametrize("value", NUMBERS.values(), ids=NUMBERS.keys())
def test_compression_blood_pressure_box_answers_bad_numbers_inline(value):
    _box, c = ischemia_views.build_explorer(obstruction=0.7)
    figure, frame = c.plot.value, c.frame
    c.diastolic.value = value
    assert c.status.value.startswith(f'<p class="cn-status" aria-live="polite">{WARNING} ')
    assert "diastolic_bp_mmhg must be a number from 30 to 130 mmHg" in c.status.value
    assert c.obstruction.value == 0.7
    assert (c.plot.value, c.frame) == (figure, frame)           # the last good chart stays
    assert active_markup(c.status.value) == []
    c.diastolic.value = 70.0
    assert WARNING not in c.status.value and "Veins 70% blocked" in c.status.value


# --- choice lists ---------------------------------------------------------------------------

def _choices() -> dict[str, tuple[Any, Callable[[], str]]]:
    nerve = nerve_views.explorer().controls
    comparison = differential_views.comparison().controls
    fagan = differential_views.fagan().controls
    _b, items = quiz.build_widget(quiz.load_quiz("00_start_here"))
    choice = next(i for i in items if i.question.kind == "choice")
    check = checklist_views.build_checklist()
    return {
        "nerve area": (nerve.sole, lambda: nerve.status.value + nerve.plot.value),
        "comparison onset": (comparison.onset,
                             lambda: comparison.status.value + comparison.plot.value),
        "fagan pretest": (fagan.pretest, lambda: fagan.status.value + fagan.plot.value),
        "fagan result": (fagan.result, lambda: fagan.status.value + fagan.plot.value),
        "quiz choice": (choice.answer, lambda: choice.feedback.value),
        "checklist box": (check.boxes["wells"]["active_cancer"], lambda: check.wells.value),
    }


@pytest.mark.parametrize("bad", [TEXT["script"], ("kneecap",), 3.25, math.nan],
                         ids=["script", "unknown", "number", "nan"])
def test_choice_lists_refuse_values_outside_their_options_and_keep_their_view(bad):
    for name, (control, shown) in _choices().items():
        value, before = control.value, shown()
        with pytest.raises(TraitError):
            control.value = bad
        assert control.value == value and shown() == before, name


# --- the models behind the sliders -------------------------------------------------------------

MODELS: dict[str, Callable[[Any], Any]] = {
    "tissue_factor_pm": lambda v: coagulation.thrombin_generation(tissue_factor_pm=v),
    "washout_per_s": lambda v: coagulation.thrombin_generation(washout_per_s=v),
    "antithrombin_percent": lambda v: coagulation.thrombin_generation(antithrombin_percent=v),
    "obstruction": lambda v: ischemia.compression_state(v),
    "diastolic_bp_mmhg": lambda v: ischemia.compression_state(0.5, v),
    "pretest": lambda v: pathway.fagan_reading(v, 0.12),
}
BAD_INPUTS = {**NUMBERS, "minus_huge": -1e308, "text": "abc", "empty": "", "none": None,
              "script": TEXT["script"]}


@pytest.mark.parametrize("key", BAD_INPUTS)
@pytest.mark.parametrize("name", MODELS)
def test_models_behind_the_sliders_refuse_bad_values_naming_the_input(name, key):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        MODELS[name](BAD_INPUTS[key])


# --- the static forms in a real browser -------------------------------------------------------

@pytest.fixture(scope="module")
def forms_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("forms") / "forms.html"
    path.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Forms'
                    f"</title></head><body><main>{quiz.static_html(quiz.load_quiz('00_start_here'))}"
                    f"{checklist_views.static_html()}</main></body></html>", encoding="utf-8")
    return path


def test_static_forms_answer_bad_text_inline_and_run_no_markup(offline_page, forms_page):
    page = offline_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(forms_page.as_uri())
    question = page.locator("fieldset.cn-question[data-kind=numeric]").first
    age = page.get_by_label("Age (years, optional)")
    for key, text in TEXT.items():
        question.locator("input").fill(text)
        question.locator("button").click()
        feedback = question.locator(".cn-feedback")
        assert feedback.inner_text().strip(), key
        assert feedback.locator("*").count() == 0, key          # text only, no elements
        age.fill(text)
        assert age.input_value() == text, key
        summary = page.locator(".cn-cl-wells-live")
        assert ("Age must be a number of years" in summary.inner_text()) == (key != "empty"), key
        assert summary.locator("img, script").count() == 0, key
    assert dialogs == [] and page.errors == [] and page.blocked == []

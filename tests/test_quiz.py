"""Quizzes: data validation, marking, the live widgets and the static HTML form."""

import re
from importlib import resources

import pytest

from helpers import quiz

QUIZ_FILES = sorted(p.name.removesuffix(".yaml") for p in
                    (resources.files("helpers") / "data" / "quizzes").iterdir())
Q00 = quiz.load_quiz("00_start_here")


def _question(kind):
    return next(q for q in Q00.questions if q.kind == kind)


@pytest.mark.parametrize("name", QUIZ_FILES)
def test_every_quiz_file_loads_and_each_answer_marks_correct(name):
    loaded = quiz.load_quiz(name)
    assert loaded.questions
    for q in loaded.questions:
        right = str(q.answer) if q.kind == "numeric" else q.answer
        assert quiz.mark(q, right).correct is True, q.id


def test_unknown_quiz_is_a_clear_error():
    with pytest.raises(ValueError, match="no quiz for notebook '99_nothing'"):
        quiz.load_quiz("99_nothing")


def test_wrong_choice_is_marked_wrong_with_the_right_answer_and_section():
    q = _question("choice")
    wrong = (q.answer + 1) % len(q.options)
    result = quiz.mark(q, wrong)
    assert result.correct is False
    assert q.options[q.answer] in result.message
    assert q.section in result.message


def test_true_false_accepts_bools_and_option_indices():
    q = _question("true_false")          # answer: false
    assert quiz.mark(q, False).correct is True
    assert quiz.mark(q, 1).correct is True   # option 1 is "False"
    assert quiz.mark(q, 0).correct is False


@pytest.mark.parametrize("text, expected", [("6", True), (" 6.0 ", True), ("6,0", True),
                                            ("7", False), ("-6", False)])
def test_numeric_answers_within_tolerance(text, expected):
    assert quiz.mark(_question("numeric"), text).correct is expected


@pytest.mark.parametrize("bad", ["six", "nan", "inf", "<script>alert(1)</script>", "1e999",
                                 "x" * 10_000])
def test_unreadable_numeric_answer_gets_a_message_not_a_mark(bad):
    result = quiz.mark(_question("numeric"), bad)
    assert result.correct is None
    assert "not a number" in result.message
    assert len(result.message) < 200


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_no_answer_asks_for_one(empty):
    assert quiz.mark(_question("choice"), empty) == quiz.Feedback(
        None, "Choose or enter an answer first.")


def test_choice_out_of_range_asks_for_an_option():
    assert quiz.mark(_question("choice"), 17).correct is None


def test_widget_marks_a_ticked_answer_when_check_is_clicked():
    view = quiz.show("00_start_here")
    item = next(c for c in view.controls if c.question.kind == "choice")
    item.answer.index = item.question.answer
    item.check.click()
    assert item.feedback.value.startswith("<p>✔ Correct.")
    item.answer.index = (item.question.answer + 1) % len(item.question.options)
    item.check.click()
    assert "✘ Not quite." in item.feedback.value


def test_widget_explains_bad_numeric_input_and_keeps_it():
    view = quiz.show("00_start_here")
    item = next(c for c in view.controls if c.question.kind == "numeric")
    item.answer.value = "<b>six</b>"
    item.check.click()
    assert "⚠" in item.feedback.value
    assert "<b>" not in item.feedback.value          # markup is escaped, never rendered
    assert item.answer.value == "<b>six</b>"          # the learner's text is not lost


def test_widget_with_nothing_selected_asks_for_an_answer():
    view = quiz.show("00_start_here")
    view.controls[0].check.click()
    assert "Choose or enter an answer first." in view.controls[0].feedback.value


def test_display_bundle_offers_widget_and_static_twin():
    bundle = quiz.show("00_start_here")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == quiz.static_html(Q00)
    assert bundle["text/plain"].startswith(Q00.title)


def test_static_form_labels_every_input_and_carries_the_answers():
    page = quiz.static_html(Q00)
    inputs = re.findall(r'<input [^>]*id="([^"]+)"', page)
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    assert inputs and set(inputs) <= labels
    assert page.count('<fieldset class="cn-question"') == len(Q00.questions)
    assert page.count("<legend>") == len(Q00.questions)
    assert page.count("<details><summary>Show the answer") == len(Q00.questions)
    assert 'data-answer="1"' in page     # which-clot: option 1


def test_answer_key_in_docs_is_generated_from_the_quizzes_and_up_to_date():
    from tests.notebooks import ROOT

    committed = (ROOT / "docs" / "answer_key.md").read_text(encoding="utf-8")
    assert committed == quiz.answer_key() + "\n", "docs/answer_key.md is stale: run `make docs`"
    assert "**Answer:** false." in committed     # 00: a DVT usually makes the leg numb

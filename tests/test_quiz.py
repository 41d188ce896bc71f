"""Quizzes: data validation, marking, the live widgets and the static HTML form."""

import base64
import dataclasses
import html
import json
import math
import random
import re
from importlib import resources

import nbformat
import pytest

from helpers import quiz, reading
from tests.browser import standalone_page
from tests.notebooks import NOTEBOOKS, output_text

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


def test_first_wrong_choice_gets_a_hint_and_a_second_try_not_the_answer():
    q = _question("choice")
    wrong = (q.answer + 1) % len(q.options)
    result = quiz.mark(q, wrong)
    assert result.correct is False
    assert q.options[q.answer] not in result.message        # recall first: no answer yet
    assert result.message == (f"Not quite. Hint: it is explained in “{q.section}”. "
                               "Have another try, or choose “Show the answer”.")


def test_second_wrong_choice_gives_the_right_answer_and_section():
    q = _question("choice")
    wrong = (q.answer + 1) % len(q.options)
    result = quiz.mark(q, wrong, attempt=2)
    assert result.correct is False
    assert result.message.startswith(f"Not quite. The answer is “{q.options[q.answer]}”.")
    assert q.section in result.message
    assert quiz.mark(q, q.answer, attempt=2).message.startswith("Correct.")


def test_a_wrong_number_is_told_whether_it_is_too_high_or_too_low():
    q = _question("numeric")                     # answer: 6
    assert "Your answer is too high." in quiz.mark(q, "7").message
    assert "Your answer is too low." in quiz.mark(q, 5).message
    assert "too" not in quiz.mark(q, "7", attempt=2).message


def test_a_question_with_its_own_hint_gives_it():
    q = dataclasses.replace(_question("true_false"), hint="Think of where the clot sits.")
    assert "Think of where the clot sits." in quiz.mark(q, True).message


def test_results_file_lists_each_answer_its_tries_and_a_shown_answer():
    tf, num = _question("true_false"), _question("numeric")
    progress = {tf.id: quiz.Progress(), num.id: quiz.Progress()}
    quiz.record(progress[tf.id], tf, True)                  # wrong, then right
    quiz.record(progress[tf.id], tf, 1)
    quiz.record(progress[num.id], num, "abc")              # unreadable: not a try
    quiz.record(progress[num.id], num, " 6 ")
    progress[num.id].shown = True
    text = quiz.results_text(Q00, progress)
    assert f"Correct: 2 of {len(Q00.questions)} (at the first try: 1)" in text
    assert (f"{tf.prompt}\n   Your answer: False\n   Correct · answers checked: 2\n"
            in text)
    assert (f"{num.prompt}\n   Your answer: 6\n   Correct · answers checked: 1 · answer shown"
            in text)
    assert text.count("Your answer: (none)\n   Not answered") == len(Q00.questions) - 2


def test_true_false_accepts_bools_and_option_indices():
    q = _question("true_false")          # answer: false
    assert quiz.mark(q, False).correct is True
    assert quiz.mark(q, 1).correct is True   # option 1 is "False"
    assert quiz.mark(q, 0).correct is False
    assert quiz.mark(q, True).correct is False


@pytest.mark.parametrize("bad", [17, -1, 2, "abc", "True", "0", 1.0, 0.5, math.nan, [0], {}])
def test_true_false_refuses_anything_but_a_bool_or_its_two_options(bad):
    # before: 17 and -1 were marked "Correct." (read as "False"), "abc" was read as True
    q = _question("true_false")          # answer: false
    assert quiz.mark(q, bad) == quiz.Feedback(None, "Choose one of the options.")


@pytest.mark.parametrize("bad", [True, False, -1, 3, 17, "1", "abc", 1.0, math.inf, [1]])
def test_choice_refuses_bools_text_and_indices_outside_the_options(bad):
    # before: True was taken as option 1 and False as option 0
    q = _question("choice")
    assert quiz.mark(q, bad) == quiz.Feedback(None, "Choose one of the options.")


@pytest.mark.parametrize("bad", [True, False, [6], {"a": 6}, math.nan, math.inf, 10 ** 400])
def test_numeric_refuses_bools_and_non_numbers_with_its_own_message(bad):
    result = quiz.mark(_question("numeric"), bad)     # answer: 6
    assert result == quiz.Feedback(None, "That is not a number: enter digits, for example 6 "
                                         "or 2.5.")


def test_numeric_takes_a_number_as_well_as_text():
    q = _question("numeric")
    assert quiz.mark(q, 6).correct is True
    assert quiz.mark(q, 6.0).correct is True
    assert quiz.mark(q, 5).correct is False


@pytest.mark.parametrize("text, expected", [("6", True), (" 6.0 ", True), ("6,0", True),
                                            ("7", False), ("-6", False)])
def test_numeric_answers_within_tolerance(text, expected):
    assert quiz.mark(_question("numeric"), text).correct is expected


@pytest.mark.parametrize("bad", ["six", "nan", "inf", "<script>alert(1)</script>", "1e999",
                                 "x" * 10_000, "0x6", "6_0", "١٢", "6 6", "6..", "e6", "-"])
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


def test_widget_gives_a_hint_then_the_answer_and_offers_the_results_file():
    view = quiz.show("00_start_here")
    item = next(c for c in view.controls if c.question.kind == "choice")
    right = item.question.options[item.question.answer]
    item.answer.index = (item.question.answer + 1) % len(item.question.options)
    item.check.click()
    assert "Hint:" in item.feedback.value and right not in item.feedback.value
    item.check.click()
    assert f"The answer is “{right}”" in html.unescape(item.feedback.value)
    other = next(c for c in view.controls if c is not item)
    other.show.click()
    assert html.unescape(other.feedback.value) == f"<p>{quiz.reveal(other.question)}</p>"
    link = view.widget.children[-1].value
    data = re.search(r'href="data:text/plain;charset=utf-8;base64,([^"]+)"', link).group(1)
    progress = {c.question.id: c.progress for c in view.controls}
    assert base64.b64decode(data).decode() == quiz.results_text(Q00, progress)
    assert "Not correct · answers checked: 2" in quiz.results_text(Q00, progress)
    assert 'download="clots-and-nerves-quiz-00_start_here.txt"' in link


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
    assert page.count("Download my answers") == 1
    which = quiz.static_record(next(q for q in Q00.questions if q.id == "which-clot"))
    assert which["answer"] == 1 and which["options"] == 3     # which-clot: option 1 of 3
    assert html.escape(json.dumps(which, ensure_ascii=False)) in page


def test_answer_key_in_docs_is_generated_from_the_quizzes_and_up_to_date():
    from tests.notebooks import ROOT

    committed = (ROOT / "docs" / "answer_key.md").read_text(encoding="utf-8")
    assert committed == quiz.answer_key() + "\n", "docs/answer_key.md is stale: run `make docs`"
    assert "**Answer:** false." in committed     # 00: a DVT usually makes the leg numb


# --- the static quiz marks as Python does ---------------------------------------------------

def _responses(seed: int = 14) -> list:
    """Fixed tricky answers and a seeded sample of numbers and typed text (JSON-safe values)."""
    fixed = [None, "", "   ", "\t\n", True, False, 0, 1, 2, 3, 4, 5, 6, 7, -1, 17, 1_000_000,
             0.5, -2.5, 6.25, math.nan, math.inf, -math.inf, "abc", "0", "1", "True", "false",
             "6", " 6.0 ", "6,0", "6,", ".5", "+.5", "-6", "1e2", "1E+1", "1e999", "nan", "inf",
             "Infinity", "0x10", "1_000", "١٢", "6\u00a0", "\ufeff6", "6\x1c", ".", ",",
             "1,000,5", "<script>alert(1)</script>", "😀" * 50, "x" * 300, [], [1], {}]
    rng = random.Random(seed)
    alphabet = "0123456789.,eE+- x\t"
    sampled = [rng.randint(-5, 12) for _ in range(60)]
    sampled += [rng.uniform(-20, 20) for _ in range(60)]     # never whole: JS cannot tell 1.0
    sampled += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                for _ in range(400)]
    return fixed + sampled


@pytest.fixture(scope="module")
def all_quizzes_page(tmp_path_factory):
    body = "".join(quiz.static_html(quiz.load_quiz(name)) for name in QUIZ_FILES)
    return standalone_page(tmp_path_factory.mktemp("quizzes"), "Quizzes", body)


def test_static_quiz_marks_every_question_exactly_as_python_does(offline_page, all_quizzes_page):
    offline_page.goto(all_quizzes_page.as_uri())
    responses = _responses()
    assert len(responses) > 500
    compared = 0
    for name in QUIZ_FILES:
        for q in quiz.load_quiz(name).questions:
            qid = f"cn-{name}-{q.id}"
            for attempt in (1, 2):
                browser = offline_page.evaluate(
                    "([id, all, n]) => all.map(r => window.cnQuiz.markById(id, r, n))",
                    [qid, responses, attempt])
                for response, js in zip(responses, browser, strict=True):
                    py = quiz.mark(q, response, attempt=attempt)
                    assert (js["correct"], js["message"]) == (py.correct, py.message), (
                        qid, response, attempt)
                    compared += 1
    assert compared > 40_000
    assert offline_page.errors == [] and offline_page.blocked == []


def test_static_quiz_refuses_what_python_refuses_on_the_page(offline_page, all_quizzes_page):
    offline_page.goto(all_quizzes_page.as_uri())
    tf = offline_page.locator("fieldset#cn-00_start_here-dvt-numb")
    marks = offline_page.evaluate(
        "() => [17, -1, 'abc', true].map(r => window.cnQuiz.markById("
        "'cn-00_start_here-dvt-numb', r).message)")
    assert marks[:3] == ["Choose one of the options."] * 3
    assert marks[3].startswith("Not quite.")        # True is an answer, the wrong one
    tf.get_by_label("False").check()
    tf.get_by_role("button", name="Check").click()
    assert tf.locator(".cn-feedback").inner_text().startswith("Correct.")


# --- learning checks that teach (issue 15): questions ask what the core teaches ---------------

def _core_sections(stem: str) -> dict[str, str]:
    """Each ``##`` section of notebook ``stem``: its core (untagged) cells' text and outputs."""
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    sections: dict[str, str] = {}
    current = None
    for cell in nb.cells:
        found = reading.heading(cell)
        if found and found[0] == 2 and reading.DEEPER_TAG not in reading.tags(cell):
            current = found[1]
            sections[current] = ""
        if current is None or reading.DEEPER_TAG in reading.tags(cell):
            continue
        sections[current] += "\n" + (cell.source if cell.cell_type == "markdown"
                                     else output_text(cell))
    return sections


# What each question of notebook 07 asks for, as the core of its section states it: moving that
# fact into a "Going deeper" section (or adding a question without naming its fact) fails here.
CORE_FACTS_07 = {
    "clock-hours": "irreversible nerve and muscle damage can begin within about 4–6 hours",
    "pts-often": "20–50%",
    "villalta-band": "5–9 mild",
    "ulcer-severe": "a venous ulcer makes PTS severe whatever the total",
    "sox": "**What they did not do:** prevent PTS",
    "unprovoked-10y": "36.1%",
    "curve-dashed": "**dashed parts go beyond the data**",
    "smoking-size": "1.23 times the risk",
}


def test_notebook_07_questions_ask_what_its_core_teaches():
    sections = _core_sections("07_prognosis_and_prevention")
    questions = quiz.load_quiz("07_prognosis_and_prevention").questions
    assert {q.id for q in questions} == set(CORE_FACTS_07)
    for q in questions:
        assert CORE_FACTS_07[q.id] in sections[q.section], (q.id, q.section)

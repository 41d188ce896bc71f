"""Self-check quizzes kept as data: marking as a pure function, shown as widgets or static HTML."""

from __future__ import annotations

import base64
import html
import json
import math
import numbers
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from helpers._data import load
from helpers.display import LiveWithTwin

KINDS = ("choice", "true_false", "numeric")


@dataclass(frozen=True)
class Question:
    """One self-check question; ``answer`` is an option index, a bool or a number by kind."""

    id: str
    kind: str
    prompt: str
    answer: int | bool | float
    explanation: str
    section: str
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str = ""
    notebook: str = ""        # the number of another notebook whose section explains it ("02")
    hint: str = ""            # a nudge for a second try; by default, where the answer is taught

    @property
    def see(self) -> str:
        """Where the answer is explained: this notebook's section, or another notebook's."""
        if not self.notebook:
            return self.section
        from helpers import course

        return f"notebook {self.notebook} · {course.lesson(self.notebook).title}, {self.section}"

    @property
    def choices(self) -> tuple[str, ...]:
        """The options a learner picks from (True/False for a true/false question)."""
        return ("True", "False") if self.kind == "true_false" else self.options


@dataclass(frozen=True)
class Feedback:
    """The result of marking: ``correct`` is None when the response could not be read."""

    correct: bool | None
    message: str


@dataclass(frozen=True)
class Quiz:
    """A notebook's self-check: a title and its questions."""

    notebook: str
    title: str
    questions: tuple[Question, ...]


def _question(record: dict[str, Any], where: str) -> Question:
    """Build and validate one question from its data record."""
    kind = record.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {KINDS}, got {kind!r}")
    for name in ("id", "prompt", "explanation", "section"):
        if not str(record.get(name, "")).strip():
            raise ValueError(f"{where}: question needs a non-empty {name!r}")
    question = Question(
        id=str(record["id"]), kind=kind, prompt=record["prompt"].strip(),
        answer=record["answer"], explanation=record["explanation"].strip(),
        section=record["section"], options=tuple(record.get("options", ())),
        tolerance=float(record.get("tolerance", 0.0)), unit=record.get("unit", ""),
        notebook=str(record.get("notebook", "")), hint=str(record.get("hint", "")).strip())
    if kind == "choice" and not (isinstance(question.answer, int)
                                 and 0 <= question.answer < len(question.options)):
        raise ValueError(f"{where}: answer must index one of the {len(question.options)} options")
    if kind == "true_false" and not isinstance(question.answer, bool):
        raise ValueError(f"{where}: a true/false answer must be true or false")
    if kind == "numeric" and not isinstance(question.answer, int | float):
        raise ValueError(f"{where}: a numeric answer must be a number")
    return question


def load_quiz(notebook: str) -> Quiz:
    """Load the quiz for ``notebook`` (a stem such as ``00_start_here``) from data/quizzes."""
    try:
        record = load(f"quizzes/{notebook}.yaml")
    except FileNotFoundError:
        raise ValueError(f"no quiz for notebook {notebook!r}") from None
    questions = tuple(_question(q, f"{notebook}, question {i + 1}")
                      for i, q in enumerate(record["questions"]))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{notebook}: question ids must be unique, got {ids}")
    return Quiz(notebook, record.get("title", "Check yourself"), questions)


SPACE = " \t\n\r\f\v"
"""The characters trimmed from a typed answer (the same in Python and in the static quiz)."""
NUMBER_PATTERN = r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?"
"""A typed number: digits with a point or a comma as decimal mark, optionally an exponent."""
CHOOSE = "Choose one of the options."
EMPTY = "Choose or enter an answer first."
NOT_A_NUMBER = "is not a number: enter digits, for example 6 or 2.5."
TRIES = 2
"""Readable answers a learner gives before the answer is shown: a hint comes after the first."""
TOO_HIGH = "Your answer is too high."
TOO_LOW = "Your answer is too low."
AGAIN = "Have another try, or choose “Show the answer”."


def _is_index(value: Any) -> bool:
    """True for a whole number that is not a bool (an option's position)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _parse_number(response: Any) -> float | None:
    """A finite number from typed text (comma or point as decimal mark) or a number, else None."""
    if isinstance(response, str):
        text = response.strip(SPACE)
        if not re.fullmatch(NUMBER_PATTERN, text):
            return None
        value = float(text.replace(",", "."))
    elif isinstance(response, numbers.Real) and not isinstance(response, bool):
        try:
            value = float(response)
        except OverflowError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _not_a_number(response: Any) -> str:
    """The numeric question's message, quoting (the start of) typed text."""
    if isinstance(response, str):
        return f"“{response[:40]}” {NOT_A_NUMBER}"
    return f"That {NOT_A_NUMBER}"


def mark(question: Question, response: Any, attempt: int = 1) -> Feedback:
    """Mark ``response`` and explain the answer; anything a question cannot take gets a message.

    A choice question takes an option's index (0, 1, …); a true/false question takes True or
    False, or the index of its options ("True" is 0, "False" is 1); a numeric question takes a
    number or typed text such as "6" or "2,5". Bools are never indices, and an index outside the
    options is never read as an answer. ``attempt`` counts readable answers (1 for the first):
    a wrong answer before the last of ``TRIES`` gets a hint and another try, not the answer, so
    the learner has to recall it (retrieval practice). ``helpers/templates/quiz/quiz.js`` marks
    the same way.
    """
    if response is None or (isinstance(response, str) and not response.strip(SPACE)):
        return Feedback(None, EMPTY)
    nudge = ""
    if question.kind == "numeric":
        value = _parse_number(response)
        if value is None:
            return Feedback(None, _not_a_number(response))
        correct = abs(value - float(question.answer)) <= question.tolerance
        nudge = f"{TOO_HIGH if value > float(question.answer) else TOO_LOW} "
    elif question.kind == "true_false":
        if isinstance(response, bool):
            correct = response == question.answer
        elif _is_index(response) and response in (0, 1):
            correct = (response == 0) == question.answer        # option 0 is "True"
        else:
            return Feedback(None, CHOOSE)
    else:
        if not (_is_index(response) and 0 <= response < len(question.options)):
            return Feedback(None, CHOOSE)
        correct = response == question.answer
    if correct:
        return Feedback(True, f"Correct. {_explain(question)}")
    if attempt < TRIES:
        return Feedback(False, f"Not quite. {nudge}{hint_text(question)} {AGAIN}")
    return Feedback(False, f"Not quite. {reveal(question)}")


def hint_text(question: Question) -> str:
    """The hint after a first wrong answer: the question's own, or where the answer is taught."""
    return question.hint or f"Hint: it is explained in “{question.see}”."


def reveal(question: Question) -> str:
    """The answer and its explanation, as "Show the answer" and a last wrong try give them."""
    return f"The answer is {answer_text(question)}. {_explain(question)}"


def _explain(question: Question) -> str:
    """The explanation and where to read more, as every mark ends."""
    return f"{question.explanation} (See: {question.see}.)"


def answer_text(question: Question) -> str:
    """The right answer as a learner would read it."""
    if question.kind == "choice":
        return f"“{question.options[question.answer]}”"
    if question.kind == "true_false":
        return "true" if question.answer else "false"
    unit = f" {question.unit}" if question.unit else ""
    return f"{question.answer:g}{unit}"


# --- a learner's results, to download and hand in --------------------------------------------

@dataclass
class Progress:
    """What a learner did with one question: readable answers checked, the last, its mark."""

    response: str = ""           # the last readable answer, as the learner saw it
    tries: int = 0
    correct: bool | None = None
    shown: bool = False          # "Show the answer" was chosen


def shown_response(question: Question, response: Any) -> str:
    """A readable response as the learner saw it: the option's text, or the typed text."""
    if question.kind == "numeric":
        return str(response).strip(SPACE)
    if isinstance(response, bool):
        response = 0 if response else 1                 # option 0 is "True"
    return question.choices[response]


def record(progress: Progress, question: Question, response: Any) -> Feedback:
    """Mark ``response`` as the learner's next try at ``question`` and note it in ``progress``."""
    result = mark(question, response, attempt=progress.tries + 1)
    if result.correct is not None:
        progress.tries += 1
        progress.correct = result.correct
        progress.response = shown_response(question, response)
    return result


def results_text(quiz: Quiz, progress: dict[str, Progress]) -> str:
    """The learner's answers as a plain-text file to hand in (``quiz.js`` writes the same)."""
    done = [progress.get(q.id, Progress()) for q in quiz.questions]
    right = sum(1 for p in done if p.correct)
    first = sum(1 for p in done if p.correct and p.tries == 1)
    lines = [f"Clots & Nerves · {quiz.title}", f"Notebook {quiz.notebook}",
             f"Correct: {right} of {len(done)} (at the first try: {first})", ""]
    for number, (q, p) in enumerate(zip(quiz.questions, done, strict=True), start=1):
        if p.tries == 0:
            status = "Not answered"
        else:
            verdict = "Correct" if p.correct else "Not correct"
            status = f"{verdict} · answers checked: {p.tries}"
        if p.shown:
            status += " · answer shown"
        lines += [f"{number}. {q.prompt}", f"   Your answer: {p.response or '(none)'}",
                  f"   {status}", ""]
    return "\n".join(lines)


def results_filename(quiz: Quiz) -> str:
    """The downloaded file's name."""
    return f"clots-and-nerves-quiz-{quiz.notebook}.txt"


DOWNLOAD = "Download my answers"
DOWNLOAD_NOTE = "(a text file to hand in; nothing is sent anywhere)"


# --- views -------------------------------------------------------------------------------

def _script() -> str:
    """The static quiz's marking script (the same rules as ``mark``)."""
    return resources.files("helpers").joinpath("templates", "quiz", "quiz.js").read_text("utf-8")


def static_record(q: Question) -> dict[str, Any]:
    """What the static quiz needs to mark ``q``: kind, answer, options, messages."""
    return {"kind": q.kind, "answer": q.answer, "options": len(q.choices),
            "tolerance": q.tolerance, "answerText": answer_text(q), "explain": _explain(q),
            "hint": hint_text(q)}


def static_html(quiz: Quiz) -> str:
    """The quiz as a self-contained HTML form that marks answers with no kernel."""
    meta = html.escape(json.dumps({"title": quiz.title, "notebook": quiz.notebook,
                                   "file": results_filename(quiz)}, ensure_ascii=False))
    parts = [f'<section class="cn-quiz" aria-label="{html.escape(quiz.title)}" '
             f'data-quiz="{meta}">']
    for number, q in enumerate(quiz.questions, start=1):
        qid = f"cn-{quiz.notebook}-{q.id}"
        record = html.escape(json.dumps(static_record(q), ensure_ascii=False))
        parts.append(f'<fieldset class="cn-question" id="{qid}" data-kind="{q.kind}" '
                     f'data-question="{record}">')
        parts.append(f"<legend><strong>{number}.</strong> {html.escape(q.prompt)}</legend>")
        if q.kind == "numeric":
            unit = f" ({html.escape(q.unit)})" if q.unit else ""
            parts.append(f'<label for="{qid}-in">Your answer{unit}: </label>'
                         f'<input id="{qid}-in" type="text" inputmode="decimal" size="8">')
        else:
            for index, option in enumerate(q.choices):
                parts.append(f'<div><input type="radio" name="{qid}" id="{qid}-{index}" '
                             f'value="{index}"> <label for="{qid}-{index}">'
                             f"{html.escape(option)}</label></div>")
        parts.append('<button type="button">Check</button> '
                     '<p class="cn-feedback" aria-live="polite"></p>')
        parts.append(f"<details><summary>Show the answer</summary><p>"
                     f"{html.escape(reveal(q))}</p></details>")
        parts.append("</fieldset>")
    parts.append(f'<p class="cn-quiz-download"><button type="button">{DOWNLOAD}</button> '
                 f"{DOWNLOAD_NOTE}</p>")
    rules = html.escape(json.dumps({"space": SPACE, "number": NUMBER_PATTERN, "choose": CHOOSE,
                                    "empty": EMPTY, "notANumber": NOT_A_NUMBER, "tries": TRIES,
                                    "tooHigh": TOO_HIGH, "tooLow": TOO_LOW, "again": AGAIN},
                                   ensure_ascii=False))
    parts.append(f'<script data-quiz-rules="{rules}">{_script()}</script></section>')
    return "\n".join(parts)


@dataclass
class QuestionControls:
    """The widgets of one question, kept so tests (and teachers) can drive them."""

    question: Question
    answer: Any          # RadioButtons or Text
    check: Any           # Button
    feedback: Any        # HTML
    show: Any = None     # Button: "Show the answer"
    progress: Progress = field(default_factory=Progress)


def download_link(quiz: Quiz, progress: dict[str, Progress]) -> str:
    """An HTML link that saves the learner's results from the page itself (a data: URL)."""
    data = base64.b64encode(results_text(quiz, progress).encode("utf-8")).decode("ascii")
    return (f'<a class="cn-quiz-download" download="{results_filename(quiz)}" '
            f'href="data:text/plain;charset=utf-8;base64,{data}">{DOWNLOAD}</a> {DOWNLOAD_NOTE}')


def build_widget(quiz: Quiz) -> tuple[Any, list[QuestionControls]]:
    """Build the ipywidgets form for ``quiz``; return the container and each question's controls."""
    import ipywidgets as w

    boxes, controls = [], []
    download = w.HTML()

    def refresh() -> None:
        download.value = download_link(quiz, {c.question.id: c.progress for c in controls})

    for number, q in enumerate(quiz.questions, start=1):
        prompt = w.HTML(f"<strong>{number}.</strong> {html.escape(q.prompt)}")
        if q.kind == "numeric":
            answer = w.Text(placeholder="a number", description=q.unit or "Answer",
                            layout=w.Layout(width="16em"))
        else:
            answer = w.RadioButtons(options=list(q.choices), value=None,
                                    layout=w.Layout(width="auto"))
        check = w.Button(description="Check", tooltip=f"Check question {number}")
        show = w.Button(description="Show the answer", tooltip=f"Show the answer to {number}")
        feedback = w.HTML()
        item = QuestionControls(q, answer, check, feedback, show)
        check.on_click(lambda _button, item=item: (_on_check(item), refresh()))
        show.on_click(lambda _button, item=item: (_on_show(item), refresh()))
        controls.append(item)
        boxes.append(w.VBox([prompt, answer, w.HBox([check, show]), feedback]))
    refresh()
    return w.VBox([w.HTML(f"<h3>{html.escape(quiz.title)}</h3>"), *boxes, download]), controls


def _on_check(item: QuestionControls) -> None:
    """Mark the current answer of one question as its next try and show the feedback."""
    if item.question.kind == "numeric":
        response: Any = item.answer.value
    else:
        response = item.answer.index
    result = record(item.progress, item.question, response)
    icon = {True: "✔", False: "✘", None: "⚠"}[result.correct]
    item.feedback.value = f"<p>{icon} {html.escape(result.message)}</p>"


def _on_show(item: QuestionControls) -> None:
    """Show the answer and its explanation, and note that it was shown."""
    item.progress.shown = True
    item.feedback.value = f"<p>{html.escape(reveal(item.question))}</p>"


class QuizView(LiveWithTwin):
    """A quiz for display: live widgets where a kernel runs, a static HTML form elsewhere."""

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        widget, self.controls = build_widget(quiz)
        plain = (f"{quiz.title}: {len(quiz.questions)} questions "
                 f"({', '.join(q.id for q in quiz.questions)})")
        super().__init__(widget, static_html(quiz), plain)


def show(notebook: str) -> QuizView:
    """The quiz of ``notebook`` (e.g. ``"00_start_here"``), ready to display."""
    return QuizView(load_quiz(notebook))


def answer_key() -> str:
    """Every quiz's answers and explanations as Markdown, for the teacher's guide."""
    from helpers import course

    lines = ["# Quiz answer key", "",
             "Generated from `src/helpers/data/quizzes/` by `make docs`; do not edit by hand.", ""]
    for lesson in course.lessons():
        try:
            quiz = load_quiz(lesson.stem)
        except ValueError:
            continue
        lines += [f"## {lesson.number} · {lesson.title}", ""]
        for number, q in enumerate(quiz.questions, start=1):
            lines.append(f"{number}. {q.prompt}  ")
            lines.append(f"   **Answer:** {answer_text(q)}. {q.explanation} "
                         f"*(See: {q.see}.)*")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.quiz answer-key [--out docs/answer_key.md]``."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("command", choices=["answer-key"])
    parser.add_argument("--out", type=Path, default=Path("docs/answer_key.md"))
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(answer_key() + "\n", encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()

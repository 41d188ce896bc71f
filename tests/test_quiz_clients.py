"""The quiz in the live clients (Voila and JupyterLab, Chromium, offline): a first wrong answer
gets a hint and a second try, "Show the answer" shows it, and the learner downloads their own
answers as a file that holds what they gave (nothing is sent)."""

import base64
from pathlib import Path

import pytest

from helpers import quiz
from tests.clients import broken_images

NOTEBOOK = "00_start_here"
Q00 = quiz.load_quiz(NOTEBOOK)
WHICH = next(q for q in Q00.questions if q.id == "which-clot")
SIX = next(q for q in Q00.questions if q.id == "six-ps")
WRONG = "A clot in a small vein just under the skin"


def _question(page, q):
    """The box of question ``q``: the VBox whose first child is its prompt."""
    return page.locator(".widget-vbox").filter(
        has=page.locator(":scope > .widget-html", has_text=q.prompt)).last


def _feedback(box):
    return box.locator(":scope > .widget-html").last


def _drive_and_download(page) -> str:
    which = _question(page, WHICH)
    which.wait_for(timeout=90_000)
    which.get_by_label(WRONG, exact=True).check()
    which.get_by_role("button", name="Check").click()
    feedback = _feedback(which)
    feedback.filter(has_text="Hint: it is explained in").wait_for(timeout=10_000)
    assert "A clot blocking" not in feedback.inner_text()           # a second try first
    which.get_by_role("button", name="Check").click()
    feedback.filter(has_text="The answer is “A clot blocking").wait_for(timeout=10_000)
    six = _question(page, SIX)
    six.locator("input[type=text]").fill("7")
    six.get_by_role("button", name="Check").click()
    _feedback(six).filter(has_text="Your answer is too high.").wait_for(timeout=10_000)
    six.get_by_role("button", name="Show the answer").click()
    _feedback(six).filter(has_text=quiz.reveal(SIX)[:40]).wait_for(timeout=10_000)
    link = page.get_by_role("link", name=quiz.DOWNLOAD)
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('a.cn-quiz-download')].some("
        "a => atob(a.href.split(',')[1]).includes(s))", arg="answers checked: 2",
        timeout=10_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == quiz.results_filename(Q00)
    return Path(download.value.path()).read_bytes().decode("utf-8")


def _expected() -> str:
    progress = {q.id: quiz.Progress() for q in Q00.questions}
    wrong = WHICH.options.index(WRONG)
    quiz.record(progress["which-clot"], WHICH, wrong)
    quiz.record(progress["which-clot"], WHICH, wrong)
    quiz.record(progress["six-ps"], SIX, "7")
    progress["six-ps"].shown = True
    return quiz.results_text(Q00, progress)


@pytest.mark.parametrize("client", ["voila", "lab"])
def test_quiz_hints_then_answers_and_downloads_the_learners_answers(browser, request, client):
    if client == "voila":
        page = request.getfixturevalue("voila").open(browser, f"{NOTEBOOK}.ipynb")
    else:
        page = request.getfixturevalue("lab").run(browser, f"{NOTEBOOK}.ipynb")
    saved = _drive_and_download(page)
    assert saved == _expected()
    assert base64.b64encode(saved.encode()).decode() in page.get_by_role(
        "link", name=quiz.DOWNLOAD).get_attribute("href")
    assert page.outside == [] and page.errors == [] and broken_images(page) == []
    page.context.close()

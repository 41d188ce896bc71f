"""The rendered pages in a real browser, offline: the static quiz marks answers with no kernel."""

from pathlib import Path


def _open(page, site, name):
    page.goto((site / name).as_uri())
    return page


def test_start_page_loads_offline_without_errors(offline_page, site):
    page = _open(offline_page, site, "00_start_here.html")
    assert page.locator("h1").first.inner_text().startswith("00 · Start here")
    assert page.locator("img[alt^='Course map']").count() == 1
    assert page.blocked == [] and page.errors == []


def test_static_quiz_marks_a_choice_when_check_is_pressed(offline_page, site):
    page = _open(offline_page, site, "00_start_here.html")
    question = page.locator("fieldset#cn-00_start_here-which-clot")
    question.get_by_label("A clot blocking an artery of the leg").check()
    question.get_by_role("button", name="Check").click()
    feedback = question.locator(".cn-feedback")
    assert feedback.inner_text().startswith("Correct.")
    question.get_by_label("A clot in a small vein just under the skin").check()
    question.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Not quite. The answer is “A clot blocking")


def test_static_quiz_hints_first_then_answers_and_saves_the_learners_answers(offline_page,
                                                                               site):
    from helpers import quiz

    page = _open(offline_page, site, "00_start_here.html")
    which = page.locator("fieldset#cn-00_start_here-which-clot")
    feedback = which.locator(".cn-feedback")
    which.get_by_label("A clot in a small vein just under the skin").check()
    which.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Not quite. Hint: it is explained in")
    assert "A clot blocking" not in feedback.inner_text()             # a second try first
    which.get_by_role("button", name="Check").click()
    assert feedback.inner_text().startswith("Not quite. The answer is “A clot blocking")
    six = page.locator("fieldset#cn-00_start_here-six-ps")
    six.get_by_label("Your answer").fill("7")
    six.get_by_role("button", name="Check").click()
    assert "Your answer is too high." in six.locator(".cn-feedback").inner_text()
    page.locator("fieldset#cn-00_start_here-dvt-numb summary").click()      # show the answer
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "clots-and-nerves-quiz-00_start_here.txt"
    q00 = quiz.load_quiz("00_start_here")
    progress = {q.id: quiz.Progress() for q in q00.questions}
    by_id = {q.id: q for q in q00.questions}
    small_vein = by_id["which-clot"].options.index("A clot in a small vein just under the skin")
    quiz.record(progress["which-clot"], by_id["which-clot"], small_vein)
    quiz.record(progress["which-clot"], by_id["which-clot"], small_vein)
    quiz.record(progress["six-ps"], by_id["six-ps"], "7")
    progress["dvt-numb"].shown = True
    assert saved == quiz.results_text(q00, progress)
    assert "Not correct · answers checked: 2" in saved
    assert page.blocked == [] and page.errors == []


def test_static_quiz_explains_bad_numeric_input(offline_page, site):
    page = _open(offline_page, site, "00_start_here.html")
    question = page.locator("fieldset#cn-00_start_here-six-ps")
    box = question.get_by_label("Your answer")
    box.fill("<script>six</script>")
    question.get_by_role("button", name="Check").click()
    assert "not a number" in question.locator(".cn-feedback").inner_text()
    assert box.input_value() == "<script>six</script>"      # nothing lost
    box.fill("6")
    question.get_by_role("button", name="Check").click()
    assert question.locator(".cn-feedback").inner_text().startswith("Correct.")


def test_static_quiz_asks_for_an_answer_first(offline_page, site):
    page = _open(offline_page, site, "00_start_here.html")
    question = page.locator("fieldset#cn-00_start_here-dvt-numb")
    question.get_by_role("button", name="Check").click()
    assert question.locator(".cn-feedback").inner_text() == "Choose or enter an answer first."


def test_quiz_is_operable_by_keyboard(offline_page, site):
    page = _open(offline_page, site, "00_start_here.html")
    question = page.locator("fieldset#cn-00_start_here-dvt-numb")
    question.get_by_label("False").focus()
    page.keyboard.press("Space")
    question.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")
    assert question.locator(".cn-feedback").inner_text().startswith("Correct.")


def test_risk_checklist_stays_interactive_in_the_static_page(offline_page, site):
    page = _open(offline_page, site, "04_signs_and_risk.html")
    live = page.locator(".cn-cl-wells-live")
    assert "Wells score: 0 points → DVT unlikely" in live.inner_text()
    page.get_by_role("checkbox", name="Active cancer", exact=False).check()
    page.get_by_role("checkbox", name="Entire leg swollen", exact=False).check()
    page.get_by_role("checkbox", name="Pitting oedema", exact=False).check()
    assert "Wells score: 3 points → DVT likely" in live.inner_text()
    page.get_by_role("checkbox", name="Cannot move the foot or toes").check()
    page.get_by_role("checkbox", name="The leg or foot is cold or pale").check()
    assert page.locator(".cn-cl-triage-live").inner_text().startswith("EMERGENCY.")
    assert page.blocked == [] and page.errors == []

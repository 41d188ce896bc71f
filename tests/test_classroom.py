"""The classroom app (`make app`): Voila's landing page lists the lessons by title, its links open
them, and text meant for notebook users ("Run these two cells first") shows in JupyterLab only:
not in Voila, not on the static pages."""

import re

import nbformat

from helpers import classroom, course
from tests.clients import local_page
from tests.notebooks import NOTEBOOKS

NOTEBOOK_ONLY = "Run these two cells first"


def test_the_lesson_entries_name_every_notebook_by_number_and_title():
    entries = classroom.lesson_entries()
    assert list(entries) == [x.notebook for x in course.lessons()]
    assert entries["02_ischemia_and_compression.ipynb"]["title"] == \
        "02 · How a clot starves or squeezes a nerve"
    config = {"other": 1}
    assert classroom.page_config_hook(config, base_url="/") is config
    assert config[classroom.PAGE_CONFIG_KEY] == entries


def test_the_app_landing_page_lists_lesson_titles_and_each_link_opens_its_lesson(browser, voila):
    base = voila.url("")                        # the folder, as `make app` serves it
    page = local_page(browser, base)
    page.goto(base, timeout=90_000)
    links = page.locator("ol.cn-lessons a")
    links.first.wait_for(timeout=30_000)
    names = [" ".join(t.split()) for t in links.all_inner_texts()]
    for lesson in course.lessons():
        assert any(n.startswith(f"{lesson.number} · {lesson.title}") for n in names), lesson
    assert not re.search(r"\.ipynb", page.locator("main").inner_text())
    href = page.get_by_role("link", name="02 · How a clot starves").get_attribute("href")
    assert href.startswith("/voila/render/02_ischemia_and_compression.ipynb")
    lesson = local_page(browser, base)
    lesson.goto(base.rstrip("/") + href, timeout=120_000)
    lesson.wait_for_selector(".cn-explorer, .widget-slider", timeout=120_000)
    lesson.wait_for_function("() => !document.querySelector('#loading')", timeout=120_000)
    assert lesson.get_by_role("heading", name="02 · How a clot starves").count() == 1
    # the notebook-only text is in the notebook, but not on the app's page
    assert lesson.get_by_text(NOTEBOOK_ONLY).count() == 0
    assert page.outside == [] == lesson.outside and page.errors == [] == lesson.errors
    page.context.close()
    lesson.context.close()


def test_notebook_only_text_stays_in_the_notebook_and_is_left_off_the_page(offline_page, site):
    cells = nbformat.read(NOTEBOOKS / "04_signs_and_risk.ipynb", as_version=4).cells
    assert any(NOTEBOOK_ONLY in c.source for c in cells)      # JupyterLab shows the cell as is
    offline_page.goto((site / "04_signs_and_risk.html").as_uri())
    offline_page.locator("h1").first.wait_for()
    assert offline_page.get_by_text(NOTEBOOK_ONLY).count() == 0

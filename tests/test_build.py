"""`make site`: one HTML page per notebook plus an index, figures with their alt text."""

import re

from helpers import build, course
from tests.notebooks import NOTEBOOKS


def test_index_and_one_page_per_notebook(site):
    stems = [p.stem for p in build.notebook_paths(NOTEBOOKS)]
    assert sorted(p.stem for p in site.glob("*.html")) == sorted(["index", *stems])
    index = (site / "index.html").read_text()
    assert '<html lang="en">' in index
    for lesson in course.lessons():
        assert lesson.title.replace("&", "&amp;") in index


def test_figures_have_real_alt_text_in_the_page(site):
    page = (site / "00_start_here.html").read_text()
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert alts and all(a.startswith("Course map") for a in alts)
    assert "No description has been provided" not in page


def test_quiz_is_the_static_form_in_the_page(site):
    page = (site / "00_start_here.html").read_text()
    assert page.count('<fieldset class="cn-question"') == 5
    assert "cn-feedback" in page


def test_pages_load_nothing_from_outside_the_site(site):
    for page in site.glob("*.html"):
        text = page.read_text()
        external = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', text)
        assert external == [], f"{page.name} loads from the network"

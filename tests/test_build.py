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


def test_external_loads_are_caught_but_links_to_papers_are_fine():
    from helpers import site

    assert site.external_loads('<script src="https://cdn.example/x.js"></script>')
    assert site.external_loads('<link rel="stylesheet" href="//cdn.example/x.css">')
    assert site.external_loads("<style>@import url(https://fonts.example/f.css);</style>")
    assert site.external_loads('<a href="https://doi.org/10.1/x">paper</a>') == []
    assert site.external_loads('<img src="data:image/png;base64,AAAA" alt="x">') == []


def test_links_between_notebooks_point_at_pages_or_the_index_while_a_page_is_missing():
    from helpers import site

    body = '<a href="02_ischemia_and_compression.ipynb#3.-x">a</a> <a href="08_review.ipynb">b</a>'
    assert site.rewrite_links(body, ["02_ischemia_and_compression"]) == (
        '<a href="02_ischemia_and_compression.html#3.-x">a</a> <a href="index.html">b</a>')


def test_size_report_flags_pages_over_one_megabyte():
    from helpers import site

    table = site.format_size_report([("small.html", 20_000), ("big.html", 1_200_000)])
    assert "small.html" in table and "OVER 1 MB" in table.splitlines()[-1]

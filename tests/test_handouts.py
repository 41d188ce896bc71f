"""Handouts (helpers.handouts, issue 22): each lesson's core and a worksheet per lesson plan,
printed to PDF by Debian's Chromium; every page carries text, the red flags are there, and the
case cards are in the notebooks' pages and on the worksheets."""

import html
import os
import re
import unicodedata

import nbformat
import pytest
from pypdf import PdfReader

from helpers import build, cases, course, handouts
from helpers._data import load
from tests.browser import in_thread
from tests.notebooks import NOTEBOOKS

LESSONS = build.notebook_paths(NOTEBOOKS)
# Points per page: A4 is 210 × 297 mm (595.3 × 841.9 pt), Letter 8.5 × 11 in (612 × 792 pt).
SIZES = {"A4": (595, 842), "Letter": (612, 792)}
# Letter is shorter than A4: print the lessons most likely to misplace a long output on it.
LETTER = ["03_nerve_map", "08_review"]


def _text(value: str) -> str:
    """Whitespace collapsed and ligatures (ﬁ) undone, as a reader sees the words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip()


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The handouts printed on A4 (all) and Letter (some), with their worksheets."""
    if os.environ.get("CLOTS_NO_BROWSER") == "1":
        pytest.skip("browser tests switched off by CLOTS_NO_BROWSER=1")
    os.environ["HOME"] = str(tmp_path_factory.mktemp("print-home"))
    out = tmp_path_factory.mktemp("handouts")
    a4 = in_thread(handouts.build_handouts, out / "A4", NOTEBOOKS, "A4")
    jobs = [(handouts.handout_html(NOTEBOOKS / f"{s}.ipynb"), out / "Letter" / f"{s}.pdf")
            for s in LETTER]
    jobs += [(handouts.worksheet_html(p), out / "Letter" / f"worksheet_{p}.pdf")
             for p in cases.plans()]
    return {"A4": a4, "Letter": in_thread(handouts.print_pdfs, jobs, "Letter")}


def _pages(path):
    reader = PdfReader(path)
    return reader, [_text(page.extract_text() or "") for page in reader.pages]


def test_make_handouts_writes_one_pdf_per_lesson_and_per_plan(printed):
    names = sorted(p.name for p in printed["A4"])
    assert names == sorted([f"{p.stem}.pdf" for p in LESSONS]
                           + [f"worksheet_{p}.pdf" for p in cases.plans()])
    assert len(LESSONS) == len(course.lessons())


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_every_pdf_opens_with_text_on_every_page_in_the_paper_size_asked(printed, paper):
    for path in printed[paper]:
        reader, pages = _pages(path)
        assert pages, path.name
        blank = [n + 1 for n, t in enumerate(pages) if not t]
        assert blank == [], f"{path.name} ({paper}): pages without text {blank}"
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            expected = SIZES[paper]
            assert abs(width - expected[0]) < 2 and abs(height - expected[1]) < 2, path.name


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_every_handout_and_worksheet_prints_the_red_flags(printed, paper):
    first_sign = _text(load("red_flags.yaml")["flags"][0]["sign"])
    for path in printed[paper]:
        text = " ".join(_pages(path)[1])
        assert first_sign in text, path.name
        assert "Education, not medical advice" in text, path.name


@pytest.mark.parametrize("paper", sorted(SIZES))
def test_each_worksheet_is_one_page_with_every_card_of_its_plan(printed, paper):
    for plan in cases.plans():
        path = next(p for p in printed[paper] if p.name == f"worksheet_{plan}.pdf")
        _, pages = _pages(path)
        assert len(pages) == 1, f"{path.name} ({paper}) has {len(pages)} pages"
        for item in cases.plan_cases(plan):
            assert _text(item.title) in pages[0] and _text(item.question)[:40] in pages[0]


def test_a_handout_keeps_its_figures_with_their_alt_text_as_caption(printed):
    path = next(p for p in printed["A4"] if p.name == "04_signs_and_risk.pdf")
    text = " ".join(_pages(path)[1])
    assert "Figure: Forest plot on a log scale" in text
    assert "Case 04·A" in text and "Score the Wells items by hand" in text


# --- what goes on paper (no browser) -----------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_handout_has_no_code_widgets_quiz_or_going_deeper(path):
    page = handouts.handout_html(path)
    assert "<input" not in page and "<select" not in page and 'class="cn-quiz"' not in page
    assert "from helpers import" not in page and '<details class="cn-deeper"' not in page
    assert 'class="jp-CodeMirrorEditor' not in page and "Check yourself" not in page
    assert 'id="References"' in page and "@media print" in page
    nb = nbformat.read(path, as_version=4)
    if any(c.cell_type == "code" and "figures.show" in c.source for c in nb.cells):
        assert 'class="cn-print-alt">Figure: ' in page


def test_print_cells_drop_widgets_and_the_headings_they_leave_empty():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    widget = code("quiz.show()")
    widget.outputs = [nbformat.v4.new_output("display_data", {
        handouts.WIDGET_MIME: {"model_id": "x"}, "text/html": "<input>", "text/plain": "q"})]
    table = code("t()")
    table.outputs = [nbformat.v4.new_output("display_data", {"text/plain": "a table"})]
    nb = nbformat.v4.new_notebook(cells=[md("## 1. Kept"), table, md("## Check yourself"),
                                         widget, md("## References"), md("1. A source")])
    nb, _ = handouts.PrintCells()(nb, {})
    assert [c.source for c in nb.cells] == ["## 1. Kept", "t()", "## References", "1. A source"]


@pytest.mark.parametrize("lesson", ["03", "04", "05"])
def test_the_static_page_shows_the_lessons_case_cards(lesson):
    source = NOTEBOOKS / course.lesson(lesson).notebook
    exporter, styles = build.page_exporter()
    page = build.render_page(exporter, styles, source, source,
                             [p.stem for p in LESSONS])
    for item in cases.for_lesson(lesson):
        assert f'<table class="cn-case" id="case-{item.key}"' in page
        assert html.escape(item.question, quote=False) in page


def test_unknown_paper_is_named():
    with pytest.raises(ValueError, match="paper must be one of"):
        handouts.print_pdfs([], "A3")

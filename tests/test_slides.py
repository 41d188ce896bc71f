"""Slides (helpers.slides, `make slides`): the slide metadata the notebooks carry, the speaker
notes, and every deck in real Chromium with the network blocked, at a projector's 1280 x 720."""

import re

import nbformat
import pytest

from helpers import course, slides
from tests.clients import local_page
from tests.notebooks import NOTEBOOKS, ROOT

LESSONS = [x for x in course.lessons() if (NOTEBOOKS / x.notebook).exists()]
MIN_TEXT_PX = 24


def _md(text, *tags):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def _code(html=None, *tags):
    cell = nbformat.v4.new_code_cell("x", metadata={"tags": list(tags)} if tags else {})
    if html:
        cell.outputs = [nbformat.v4.new_output("display_data", {"text/html": html})]
    return cell


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_every_notebook_carries_the_slide_boundaries_make_tidy_writes(lesson):
    cells = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4).cells
    assert slides.stated_types(cells) == slides.slide_types(cells), \
        "run `python -m helpers.tidy slides` (make tidy)"


def test_the_slide_rule_skips_setup_and_deeper_and_gives_a_live_form_its_own_slide():
    cells = [_md("# 02 · Title\n\nIntro"), _md("## Setup\nRun these two cells first", "setup"),
             _code(None, "setup"), _md("## 1. A section\n\nText."), _md("Short text."),
             _code('<section class="cn-explorer">…</section>'), _md("After the explorer."),
             _md("### Going deeper: more", "deeper"), _code("<p>x</p>", "deeper"),
             _md("The same estimates:"), _code("<table><tr><td>1</td></tr></table>"),
             _md("## Summary\n- one")]
    assert slides.slide_types(cells) == [
        "slide", "skip", "skip", "slide", "-", "subslide", "subslide", "skip", "skip",
        "-", "-", "slide"]


def test_a_long_section_continues_on_a_sub_slide():
    para = "word " * 50                                    # about 4 lines on a slide
    cells = [_md("# Title"), _md("## 1. Long\n\n" + para), _md(para), _md(para)]
    assert slides.slide_types(cells) == ["slide", "slide", "-", "subslide"]


def test_apply_slide_types_writes_only_what_differs_and_is_idempotent():
    nb = nbformat.v4.new_notebook(cells=[_md("# Title"), _md("text")])
    assert slides.apply_slide_types(nb)
    assert nb.cells[1].metadata["slideshow"] == {"slide_type": "-"}
    assert not slides.apply_slide_types(nb)


def test_discussion_questions_come_from_the_teachers_guide_by_lesson(tmp_path):
    guide = tmp_path / "teaching.md"
    guide.write_text("# Guide\n\n## Discussion questions\n\n- **00–01.** Why red and white\n"
                     "  clots?\n- **02.** Which signs at 9:30?\n\n## Misconceptions\n\n"
                     "- **03.** not a question\n", encoding="utf-8")
    assert slides.discussion_questions(guide) == {"00": ["Why red and white clots?"],
                                                 "01": ["Why red and white clots?"],
                                                 "02": ["Which signs at 9:30?"]}
    real = slides.discussion_questions(ROOT / "docs" / "teaching.md")
    assert {"00", "01", "02", "03", "04", "05", "06", "07"} <= set(real)


def test_the_deck_keeps_the_core_and_puts_the_questions_in_the_summarys_notes():
    nb = nbformat.v4.new_notebook(cells=[
        _md("# T"), _md("## Setup", "setup"), _md("## 1. A"), _md("### Going deeper", "deeper"),
        _md("## Summary\n- s"), _md("## References")])
    cells = slides.deck_cells(nb, ["Why?"])
    assert [c.source.split("\n")[0] for c in cells] == [
        "# T", "## 1. A", "## Summary", "**Discussion questions** (docs/teaching.md):",
        "## References"]
    assert cells[3].metadata["slideshow"]["slide_type"] == "notes" and "- Why?" in cells[3].source


# --- the decks in Chromium ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Every deck, built from the committed notebooks (the npm tarballs cached in build/npm)."""
    out = tmp_path_factory.mktemp("slides")
    slides.build_slides(out, NOTEBOOKS, ROOT / "docs" / "teaching.md", ROOT / "build" / "npm")
    return out


def _open(browser, decks, stem):
    page = local_page(browser, "file://", width=1280, height=720)
    page.goto((decks / f"{stem}.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    return page


# Visits every slide; on each, the smallest body text as projected (CSS size x reveal's scale)
# and every figure or chart larger than the slide.
SURVEY = """() => {
  const scale = Reveal.getScale();
  const slideW = Reveal.getConfig().width * scale + 1;
  const slideH = Reveal.getConfig().height * scale + 1;
  const found = {small: [], big: [], count: 0};
  for (const slide of Reveal.getSlides()) {
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v);
    found.count += 1;
    for (const el of slide.querySelectorAll('*')) {
      if (el.closest('svg, aside.notes, sup, sub, script, style') || !el.getClientRects().length)
        continue;
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (own && px < MIN) found.small.push(`${at.h}/${at.v} ${el.tagName} ${px.toFixed(1)}px `
                                           + el.textContent.trim().slice(0, 40));
    }
    for (const fig of slide.querySelectorAll('img, svg')) {
      if (fig.parentElement.closest('svg')) continue;
      const r = fig.getBoundingClientRect();
      if (r.width > slideW || r.height > slideH)
        found.big.push(`${at.h}/${at.v} ${fig.tagName} ${r.width | 0}x${r.height | 0}`);
    }
  }
  return found;
}""".replace("MIN", str(MIN_TEXT_PX))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_each_deck_is_ready_offline_with_its_slides_legible_and_figures_within_the_slide(
        browser, decks, lesson):
    page = _open(browser, decks, lesson.stem)
    cells = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4).cells
    sections = slides.stated_types(cells).count("slide")
    assert page.evaluate("Reveal.getHorizontalSlides().length") == sections
    survey = page.evaluate(SURVEY)
    assert survey["count"] >= sections
    assert survey["small"] == [], survey["small"][:5]
    assert survey["big"] == [], survey["big"][:5]
    assert page.locator(".reveal .notes").count() == (1 if lesson.number != "08" else 0)
    assert page.outside == [] and page.errors == []
    page.context.close()


def _show(page, selector):
    page.evaluate(f"""() => {{ const at = Reveal.getIndices(
        document.querySelector('{selector}')
        .closest('.slides > section > section, .slides > section'));
        Reveal.slide(at.h, at.v); }}""")


def test_the_compression_explorer_is_live_on_its_slide_of_deck_02(browser, decks):
    page = _open(browser, decks, "02_ischemia_and_compression")
    _show(page, ".cn-explorer")
    status = page.locator(".cn-explorer .cn-ex-status")
    before = status.inner_text()
    slider = page.locator(".cn-explorer input[type=range]").first
    assert slider.is_visible()
    slider.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("t => document.querySelector('.cn-explorer .cn-ex-status')"
                           ".innerText !== t", arg=before, timeout=5_000)
    assert "Veins 70% blocked" in status.inner_text() or status.inner_text() != before
    assert page.outside == [] and page.errors == []
    page.context.close()


def test_the_risk_checklist_is_live_on_its_slide_of_deck_04(browser, decks):
    page = _open(browser, decks, "04_signs_and_risk")
    _show(page, ".cn-checklist")
    summary = page.locator(".cn-checklist .cn-cl-wells-result")
    assert "Wells score: 0 points" in summary.inner_text()
    box = page.locator(".cn-checklist").get_by_label("Active cancer", exact=False).first
    assert box.is_visible()
    box.check()
    page.wait_for_function("document.querySelector('.cn-checklist .cn-cl-wells-result').innerText"
                           ".includes('Wells score: 1 point')", timeout=5_000)
    assert page.outside == [] and page.errors == []
    page.context.close()


def test_reveal_ships_with_its_licence_and_the_decks_load_only_files_beside_them(decks):
    vendor = decks / "vendor"
    assert "MIT" in (vendor / "reveal.js" / "LICENSE").read_text()
    for needed in ["reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js",
                   "requirejs/require.js", "jquery/dist/jquery.min.js"]:
        assert (vendor / needed).is_file(), needed
    for css in vendor.rglob("*.css"):
        assert not re.search(r"@import\s+url\(['\"]?(https?:)?//", css.read_text()), css
    for lesson in LESSONS:
        body = (decks / f"{lesson.stem}.html").read_text()
        local = re.findall(r'(?:src|href)="(vendor/[^"]+)"', body)
        assert local and all((decks / p).is_file() for p in local), lesson.stem


def test_each_page_and_the_index_link_the_lessons_deck(site):
    index = (site / "index.html").read_text()
    for lesson in LESSONS:
        href = f'href="slides/{lesson.stem}.html"'
        assert href in index
        assert href in (site / f"{lesson.stem}.html").read_text()

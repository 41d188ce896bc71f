"""The learner's path on the rendered pages, in headless Chromium, offline: one disclaimer and
one red-flags box per page, no setup code, dark mode, legible figures that open full size, and
"Going deeper" sections closed until opened (by mouse or keyboard)."""

import base64
import io
import re
import shutil

import nbformat
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from helpers import build, style
from tests.notebooks import NOTEBOOKS

PAGES = ["index", *(p.stem for p in build.notebook_paths(NOTEBOOKS))]
LESSONS = PAGES[1:]
MIN_FIGURE_TEXT_PX = 9


def _open(browser, path, width=1280, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else r.abort())
    page.goto(path.as_uri())
    return context, page


@pytest.mark.parametrize("stem", PAGES)
def test_disclaimer_once_and_no_setup_code_on_any_page(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    text = page.locator("body").inner_text()
    assert text.count("Education, not medical advice") == 1
    source = (site / f"{stem}.html").read_text()
    assert "google.colab" not in source and "pip install" not in source
    assert "from helpers import" not in source            # the Imports cell is not on the page
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_red_flags_box_once_per_page_and_the_header_link_reaches_it(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    assert page.locator(".cn-red-flags").count() == 1
    assert page.locator("#cn-red-flags").count() == 1
    assert page.locator(".cn-nav a[href='#cn-red-flags']").count() == 1
    context.close()


def _luminance(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("stem", PAGES)
def test_dark_mode_on_every_page_with_figures_on_a_light_card(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html", scheme="dark")
    body = page.evaluate("() => [getComputedStyle(document.body).backgroundColor,"
                         " getComputedStyle(document.body).color]")
    assert _luminance(body[0]) < 0.2 and _luminance(body[1]) > 0.7, body
    cards = page.evaluate("() => [...document.querySelectorAll('main img')].map(i =>"
                          " getComputedStyle(i.closest('.cn-zoom')).backgroundColor)")
    assert all(c == "rgb(255, 255, 255)" for c in cards), cards
    serious = [f"{v['id']}: {len(v['nodes'])}" for v in Axe().run(page).response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    context.close()


def _min_text_px(src: str, natural_width: float) -> float:
    """The smallest text of an inline PNG or SVG image, in pixels of its natural size."""
    kind, data = src.split(",", 1)
    if kind == "data:image/svg+xml;base64":
        svg = base64.b64decode(data).decode("utf-8")
        sizes = [float(x) for x in re.findall(r"font-size:\s*([0-9.]+)px", svg)]
        sizes += [float(x) for x in re.findall(r"font:[^;\"]*?([0-9.]+)px", svg)]
        view_width = float(re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+)', svg).group(1))
        assert sizes, "an SVG figure with text drawn as paths cannot be measured"
        return min(sizes) * natural_width / view_width
    assert kind == "data:image/png;base64", src[:40]
    png = Image.open(io.BytesIO(base64.b64decode(data)))
    assert style.MIN_TEXT_KEY in png.text, "make the PNG with style.png_bytes"
    return float(png.text[style.MIN_TEXT_KEY])


@pytest.mark.parametrize("stem", LESSONS)
def test_smallest_figure_text_is_at_least_9_px_at_1280(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    small = []
    for img in page.evaluate("() => [...document.querySelectorAll('main img')].map(i =>"
                             " [i.src, i.clientWidth, i.naturalWidth, i.alt.slice(0, 50)])"):
        src, shown, natural, alt = img
        px = _min_text_px(src, natural) * shown / natural
        if px < MIN_FIGURE_TEXT_PX:
            small.append(f"{alt}: {px:.1f} px")
    svg = page.evaluate("""() => [...document.querySelectorAll('main svg text')]
        .filter(t => t.getBoundingClientRect().width > 0 && t.textContent.trim())
        .map(t => { const m = t.getScreenCTM();
                    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })""")
    small += [f"SVG text {px:.1f} px" for px in svg if px < MIN_FIGURE_TEXT_PX]
    assert small == []
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_every_figure_opens_full_size_on_a_phone(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html", width=390)
    frames = page.locator("main .cn-zoom")
    for i in range(frames.count()):
        frame = frames.nth(i)
        img, button = frame.locator("img"), frame.get_by_role("button", name="Open full size")
        # A figure in a closed "Going deeper" section: open the section first, as a reader does.
        frame.evaluate("f => { for (let d = f.closest('details'); d;"
                       " d = d.parentElement.closest('details')) d.open = true; }")
        natural = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
        button.click()
        # Drawn size, or the screen's height when the figure is taller (tests/test_site_phone.py
        # checks its text stays 9 px or more there).
        shown = img.evaluate("i => [i.clientWidth, i.clientHeight]")
        assert shown == natural or (shown[1] == page.evaluate("() => innerHeight")
                                   and shown[1] < natural[1])
        close = frame.get_by_role("button", name="Fit to the page")
        assert close.get_attribute("aria-expanded") == "true"
        close.click()                              # the full-size view covers the page
    context.close()


def test_output_text_wraps_between_words(browser, site):
    context, page = _open(browser, site / "02_ischemia_and_compression.html", width=390)
    styles = page.evaluate("() => [...document.querySelectorAll('.jp-OutputArea-output pre')]"
                           ".map(p => getComputedStyle(p).wordBreak + ' ' +"
                           " getComputedStyle(p).whiteSpace)")
    assert styles and set(styles) == {"normal pre-wrap"}
    context.close()


# --- Going deeper ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deeper_site(tmp_path_factory):
    """Notebook 04 with a "Going deeper" section added, rendered as the site renders it."""
    folder = tmp_path_factory.mktemp("notebooks")
    nb = nbformat.read(NOTEBOOKS / "04_signs_and_risk.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Summary"))
    heading = nbformat.v4.new_markdown_cell("### Going deeper: a test section\n\n" +
                                            "word " * 450)
    table = nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "execute_result", execution_count=1,
        data={"text/markdown": "| a | b |\n|---|---|\n| deep | table |", "text/plain": "a b"})])
    for cell in (heading, table):
        cell.metadata["tags"] = ["deeper"]
    nb.cells[at:at] = [heading, table]
    nbformat.write(nb, folder / "04_signs_and_risk.ipynb")
    shutil.copy(NOTEBOOKS / "03_nerve_map.ipynb", folder)
    out = tmp_path_factory.mktemp("site")
    build.build_site(out, folder, run=False)
    return out / "04_signs_and_risk.html"


def _test_section(page):
    """The added section (notebook 04 has deeper sections of its own)."""
    return page.locator("details.cn-deeper").filter(
        has=page.locator("summary", has_text="Going deeper: a test section"))


def test_deeper_section_is_closed_with_its_heading_and_time(browser, deeper_site):
    context, page = _open(browser, deeper_site)
    section = _test_section(page)
    assert section.count() == 1 and not section.evaluate("d => d.open")
    # 450 + 4 words at 150 a minute, and a table: 0.5 min + 4 words at 240 a minute -> 4 min
    assert section.locator("> summary").inner_text() == "Going deeper: a test section (4 min)"
    assert not section.get_by_text("deep table").is_visible()
    title = "Going deeper: a test section"       # once in the lesson, once in its contents
    assert page.locator("main").inner_text().count(title) == 2
    assert page.locator("#cn-contents").inner_text().count(title) == 1
    context.close()


def test_deeper_section_opens_by_keyboard(browser, deeper_site):
    context, page = _open(browser, deeper_site)
    section = _test_section(page)
    section.locator("> summary").focus()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert section.evaluate("d => d.open")
    assert section.locator("td", has_text="deep").is_visible()
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_every_deeper_section_on_the_course_pages_starts_closed(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    summaries = page.locator("details.cn-deeper > summary").all_inner_texts()
    assert all(re.fullmatch(r"Going deeper: .+ \(\d+ min\)", s) for s in summaries), summaries
    assert page.locator("details.cn-deeper[open]").count() == 0
    context.close()

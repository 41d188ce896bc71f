"""The pages on a phone (390×844) and a laptop (1280×900) in headless Chromium, offline (issue 23):
legible figures and explorer charts, controls within the screen, a contents list reachable from
anywhere, one "Show the code" per section, and chart labels clear of ticks and curves. Each check
is a function that lists the problems it finds, so the tests at the end plant a fault in a copy
of a page and show the check finding it."""

import re

import pytest

from helpers import build
from tests.notebooks import NOTEBOOKS
from tests.test_site_learner import _min_text_px

LESSONS = [p.stem for p in build.notebook_paths(NOTEBOOKS)]
PHONE, LAPTOP = (390, 844), (1280, 900)
MIN_PX = 9.0
EXPLORER_PAGES = ["01_clot_formation", "02_ischemia_and_compression", "06_treatment"]


def _open(browser, path, size=PHONE):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
               else r.abort())
    page.goto(path.as_uri())
    page.wait_for_function("() => [...document.querySelectorAll('.cn-explorer')]"
                           ".every(s => s.dataset.ready === 'true')")
    return context, page


def _open_all_sections(page):
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")


# --- the checks ----------------------------------------------------------------------------------

_SVG_TEXT_PX = """(svg) => [...svg.querySelectorAll('text')]
    .filter(t => t.getBoundingClientRect().width > 0 && t.textContent.trim())
    .map(t => { const m = t.getScreenCTM();
                return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"""


def figure_text_problems(page) -> list[str]:
    """Every figure and chart whose smallest text shows under 9 px and that has no one-tap
    full-size view in which its text is 9 px or more and it fits the screen's height."""
    _open_all_sections(page)
    height = page.evaluate("() => innerHeight")
    problems = []
    images = page.locator("main img")
    for i in range(images.count()):
        img = images.nth(i)
        src, natural = img.evaluate("i => [i.src, i.naturalWidth]")
        smallest = _min_text_px(src, natural)
        alt = (img.get_attribute("alt") or "")[:40]
        if smallest * img.evaluate("i => i.clientWidth") / natural >= MIN_PX:
            continue
        button = img.locator("xpath=..").locator("button.cn-fullsize")
        if button.count() != 1:
            problems.append(f"{alt}: text under {MIN_PX} px and no full-size view")
            continue
        button.click()
        shown = smallest * img.evaluate("i => i.clientWidth") / natural
        tall = img.evaluate("i => i.getBoundingClientRect().height")
        if shown < MIN_PX or tall > height + 0.5:
            problems.append(f"{alt}: full size, text {shown:.1f} px, {tall:.0f} px tall")
        button.click()
    charts = page.locator("main svg")
    for i in range(charts.count()):
        svg = charts.nth(i)
        sizes = svg.evaluate(_SVG_TEXT_PX)
        if not sizes or min(sizes) >= MIN_PX:
            continue
        name = svg.get_attribute("aria-label") or svg.evaluate(
            "s => s.closest('[aria-label], [class]').className")
        button = svg.locator("xpath=ancestor::*[contains(@class, 'cn-nervemap')]"
                             "/following-sibling::button[1]")
        if button.count() != 1:
            problems.append(f"{str(name)[:40]}: SVG text {min(sizes):.1f} px")
            continue
        button.click()
        shown, tall = min(svg.evaluate(_SVG_TEXT_PX)), svg.evaluate(
            "s => s.getBoundingClientRect().height")
        if shown < MIN_PX or tall > height + 0.5:
            problems.append(f"{str(name)[:40]}: full size, text {shown:.1f} px, {tall:.0f} px")
        button.click()
    return problems


def control_problems(page) -> list[str]:
    """Controls (and the page itself) wider than the screen."""
    _open_all_sections(page)
    return page.evaluate("""() => {
        const w = innerWidth, out = [];
        if (document.documentElement.scrollWidth > w + 1)
            out.push('page ' + document.documentElement.scrollWidth + ' px wide');
        document.querySelectorAll('main select, main input, main button, main textarea')
          .forEach(e => { const r = e.getBoundingClientRect();
            if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5))
              out.push(e.tagName + '#' + e.id + ' ' + Math.round(r.left) + '..' +
                       Math.round(r.right)); });
        return out; }""")


def contents_problems(page) -> list[str]:
    """Numbered sections and "Going deeper" sections the contents list does not link, entries
    without minutes, and links to nothing."""
    return page.evaluate(r"""() => {
        const nav = document.querySelector('nav#cn-contents');
        if (!nav) return ['no contents list'];
        const links = [...nav.querySelectorAll('li a')], out = [];
        const hrefs = new Set(links.flatMap(a => [a.hash.slice(1),
                                                  decodeURIComponent(a.hash.slice(1))]));
        document.querySelectorAll('main h2[id]').forEach(h => {
          if (/^\d+\. /.test(h.textContent) && !hrefs.has(h.id)) out.push('missing ' + h.id); });
        document.querySelectorAll('details.cn-deeper > summary > [id]').forEach(h => {
          if (!hrefs.has(h.id)) out.push('missing ' + h.id); });
        links.forEach(a => {
          const li = a.closest('li'), target = document.getElementById(a.hash.slice(1)) ||
            document.getElementById(decodeURIComponent(a.hash.slice(1)));
          if (!target) out.push('no target for ' + a.hash);
          if (!/\(\d+ min/.test(li.textContent)) out.push('no minutes: ' + li.textContent);
          if (li.classList.contains('cn-contents-deeper') !==
              a.textContent.startsWith('Going deeper')) out.push('deeper unmarked: ' + a.hash);
        });
        return out; }""")


def overlap_problems(page) -> list[str]:
    """In every explorer chart: a label (legend entry or its sample line, axis title, mark) over a
    tick label, or any label over a curve (its points sampled along each segment)."""
    return page.evaluate("""() => {
        const out = [];
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom &&
                              b.top < a.bottom;
        document.querySelectorAll('main svg.cn-chart').forEach((svg, n) => {
          const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
          const ticks = texts.filter(t => t.classList.contains('cn-tick'));
          const labels = texts.filter(t => !t.classList.contains('cn-tick'));
          const boxes = labels.map(t => [t.textContent, t.getBoundingClientRect()]);
          const swatches = [...svg.querySelectorAll('.cn-legend > :not(text)')]
            .map(e => ['legend sample', e.getBoundingClientRect()]);
          boxes.concat(swatches).forEach(([name, box]) => ticks.forEach(t => {
            if (hit(box, t.getBoundingClientRect()))
              out.push('chart ' + n + ': "' + name + '" over tick ' + t.textContent); }));
          svg.querySelectorAll('polyline.cn-curve').forEach(line => {
            const m = line.getScreenCTM(), pts = line.points;
            for (let i = 1; i < pts.numberOfItems; i++) {
              const a = pts.getItem(i - 1).matrixTransform(m),
                    b = pts.getItem(i).matrixTransform(m);
              const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y)));
              for (let k = 0; k <= steps; k++) {
                const x = a.x + (b.x - a.x) * k / steps, y = a.y + (b.y - a.y) * k / steps;
                boxes.forEach(([name, box]) => {
                  if (x > box.left && x < box.right && y > box.top && y < box.bottom)
                    out.push('chart ' + n + ': "' + name + '" over a curve'); });
              }
            }
          });
        });
        return [...new Set(out)]; }""")


def _each_setting(page):
    """Every explorer chart's starting frame, then each control at its first and last choice."""
    yield "start"
    controls = page.locator(".cn-explorer select, .cn-explorer input[type=range]")
    for i in range(controls.count()):
        control = controls.nth(i)
        if control.is_disabled():
            continue
        if control.evaluate("e => e.tagName") == "SELECT":
            count = control.locator("option").count()
            for index in (count - 1, 0):
                control.select_option(index=index)
                yield f"{control.get_attribute('id')}={index}"
        else:
            top = control.get_attribute("max")
            for value in (top, "0"):
                control.fill(value)
                yield f"{control.get_attribute('id')}={value}"


# --- the pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("stem", LESSONS)
def test_every_figure_and_chart_is_legible_or_opens_legibly_full_size(browser, site, stem,
                                                                       size):
    context, page = _open(browser, site / f"{stem}.html", size)
    assert figure_text_problems(page) == []
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_no_control_is_wider_than_a_phone_screen(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    assert control_problems(page) == []
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_contents_list_links_every_section_with_its_minutes(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    assert contents_problems(page) == []
    numbered = page.locator("nav#cn-contents li a").filter(has_text=re.compile(r"^\d+\. "))
    assert numbered.count() >= 3
    context.close()


@pytest.mark.parametrize("stem", ["05_differential", "08_review"])
def test_contents_link_stays_on_screen_and_leads_back_to_the_list(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    link = page.locator("a.cn-to-contents")
    box = link.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE[1]
    assert box["x"] + box["width"] <= PHONE[0]
    link.click()
    top = page.locator("#cn-contents").evaluate("n => n.getBoundingClientRect().top")
    assert 0 <= top < PHONE[1] / 2
    context.close()


def test_04_links_to_the_checklist_from_its_first_screen(browser, site):
    context, page = _open(browser, site / "04_signs_and_risk.html")
    link = page.get_by_role("link", name="Go straight to the risk checklist").first
    assert link.bounding_box()["y"] < PHONE[1]
    link.click()
    checklist = page.locator(".cn-cl-wells-live")
    # The link lands on the section that holds the checklist, with the checklist below it.
    target = page.locator(":target")
    assert target.evaluate("t => t.tagName") == "H2"
    assert target.evaluate("(t) => { const c = document.querySelector('.cn-cl-wells-live');"
                           " return !!(t.compareDocumentPosition(c) & 4); }")
    assert checklist.count() == 1
    context.close()


@pytest.mark.parametrize("stem", LESSONS)
def test_at_most_one_show_the_code_per_section(browser, site, stem):
    context, page = _open(browser, site / f"{stem}.html")
    sections = page.locator("main h2:not(.cn-contents-title)").count()
    toggles = page.get_by_role("button", name="Show the code")
    assert 0 < toggles.count() <= sections
    assert page.locator("details.cn-code").count() == 0
    assert page.locator(".cn-code:not([hidden])").count() == 0           # folded at first
    context.close()


def test_one_toggle_shows_and_hides_all_code_of_its_section(browser, site):
    context, page = _open(browser, site / "05_differential.html")
    toggle = page.locator("button.cn-code-toggle").first
    assert toggle.inner_text() == "Show the code"
    section = toggle.get_attribute("data-cn-section")
    own = page.locator(f'.cn-code[data-cn-section="{section}"]')
    toggle.click()
    assert own.count() >= 1 and all(own.nth(i).get_attribute("hidden") is None
                                    for i in range(own.count()))
    assert page.locator(f'.cn-code:not([data-cn-section="{section}"]):not([hidden])').count() == 0
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() == "Hide the code"
    toggle.click()
    assert page.locator(".cn-code:not([hidden])").count() == 0
    context.close()


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("stem", EXPLORER_PAGES)
def test_chart_labels_stay_clear_of_ticks_and_curves(browser, site, stem, size):
    context, page = _open(browser, site / f"{stem}.html", size)
    problems = []
    for setting in _each_setting(page):
        problems += [f"{setting}: {p}" for p in overlap_problems(page)]
    assert page.locator("main svg.cn-chart").count() >= 1
    assert problems == []
    context.close()


# --- each check finds a planted fault ------------------------------------------------------------

def _copy_with(site, tmp_path, stem, head="", body_end=""):
    text = (site / f"{stem}.html").read_text(encoding="utf-8")
    text = text.replace("</head>", head + "</head>", 1).replace("</body>", body_end + "</body>")
    path = tmp_path / f"{stem}.html"
    path.write_text(text, encoding="utf-8")
    return path


def test_legibility_check_fails_on_a_copy_with_a_shrunk_chart_or_figure(browser, site,
                                                                        tmp_path):
    shrunk = "<style>svg.cn-chart { max-width: 200px !important; }</style>"
    context, page = _open(browser, _copy_with(site, tmp_path, "01_clot_formation", shrunk))
    assert any("SVG text" in p for p in figure_text_problems(page))
    context.close()
    # A figure whose full-size view is taller than the screen.
    tall = "<style>.cn-zoom.cn-zoomed img { max-height: none !important; }</style>"
    context, page = _open(browser, _copy_with(site, tmp_path, "05_differential", tall))
    assert any("Flowchart" in p and "full size" in p for p in figure_text_problems(page))
    context.close()


def test_control_check_fails_on_a_copy_with_a_wide_drop_down(browser, site, tmp_path):
    wide = ("<style>.cn-explorer .cn-ex-row > select { max-width: none !important;"
            " min-width: auto !important; }</style>")
    context, page = _open(browser, _copy_with(site, tmp_path, "05_differential", wide))
    assert any(p.startswith("SELECT#cn-ex-comparison") for p in control_problems(page))
    context.close()


def test_contents_check_fails_on_a_copy_missing_a_section(browser, site, tmp_path):
    drop = "<script>document.querySelector('#cn-contents li').remove()</script>"
    context, page = _open(browser, _copy_with(site, tmp_path, "02_ischemia_and_compression",
                                              body_end=drop))
    assert any(p.startswith("missing 1.") for p in contents_problems(page))
    context.close()


def test_overlap_check_fails_on_a_copy_with_the_legend_over_the_plot(browser, site, tmp_path):
    for shift, fault in ((-45, "over tick"), (-120, "over a curve")):
        moved = f"<style>.cn-legend {{ transform: translate(0px, {shift}px); }}</style>"
        context, page = _open(browser, _copy_with(site, tmp_path, "01_clot_formation", moved))
        assert any(fault in p for p in overlap_problems(page)), shift
        context.close()

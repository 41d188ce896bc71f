"""Every rendered page in a real headless Chromium, offline: loads cleanly, passes axe-core,
links resolve, code is folded; a screenshot of each is kept in test-artifacts/ for a person."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import build, course
from helpers import site as sitelib
from tests.images import images, without_alt
from tests.notebooks import NOTEBOOKS, ROOT

PAGES = ["index", *(p.stem for p in build.notebook_paths(NOTEBOOKS))]
SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.mark.parametrize("stem", PAGES)
def test_page_loads_offline_cleanly_and_has_no_serious_accessibility_violation(
        offline_page, site, stem):
    page = offline_page
    page.goto((site / f"{stem}.html").as_uri())
    assert page.blocked == [] and page.errors == [], (page.blocked, page.errors)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main").count() == 1 and page.locator("h1").count() >= 1
    results = Axe().run(page)
    serious = [f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{stem}: {serious}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{stem}.png"), full_page=True)


def test_index_links_every_notebook_in_teaching_order(offline_page, site):
    offline_page.goto((site / "index.html").as_uri())
    hrefs = offline_page.locator("ol.cn-lessons h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"{x.stem}.html" for x in course.lessons() if x.stem in PAGES]


def _targets(html: str) -> list[str]:
    return [h for h in re.findall(r'<a [^>]*href="([^"]+)"', html)
            if not re.match(r"(https?:|mailto:)", h)]


def test_every_image_on_every_page_says_what_it_shows(site):
    # The pages as learners open them: nbconvert writes a placeholder alt for an image without
    # one; tests/images.py treats placeholders, file names and one-word alts as missing.
    counts = {}
    for page in sorted(site.glob("*.html")):
        found = images(page.read_text())
        counts[page.stem] = len(found)
        assert without_alt(found) == [], page.name
    assert counts["01_clot_formation"] >= 3 and sum(counts.values()) >= 15, counts


def test_every_internal_link_and_anchor_resolves(site):
    ids = {p.name: set(re.findall(r'\bid="([^"]+)"', p.read_text()))
           for p in site.glob("*.html")}
    broken = []
    for page in site.glob("*.html"):
        for href in _targets(page.read_text()):
            parts = urlparse(href)
            target = Path(parts.path).name if parts.path else page.name
            if target not in ids:
                broken.append(f"{page.name} -> {href} (no such page)")
            elif parts.fragment and not {parts.fragment, unquote(parts.fragment)} & ids[target]:
                broken.append(f"{page.name} -> {href} (no such anchor)")
    assert broken == []


def test_code_is_folded_until_the_reader_asks(offline_page, site):
    page = offline_page
    page.goto((site / "02_ischemia_and_compression.html").as_uri())
    toggles = page.locator("button.cn-code-toggle")
    assert toggles.count() > 3 and page.locator(".cn-code:not([hidden])").count() == 0
    section = toggles.first.get_attribute("data-cn-section")
    code = page.locator(f'.cn-code[data-cn-section="{section}"] .jp-InputArea').first
    assert not code.is_visible()
    toggles.first.click()
    assert code.is_visible()
    figure = page.locator("main img, main svg[role=img]").first   # figures always visible
    assert figure.is_visible() and figure.evaluate("e => e.closest('details') === null")


def test_every_page_has_navigation_launch_links_and_the_red_flags(site):
    repo = sitelib.settings()["repository"]
    for stem in PAGES[1:]:
        text = (site / f"{stem}.html").read_text()
        assert 'href="index.html"' in text
        assert f"mybinder.org/v2/gh/{repo}/" in text
        assert f"colab.research.google.com/github/{repo}/" in text
        assert 'id="cn-red-flags"' in text and "Education, not medical advice." in text


def test_page_weight_stays_under_one_megabyte(site):
    rows = sitelib.size_report(sorted(site.glob("*.html")))
    assert all(size <= sitelib.MAX_PAGE_BYTES for _name, size in rows), \
        sitelib.format_size_report(rows)

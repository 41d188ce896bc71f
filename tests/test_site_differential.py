"""Page 05 as a learner sees it (offline, in Chromium): an unconfirmed value carries a short mark,
its meaning is said once per table, and the full phrase stays rare on the page, before and after
the comparison tool answers a case."""

from helpers import differential, differential_views

PAGE = "05_differential.html"
LIMIT = 5       # issue 15: at most five full "not confirmed in a source" phrases per page

# Every text the reader could see, closed "Going deeper" sections included; scripts, styles and
# the attributes of the marks (their hover titles) are not text on the page.
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest('script, style, template, noscript')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  let text = '';
  while (walker.nextNode()) { text += walker.currentNode.nodeValue; }
  return text;
}"""


def _phrases(page) -> int:
    return page.evaluate(VISIBLE_TEXT).lower().count(differential.UNCONFIRMED)


def _open(offline_page, site):
    offline_page.goto((site / PAGE).as_uri())
    return offline_page


def test_page_05_says_not_confirmed_in_a_source_at_most_five_times(offline_page, site):
    page = _open(offline_page, site)
    assert page.locator("abbr.cn-unconfirmed").count() >= 20          # the marks are there
    assert 1 <= _phrases(page) <= LIMIT


def test_every_table_with_a_mark_has_its_legend_under_it(offline_page, site):
    page = _open(offline_page, site)
    tables = page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(t => t.querySelector('abbr.cn-unconfirmed'))
        .map(t => { let next = t.nextElementSibling;
                    while (next && !next.textContent.trim()) { next = next.nextElementSibling; }
                    return next ? next.textContent.trim() : ''; })""")
    assert len(tables) >= 2                     # the differential table and the distributions
    assert all(legend == differential.UNCONFIRMED_LEGEND for legend in tables), tables


def test_mark_carries_its_meaning_for_a_pointer_and_its_legend_for_a_screen_reader(offline_page,
                                                                                  site):
    page = _open(offline_page, site)
    titles = set(page.locator("abbr.cn-unconfirmed").evaluate_all(
        "marks => marks.map(m => m.title + '|' + m.textContent)"))
    assert titles == {f"{differential.UNCONFIRMED}|†"}


def test_the_live_comparison_says_the_phrase_once_and_the_page_stays_within_the_limit(
        offline_page, site):
    page = _open(offline_page, site)
    tool = page.locator("#cn-ex-comparison")
    before = _phrases(page)
    for key, value in differential_views.WORKED_CASE.items():      # unconfirmed cells in play
        feature = differential.FEATURES[key]
        tool.get_by_role("combobox", name=feature.label).select_option(
            label=feature.values[value])
    output = tool.inner_text().lower()
    assert output.count(differential.UNCONFIRMED) == 1
    assert f"not counted ({differential.UNCONFIRMED_SHORT})" in output
    assert _phrases(page) == before + 1 <= LIMIT

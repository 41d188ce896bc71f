"""The static checklist in a real headless Chromium, offline: it agrees with Python everywhere."""

import itertools
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from helpers import checklist, checklist_views, risk
from tests.browser import evaluate_json, rendered_text, standalone_page
from tests.clients import assert_clean

KEYS = list(risk.WELLS_DVT_CRITERIA)
FINDINGS = list(checklist.TRIAGE_FINDINGS)
SIZES = [(1280, 900), (390, 844)]

# The triage message as the learner sees it: its box, whether it lies inside the viewport, whether
# nothing covers its middle, and whether it sits inside an aria-live region. Shared with the Voila
# and JupyterLab tests.
ON_SCREEN = """(sel) => { const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            inside: r.height > 0 && r.top >= 0 && r.left >= 0 &&
                    r.bottom <= window.innerHeight && r.right <= window.innerWidth,
            uncovered: !!hit && el.contains(hit),
            live: !!el.closest('[aria-live]'), text: el.innerText}; }"""
MESSAGE = ".cn-cl-triage-live .cn-cl-triage"
# Put an element at the very top or bottom edge of the screen (whatever scrolls), as a learner
# who scrolled there would have it.
TO_EDGE = "([el, edge]) => el.scrollIntoView({block: edge})"


def wait_for_message(page, ticked, timeout_ms: int = 15_000) -> dict:
    """Wait until the triage message shows Python's answer for ``ticked``, inside the viewport,
    uncovered and in a live region (in Voila and Lab the kernel answers); return what was seen."""
    expected = rendered_text(page, checklist_views.triage_html(checklist.triage(ticked)))
    check = f"""(text) => {{ const seen = ({ON_SCREEN})({MESSAGE!r});
        return !!seen && seen.text === text && seen.inside && seen.uncovered && seen.live; }}"""
    try:
        page.wait_for_function(check, arg=expected, timeout=timeout_ms, polling=50)
    except PlaywrightTimeout:
        pytest.fail(f"triage message for {ticked} not on screen within {timeout_ms} ms: "
                    f"{page.evaluate(ON_SCREEN, MESSAGE)}", pytrace=False)
    return page.evaluate(ON_SCREEN, MESSAGE)


def tick_at_edges(page, box_for) -> None:
    """Worst cases: tick the last finding at the bottom edge, then the first at the top edge."""
    keys, ticked = list(checklist.TRIAGE_FINDINGS), []
    for key, edge in ((keys[-1], "end"), (keys[0], "start")):
        box = box_for(key)
        page.evaluate(TO_EDGE, [box.element_handle(), edge])
        box.check()
        ticked.append(key)
        wait_for_message(page, ticked)


# How many copies of the call-now message the learner sees: triage boxes inside the viewport,
# and visible elements whose own text holds the action sentence.
COPIES_ON_SCREEN = """(action) => {
    const seen = el => { const r = el.getBoundingClientRect();
        return r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 &&
               r.left < innerWidth && getComputedStyle(el).visibility !== 'hidden'; };
    const boxes = [...document.querySelectorAll('.cn-cl-triage')].filter(seen).length;
    const texts = [...document.querySelectorAll('body *')].filter(el => [...el.childNodes]
        .some(n => n.nodeType === 3 && n.textContent.includes(action))).filter(seen).length;
    return {boxes, texts}; }"""
EMERGENCY_TICKS = ["numbness", "cold_or_pale"]        # a cold, pale, numb leg (issue 20)


def call_now_shows_once_while_scrolling(page, box_for, ticks=EMERGENCY_TICKS) -> int:
    """Tick an emergency, then bring each triage box to the top and bottom edge of the screen in
    turn: the call-now message must be on screen, uncovered, exactly once, every time."""
    for key in ticks:
        box_for(key).check()
    action = checklist.triage(ticks).action
    wait_for_message(page, ticks)
    positions = 0
    for key in checklist.TRIAGE_FINDINGS:
        for edge in ("start", "end", "center"):
            page.evaluate(TO_EDGE, [box_for(key).element_handle(), edge])   # sync layout
            seen = page.evaluate(ON_SCREEN, MESSAGE)
            copies = page.evaluate(COPIES_ON_SCREEN, action)
            assert seen["inside"] and seen["uncovered"], (key, edge, seen)
            assert copies == {"boxes": 1, "texts": 1}, (key, edge, copies)
            positions += 1
    return positions


def result_beside_its_panel(page, boxes, panel: str) -> None:
    """After each tick in the Wells or tally panel (``boxes``: key and checkbox locator pairs,
    each brought to the top of the screen first), that panel's result is wholly on screen."""
    selector = f".cn-cl-{panel}-live .cn-cl-summary"
    for key, box in boxes:
        page.evaluate(TO_EDGE, [box.element_handle(), "start"])
        box.check()
        check = f"""(sel) => {{ const seen = ({ON_SCREEN})(sel);
            return !!seen && seen.inside && seen.live; }}"""
        try:                     # in Voila and Lab the kernel answers: wait for it, bounded
            page.wait_for_function(check, arg=selector, timeout=10_000, polling=50)
        except PlaywrightTimeout:
            pytest.fail(f"{panel} result not on screen after ticking {key}: "
                        f"{page.evaluate(ON_SCREEN, selector)}", pytrace=False)
        box.uncheck()


@pytest.fixture(scope="module")
def form_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checklist")
    return standalone_page(folder, "Checklist", checklist_views.static_html())


@pytest.fixture
def form(offline_page, form_file):
    offline_page.goto(form_file.as_uri())
    return offline_page


def _summary(page) -> str:
    """The Wells and tally results, each read from the foot of its own panel."""
    return "\n".join(page.locator(f".cn-cl-{p}-live").inner_text() for p in ("wells", "tally"))


def test_python_and_javascript_scores_agree_on_all_1024_combinations(form):
    combos = [list(c) for n in range(len(KEYS) + 1) for c in itertools.combinations(KEYS, n)]
    assert len(combos) == 2 ** 10
    browser = form.evaluate("(all) => all.map(keys => window.cnChecklist.score(keys))", combos)
    for keys, js in zip(combos, browser, strict=True):
        py = risk.wells_dvt(keys)
        assert (js["points"], js["two_level"], js["three_level"]) == (
            py.points, py.two_level, py.three_level), keys
    assert form.errors == [] and form.blocked == []


@pytest.mark.parametrize("text", ["", "64", "50", "80.5", "007", "abc", "-3", "1e2", "131",
                                  "<script>alert(1)</script>", "12.3456789"])
def test_age_box_reads_the_same_in_python_and_javascript(form, text):
    js = form.evaluate("(t) => window.cnChecklist.readAge(t)", text)
    py = checklist.read_age(text)
    assert (js["message"], js["ok"], js.get("cutoff")) == (py.message, py.ok, py.d_dimer_cutoff)


def test_ticking_boxes_updates_the_summary_exactly_as_python_renders_it(form):
    def python(a):
        return "\n".join(rendered_text(form, f(a)) for f in (checklist_views.wells_html,
                                                               checklist_views.tally_html))

    assert _summary(form) == python(checklist.assess())
    form.get_by_label("Active cancer", exact=False).check()
    form.get_by_label("Entire leg swollen", exact=False).check()
    form.get_by_label("Pregnant", exact=True).check()
    form.get_by_label("Age (years, optional)").fill("72")
    expected = checklist.assess(["active_cancer", "entire_leg_swollen"], ["pregnant"], age="72")
    assert _summary(form) == python(expected)
    assert "Wells score: 2 points → DVT likely" in _summary(form)
    for key in EMERGENCY_TICKS:                      # the next step defers to the emergency
        form.locator(f"#cn-cl-triage-{key}").check()
    expected = checklist.assess(["active_cancer", "entire_leg_swollen"], ["pregnant"],
                                EMERGENCY_TICKS, age="72")
    assert _summary(form) == python(expected)
    assert "Next step: The emergency in the triage panel comes first" in _summary(form)


def test_python_and_javascript_triage_agree_on_every_combination_of_findings(form):
    combos = [list(c) for n in range(len(FINDINGS) + 1)
              for c in itertools.combinations(FINDINGS, n)]
    assert len(combos) == 2 ** len(FINDINGS) >= 2 ** 13
    # each reason the page gives, as its place among Python's rule sentences (-1: none of them)
    sentences = [rule.sentence for rule in checklist.triage_rules()]
    browser = evaluate_json(form, """([all, sentences]) => window.cnChecklist.triageAll(all)
        .map(r => [r.level, r.reasons.map(reason => sentences.indexOf(reason)), r.action,
                   r.also_ticked, r.also_note, r.conflicts])""", [combos, sentences])
    for keys, (level, reasons, action, also, note, conflicts) in zip(combos, browser,
                                                                       strict=True):
        py = checklist.triage(keys)
        assert (level, tuple(sentences[i] if i >= 0 else None for i in reasons), action,
                tuple(also), note, tuple(conflicts)) == (
            py.level, py.reasons, py.action, py.also_ticked, py.also_note, py.conflicts), keys
    with pytest.raises(Exception, match="unknown triage finding: headache"):
        form.evaluate("() => window.cnChecklist.triage(['numbness', 'headache'])")
    twice = form.evaluate("() => window.cnChecklist.triage(['numbness', 'numbness'])")
    assert (twice["level"], twice["reasons"], twice["also_ticked"]) == (
        "routine", [], ["numbness"])


def test_python_and_javascript_flag_the_same_shared_items(form):
    pairs = [([], []), (["active_cancer"], []), ([], ["bed_bound", "cancer"]),
             (["previous_dvt", "paralysis_paresis_or_cast"], ["previous_clot"])]
    for wells, tally in pairs:
        js = form.evaluate("([w, t]) => window.cnChecklist.mismatches(w, t)", [wells, tally])
        assert tuple(js) == checklist.shared_mismatches(wells, tally)


def _open_at(offline_page, form_file, width, height):
    """The form inside a long lesson page (text above and below), at one viewport size."""
    offline_page.set_viewport_size({"width": width, "height": height})
    offline_page.goto(form_file.as_uri())
    return offline_page


@pytest.fixture(scope="module")
def lesson_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lesson")
    filler = "<p>" + "A paragraph of the lesson before the checklist. " * 12 + "</p>"
    return standalone_page(folder, "Lesson",
                           filler * 8 + checklist_views.static_html() + filler * 8)


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
@pytest.mark.parametrize("ticks, level", [
    (["swollen_painful_leg"], "URGENT."),
    (["bleeding_signs"], "URGENT."),
    (["gradual_over_weeks", "numbness"], "No emergency combination ticked."),
    (["sudden_onset", "cold_or_pale"], "EMERGENCY."),
    (["on_anticoagulant", "bleeding_signs"], "EMERGENCY. Now: call NHS 111 or go to A&E"),
], ids=["first-urgent", "last-urgent", "routine", "emergency", "bleeding"])
def test_after_a_tick_the_message_is_on_screen_in_a_live_region_and_unticking_removes_it(
        offline_page, lesson_file, width, height, ticks, level):
    page = _open_at(offline_page, lesson_file, width, height)
    assert page.evaluate(ON_SCREEN, MESSAGE) is None
    for key in ticks:
        page.locator(f"#cn-cl-triage-{key}").check()       # scrolls the box into view, as a hand
    box = page.evaluate(ON_SCREEN, MESSAGE)
    assert box["inside"] and box["uncovered"] and box["live"], box
    assert box["text"].startswith(level)
    assert page.locator(".cn-cl-triage").count() == 1                    # one message only
    for key in ticks:
        page.locator(f"#cn-cl-triage-{key}").uncheck()
    assert page.evaluate(ON_SCREEN, MESSAGE) is None
    assert page.errors == [] and page.blocked == []


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_the_message_stays_on_screen_when_boxes_are_ticked_at_the_screen_edges(
        offline_page, lesson_file, width, height):
    page = _open_at(offline_page, lesson_file, width, height)
    tick_at_edges(page, lambda key: page.locator(f"#cn-cl-triage-{key}"))


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_the_call_now_message_shows_once_on_screen_while_scrolling_through_the_panel(
        offline_page, lesson_file, width, height):
    page = _open_at(offline_page, lesson_file, width, height)
    positions = call_now_shows_once_while_scrolling(
        page, lambda key: page.locator(f"#cn-cl-triage-{key}"))
    assert positions == 3 * len(checklist.TRIAGE_FINDINGS)
    assert page.errors == [] and page.blocked == []


@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_wells_and_tally_results_stay_beside_the_panel_being_ticked(
        offline_page, lesson_file, width, height):
    page = _open_at(offline_page, lesson_file, width, height)
    for panel, keys in (("wells", list(risk.WELLS_DVT_CRITERIA)),
                        ("tally", [i.key for i in checklist.tally_items()])):
        result_beside_its_panel(
            page, [(k, page.locator(f"#cn-cl-{panel}-{k}")) for k in (keys[0], keys[-1])], panel)


def test_the_rendered_triage_matches_python(form):
    keys = ["on_anticoagulant", "groin_or_back_pain", "numbness"]
    for key in keys:
        form.locator(f"#cn-cl-triage-{key}").check()
    result = checklist.triage(keys)
    for where, html in ((".cn-cl-triage-live", checklist_views.triage_html(result)),
                        (".cn-cl-why-live", checklist_views.why_html(result))):
        assert form.locator(where).inner_text() == rendered_text(form, html), where
    assert "femoral nerve" in form.locator(".cn-cl-why-live").inner_text()
    for key in ("sudden_onset", "gradual_over_weeks", "on_anticoagulant"):
        form.locator(f"#cn-cl-triage-{key}").check()
    result = checklist.triage([*keys, "sudden_onset", "gradual_over_weeks"])
    why = form.locator(".cn-cl-why-live").inner_text()
    assert why == rendered_text(form, checklist_views.why_html(result))
    assert "cannot both be true" in why and "does not change what to do" in why


def test_bad_age_shows_an_inline_message_keeps_the_text_and_runs_no_markup(form):
    box = form.get_by_label("Age (years, optional)")
    box.fill("<img src=x onerror=window.hacked=1>")
    assert "Age must be a number of years" in _summary(form)
    assert box.input_value() == "<img src=x onerror=window.hacked=1>"
    assert form.evaluate("window.hacked === undefined")
    assert form.errors == []


def test_the_form_works_from_the_keyboard(form):
    form.get_by_label("Previously documented DVT", exact=False).focus()
    form.keyboard.press("Space")
    form.wait_for_function(
        "document.querySelector('.cn-cl-wells-live').innerText.includes('Wells score: 1 point')")
    form.keyboard.press("Tab")                        # focus moves on to the next criterion
    form.keyboard.press("Space")
    assert "Wells score: -1 point" in _summary(form)  # 1 + (-2) for "alternative diagnosis"


# --- the same checks in the course's own clients: the built page and JupyterLab ----------------

@pytest.mark.parametrize("width, height", SIZES, ids=["desktop", "phone"])
def test_site_page_keeps_the_triage_on_screen_in_a_live_region(offline_page, site, width, height):
    page = _open_at(offline_page, site / "04_signs_and_risk.html", width, height)
    tick_at_edges(page, lambda key: page.locator(f"#cn-cl-triage-{key}"))
    assert page.locator(MESSAGE).inner_text().startswith("No emergency")
    for key in ("gradual_over_weeks", "numbness"):
        page.locator(f"#cn-cl-triage-{key}").uncheck()
    assert page.evaluate(ON_SCREEN, MESSAGE) is None
    call_now_shows_once_while_scrolling(page, lambda key: page.locator(f"#cn-cl-triage-{key}"))
    result_beside_its_panel(page, [("active_cancer", page.locator("#cn-cl-wells-active_cancer"))],
                            "wells")
    assert page.errors == [] and page.blocked == []


def test_jupyterlab_keeps_the_triage_on_screen_in_a_live_region_on_a_desktop_and_a_phone(
        browser, lab):
    page = lab.run(browser, "04_signs_and_risk.ipynb", *SIZES[0])
    # the notebook as a learner reads it: side panels closed (the fixture opens the file browser)
    page.evaluate("() => { jupyterapp.shell.collapseLeft(); jupyterapp.shell.collapseRight(); }")

    def box(key):
        return page.get_by_role("checkbox", name=checklist.TRIAGE_FINDINGS[key].label,
                                exact=True)

    assert page.locator(".cn-cl-triage-live").count() == 1      # the live widget, not its twin
    for width, height in SIZES:             # one kernel for both: every box unticked between
        page.set_viewport_size({"width": width, "height": height})
        tick_at_edges(page, box)
        expect(page.locator(MESSAGE)).to_have_text(re.compile("^No emergency"), timeout=10_000)
        ticked = ["gradual_over_weeks", "numbness", "sudden_onset"]   # tick_at_edges ticked two
        box(ticked[-1]).check()
        seen = wait_for_message(page, ticked)
        assert seen["text"].startswith("EMERGENCY."), (width, seen)
        for key in ticked:
            box(key).uncheck()
        expect(page.locator(MESSAGE)).to_have_count(0, timeout=10_000)
        call_now_shows_once_while_scrolling(page, box)
        for key in EMERGENCY_TICKS:
            box(key).uncheck()
        expect(page.locator(MESSAGE)).to_have_count(0, timeout=10_000)
    wells = page.get_by_role("checkbox", name="Active cancer", exact=False)
    result_beside_its_panel(page, [("active_cancer", wells)], "wells")
    assert_clean(page)
    page.context.close()

"""The Villalta calculator: the live widget, the static form, and Python against JavaScript in a
real headless Chromium, offline."""

import itertools
import json
import random
import re

import pytest

from helpers import risk, villalta_views
from tests.browser import rendered_text, standalone_page

KEYS = list(risk.VILLALTA_ITEMS)
SYMPTOMS, SIGNS = KEYS[:5], KEYS[5:]


def filled(total: int, order: list[str] = KEYS) -> dict[str, int]:
    """All 11 items, filled 3 at a time in ``order``, summing to ``total`` (0–33)."""
    scores = dict.fromkeys(KEYS, 0)
    for key in order:
        scores[key] = min(3, total)
        total -= scores[key]
    assert total == 0
    return scores


def shown(controls) -> tuple[int, str]:
    """The score and severity the widget displays now."""
    match = re.search(r'data-score="(\d+)" data-severity="(\w+)"', controls.summary.value)
    assert match, controls.summary.value
    return int(match.group(1)), match.group(2)


def severity(total: int, ulcer: bool) -> str:
    # Kahn 2009 (ISTH) as reproduced: 0–4 none, 5–9 mild, 10–14 moderate, ≥ 15 or an ulcer severe.
    if ulcer or total >= 15:
        return "severe"
    return "none" if total <= 4 else "mild" if total <= 9 else "moderate"


# --- the live widget -----------------------------------------------------------------------------

@pytest.fixture
def calc():
    return villalta_views.build_calculator()


def test_calculator_has_eleven_labelled_zero_to_three_controls_and_an_ulcer_box(calc):
    assert list(calc.items) == KEYS
    for key, control in calc.items.items():
        assert control.description == risk.VILLALTA_ITEMS[key].label
        assert control.options == (("0 absent", 0), ("1 mild", 1), ("2 moderate", 2),
                                   ("3 severe", 3))
        assert control.value == 0
    assert calc.ulcer.description == "Venous ulcer on this leg" and calc.ulcer.value is False
    assert shown(calc) == (0, "none")
    assert "Villalta score 0 (symptoms 0, signs 0): no post-thrombotic syndrome." in (
        calc.summary.value)


@pytest.mark.parametrize("total", [0, 4, 5, 9, 10, 14, 15, 33])
def test_setting_the_controls_shows_the_score_and_severity_at_every_band_boundary(calc, total):
    for key, value in filled(total).items():
        calc.items[key].value = value
    assert shown(calc) == (total, severity(total, False))
    calc.ulcer.value = True
    assert shown(calc) == (total, "severe")
    assert ("because of the venous ulcer" in calc.summary.value) == (total < 15)


def test_the_widget_shows_what_risk_villalta_says(calc):
    calc.set({"pain": 2, "heaviness": 2, "pretibial_edema": 1})
    expected = risk.villalta(filled(0) | {"pain": 2, "heaviness": 2, "pretibial_edema": 1})
    assert calc.result() == expected
    assert calc.summary.value == villalta_views.summary_html(expected)
    assert "Villalta score 5 (symptoms 4, signs 1): mild post-thrombotic syndrome." in (
        calc.summary.value)


def test_reset_sets_every_item_to_zero_and_unticks_the_ulcer(calc):
    calc.set(filled(20), ulcer=True)
    assert shown(calc) == (20, "severe")
    calc.reset.click()
    assert calc.scores() == filled(0) and calc.ulcer.value is False
    assert shown(calc) == (0, "none")


@pytest.mark.parametrize(("scores", "ulcer", "message"), [
    ({"pain": 4}, None, r"Villalta item 'pain' must be a whole number from 0 to 3"),
    ({"pain": "2"}, None, r"Villalta item 'pain' must be a whole number .*got '2'"),
    ({"pain": 1.5}, None, r"got 1\.5"),
    ({"pain": True}, None, r"got True"),
    ({"swelling": 1}, None, r"unknown Villalta items: \['swelling'\]"),
    (None, "yes", r"ulcer must be True or False; got 'yes'"),
    ([("pain", 1)], None, r"scores must map Villalta items to 0–3"),
])
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(calc, scores, ulcer,
                                                                        message):
    calc.set({"cramps": 2})
    before = (calc.scores(), calc.ulcer.value, calc.summary.value)
    with pytest.raises(ValueError, match=message):
        calc.set(scores, ulcer=ulcer)
    assert (calc.scores(), calc.ulcer.value, calc.summary.value) == before


def test_a_rating_outside_the_toggle_options_cannot_be_set(calc):
    from traitlets import TraitError

    with pytest.raises(TraitError):
        calc.items["redness"].value = 7
    assert calc.items["redness"].value == 0 and shown(calc) == (0, "none")


def test_an_unscorable_state_shows_an_inline_message_not_a_traceback(calc, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("Villalta item 'pain' must be a whole number from 0 to 3; got <b>")

    monkeypatch.setattr(risk, "villalta", broken)
    calc.items["pain"].value = 1
    assert 'class="cn-vl-error" role="alert">Cannot score this: Villalta item' in (
        calc.summary.value)
    assert "got &lt;b&gt;" in calc.summary.value


def test_the_view_shows_the_widget_in_a_kernel_and_the_form_in_a_page():
    view = villalta_views.show()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == villalta_views.static_html()
    assert bundle["text/plain"].startswith("Villalta calculator: 11 items rated 0–3")


# --- the static form, read as HTML ---------------------------------------------------------------

def test_static_form_embeds_the_rule_table_and_loads_nothing():
    page = villalta_views.static_html()
    embedded = re.search(r'<script type="application/json" class="cn-vl-rules">(.*?)</script>',
                         page, re.S).group(1)
    assert json.loads(embedded) == villalta_views.rules()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    for forbidden in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "fetch(",
                      "XMLHttpRequest"):
        assert forbidden not in page


def test_every_control_in_the_static_form_has_a_label():
    page = villalta_views.static_html()
    ids = re.findall(r'<input [^>]*id="([^"]+)"', page)
    assert len(ids) == 11 * 4 + 1
    for ident in ids:
        assert f'<label for="{ident}">' in page
    assert page.count("<legend>") == 2 + 11


def test_rules_carry_the_items_scale_bands_and_ulcer_rule():
    rules = villalta_views.rules()
    assert [i["key"] for i in rules["items"]] == KEYS
    assert [i["kind"] for i in rules["items"]] == ["symptom"] * 5 + ["sign"] * 6
    assert rules["scale"] == {"min": 0, "max": 3, "meaning": [[0, "absent"], [1, "mild"],
                                                             [2, "moderate"], [3, "severe"]]}
    assert [(b["name"], b["min"], b["max"]) for b in rules["bands"]] == [
        ("none", 0, 4), ("mild", 5, 9), ("moderate", 10, 14), ("severe", 15, None)]
    assert rules["ulcer"]["severity"] == "severe"


# --- the static form in Chromium -----------------------------------------------------------------

@pytest.fixture(scope="module")
def form_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("villalta")
    return standalone_page(folder, "Villalta", villalta_views.static_html())


@pytest.fixture
def form(offline_page, form_file):
    offline_page.goto(form_file.as_uri())
    return offline_page


def _live(page) -> str:
    return page.locator(".cn-vl-live").inner_text()


def _combinations() -> list[tuple[dict[str, int], bool]]:
    """Every total 0–33 filled front to back and back to front, each item alone at each value,
    and 1500 seeded random ratings, each with and without an ulcer."""
    scores = [filled(t) for t in range(34)] + [filled(t, KEYS[::-1]) for t in range(34)]
    scores += [filled(0) | {k: v} for k, v in itertools.product(KEYS, range(4))]
    rng = random.Random(7)
    scores += [{k: rng.randrange(4) for k in KEYS} for _ in range(1500)]
    return [(s, ulcer) for s in scores for ulcer in (False, True)]


def test_python_and_javascript_agree_on_thousands_of_ratings(form):
    combos = _combinations()
    totals = {sum(s.values()) for s, _u in combos}
    assert totals == set(range(34))           # every band boundary and every total is covered
    js = form.evaluate("(all) => all.map(([s, u]) => window.cnVillalta.score(s, u))", combos)
    for (scores, ulcer), got in zip(combos, js, strict=True):
        py = risk.villalta(scores, ulcer=ulcer)
        assert (got["score"], got["severity"], got["symptom_score"], got["sign_score"],
                got["ulcer"]) == (py.score, py.severity, py.symptom_score, py.sign_score,
                                  py.ulcer), (scores, ulcer)
        assert got["text"] == villalta_views.summary_text(py)
    assert form.errors == [] and form.blocked == []


BAD = [(filled(6) | {"redness": 4}, False), (filled(6) | {"redness": -1}, False),
       (filled(6) | {"redness": "2"}, False), (filled(6) | {"redness": 1.5}, False),
       (filled(6) | {"redness": None}, False), (filled(6) | {"redness": True}, False),
       (filled(6) | {"swelling": 1}, False), (filled(6), "yes"), (filled(6), None),
       ({k: v for k, v in filled(6).items() if k != "venous_ectasia"}, False)]


def test_javascript_refuses_what_python_refuses_with_the_same_message(form):
    for scores, ulcer in BAD:
        with pytest.raises(ValueError) as python:
            risk.villalta(scores, ulcer=ulcer)
        js = form.evaluate("([s, u]) => window.cnVillalta.score(s, u)", [scores, ulcer])
        assert js == {"error": str(python.value)}, (scores, ulcer)


def test_clicking_ratings_updates_the_summary_exactly_as_python_renders_it(form):
    empty = risk.villalta(filled(0))
    assert _live(form) == rendered_text(form, villalta_views.summary_html(empty))
    picks = {"pain": 3, "cramps": 2, "pretibial_edema": 3, "hyperpigmentation": 2,
             "redness": 1, "venous_ectasia": 3}
    for key, value in picks.items():
        group = form.get_by_role("group", name=risk.VILLALTA_ITEMS[key].label, exact=True)
        group.get_by_label(f"{value} ", exact=False).check()
    expected = risk.villalta(filled(0) | picks)
    assert (expected.score, expected.severity) == (14, "moderate")
    assert _live(form) == rendered_text(form, villalta_views.summary_html(expected))
    form.get_by_role("group", name="Redness", exact=True).get_by_label("2 moderate").check()
    assert "Villalta score 15 (symptoms 5, signs 10): severe post-thrombotic syndrome." in (
        _live(form))
    form.get_by_label("Venous ulcer on this leg").check()
    assert "venous ulcer): severe" in _live(form)
    form.get_by_role("button", name="Reset all to 0").click()
    assert _live(form) == rendered_text(form, villalta_views.summary_html(empty))
    assert not form.get_by_label("Venous ulcer on this leg").is_checked()
    assert form.errors == [] and form.blocked == []


def test_the_ulcer_alone_makes_it_severe_in_the_page(form):
    form.get_by_label("Venous ulcer on this leg").check()
    assert _live(form).startswith("Villalta score 0 (symptoms 0, signs 0, venous ulcer): severe "
                                  "post-thrombotic syndrome because of the venous ulcer.")


def test_the_form_works_by_keyboard(form):
    form.get_by_role("group", name="Pain", exact=True).get_by_label("0 absent").focus()
    form.keyboard.press("ArrowRight")                  # 0 → 1 within the Pain group
    form.wait_for_function(
        "document.querySelector('.cn-vl-live').innerText.includes('Villalta score 1 ')")
    form.keyboard.press("ArrowRight")                  # 1 → 2
    form.keyboard.press("Tab")                         # on to Cramps
    form.keyboard.press("ArrowRight")
    form.keyboard.press("ArrowRight")
    form.keyboard.press("ArrowRight")                  # Cramps 3
    assert "Villalta score 5 (symptoms 5, signs 0): mild" in _live(form)
    form.keyboard.press("Tab")
    form.keyboard.press("Shift+Tab")
    assert form.evaluate("document.activeElement.id") == "cn-vl-cramps-3"


def test_a_tampered_rating_gets_an_inline_message_and_runs_no_markup(form):
    form.evaluate("""() => { const r = document.getElementById('cn-vl-pain-1');
        r.value = '<img src=x onerror=window.hacked=1>'; r.click(); }""")
    message = form.get_by_role("alert").inner_text()
    assert message.startswith("Cannot score this: Villalta item 'pain' must be a whole number "
                              "from 0 to 3 (0 absent, 1 mild, 2 moderate, 3 severe); got '<img")
    assert form.evaluate("window.hacked === undefined")
    form.get_by_role("group", name="Pain", exact=True).get_by_label("2 moderate").check()
    assert _live(form).startswith("Villalta score 2 ")
    assert form.errors == []


def test_the_form_stores_nothing(form):
    form.get_by_role("group", name="Heaviness", exact=True).get_by_label("3 severe").check()
    form.get_by_label("Venous ulcer on this leg").check()
    stored = form.evaluate("""() => [localStorage.length, sessionStorage.length,
                                      document.cookie]""")
    assert stored == [0, 0, ""]
    form.reload()
    assert _live(form).startswith("Villalta score 0 ")


def test_the_calculator_and_the_figures_work_in_the_rendered_notebook_page(offline_page, site):
    page = offline_page
    page.goto((site / "07_prognosis_and_prevention.html").as_uri())
    live = page.locator(".cn-vl-live")
    assert live.inner_text().startswith("Villalta score 0 (symptoms 0, signs 0)")
    page.get_by_role("group", name="Pain", exact=True).get_by_label("3 severe").check()
    page.get_by_role("group", name="Cramps", exact=True).get_by_label("2 moderate").check()
    assert "Villalta score 5 (symptoms 5, signs 0): mild post-thrombotic syndrome." in (
        live.inner_text())
    assert page.locator("img[alt*='Timeline on a log scale']").count() == 1
    assert page.locator("img[alt^='Line chart of the cumulative chance']").count() == 1
    assert page.blocked == [] and page.errors == []

"""The risk checklist: its logic, the live widget driven like a learner, and the static form."""

import re

import pytest

from helpers import checklist, checklist_views, risk

# --- logic ----------------------------------------------------------------------------------

def test_an_empty_checklist_scores_zero_with_no_emergency_and_no_age_line():
    a = checklist.assess()
    assert (a.wells.points, a.wells.two_level, a.wells.three_level) == (0, "unlikely", "low")
    assert not a.emergency and a.factors == () and a.age.message == ""


def test_tally_groups_ticked_factors_by_the_arm_they_feed():
    a = checklist.assess(factors=["cancer", "long_journey", "recent_surgery"])
    assert len(a.factors) == 3
    assert a.tally["hypercoagulability"] == (
        "Cancer, especially if recently diagnosed, being treated or spread",)
    assert "A long journey sitting still (plane, car, coach or train)" in a.tally["stasis"]
    assert a.tally["vessel_wall"] == ("An operation in the last 3 months",)


def test_any_emergency_sign_raises_the_emergency_banner_above_the_score():
    a = checklist.assess(emergencies=["pallor"])
    banner = checklist_views.emergency_html(a)
    assert 'role="alert"' in banner and "EMERGENCY." in banner and "(Pallor)" in banner
    assert checklist_views.emergency_html(checklist.assess()) == ""


@pytest.mark.parametrize("panel, keys", [("tally", ["smoking"]), ("emergency", ["headache"])])
def test_unknown_items_are_named(panel, keys):
    with pytest.raises(ValueError, match=keys[0]):
        checklist.assess(**{"factors" if panel == "tally" else "emergencies": keys})


@pytest.mark.parametrize("text, years, cutoff", [
    ("", None, None), ("  ", None, None), ("50", 50.0, 500.0), ("64", 64.0, 640.0),
    ("80.5", 80.5, 805.0), ("007", 7.0, 500.0)])
def test_age_box_reads_years_and_gives_the_age_adjusted_cutoff(text, years, cutoff):
    # Righini 2014 (ADJUST-PE): 500 µg/L up to 50 years, age x 10 above.
    reading = checklist.read_age(text)
    assert reading.ok and reading.years == years and reading.d_dimer_cutoff == cutoff


@pytest.mark.parametrize("text", ["abc", "-3", "1e2", "64 years", "NaN", "inf", "١٢", "<script>",
                                  "x" * 10_000, "131", "999"])
def test_bad_ages_get_a_message_not_an_error(text):
    reading = checklist.read_age(text)
    assert not reading.ok and reading.years is None
    assert "years" in reading.message and "<" not in reading.message


def test_rules_carry_every_criterion_with_its_published_points():
    rules = checklist.rules()
    assert [(c["key"], c["points"]) for c in rules["wells"]] == [
        (c.key, c.points) for c in risk.WELLS_DVT_CRITERIA.values()]
    assert {b["name"] for b in rules["two_level"]} == {"likely", "unlikely"}
    assert {b["name"] for b in rules["three_level"]} == {"low", "moderate", "high"}


# --- the live widget ------------------------------------------------------------------------

def _text(html_value: str) -> str:
    return re.sub(r"<[^>]+>", "", html_value)


def test_widget_shows_the_empty_case_first_then_follows_each_tick():
    c = checklist_views.build_checklist()
    assert "Wells score: 0 points → DVT unlikely" in _text(c.summary.value)
    c.boxes["wells"]["active_cancer"].value = True
    c.boxes["wells"]["entire_leg_swollen"].value = True
    assert "Wells score: 2 points → DVT likely" in _text(c.summary.value)
    c.boxes["wells"]["alternative_diagnosis_likely"].value = True
    assert "Wells score: 0 points → DVT unlikely" in _text(c.summary.value)
    c.boxes["tally"]["pregnant"].value = True
    assert "(not a validated score): 1 ticked." in _text(c.summary.value)


def test_widget_emergency_tick_puts_the_banner_first_and_unticking_clears_it():
    c = checklist_views.build_checklist()
    assert c.root.children[0] is c.banner and c.banner.value == ""
    c.boxes["emergency"]["leg_with_breathlessness"].value = True
    assert "EMERGENCY." in c.banner.value
    c.boxes["emergency"]["leg_with_breathlessness"].value = False
    assert c.banner.value == ""


@pytest.mark.parametrize("text", ["sixty", "-3", "", "<b>64</b>", "1" * 5000])
def test_widget_age_box_never_loses_input_or_shows_markup(text):
    c = checklist_views.build_checklist()
    c.boxes["wells"]["previous_dvt"].value = True
    c.age.value = text
    assert c.age.value == text                                # nothing lost
    assert "Wells score: 1 point" in _text(c.summary.value)   # the score survives bad input
    assert "<b>" not in c.summary.value


# --- the static form ------------------------------------------------------------------------

def test_static_form_labels_every_box_and_embeds_no_external_resource():
    page = checklist_views.static_html()
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)"', page)
    assert len(boxes) == (len(risk.WELLS_DVT_CRITERIA) + len(checklist.tally_items())
                          + len(checklist.emergency_items()))
    for ident in boxes:
        assert f'<label for="{ident}">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "localStorage" not in page and "fetch(" not in page

"""The risk checklist: its logic, the live widget driven like a learner, and the static form."""

import html
import re

import pytest

from helpers import checklist, checklist_views, references, risk
from helpers._data import load

# --- logic ----------------------------------------------------------------------------------

def test_an_empty_checklist_scores_zero_with_no_emergency_and_no_age_line():
    a = checklist.assess()
    assert (a.wells.points, a.wells.two_level, a.wells.three_level) == (0, "unlikely", "low")
    assert not a.emergency and a.factors == () and a.age.message == ""
    assert a.triage == checklist.TriageResult("routine", (), ())


# --- the triage table -----------------------------------------------------------------------

ISSUE_KEYS = {"numbness", "sudden_onset", "cold_or_pale", "no_foot_pulse", "cannot_move_foot",
              "swollen_painful_leg", "chest_pain_or_breathless", "face_arm_or_speech",
              "saddle_or_bladder", "severe_pain_tense_leg", "on_anticoagulant",
              "groin_or_back_pain", "gradual_over_weeks"}


def test_triage_findings_hold_every_key_the_issue_names_each_with_a_label_and_a_source():
    assert ISSUE_KEYS <= set(checklist.TRIAGE_FINDINGS)
    for key, finding in checklist.TRIAGE_FINDINGS.items():
        assert finding.key == key and finding.label.strip() and finding.sources
        for source in finding.sources:
            references.get(source)                  # raises for a key not in the bibliography


def test_every_rule_is_sourced_uses_known_findings_and_says_why_its_tier():
    rules = checklist.triage_rules()
    assert {r.level for r in rules} == {"emergency", "urgent"}
    assert len({r.key for r in rules}) == len(rules)
    for rule in rules:
        assert rule.level in checklist.LEVELS and rule.sources and rule.why.strip()
        assert rule.when and all(group for group in rule.when)
        assert {k for g in rule.when for k in g} <= set(checklist.TRIAGE_FINDINGS), rule.key
        for source in rule.sources:
            assert references.get(source).short in rule.sentence


@pytest.mark.parametrize("findings, level", [
    # a common finding on its own never makes an emergency (issue 13)
    ([], "routine"),
    (["numbness"], "routine"),
    (["on_anticoagulant"], "routine"),
    (["gradual_over_weeks", "numbness"], "routine"),              # slow numbness: see a GP
    (["groin_or_back_pain"], "routine"),
    (["no_foot_pulse"], "urgent"),                                # pulses by hand are unreliable
    (["cold_or_pale"], "urgent"),
    (["swollen_painful_leg"], "urgent"),                          # NHS DVT: urgent GP / 111
    (["swollen_painful_leg", "numbness"], "urgent"),
    # the combinations the sources name as emergencies
    (["sudden_onset", "numbness", "cold_or_pale"], "emergency"),  # acute limb ischaemia
    (["sudden_onset", "no_foot_pulse"], "emergency"),
    (["cold_or_pale", "cannot_move_foot"], "emergency"),          # paralysis: limb threatened
    (["sudden_onset", "numbness"], "emergency"),                  # NHS: sudden leg numbness, stroke
    (["face_arm_or_speech"], "emergency"),                        # FAST: any one sign
    (["swollen_painful_leg", "chest_pain_or_breathless"], "emergency"),   # PE (NHS DVT)
    (["saddle_or_bladder"], "emergency"),                         # cauda equina
    (["severe_pain_tense_leg"], "emergency"),                     # compartment syndrome
    (["on_anticoagulant", "groin_or_back_pain", "numbness", "sudden_onset"], "emergency"),
])
def test_worked_cases_for_each_tier(findings, level):
    result = checklist.triage(findings)
    assert result.level == level
    assert bool(result.reasons) == (level != "routine")


# Issue 20: each changed rule, with the source that sets its tier.
@pytest.mark.parametrize("findings, level, rule", [
    # onset never lowers the tier of a numb or weak leg with signs of a blocked artery: Rutherford
    # 1997 / ESVS 2020 (any sensory loss in an ischaemic leg = threatened, IIa or worse); 05 §12
    (["numbness", "cold_or_pale"], "emergency", "threatened_limb"),
    (["numbness", "no_foot_pulse"], "emergency", "threatened_limb"),
    (["cannot_move_foot", "no_foot_pulse"], "emergency", "threatened_limb"),
    (["gradual_over_weeks", "numbness", "cold_or_pale"], "emergency", "threatened_limb"),
    # sensory loss with weakness: Rutherford IIb, or a stroke; 08 "at once ... numb ... or weak"
    (["numbness", "cannot_move_foot"], "emergency", "numb_and_weak"),
    (["gradual_over_weeks", "numbness", "cannot_move_foot"], "emergency", "numb_and_weak"),
    # a foot that cannot move is a motor deficit, never "see a doctor if it lasts"
    (["cannot_move_foot"], "urgent", "foot_cannot_move"),
    # NHS anticoagulant side effects: "seek medical attention immediately. Call 111 or go to A&E"
    (["on_anticoagulant", "bleeding_signs"], "emergency", "bleeding_on_anticoagulant"),
    (["on_anticoagulant", "groin_or_back_pain"], "emergency", "back_pain_on_anticoagulant"),
    (["on_anticoagulant", "groin_or_back_pain", "numbness"], "emergency",
     "femoral_nerve_haematoma"),
    # NHS rectal bleeding: black poo → urgent GP / 111; non-stop → A&E or 999
    (["bleeding_signs"], "urgent", "bleeding_signs_alone"),
    # Brearley 1992: pulse palpation is unreliable, so no_foot_pulse alone is urgent, and says so
    (["no_foot_pulse"], "urgent", "no_pulse_felt"),
])
def test_issue_20_worked_cases_for_each_changed_rule(findings, level, rule):
    result = checklist.triage(findings)
    by_key = {r.key: r for r in checklist.triage_rules()}
    assert result.level == level
    assert by_key[rule].sentence in result.reasons


BLEEDING_ACTION = "Now: call NHS 111 or go to A&E"
DEFAULT_999 = "Call your local emergency number now (999 in the UK"


@pytest.mark.parametrize("findings, starts", [
    (["on_anticoagulant", "bleeding_signs"], BLEEDING_ACTION),          # the rule's own sentence
    (["on_anticoagulant", "groin_or_back_pain"], BLEEDING_ACTION),
    (["on_anticoagulant", "groin_or_back_pain", "numbness"], BLEEDING_ACTION),
    # a 999 rule outranks a 111/A&E one: bleeding on a blood thinner with a stroke sign is 999
    (["on_anticoagulant", "bleeding_signs", "face_arm_or_speech"], DEFAULT_999),
    (["on_anticoagulant", "groin_or_back_pain", "numbness", "sudden_onset"], DEFAULT_999),
    (["numbness", "cold_or_pale"], DEFAULT_999),
    (["bleeding_signs"], "Get medical help today"),                     # urgent tier default
])
def test_the_action_comes_from_the_rule_when_it_differs_from_the_tier_default(findings, starts):
    result = checklist.triage(findings)
    assert result.action.startswith(starts), result.action
    if starts == BLEEDING_ACTION:
        assert "999" in result.action and result.level == "emergency"


def test_no_foot_pulse_alone_says_a_lay_pulse_check_is_unreliable():
    (reason,) = checklist.triage(["no_foot_pulse"]).reasons
    assert "a pulse check by a lay person is unreliable" in reason and "Brearley 1992" in reason


@pytest.mark.parametrize("findings, also", [
    (["numbness"], ("numbness",)),
    (["gradual_over_weeks", "numbness"], ("numbness", "gradual_over_weeks")),
    (["swollen_painful_leg", "on_anticoagulant"], ("on_anticoagulant",)),
    (["numbness", "cold_or_pale", "on_anticoagulant", "gradual_over_weeks"],
     ("on_anticoagulant", "gradual_over_weeks")),
    (["numbness", "cold_or_pale"], ()),                 # every tick changed the advice
    ([], ()),
])
def test_every_tick_that_did_not_change_the_advice_is_named(findings, also):
    result = checklist.triage(findings)
    assert result.also_ticked == also
    note = result.also_note
    assert bool(note) == bool(also)
    for key in also:
        assert checklist.TRIAGE_FINDINGS[key].label.split(":")[0] in note
    if len(also) == 1:
        assert note.endswith("— on its own this does not change what to do.")
    elif also:
        assert note.endswith("— on their own these do not change what to do.")


def test_sudden_and_over_weeks_ticked_together_are_flagged_and_the_sudden_start_counts():
    result = checklist.triage(["sudden_onset", "gradual_over_weeks", "numbness"])
    (conflict,) = result.conflicts
    assert "cannot both be true" in conflict and "sudden start" in conflict
    assert result.level == "emergency"                  # the stroke rule still fires
    assert checklist.triage(["sudden_onset", "numbness"]).conflicts == ()
    view = checklist_views.why_html(result)
    assert "cannot both be true" in view


def test_under_an_emergency_the_wells_next_step_says_the_emergency_comes_first():
    calm = checklist_views.wells_html(checklist.assess(["active_cancer"]))
    assert "comes first" not in calm and "Next step: D-dimer test" in _text(calm)
    for findings in (["numbness", "cold_or_pale"], ["on_anticoagulant", "bleeding_signs"]):
        urgent_case = checklist.assess(["active_cancer"], findings=findings)
        text = _text(checklist_views.wells_html(urgent_case))
        assert "Next step: The emergency in the triage panel comes first" in text
        assert text.index("comes first") < text.index("D-dimer test")
        # the call-now sentence itself is not repeated in the Wells panel
        assert urgent_case.triage.action not in text


def test_reasons_name_the_rule_and_its_source_most_severe_first():
    result = checklist.triage(["swollen_painful_leg", "chest_pain_or_breathless"])
    assert result.reasons[0].startswith("A swollen, painful leg with chest pain or breathlessness")
    assert "(NHS (DVT); NHS inform (DVT))." in result.reasons[0]
    assert result.reasons[-1].startswith("A swollen, painful leg may be a deep vein thrombosis")


def test_an_unknown_finding_is_named_and_a_repeated_one_counts_once():
    with pytest.raises(ValueError, match="headache"):
        checklist.triage(["numbness", "headache"])
    once = checklist.triage(["swollen_painful_leg"])
    assert checklist.triage(["swollen_painful_leg"] * 3) == once
    assert once.findings == ("swollen_painful_leg",)


def test_every_finding_and_level_comes_from_the_data_file():
    data = load("triage.yaml")
    assert [f["key"] for f in data["findings"]] == list(checklist.TRIAGE_FINDINGS)
    assert set(data["levels"]) == set(checklist.LEVELS)
    assert checklist.triage(["saddle_or_bladder"]).action == data["levels"]["emergency"]["action"]


@pytest.mark.parametrize("wells, tally, expected", [
    ([], [], ()),
    (["active_cancer"], ["cancer"], ()),
    (["active_cancer"], [], ("Cancer is ticked in the Wells panel but not in the tally",)),
    ([], ["bed_bound"], ("Surgery or bed rest is ticked in the tally but not in the Wells panel",)),
    (["previous_dvt"], ["previous_clot", "leg_injury"],
     ("Paralysis or a leg in plaster is ticked in the tally but not in the Wells panel",)),
])
def test_shared_wells_and_tally_items_ticked_on_one_side_are_pointed_out(wells, tally, expected):
    found = checklist.assess(wells, tally).mismatches
    assert tuple(m.split(":")[0] for m in found) == expected


def test_tally_groups_ticked_factors_by_the_arm_they_feed():
    a = checklist.assess(factors=["cancer", "long_journey", "recent_surgery"])
    assert len(a.factors) == 3
    assert a.tally["hypercoagulability"] == (
        "Cancer, especially if recently diagnosed, being treated or spread",)
    assert "A long journey sitting still (plane, car, coach or train)" in a.tally["stasis"]
    assert a.tally["vessel_wall"] == ("An operation in the last 3 months",)


def test_the_triage_message_shows_level_and_action_and_the_why_lists_each_rule_and_source():
    t = checklist.triage(["face_arm_or_speech"])
    message, why = checklist_views.triage_html(t), checklist_views.why_html(t)
    assert "EMERGENCY." in message and "cn-cl-emergency" in message and "<li>" not in message
    assert "<li>Face drooping" in why and "(NHS Wales (stroke, FAST); NICE NG128)." in why
    routine = checklist.triage(["gradual_over_weeks"])
    assert "No emergency combination ticked." in checklist_views.triage_html(routine)
    assert "None of the combinations" in checklist_views.why_html(routine)
    assert checklist_views.triage_html(checklist.triage([])) == ""
    assert checklist_views.why_html(checklist.triage([])) == ""


@pytest.mark.parametrize("panel, keys", [("tally", ["smoking"]), ("triage", ["headache"])])
def test_unknown_items_are_named(panel, keys):
    with pytest.raises(ValueError, match=keys[0]):
        checklist.assess(**{"factors" if panel == "tally" else "findings": keys})


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
    assert "Wells score: 0 points → DVT unlikely" in _text(c.wells.value)
    c.boxes["wells"]["active_cancer"].value = True
    c.boxes["wells"]["entire_leg_swollen"].value = True
    assert "Wells score: 2 points → DVT likely" in _text(c.wells.value)
    c.boxes["wells"]["alternative_diagnosis_likely"].value = True
    assert "Wells score: 0 points → DVT unlikely" in _text(c.wells.value)
    c.boxes["tally"]["pregnant"].value = True
    assert "(not a validated score): 1 ticked." in _text(c.tally.value)


def test_widget_triage_shows_once_in_its_panel_and_unticking_clears_it():
    c = checklist_views.build_checklist()
    panel = c.root.children[1]
    assert panel.children[1] is c.triage and 'aria-live="polite"' in c.triage.value
    assert list(c.boxes["triage"]) == list(checklist.TRIAGE_FINDINGS)
    c.boxes["triage"]["swollen_painful_leg"].value = True
    assert "URGENT." in c.triage.value
    c.boxes["triage"]["chest_pain_or_breathless"].value = True
    assert "EMERGENCY." in c.triage.value
    assert "pulmonary embolism" in c.why.value and panel.children[-1] is c.why
    shown = "".join(w.value for w in (c.triage, c.why, c.wells, c.tally))
    assert shown.count("EMERGENCY.") == 1                        # one call-now message
    c.boxes["triage"]["swollen_painful_leg"].value = False
    c.boxes["triage"]["chest_pain_or_breathless"].value = False
    assert _text(c.triage.value) == "" and c.why.value == ""
    assert 'aria-live="polite"' in c.triage.value                 # the live region stays


def test_widget_results_sit_at_the_foot_of_their_own_panels():
    c = checklist_views.build_checklist()
    wells_panel, tally_panel = c.root.children[3], c.root.children[4]
    assert wells_panel.children[-1] is c.wells and tally_panel.children[-1] is c.tally
    assert c.age in wells_panel.children                          # it sets the D-dimer cut-off
    c.boxes["wells"]["active_cancer"].value = True
    assert "Wells score: 1 point" in _text(c.wells.value)
    assert "Cancer is ticked in the Wells panel" in _text(c.tally.value)


def test_widget_numbness_alone_is_not_an_emergency_and_is_acknowledged():
    c = checklist_views.build_checklist()
    c.boxes["triage"]["numbness"].value = True
    assert "EMERGENCY" not in c.triage.value
    assert "No emergency combination ticked." in c.triage.value
    assert "on its own this does not change what to do" in c.why.value


@pytest.mark.parametrize("text", ["sixty", "-3", "", "<b>64</b>", "1" * 5000])
def test_widget_age_box_never_loses_input_or_shows_markup(text):
    c = checklist_views.build_checklist()
    c.boxes["wells"]["previous_dvt"].value = True
    c.age.value = text
    assert c.age.value == text                                # nothing lost
    assert "Wells score: 1 point" in _text(c.wells.value)     # the score survives bad input
    assert "<b>" not in c.wells.value


# --- the static form ------------------------------------------------------------------------

def test_static_form_labels_every_box_and_embeds_no_external_resource():
    page = checklist_views.static_html()
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)"', page)
    assert len(boxes) == (len(risk.WELLS_DVT_CRITERIA) + len(checklist.tally_items())
                          + len(checklist.TRIAGE_FINDINGS))
    for ident in boxes:
        assert f'<label for="{ident}">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "localStorage" not in page and "fetch(" not in page


def test_static_form_puts_each_result_in_its_own_panel_and_the_note_on_screen():
    page = checklist_views.static_html()

    def panel(name):
        part = page[page.index(f'<fieldset class="cn-cl-panel-{name}">'):]
        return part[:part.index("</fieldset>")]

    triage = panel("triage")
    assert '<div class="cn-cl-triage-live" aria-live="polite"></div>' in triage
    assert triage.index("cn-cl-triage-live") < triage.index('type="checkbox"')
    assert triage.rindex('type="checkbox"') < triage.index("cn-cl-why-live")
    for name in ("wells", "tally"):
        assert panel(name).rindex('type="checkbox"') < panel(name).index(f"cn-cl-{name}-live")
    assert 'id="cn-cl-age"' in panel("wells")
    assert page.count('class="cn-cl-triage-live"') == 1 and "cn-cl-banner" not in page
    assert html.escape(checklist.shared_items()["note"]) in page


def test_triage_table_lists_every_rule_with_its_tier_and_sources():
    table = checklist_views.triage_table()
    assert len(table.rows) == len(checklist.triage_rules())
    assert table.rows[0][0] == "emergency" and table.rows[0][3].startswith("[Björck 2020 (ESVS)]")

"""The causes of a numb leg as data, the comparison tool, its tables and its widget."""


import dataclasses
import itertools
import random
from types import MappingProxyType

import pytest

from helpers import differential, differential_views, ischemia, references
from helpers._data import load

ALI_CASE = {"onset": "sudden", "legs": "one", "distribution": "whole_limb_below_level",
            "pain": "severe", "skin": "pale_cold", "pulses": "reduced_absent"}
NEUROPATHY_CASE = {"onset": "gradual", "legs": "both", "distribution": "stocking"}


# --- the data ------------------------------------------------------------------------------------

def test_the_ten_causes_of_the_issue_are_all_there_in_order():
    assert list(differential.CAUSES) == [
        "dvt", "acute_limb_ischaemia", "compartment_syndrome", "phlegmasia_cerulea_dolens",
        "peripheral_neuropathy", "lumbar_radiculopathy", "fibular_neuropathy",
        "meralgia_paresthetica", "lumbar_spinal_stenosis", "peripheral_arterial_disease"]


def test_every_cause_has_a_valid_value_for_every_feature():
    assert differential.FINDING_FEATURES == ("onset", "legs", "distribution", "pain", "skin",
                                             "pulses", "swelling")
    for cause in differential.CAUSES.values():
        assert set(cause.findings) == set(differential.FINDING_FEATURES)
        for key, finding in cause.findings.items():
            assert finding.value in differential.FEATURES[key].values, (cause.key, key)
        assert cause.urgency.value in differential.FEATURES["urgency"].values


def test_records_are_frozen():
    dvt = differential.cause("dvt")
    with pytest.raises(AttributeError):
        dvt.name = "something else"
    with pytest.raises(TypeError):
        dvt.findings["onset"] = None


def test_unverified_values_are_never_confirmed_even_with_a_source():
    # Peripheral neuropathy's pain cites Quan 2016 for the symptoms, but calling it "mild" is
    # the course's reading (unverified: true in the data).
    pain = differential.cause("peripheral_neuropathy").findings["pain"]
    assert pain.sources == ("quan2016",) and pain.unverified and not pain.confirmed
    assert differential.cause("dvt").findings["pulses"].confirmed        # Creager 2012


def test_every_source_is_in_the_bibliography():
    for cause in differential.CAUSES.values():
        for key in cause.sources:
            references.get(key)


def test_unknown_cause_is_named():
    with pytest.raises(ValueError, match="'gout'"):
        differential.cause("gout")


# --- compare: known cases ------------------------------------------------------------------------

def test_a_sudden_cold_pulseless_leg_fits_acute_limb_ischaemia_first():
    result = differential.compare(ALI_CASE)
    best = result.ranked[0]
    assert best.cause.key == "acute_limb_ischaemia" and best.verdict == "fits"
    # "One leg" is unconfirmed for acute limb ischaemia: shown, not counted.
    assert best.matching == ("onset", "distribution", "pain", "skin", "pulses")
    assert best.unconfirmed == ("legs",) and best.conflicting == ()
    assert best.message.startswith("Fits all 5 sourced features you set.")
    assert "Not counted (unconfirmed): which legs" in best.message
    assert "emergency" in result.message


def test_compartment_syndrome_is_no_longer_ruled_out_by_unsourced_skin_and_pulses():
    # Its "normal pulses" and "no skin change" are unconfirmed in the data; before the rule they
    # made a firm "does not fit" for a pale, pulseless leg.
    fit = next(f for f in differential.compare(ALI_CASE).ranked
               if f.cause.key == "compartment_syndrome")
    assert fit.verdict == "fits" and fit.conflicting == ()
    assert {"skin", "pulses"} <= set(fit.unconfirmed)


def test_phlegmasia_is_the_best_misfit_for_the_arterial_case_because_only_its_skin_conflicts():
    third = differential.compare(ALI_CASE).ranked[2]
    assert third.cause.key == "phlegmasia_cerulea_dolens"
    assert third.conflicting == ("skin",) and third.verdict == "does_not_fit"
    assert "Against: skin changes: typically blue (cyanotic)." in third.message


def test_gradual_stocking_numbness_in_both_feet_fits_only_neuropathy():
    result = differential.compare(NEUROPATHY_CASE)
    assert [f.cause.key for f in result.fitting] == ["peripheral_neuropathy"]
    assert result.message.startswith("1 of 10 causes fit the features you set, counting only "
                                     "typical values confirmed by a source: Peripheral "
                                     "neuropathy")
    # Phlegmasia's onset, legs and distribution are all unconfirmed: it cannot be judged, and an
    # emergency warning needs sourced support.
    assert "Cannot tell for Phlegmasia cerulea dolens" in result.message
    assert "emergency" not in result.message


def test_a_dermatomal_one_legged_numbness_points_to_radiculopathy():
    result = differential.compare({"legs": "one", "distribution": "dermatome"})
    assert [f.cause.key for f in result.fitting] == ["lumbar_radiculopathy"]


def test_a_swollen_red_leg_with_normal_pulses_fits_dvt_and_reports_conflicts_for_others():
    result = differential.compare({"skin": "red_warm", "swelling": "present",
                                   "pulses": "normal"})
    assert result.ranked[0].cause.key == "dvt" and result.ranked[0].fits
    ali = next(f for f in result.ranked if f.cause.key == "acute_limb_ischaemia")
    assert set(ali.conflicting) == {"skin", "pulses"}      # sourced (Creager 2012, Gornik 2024)
    assert ali.unconfirmed == ("swelling",)                # "no swelling" is not sourced
    assert not ali.fits


def test_one_or_both_legs_in_the_data_matches_either_answer_when_sourced():
    # Peripheral arterial disease is typically "one or both legs" (legs: either), unconfirmed in
    # the data; a sourced "either" matches one leg and both.
    sourced = differential.Finding("legs", "either", "", sources=("gornik2024",))
    for legs in ("one", "both"):
        assert differential.relation("legs", legs, sourced) == "match"
        fit = next(f for f in differential.compare({"legs": legs}).ranked
                   if f.cause.key == "peripheral_arterial_disease")
        assert fit.matching == () and fit.unconfirmed == ("legs",)


def test_severe_pain_is_close_to_pain_out_of_proportion_not_a_conflict():
    fit = next(f for f in differential.compare({"pain": "severe"}).ranked
               if f.cause.key == "compartment_syndrome")
    assert fit.close == ("pain",) and fit.fits and fit.score == 0.5
    assert "Close: pain" in fit.message


def test_ranking_puts_fewer_conflicts_first_then_more_matches():
    ranked = differential.compare(ALI_CASE).ranked
    keys = [(len(f.conflicting), -f.score) for f in ranked]
    assert keys == sorted(keys)


def test_unconfirmed_typical_values_are_shown_as_not_counted():
    # DVT's onset "over days" is unverified in the data.
    fit = next(f for f in differential.compare({"onset": "days"}).ranked
               if f.cause.key == "dvt")
    assert fit.unconfirmed == ("onset",) and fit.matching == ()
    assert fit.verdict == "cannot_tell" and not fit.fits
    assert fit.message == ("Cannot tell: no feature you set has a sourced typical value for "
                           "this cause. Not counted (unconfirmed): how fast it "
                           "came on: typically over days.")


def test_none_and_empty_string_mean_not_set():
    assert differential.compare({"onset": "sudden", "pain": None, "skin": ""}).case == {
        "onset": "sudden"}


def test_empty_case_gives_a_message_and_every_cause_unranked():
    result = differential.compare({})
    assert "Set at least one feature" in result.message
    assert [f.cause.key for f in result.ranked] == list(differential.CAUSES)
    assert result.fitting == ()
    assert "nothing set" in result.explain()


def test_no_cause_fitting_says_so_and_names_the_closest():
    result = differential.compare({"distribution": "whole_limb_below_level", "pain": "none"})
    assert result.fitting == ()
    assert result.message.startswith("No cause fits every sourced feature you set; the "
                                     "closest is")


def test_unknown_feature_is_named_with_the_allowed_ones():
    with pytest.raises(ValueError, match=r"unknown feature 'colour'.*'onset'"):
        differential.compare({"colour": "blue"})


def test_urgency_is_not_a_feature_to_compare():
    with pytest.raises(ValueError, match="unknown feature 'urgency'"):
        differential.compare({"urgency": "emergency"})


@pytest.mark.parametrize("value", ["instant", 3, True])
def test_unknown_value_is_named_with_the_allowed_ones(value):
    with pytest.raises(ValueError, match=rf"{value!r} is not a value of feature 'onset'; "
                                         r"allowed: \['sudden', 'days', 'gradual'\]"):
        differential.compare({"onset": value})


@pytest.mark.parametrize("bad", [None, "sudden", [("onset", "sudden")]])
def test_a_case_that_is_not_a_mapping_is_refused(bad):
    with pytest.raises(ValueError, match="case must map features to values"):
        differential.compare(bad)


def test_comparison_displays_as_markdown_with_a_plain_twin_and_escapes_html():
    bundle = differential.compare(ALI_CASE)._repr_mimebundle_()
    assert bundle["text/markdown"].count("\n| ") == 11           # header + 10 causes
    assert "teaching aid" in bundle["text/plain"].lower()
    page = differential.compare(ALI_CASE).html()
    assert "<table" in page and "✔ fits" in page and "✘ does not fit" in page
    assert "? cannot tell" in differential.compare({"onset": "days"}).html()


# --- tables --------------------------------------------------------------------------------------

def test_differential_table_cites_confirmed_cells_and_marks_the_others():
    table = differential.differential_table()
    assert len(table.rows) == 10 and len(table.headers) == 9
    dvt = table.rows[0]
    assert dvt[0] == "Deep vein thrombosis (DVT)"
    assert dvt[1] == f"Over days {differential.UNCONFIRMED_MARK}"       # unverified in the data
    assert dvt[6] == "Normal ([Creager 2012](#ref-creager2012))"
    unverified = sum(f.unverified or not f.sources for c in differential.CAUSES.values()
                     for f in (*c.findings.values(), c.urgency))
    text = table._repr_markdown_()
    assert text.count(differential.UNCONFIRMED_MARK) == unverified
    # The meaning is said in full once, in the legend under the table, not in every cell.
    assert text.endswith("\n\n" + differential.UNCONFIRMED_LEGEND)
    assert text.count("ot confirmed in a source:") == 1


def test_unconfirmed_mark_is_short_and_tells_a_screen_reader_or_a_pointer_its_meaning():
    mark = differential.UNCONFIRMED_MARK
    assert mark == '<abbr class="cn-unconfirmed" title="not confirmed in a source">†</abbr>'
    assert differential.UNCONFIRMED_LEGEND.startswith("† Not confirmed in a source:")


@pytest.mark.parametrize("build", [differential.differential_table,
                                   differential.distribution_links])
def test_every_table_with_a_mark_has_one_legend_and_a_plain_twin(build):
    table = build()
    assert table.legend == differential.UNCONFIRMED_LEGEND
    plain = repr(table)
    assert "<abbr" not in plain and "†" in plain
    assert plain.endswith(differential.UNCONFIRMED_LEGEND)


def test_a_table_without_marks_has_no_legend():
    table = differential.MarkedTable(["Cause"], [["DVT ([Creager 2012](#ref-creager2012))"]])
    assert table.legend == "" and "†" not in table._repr_markdown_()


def test_no_unverified_value_carries_a_citation_in_the_table():
    for row in differential.differential_table().rows:
        for cell in row:
            assert not ("not confirmed" in cell and "#ref-" in cell), cell


def test_distribution_table_links_to_the_nerve_map_notebook():
    text = differential.distribution_links()._repr_markdown_()
    assert "[03](03_nerve_map.ipynb)" in text


def test_arterial_bedside_joins_rutherford_with_doppler_signals():
    rows = {b.rutherford.category: b for b in differential.arterial_bedside()}
    assert list(rows) == [c.category for c in ischemia.rutherford_classes()]
    assert (rows["I"].arterial_doppler, rows["I"].venous_doppler) == ("audible", "audible")
    assert rows["IIa"].arterial_doppler == "often_inaudible"          # Gornik 2024
    assert rows["III"].venous_doppler == "inaudible"
    table = differential.arterial_bedside_table()
    assert table.rows[3][4] == "Inaudible‡"                          # seen in reproductions
    assert table.rows[0][4] == "Audible"


def test_doppler_data_lists_the_same_categories_as_rutherford():
    doppler = load("diagnostic_tests.yaml")["ultrasound"]["handheld_doppler_acute_limb_ischaemia"]
    assert [r["category"] for r in doppler["by_category"]] == ["I", "IIa", "IIb", "III"]


# --- the comparison widget -----------------------------------------------------------------------

def _shown(view) -> str:
    return view.controls.status.value + view.controls.plot.value


def test_widget_starts_empty_with_a_prompt():
    view = differential_views.comparison()
    assert "Set at least one feature" in view.controls.status.value
    assert set(view.controls.widgets) == set(differential.FINDING_FEATURES)
    assert "<table" not in view.controls.plot.value


def test_setting_dropdowns_updates_the_ranked_text():
    view = differential_views.comparison()
    for key, value in ALI_CASE.items():
        view.controls.widgets[key].value = value
    text = _shown(view)
    assert ("2 of 10 causes fit the features you set, counting only typical values confirmed "
            "by a source: Acute arterial occlusion") in text
    assert text.index("Acute arterial occlusion") < text.index("Phlegmasia cerulea dolens")
    view.controls.widgets["pulses"].value = None
    assert "Fits all 4 sourced features you set" in view.controls.plot.value


def test_widget_starts_from_a_given_case_and_every_list_can_be_unset():
    view = differential_views.comparison(NEUROPATHY_CASE)
    assert "Peripheral neuropathy" in _shown(view)
    for widget in view.controls.widgets.values():
        widget.value = None
    assert "Set at least one feature" in view.controls.status.value


def test_widget_shows_a_message_not_a_traceback_when_compare_fails(monkeypatch):
    view = differential_views.comparison()

    def broken(case):
        raise ValueError("'odd' is not a value of feature 'onset'")

    monkeypatch.setattr(differential, "compare", broken)
    view.controls.widgets["onset"].value = "sudden"
    assert view.controls.status.value.startswith('<p class="cn-status" aria-live="polite">⚠ ')
    assert "&#x27;odd&#x27;" in view.controls.status.value


def test_widget_static_twin_is_the_live_form_with_its_script():
    view = differential_views.comparison()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    twin = bundle["text/html"]
    assert twin.count("<select ") == len(differential.FINDING_FEATURES)
    assert "CNExplorerModels.comparison" in twin and "Run this notebook" not in twin
    assert bundle["text/plain"].startswith("Comparison tool")


def test_an_arterial_clot_over_days_is_close_not_a_conflict():
    # Creager 2012: acute limb ischaemia can develop over hours to days (under 2 weeks).
    fit = next(f for f in differential.compare({"onset": "days"}).ranked
               if f.cause.key == "acute_limb_ischaemia")
    assert fit.fits and "onset" in fit.close


# --- the rule: a cell without a source never decides a verdict -----------------------------------

def _all_cases():
    """Every case of one or two features, and 400 seeded random cases of three to seven."""
    features = differential.FINDING_FEATURES
    values = {k: list(differential.FEATURES[k].values) for k in features}
    for n in (1, 2):
        for keys in itertools.combinations(features, n):
            for chosen in itertools.product(*(values[k] for k in keys)):
                yield dict(zip(keys, chosen, strict=True))
    rng = random.Random(13)
    for _ in range(400):
        keys = rng.sample(features, rng.randint(3, len(features)))
        yield {k: rng.choice(values[k]) for k in keys}


def _with_finding(cause, feature, **changes):
    """A copy of ``cause`` with one finding changed."""
    findings = dict(cause.findings)
    findings[feature] = dataclasses.replace(findings[feature], **changes)
    return dataclasses.replace(cause, findings=MappingProxyType(findings))


def _unsourced_cells():
    return [(c, k) for c in differential.CAUSES.values() for k, f in c.findings.items()
            if not f.confirmed]


def test_the_data_has_unsourced_cells_for_the_rule_to_guard():
    assert len(_unsourced_cells()) > 20


@pytest.mark.parametrize("relations, expected", [
    (["match"], "fits"), (["close"], "fits"), (["match", "conflict"], "does_not_fit"),
    ([], "cannot_tell"), (["unconfirmed"], "cannot_tell"),
    (["match", "unconfirmed"], "fits"), (["conflict", "unconfirmed"], "does_not_fit"),
])
def test_verdict_counts_only_sourced_relations(relations, expected):
    assert differential.verdict(relations) == expected


def test_relation_of_an_unsourced_or_unverified_cell_is_unconfirmed_whatever_the_value():
    for cause, key in _unsourced_cells():
        finding = cause.findings[key]
        for value in differential.FEATURES[key].values:
            assert differential.relation(key, value, finding) == "unconfirmed", (cause.key, key)


def test_an_unsourced_cell_can_never_change_a_verdict_or_the_ranking():
    # Give every unsourced cell every other allowed value: no verdict, no fitting list and no
    # ranking may move, for every one- and two-feature case and 400 random larger ones.
    cases = list(_all_cases())
    base = [differential.compare(case) for case in cases]
    for cause, key in _unsourced_cells():
        finding = cause.findings[key]
        for other in differential.FEATURES[key].values:
            if other == finding.value:
                continue
            causes = dict(differential.CAUSES)
            causes[cause.key] = _with_finding(cause, key, value=other)
            for case, before in zip(cases, base, strict=True):
                if key not in case:
                    continue
                after = differential.compare(case, causes)
                assert [(f.cause.key, f.verdict) for f in after.ranked] == \
                    [(f.cause.key, f.verdict) for f in before.ranked], (cause.key, key, other, case)


def test_a_sourced_cell_does_decide_so_the_rule_test_above_can_fail():
    # Control: giving DVT's sourced pulses ("normal", Creager 2012) another value flips a verdict.
    dvt = differential.cause("dvt")
    causes = dict(differential.CAUSES)
    causes["dvt"] = _with_finding(dvt, "pulses", value="reduced_absent")
    case = {"pulses": "normal"}
    before = next(f for f in differential.compare(case).ranked if f.cause.key == "dvt")
    after = next(f for f in differential.compare(case, causes).ranked if f.cause.key == "dvt")
    assert (before.verdict, after.verdict) == ("fits", "does_not_fit")


def test_marking_a_cell_unverified_removes_its_vote():
    # DVT's sourced "one leg" (NICE NG158) decides for a one-legged case until it is marked
    # unverified; then DVT cannot be judged on that feature alone.
    dvt = differential.cause("dvt")
    causes = dict(differential.CAUSES)
    causes["dvt"] = _with_finding(dvt, "legs", unverified=True)
    fit = next(f for f in differential.compare({"legs": "both"}, causes).ranked
               if f.cause.key == "dvt")
    assert fit.verdict == "cannot_tell" and fit.unconfirmed == ("legs",)


def test_an_emergency_warning_needs_sourced_support():
    # Compartment syndrome's "one leg" is unconfirmed: setting only that feature cannot raise
    # its emergency warning, while a sourced sudden onset does.
    assert "Acute compartment syndrome, it is an emergency" not in \
        differential.compare({"legs": "one"}).message
    assert "Acute compartment syndrome" in differential.compare({"onset": "sudden"}).message


def test_compartment_syndrome_can_involve_a_clot_with_sources():
    # Karonen 2021 (after revascularisation for acute limb ischaemia); Chaochankit 2018
    # (phlegmasia cerulea dolens with compartment syndrome); notebook 02 teaches both.
    item = differential.cause("compartment_syndrome")
    assert item.clot == "sometimes"
    assert item.clot_note.sources == ("karonen2021", "chaochankit2018", "donaldson2014")
    row = next(r for r in differential.summary_table().rows if r[0] == item.name)
    assert row[1].startswith("Sometimes: a clot can cause it")
    assert "No clot" not in row[1] and "#ref-karonen2021" in row[1]


def test_close_and_wildcard_pairs_are_data():
    rules = load("differential.yaml")["comparison"]
    assert {"feature": "legs", "value": "either"} in rules["wildcards"]
    assert differential._relation("onset", "sudden", "days") == "close"


# --- the learning checks of notebook 05 ------------------------------------------------------

def test_05_has_at_least_five_questions_on_its_own_sections():
    # Issue 15: that each names a core section is checked for every quiz in test_learning_path.
    from helpers import quiz

    questions = quiz.load_quiz("05_differential").questions
    assert len(questions) >= 5 and not any(q.notebook for q in questions)


def test_the_live_comparison_says_the_full_phrase_once_and_marks_each_cell_short():
    # The widget's frame (JupyterLab, Voila) for a case with unconfirmed cells in play.
    frame = differential_views.comparison_frame(differential_views.WORKED_CASE)
    shown = (frame.text + " " + frame.html).lower()
    assert shown.count(differential.UNCONFIRMED) == 1
    assert shown.count(f"not counted ({differential.UNCONFIRMED_SHORT})") >= 3


def test_spinal_stenosis_numbness_is_several_roots_not_one_dermatome():
    # Issue 20: the row said "a dermatome". Neurogenic claudication usually involves several roots
    # and is poorly dermatomal (Genevay 2010 review); sciatica keeps the one-root dermatome.
    stenosis = differential.cause("lumbar_spinal_stenosis").findings["distribution"]
    assert stenosis.value == "several_roots" and "genevay2010" in stenosis.sources
    assert "not one dermatome" in stenosis.text
    assert differential.cause("lumbar_radiculopathy").findings["distribution"].value == "dermatome"

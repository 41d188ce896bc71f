"""The Wells DVT score and the Villalta scale: data, scoring, boundaries and bad input."""

import dataclasses
import itertools
import math
import re

import numpy as np
import pytest

from helpers import references, risk
from helpers._data import load
from tests.notebooks import NOTEBOOKS, markdown_and_outputs, source
from tests.notebooks import load as load_notebook

KEYS = ["active_cancer", "paralysis_paresis_or_cast", "bedridden_or_major_surgery",
        "localized_tenderness", "entire_leg_swollen", "calf_swelling_3cm", "pitting_edema",
        "collateral_superficial_veins", "previous_dvt", "alternative_diagnosis_likely"]
PLUS_ONE = KEYS[:9]
# Written out here, not read from the data, so the scoring is checked against an independent copy.
POINTS = {**dict.fromkeys(PLUS_ONE, 1), "alternative_diagnosis_likely": -2}


def with_points(n: int) -> set[str]:
    """A set of criteria worth ``n`` points (−2 to 9)."""
    if n >= 0:
        return set(PLUS_ONE[:n])
    return {"alternative_diagnosis_likely", *PLUS_ONE[:n + 2]}


def two_level(points: int) -> str:
    return "likely" if points >= 2 else "unlikely"       # NICE NG158 Table 1


def three_level(points: int) -> str:
    return "low" if points <= 0 else "moderate" if points <= 2 else "high"   # Wells 1997


# --- the criteria as data ------------------------------------------------------------------------

def test_criteria_are_the_ten_published_keys_in_order():
    assert list(risk.WELLS_DVT_CRITERIA) == KEYS
    assert [c.key for c in risk.WELLS_DVT_CRITERIA.values()] == KEYS


def test_nine_findings_add_one_and_an_alternative_diagnosis_subtracts_two():
    assert {k: c.points for k, c in risk.WELLS_DVT_CRITERIA.items()} == POINTS
    assert all(isinstance(c.points, int) for c in risk.WELLS_DVT_CRITERIA.values())


def test_every_criterion_has_a_label_and_the_wells_2003_source():
    for criterion in risk.WELLS_DVT_CRITERIA.values():
        assert criterion.label.strip()
        assert criterion.source == "wells2003"
        assert criterion.label_sources


def test_labels_follow_the_published_wording():
    # NICE NG158 Table 1 ("adapted with permission from Wells et al. 2003"); the measuring site of
    # the calf item is from the Wells 1997 table as reprinted by Qaseem 2007.
    labels = {k: c.label for k, c in risk.WELLS_DVT_CRITERIA.items()}
    assert labels["active_cancer"] == \
        "Active cancer (treatment ongoing, within 6 months, or palliative)"
    assert labels["calf_swelling_3cm"] == ("Calf swelling at least 3 cm larger than asymptomatic "
                                           "side (measured 10 cm below tibial tuberosity)")
    assert labels["previous_dvt"] == "Previously documented DVT"
    assert labels["alternative_diagnosis_likely"] == \
        "An alternative diagnosis is at least as likely as DVT"


def test_criteria_table_is_read_only():
    with pytest.raises(TypeError):
        risk.WELLS_DVT_CRITERIA["new"] = risk.WELLS_DVT_CRITERIA["active_cancer"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        risk.WELLS_DVT_CRITERIA["active_cancer"].points = 5  # type: ignore[misc]


def test_categories_cover_every_possible_score_exactly_once():
    for bands in (risk.wells_two_level(), risk.wells_three_level()):
        for points in range(-2, 10):
            assert sum(b.contains(points) for b in bands) == 1, (points, bands)


def test_cut_offs_in_the_data_are_the_published_ones():
    two = {c.name: (c.min_points, c.max_points) for c in risk.wells_two_level()}
    assert two == {"likely": (2, None), "unlikely": (None, 1)}                    # NICE NG158
    three = {c.name: (c.min_points, c.max_points) for c in risk.wells_three_level()}
    assert three == {"low": (None, 0), "moderate": (1, 2), "high": (3, None)}    # Wells 1997


def test_three_level_prevalence_is_from_wells_1997():
    # Wells 1997 abstract: 3%, 17% and 75% had DVT (10 of 329, 32 of 193, 53 of 71).
    shares = {c.name: c.prevalence_percent for c in risk.wells_three_level()}
    assert shares == {"low": 3, "moderate": 17, "high": 75}
    for record in load("wells_dvt.yaml")["three_level"]["categories"]:
        ratio = 100 * record["patients_with_dvt"] / record["patients"]
        assert round(ratio) == record["prevalence_percent"]
    total = sum(r["patients"] for r in load("wells_dvt.yaml")["three_level"]["categories"])
    assert total == 593


def test_unverified_two_level_prevalence_is_marked_not_invented():
    for record in load("wells_dvt.yaml")["two_level"]["categories"]:
        assert record["prevalence_percent"] is None
        assert record["unverified"] is True


def test_next_steps_follow_nice():
    steps = {c.name: c.next_step for c in risk.wells_two_level()}
    assert steps["likely"].startswith("Proximal leg vein ultrasound scan")
    assert "If the scan is negative, a D-dimer test" in steps["likely"]
    assert "within 24 hours" in steps["likely"]       # NICE NG158 1.1.4: scan not possible in 4 h
    assert steps["unlikely"].startswith("D-dimer test")


def test_every_data_source_is_in_the_bibliography():
    data = load("wells_dvt.yaml")
    keys = {c.source for c in risk.WELLS_DVT_CRITERIA.values()}
    keys |= {k for c in risk.WELLS_DVT_CRITERIA.values() for k in c.label_sources}
    keys |= {k for c in (*risk.wells_two_level(), *risk.wells_three_level())
             for k in (*c.sources, *c.next_step_sources)}
    keys |= {k for s in ("use_when", "do_not_use_when", "pitfalls")
             for n in risk.wells_dvt_notes(s) for k in n.sources}
    keys |= {data["two_level"]["source"], data["three_level"]["source"],
             load("villalta.yaml")["source"], load("villalta.yaml")["severity_source"]}
    for key in keys:
        references.get(key)


def test_notes_cover_use_misuse_and_pitfalls():
    for section in ("use_when", "do_not_use_when", "pitfalls"):
        notes = risk.wells_dvt_notes(section)
        assert notes and all(n.text and n.sources for n in notes)
    with pytest.raises(ValueError, match="'when'"):
        risk.wells_dvt_notes("when")


# --- scoring -------------------------------------------------------------------------------------

def test_style_guide_example_cancer_and_whole_leg_swelling_is_likely():
    # STYLE.md example, read with NICE NG158 Table 1: 2 points or more means DVT likely.
    result = risk.wells_dvt({"active_cancer", "entire_leg_swollen"})
    assert (result.points, result.two_level, result.three_level) == (2, "likely", "moderate")
    assert result.present == ("active_cancer", "entire_leg_swollen")


def test_no_findings_score_zero_unlikely_and_low():
    result = risk.wells_dvt(set())
    assert (result.points, result.two_level, result.three_level) == (0, "unlikely", "low")


def test_all_nine_findings_and_nothing_else_score_nine():
    result = risk.wells_dvt(PLUS_ONE)
    assert (result.points, result.two_level, result.three_level) == (9, "likely", "high")


def test_alternative_diagnosis_subtracts_two():
    assert risk.wells_dvt({"alternative_diagnosis_likely"}).points == -2
    # Two findings (likely) become unlikely when another diagnosis is at least as likely.
    both = risk.wells_dvt({"active_cancer", "entire_leg_swollen", "alternative_diagnosis_likely"})
    assert (both.points, both.two_level, both.three_level) == (0, "unlikely", "low")


@pytest.mark.parametrize("key", KEYS)
def test_each_single_criterion(key):
    result = risk.wells_dvt({key})
    assert result.points == POINTS[key]
    assert result.present == (key,)
    assert result.two_level == "unlikely"                     # 1 or −2: never 2 or more
    assert result.three_level == ("moderate" if POINTS[key] == 1 else "low")


def test_repeated_key_counts_once():
    assert risk.wells_dvt(["active_cancer", "active_cancer"]).points == 1
    assert risk.wells_dvt(["alternative_diagnosis_likely"] * 3).points == -2


def test_any_iterable_of_keys_works_and_order_does_not_matter():
    forward = risk.wells_dvt(["previous_dvt", "pitting_edema"])
    assert risk.wells_dvt(("pitting_edema", "previous_dvt")) == forward
    assert risk.wells_dvt(k for k in ["previous_dvt", "pitting_edema"]) == forward
    assert risk.wells_dvt(frozenset(forward.present)) == forward
    assert forward.present == ("pitting_edema", "previous_dvt")       # published order


@pytest.mark.parametrize(("points", "expected"), [(1, "unlikely"), (2, "likely"),
                                                  (-2, "unlikely"), (9, "likely")])
def test_two_level_boundary(points, expected):
    # NICE NG158 Table 1: likely 2 points or more, unlikely 1 point or less.
    result = risk.wells_dvt(with_points(points))
    assert (result.points, result.two_level) == (points, expected)


@pytest.mark.parametrize(("points", "expected"), [(-2, "low"), (-1, "low"), (0, "low"),
                                                  (1, "moderate"), (2, "moderate"),
                                                  (3, "high"), (9, "high")])
def test_three_level_boundary(points, expected):
    # Wells 1997: low 0 or less, moderate 1 or 2, high 3 or more.
    result = risk.wells_dvt(with_points(points))
    assert (result.points, result.three_level) == (points, expected)


def test_all_1024_combinations_match_a_straightforward_sum():
    seen = set()
    for flags in itertools.product([False, True], repeat=len(KEYS)):
        present = [k for k, on in zip(KEYS, flags, strict=True) if on]
        expected = 0
        for key in present:
            expected += POINTS[key]
        result = risk.wells_dvt(present)
        assert result.points == expected, present
        assert result.two_level == two_level(expected), present
        assert result.three_level == three_level(expected), present
        assert result.present == tuple(present)
        seen.add(expected)
    assert seen == set(range(-2, 10))


# --- bad input -----------------------------------------------------------------------------------

def test_unknown_key_is_named():
    with pytest.raises(ValueError, match="calf_swelling_5cm"):
        risk.wells_dvt({"active_cancer", "calf_swelling_5cm"})


def test_unknown_key_message_lists_the_allowed_keys():
    allowed = r"unknown Wells criteria: \['cancer'\]; allowed: \['active_cancer', .*previous_dvt"
    with pytest.raises(ValueError, match=allowed):
        risk.wells_dvt(["cancer"])


@pytest.mark.parametrize("text", ["active_cancer", "", b"active_cancer"])
def test_a_single_string_is_refused_not_read_letter_by_letter(text):
    with pytest.raises(ValueError, match="not a single string"):
        risk.wells_dvt(text)


def test_a_mapping_of_answers_is_refused():
    # Iterating {"previous_dvt": False} would silently count previous_dvt.
    with pytest.raises(ValueError, match="not a mapping"):
        risk.wells_dvt({"active_cancer": True, "previous_dvt": False})


@pytest.mark.parametrize("bad", [None, 3, 2.5, True])
def test_something_that_is_not_a_collection_is_refused(bad):
    with pytest.raises(ValueError, match="collection of criterion keys"):
        risk.wells_dvt(bad)


@pytest.mark.parametrize("bad", [[1], [None], [("active_cancer",)], [["active_cancer"]]])
def test_keys_that_are_not_strings_are_refused(bad):
    with pytest.raises(ValueError, match="criterion keys must be strings"):
        risk.wells_dvt(bad)


# --- the result and its display ------------------------------------------------------------------

def test_result_is_frozen():
    result = risk.wells_dvt({"active_cancer"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.points = 5  # type: ignore[misc]


def test_markdown_explains_points_category_and_next_step():
    text = risk.wells_dvt({"active_cancer", "entire_leg_swollen"})._repr_markdown_()
    assert text.startswith("**Wells DVT score: 2 points → DVT likely**")
    assert "| Active cancer (treatment ongoing, within 6 months, or palliative) | +1 |" in text
    assert "| **Total** | **2** |" in text
    assert "**Next step:** Proximal leg vein ultrasound scan" in text
    assert "[NICE NG158](#ref-nice_ng158)" in text
    # Each share names its study (issue 20): Wells 1997 and the pooled review, from one record.
    assert ("Share with DVT in the moderate group, by study: [Wells 1997](#ref-wells1997): 17% "
            "(32 of 193 outpatients); [Wells 2004 (ASH abstract)](#ref-wells2004blood): 17.4% "
            "(95% CI 16.2%–18.8%).") in text
    assert "Education, not medical advice." not in text    # the page says it once, at the top


def test_markdown_for_unlikely_points_to_d_dimer_and_shows_negative_points():
    result = risk.wells_dvt({"localized_tenderness", "alternative_diagnosis_likely"})
    text = result._repr_markdown_()
    assert text.startswith("**Wells DVT score: -1 point → DVT unlikely**")
    assert "| An alternative diagnosis is at least as likely as DVT | -2 |" in text
    assert "DVT unlikely" in text and "**Next step:** D-dimer test" in text
    assert "#ref-ncgc2012" in text


def test_empty_result_says_no_criterion_is_present():
    assert "No criterion is present" in risk.wells_dvt([])._repr_markdown_()


def test_plain_text_twin_has_no_links_and_every_cited_key_is_listed():
    result = risk.wells_dvt({"previous_dvt", "pitting_edema"})
    bundle = result._repr_mimebundle_()
    assert "#ref-" not in bundle["text/plain"]
    assert bundle["text/plain"].startswith("Wells DVT score 2 points: DVT likely")
    cited = {part.split(")")[0] for part in bundle["text/markdown"].split("(#ref-")[1:]}
    assert cited <= set(result.sources)
    for key in result.sources:
        references.get(key)


def test_wells_table_lists_the_ten_criteria_with_sources():
    table = risk.wells_dvt_table()
    assert len(table.rows) == 10
    assert table.rows[-1][1] == "-2"
    assert all("[Wells 2003](#ref-wells2003)" in row[2] for row in table.rows)


# --- the Villalta scale --------------------------------------------------------------------------

SYMPTOMS = ["pain", "cramps", "heaviness", "paresthesia", "pruritus"]
SIGNS = ["pretibial_edema", "skin_induration", "hyperpigmentation", "redness", "venous_ectasia",
         "pain_on_calf_compression"]
ITEMS = SYMPTOMS + SIGNS


def scores_totalling(total: int) -> dict[str, int]:
    """All 11 items, filled 3 at a time in order, summing to ``total`` (0–33)."""
    scores = dict.fromkeys(ITEMS, 0)
    for key in ITEMS:
        scores[key] = min(3, total)
        total -= scores[key]
    assert total == 0
    return scores


def severity(total: int, ulcer: bool = False) -> str:
    # Kahn 2009 (ISTH): 0–4 none, 5–9 mild, 10–14 moderate, 15 or more or an ulcer severe.
    if ulcer or total >= 15:
        return "severe"
    return "none" if total <= 4 else "mild" if total <= 9 else "moderate"


def test_villalta_has_five_symptoms_then_six_signs():
    assert list(risk.VILLALTA_ITEMS) == ITEMS
    assert [i.kind for i in risk.VILLALTA_ITEMS.values()] == ["symptom"] * 5 + ["sign"] * 6


def test_villalta_bands_are_the_published_cut_offs():
    bands = {b.name: (b.min_points, b.max_points) for b in risk.villalta_bands()}
    assert bands == {"none": (0, 4), "mild": (5, 9), "moderate": (10, 14), "severe": (15, None)}
    for total in range(0, 34):
        assert sum(b.contains(total) for b in risk.villalta_bands()) == 1


@pytest.mark.parametrize(("total", "expected"), [(0, "none"), (4, "none"), (5, "mild"),
                                                 (9, "mild"), (10, "moderate"),
                                                 (14, "moderate"), (15, "severe"),
                                                 (33, "severe")])
def test_villalta_boundaries(total, expected):
    result = risk.villalta(scores_totalling(total))
    assert (result.score, result.severity) == (total, expected)


def test_every_villalta_total_matches_the_published_bands():
    for total in range(0, 34):
        for ulcer in (False, True):
            result = risk.villalta(scores_totalling(total), ulcer=ulcer)
            assert result.severity == severity(total, ulcer), (total, ulcer)


@pytest.mark.parametrize("total", [0, 4, 7, 12])
def test_a_venous_ulcer_makes_it_severe_and_leaves_the_score_alone(total):
    result = risk.villalta(scores_totalling(total), ulcer=True)
    assert (result.score, result.severity, result.ulcer) == (total, "severe", True)


def test_villalta_subtotals_split_symptoms_and_signs():
    scores = {**dict.fromkeys(SYMPTOMS, 1), **dict.fromkeys(SIGNS, 2)}
    result = risk.villalta(scores)
    assert (result.symptom_score, result.sign_score, result.score) == (5, 12, 17)


def test_villalta_accepts_numpy_integers():
    scores = {k: np.int64(1) for k in ITEMS}
    assert risk.villalta(scores, ulcer=np.bool_(False)).score == 11


def test_villalta_result_is_frozen_and_explains_itself():
    result = risk.villalta(scores_totalling(3), ulcer=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 0  # type: ignore[misc]
    assert result.explain().startswith(
        "Villalta score 3 (symptoms 3, signs 0, venous ulcer): "
        "severe post-thrombotic syndrome because of the venous ulcer")
    text = result._repr_markdown_()
    assert "[Kahn 2009 (ISTH)](#ref-kahn2009)" in text
    assert "Education, not medical advice." not in text     # the page says it once, at the top
    assert "#ref-" not in result._repr_mimebundle_()["text/plain"]


def test_villalta_missing_item_is_named():
    scores = scores_totalling(6)
    del scores["venous_ectasia"]
    with pytest.raises(ValueError, match="missing \\['venous_ectasia'\\]"):
        risk.villalta(scores)


def test_villalta_unknown_item_is_named():
    with pytest.raises(ValueError, match="swelling"):
        risk.villalta({**scores_totalling(6), "swelling": 1})


@pytest.mark.parametrize("bad", [-1, 4, 10, True, False, 1.5, 2.0, "2", None, math.nan, [1]])
def test_villalta_value_outside_0_to_3_or_not_a_whole_number_is_named(bad):
    scores = {**scores_totalling(6), "redness": bad}
    message = r"Villalta item 'redness' must be a whole number from 0 to 3"
    with pytest.raises(ValueError, match=message):
        risk.villalta(scores)


@pytest.mark.parametrize("bad", [None, [1] * 11, "pain", 5])
def test_villalta_needs_a_mapping(bad):
    with pytest.raises(ValueError, match="scores must map each Villalta item"):
        risk.villalta(bad)


@pytest.mark.parametrize("bad", [1, 0, "yes", None])
def test_villalta_ulcer_must_be_true_or_false(bad):
    with pytest.raises(ValueError, match="ulcer must be True or False"):
        risk.villalta(scores_totalling(6), ulcer=bad)


def test_villalta_cut_offs_are_flagged_as_seen_only_in_secondary_sources():
    assert load("villalta.yaml")["unverified_in_primary"] is True


def test_villalta_table_lists_who_rates_each_item():
    table = risk.villalta_table()
    assert [row[1] for row in table.rows] == ["patient"] * 5 + ["clinician"] * 6


# --- one account of the shares with DVT by Wells group (issue 20) -------------------------------

def test_three_level_shares_name_their_study_and_come_from_one_record():
    # Wells 1997 abstract: 3%, 17%, 75%; Wells 2004 ASH abstract (pooled): 4.9%, 17.4%, 53.6%.
    shares = {(s.source, s.category): s.probability for s in risk.wells_three_level_shares()}
    assert shares == {("wells1997", "low"): 0.03, ("wells1997", "moderate"): 0.17,
                      ("wells1997", "high"): 0.75, ("wells2004blood", "low"): 0.049,
                      ("wells2004blood", "moderate"): 0.174, ("wells2004blood", "high"): 0.536}
    table = risk.wells_three_level_table()
    assert [row[0] for row in table.rows] == ["[Wells 1997](#ref-wells1997)",
                                              "[Wells 2004 (ASH abstract)](#ref-wells2004blood)"]
    assert table.rows[0][2:] == ["3% (10 of 329 outpatients)", "17% (32 of 193 outpatients)",
                                 "75% (53 of 71 outpatients)"]


def test_unknown_study_for_wells_shares_is_named():
    with pytest.raises(ValueError, match="'wells2003'"):
        risk.wells_three_level_shares("wells2003")



def _wells_share_violations(markdown: str) -> list[str]:
    """Sentences that give a share with DVT for a Wells group that the Wells record does not."""
    known = {f"{s.probability:.1%}".replace(".0%", "%") for s in risk.wells_three_level_shares()}
    bad = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", markdown):
        if re.search(r"Wells", sentence) and re.search(r"\b(low|moderate|high)\b", sentence):
            shares = re.findall(r"\d+(?:\.\d+)?%", sentence)
            if any(share not in known for share in shares):
                bad.append(sentence.strip())
    return bad


def test_the_wells_share_check_catches_a_share_told_otherwise():
    # The old 05 text with a planted 5.0% (a secondary source's rounding) instead of 4.9%.
    assert _wells_share_violations(
        "In a meta-analysis, 5.0% of people with a low, 17.4% with a moderate and 53.6% with a "
        "high Wells score had a DVT.") != []
    assert _wells_share_violations("Wells 1997: 3% low, 17% moderate and 75% high.") == []


@pytest.mark.parametrize("name", ["04_signs_and_risk", "05_differential"])
def test_04_and_05_show_one_account_of_the_wells_shares(name):
    path = NOTEBOOKS / f"{name}.ipynb"
    assert risk.wells_three_level_table()._repr_markdown_() in markdown_and_outputs(path)
    prose = "\n".join(source(c) for c in load_notebook(path)["cells"]
                      if c["cell_type"] == "markdown")
    assert _wells_share_violations(prose) == []

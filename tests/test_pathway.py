"""Test results and Bayes, the Fagan nomogram, the synthetic cohort and the NICE NG158 figure."""

import math

import numpy as np
import pytest

from helpers import diagnosis, differential_views, pathway, references, risk

# --- accuracy, likelihood ratios and pre-test probabilities --------------------------------------

def test_d_dimer_accuracy_combines_stein_sensitivity_with_schouten_specificity():
    # Stein 2004: ELISA sensitivity 0.96; Schouten 2013: specificity 39.4% (conventional) and
    # 49.5% (age-adjusted) at 61–70 years, 14.7% and 35.2% over 80.
    assert pathway.d_dimer_accuracy("61-70").sensitivity == 0.96
    assert pathway.d_dimer_accuracy("61-70").specificity == 0.394
    assert pathway.d_dimer_accuracy("61-70", "age_adjusted").specificity == 0.495
    assert pathway.d_dimer_accuracy("over 80").specificity == 0.147
    assert pathway.d_dimer_accuracy("over 80", "age_adjusted").specificity == 0.352


def test_age_adjusted_cut_off_is_more_specific_in_every_band():
    for band in pathway.AGE_BANDS:
        assert (pathway.d_dimer_accuracy(band, "age_adjusted").specificity
                > pathway.d_dimer_accuracy(band, "conventional").specificity)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"age_band": "40-50"}, r"age_band must be one of \['51-60'"),
    ({"cutoff": "strict"}, r"cutoff must be one of \['conventional', 'age_adjusted'\]")])
def test_unknown_age_band_or_cut_off_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pathway.d_dimer_accuracy(**kwargs)


def test_result_lrs_use_the_diagnosis_api():
    lrs = {r.key: r.likelihood_ratio for r in pathway.result_options()}
    assert lrs["d_dimer_negative"] == 0.12                      # Stein 2004, as reported
    assert lrs["d_dimer_positive_conventional_61_70"] == pytest.approx(0.96 / (1 - 0.394))
    # Goodacre 2005, compression only: 93.8% / 97.8% → LR+ ≈ 42.6, LR− ≈ 0.063.
    assert lrs["ultrasound_positive"] == pytest.approx(42.636, abs=0.001)
    assert lrs["ultrasound_negative"] == pytest.approx(0.0634, abs=0.0001)
    assert lrs["ultrasound_positive"] == diagnosis.likelihood_ratios(0.938, 0.978).positive


def test_a_positive_d_dimer_barely_moves_the_odds_in_the_very_old():
    lrs = {r.key: r.likelihood_ratio for r in pathway.result_options()}
    assert 1 < lrs["d_dimer_positive_conventional_over_80"] < 1.2
    assert lrs["ultrasound_positive"] > 20 * lrs["d_dimer_positive_age_adjusted_61_70"]


def test_every_result_source_is_in_the_bibliography():
    for r in pathway.result_options():
        assert r.sources
        for key in r.sources:
            references.get(key)


def test_unknown_result_is_named():
    with pytest.raises(ValueError, match="'x_ray_positive'"):
        pathway.result_option("x_ray_positive")


def test_wells_pretest_probabilities_are_the_2004_meta_analysis():
    # Wells 2004 (ASH abstract): 4.9%, 17.4% and 53.6% in low, moderate and high.
    assert [(p.category, p.probability) for p in pathway.wells_pretest()] == [
        ("low", 0.049), ("moderate", 0.174), ("high", 0.536)]
    assert {p.source for p in pathway.wells_pretest()} == {"wells2004blood"}


def test_wells_pretest_reads_the_one_wells_record():
    # Issue 20: 04 and 05 once gave different shares for the same Wells groups. The pathway's
    # pre-test probabilities are the pooled row of the Wells record that notebook 04 shows.
    pooled = risk.wells_three_level_shares("wells2004blood")
    assert [(p.category, p.probability, p.ci95) for p in pathway.wells_pretest()] == [
        (s.category, s.probability, s.ci95) for s in pooled]


def test_default_prevalence_is_the_middle_of_the_data_range():
    assert pathway.default_prevalence() == pytest.approx(0.19)


def test_tables_cite_their_rows():
    assert pathway.results_table()._repr_markdown_().count("#ref-") >= 7
    spec = pathway.d_dimer_specificity_table()
    assert len(spec.rows) == 4 and spec.rows[3][1:3] == ["14.7%", "35.2%"]


# --- Bayes, step by step -------------------------------------------------------------------------

def test_chain_applies_each_likelihood_ratio_in_turn():
    chain = pathway.probability_chain(0.174, ["d_dimer_positive_conventional_61_70",
                                              "ultrasound_negative"])
    first = diagnosis.post_test_probability(0.174, 0.96 / (1 - 0.394))
    assert chain.steps[0].after == pytest.approx(first)
    assert chain.post_test == pytest.approx(
        diagnosis.post_test_probability(first, (1 - 0.938) / 0.978))
    assert chain.sentence().startswith("Probability of DVT: 17.4% → 25.0% after d-dimer")


def test_negative_d_dimer_in_a_low_wells_score_brings_dvt_under_one_percent():
    chain = pathway.probability_chain(0.049, ["d_dimer_negative"])
    assert chain.post_test == pytest.approx(0.049 / 0.951 * 0.12 / (1 + 0.049 / 0.951 * 0.12))
    assert chain.post_test < 0.01


def test_empty_chain_keeps_the_pretest_and_bad_input_is_named():
    assert pathway.probability_chain(0.3, []).post_test == 0.3
    with pytest.raises(ValueError, match="pretest"):
        pathway.probability_chain(1.5, [])
    with pytest.raises(ValueError, match="list of result keys"):
        pathway.probability_chain(0.3, "d_dimer_negative")


# --- the Fagan nomogram --------------------------------------------------------------------------

def test_one_straight_line_joins_pretest_lr_and_post_test():
    for pre, lr in [(0.19, 0.12), (0.05, 42.6), (0.5, 1.0), (0.9, 0.01)]:
        r = pathway.fagan_reading(pre, lr)
        assert r.middle_y == pytest.approx((r.left_y + r.right_y) / 2)
        assert r.post_test == diagnosis.post_test_probability(pre, lr)


def test_reading_sentence_states_direction():
    assert "lowers it to a post-test probability of 2.7%" in pathway.fagan_reading(
        0.19, 0.12).sentence()
    assert "raises" in pathway.fagan_reading(0.19, 42.6).sentence()
    assert "leaves" in pathway.fagan_reading(0.19, 1.0).sentence()


@pytest.mark.parametrize(("pre", "lr", "name"), [(0.0, 1, "pretest"), (1.0, 1, "pretest"),
                                                 (0.5, 0, "likelihood_ratio"),
                                                 (0.5, 5000, "likelihood_ratio"),
                                                 (math.nan, 1, "pretest"), ("0.5", 1, "pretest"),
                                                 (True, 1, "pretest")])
def test_values_off_the_nomogram_scales_are_named(pre, lr, name):
    with pytest.raises(ValueError, match=f"{name} must be"):
        pathway.fagan_reading(pre, lr)


# --- the synthetic cohort ------------------------------------------------------------------------

def _replay(n, seed, prevalence, dd_sens, dd_spec, us_sens, us_spec):
    """The documented arithmetic of simulate_cohort, redone by hand."""
    u = np.random.default_rng(seed).random((3, n))
    dvt = u[0] < prevalence
    dd = np.where(dvt, u[1] < dd_sens, u[1] < 1 - dd_spec)
    us = np.where(dvt, u[2] < us_sens, u[2] < 1 - us_spec)
    return dvt, dd, us


def test_cohort_counts_follow_the_documented_draws():
    r = pathway.simulate_cohort(2000, seed=11, prevalence=0.2, age_band="71-80")
    dvt, dd, us = _replay(2000, 11, 0.2, 0.96, 0.245, 0.942, 0.938)
    assert r.with_dvt == dvt.sum()
    assert r.d_dimer_positive == dd.sum()
    assert r.scans_done == dd.sum() and r.scans_avoided == (~dd).sum()
    assert r.d_dimer_negative_with_dvt == (dvt & ~dd).sum()
    assert r.clots_missed == (dvt & ~(dd & us)).sum()
    assert r.dvt_diagnosed == (dvt & dd & us).sum()
    assert r.false_diagnoses == (~dvt & dd & us).sum()
    assert r.scan_all_missed == (dvt & ~us).sum()


def test_cohort_counts_add_up():
    r = pathway.simulate_cohort(5000, seed=3)
    assert r.scans_done + r.scans_avoided == r.n
    assert r.d_dimer_positive + r.d_dimer_negative == r.n
    assert r.with_dvt + r.without_dvt == r.n
    assert r.dvt_diagnosed + r.clots_missed == r.with_dvt
    assert r.dvt_diagnosed + r.false_diagnoses == r.scan_positive
    assert r.scan_all_diagnosed + r.scan_all_missed == r.with_dvt
    assert r.clots_missed >= r.scan_all_missed       # the D-dimer can only add misses
    assert r.d_dimer_ppv == pytest.approx(r.d_dimer_positive_with_dvt / r.d_dimer_positive)


def test_same_seed_same_cohort_other_seed_other_cohort():
    assert pathway.simulate_cohort(1000, 7) == pathway.simulate_cohort(1000, 7)
    assert pathway.simulate_cohort(1000, 7) != pathway.simulate_cohort(1000, 8)


def test_large_cohort_approaches_the_expected_counts():
    n = 200_000
    r = pathway.simulate_cohort(n, seed=1, prevalence=0.19)
    e = pathway.expected_cohort(n, prevalence=0.19)
    for name in ("with_dvt", "d_dimer_positive", "scans_avoided", "dvt_diagnosed",
                 "false_diagnoses", "clots_missed", "scan_all_missed"):
        assert getattr(r, name) == pytest.approx(e[name], rel=0.05), name


def test_expected_counts_are_the_textbook_arithmetic():
    # 1000 people, prevalence 0.19, D-dimer 0.96 / 0.394, scan 0.942 / 0.938.
    e = pathway.expected_cohort(1000, prevalence=0.19)
    assert e["with_dvt"] == pytest.approx(190)
    assert e["d_dimer_positive"] == pytest.approx(190 * 0.96 + 810 * 0.606)
    assert e["scans_avoided"] == pytest.approx(1000 - 190 * 0.96 - 810 * 0.606)
    assert e["clots_missed"] == pytest.approx(190 * (1 - 0.96 * 0.942))


def test_perfect_tests_miss_nothing_and_a_zero_prevalence_finds_nothing():
    r = pathway.simulate_cohort(1000, 2, d_dimer_sensitivity=1, d_dimer_specificity=1,
                                scan_sensitivity=1, scan_specificity=1)
    assert r.clots_missed == 0 and r.false_diagnoses == 0 and r.scans_done == r.with_dvt
    none = pathway.simulate_cohort(500, 2, prevalence=0)
    assert none.with_dvt == 0 and math.isnan(none.d_dimer_ppv) is False
    assert none.d_dimer_ppv == 0.0


def test_age_adjusted_cut_off_avoids_more_scans_in_the_old():
    conv = pathway.simulate_cohort(5000, 4, age_band="over 80")
    adj = pathway.simulate_cohort(5000, 4, age_band="over 80", cutoff="age_adjusted")
    assert adj.scans_avoided > 2 * conv.scans_avoided


def test_cutoff_comparison_uses_the_same_people_for_both_cut_offs():
    table = pathway.cutoff_comparison(2000, 6, "71-80")
    conv = pathway.simulate_cohort(2000, 6, age_band="71-80")
    adj = pathway.simulate_cohort(2000, 6, age_band="71-80", cutoff="age_adjusted")
    assert [row[2] for row in table.rows] == [f"{conv.scans_avoided:,}",
                                              f"{adj.scans_avoided:,}"]
    assert conv.with_dvt == adj.with_dvt


def test_rule_out_is_safer_the_lower_the_prevalence():
    low = pathway.simulate_cohort(10_000, 9, prevalence=0.049)
    high = pathway.simulate_cohort(10_000, 9, prevalence=0.536)
    assert low.extra_missed / low.n < high.extra_missed / high.n
    assert low.scans_avoided > high.scans_avoided


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be a whole number"), ({"n": 10.5}, "n must be a whole number"),
    ({"n": True}, "n must be a whole number"), ({"seed": -1}, "seed must be"),
    ({"prevalence": 1.2}, "prevalence must be a proportion"),
    ({"d_dimer_specificity": 95}, "d_dimer_specificity must be a proportion"),
    ({"cutoff": "low"}, "cutoff must be one of")])
def test_bad_cohort_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pathway.simulate_cohort(**{"n": 100, "seed": 1, **kwargs})


def test_cohort_display_states_what_the_strategy_buys_and_costs():
    r = pathway.simulate_cohort(1000, 5)
    bundle = r._repr_mimebundle_()
    assert f"avoided {r.scans_avoided:,} scans" in bundle["text/plain"]
    assert f"missed {r.clots_missed:,} clots" in bundle["text/plain"]
    assert "Synthetic people" in bundle["text/markdown"] and "#ref-stein2004" in bundle[
        "text/markdown"]


def test_cohort_comparison_has_one_row_per_wells_category():
    table = pathway.cohort_comparison(1000, 5)
    assert [row[0].split(" (")[0] for row in table.rows] == ["Wells low", "Wells moderate",
                                                              "Wells high"]


# --- the NICE NG158 pathway ----------------------------------------------------------------------

def test_pathway_data_has_one_start_and_two_outcomes_and_every_step_is_reachable():
    path = pathway.nice_pathway()
    kinds = [n.kind for n in path.nodes.values()]
    assert kinds.count("start") == 1 and kinds.count("end") == 2
    seen, todo = set(), ["start"]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo += [e.target for e in path.after(node)]
    assert seen == set(path.nodes)
    for node in path.nodes.values():
        assert (node.kind == "end") == (not path.after(node.id))


def test_wells_splits_into_likely_and_unlikely_lanes():
    labels = [e.label for e in pathway.nice_pathway().after("wells")]
    assert labels == ["likely (≥ 2)", "unlikely (≤ 1)"]


def test_pathway_steps_in_words_cite_nice():
    table = pathway.pathway_steps()
    text = table._repr_markdown_()
    assert "[NICE NG158](#ref-nice_ng158)" in text and "#ref-nice_qs201" in text
    assert "6 to 8 days later" in text


# --- the Fagan widget ----------------------------------------------------------------------------

def test_fagan_widget_starts_with_a_negative_d_dimer_from_19_percent():
    view = differential_views.fagan()
    status = view.controls.status.value
    assert "Pre-test probability 19.0%, likelihood ratio 0.12" in status
    assert "post-test probability of 2.7%" in status
    assert view.controls.plot.value.startswith("<svg")


def test_moving_the_slider_and_choosing_a_result_update_the_text_and_the_line():
    view = differential_views.fagan()
    view.controls.pretest.value = 50.0
    view.controls.result.value = "ultrasound_positive"
    expected = diagnosis.post_test_probability(0.5, pathway.result_option(
        "ultrasound_positive").likelihood_ratio)
    assert f"post-test probability of {expected:.1%}" in view.controls.status.value
    assert "Compression ultrasound positive" in view.controls.status.value
    assert f"{expected:.1%}" in view.controls.plot.value        # in the SVG's label
    assert view.controls.frame.result.pretest == 0.5


def test_fagan_widget_shows_a_message_not_a_traceback_for_a_bad_value():
    view = differential_views.fagan()
    before = view.controls.plot.value
    view.controls.result.options = [*view.controls.result.options, ("Broken", "broken")]
    view.controls.result.value = "broken"
    assert view.controls.status.value.startswith('<p class="cn-status" aria-live="polite">⚠ ')
    assert view.controls.plot.value == before                 # the last good nomogram stays
    view.controls.result.value = "d_dimer_negative"
    assert "⚠" not in view.controls.status.value


def test_fagan_static_twin_is_the_live_form_with_its_script():
    view = differential_views.fagan()
    twin = view._repr_mimebundle_()["text/html"]
    form = twin[:twin.index("<script")]
    assert 'type="range"' in form and form.count("<option ") == len(pathway.result_options())
    assert "<svg" in twin and "CNExplorerModels.fagan" in twin
    assert "Run this notebook" not in twin
    assert view._repr_mimebundle_()["text/plain"].startswith("Fagan nomogram. Pre-test")


def test_fagan_widget_refuses_an_unknown_result_or_pretest():
    with pytest.raises(ValueError, match="unknown test result 'x'"):
        differential_views.fagan(0.2, "x")
    with pytest.raises(ValueError, match="pretest must be"):
        differential_views.fagan(1.0)



"""Likelihood ratios, Bayes in odds form, the age-adjusted D-dimer cut-off and the accuracy data."""

import math
from fractions import Fraction

import numpy as np
import pytest

from helpers import diagnosis, references
from helpers._data import load

PROPORTIONS = [0.0, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 1.0]
BAD_PROPORTIONS = [-0.1, 1.01, 95, math.nan, math.inf, -math.inf, "0.9", None, True, False,
                   [0.9], np.bool_(True)]


def ppv(pretest: float, sensitivity: float, specificity: float) -> float:
    """Positive predictive value straight from a 2×2 table: another route to Bayes."""
    true_pos = sensitivity * pretest
    false_pos = (1 - specificity) * (1 - pretest)
    return true_pos / (true_pos + false_pos)


# --- likelihood ratios ---------------------------------------------------------------------------

def test_msd_fagan_example_sensitivity_60_specificity_70_gives_lr_positive_2():
    # MSD Manual, figure 'Fagan Nomogram Used to Determine Need to Test' (after Fagan 1975):
    # LR+ = 60/(100 − 70) = 2.
    lr_pos, lr_neg = diagnosis.likelihood_ratios(0.60, 0.70)
    assert lr_pos == pytest.approx(2.0)
    assert lr_neg == pytest.approx(0.40 / 0.70)


def test_compression_ultrasound_for_proximal_dvt():
    # Goodacre 2005: compression ultrasound alone, proximal DVT, sensitivity 93.8%, specificity
    # 97.8% → LR+ = 0.938/0.022 ≈ 42.6, LR− = 0.062/0.978 ≈ 0.063.
    lr_pos, lr_neg = diagnosis.likelihood_ratios(0.938, 0.978)
    assert lr_pos == pytest.approx(42.636, abs=0.001)
    assert lr_neg == pytest.approx(0.06339, abs=0.00001)


# A published table of cut-points with sensitivity, specificity and both likelihood ratios
# (PMC4910190, Table 4: https://pmc.ncbi.nlm.nih.gov/articles/PMC4910190/table/Tab4). Its
# ratios come from the study's counts, its percentages are rounded to 0.01 %: they agree at the
# two decimals printed, within 0.3 % (rounding of the printed percentages) for the largest.
PUBLISHED_CUT_POINTS = [
    # sensitivity %, specificity %, LR+, LR−
    (93.48, 28.21, 1.30, 0.23),
    (86.96, 52.78, 1.84, 0.25),
    (65.22, 72.65, 2.38, 0.48),
    (45.65, 87.82, 3.75, 0.62),
    (28.26, 94.87, 5.51, 0.76),
    (23.91, 97.86, 11.19, 0.78),
]


@pytest.mark.parametrize(("sens", "spec", "lr_pos", "lr_neg"), PUBLISHED_CUT_POINTS)
def test_lrs_match_a_published_table_of_cut_points(sens, spec, lr_pos, lr_neg):
    result = diagnosis.likelihood_ratios(sens / 100, spec / 100)
    assert result.positive == pytest.approx(lr_pos, rel=0.003, abs=0.005)
    assert result.negative == pytest.approx(lr_neg, abs=0.005)


def test_result_is_a_named_pair():
    result = diagnosis.likelihood_ratios(0.9, 0.6)
    assert isinstance(result, tuple) and len(result) == 2
    assert (result.positive, result.negative) == result


@pytest.mark.parametrize("sens", [0.1, 0.42, 0.77])
def test_a_useless_test_has_both_lrs_equal_to_one(sens):
    # Sensitivity = 1 − specificity: positives are as common with as without the disease.
    assert diagnosis.likelihood_ratios(sens, 1 - sens) == pytest.approx((1.0, 1.0))


def test_a_perfect_test_has_infinite_lr_positive_and_zero_lr_negative():
    assert diagnosis.likelihood_ratios(1.0, 1.0) == (math.inf, 0.0)


def test_specificity_one_gives_infinite_lr_positive():
    lr_pos, lr_neg = diagnosis.likelihood_ratios(0.5, 1.0)
    assert lr_pos == math.inf and lr_neg == pytest.approx(0.5)


def test_specificity_zero_leaves_lr_negative_undefined():
    with pytest.raises(ValueError, match=r"specificity 0 leaves LR− .* undefined"):
        diagnosis.likelihood_ratios(0.9, 0.0)


def test_sensitivity_zero_with_specificity_one_leaves_lr_positive_undefined():
    with pytest.raises(ValueError, match="0 / 0 undefined"):
        diagnosis.likelihood_ratios(0.0, 1.0)


def test_numpy_and_exact_numbers_are_accepted():
    assert diagnosis.likelihood_ratios(np.float64(0.6), Fraction(7, 10)) == \
        pytest.approx((2.0, 4 / 7))
    assert diagnosis.likelihood_ratios(1, 1) == (math.inf, 0.0)


@pytest.mark.parametrize("bad", BAD_PROPORTIONS)
def test_bad_sensitivity_is_named_with_the_allowed_range(bad):
    with pytest.raises(ValueError, match=r"sensitivity must be a proportion from 0 to 1"):
        diagnosis.likelihood_ratios(bad, 0.5)


@pytest.mark.parametrize("bad", BAD_PROPORTIONS)
def test_bad_specificity_is_named_with_the_allowed_range(bad):
    with pytest.raises(ValueError, match=r"specificity must be a proportion from 0 to 1"):
        diagnosis.likelihood_ratios(0.5, bad)


def test_percent_instead_of_proportion_gets_a_hint():
    with pytest.raises(ValueError, match=r"write 95% as 0\.95\); got 95"):
        diagnosis.likelihood_ratios(95, 0.5)


# --- post-test probability -----------------------------------------------------------------------

def test_fagan_style_even_odds_with_lr_10():
    # Pre-test 0.5 (odds 1:1) × LR 10 → odds 10:1 → 10/11 ≈ 0.909.
    assert diagnosis.post_test_probability(0.5, 10) == pytest.approx(10 / 11)
    assert diagnosis.post_test_probability(0.5, 10) == pytest.approx(0.909, abs=0.0005)


def test_msd_example_pretest_014_with_lr_2_reaches_about_25_percent():
    # MSD Manual Fagan-nomogram figure: pre-test about 0.14 with LR+ 2 meets a 25% threshold.
    assert diagnosis.post_test_probability(0.14, 2) == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize("pretest", PROPORTIONS)
def test_lr_one_leaves_the_probability_unchanged(pretest):
    assert diagnosis.post_test_probability(pretest, 1) == pytest.approx(pretest)


@pytest.mark.parametrize("pretest", [0.01, 0.16, 0.5, 0.9])
@pytest.mark.parametrize(("sens", "spec"), [(0.938, 0.978), (0.905, 0.545), (0.6, 0.7)])
def test_positive_result_equals_the_2x2_positive_predictive_value(pretest, sens, spec):
    lr_pos, lr_neg = diagnosis.likelihood_ratios(sens, spec)
    assert diagnosis.post_test_probability(pretest, lr_pos) == pytest.approx(
        ppv(pretest, sens, spec))
    # and a negative result leaves 1 − NPV
    npv = spec * (1 - pretest) / (spec * (1 - pretest) + (1 - sens) * pretest)
    assert diagnosis.post_test_probability(pretest, lr_neg) == pytest.approx(1 - npv)


@pytest.mark.parametrize("pretest", [0.03, 0.17, 0.75])
@pytest.mark.parametrize("lr", [0.05, 0.5, 3.0, 42.6])
def test_applying_lr_then_its_inverse_returns_the_pretest(pretest, lr):
    post = diagnosis.post_test_probability(pretest, lr)
    assert diagnosis.post_test_probability(post, 1 / lr) == pytest.approx(pretest)


def test_probability_rises_with_the_likelihood_ratio_and_stays_in_0_to_1():
    values = [diagnosis.post_test_probability(0.2, lr) for lr in
              [0, 0.01, 0.1, 0.5, 1, 2, 10, 100, 1e6, math.inf]]
    assert values == sorted(values)
    assert values[0] == 0.0 and values[-1] == 1.0
    assert all(0.0 <= v <= 1.0 for v in values)


def test_certain_pretests_stay_certain():
    assert diagnosis.post_test_probability(0.0, 50) == 0.0
    assert diagnosis.post_test_probability(1.0, 0.01) == 1.0


def test_infinite_lr_gives_one_when_pretest_is_above_zero():
    assert diagnosis.post_test_probability(1e-9, math.inf) == 1.0
    assert diagnosis.post_test_probability(0.5, float("inf")) == 1.0


def test_huge_lr_does_not_overflow():
    assert diagnosis.post_test_probability(0.999999, 1e308) == 1.0


def test_zero_times_infinity_is_refused():
    with pytest.raises(ValueError, match=r"pretest 0 with an infinite likelihood ratio"):
        diagnosis.post_test_probability(0.0, math.inf)
    with pytest.raises(ValueError, match=r"pretest 1 with likelihood ratio 0"):
        diagnosis.post_test_probability(1.0, 0)


@pytest.mark.parametrize("bad", BAD_PROPORTIONS)
def test_bad_pretest_is_named_with_the_allowed_range(bad):
    with pytest.raises(ValueError, match=r"pretest must be a proportion from 0 to 1"):
        diagnosis.post_test_probability(bad, 2)


@pytest.mark.parametrize("bad", [-0.5, -math.inf, math.nan, "2", None, True, [2]])
def test_bad_likelihood_ratio_is_named_with_the_allowed_range(bad):
    with pytest.raises(ValueError, match=r"likelihood_ratio must be a number ≥ 0 \(inf allowed\)"):
        diagnosis.post_test_probability(0.5, bad)


# --- the age-adjusted D-dimer cut-off ------------------------------------------------------------

@pytest.mark.parametrize(("age", "cutoff"), [(0, 500), (18, 500), (30, 500), (49, 500),
                                             (50, 500), (50.5, 505), (51, 510), (60, 600),
                                             (75, 750), (80, 800), (95, 950), (130, 1300)])
def test_age_adjusted_cutoff(age, cutoff):
    # Righini 2014 (ADJUST-PE): age × 10 µg/L from 50 years; 500 µg/L otherwise. A 75-year-old's
    # cut-off is therefore 750 µg/L instead of 500.
    assert diagnosis.age_adjusted_d_dimer_cutoff(age) == pytest.approx(cutoff)
    assert isinstance(diagnosis.age_adjusted_d_dimer_cutoff(age), float)


def test_cutoff_is_continuous_at_50_and_never_below_500():
    below = diagnosis.age_adjusted_d_dimer_cutoff(50 - 1e-9)
    above = diagnosis.age_adjusted_d_dimer_cutoff(50 + 1e-9)
    assert below == pytest.approx(above)
    ages = np.linspace(0, 130, 261)
    cutoffs = [diagnosis.age_adjusted_d_dimer_cutoff(float(a)) for a in ages]
    assert min(cutoffs) == 500 and cutoffs == sorted(cutoffs)


def test_numpy_age_is_accepted():
    assert diagnosis.age_adjusted_d_dimer_cutoff(np.int64(82)) == 820


@pytest.mark.parametrize("bad", [-1, -0.01, 130.5, 200, math.nan, math.inf, "70", None, True,
                                 False, [70]])
def test_bad_age_is_named_with_the_allowed_range(bad):
    with pytest.raises(ValueError, match=r"age_years must be a number of years from 0 to 130"):
        diagnosis.age_adjusted_d_dimer_cutoff(bad)


def test_cutoff_rule_comes_from_the_data_file():
    rule = load("d_dimer.yaml")["age_adjusted_cutoff"]
    assert (rule["conventional_ug_per_l"], rule["age_from_years"], rule["per_year_ug_per_l"]) == \
        (500, 50, 10)
    assert rule["nice_ng158"]["unverified"] is True        # not seen in a stored copy of NG158


# --- pooled accuracy data ------------------------------------------------------------------------

def test_ultrasound_figures_are_recorded_as_goodacre_2005_states_them():
    # Goodacre 2005 abstract: proximal 94.2% (93.2–95.0), distal 63.5% (59.8–67.0), specificity
    # 93.8% (93.1–94.4); compression alone 93.8% (92.0–95.3), 56.8% (49.0–66.4), 97.8% (97.0–98.4).
    rows = {a.variant: a for a in diagnosis.pooled_accuracy() if a.source == "goodacre2005"}
    proximal = rows["All ultrasound techniques, proximal DVT (100 cohorts)"]
    assert (proximal.sensitivity_percent, proximal.sensitivity_ci_percent) == (94.2, (93.2, 95.0))
    assert (proximal.specificity_percent, proximal.specificity_ci_percent) == (93.8, (93.1, 94.4))
    compression = rows["Compression ultrasound alone, proximal DVT"]
    assert (compression.sensitivity_percent, compression.specificity_percent) == (93.8, 97.8)
    distal = rows["Compression ultrasound alone, distal (calf) DVT"]
    assert (distal.sensitivity_percent, distal.sensitivity_ci_percent) == (56.8, (49.0, 66.4))


def test_d_dimer_figures_are_recorded_as_nice_states_them():
    # NICE CG144 evidence review of the Goodacre 2006 HTA meta-analysis: all assays sensitivity
    # 90.5% (90–91%), specificity stated only as 54% to 55%; ELISAs 93–95% and 44–46%.
    rows = {a.variant: a for a in diagnosis.pooled_accuracy() if a.test == "D-dimer"}
    every = rows["All assays (97 studies)"]
    assert (every.sensitivity_percent, every.sensitivity_ci_percent) == (90.5, (90, 91))
    assert (every.specificity_percent, every.specificity_ci_percent) == (None, (54, 55))
    elisa = rows["ELISA assays (58 studies)"]
    assert (elisa.sensitivity_ci_percent, elisa.specificity_ci_percent) == ((93, 95), (44, 46))
    assert every.likelihood_ratios() is None


def test_every_point_estimate_lies_in_its_interval_and_sources_resolve():
    for a in diagnosis.pooled_accuracy():
        for point, (low, high) in ((a.sensitivity_percent, a.sensitivity_ci_percent),
                                   (a.specificity_percent, a.specificity_ci_percent)):
            assert 0 <= low <= high <= 100
            assert point is None or low <= point <= high
        references.get(a.source)
    data = load("d_dimer.yaml")
    rule = data["age_adjusted_cutoff"]
    keys = set(rule["sources"]) | set(rule["caution_sources"]) | set(rule["nice_ng158"]["sources"])
    keys |= {k for e in rule["evidence"] for k in e["sources"]}
    keys |= {k for m in data["meaning"] for k in m["sources"]}
    for key in keys:
        references.get(key)


def test_accuracy_rows_give_likelihood_ratios_when_both_points_are_stated():
    compression = next(a for a in diagnosis.pooled_accuracy()
                       if a.variant == "Compression ultrasound alone, proximal DVT")
    assert compression.likelihood_ratios() == pytest.approx((0.938 / 0.022, 0.062 / 0.978))


def test_accuracy_table_cites_each_row():
    table = diagnosis.accuracy_table()
    assert len(table.rows) == len(diagnosis.pooled_accuracy())
    assert table.rows[0][2] == "95% CI 54–55%"
    assert all("](#ref-" in row[3] for row in table.rows)

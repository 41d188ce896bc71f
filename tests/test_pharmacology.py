"""Compartment models of the anticoagulants (helpers.pharmacology): sanity, sources, bad inputs."""

import dataclasses
import json
import math
import re
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from helpers import display, references, treatment
from helpers import pharmacology as pk
from helpers import pharmacology_views as pw
from helpers._data import load
from tests.precision import frame_differences

DOSED = ("enoxaparin", "warfarin", *pk.DOACS)


def _single(model, amount=1.0, unit=None):
    return pk.repeated_doses(amount, 24, 1, unit=unit or model.dose_unit)


# --- the one-compartment model ----------------------------------------------------------------

@pytest.mark.parametrize("drug", pk.DRUGS)
@pytest.mark.parametrize("missed", [None, 2])
def test_concentrations_and_factor_activities_are_never_negative(drug, missed):
    if drug == "ufh":
        missed = None if missed is None else 12
    sc = pk.scenario(drug, missed)
    if sc.warfarin is not None:
        assert np.all(sc.warfarin.concentration_mg_per_l >= 0)
        assert all(np.all((f > 0) & (f <= 1.0 + 1e-12)) for f in sc.warfarin.factors.values())
        assert np.all(sc.warfarin.inr >= 1.0 - 1e-12)
    else:
        assert np.all(sc.curve.value >= 0) and sc.curve.peak > 0


def test_intravenous_bolus_halves_every_half_life():
    model = pk.ufh_model()
    schedule = pk.Schedule("U/kg", (0.0,), (80.0,), planned_doses=1)
    curve = pk.simulate(model, schedule, 6)
    start = curve.at(0)
    assert start == pytest.approx(80 / (0.07 * 1000))           # bolus / volume (heparin label)
    assert curve.at(model.half_life_h) == pytest.approx(start / 2, rel=1e-6)
    assert curve.at(3 * model.half_life_h) == pytest.approx(start / 8, rel=1e-6)


def test_infusion_levels_off_at_rate_over_clearance():
    model = pk.ufh_model()
    curve = pk.simulate(model, pk.ufh_schedule(), 48)
    clearance_l_per_kg_h = model.ke_per_h * 0.07
    assert curve.at(48) == pytest.approx(18 / (clearance_l_per_kg_h * 1000), rel=1e-6)


@pytest.mark.parametrize("drug", ["enoxaparin", "warfarin", *pk.DOACS])
def test_a_single_oral_or_subcutaneous_dose_peaks_at_the_published_time(drug):
    model = {"enoxaparin": pk.enoxaparin_model, "warfarin": pk.warfarin_model}.get(
        drug, lambda: pk.doac_model(drug))()
    curve = pk.simulate(model, _single(model), 48)
    assert float(curve.time_h[np.argmax(curve.value)]) == pytest.approx(model.tmax_h, abs=0.25)


@pytest.mark.parametrize("drug", pk.DOACS)
def test_steady_state_is_approached_after_about_five_half_lives(drug):
    model = pk.doac_model(drug)
    interval = 12.0
    n = 60
    curve = pk.simulate(model, pk.repeated_doses(10.0, interval, n), interval * n)
    steady = pk.steady_state_trough(model, 10.0, interval)
    after_five = math.ceil(5 * model.half_life_h / interval) * interval
    after_one = math.ceil(model.half_life_h / interval) * interval
    assert 0.95 <= curve.at(after_five) / steady <= 1.0 + 1e-9
    assert curve.at(after_one) / steady < 0.8                    # not there after one
    assert curve.at(interval * (n - 1)) == pytest.approx(steady, rel=1e-6)


def test_absorption_rate_puts_the_peak_at_tmax():
    for tmax, half in [(3, 5), (4, 35), (2, 12)]:
        ka = pk.absorption_rate(tmax, half)
        ke = math.log(2) / half
        assert math.log(ka / ke) / (ka - ke) == pytest.approx(tmax, rel=1e-6)
    with pytest.raises(ValueError, match="tmax_h must be between 0 and"):
        pk.absorption_rate(50, 5)


def test_absorption_rate_is_the_root_scipy_brentq_finds():
    from scipy.optimize import brentq

    for tmax, half in [(3, 5), (4, 35), (2, 12), (0.5, 1), (3, 12)]:
        ke = math.log(2) / half
        expected = brentq(lambda ka, ke=ke, t=tmax: math.log(ka / ke) / (ka - ke) - t,
                          ke * (1 + 1e-9), 1e3)
        assert pk.absorption_rate(tmax, half) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("missed", [None, 3])
def test_factor_turnover_is_the_linear_filter_it_replaces(missed):
    from scipy.signal import lfilter

    course = pk.warfarin_course(missed_dose=missed)
    step = float(course.time_h[1] - course.time_h[0])
    s = course.synthesis
    middle = np.concatenate(([1.0], (s[1:] + s[:-1]) / 2))
    for name, half_life in course.half_lives_h.items():
        a = math.exp(-math.log(2) / half_life * step)
        expected = lfilter([1 - a], [1, -a], middle, zi=[a])[0]
        np.testing.assert_allclose(course.factors[name], expected, rtol=1e-12)


def test_notebook_06_models_and_explorer_run_without_importing_scipy():
    # Issue 16: importing scipy.signal costs about 0.8 s in a kernel; these models need none of it.
    code = ("import sys\n"
            "from helpers import pharmacology as pk, pharmacology_views as pw, treatment\n"
            "pk.inr_delay_by_factor_ii(); pk.model_checks_table(); treatment.kidney_table()\n"
            "[pw.describe(d) for d in pk.DRUGS]; pw.describe('apixaban', missed=4)\n"
            "pw.explorer()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("drug", ["enoxaparin", "warfarin", *pk.DOACS])
def test_a_missed_dose_lowers_the_trough_and_never_raises_the_level(drug):
    sc = pk.scenario(drug, 4)
    curve = sc.curve if sc.warfarin is None else pk.simulate(
        pk.warfarin_model(), sc.warfarin.schedule, 24 * 14)
    reference = sc.reference if sc.warfarin is None else pk.simulate(
        pk.warfarin_model(), pk.warfarin_schedule(), 24 * 14)
    missed_at = curve.schedule.missed_time_h
    due = min(t for t in curve.schedule.dose_times_h if t > missed_at)
    assert curve.trough_before(due) < 0.9 * reference.trough_before(due)
    assert np.all(curve.value <= reference.value + 1e-12)
    assert curve.at(missed_at) == pytest.approx(reference.at(missed_at))   # same until then


def test_stopping_the_heparin_drip_drops_the_level_then_it_recovers():
    sc = pk.scenario("ufh", 12)
    assert sc.curve.at(14) < 0.3 * sc.reference.at(14)
    assert sc.curve.at(24) == pytest.approx(sc.reference.at(24), rel=0.01)


def test_missed_dose_options_number_every_planned_dose():
    options = pk.missed_dose_options("apixaban")
    assert options[0] == ("No missed dose", None)
    assert [v for _, v in options[1:]] == list(range(1, 11))      # 10 mg twice daily, 5 days
    assert options[1][0] == "Dose 1 (10 mg, day 1 at 00:00)"
    assert pk.missed_dose_options("ufh")[1] == ("Drip stopped for 2 h from hour 6", 6)


def test_regimens_follow_the_cited_phases():
    riva = pk.doac_schedule("rivaroxaban", days=23)
    assert riva.dose_amounts[:42] == (15.0,) * 42                  # 15 mg twice daily, 21 days
    assert riva.dose_amounts[42:] == (20.0, 20.0)                  # then 20 mg once daily
    assert riva.dose_times_h[42:] == (504.0, 528.0)
    assert pk.doac_schedule("dabigatran", days=1).dose_amounts == (150.0, 150.0)
    assert pk.enoxaparin_schedule(days=1).dose_times_h == (0.0, 12.0)
    assert pk.ufh_schedule().dose_amounts == (80.0,)              # Raschke 1993 bolus


# --- warfarin -----------------------------------------------------------------------------------

def test_warfarin_half_life_comes_from_holfords_volume_and_clearance():
    assert pk.warfarin_model().half_life_h == pytest.approx(math.log(2) * 10 / 0.2)


def test_inr_rises_only_after_a_delay_set_by_factor_ii_long_half_life():
    course = pk.warfarin_course()
    first = course.first_time_inr_at_least(2.0)
    factor_ii = course.half_lives_h["II (prothrombin)"]
    assert course.inr_at(24) < 1.5
    assert first is not None and first >= factor_ii                # not before one II half-life
    assert course.activity_at("II (prothrombin)", first) > course.activity_at("VII", first)
    fast_ii = pk.warfarin_course(half_lives_h={"II (prothrombin)": course.half_lives_h["VII"]})
    assert fast_ii.first_time_inr_at_least(2.0) < first - 24       # II's half-life costs > 1 day


def test_factor_vii_falls_first_and_prothrombin_last():
    course = pk.warfarin_course()
    at = {name: course.activity_at(name, 24) for name in course.factors}
    assert at["VII"] < at["IX"] < at["X"] <= at["II (prothrombin)"] + 1e-9


def test_each_factor_settles_at_the_synthesis_level():
    course = pk.warfarin_course(days=40)
    last_day = course.time_h >= course.time_h[-1] - 24
    synthesis = float(course.synthesis[last_day].mean())
    for values in course.factors.values():
        assert float(values[last_day].mean()) == pytest.approx(synthesis, abs=0.02)


def test_parenteral_overlap_lasts_five_days_and_until_inr_2_for_24_hours():
    course = pk.warfarin_course()
    stop = course.parenteral_stop_h()
    assert stop is not None and stop >= 5 * 24
    window = (course.time_h >= stop - 24) & (course.time_h <= stop)
    assert np.all(course.inr[window] >= 2.0)
    assert not np.all(course.inr[(course.time_h >= stop - 25) & (course.time_h <= stop - 0.25)]
                      >= 2.0)                                      # the earliest such time


def test_too_small_a_dose_never_meets_the_overlap_rule():
    course = pk.warfarin_course(daily_dose_mg=1)
    assert course.first_time_inr_at_least(2.0) is None
    assert course.parenteral_stop_h() is None


def test_illustrative_inr_mapping_is_calibrated_and_monotone():
    assert pk.inr_from_activity(1.0) == pytest.approx(1.0)
    assert pk.inr_from_activity(0.6) == pytest.approx(2.5)
    values = pk.inr_from_activity(np.linspace(0.2, 1.0, 9))
    assert np.all(np.diff(values) < 0)
    assert pk.INR_RANGE == tuple(load("pharmacology.yaml")["drugs"]["warfarin"]["monitoring"]
                                 ["therapeutic_range"])


def test_a_missed_warfarin_tablet_lowers_the_inr_late_and_a_little():
    missed = pk.warfarin_course(missed_dose=3)
    full = pk.warfarin_course()
    drop = full.inr - missed.inr
    assert 0 < drop.max() < 0.5
    assert float(missed.time_h[np.argmax(drop)]) > 48 + 12        # lowest well after the miss


# --- kidney function and age --------------------------------------------------------------------

@pytest.mark.parametrize("crcl, band", [(150, "normal"), (80, "normal"), (79.9, "mild"),
                                        (50, "mild"), (49, "moderate"), (30, "moderate"),
                                        (29.9, "severe"), (15, "severe")])
def test_kidney_bands_follow_the_table(crcl, band):
    assert pk.kidney_band(crcl) == band


def test_below_15_ml_min_the_kidney_studies_have_no_half_life():
    with pytest.raises(ValueError, match=r"no half-life below 15 mL/min.*avoid use"):
        pk.doac_half_life("rivaroxaban", crcl_ml_min=10)


def test_dabigatran_half_life_only_grows_as_kidney_function_falls():
    lives = [pk.doac_half_life("dabigatran", crcl).hours for crcl in (120, 60, 40, 20)]
    assert lives == sorted(lives) and lives[-1] / lives[0] == pytest.approx(27.5 / 13.8)


def test_without_kidney_function_the_class_half_life_is_used():
    assert pk.doac_half_life("apixaban").hours == 12.0             # EHRA 2021
    assert pk.doac_half_life("dabigatran").hours == pytest.approx(14.5)   # middle of 12-17


def _kidney_record_numbers(drug):
    text = next(p["effect"] for p in load("pharmacology.yaml")["drugs"][drug]["populations"]
                if "single" in p["group"] and "dose" in p["group"])
    return [float(x) for x in re.findall(r"\d+\.\d+", text)]


def test_kidney_half_lives_and_exposures_are_the_ones_in_the_pharmacology_record():
    settings = load("pharmacokinetic_models.yaml")["doac"]["kidney"]
    numbers = _kidney_record_numbers("rivaroxaban")
    for value in (*settings["rivaroxaban"]["half_life_h"].values(),
                  *list(settings["rivaroxaban"]["auc_ratio"].values())[1:]):
        assert value in numbers, value
    numbers = _kidney_record_numbers("apixaban")
    for value in list(settings["apixaban"]["auc_ratio"].values())[1:]:
        assert value in numbers, value


def test_rivaroxaban_kidney_exposure_is_the_drugs_auc_not_the_anti_xa_effect():
    ratios = load("pharmacokinetic_models.yaml")["doac"]["kidney"]["rivaroxaban"]["auc_ratio"]
    assert list(ratios.values()) == [1.0, 1.44, 1.52, 1.64]        # Kubitza 2010, Table 2
    assert pk.doac_half_life("rivaroxaban", crcl_ml_min=20).sources[0] == "kubitza2010"


def test_apixaban_kidney_half_life_scales_the_class_value_by_the_measured_exposure():
    assert pk.doac_half_life("apixaban", crcl_ml_min=90).hours == 12.0          # not 7.6 h
    for crcl, ratio in ((60, 1.16), (40, 1.29), (20, 1.44)):
        life = pk.doac_half_life("apixaban", crcl_ml_min=crcl)
        assert life.hours == pytest.approx(12.0 * ratio)
        assert "course conversion, not a measured half-life" in life.basis
    assert pk.kidney_half_life_text("apixaban", "severe") == "model 17.3 h"


def test_edoxaban_normal_kidney_half_life_is_shown_as_the_published_range():
    assert pk.kidney_half_life_text("edoxaban", "normal") == "10–14 h (model: 12 h)"
    assert "pick from the 10–14 h" in pk.doac_half_life("edoxaban", crcl_ml_min=90).basis


def test_enoxaparin_severe_kidney_impairment_lengthens_the_half_life_by_the_auc_rise():
    assert pk.enoxaparin_model(20).half_life_h == pytest.approx(5 * 1.65)
    assert pk.enoxaparin_model(60).half_life_h == 5
    with pytest.raises(ValueError, match="not recommended below CrCl 15"):
        pk.enoxaparin_model(12)


def test_kidney_notes_compare_the_models_exposure_with_the_study():
    notes = " ".join(pk.scenario("dabigatran", crcl_ml_min=20).notes)
    assert "6.3 times" in notes and "understates" in notes
    notes = " ".join(pk.scenario("rivaroxaban", crcl_ml_min=20).notes)
    assert "1.64 times" in notes and "understates" in notes
    notes = " ".join(pk.scenario("apixaban", crcl_ml_min=40).notes)
    assert "1.29 times" in notes and "by construction" in notes


@pytest.mark.parametrize("drug, at, above, words", [
    ("edoxaban", 50, 55, "30 mg once daily instead of 60 mg"),
    ("dabigatran", 30, 35, "the US label gives no dose"),
])
def test_label_dose_notes_appear_at_low_kidney_function_and_keep_the_full_dose_caveat(
        drug, at, above, words):
    notes = " ".join(pk.scenario(drug, crcl_ml_min=at).notes)
    assert words in notes and "only to show the build-up" in notes
    assert words not in " ".join(pk.scenario(drug, crcl_ml_min=above).notes)
    assert "contraindicates" in " ".join(pk.scenario("dabigatran", crcl_ml_min=20).notes)


def test_rivaroxaban_half_life_by_published_age_group():
    assert pk.doac_half_life("rivaroxaban", age_years=30).hours == 7     # 5-9 h, young
    assert pk.doac_half_life("rivaroxaban", age_years=80).hours == 12    # 11-13 h, elderly
    with pytest.raises(ValueError, match=r"young adults \(18–45 years\) and the elderly"):
        pk.doac_half_life("rivaroxaban", age_years=60)
    with pytest.raises(ValueError, match="no half-life by age for apixaban"):
        pk.doac_half_life("apixaban", age_years=30)
    with pytest.raises(ValueError, match="not both"):
        pk.doac_half_life("rivaroxaban", crcl_ml_min=90, age_years=30)


def test_warfarin_and_heparin_drip_get_a_kidney_note_not_a_change():
    plain = pk.scenario("warfarin")
    with_kidney = pk.scenario("warfarin", crcl_ml_min=20)
    assert np.array_equal(plain.warfarin.inr, with_kidney.warfarin.inr)
    assert "no dose adjustment" in with_kidney.notes[0]
    assert "no kidney adjustment" in pk.scenario("ufh", crcl_ml_min=20).notes[0]


# --- bad inputs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [-5, -0.01, math.nan, math.inf, "five", None, True])
def test_negative_or_unreadable_doses_are_named(bad):
    with pytest.raises(ValueError, match=r"dose must be a dose of 0 or more; got"):
        pk.repeated_doses(bad, 12, 4)


def test_negative_warfarin_dose_is_named_with_the_allowed_range():
    with pytest.raises(ValueError, match=r"daily_dose_mg must be a daily dose from 0 to 20 mg; "
                                         r"got -5"):
        pk.warfarin_course(daily_dose_mg=-5)


@pytest.mark.parametrize("bad", [0, 11, -1, 1.5, True, "2", math.nan])
def test_missed_dose_out_of_range_is_named_with_the_doses_planned(bad):
    with pytest.raises(ValueError, match=r"missed_dose must be a dose number from 1 to 10 "):
        pk.doac_schedule("apixaban", missed_dose=bad)


@pytest.mark.parametrize("bad", [0, -5, 0.5, 251, 1000, math.nan, math.inf, "normal", True])
def test_absurd_creatinine_clearance_is_named(bad):
    with pytest.raises(ValueError, match=r"crcl_ml_min must be a creatinine clearance in mL/min "
                                         r"from 1 to 250; got"):
        pk.doac_half_life("dabigatran", crcl_ml_min=bad)


@pytest.mark.parametrize("bad", [5, 17.9, 111, 150, math.nan, "old", False])
def test_absurd_age_is_named(bad):
    with pytest.raises(ValueError, match=r"age_years must be an adult age in years from 18 to "
                                         r"110; got"):
        pk.doac_half_life("rivaroxaban", age_years=bad)


@pytest.mark.parametrize("bad", ["aspirin", "", None, 3])
def test_unknown_drug_is_named_with_the_choices(bad):
    with pytest.raises(ValueError, match=r"drug must be one of \['ufh', 'enoxaparin'"):
        pk.scenario(bad)


def test_other_bad_values_are_named():
    with pytest.raises(ValueError, match="days must be a number of days from 1 to 60"):
        pk.doac_schedule("apixaban", days="a week")
    with pytest.raises(ValueError, match="pause_start_h must be an hour from 0 to 46"):
        pk.ufh_schedule(pause_start_h=47)
    with pytest.raises(ValueError, match="the schedule is in mg but the enoxaparin model takes "
                                         "doses in mg/kg"):
        pk.simulate(pk.enoxaparin_model(), pk.repeated_doses(40, 24, 2), 48)
    with pytest.raises(ValueError, match="activity must be fractions of normal"):
        pk.inr_from_activity([0.5, math.nan])
    with pytest.raises(ValueError, match="unknown factor 'V'"):
        pk.warfarin_course(half_lives_h={"V": 12})
    with pytest.raises(ValueError, match="regimen must be one of"):
        pk.enoxaparin_schedule(regimen="thrice")


# --- sources, checks and speed ------------------------------------------------------------------

def _source_keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources":
                yield from value
            else:
                yield from _source_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _source_keys(item)


@pytest.mark.parametrize("name", ["pharmacokinetic_models.yaml", "procedures.yaml"])
def test_every_source_named_in_the_model_data_is_in_the_bibliography(name):
    keys = set(_source_keys(load(name)))
    assert keys
    for key in keys:
        references.get(key)


def test_model_checks_compare_with_the_published_numbers_honestly():
    checks = {c.what: c for c in (*pk.enoxaparin_checks(), *pk.warfarin_checks())}
    steady = checks["Steady-state peak, 1 mg/kg every 12 h"]
    assert steady.published == 1.2 and abs(steady.model / 1.2 - 1) <= 0.15
    assert steady.verdict.startswith("close")
    assert checks["Single-dose peak, 1.5 mg/kg"].verdict.startswith("model higher")
    exposure = next(c for w, c in checks.items() if w.startswith("Exposure (AUC) over a 12 h"))
    model = pk.enoxaparin_model()
    n = 20
    steady = pk.simulate(model, pk.repeated_doses(1.0, 12, n, unit="mg/kg"), 12 * n)
    one = pk.simulate(model, pk.repeated_doses(1.0, 12, 1, unit="mg/kg"), 12 * n)
    last, first = steady.time_h >= 12 * (n - 1), one.time_h <= 12
    ratio = (np.trapezoid(steady.value[last], steady.time_h[last])
             / np.trapezoid(one.value[first], one.time_h[first]))
    assert exposure.model == pytest.approx((ratio - 1) * 100)    # from the simulated AUCs
    assert exposure.published == 65 and exposure.verdict.startswith("model lower")
    assert "does not say which exposures it compares" in exposure.verdict
    peak = next(c for w, c in checks.items() if w.startswith("Time to the modelled INR peak"))
    assert "no dose stated" in peak.what and peak.published == (72, 96)
    fall = checks["Fall in factor synthesis on 5 mg a day, day 14"]
    assert 30 <= fall.model <= 50 and fall.verdict == "inside the published range"
    table = pk.model_checks_table()
    assert all(row[-1].startswith("[") for row in table.rows)


# --- the dosing explorer and the figures -----------------------------------------------------

def test_explorer_renders_headless_with_a_static_form_of_the_default_case():
    view = pw.explorer()
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    form = bundle["text/html"]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in form and 'role="img"' in form
    assert 'aria-label="Line chart of Rivaroxaban' in form
    assert '<label for="cn-ex-dosing-drug">Drug</label><select' in form
    assert '<label for="cn-ex-dosing-crcl">CrCl (mL/min)</label><input type="range"' in form
    assert "Run this notebook" not in form
    assert bundle["text/plain"].startswith("Dosing explorer. Rivaroxaban: drug in the body")
    assert "half-life 7 h, middle of 5–9 h (EHRA 2021)" in bundle["text/plain"]


def test_static_form_is_identical_run_to_run():
    assert pw.explorer().twin_html == pw.explorer().twin_html


def test_choosing_a_drug_rebuilds_the_missed_dose_list_and_redraws():
    view = pw.explorer()
    c = view.controls
    before = c.plot.value
    c.drug.value = "warfarin"
    assert c.missed.value is None
    assert [v for _, v in c.missed.options][1:] == list(range(1, 15))
    assert "INR (illustrative)" in c.plot.value and c.plot.value != before
    assert "reaches 2.0 after 5.4 days" in c.status.value
    assert c.use_kidney.disabled and c.crcl.disabled
    assert "no dose adjustment" in c.status.value


def test_missing_a_dose_shows_the_dip_and_says_how_deep():
    c = pw.explorer("apixaban").controls
    c.missed.value = 4
    assert "Missing dose 4 (day 2 at 12:00) leaves" in c.status.value
    assert "no missed dose" in c.plot.value and "stroke-dasharray" in c.plot.value
    assert pw.EXPLORER.frame(c.values()).result.curve.schedule.missed_dose == 4


def test_kidney_slider_changes_the_half_life_where_the_sources_give_one():
    c = pw.explorer("dabigatran").controls
    assert not c.crcl.disabled
    c.use_kidney.value = True
    c.crcl.value = 20
    assert "half-life 27.5 h, measured with severe kidney function" in c.status.value
    assert "6.3 times the exposure" in c.status.value
    assert "keeps the full 150 mg only to show the build-up" in c.status.value
    c.use_kidney.value = False
    assert "half-life 14.5 h" in c.status.value


def test_a_value_outside_the_data_gives_an_inline_message_not_a_traceback():
    c = pw.explorer("rivaroxaban").controls
    c.use_kidney.value = True
    good = c.plot.value
    c.crcl.value = 10
    assert c.status.value.startswith('<p class="cn-status" aria-live="polite">⚠ ')
    assert "no half-life below 15 mL/min" in c.status.value and "avoid use" in c.status.value
    assert c.plot.value == good                                    # the last good chart stays
    c.crcl.value = 60
    assert "⚠" not in c.status.value


def test_any_model_error_is_shown_inline(monkeypatch):
    unstored = dataclasses.replace(pw.EXPLORER, name="dosing-unstored")   # computes every change
    c = unstored.live()

    def broken(*_args):
        raise ValueError("crcl_ml_min must be a creatinine clearance; got '<b>'")

    monkeypatch.setattr(pk, "scenario", broken)
    pw._dosing_frame.cache_clear()          # a frame cached by an earlier test would hide it
    c.missed.value = 2
    assert "⚠ crcl_ml_min must be" in c.status.value and "&#x27;&lt;b&gt;&#x27;" in c.status.value


def test_stored_grid_is_current_and_holds_every_setting_as_the_model_gives_it():
    explorer = pw.EXPLORER
    stored = json.loads((resources.files("helpers") / "templates" / "explorers" /
                         "dosing.json").read_text("utf-8"))
    assert stored["fingerprint"] == explorer.fingerprint(), \
        "run `make grids` (python -m helpers.display grids) to recompute the stored grids"
    assert set(stored["solvers"]) == {"numpy"}                # what solved it, kept as a record
    grid = {**stored["data"], "grid": display.decode_grid(stored["data"]["grid_gz"])}
    settings = explorer.settings()
    assert len(settings) == 67 * 2 * 29
    found = []          # at the precision shown (tests/precision.py), not to the last bit
    for values in settings:
        found += frame_differences(display.lookup(grid, values),
                                   explorer.safe_frame(values).data(), str(values))
    assert found == []


@pytest.mark.parametrize("build", [pw.heparin_figure, pw.warfarin_figure, pw.doac_figure])
def test_figures_carry_alt_text_written_from_the_data(build):
    fig, alt = build()
    assert fig.axes and len(alt) > 200
    numbers = re.findall(r"\d+(?:\.\d+)?", alt)
    assert len(numbers) >= 6


def test_heparin_level_sits_in_the_band_only_because_of_the_fixed_half_life():
    low, high = pk.ufh_reference_range()
    assert low <= pk.ufh_steady_level() <= high
    short, long = pk.ufh_steady_level(0.5), pk.ufh_steady_level(2)
    assert short == pytest.approx(0.19, abs=0.005) and short < low
    assert long == pytest.approx(0.74, abs=0.005) and long > high
    with pytest.raises(ValueError, match=r"half-life inside the label's 0\.5–2 h"):
        pk.ufh_model(3)
    _fig, alt = pw.heparin_figure()
    assert "only because the model holds the half-life at 1 h" in alt
    assert "near 0.19 and with 2 h near 0.74 IU/mL" in alt and "as anti-Xa IU/mL" in alt


def test_doac_figure_alt_text_calls_the_curves_model_output_and_gives_the_label_caveats():
    fig, alt = pw.doac_figure()
    assert "teaching model" in alt and "not measured levels" in alt
    assert "keeps the full 150 mg only to show the build-up" in alt
    assert "30 mg once daily instead of 60 mg" in alt
    assert "the kidney study measured 1.44 times the exposure" in alt
    assert fig.get_suptitle() == pw.DOAC_FIGURE_NOTE


def test_warfarin_figure_alt_text_states_the_models_own_numbers():
    _fig, alt = pw.warfarin_figure()
    course = pk.warfarin_course()
    assert f"first reaching 2.0 after {course.first_time_inr_at_least(2.0) / 24:.1f} days" in alt
    assert f"at {course.parenteral_stop_h() / 24:.1f} days marks" in alt


def test_inr_delay_sentence_compares_prothrombin_with_factor_vii():
    delay = pk.inr_delay_by_factor_ii()
    assert delay.first_inr_2_h - delay.fast_ii_first_inr_2_h > 24
    assert repr(delay).startswith("With prothrombin's 60 h half-life the modelled INR first")


def test_describe_reads_a_run_in_words_with_its_notes():
    text = pw.describe("dabigatran", missed=3, crcl_ml_min=20)._repr_markdown_()
    assert text.startswith("Dabigatran: drug in the body peaks at")
    assert "Missing dose 3" in text and "*The kidney study measured 6.3 times" in text


def test_apixaban_at_end_stage_kidney_disease_states_the_eu_and_the_us_position():
    # EU SmPC (EMA): not recommended below 15 mL/min or on dialysis (no clinical experience);
    # US label (FDA): no dose adjustment for DVT/PE, including ESRD on dialysis.
    with pytest.raises(ValueError, match=r"EU SmPC: not recommended below 15 mL/min or on "
                                         r"dialysis.*US label: no dose adjustment"):
        pk.doac_half_life("apixaban", crcl_ml_min=10)

    row = next(r for r in treatment.kidney_table().rows if r[0].lower().startswith("apixaban"))
    assert "EU: not recommended below 15 mL/min or on dialysis" in row[-2]
    assert "US: no dose adjustment" in row[-2]
    assert "#ref-eliquis_smpc_ema" in row[-1] and "#ref-fda_eliquis_labeling" in row[-1]
    record = next(p for p in load("pharmacology.yaml")["drugs"]["apixaban"]["populations"]
                  if p["group"] == "Renal impairment (DVT/PE dosing)")
    assert record["effect"].startswith("EU:") and "US:" in record["effect"]
    assert {"eliquis_smpc_ema", "fda_eliquis_labeling"} <= set(record["sources"])

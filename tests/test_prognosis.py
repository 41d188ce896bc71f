"""Prognosis and prevention (notebook 07): recurrence curves, nerve time windows, cited tables."""

import itertools
import math
import re

import numpy as np
import pytest

from helpers import ischemia, prognosis, references
from helpers._data import load

# Khan 2019 (BMJ 366:l4363): cumulative recurrence after a first unprovoked VTE, as published.
KHAN = {1.0: 10.3, 2.0: 16.0, 5.0: 25.0, 10.0: 36.1}
# Iorio 2010 (Arch Intern Med 170:1710): recurrence in % per patient-year over 24 months.
IORIO = {"Provoked by surgery": 0.7, "Provoked by a non-surgical transient factor": 4.2,
         "All transient risk factors": 3.3, "Unprovoked (same studies, for comparison)": 7.4}


# --- recurrence curves ---------------------------------------------------------------------------

def test_unprovoked_points_are_khan_2019_as_published():
    points = prognosis.unprovoked_points()
    assert {p.years: p.percent for p in points} == KHAN
    assert points[-1].ci95 == (27.8, 45.0)


def test_unprovoked_curve_starts_at_zero_rises_and_passes_through_every_published_point():
    curve = prognosis.unprovoked_curve()
    assert curve.years[0] == 0 and curve.percent[0] == 0
    assert np.all(np.diff(curve.percent) > 0)
    for years, percent in KHAN.items():
        assert curve.at(years) == pytest.approx(percent, abs=1e-9)
        assert np.interp(years, curve.years, curve.percent) == pytest.approx(percent, abs=0.05)
    assert curve.percent[-1] == pytest.approx(36.1)
    assert not curve.extrapolated


def test_between_points_the_hazard_is_constant():
    # Halfway in time between 2 and 5 years, the cumulative hazard is halfway between its values.
    h = {t: -math.log(1 - p / 100) for t, p in KHAN.items()}
    at = prognosis.unprovoked_curve().at(3.5)
    assert -math.log(1 - at / 100) == pytest.approx((h[2.0] + h[5.0]) / 2)
    assert 16.0 < at < 25.0


def test_published_cumulative_figures_are_not_extrapolated():
    with pytest.raises(ValueError, match="from 0 to 10"):
        prognosis.unprovoked_curve(years=12)
    with pytest.raises(ValueError, match="from 0 to 10"):
        prognosis.interpolate_cumulative(prognosis.unprovoked_points(), [5, 10.5])


@pytest.mark.parametrize("group", list(IORIO))
def test_provoked_curves_are_one_minus_exp_of_the_published_rate(group):
    rate = IORIO[group] / 100
    curve = prognosis.provoked_curve(group)
    assert curve.percent[0] == 0 and np.all(np.diff(curve.percent) > 0)
    for t in (0.5, 1, 2, 5):
        assert curve.at(t) == pytest.approx(100 * (1 - math.exp(-rate * t)))
    assert curve.observed_until_years == 2 and curve.extrapolated
    assert "1 − exp(−rt)" in curve.method and "extrapolated" in curve.method


def test_a_constant_rate_is_close_to_the_rate_in_the_first_year():
    assert float(prognosis.cumulative_from_rate(4.2, 1)) == pytest.approx(4.11, abs=0.01)
    assert float(prognosis.cumulative_from_rate(0, 10)) == 0


def test_recurrence_table_bolds_published_figures_and_never_extrapolates_to_ten_years():
    table = prognosis.recurrence_table()
    first = table.rows[0]
    assert first[2:6] == ["**10.3%**", "**16%**", "**25%**", "**36.1%** (95% CI 27.8–45)"]
    for row in table.rows[1:]:
        assert "**" not in "".join(row[2:6])
        assert "if the rate stayed constant" in row[4] and row[5] == "no data"
    assert all(re.search(r"\]\(#ref-\w+\)", row[-1]) for row in table.rows)
    assert prognosis.recurrence_table([1.5]).rows[0][2] == "13.2% (interpolated)"


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "2", True, None, 101])
def test_bad_times_are_named(bad):
    with pytest.raises(ValueError, match="years"):
        prognosis.cumulative_from_rate(3.3, bad)


@pytest.mark.parametrize("bad", [-0.1, 101, "3.3", True, None, math.nan])
def test_bad_rates_are_named(bad):
    with pytest.raises(ValueError, match=r"rate must be a number from 0 to 100 \(% per patient"):
        prognosis.cumulative_from_rate(bad, 2)


def test_unknown_group_lists_the_choices():
    with pytest.raises(ValueError, match=r"group must be one of \['Provoked by surgery'"):
        prognosis.provoked_curve("after a long flight")


@pytest.mark.parametrize(("points", "message"), [
    ([], "at least one published point"),
    ([prognosis.PublishedPoint(0, 5)], "increasing times after 0"),
    ([prognosis.PublishedPoint(2, 5), prognosis.PublishedPoint(1, 8)], "increasing times"),
    ([prognosis.PublishedPoint(1, 8), prognosis.PublishedPoint(2, 5)], "must not fall"),
    ([prognosis.PublishedPoint(1, 100)], "stay in 0–100"),
])
def test_published_points_that_cannot_make_a_curve_are_refused(points, message):
    with pytest.raises(ValueError, match=message):
        prognosis.interpolate_cumulative(points, 0.5)


def test_unverified_rough_estimates_are_never_used():
    assert load("prognosis.yaml")["recurrence_after_stopping"]["rough_five_year_estimates"][
        "unverified"] is True
    assert "vtematters_uk_longterm" not in prognosis.used_sources()
    every_table = "".join(t._repr_markdown_() for t in (
        prognosis.recurrence_table(), prognosis.prevention_table(), prognosis.sox_table(),
        prognosis.pts_incidence_table(), prognosis.nerve_window_table()))
    assert "vtematters" not in every_table and "VTE Matters" not in every_table


# --- nerves against ischaemia time ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "minutes"), [
    ("15–45 minutes", (15, 45)), ("about 70 minutes", (70, 70)), ("4 hours", (240, 240)),
    ("if not treated within around 6 hours", (360, 360)), ("1.5 hours", (90, 90)),
    ("2-3 hours", (120, 180)), ("in this order (times vary with the cuff site)", None),
    ("clinical category, not a time (Rutherford III)", None)])
def test_window_wording_is_read_as_minutes(text, minutes):
    assert prognosis.window_minutes(text) == minutes


def test_a_window_that_is_not_text_is_refused():
    with pytest.raises(ValueError, match="must be text such as '4 hours'"):
        prognosis.window_minutes(240)


def test_every_window_from_both_data_files_is_included_with_its_sources():
    windows = prognosis.nerve_time_windows()
    assert len(windows) == (len(load("ischemia.yaml")["time_windows"])
                            + len(load("prognosis.yaml")["ischemia_time_windows"]))
    timed = sorted(w.minutes for w in windows if w.minutes)
    assert timed == [(15, 45), (240, 240), (240, 360), (360, 360), (480, 480)]
    for w in windows:
        assert w.sources and all(references.get(k) for k in w.sources)


def test_zones_tell_the_four_to_six_hour_clock_without_gaps():
    zones = prognosis.outcome_zones()
    assert [z.outcome for z in zones] == [
        "Usually recovers", "Irreversible damage can begin", "Outcome uncertain",
        "Permanent, by the most lenient estimate"]
    assert zones[0].from_minutes == 0 and zones[-1].to_minutes is None
    for before, after in itertools.pairwise(zones):
        assert before.to_minutes == after.from_minutes
    # The zone in which damage can become irreversible is the course's clock (ischemia.yaml).
    clock = ischemia.clock()
    assert (zones[1].from_minutes, zones[1].to_minutes) == (clock.from_hours * 60,
                                                            clock.to_hours * 60)
    # Every boundary is a published window: Whitesides 1996's 4 and 6 hours (muscle tolerates
    # 4 hours well, by 6 the result is uncertain), and its 8 hours only as the most lenient.
    whitesides = {w.minutes for w in prognosis.nerve_time_windows()
                  if w.minutes and "whitesides1996" in w.sources}
    assert {(240, 240), (240, 360), (480, 480)} <= whitesides
    assert zones[-1].from_minutes == clock.most_lenient_hours * 60 == 480
    assert "most lenient" in zones[-1].outcome
    for zone in zones:
        assert zone.sources and all(references.get(k) for k in zone.sources)


def test_no_zone_calls_damage_permanent_before_the_table_does():
    # Issue 20: the figure shaded "likely permanent from 6 h" while the window table (ischemia.yaml)
    # says the outcome is only "uncertain by 6 hours". A zone that calls damage permanent must
    # start at the most lenient estimate (8 h), never earlier.
    clock = ischemia.clock()
    assert any("uncertain by 6 hours" in w.reversible for w in prognosis.nerve_time_windows())
    for zone in prognosis.outcome_zones():
        if re.search(r"permanent|irreversible after", zone.outcome + " " + zone.basis, re.I):
            assert zone.from_minutes >= clock.most_lenient_hours * 60, zone


@pytest.mark.parametrize(("minutes", "outcome"), [
    (0, "Usually recovers"), (45, "Usually recovers"),
    (239.9, "Usually recovers"), (240, "Irreversible damage can begin"),
    (359, "Irreversible damage can begin"),
    (360, "Outcome uncertain"), (479, "Outcome uncertain"),
    (480, "Permanent, by the most lenient estimate"),
    (10_000, "Permanent, by the most lenient estimate")])
def test_zone_at_reads_the_boundaries(minutes, outcome):
    assert prognosis.zone_at(minutes).outcome == outcome


@pytest.mark.parametrize("bad", [-1, math.nan, "4 hours", None, True])
def test_zone_at_refuses_bad_minutes(bad):
    with pytest.raises(ValueError, match="minutes must be a number of minutes, 0 or more"):
        prognosis.zone_at(bad)


# --- cited tables --------------------------------------------------------------------------------

def _cited(cell: str) -> list[str]:
    return re.findall(r"\]\(#ref-([\w-]+)\)", cell)


@pytest.mark.parametrize("table", ["nerve_window_table", "pts_incidence_table", "sox_table",
                                   "pts_guidance_table", "recurrence_table", "prevention_table"])
def test_every_row_of_every_table_is_cited_with_known_keys(table):
    rows = getattr(prognosis, table)().rows
    assert rows
    for row in rows:
        keys = _cited(row[-1])
        assert keys, row
        assert all(references.get(k) for k in keys)


def test_pts_incidence_shows_the_ranges_and_flags_severe_pts_as_uncertain():
    rows = prognosis.pts_incidence_table().rows
    assert rows[0][1] == "20–50% of patients"
    assert rows[1][1] == "20–40% of patients" and "1-2 years" in rows[1][2]   # Kahn 2009 (ISTH)
    assert rows[2][1] == "5–10% of patients" and "uncertain" in rows[2][2]


def test_sox_table_shows_both_arms_and_no_benefit():
    trial = prognosis.sox_trial()
    assert [(a.patients, a.pts_percent) for a in trial.arms] == [(410, 14.2), (396, 12.7)]
    rows = prognosis.sox_table().rows
    assert rows[-1][1] == "806"
    assert "Hazard ratio 1.13 (95% CI 0.73-1.76)" in rows[-1][2]
    assert "did not prevent PTS" in rows[-1][2]
    assert "Ginsberg" in trial.note


def test_prevention_table_gives_each_effect_as_published():
    rows = {r[0]: r for r in prognosis.prevention_table().rows}
    assert rows["Long-distance travel"][1].startswith("RR 2.0 (95% CI 1.5–2.7)")
    assert rows["Obesity"][1] == "OR 2.33 (95% CI 1.68–3.24)"
    assert rows["Obesity"][2] == "not given in the source"
    assert rows["Smoking"][1].startswith("RR 1.23 (95% CI 1.14–1.33) current smokers")
    assert "A modest effect" in rows["Smoking"][3]
    adherence = rows["Taking anticoagulants as prescribed (adherence)"]
    assert "HR 1.72 (95% CI from 1.64; upper limit not seen)" in adherence[1]
    assert "OR 0.1 (95% CI 0.04–0.25) for symptomless DVT" in rows[
        "Compression stockings on flights (at least 4 h; the trials' flights were all over 5 h)"][1]


def test_effect_text_refuses_unknown_fields_and_effects_without_a_measure():
    with pytest.raises(ValueError, match=r"unknown effect fields \['risk_difference'\]"):
        prognosis.effect_text({"risk_difference": 0.02})
    with pytest.raises(ValueError, match="names no RR, OR or HR"):
        prognosis.effect_text({"note": "large"})


def test_used_sources_cover_every_key_the_tables_cite():
    cited = {k for name in ("nerve_window_table", "pts_incidence_table", "sox_table",
                            "pts_guidance_table", "recurrence_table", "prevention_table")
             for row in getattr(prognosis, name)().rows for k in _cited(row[-1])}
    assert cited == set(prognosis.used_sources())

"""Prognosis and prevention after a clot (notebook 07): nerve time windows, the post-thrombotic
syndrome (PTS), recurrence after stopping anticoagulation, and prevention effect sizes.

Every number comes from data/prognosis.yaml, data/ischemia.yaml or data/nerve_recovery.yaml, each
record with its sources. Two ways of turning published numbers into curves are used, and said:

- Khan 2019 published the *cumulative* recurrence after a first unprovoked clot at 1, 2, 5 and 10
  years. Between those points the curve assumes a constant hazard: the cumulative hazard
  H = −ln(1 − F) is interpolated linearly, so the curve passes through every published point and
  never falls.
- Iorio 2010 published *rates per patient-year* for provoked clots, over the first 2 years after
  stopping. A constant rate r gives a cumulative risk of 1 − exp(−r·t); beyond 2 years this is an
  extrapolation, drawn dashed.

Records marked ``unverified`` in the data (the VTE Matters rough estimates) are never used.
The figures drawn from these models are in :mod:`helpers.prognosis_views`; this module imports
no matplotlib.
"""

from __future__ import annotations

import itertools
import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

DEFAULT_YEARS = 10.0
EXTRAPOLATE_TO_YEARS = 5.0          # how far a provoked curve is drawn past its 2 years of data
SURGERY = "Provoked by surgery"
NON_SURGICAL = "Provoked by a non-surgical transient factor"
ALL_TRANSIENT = "All transient risk factors"


def _data() -> dict[str, Any]:
    return load("prognosis.yaml")


def _years(name: str, value: Any, high: float = 100.0) -> float:
    """``value`` as a finite number of years from 0 to ``high``; ValueError naming it otherwise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number of years from 0 to {high:g}; got {value!r}")
    number = float(value)
    if not (math.isfinite(number) and 0.0 <= number <= high):
        raise ValueError(f"{name} must be a number of years from 0 to {high:g}; got {value!r}")
    return number


def _year_array(years: Any, high: float) -> NDArray[np.float64]:
    """Years as a float array, each checked to be finite and within 0..``high``."""
    message = f"years must be numbers from 0 to {high:g}; got {years!r}"
    if isinstance(years, (str, bytes)) or np.asarray(years).dtype.kind not in "iuf":
        raise ValueError(message)
    array = np.asarray(years, dtype=float)
    if not np.all(np.isfinite(array)) or np.any(array < 0) or np.any(array > high):
        raise ValueError(message)
    return array


def _ratio(value: float) -> str:
    """A ratio as published, with at least one decimal: 2.0, 0.1, 2.33."""
    text = f"{value:g}"
    return text if "." in text else f"{text}.0"


def percent_text(value: float) -> str:
    """A percentage with one decimal (as the papers give them), without a trailing .0."""
    return f"{value:.1f}".removesuffix(".0") + "%"


# --- recurrence after stopping anticoagulation ---------------------------------------------------

@dataclass(frozen=True)
class PublishedPoint:
    """A published cumulative recurrence (%) at a time after stopping, with its 95% CI if given."""

    years: float
    percent: float
    ci95: tuple[float, float] | None = None


@dataclass(frozen=True)
class RecurrenceRate:
    """A published recurrence rate in % per patient-year for one group, over ``observed_years``."""

    group: str
    percent_per_patient_year: float
    observed_years: float
    studies: int | None
    patients: int | None
    sources: tuple[str, ...]


def unprovoked_points() -> tuple[PublishedPoint, ...]:
    """Khan 2019's cumulative recurrence after a first unprovoked clot: 1, 2, 5 and 10 years."""
    return tuple(PublishedPoint(float(p["years"]), float(p["percent"]),
                                tuple(p["ci95"]) if p.get("ci95") else None)
                 for p in _data()["recurrence_after_stopping"]["unprovoked"]["cumulative"])


def _unprovoked_sources() -> tuple[str, ...]:
    return tuple(_data()["recurrence_after_stopping"]["unprovoked"]["sources"])


def provoked_rates() -> tuple[RecurrenceRate, ...]:
    """Iorio 2010's recurrence rates per patient-year over the first 2 years after stopping."""
    record = _data()["recurrence_after_stopping"]["provoked_rates"]
    return tuple(RecurrenceRate(r["group"], float(r["percent_per_patient_year"]), 2.0,
                                r.get("studies"), r.get("patients"), tuple(record["sources"]))
                 for r in record["rates"])


def provoked_rate(group: str) -> RecurrenceRate:
    """The Iorio 2010 rate for ``group``; ValueError naming the group and the choices otherwise."""
    rates = {r.group: r for r in provoked_rates()}
    if group not in rates:
        raise ValueError(f"group must be one of {list(rates)}; got {group!r}")
    return rates[group]


def cumulative_from_rate(percent_per_patient_year: Any, years: Any) -> NDArray[np.float64]:
    """Cumulative risk (%) after ``years`` at a constant rate (% per patient-year): 1 − exp(−rt)."""
    if (isinstance(percent_per_patient_year, (bool, np.bool_))
            or not isinstance(percent_per_patient_year, numbers.Real)
            or not 0.0 <= float(percent_per_patient_year) <= 100.0):
        raise ValueError("the rate must be a number from 0 to 100 (% per patient-year); "
                         f"got {percent_per_patient_year!r}")
    t = _year_array(years, 100.0)
    return 100.0 * -np.expm1(-float(percent_per_patient_year) / 100.0 * t)


def _check_points(points: Sequence[PublishedPoint]) -> None:
    """Published points must rise with time, from above 0 years, and stay below 100%."""
    if not points:
        raise ValueError("at least one published point is needed to draw a curve")
    years = [p.years for p in points]
    percents = [p.percent for p in points]
    if years[0] <= 0 or any(b <= a for a, b in itertools.pairwise(years)):
        raise ValueError(f"published points must be at increasing times after 0; got {years}")
    if percents[0] < 0 or percents[-1] >= 100 or any(
            b < a for a, b in itertools.pairwise(percents)):
        raise ValueError(f"cumulative percentages must not fall and must stay in 0–100; "
                         f"got {percents}")


def interpolate_cumulative(points: Sequence[PublishedPoint], years: Any) -> NDArray[np.float64]:
    """Cumulative % at ``years``, through (0, 0) and every point, with a constant hazard between.

    The cumulative hazard H = −ln(1 − F) is interpolated linearly between the published points, so
    the curve is monotone and exact at each point. ValueError for a time past the last point:
    published cumulative figures are not extrapolated.
    """
    _check_points(points)
    last = points[-1].years
    t = _year_array(years, last)
    knots_t = np.array([0.0, *(p.years for p in points)])
    knots_h = -np.log1p(-np.array([0.0, *(p.percent for p in points)]) / 100.0)
    return 100.0 * -np.expm1(-np.interp(t, knots_t, knots_h))


@dataclass(frozen=True)
class RecurrenceCurve:
    """A cumulative recurrence curve (% against years after stopping) and how it was drawn."""

    group: str
    method: str                       # how the published numbers became a curve, in words
    years: NDArray[np.float64] = field(repr=False)
    percent: NDArray[np.float64] = field(repr=False)
    observed_until_years: float       # beyond this the curve is an extrapolation
    sources: tuple[str, ...]
    points: tuple[PublishedPoint, ...] = ()
    rate_percent_per_year: float | None = None

    def at(self, years: float) -> float:
        """The curve's cumulative % at ``years`` (within the drawn range)."""
        t = _years("years", years, float(self.years[-1]))
        if self.rate_percent_per_year is not None:
            return float(cumulative_from_rate(self.rate_percent_per_year, t))
        return float(interpolate_cumulative(self.points, t))

    @property
    def extrapolated(self) -> bool:
        """True when part of the curve lies beyond the data."""
        return bool(self.years[-1] > self.observed_until_years)


def unprovoked_curve(years: float = DEFAULT_YEARS, steps: int = 201) -> RecurrenceCurve:
    """Khan 2019's cumulative recurrence after a first unprovoked clot, up to ``years`` (≤ 10)."""
    points = unprovoked_points()
    until = _years("years", years, points[-1].years)
    grid = np.linspace(0.0, until, steps)
    return RecurrenceCurve(
        "First unprovoked clot", "published cumulative points, constant hazard between them",
        grid, interpolate_cumulative(points, grid), points[-1].years, _unprovoked_sources(),
        points)


def provoked_curve(group: str, years: float = EXTRAPOLATE_TO_YEARS,
                   steps: int = 201) -> RecurrenceCurve:
    """Iorio 2010's constant rate for ``group`` as 1 − exp(−rt), up to ``years`` (≤ 10)."""
    rate = provoked_rate(group)
    until = _years("years", years, DEFAULT_YEARS)
    grid = np.linspace(0.0, until, steps)
    method = (f"{rate.percent_per_patient_year:g}% per patient-year as 1 − exp(−rt); data cover "
              f"{rate.observed_years:g} years, later years extrapolated")
    return RecurrenceCurve(group, method, grid,
                           cumulative_from_rate(rate.percent_per_patient_year, grid),
                           rate.observed_years, rate.sources,
                           rate_percent_per_year=rate.percent_per_patient_year)


def recurrence_curves() -> tuple[RecurrenceCurve, ...]:
    """The figure's curves: unprovoked (Khan 2019), non-surgical and surgical triggers (Iorio)."""
    return (unprovoked_curve(), provoked_curve(NON_SURGICAL), provoked_curve(SURGERY))


def recurrence_table(at_years: Sequence[float] = (1, 2, 5, 10)) -> MarkdownTable:
    """Cumulative recurrence by group at 1, 2, 5 and 10 years: published, computed or neither."""
    times = [_years("at_years", t, DEFAULT_YEARS) for t in at_years]
    rows = []
    published = {p.years: p for p in unprovoked_points()}
    cells = []
    for t in times:
        p = published.get(t)
        if p is None:
            value = float(interpolate_cumulative(unprovoked_points(), t))
            cells.append(f"{percent_text(value)} (interpolated)" if t else "0%")
        else:
            ci = f" (95% CI {p.ci95[0]:g}–{p.ci95[1]:g})" if p.ci95 else ""
            cells.append(f"**{percent_text(p.percent)}**{ci}")
    rows.append(["First unprovoked clot", "published cumulative figures", *cells,
                 cite(_unprovoked_sources())])
    for rate in provoked_rates():
        cells = []
        for t in times:
            value = percent_text(float(cumulative_from_rate(rate.percent_per_patient_year, t)))
            cells.append(value if t <= rate.observed_years
                         else f"*{value} if the rate stayed constant*"
                         if t <= EXTRAPOLATE_TO_YEARS else "no data")
        rows.append([rate.group, f"{rate.percent_per_patient_year:g}% per patient-year "
                     f"over {rate.observed_years:g} years, as 1 − exp(−rt)", *cells,
                     cite(rate.sources)])
    return MarkdownTable(["Group", "What was published", *(f"{t:g} y" for t in times),
                          "Source"], rows)


# --- nerves against ischaemia time ---------------------------------------------------------------

_WINDOW = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[–-]\s*(\d+(?:\.\d+)?))?\s*(minutes?|hours?)\b")


def window_minutes(text: str) -> tuple[float, float] | None:
    """The time in a window's wording as (from, to) minutes; None when it states no time.

    "15–45 minutes" → (15, 45); "about 70 minutes" → (70, 70); "4 hours" → (240, 240).
    """
    if not isinstance(text, str):
        raise ValueError(f"a time window must be text such as '4 hours'; got {text!r}")
    match = _WINDOW.search(text)
    if match is None:
        return None
    scale = 60.0 if match.group(3).startswith("hour") else 1.0
    low = float(match.group(1)) * scale
    high = float(match.group(2)) * scale if match.group(2) else low
    return (low, high)


@dataclass(frozen=True)
class NerveWindow:
    """One published time window for nerves (or a limb) without blood flow, with its sources."""

    event: str
    window: str
    minutes: tuple[float, float] | None
    setting: str
    reversible: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeZone:
    """A stretch of ischaemia time and the nerve outcome the sources report for it."""

    outcome: str
    from_minutes: float
    to_minutes: float | None
    basis: str
    sources: tuple[str, ...]


def nerve_time_windows() -> tuple[NerveWindow, ...]:
    """Every window: notebook 02's (data/ischemia.yaml), then the prognosis data's."""
    windows = [NerveWindow(r["event"], r["window"], window_minutes(r["window"]), r["setting"],
                           r["reversible"], "", tuple(r["sources"]))
               for r in load("ischemia.yaml")["time_windows"]]
    windows += [NerveWindow(r["event"], r["window"], window_minutes(r["window"]),
                            r.get("setting", ""), "", r.get("note", ""), tuple(r["sources"]))
                for r in _data()["ischemia_time_windows"]]
    return tuple(windows)


def outcome_zones() -> tuple[OutcomeZone, ...]:
    """Usually recovers (to 4 h), damage can begin (4–6 h), uncertain (6–8 h), then permanent."""
    return tuple(OutcomeZone(z["outcome"], float(z["from_minutes"]),
                             None if z["to_minutes"] is None else float(z["to_minutes"]),
                             z["basis"], tuple(z["sources"]))
                 for z in load("nerve_recovery.yaml")["zones"])


def zone_at(minutes: Any) -> OutcomeZone:
    """The outcome zone for ``minutes`` of ischaemia; ValueError for a negative or odd value."""
    if isinstance(minutes, (bool, np.bool_)) or not isinstance(minutes, numbers.Real) or not (
            math.isfinite(float(minutes)) and float(minutes) >= 0):
        raise ValueError(f"minutes must be a number of minutes, 0 or more; got {minutes!r}")
    for zone in outcome_zones():
        if zone.from_minutes <= minutes and (zone.to_minutes is None or minutes < zone.to_minutes):
            return zone
    raise RuntimeError(f"no zone holds {minutes} minutes")   # pragma: no cover - data tested


def nerve_window_table() -> MarkdownTable:
    """Every time window with its setting (and whether it reversed), each row cited."""
    rows = []
    for w in nerve_time_windows():
        details = [w.setting] if w.setting else []
        details += [f"Reversible: {w.reversible}"] if w.reversible else []
        details += [w.note] if w.note else []
        rows.append([w.event, w.window, ". ".join(d.rstrip(".") for d in details) or "—",
                     cite(w.sources)])
    return MarkdownTable(["What happens", "When", "Setting and notes", "Sources"], rows)


# --- the post-thrombotic syndrome --------------------------------------------------------------

def pts_incidence_table() -> MarkdownTable:
    """How often PTS, and severe PTS, follow a DVT, each row cited."""
    rows = []
    for r in _data()["post_thrombotic_syndrome"]["incidence"]:
        low, high = r["range"]
        note = r.get("when") or ""
        if r.get("note"):
            note = (note + ". " if note else "") + r["note"]
        rows.append([r["what"], f"{low:g}–{high:g}{r['unit']}", note or "—",
                     cite(r["sources"])])
    return MarkdownTable(["What", "How often", "When, and how sure", "Sources"], rows)


@dataclass(frozen=True)
class SoxArm:
    """One arm of the SOX trial: stockings worn, patients, and cumulative PTS (%)."""

    arm: str
    patients: int
    pts_percent: float


@dataclass(frozen=True)
class SoxTrial:
    """The SOX trial (Kahn 2014): active against placebo stockings for 2 years after a DVT."""

    question: str
    design: str
    arms: tuple[SoxArm, ...]
    effect: str
    conclusion: str
    note: str
    sources: tuple[str, ...]


def sox_trial() -> SoxTrial:
    """The SOX trial's design, arms, effect and conclusion from the data."""
    r = _data()["post_thrombotic_syndrome"]["sox_trial"]
    arms = tuple(SoxArm(a["arm"], int(a["n"]), float(a["pts_cumulative_incidence_percent"]))
                 for a in r["arms"])
    return SoxTrial(r["question"], r["design"], arms, r["effect"], r["conclusion"], r["note"],
                    tuple(r["sources"]))


def sox_table() -> MarkdownTable:
    """SOX arm by arm, then the comparison and what it means, each row cited."""
    t = sox_trial()
    source = cite(t.sources)
    rows = [[a.arm, f"{a.patients}", percent_text(a.pts_percent), source] for a in t.arms]
    rows.append(["Active against placebo", f"{sum(a.patients for a in t.arms)}",
                 f"{t.effect}. {t.conclusion}", source])
    return MarkdownTable(["Stockings", "Patients", "Post-thrombotic syndrome (cumulative)",
                          "Source"], rows)


def pts_guidance_table() -> MarkdownTable:
    """What guidance says about stockings and exercise after a DVT, each point cited."""
    g = _data()["post_thrombotic_syndrome"]["guidance"]
    return MarkdownTable(["Guidance", "Source"], [[p, cite(g["sources"])] for p in g["points"]])


# --- prevention ----------------------------------------------------------------------------------

_MEASURES = {"relative_risk": "RR", "odds_ratio": "OR", "hazard_ratio": "HR"}
_SMOKERS = ("current", "ever", "former")
_EFFECT_KEYS = {*_MEASURES, "ci95", "ci95_lower", "note", "outcome", "participants", "trials",
                *(f"relative_risk_{w}" for w in _SMOKERS), *(f"ci95_{w}" for w in _SMOKERS)}


def effect_text(effect: Mapping[str, Any]) -> str:
    """A published effect as text, such as "RR 2 (95% CI 1.5–2.7)"; unknown fields are errors."""
    unknown = set(effect) - _EFFECT_KEYS
    if unknown:
        raise ValueError(f"unknown effect fields {sorted(unknown)}; known: {sorted(_EFFECT_KEYS)}")
    parts = []
    for key, abbr in _MEASURES.items():
        if key in effect:
            if effect.get("ci95"):
                ci = f" (95% CI {_ratio(effect['ci95'][0])}–{_ratio(effect['ci95'][1])})"
            elif effect.get("ci95_lower"):
                ci = f" (95% CI from {_ratio(effect['ci95_lower'])}; upper limit not seen)"
            else:
                ci = ""
            parts.append(f"{abbr} {_ratio(effect[key])}{ci}")
    for who in _SMOKERS:
        if f"relative_risk_{who}" in effect:
            low, high = effect[f"ci95_{who}"]
            parts.append(f"RR {_ratio(effect[f'relative_risk_{who}'])} (95% CI {_ratio(low)}–"
                         f"{_ratio(high)}) "
                         f"{who} smokers")
    if not parts:
        raise ValueError(f"the effect names no RR, OR or HR: {dict(effect)!r}")
    text = "; ".join(parts)
    if effect.get("outcome"):
        text += f" for {effect['outcome']}"
    if effect.get("participants"):
        text += f" ({effect['participants']} participants in {effect['trials']} trials)"
    if effect.get("note"):
        text += f"; {effect['note']}"
    return text


def prevention_table() -> MarkdownTable:
    """Each prevention topic with its published effect, absolute or dose terms, and sources."""
    rows = []
    for r in _data()["prevention"]:
        scale = [x for x in (r.get("dose_response"), r.get("absolute")) if x]
        practice = [x for x in (r.get("note"), r.get("advice")) if x]
        rows.append([r["factor"], effect_text(r["effect"]),
                     "; ".join(s.rstrip(".") for s in scale) or "not given in the source",
                     " ".join(" ".join(p.split()) for p in practice), cite(r["sources"])])
    return MarkdownTable(["Topic", "Published effect", "Absolute or per-dose terms",
                          "What it means and caveats", "Sources"], rows)


def used_sources() -> tuple[str, ...]:
    """Every reference the tables and figures of this module cite, in first-use order."""
    keys: list[str] = []
    keys += [k for w in nerve_time_windows() for k in w.sources]
    keys += [k for z in outcome_zones() for k in z.sources]
    keys += [k for r in _data()["post_thrombotic_syndrome"]["incidence"] for k in r["sources"]]
    keys += [*sox_trial().sources, *_data()["post_thrombotic_syndrome"]["guidance"]["sources"]]
    keys += [*_unprovoked_sources(), *provoked_rates()[0].sources]
    keys += [k for r in _data()["prevention"] for k in r["sources"]]
    return tuple(dict.fromkeys(keys))

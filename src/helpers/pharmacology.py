"""Compartment models of the anticoagulants in notebook 06: heparin by drip and by injection,
warfarin and the slow INR, and the direct oral anticoagulants (DOACs).

- One compartment, first-order elimination, solved analytically by superposition: an intravenous
  bolus, a constant-rate infusion, or an oral or subcutaneous dose absorbed at first order.
- Warfarin lowers the synthesis of the vitamin K-dependent factors (an Emax model on its
  concentration, Holford 1986); each factor then falls with its own half-life (a turnover model).
  The INR drawn from the factors is ILLUSTRATIVE (see data/pharmacokinetic_models.yaml).
- Parameters are the published ones in data/pharmacology.yaml; which point a model takes from a
  range, the few values added, and the course's choices are in data/pharmacokinetic_models.yaml.
- Units are in the names: ``_h`` hours, ``_mg`` milligrams, ``_ml_min`` mL/min (creatinine
  clearance, CrCl), ``_iu_per_ml`` anti-Xa international units per mL.
- Plain Python and numpy only: the two numerical steps (the absorption rate that puts a peak at
  its published time, and the factor turnover) are short exact loops, so a notebook that runs
  these models never waits for scipy to import (about 0.8 s in a kernel).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from typing import Any

import numpy as np

from helpers import checks
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

DRUGS = ("ufh", "enoxaparin", "warfarin", "rivaroxaban", "apixaban", "edoxaban", "dabigatran")
DOACS = ("rivaroxaban", "apixaban", "edoxaban", "dabigatran")
KIDNEY_DRUGS = ("enoxaparin", *DOACS)       # drugs whose sources give a kidney adjustment
CRCL_RANGE_ML_MIN = (1.0, 250.0)             # anything outside is not a creatinine clearance
AGE_RANGE_Y = (18.0, 110.0)                  # the models are for adults
STEP_H = 0.25                                # time grid of every curve
INR_RANGE = (2.0, 3.0)


def _data() -> dict[str, Any]:
    return load("pharmacology.yaml")


def _settings() -> dict[str, Any]:
    return load("pharmacokinetic_models.yaml")


# --- checking inputs -----------------------------------------------------------------------------


def _drug(drug: Any, allowed: Sequence[str] = DRUGS) -> str:
    if drug not in allowed:
        raise ValueError(f"drug must be one of {list(allowed)}; got {drug!r}")
    return str(drug)


def check_crcl(crcl_ml_min: Any) -> float:
    """Creatinine clearance as a float; ValueError unless a number from 1 to 250 mL/min."""
    low, high = CRCL_RANGE_ML_MIN
    return checks.number("crcl_ml_min", crcl_ml_min, low, high,
                   f"a creatinine clearance in mL/min from {low:g} to {high:g}")


def check_age(age_years: Any) -> float:
    """Age as a float; ValueError unless a number of years from 18 to 110 (adults)."""
    low, high = AGE_RANGE_Y
    return checks.number("age_years", age_years, low, high,
                   f"an adult age in years from {low:g} to {high:g}")


def _value(record: dict[str, Any]) -> float:
    """A published point value, or the middle of a published range."""
    if "value" in record:
        return float(record["value"])
    low, high = record["range"]
    return (float(low) + float(high)) / 2


def _pick(record: dict[str, Any], pick: str) -> float:
    """The low end, middle or high end of a published range (a point value is returned as is)."""
    if "value" in record:
        return float(record["value"])
    low, high = (float(x) for x in record["range"])
    return {"low": low, "middle": (low + high) / 2, "high": high}[pick]


def parameter(drug: str, name: str) -> dict[str, Any]:
    """The published record of parameter ``name`` of ``drug`` in data/pharmacology.yaml."""
    drug = _drug(drug)
    for record in _data()["drugs"][drug].get("parameters", []):
        if record["name"] == name:
            return record
    raise ValueError(f"pharmacology.yaml has no parameter {name!r} for {drug}")


# --- the one-compartment model -------------------------------------------------------------------

@dataclass(frozen=True)
class OneCompartment:
    """A one-compartment model: elimination half-life, absorption and how amount becomes output."""

    drug: str
    route: str                    # "intravenous" | "subcutaneous" | "oral"
    half_life_h: float
    tmax_h: float | None          # time to peak after one dose (None for intravenous)
    bioavailability: float        # fraction of an oral or subcutaneous dose absorbed
    dose_unit: str                # "U/kg" | "mg/kg" | "mg"
    output: str                   # what the curve shows, e.g. "anti-Xa activity"
    output_unit: str              # e.g. "IU/mL"
    per_amount: float             # output = amount in the body (dose units) x per_amount
    basis: str                    # where the half-life comes from, in words
    sources: tuple[str, ...]

    @property
    def ke_per_h(self) -> float:
        """Elimination rate constant (1/h): ln 2 / half-life."""
        return math.log(2) / self.half_life_h

    @property
    def ka_per_h(self) -> float | None:
        """Absorption rate constant (1/h) that puts the single-dose peak at ``tmax_h``."""
        return None if self.tmax_h is None else absorption_rate(self.tmax_h, self.half_life_h)


@cache
def absorption_rate(tmax_h: float, half_life_h: float) -> float:
    """The absorption rate constant ka (1/h) giving a single-dose peak at ``tmax_h`` hours.

    The peak time ln(ka/ke)/(ka - ke) falls steadily as ka rises, so halving the bracket (on a
    log scale) until it is 1e-14 wide, relatively, finds the one ka that fits."""
    ke = math.log(2) / half_life_h
    if not 0 < tmax_h < 1 / ke:
        raise ValueError(f"tmax_h must be between 0 and {1 / ke:.1f} h for a half-life of "
                         f"{half_life_h:g} h; got {tmax_h!r}")
    low, high = ke * (1 + 1e-9), 1e3
    while high - low > 1e-14 * high:
        middle = math.sqrt(low * high)
        if middle in (low, high):
            break
        if math.log(middle / ke) / (middle - ke) > tmax_h:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True)
class Infusion:
    """A constant-rate infusion from ``start_h`` to ``end_h`` (rate in dose units per hour)."""

    start_h: float
    end_h: float
    rate_per_h: float


@dataclass(frozen=True)
class Schedule:
    """Doses (time in h, amount in ``unit``) and infusions; ``missed`` names what was left out."""

    unit: str
    dose_times_h: tuple[float, ...] = ()
    dose_amounts: tuple[float, ...] = ()
    infusions: tuple[Infusion, ...] = ()
    planned_doses: int = 0
    missed_dose: int | None = None        # number of the dose left out (1 = the first)
    missed_time_h: float | None = None    # when the missed dose (or the infusion pause) began
    missed_note: str = ""

    def describe(self) -> str:
        """The schedule in a few words, for captions and alt text."""
        if self.missed_dose is not None:
            return f"dose {self.missed_dose} of {self.planned_doses} missed at hour " \
                   f"{self.missed_time_h:g}"
        return self.missed_note or "every dose taken"


def repeated_doses(amount: Any, interval_h: Any, n_doses: Any, unit: str = "mg",
                   missed_dose: Any = None) -> Schedule:
    """``n_doses`` equal doses every ``interval_h`` hours from hour 0, optionally one missed."""
    amount = checks.number("dose", amount, 0.0, 1e6, "a dose of 0 or more")
    interval = checks.number("interval_h", interval_h, 0.5, 24.0 * 14,
                       "an interval from 0.5 h to 14 days")
    if isinstance(n_doses, bool) or not isinstance(n_doses, numbers.Integral) or \
            not 1 <= n_doses <= 1000:
        raise ValueError(f"n_doses must be a whole number from 1 to 1000; got {n_doses!r}")
    times = tuple(i * interval for i in range(int(n_doses)))
    return _with_missed(unit, times, (amount,) * len(times), missed_dose)


def _with_missed(unit: str, times: Sequence[float], amounts: Sequence[float],
                 missed_dose: Any) -> Schedule:
    """A schedule from planned doses, with dose number ``missed_dose`` (1-based) left out."""
    for a in amounts:
        checks.number("dose", a, 0.0, 1e6, "a dose of 0 or more")
    n = len(times)
    if missed_dose is None:
        return Schedule(unit, tuple(times), tuple(amounts), planned_doses=n)
    if isinstance(missed_dose, bool) or not isinstance(missed_dose, numbers.Integral) or \
            not 1 <= missed_dose <= n:
        raise ValueError(f"missed_dose must be a dose number from 1 to {n} (the doses "
                         f"planned in this schedule), or None; got {missed_dose!r}")
    i = int(missed_dose) - 1
    return Schedule(unit, tuple(times[:i]) + tuple(times[i + 1:]),
                    tuple(amounts[:i]) + tuple(amounts[i + 1:]), planned_doses=n,
                    missed_dose=int(missed_dose), missed_time_h=float(times[i]))


@dataclass(frozen=True)
class ConcentrationCurve:
    """A solved curve: ``value`` (in ``model.output_unit``) at each time in hours."""

    model: OneCompartment
    schedule: Schedule
    time_h: np.ndarray
    value: np.ndarray

    def at(self, time_h: float) -> float:
        """The value at ``time_h`` (linear interpolation on the grid)."""
        return float(np.interp(time_h, self.time_h, self.value))

    def trough_before(self, time_h: float) -> float:
        """The lowest value in the 6 hours before ``time_h`` (the trough before a dose there)."""
        window = (self.time_h >= time_h - 6.0) & (self.time_h <= time_h + 1e-9)
        return float(self.value[window].min())

    @property
    def peak(self) -> float:
        """The highest value on the curve."""
        return float(self.value.max())


def time_grid(hours: Any, step_h: float = STEP_H) -> np.ndarray:
    """Times from 0 to ``hours`` (inclusive) every ``step_h`` hours."""
    hours = checks.number("hours", hours, 1.0, 24.0 * 60, "a simulated time from 1 h to 60 days")
    return np.linspace(0.0, hours, round(hours / step_h) + 1)


def amount_in_body(model: OneCompartment, schedule: Schedule, time_h: np.ndarray) -> np.ndarray:
    """Amount in the body (dose units) at ``time_h``: each dose's and infusion's share, summed."""
    ke = model.ke_per_h
    t = np.asarray(time_h, dtype=float)
    total = np.zeros_like(t)
    if schedule.dose_times_h:
        dt = t[None, :] - np.asarray(schedule.dose_times_h)[:, None]
        after = dt >= 0
        dt = np.where(after, dt, 0.0)
        doses = np.asarray(schedule.dose_amounts)[:, None]
        if model.ka_per_h is None:
            shares = doses * np.exp(-ke * dt)
        else:
            ka = model.ka_per_h
            shares = model.bioavailability * doses * ka / (ka - ke) * \
                (np.exp(-ke * dt) - np.exp(-ka * dt))
        total += np.where(after, shares, 0.0).sum(axis=0)
    for inf in schedule.infusions:
        running = np.clip(t - inf.start_h, 0.0, inf.end_h - inf.start_h)
        since_end = np.clip(t - inf.end_h, 0.0, None)
        total += inf.rate_per_h / ke * (1 - np.exp(-ke * running)) * np.exp(-ke * since_end)
    return total


def simulate(model: OneCompartment, schedule: Schedule, hours: Any) -> ConcentrationCurve:
    """Solve ``model`` for ``schedule`` over ``hours`` (analytic superposition, no ODE solver)."""
    if schedule.unit != model.dose_unit:
        raise ValueError(f"the schedule is in {schedule.unit} but the {model.drug} model "
                         f"takes doses in {model.dose_unit}")
    t = time_grid(hours)
    return ConcentrationCurve(model, schedule, t, amount_in_body(model, schedule, t)
                              * model.per_amount)


def steady_state_trough(model: OneCompartment, dose: float, interval_h: float) -> float:
    """The trough (output units) at steady state on ``dose`` every ``interval_h`` hours."""
    ke, tau = model.ke_per_h, interval_h
    if model.ka_per_h is None:
        amount = dose * math.exp(-ke * tau) / (1 - math.exp(-ke * tau))
    else:
        ka = model.ka_per_h
        amount = model.bioavailability * dose * ka / (ka - ke) * (
            math.exp(-ke * tau) / (1 - math.exp(-ke * tau))
            - math.exp(-ka * tau) / (1 - math.exp(-ka * tau)))
    return amount * model.per_amount


# --- heparins ------------------------------------------------------------------------------------

def ufh_half_life_range_h() -> tuple[float, float]:
    """The label's dose-dependent plasma half-life of heparin (h): low and high end."""
    low, high = parameter("ufh", "half_life")["range"]
    return float(low), float(high)


def ufh_model(half_life_h: Any = None) -> OneCompartment:
    """Unfractionated heparin given intravenously: heparin level (IU/mL) per U/kg in the body.

    The half-life is the course's fixed choice unless ``half_life_h`` (within the label's 0.5–2 h)
    is given. Units per mL are read as anti-Xa IU/mL (see data/pharmacokinetic_models.yaml)."""
    volume = _value(parameter("ufh", "volume_of_distribution"))         # L/kg
    low, high = ufh_half_life_range_h()
    if half_life_h is None:
        half_life = float(_settings()["ufh"]["half_life_h"]["value"])
        basis = (f"{half_life:g} h, held fixed inside the label's dose-dependent "
                 f"{low:g}–{high:g} h (a course choice)")
    else:
        half_life = checks.number("half_life_h", half_life_h, low, high,
                            f"a half-life inside the label's {low:g}–{high:g} h")
        basis = f"{half_life:g} h, from the label's dose-dependent {low:g}–{high:g} h"
    return OneCompartment("ufh", "intravenous", half_life, None, 1.0, "U/kg", "heparin level",
                          "IU/mL", 1 / (volume * 1000), basis, ("heparin_label",))


def ufh_steady_level(half_life_h: Any = None) -> float:
    """The drip's level (IU/mL, read as anti-Xa) after the default 48 hours, for a half-life."""
    hours = _settings()["ufh"]["hours"]
    return simulate(ufh_model(half_life_h), ufh_schedule(), hours).at(hours)


def ufh_reference_range() -> tuple[float, float]:
    """One laboratory's anti-Xa target for heparin in DVT and PE (IU/mL), for comparison only."""
    rr = _settings()["ufh"]["reference_range"]
    return float(rr["low"]), float(rr["high"])


def ufh_schedule(hours: Any = None, pause_start_h: Any = None) -> Schedule:
    """Raschke's weight-based regimen (80 U/kg bolus, 18 U/kg/h); optionally a 2-hour pause."""
    s = _settings()["ufh"]
    hours = checks.number("hours", s["hours"] if hours is None else hours, 1.0, 24.0 * 14,
                    "a duration from 1 h to 14 days")
    regimen = _data()["drugs"]["ufh"]["regimens"][0]
    bolus, rate = float(regimen["bolus"]), float(regimen["infusion"])
    if pause_start_h is None:
        return Schedule("U/kg", (0.0,), (bolus,), (Infusion(0.0, hours, rate),), planned_doses=1)
    pause = float(s["pause_h"]["value"])
    start = checks.number("pause_start_h", pause_start_h, 0.0, hours - pause,
                    f"an hour from 0 to {hours - pause:g} (the drip stops for {pause:g} h)")
    return Schedule("U/kg", (0.0,), (bolus,),
                    (Infusion(0.0, start, rate), Infusion(start + pause, hours, rate)),
                    planned_doses=1, missed_time_h=start,
                    missed_note=f"infusion stopped for {pause:g} h from hour {start:g}")


def enoxaparin_model(crcl_ml_min: Any = None) -> OneCompartment:
    """Enoxaparin under the skin: anti-Xa activity (IU/mL); CrCl 15–29 lengthens the half-life."""
    s = _settings()["enoxaparin"]
    half_life = _pick(parameter("enoxaparin", "half_life"), s["half_life_h"]["pick"])
    tmax = _pick(parameter("enoxaparin", "tmax"), s["tmax_h"]["pick"])
    bio = _value(parameter("enoxaparin", "bioavailability")) / 100
    basis = f"{half_life:g} h, the SmPC's single-dose value"
    if crcl_ml_min is not None:
        crcl = check_crcl(crcl_ml_min)
        kidney = s["kidney"]
        if crcl < kidney["not_below"]:
            raise ValueError(f"CrCl {crcl:g} mL/min: {kidney['not_below_note']}")
        band = next(b for b in kidney["bands"] if b["low"] <= crcl
                    and (b["high"] is None or crcl < b["high"]))
        half_life *= float(band["auc_ratio"])
        if band["auc_ratio"] != 1.0:
            basis = (f"{half_life:.1f} h: the SmPC's {band['auc_ratio']:g}-fold exposure at "
                     f"{band['band']} mL/min, read as a longer half-life")
    cal = s["calibration"]
    ka = absorption_rate(tmax, _pick(parameter("enoxaparin", "half_life"),
                                     s["half_life_h"]["pick"]))
    ke0 = math.log(2) / _pick(parameter("enoxaparin", "half_life"), s["half_life_h"]["pick"])
    t_peak = math.log(ka / ke0) / (ka - ke0)
    unit_peak = bio * ka / (ka - ke0) * (math.exp(-ke0 * t_peak) - math.exp(-ka * t_peak))
    per_amount = cal["peak_iu_per_ml"] / (cal["dose_mg_per_kg"] * unit_peak)
    return OneCompartment("enoxaparin", "subcutaneous", half_life, tmax, bio, "mg/kg",
                          "anti-Xa activity", "IU/mL", per_amount, basis, ("clexane_smpc",))


def enoxaparin_schedule(days: Any = None, missed_dose: Any = None,
                        regimen: str = "twice_daily") -> Schedule:
    """The cited enoxaparin regimen (1 mg/kg every 12 h, or 1.5 mg/kg daily) for ``days`` days."""
    days = checks.number("days", _settings()["enoxaparin"]["days"] if days is None else days, 1, 60,
                   "a number of days from 1 to 60")
    found = {r["name"]: r for r in _data()["drugs"]["enoxaparin"]["regimens"]}
    if regimen not in found:
        raise ValueError(f"regimen must be one of {list(found)}; got {regimen!r}")
    r = found[regimen]
    interval = float(r["interval_h"])
    n = round(days * 24 / interval)
    return _with_missed("mg/kg", [i * interval for i in range(n)], [float(r["dose"])] * n,
                        missed_dose)


# --- warfarin ------------------------------------------------------------------------------------

def warfarin_model() -> OneCompartment:
    """Warfarin by mouth: plasma concentration (mg/L) in a 70 kg adult (Holford 1986)."""
    s = _settings()["warfarin"]
    weight = float(s["weight_kg"]["value"])
    volume = _value(parameter("warfarin", "volume_of_distribution")) * weight / 70
    clearance = _value(parameter("warfarin", "clearance")) * weight / 70
    half_life = math.log(2) * volume / clearance
    tmax = _pick(parameter("warfarin", "tmax"), s["tmax_h"]["pick"])
    return OneCompartment("warfarin", "oral", half_life, tmax, 1.0, "mg", "warfarin concentration",
                          "mg/L", 1 / volume,
                          f"{half_life:.1f} h, from volume {volume:g} L and clearance "
                          f"{clearance:g} L/h", ("holford1986",))


def factor_half_lives_h() -> dict[str, float]:
    """Half-life (h) of each vitamin K-dependent clotting factor the model follows."""
    pick = _settings()["warfarin"]["factor_half_life"]["pick"]
    wanted = _settings()["warfarin"]["factors"]
    return {f["factor"]: _pick(f, pick) for f in _data()["drugs"]["warfarin"]["factor_half_lives"]
            if f["factor"] in wanted}


def inr_exponent() -> float:
    """The exponent k of the illustrative INR = A^(-k), from its one calibration point."""
    s = _settings()["warfarin"]["inr"]
    return math.log(s["calibration_inr"]) / math.log(1 / s["calibration_activity"])


def inr_from_activity(activity: Any) -> np.ndarray:
    """ILLUSTRATIVE INR from the mean activity (fraction of normal) of factors II, VII and X."""
    a = np.asarray(activity, dtype=float)
    if a.size == 0 or not np.all(np.isfinite(a)) or np.any(a <= 0) or np.any(a > 1.0 + 1e-9):
        raise ValueError("activity must be fractions of normal, above 0 and at most 1; got "
                         f"{activity!r}")
    return a ** -inr_exponent()


@dataclass(frozen=True)
class WarfarinCourse:
    """Warfarin concentration, factor activities and the illustrative INR over time."""

    schedule: Schedule
    time_h: np.ndarray
    concentration_mg_per_l: np.ndarray
    synthesis: np.ndarray                 # fraction of normal factor synthesis
    factors: dict[str, np.ndarray] = field(default_factory=dict)   # fraction of normal
    inr: np.ndarray = field(default_factory=lambda: np.zeros(0))
    half_lives_h: dict[str, float] = field(default_factory=dict)

    def first_time_inr_at_least(self, inr: float) -> float | None:
        """The first hour the INR reaches ``inr``, or None if it never does."""
        above = np.nonzero(self.inr >= inr)[0]
        return float(self.time_h[above[0]]) if above.size else None

    def parenteral_stop_h(self) -> float | None:
        """When the overlapping injection may stop: at least day 5, and INR ≥ 2 for 24 h."""
        rule = _data()["drugs"]["warfarin"]["overlap"]
        need = float(rule["inr_hours"])
        earliest = float(rule["minimum_days"]) * 24
        step = float(self.time_h[1] - self.time_h[0])
        run, before = 0.0, False          # hours the INR has stayed at or above the threshold
        for t, ok in zip(self.time_h, self.inr >= float(rule["inr_threshold"]), strict=True):
            run = run + step if ok and before else 0.0
            before = bool(ok)
            if ok and run >= need - 1e-9 and t >= earliest:
                return float(t)
        return None

    def activity_at(self, factor: str, time_h: float) -> float:
        """Activity (fraction of normal) of ``factor`` at ``time_h``."""
        return float(np.interp(time_h, self.time_h, self.factors[factor]))

    def inr_at(self, time_h: float) -> float:
        """The illustrative INR at ``time_h``."""
        return float(np.interp(time_h, self.time_h, self.inr))


def warfarin_schedule(days: Any = None, daily_dose_mg: Any = None, missed_dose: Any = None,
                      n_doses: Any = None) -> Schedule:
    """A fixed daily warfarin dose (default 5 mg) each day (or ``n_doses`` days), one missable."""
    s = _settings()["warfarin"]
    days = checks.number("days", s["days"] if days is None else days, 1, 60,
                   "a number of days from 1 to 60")
    dose = s["daily_dose_mg"]["value"] if daily_dose_mg is None else daily_dose_mg
    dose = checks.number("daily_dose_mg", dose, 0.0, 20.0, "a daily dose from 0 to 20 mg")
    n = int(days)
    if n_doses is not None:
        n = int(checks.number("n_doses", n_doses, 1, n, f"a number of doses from 1 to {n}"))
    return _with_missed("mg", [24.0 * i for i in range(n)], [dose] * n, missed_dose)


def warfarin_course(days: Any = None, daily_dose_mg: Any = None, missed_dose: Any = None,
                    half_lives_h: dict[str, float] | None = None,
                    n_doses: Any = None) -> WarfarinCourse:
    """Solve warfarin PK, factor turnover and the illustrative INR (``half_lives_h`` overrides)."""
    schedule = warfarin_schedule(days, daily_dose_mg, missed_dose, n_doses)
    hours = 24.0 * float(_settings()["warfarin"]["days"] if days is None else days)
    model = warfarin_model()
    curve = simulate(model, schedule, hours)
    ec50 = _value(parameter("warfarin", "ec50_prothrombin_complex_synthesis"))
    synthesis = ec50 / (ec50 + curve.value)
    lives = factor_half_lives_h()
    for name, value in (half_lives_h or {}).items():
        if name not in lives:
            raise ValueError(f"unknown factor {name!r}; the model follows {list(lives)}")
        lives[name] = checks.number(f"half-life of {name}", value, 0.1, 1000.0,
                              "a half-life from 0.1 to 1000 h")
    step = float(curve.time_h[1] - curve.time_h[0])
    # Exact for synthesis constant over each step (taken at the step's middle): the recursion
    # F[n+1] = a F[n] + (1 - a) S[n+1/2], from F[0] = 1 (a few thousand steps: a plain loop).
    middle = ((synthesis[1:] + synthesis[:-1]) / 2).tolist()
    factors = {}
    for name, half_life in lives.items():
        a = math.exp(-math.log(2) / half_life * step)
        factors[name] = np.fromiter(
            accumulate(middle, lambda f, s, a=a: a * f + (1 - a) * s, initial=1.0),
            float, len(middle) + 1)
    pt_factors = _settings()["warfarin"]["inr"]["factors"]
    mean = np.exp(np.mean([np.log(factors[f]) for f in pt_factors], axis=0))
    return WarfarinCourse(schedule, curve.time_h, curve.value, synthesis, factors,
                          inr_from_activity(np.clip(mean, 1e-9, 1.0)), lives)


@dataclass(frozen=True)
class InrDelay:
    """When the INR first reaches 2.0, and when it would with factor VII's half-life for II."""

    first_inr_2_h: float
    fast_ii_first_inr_2_h: float
    ii_half_life_h: float
    vii_half_life_h: float

    def sentence(self) -> str:
        """The comparison in one sentence."""
        return (f"With prothrombin's {self.ii_half_life_h:g} h half-life the modelled INR first "
                f"reaches 2.0 after {self.first_inr_2_h / 24:.1f} days; if prothrombin had factor "
                f"VII's half-life ({self.vii_half_life_h:g} h) it would after "
                f"{self.fast_ii_first_inr_2_h / 24:.1f} days, "
                f"{(self.first_inr_2_h - self.fast_ii_first_inr_2_h) / 24:.1f} days sooner.")

    def _repr_markdown_(self) -> str:
        return self.sentence()

    def __repr__(self) -> str:
        return self.sentence()


def inr_delay_by_factor_ii() -> InrDelay:
    """How much of the INR's delay factor II's long half-life explains, in the model."""
    course = warfarin_course()
    vii = course.half_lives_h["VII"]
    fast = warfarin_course(half_lives_h={"II (prothrombin)": vii})
    first, fast_first = course.first_time_inr_at_least(2.0), fast.first_time_inr_at_least(2.0)
    if first is None or fast_first is None:
        raise RuntimeError("the default warfarin course should reach INR 2.0")
    return InrDelay(first, fast_first, course.half_lives_h["II (prothrombin)"], vii)


# --- the models against published numbers ---------------------------------------------------------

@dataclass(frozen=True)
class ModelCheck:
    """One number the model gives beside the published number it should match (or not)."""

    what: str
    model: float
    published: float | tuple[float, float]
    unit: str
    sources: tuple[str, ...]
    verdict: str

    def published_text(self) -> str:
        """The published value or range as text."""
        if isinstance(self.published, tuple):
            return f"{self.published[0]:g}–{self.published[1]:g}"
        return f"{self.published:g}"


def _verdict(model: float, published: float | tuple[float, float], why_high: str = "",
             why_low: str = "", tolerance: float = 0.15) -> str:
    """'inside', 'close', or 'model higher/lower' with the reason, from the numbers."""
    if isinstance(published, tuple):
        low, high = published
        if low <= model <= high:
            return "inside the published range"
        higher = model > high
        return f"model {'higher' if higher else 'lower'}: {why_high if higher else why_low}"
    if abs(model - published) <= tolerance * abs(published):
        return "close (within 15%)"
    return f"model {'higher' if model > published else 'lower'}: " \
           f"{why_high if model > published else why_low}"


def enoxaparin_checks() -> tuple[ModelCheck, ...]:
    """Enoxaparin model against the SmPC: single-dose peaks and the twice-daily steady state."""
    s = _settings()["enoxaparin"]
    pub, src = s["published"], tuple(s["published"]["sources"])
    model = enoxaparin_model()
    one = simulate(model, repeated_doses(1.0, 12, 1, unit="mg/kg"), 48).peak
    big = simulate(model, repeated_doses(1.5, 24, 1, unit="mg/kg"), 48).peak
    n = 20
    steady = simulate(model, repeated_doses(1.0, 12, n, unit="mg/kg"), 12 * n)
    last = steady.time_h >= 12 * (n - 1)
    first = simulate(model, repeated_doses(1.0, 12, 1, unit="mg/kg"), 12 * n)
    early = first.time_h <= 12
    rise = (np.trapezoid(steady.value[last], steady.time_h[last])
            / np.trapezoid(first.value[early], first.time_h[early]) - 1) * 100
    peak, trough = float(steady.value[last].max()), float(steady.value[last].min())
    linear = "the model is linear; the published peak rises less than the dose"
    longer = "the published half-life lengthens with repeated doses (to about 7 h)"
    unstated = ("; the SmPC does not say which exposures it compares, and against one dose's "
                "whole AUC a linear model's rise is 0%")
    return (
        ModelCheck("Single-dose peak, 1 mg/kg", one, s["calibration"]["peak_iu_per_ml"], "IU/mL",
                   src, "equal by construction: the volume is set from this number"),
        ModelCheck("Single-dose peak, 1.5 mg/kg", big, pub["single_peak_1_5_mg_per_kg"], "IU/mL",
                   src, _verdict(big, pub["single_peak_1_5_mg_per_kg"], linear)),
        ModelCheck("Steady-state peak, 1 mg/kg every 12 h", peak, pub["steady_peak"], "IU/mL",
                   src, _verdict(peak, pub["steady_peak"], linear, longer)),
        ModelCheck("Steady-state trough, 1 mg/kg every 12 h", trough, pub["steady_trough"],
                   "IU/mL", src, _verdict(trough, pub["steady_trough"], linear, longer)),
        ModelCheck("Exposure (AUC) over a 12 h interval at steady state above the first 12 h "
                   "after one dose, from the simulated curves", float(rise),
                   pub["steady_exposure_rise_percent"], "%", src,
                   _verdict(float(rise), pub["steady_exposure_rise_percent"],
                            why_low=longer + unstated)),
    )


def warfarin_checks() -> tuple[ModelCheck, ...]:
    """Warfarin model against the review and the monograph: half-life, factor fall, timing."""
    pub = _settings()["warfarin"]["published"]
    course = warfarin_course()
    fall = (1 - float(course.synthesis[course.time_h >= course.time_h[-1] - 24].mean())) * 100
    single = warfarin_course(n_doses=1)
    peak_h = float(single.time_h[int(np.argmax(single.inr))])
    low, high = pub["factor_fall_percent"]
    first, last = pub["peak_effect_delay_h"]
    half = warfarin_model().half_life_h
    early = ("the illustrative INR follows factor VII, which falls within hours of a dose; the "
             "slower factors, II above all, carry the later effect")
    return (
        ModelCheck("Warfarin half-life from volume and clearance", half, pub["half_life_h"], "h",
                   ("holford1986",), _verdict(half, pub["half_life_h"])),
        ModelCheck("Fall in factor synthesis on 5 mg a day, day 14", fall, (low, high), "%",
                   ("coumadin_pm",), _verdict(fall, (low, high))),
        ModelCheck("Time to the modelled INR peak after one 5 mg dose, against the monograph's "
                   "'peak anticoagulant effect may be delayed 72 to 96 hours' (no dose stated)",
                   peak_h, (first, last), "h", ("coumadin_pm",),
                   _verdict(peak_h, (first, last), why_low=early)),
    )


def model_checks_table() -> MarkdownTable:
    """Every model check as a table: the model's number, the published one, the verdict, source."""
    return MarkdownTable(
        ["Check", "Model", "Published", "Verdict", "Source"],
        [[c.what, f"{c.model:.3g} {c.unit}", f"{c.published_text()} {c.unit}", c.verdict,
          cite(c.sources)] for c in (*enoxaparin_checks(), *warfarin_checks())])


# --- direct oral anticoagulants ------------------------------------------------------------------

@dataclass(frozen=True)
class HalfLife:
    """A half-life the model uses, where it comes from, and the exposure rise a study measured."""

    drug: str
    hours: float
    basis: str
    sources: tuple[str, ...]
    kidney_band: str | None = None
    auc_ratio_published: float | None = None     # AUC against normal kidney function
    message: str = ""                            # what the label does at this kidney function

    def _repr_markdown_(self) -> str:
        return (f"{self.drug.capitalize()} half-life in the model: {self.basis} "
                f"({cite(self.sources)}).")

    def __repr__(self) -> str:
        return f"{self.drug.capitalize()} half-life in the model: {self.basis}."


def kidney_band(crcl_ml_min: Any) -> str:
    """The kidney band of a creatinine clearance: normal, mild, moderate or severe (≥ 15)."""
    crcl = check_crcl(crcl_ml_min)
    s = _settings()["doac"]
    for band in s["kidney_bands"]:
        if band["low"] <= crcl and (band["high"] is None or crcl < band["high"]):
            return str(band["band"])
    raise ValueError(f"CrCl {crcl:g} mL/min: {s['kidney_floor_note']}")


def kidney_half_life_h(drug: Any, band: str) -> float:
    """The model's half-life (h) of a DOAC in a kidney band: the kidney table's, or (apixaban) the
    class value times the measured AUC ratio, a course conversion (data/pharmacokinetic_models)."""
    drug = _drug(drug, DOACS)
    s = _settings()["doac"]
    kidney = s["kidney"][drug]
    if band not in kidney["auc_ratio"]:
        raise ValueError(f"band must be one of {list(kidney['auc_ratio'])}; got {band!r}")
    if kidney.get("half_life_from_class"):
        base = _pick(parameter(drug, "half_life"), s["half_life"]["pick"])
        return base * float(kidney["auc_ratio"][band])
    return float(kidney["half_life_h"][band])


def kidney_half_life_text(drug: Any, band: str) -> str:
    """The kidney table's half-life cell for ``drug`` and ``band``, as shown to the reader."""
    drug = _drug(drug, DOACS)
    kidney = _settings()["doac"]["kidney"][drug]
    hours = kidney_half_life_h(drug, band)
    if kidney.get("half_life_from_class"):
        return f"{hours:g} h (class value)" if band == "normal" else f"model {hours:.3g} h"
    if band in kidney.get("half_life_range_h", {}):
        low, high = kidney["half_life_range_h"][band]
        return f"{low:g}–{high:g} h (model: {hours:g} h)"
    return f"{hours:g} h"


def doac_half_life(drug: Any, crcl_ml_min: Any = None, age_years: Any = None) -> HalfLife:
    """The half-life of a DOAC: class value, or by kidney function or (rivaroxaban) age group."""
    drug = _drug(drug, DOACS)
    if crcl_ml_min is not None and age_years is not None:
        raise ValueError("give crcl_ml_min or age_years, not both: the sources report them in "
                         "separate studies")
    s = _settings()["doac"]
    if crcl_ml_min is not None:
        kidney = s["kidney"][drug]
        try:
            band = kidney_band(crcl_ml_min)
        except ValueError as error:
            extra = f" {kidney['below_15']}" if "below_15" in kidney else ""
            raise ValueError(f"{error}{extra}") from None
        hours = kidney_half_life_h(drug, band)
        ratio = float(kidney["auc_ratio"][band])
        if kidney.get("half_life_from_class"):
            base = kidney_half_life_h(drug, "normal")
            basis = (f"{base:g} h, the class value (EHRA 2021), with normal kidney function"
                     if band == "normal" else
                     f"{hours:.3g} h: the {base:g} h class value (EHRA 2021) times the "
                     f"{ratio:g}-fold exposure measured with {band} kidney function (a course "
                     "conversion, not a measured half-life)")
        elif band in kidney.get("half_life_range_h", {}):
            low, high = kidney["half_life_range_h"][band]
            basis = (f"{hours:g} h, the model's pick from the {low:g}–{high:g} h given for {band} "
                     "kidney function in the single-dose table")
        else:
            basis = f"{hours:g} h, measured with {band} kidney function in a single-dose study"
        message = ""
        if "dose_note" in kidney and float(crcl_ml_min) <= float(kidney["dose_note_at_or_below"]):
            message = " ".join(kidney["dose_note"].split())
        return HalfLife(drug, hours, basis, tuple(kidney["sources"]), band, ratio, message)
    if age_years is not None:
        age = check_age(age_years)
        groups = s["age"].get(drug)
        if groups is None:
            raise ValueError(f"the sources give no half-life by age for {drug}; use "
                             "crcl_ml_min (kidney function) instead")
        for name, g in (("young", groups["young"]), ("elderly", groups["elderly"])):
            above = age >= g["low"] if name == "young" else age > g["low"]
            if above and (g["high"] is None or age <= g["high"]):
                low, high = g["half_life_h"]
                return HalfLife(drug, (low + high) / 2,
                                f"{(low + high) / 2:g} h, middle of {low}–{high} h in the "
                                f"{name} group", tuple(groups["sources"]))
        raise ValueError(f"age_years {age:g}: the sources give {drug} half-lives for young "
                         f"adults ({groups['young']['low']}–{groups['young']['high']} years) "
                         f"and the elderly (over {groups['elderly']['low']}) only")
    record = parameter(drug, "half_life")
    hours = _pick(record, s["half_life"]["pick"])
    where = (f"middle of {record['range'][0]}–{record['range'][1]} h" if "range" in record
             else "the class value")
    return HalfLife(drug, hours, f"{hours:g} h, {where} (EHRA 2021)", tuple(record["sources"]))


def doac_model(drug: Any, crcl_ml_min: Any = None, age_years: Any = None) -> OneCompartment:
    """A DOAC by mouth: drug in the body (mg absorbed); no volume is published, so no mg/L."""
    life = doac_half_life(drug, crcl_ml_min, age_years)
    s = _settings()["doac"]
    tmax = _pick(parameter(life.drug, "tmax"), s["tmax"]["pick"])
    bio = float(s["bioavailability"][life.drug]["value"])
    return OneCompartment(life.drug, "oral", life.hours, tmax, bio, "mg", "drug in the body",
                          "mg", 1.0, life.basis, life.sources)


def doac_schedule(drug: Any, days: Any = None, missed_dose: Any = None) -> Schedule:
    """The cited VTE treatment regimen of a DOAC (phases from pharmacology.yaml) for ``days``."""
    drug = _drug(drug, DOACS)
    days = checks.number("days", _settings()["doac"]["days"] if days is None else days, 1, 60,
                   "a number of days from 1 to 60")
    regimen = next(r for r in _data()["drugs"][drug]["regimens"] if r["name"] == "vte_treatment")
    times: list[float] = []
    amounts: list[float] = []
    start = 0.0
    for phase in regimen["phases"]:
        interval = 24.0 / phase["per_day"]
        end = days * 24 if phase["days"] is None else min(days * 24, start + phase["days"] * 24)
        t = start
        while t < end - 1e-9:
            times.append(t)
            amounts.append(float(phase["dose_mg"]))
            t += interval
        start = end
    return _with_missed("mg", times, amounts, missed_dose)


# --- one call for the explorer -------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    """One run of a drug: the curve (or warfarin course), the same without a miss, and notes."""

    drug: str
    curve: ConcentrationCurve | None
    reference: ConcentrationCurve | None          # no missed dose, same kidney function
    warfarin: WarfarinCourse | None
    warfarin_reference: WarfarinCourse | None
    half_life: HalfLife | None
    notes: tuple[str, ...]


def missed_dose_options(drug: Any) -> list[tuple[str, int | None]]:
    """The choices of missed dose for ``drug`` in the explorer: (label, value)."""
    drug = _drug(drug)
    options: list[tuple[str, int | None]] = [("No missed dose", None)]
    if drug == "ufh":
        pause = _settings()["ufh"]["pause_h"]["value"]
        return options + [(f"Drip stopped for {pause:g} h from hour {h}", h) for h in (6, 12, 24)]
    schedule = {"enoxaparin": enoxaparin_schedule, "warfarin": warfarin_schedule}.get(
        drug, lambda: doac_schedule(drug))()
    for n, (t, amount) in enumerate(zip(schedule.dose_times_h, schedule.dose_amounts,
                                        strict=True), start=1):
        unit = schedule.unit
        options.append((f"Dose {n} ({amount:g} {unit}, day {int(t // 24) + 1} at "
                        f"{int(t % 24):02d}:00)", n))
    return options


def kidney_note(drug: Any) -> str:
    """Why the explorer offers no kidney setting for heparin by drip or warfarin."""
    drug = _drug(drug)
    if drug in KIDNEY_DRUGS:
        return ""
    if drug == "warfarin":
        return ("Kidney function: warfarin needs no dose adjustment for it (US label); the INR "
                "is checked more often.")
    return "Kidney function: the heparin sources used here give no kidney adjustment."


@cache
def _unmissed(drug: str, crcl_ml_min: float | None) -> Scenario:
    """The run without a missed dose, solved once per drug and kidney setting (read-only)."""
    return scenario(drug, None, crcl_ml_min)


def scenario(drug: Any, missed: Any = None, crcl_ml_min: Any = None) -> Scenario:
    """Run ``drug`` at default settings with a missed dose (dose number; for heparin by drip, the
    hour the drip stops) and, where the sources give one, a kidney adjustment."""
    drug = _drug(drug)
    notes: list[str] = []
    if crcl_ml_min is not None and drug not in KIDNEY_DRUGS:
        check_crcl(crcl_ml_min)
        notes.append(kidney_note(drug) + " The curve is unchanged.")
        crcl_ml_min = None
    if drug == "warfarin":
        course = warfarin_course(missed_dose=missed)
        reference = _unmissed(drug, None).warfarin if missed is not None else course
        return Scenario(drug, None, None, course, reference, None, tuple(notes))
    if drug == "ufh":
        model = ufh_model()
        hours = _settings()["ufh"]["hours"]
        curve = simulate(model, ufh_schedule(pause_start_h=missed), hours)
        reference = _unmissed(drug, None).curve if missed is not None else curve
        return Scenario(drug, curve, reference, None, None, None, tuple(notes))
    if drug == "enoxaparin":
        model = enoxaparin_model(crcl_ml_min)
        schedule = enoxaparin_schedule(missed_dose=missed)
        hours = 24.0 * _settings()["enoxaparin"]["days"]
        if crcl_ml_min is not None and model.half_life_h > _pick(
                parameter("enoxaparin", "half_life"), "low"):
            band = _settings()["enoxaparin"]["kidney"]["bands"][1]
            notes.append(band["note"] + ".")
        curve = simulate(model, schedule, hours)
        reference = (_unmissed(drug, None if crcl_ml_min is None else float(crcl_ml_min)).curve
                     if missed is not None else curve)
        return Scenario(drug, curve, reference, None, None, None, tuple(notes))
    life = doac_half_life(drug, crcl_ml_min)
    model = doac_model(drug, crcl_ml_min)
    hours = 24.0 * _settings()["doac"]["days"]
    curve = simulate(model, doac_schedule(drug, missed_dose=missed), hours)
    reference = (_unmissed(drug, None if crcl_ml_min is None else float(crcl_ml_min)).curve
                 if missed is not None else curve)
    if life.message:
        notes.append(life.message)
    if life.kidney_band not in (None, "normal"):
        normal = kidney_half_life_h(drug, "normal")
        model_ratio = life.hours / normal
        measured = float(life.auc_ratio_published or 1.0)
        if _settings()["doac"]["kidney"][drug].get("half_life_from_class"):
            notes.append(f"The kidney study measured {measured:g} times the exposure (AUC) of "
                         "normal kidney function; the model's half-life is scaled from that "
                         "ratio, so its exposure matches the study by construction.")
        else:
            if abs(model_ratio / measured - 1) <= 0.15:
                verdict = "close to the study"
            else:
                verdict = ("so it overstates the build-up" if model_ratio > measured
                           else "so it understates the build-up")
            notes.append(f"The kidney study measured {measured:g} times the exposure (AUC) of "
                         f"normal kidney function; this half-life-only model gives "
                         f"{model_ratio:.3g} times, {verdict}.")
    return Scenario(drug, curve, reference, None, None, life, tuple(notes))


DRUG_NAMES = {"ufh": "Unfractionated heparin (drip)", "enoxaparin": "Enoxaparin (injection)",
              "warfarin": "Warfarin", "rivaroxaban": "Rivaroxaban", "apixaban": "Apixaban",
              "edoxaban": "Edoxaban", "dabigatran": "Dabigatran"}

"""Figures and the dosing explorer for notebook 06, thin views over ``helpers.pharmacology``.

The explorer follows ``display.LiveWithTwin``: ipywidgets where a kernel runs, the default case as
plain HTML where none does. Its chart is inline SVG drawn from the model's numbers (a matplotlib
redraw takes about 50 ms; the SVG about 1 ms), so a change is answered well within 0.1 s. Callbacks
catch ValueError and show it inline, never as a traceback. The static figures use matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers import display, style
from helpers import pharmacology as pk

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DEFAULT_DRUG = "rivaroxaban"
DEFAULT_CRCL_ML_MIN = 90
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot")
P = style.PALETTE


# --- words from the numbers ----------------------------------------------------------------------

def _fmt(value: float) -> str:
    return f"{value:.2g}" if abs(value) < 10 else f"{value:.0f}"


def _day_time(time_h: float) -> str:
    return f"day {int(time_h // 24) + 1} at {int(time_h % 24):02d}:00"


def _after(time_h: float) -> str:
    return f"after {time_h / 24:.1f} days"


def _next_dose_after(schedule: pk.Schedule, time_h: float) -> float | None:
    later = [t for t in schedule.dose_times_h if t > time_h]
    return min(later) if later else None


def scenario_sentence(sc: pk.Scenario) -> str:
    """What the run shows, in two or three sentences built from its numbers."""
    name = pk.DRUG_NAMES[sc.drug]
    if sc.warfarin is not None:
        course, ref = sc.warfarin, sc.warfarin_reference
        assert ref is not None
        first = course.first_time_inr_at_least(2.0)
        stop = course.parenteral_stop_h()
        reached = _after(first) if first is not None else "not within the days shown"
        text = (f"{name}, {course.schedule.dose_amounts[0]:g} mg a day: the illustrative INR "
                f"reaches 2.0 {reached} and is {course.inr[-1]:.1f} after "
                f"{course.time_h[-1] / 24:.0f} days. ")
        text += (f"The injection given alongside may stop {_after(stop)}: at least 5 days, "
                 "and INR 2.0 or more for 24 hours." if stop is not None else
                 "The overlap rule (at least 5 days, INR 2.0 or more for 24 hours) is not met "
                 "in the days shown.")
        if course.schedule.missed_dose is not None:
            drop = ref.inr - course.inr
            i = int(np.argmax(drop))
            text += (f" Missing dose {course.schedule.missed_dose} lowers the INR by at most "
                     f"{drop[i]:.2f}, {_after(float(course.time_h[i]))}")
            usual_stop = ref.parenteral_stop_h()
            if stop is not None and usual_stop is not None and stop > usual_stop:
                text += (f", and keeps the injection going {(stop - usual_stop) / 24:.1f} days "
                         "longer")
            text += "."
        return text
    curve, ref = sc.curve, sc.reference
    assert curve is not None and ref is not None
    unit = curve.model.output_unit
    what = curve.model.output
    text = (f"{name}: {what} peaks at {_fmt(curve.peak)} {unit}; model half-life "
            f"{curve.model.basis}.")
    schedule = curve.schedule
    if schedule.missed_time_h is not None:
        if sc.drug == "ufh":
            back = schedule.missed_time_h + 2.0
            text += (f" With the {schedule.missed_note}, the level falls to "
                     f"{_fmt(curve.at(back))} {unit} instead of {_fmt(ref.at(back))} {unit}.")
        else:
            nxt = _next_dose_after(schedule, schedule.missed_time_h)
            if nxt is None:
                text += f" Dose {schedule.missed_dose} was the last one shown."
            else:
                low, usual = curve.at(nxt), ref.at(nxt)
                when = _day_time(schedule.missed_time_h)
                text += (f" Missing dose {schedule.missed_dose} ({when}) leaves "
                         f"{_fmt(low)} {unit} when the next dose is due, instead of "
                         f"{_fmt(usual)} {unit} ({(1 - low / usual) * 100:.0f}% less).")
    return text


class Sentence:
    """A run described in words, shown as Markdown (and as plain text)."""

    def __init__(self, text: str, notes: Sequence[str] = ()) -> None:
        self.text, self.notes = text, tuple(notes)

    def _repr_markdown_(self) -> str:
        return " ".join([self.text, *(f"*{n}*" for n in self.notes)])

    def __repr__(self) -> str:
        return " ".join([self.text, *self.notes])


def describe(drug: str, missed: Any = None, crcl_ml_min: Any = None) -> Sentence:
    """One run of ``drug`` (missed dose, kidney function) described in words, ready to display."""
    sc = pk.scenario(drug, missed, crcl_ml_min)
    return Sentence(scenario_sentence(sc), sc.notes)


def scenario_alt(sc: pk.Scenario) -> str:
    """Alt text for a run's chart, from its numbers."""
    name = pk.DRUG_NAMES[sc.drug]
    if sc.warfarin is not None:
        c = sc.warfarin
        first = c.first_time_inr_at_least(2.0)
        ii = c.activity_at("II (prothrombin)", first) if first is not None else None
        vii = c.activity_at("VII", first) if first is not None else None
        reached = _after(first) if first is not None else "not within the days shown"
        text = (f"Two panels over {c.time_h[-1] / 24:.0f} days of warfarin. Top: the illustrative "
                f"INR rises from 1.0 to {c.inr[-1]:.1f}, reaching the 2.0–3.0 target band "
                f"{reached}. Bottom: factor VII "
                "falls first, then IX, while factors X and II fall slowest")
        if ii is not None and vii is not None:
            text += (f"; when the INR first reaches 2.0, factor II is still at {ii:.0%} and "
                     f"factor VII at {vii:.0%} of normal")
        if c.schedule.missed_dose is not None:
            text += f". A dashed line shows the INR without missing dose {c.schedule.missed_dose}"
        return text + "."
    curve = sc.curve
    assert curve is not None
    text = (f"Line chart of {name}: {curve.model.output} in {curve.model.output_unit} over "
            f"{curve.time_h[-1] / 24:.0f} days, rising and falling with each dose, peaking at "
            f"{_fmt(curve.peak)} {curve.model.output_unit}")
    if curve.schedule.missed_time_h is not None:
        text += (f"; {curve.schedule.describe()}, with a dashed line for the same schedule "
                 "without the miss")
    return text + "."


# --- the explorer: one declaration, live in a kernel and static in the pages ---------------------

MAX_POINTS = 160                       # points kept per curve (every 0.75 h over 5 days)
CRCL_STOPS_ML_MIN = tuple(range(10, 151, 5))


def _series(time_h: np.ndarray, values: np.ndarray, label: str, colour: str, dash: str = ""
            ) -> dict[str, Any]:
    """One curve of the chart, thinned to at most MAX_POINTS + 1 points, x in days."""
    stride = max(1, math.ceil((len(time_h) - 1) / MAX_POINTS))
    t = time_h[::stride]
    return display.series([float(v) for v in values[::stride]], float(t[0]) / 24,
                          float(t[-1]) / 24, label, colour, dash)


def _x_ticks(x_days: float) -> list[tuple[float, str]]:
    return [(float(d), str(d)) for d in range(0, int(x_days) + 1, max(1, int(x_days) // 7))]


def scenario_chart(sc: pk.Scenario) -> dict[str, Any]:
    """The run as a chart spec (drawn alike by display.chart_svg and explorer.js)."""
    if sc.warfarin is not None:
        course, ref = sc.warfarin, sc.warfarin_reference
        assert ref is not None
        x_days = float(course.time_h[-1] / 24)
        lines = [_series(course.time_h, course.inr, "INR (illustrative)", P.blue)]
        if course.schedule.missed_dose is not None:
            lines.append(_series(ref.time_h, ref.inr, "no missed dose", "#555555", "dashed"))
        stop = course.parenteral_stop_h()
        marks = [(stop / 24, "injection may stop")] if stop is not None else []
        top = display.panel(x=(0.0, x_days), x_label="Time (days)", x_ticks=_x_ticks(x_days),
                            y_top=4.0, y_label="INR", y_ticks=display.ticks(4.0), lines=lines,
                            band=(*pk.INR_RANGE, "target 2.0–3.0"), marks=marks)
        factors = [_series(course.time_h, values, f"factor {name.split(' ')[0]}", colour,
                           "" if line == "solid" else line)
                   for (name, values), colour, line in zip(
                       course.factors.items(), (P.vermillion, P.orange, P.purple, P.green),
                       LINE_STYLES, strict=True)]
        bottom = display.panel(x=(0.0, x_days), x_label="Time (days)",
                               x_ticks=_x_ticks(x_days), y_top=1.0, y_label="Factor activity",
                               y_ticks=display.ticks(1.0, percent=True), lines=factors)
        return {"panels": [top, bottom]}
    curve, ref = sc.curve, sc.reference
    assert curve is not None and ref is not None
    x_days = float(curve.time_h[-1] / 24)
    lines = [_series(curve.time_h, curve.value, "this run", P.blue)]
    if curve.schedule.missed_time_h is not None:
        lines.append(_series(ref.time_h, ref.value, "no missed dose", "#555555", "dashed"))
    top_value = display.nice_top(max(float(np.max(curve.value)), float(np.max(ref.value)))
                                 * 1.05)
    band = ((*pk.ufh_reference_range(), "a laboratory's anti-Xa target")
            if sc.drug == "ufh" else None)
    marks = ([(curve.schedule.missed_time_h / 24, "missed")]
             if curve.schedule.missed_time_h is not None else [])
    return {"panels": [display.panel(
        x=(0.0, x_days), x_label="Time (days)", x_ticks=_x_ticks(x_days), y_top=top_value,
        y_label=f"{curve.model.output.capitalize()} ({curve.model.output_unit})",
        y_ticks=display.ticks(top_value), lines=lines, band=band, marks=marks)]}


def dosing_frame(values: dict[str, Any]) -> display.Frame:
    """Run the model for the explorer's settings: the sentence, notes and chart to show."""
    return _dosing_frame(values["drug"], values["missed"], bool(values["use_kidney"]),
                         values["crcl"])


@cache
def _dosing_frame(drug: str, missed: int | None, use_kidney: bool, crcl_ml_min: float
                  ) -> display.Frame:
    supported = drug in pk.KIDNEY_DRUGS
    crcl = crcl_ml_min if use_kidney and supported else None
    sc = pk.scenario(drug, missed, crcl)
    notes = list(sc.notes)
    if not supported:
        notes.append(pk.kidney_note(drug))
    return display.Frame(scenario_sentence(sc), tuple(notes), scenario_chart(sc),
                         scenario_alt(sc), result=sc)


EXPLORER = display.Explorer(
    name="dosing", title="Dosing explorer",
    controls=(
        display.Choice("drug", "Drug", tuple((pk.DRUG_NAMES[d], d) for d in pk.DRUGS),
                       DEFAULT_DRUG),
        display.Choice("missed", "Missed dose", tuple(pk.missed_dose_options(DEFAULT_DRUG)),
                       None, depends_on="drug",
                       options_for={d: tuple(pk.missed_dose_options(d)) for d in pk.DRUGS}),
        display.Toggle("use_kidney", "Set kidney function (CrCl)", False,
                       enabled_when=("drug", pk.KIDNEY_DRUGS)),
        display.Slider("crcl", "CrCl (mL/min)",
                       display.slider_stops(CRCL_STOPS_ML_MIN, "mL/min"),
                       float(DEFAULT_CRCL_ML_MIN), enabled_when=("drug", pk.KIDNEY_DRUGS))),
    frame=dosing_frame,
    sources=("pharmacology.py", "pharmacology_views.py", "data/pharmacology.yaml",
             "data/pharmacokinetic_models.yaml"),
    solvers=("numpy",))


def build_explorer(drug: str = DEFAULT_DRUG) -> tuple[Any, display.Live]:
    """The drug list, missed-dose list, kidney box and slider, sentence and chart; run once."""
    pk.scenario(drug)                                   # a bad starting drug raises here
    live = EXPLORER.live()
    live.drug.value = drug
    return live.box, live


def explorer(drug: str = DEFAULT_DRUG) -> display.ExplorerView:
    """The dosing explorer (drug, missed dose, kidney function → curves), ready to display."""
    pk.scenario(drug)                                   # a bad starting drug raises here
    view = EXPLORER.view(f"Dosing explorer. {scenario_sentence(pk.scenario(drug))}")
    view.controls.drug.value = drug
    return view


# --- static figures (matplotlib) -----------------------------------------------------------------

def plot_heparins(ax_ufh: Axes, ax_enox: Axes) -> str:
    """Draw heparin by drip and enoxaparin by injection; return alt text from their numbers."""
    ufh = pk.scenario("ufh").curve
    enox = pk.scenario("enoxaparin").curve
    assert ufh is not None and enox is not None
    low, high = pk.ufh_reference_range()
    ax_ufh.axhspan(low, high, facecolor=P.green, alpha=0.15, hatch="//",
                   edgecolor=P.green, label=f"a laboratory's anti-Xa target {low:g}–{high:g}")
    ax_ufh.plot(ufh.time_h, ufh.value, color=P.blue, label="model, half-life held at "
                f"{ufh.model.half_life_h:g} h")
    ax_ufh.set(xlabel="Time (h)", ylabel="Heparin level, read as anti-Xa (IU/mL)",
               xlim=(0, ufh.time_h[-1]),
               ylim=(0, 1.25), title="Heparin: bolus, then a drip")
    ax_ufh.legend(loc="upper right", frameon=False, fontsize=10)
    checks = pk.enoxaparin_checks()
    ss = next(c for c in checks if c.what.startswith("Steady-state peak"))
    tr = next(c for c in checks if c.what.startswith("Steady-state trough"))
    ax_enox.plot(enox.time_h / 24, enox.value, color=P.vermillion, label="model, 1 mg/kg / 12 h")
    ax_enox.plot([3.5, 3.5], [ss.published, tr.published], linestyle="none", marker="D",
                 color=P.black, markersize=7, label="SmPC steady-state peak and trough")
    ax_enox.set(xlabel="Time (days)", ylabel="Anti-Xa activity (IU/mL)",
                xlim=(0, enox.time_h[-1] / 24), ylim=(0, 1.6), title="Enoxaparin: injections")
    ax_enox.legend(loc="lower right", frameon=False, fontsize=10)
    steady = ufh.at(ufh.time_h[-1])
    short, long = pk.ufh_half_life_range_h()
    return (f"Two line charts. Left: unfractionated heparin after an 80 U/kg bolus and an "
            f"18 U/kg/h drip; the modelled level starts at {ufh.value[0]:.2f} IU/mL, falls within "
            f"hours and settles at {steady:.2f} IU/mL, inside a hatched band at "
            f"{low:g}–{high:g} IU/mL, one laboratory's anti-Xa target. It lands in the band only "
            f"because the model holds the half-life at {ufh.model.half_life_h:g} h: with the "
            f"label's {short:g} h it would settle near {pk.ufh_steady_level(short):.2f} and with "
            f"{long:g} h near {pk.ufh_steady_level(long):.2f} IU/mL. The model reads heparin units "
            "per mL as anti-Xa IU/mL. Right: enoxaparin "
            f"1 mg/kg every 12 hours; anti-Xa activity rises and falls with each injection, "
            f"settling between a trough of {tr.model:.2f} and a peak of "
            f"{ss.model:.2f} IU/mL, against the SmPC's {tr.published:g} and {ss.published:g} "
            "IU/mL drawn as diamonds.")


def heparin_figure() -> tuple[Figure, str]:
    """Heparin by drip and enoxaparin by injection, side by side, with alt text."""
    fig = style.new_figure(11.0, 4.3)
    ax1, ax2 = fig.subplots(1, 2)
    alt = plot_heparins(ax1, ax2)
    fig.tight_layout()
    return fig, alt


def plot_warfarin(ax_factors: Axes, ax_inr: Axes) -> str:
    """Draw factor activities and the illustrative INR over 14 days; return alt text."""
    course = pk.warfarin_course()
    days = course.time_h / 24
    for (name, values), colour, line in zip(course.factors.items(),
                                            (P.vermillion, P.orange, P.purple, P.green),
                                            LINE_STYLES, strict=True):
        half = course.half_lives_h[name]
        same = [n for n, h in course.half_lives_h.items() if h == half and n != name]
        note = f" (same line as {same[0].split(' ')[0]})" if same and name.startswith("X") else ""
        ax_factors.plot(days, values * 100, color=colour, linestyle=line,
                        label=f"{name}, half-life {half:g} h{note}")
    ax_factors.set(ylabel="Activity (% of normal)", ylim=(0, 105), xlim=(0, days[-1]),
                   title="Warfarin 5 mg a day: factors fall at their own pace")
    ax_factors.legend(loc="upper right", frameon=False, fontsize=10)
    low, high = pk.INR_RANGE
    ax_inr.axhspan(low, high, facecolor=P.green, alpha=0.15, hatch="//", edgecolor=P.green,
                   label="target 2.0–3.0")
    ax_inr.plot(days, course.inr, color=P.blue, label="INR (illustrative mapping)")
    stop = course.parenteral_stop_h()
    first = course.first_time_inr_at_least(2.0)
    assert stop is not None and first is not None
    ax_inr.axvline(stop / 24, color=P.black, linestyle="--", linewidth=1.5,
                   label="injection may stop")
    ax_inr.set(xlabel="Time (days)", ylabel="INR", ylim=(0.8, 3.5), xlim=(0, days[-1]))
    ax_inr.legend(loc="lower right", frameon=False, fontsize=10)
    ii = course.activity_at("II (prothrombin)", first)
    vii = course.activity_at("VII", first)
    return (f"Two stacked line charts over {days[-1]:.0f} days of warfarin 5 mg a day. Top: "
            f"activity of factors II, VII, IX and X, all starting at 100%; factor VII "
            f"(half-life {course.half_lives_h['VII']:g} h) falls first and factor II "
            f"(half-life {course.half_lives_h['II (prothrombin)']:g} h) last, all settling near "
            f"{course.factors['II (prothrombin)'][-1]:.0%}. Bottom: the illustrative INR rises "
            f"slowly from 1.0, first reaching 2.0 after {first / 24:.1f} days, when factor II is "
            f"still at {ii:.0%} and factor VII at {vii:.0%}; it ends at {course.inr[-1]:.1f} "
            f"inside the hatched 2.0–3.0 target band. A dashed vertical line at "
            f"{stop / 24:.1f} days marks when the injection given alongside may stop.")


def warfarin_figure() -> tuple[Figure, str]:
    """Factor activities and the illustrative INR, stacked, with alt text."""
    fig = style.new_figure(10.0, 7.0)
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    alt = plot_warfarin(ax1, ax2)
    fig.tight_layout()
    return fig, alt


DOAC_FIGURE_NOTE = "Teaching model: the CrCl 20 curves keep the full dose only to show build-up"


def plot_doacs(axes: Sequence[Axes]) -> str:
    """Each DOAC's VTE regimen with normal and severely reduced kidney function; return alt."""
    parts, cautions = [], []
    for ax, drug in zip(axes, pk.DOACS, strict=True):
        normal = pk.scenario(drug, crcl_ml_min=90).curve
        severe_run = pk.scenario(drug, crcl_ml_min=20)
        severe = severe_run.curve
        assert normal is not None and severe is not None and severe_run.half_life is not None
        ax.plot(normal.time_h / 24, normal.value, color=P.blue,
                label=f"CrCl 90: half-life {normal.model.half_life_h:.3g} h")
        ax.plot(severe.time_h / 24, severe.value, color=P.vermillion, linestyle="dashed",
                label=f"CrCl 20: half-life {severe.model.half_life_h:.3g} h (model)")
        ax.set(title=pk.DRUG_NAMES[drug], xlabel="Time (days)", ylabel="Drug in body (mg)",
               xlim=(0, normal.time_h[-1] / 24), ylim=(0, severe.peak * 1.35))
        ax.legend(loc="upper left", frameon=False, fontsize=9)
        parts.append(f"{pk.DRUG_NAMES[drug]}: the modelled amount at CrCl 20 peaks at "
                     f"{severe.peak / normal.peak:.1f} times that at CrCl 90 (half-life "
                     f"{severe.model.half_life_h:.3g} instead of {normal.model.half_life_h:.3g} h);"
                     f" the kidney study measured {severe_run.half_life.auc_ratio_published:g} "
                     "times the exposure")
        if severe_run.half_life.message:
            cautions.append(f"{pk.DRUG_NAMES[drug]}: {severe_run.half_life.message}")
    return ("Four line charts from a teaching model, one per direct oral anticoagulant, of the "
            "amount of drug in the body over 5 days of its full VTE treatment regimen, with "
            "normal kidney function (solid) and severely reduced kidney function, creatinine "
            "clearance 20 mL/min (dashed). These are model outputs, not measured levels. "
            + "; ".join(parts) + ". At CrCl 20 the labels change the treatment: "
            + " ".join(cautions))


def doac_figure() -> tuple[Figure, str]:
    """The four DOACs at normal and severely reduced kidney function, with alt text."""
    fig = style.new_figure(11.0, 7.4)
    axes = fig.subplots(2, 2).ravel()
    alt = plot_doacs(list(axes))
    fig.suptitle(DOAC_FIGURE_NOTE, fontsize=12)
    fig.tight_layout()
    return fig, alt


"""Figures and the dosing explorer for notebook 06, thin views over ``helpers.pharmacology``.

The explorer follows ``display.LiveWithTwin``: ipywidgets where a kernel runs, the default case as
plain HTML where none does. Its chart is inline SVG drawn from the model's numbers (a matplotlib
redraw takes about 50 ms; the SVG about 1 ms), so a change is answered well within 0.1 s. Callbacks
catch ValueError and show it inline, never as a traceback. The static figures use matplotlib.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from helpers import pharmacology as pk
from helpers import style
from helpers.display import LiveWithTwin

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DEFAULT_DRUG = "rivaroxaban"
DEFAULT_CRCL_ML_MIN = 90
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot")
SVG_DASH = {"solid": "", "dashed": "8 5", "dotted": "2 4", "dashdot": "9 4 2 4"}
MAX_SVG_POINTS = 450                   # the plot area is about 430 px wide
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


# --- inline SVG chart ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    """One line of a chart: x in days, y values, label, colour and line style name."""

    x_days: np.ndarray
    y: np.ndarray
    label: str
    colour: str
    line: str = "solid"


def _tick_step(top: float) -> float:
    """A round tick step giving 4 to 8 ticks from 0 to ``top``."""
    power = 10 ** math.floor(math.log10(top))
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        if top / (step * power) <= 8:
            return step * power
    return 10 * power


def _nice_top(value: float) -> float:
    """The smallest multiple of a round tick step at or above ``value``."""
    if value <= 0:
        return 1.0
    step = _tick_step(value)
    return math.ceil(value / step - 1e-9) * step


def svg_panel(series: Sequence[Series], y_label: str, *, x_days: float, width: int = 640,
              height: int = 240, y_top: float | None = None,
              band: tuple[float, float] | None = None, band_label: str = "",
              marks: Sequence[tuple[float, str]] = (), y_percent: bool = False) -> str:
    """One chart panel as an SVG group string (no <svg> wrapper); lines labelled at their ends."""
    left, right, top, bottom = 64.0, width - 150.0, 16.0, height - 40.0
    top_value = y_top or _nice_top(max(float(np.max(s.y)) for s in series) * 1.05)

    def px(day: float) -> float:
        return left + day / x_days * (right - left)

    def py(v: float) -> float:
        return bottom - min(v, top_value) / top_value * (bottom - top)

    parts = []
    if band is not None:
        y0, y1 = py(band[1]), py(band[0])
        parts.append(f'<rect x="{left:.1f}" y="{y0:.1f}" width="{right - left:.1f}" '
                     f'height="{y1 - y0:.1f}" fill="{P.green}" fill-opacity="0.15" '
                     f'stroke="{P.green}" stroke-dasharray="4 3"/>'
                     f'<text x="{left + 6:.1f}" y="{y0 + 13:.1f}" font-size="11">'
                     f"{html.escape(band_label)}</text>")
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000"/>'
                 f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#000"/>')
    for day in range(0, int(x_days) + 1, max(1, int(x_days) // 7)):
        parts.append(f'<line x1="{px(day):.1f}" y1="{bottom}" x2="{px(day):.1f}" '
                     f'y2="{bottom + 4}" stroke="#000"/><text x="{px(day):.1f}" '
                     f'y="{bottom + 17}" text-anchor="middle">{day}</text>')
    parts.append(f'<text x="{(left + right) / 2:.1f}" y="{height - 6}" text-anchor="middle">'
                 "Time (days)</text>")
    step = _tick_step(top_value)
    for i in range(round(top_value / step) + 1):
        v = i * step
        label = f"{v * 100:.0f}%" if y_percent else f"{v:.3g}"
        parts.append(f'<line x1="{left - 4}" y1="{py(v):.1f}" x2="{left}" y2="{py(v):.1f}" '
                     f'stroke="#000"/><text x="{left - 7}" y="{py(v) + 4:.1f}" '
                     f'text-anchor="end">{label}</text>')
    parts.append(f'<text x="14" y="{(top + bottom) / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {(top + bottom) / 2:.1f})">'
                 f"{html.escape(y_label)}</text>")
    for day, text in marks:
        parts.append(f'<line x1="{px(day):.1f}" y1="{top}" x2="{px(day):.1f}" y2="{bottom}" '
                     f'stroke="#555" stroke-dasharray="3 3"/><text x="{px(day) + 4:.1f}" '
                     f'y="{top + 10}" font-size="11">{html.escape(text)}</text>')
    ends: list[float] = []
    for s in series:
        keep = np.nonzero(s.x_days <= x_days + 1e-9)[0]
        keep = keep[::max(1, len(keep) // MAX_SVG_POINTS)]          # about 1 point per pixel
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(s.x_days[keep], s.y[keep],
                                                                 strict=True))
        dash = SVG_DASH[s.line]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{s.colour}" '
                     f'stroke-width="2.2"{dash_attr}/>')
        y_end = py(float(s.y[keep][-1]))
        while any(abs(y_end - e) < 13 for e in ends):
            y_end += 13
        ends.append(y_end)
        parts.append(f'<line x1="{right + 4:.1f}" y1="{y_end:.1f}" x2="{right + 26:.1f}" '
                     f'y2="{y_end:.1f}" stroke="{s.colour}" stroke-width="2.2"{dash_attr}/>'
                     f'<text x="{right + 30:.1f}" y="{y_end + 4:.1f}" font-size="11" '
                     f'fill="#1a1a1a">{html.escape(s.label)}</text>')
    return "".join(parts)


def svg_figure(panels: Sequence[str], alt: str, width: int = 640, height: int = 240) -> str:
    """Stack panel groups into one accessible inline SVG (role img, alt text as its label)."""
    total = height * len(panels)
    body = "".join(f'<g transform="translate(0 {i * height})">{p}</g>'
                   for i, p in enumerate(panels))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" '
            f'width="{width}" height="{total}" role="img" aria-label="{html.escape(alt)}" '
            'style="background:#fff;font-family:sans-serif;font-size:12px">'
            f"<title>{html.escape(alt)}</title>{body}</svg>")


def scenario_svg(sc: pk.Scenario) -> tuple[str, str]:
    """The run as inline SVG with alt text from its numbers."""
    alt = scenario_alt(sc)
    if sc.warfarin is not None:
        course, ref = sc.warfarin, sc.warfarin_reference
        assert ref is not None
        days = course.time_h / 24
        x_days = float(days[-1])
        lines = [Series(days, course.inr, "INR (illustrative)", P.blue)]
        if course.schedule.missed_dose is not None:
            lines.append(Series(days, ref.inr, "no missed dose", "#555555", "dashed"))
        stop = course.parenteral_stop_h()
        marks = [(stop / 24, "injection may stop")] if stop is not None else []
        top = svg_panel(lines, "INR", x_days=x_days, y_top=4.0, band=pk.INR_RANGE,
                        band_label="target 2.0–3.0", marks=marks)
        factor_lines = [Series(days, values, f"factor {name.split(' ')[0]}", colour, line)
                        for (name, values), colour, line in zip(
                            course.factors.items(), (P.vermillion, P.orange, P.purple, P.green),
                            LINE_STYLES, strict=True)]
        bottom = svg_panel(factor_lines, "Factor activity", x_days=x_days, y_top=1.0,
                           y_percent=True)
        return svg_figure([top, bottom], alt), alt
    curve, ref = sc.curve, sc.reference
    assert curve is not None and ref is not None
    days = curve.time_h / 24
    lines = [Series(days, curve.value, "this run", P.blue)]
    if curve.schedule.missed_time_h is not None:
        lines.append(Series(days, ref.value, "no missed dose", "#555555", "dashed"))
    band = None
    band_label = ""
    if sc.drug == "ufh":
        band, band_label = pk.ufh_reference_range(), "a laboratory's anti-Xa target"
    marks = []
    if curve.schedule.missed_time_h is not None:
        marks.append((curve.schedule.missed_time_h / 24, "missed"))
    panel = svg_panel(lines, f"{curve.model.output.capitalize()} ({curve.model.output_unit})",
                      x_days=float(days[-1]), band=band, band_label=band_label, marks=marks)
    return svg_figure([panel], alt), alt


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


# --- the explorer --------------------------------------------------------------------------------

@dataclass
class ExplorerControls:
    """The explorer's widgets, kept so tests (and teachers) can drive them."""

    drug: Any           # Dropdown of drugs
    missed: Any         # Dropdown of missed doses (value None = none missed)
    use_kidney: Any     # Checkbox: apply a kidney function
    crcl: Any           # IntSlider, creatinine clearance in mL/min
    status: Any         # HTML: the sentence, notes, or a message for a bad value
    plot: Any           # HTML: the chart as inline SVG
    last: pk.Scenario | None = None


def _status_html(text: str, notes: Sequence[str] = (), warning: bool = False) -> str:
    icon = "⚠ " if warning else ""
    extra = "".join(f"<br><em>{html.escape(n)}</em>" for n in notes)
    return f'<p class="cn-status" aria-live="polite">{icon}{html.escape(text)}{extra}</p>'


def _update(controls: ExplorerControls) -> None:
    """Run the model for the current controls; show the chart and sentence, or a message."""
    drug = controls.drug.value
    supported = drug in pk.KIDNEY_DRUGS
    controls.use_kidney.disabled = controls.crcl.disabled = not supported
    crcl = controls.crcl.value if controls.use_kidney.value and supported else None
    try:
        sc = pk.scenario(drug, controls.missed.value, crcl)
    except ValueError as error:
        controls.status.value = _status_html(str(error), warning=True)
        return
    controls.last = sc
    svg, _alt = scenario_svg(sc)
    controls.plot.value = svg
    notes = list(sc.notes)
    if not supported:
        notes.append(pk.kidney_note(drug))
    controls.status.value = _status_html(scenario_sentence(sc), notes)


def build_explorer(drug: str = DEFAULT_DRUG) -> tuple[Any, ExplorerControls]:
    """The drug list, missed-dose list, kidney box and slider, sentence and chart; run once."""
    import ipywidgets as w

    pk.scenario(drug)                                   # a bad starting drug raises here
    wide = {"style": {"description_width": "10em"}, "layout": w.Layout(width="38em")}
    controls = ExplorerControls(
        drug=w.Dropdown(options=[(pk.DRUG_NAMES[d], d) for d in pk.DRUGS], value=drug,
                        description="Drug", **wide),
        missed=w.Dropdown(options=pk.missed_dose_options(drug), value=None,
                          description="Missed dose", **wide),
        use_kidney=w.Checkbox(value=False, description="Set kidney function (CrCl)",
                              indent=False),
        crcl=w.IntSlider(value=DEFAULT_CRCL_ML_MIN, min=10, max=150, step=5,
                         description="CrCl (mL/min)", continuous_update=False, **wide),
        status=w.HTML(), plot=w.HTML())

    def on_drug(_change: object) -> None:
        controls.missed.unobserve(on_change, names="value")
        controls.missed.options = pk.missed_dose_options(controls.drug.value)
        controls.missed.value = None
        controls.missed.observe(on_change, names="value")
        _update(controls)

    def on_change(_change: object) -> None:
        _update(controls)

    controls.drug.observe(on_drug, names="value")
    for control in (controls.missed, controls.use_kidney, controls.crcl):
        control.observe(on_change, names="value")
    _update(controls)
    box = w.VBox([controls.drug, controls.missed, controls.use_kidney, controls.crcl,
                  controls.status, controls.plot])
    return box, controls


class DosingExplorer(LiveWithTwin):
    """The explorer: widgets with a kernel; the default run as SVG and text without one."""

    def __init__(self, drug: str = DEFAULT_DRUG) -> None:
        widget, self.controls = build_explorer(drug)
        sc = pk.scenario(drug)
        svg, _alt = scenario_svg(sc)
        sentence = scenario_sentence(sc)
        twin = (f'<figure class="cn-explorer">{svg}<figcaption>{html.escape(sentence)}'
                "</figcaption></figure><p><em>Run this notebook (JupyterLab, Binder or Voila) "
                "to choose a drug, miss a dose or set the kidney function.</em></p>")
        super().__init__(widget, twin, f"Dosing explorer. {sentence}")


def explorer(drug: str = DEFAULT_DRUG) -> DosingExplorer:
    """The dosing explorer (drug, missed dose, kidney function → curves), ready to display."""
    return DosingExplorer(drug)


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


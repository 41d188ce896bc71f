"""Figures of notebook 07 drawn from the models in :mod:`helpers.prognosis`: cumulative
recurrence after stopping anticoagulation, and the nerve outcome zones on an ischaemia clock.

Each ``plot_*`` function draws on a matplotlib ``Axes`` and returns alt text written from the data
it drew; each ``*_figure`` function makes a new figure for ``make figures``. matplotlib is imported
only when a figure is made (through :mod:`helpers.style`).
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from helpers import style
from helpers.prognosis import (
    NerveWindow,
    OutcomeZone,
    RecurrenceCurve,
    nerve_time_windows,
    outcome_zones,
    percent_text,
    recurrence_curves,
)
from helpers.references import get

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _short(keys: Iterable[str]) -> str:
    """Citations as plain text, for alt text."""
    return "; ".join(get(k).short for k in keys)


# --- recurrence after stopping anticoagulation ---------------------------------------------------

_STYLES = ({"color": style.PALETTE.blue, "marker": "o"},
           {"color": style.PALETTE.vermillion, "marker": "s"},
           {"color": style.PALETTE.green, "marker": "^"},
           {"color": style.PALETTE.purple, "marker": "D"})


def plot_recurrence(ax: Axes, curves: Sequence[RecurrenceCurve]) -> str:
    """Draw cumulative recurrence curves (dashed where extrapolated); return alt text from them."""
    if not curves:
        raise ValueError("plot_recurrence needs at least one curve")
    for curve, look in zip(curves, itertools.cycle(_STYLES)):
        observed = curve.years <= curve.observed_until_years + 1e-9
        ax.plot(curve.years[observed], curve.percent[observed], color=look["color"],
                linestyle="-", label=f"{curve.group} ({_short(curve.sources)})")
        if curve.extrapolated:
            beyond = curve.years >= curve.observed_until_years - 1e-9
            ax.plot(curve.years[beyond], curve.percent[beyond], color=look["color"],
                    linestyle="--", label=f"{curve.group}: extrapolated")
        for p in curve.points:
            ax.plot(p.years, p.percent, linestyle="none", marker=look["marker"], markersize=8,
                    color=look["color"], markeredgecolor=style.PALETTE.black)
            if p.ci95:
                ax.errorbar(p.years, p.percent, yerr=[[p.percent - p.ci95[0]],
                                                      [p.ci95[1] - p.percent]],
                            color=look["color"], capsize=5, linewidth=1.5)
        end = float(curve.years[-1])
        label = f"{percent_text(curve.at(end))} at {end:g} years"
        if curve.extrapolated and end > curve.observed_until_years:
            label = f"≈{label} if the {curve.observed_until_years:g}-year rate held"
        ax.annotate(f"{curve.group}\n{label}",
                    (end, curve.at(end)), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=10, color=style.PALETTE.black)
    top = max(max([float(c.percent.max()), *(p.ci95[1] for p in c.points if p.ci95)])
              for c in curves)
    ax.set(xlabel="Years after anticoagulation was stopped",
           ylabel="First recurrent clot, cumulative (%)",
           xlim=(0, max(float(c.years[-1]) for c in curves) * 1.45), ylim=(0, top * 1.1))
    ax.set_xticks(range(0, int(max(float(c.years[-1]) for c in curves)) + 1))
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    return _recurrence_alt(curves)


def _recurrence_alt(curves: Sequence[RecurrenceCurve]) -> str:
    """Alt text naming every curve's values, sources and extrapolation."""
    parts = []
    for curve in curves:
        if curve.points:
            values = ", ".join(
                f"{percent_text(p.percent)} at {p.years:g} year{'s' * (p.years != 1)}"
                for p in curve.points)
            ci = next((p for p in reversed(curve.points) if p.ci95), None)
            ci_text = (f" (95% CI {ci.ci95[0]:g}–{ci.ci95[1]:g}% at {ci.years:g} years)"
                       if ci and ci.ci95 else "")
            parts.append(f"{curve.group}: a solid line through the published {values}{ci_text} "
                         f"({_short(curve.sources)})")
        else:
            observed = min(curve.observed_until_years, float(curve.years[-1]))
            text = (f"{curve.group}: {curve.rate_percent_per_year:g}% per patient-year "
                    f"({_short(curve.sources)}) gives {percent_text(curve.at(observed))} by "
                    f"{observed:g} years (solid)")
            if curve.extrapolated:
                end = float(curve.years[-1])
                text += (f" and, extrapolated (dashed), {percent_text(curve.at(end))} by "
                         f"{end:g} years")
            parts.append(text)
    return ("Line chart of the cumulative chance of a first recurrent clot against years after "
            "anticoagulation was stopped. " + "; ".join(parts) + ". Every line rises from 0% "
            "at the time of stopping and never falls.")


def recurrence_figure() -> tuple[Figure, str]:
    """The recurrence curves as a new figure, with alt text written from them."""
    return style.one_axes_figure(lambda ax: plot_recurrence(ax, recurrence_curves()), 10.0, 5.5)


# --- nerves against ischaemia time ---------------------------------------------------------------

def _time_label(minutes: float) -> str:
    return f"{minutes:g} min" if minutes < 60 else f"{minutes / 60:g} h"


_ZONE_LOOKS = ((style.PALETTE.sky_blue, ""), (style.PALETTE.orange, "//"),
               (style.PALETTE.purple, ".."), (style.PALETTE.vermillion, "xx"))
_AXIS_MINUTES = (10.0, 48 * 60.0)


def plot_nerve_recovery(ax: Axes) -> str:
    """Draw the outcome zones and every timed window on a log time axis; return alt text."""
    zones = outcome_zones()
    low, high = _AXIS_MINUTES
    for zone, (colour, hatch) in zip(zones, itertools.cycle(_ZONE_LOOKS)):
        end = zone.to_minutes or high
        ax.axvspan(max(zone.from_minutes, low), end, facecolor=colour, alpha=0.18, hatch=hatch,
                   edgecolor=colour, linewidth=0, label=f"{zone.outcome} ({_zone_span(zone)})")
    timed = sorted((w for w in nerve_time_windows() if w.minutes), key=lambda w: w.minutes)
    for row, w in enumerate(timed):
        start, stop = w.minutes or (0.0, 0.0)
        if stop > start:
            ax.plot([start, stop], [row, row], color=style.PALETTE.black, linewidth=6,
                    solid_capstyle="butt")
        else:
            ax.plot(start, row, marker="D", markersize=9, color=style.PALETTE.black)
        ax.annotate(w.window, (stop, row), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=9)
    ax.set_yticks(range(len(timed)),
                  [textwrap.fill(f"{w.event} ({_short(w.sources)})", 46) for w in timed],
                  fontsize=9)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ticks = [15, 30, 60, 120, 240, 480, 1440, 2880]
    ax.set_xticks(ticks, [_time_label(t) for t in ticks])
    ax.minorticks_off()
    ax.set(xlim=(low, high), xlabel="Time without enough blood flow (log scale)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False,
              fontsize=10, handlelength=2.5, handleheight=1.5)
    return _nerve_alt(zones, timed)


def _zone_span(z: OutcomeZone) -> str:
    """A zone's stretch of time in words: "up to 4 h", "4 h to 8 h", "from 8 h on"."""
    if z.to_minutes is None:
        return f"from {_time_label(z.from_minutes)} on"
    if z.from_minutes == 0:
        return f"up to {_time_label(z.to_minutes)}"
    return f"{_time_label(z.from_minutes)} to {_time_label(z.to_minutes)}"


def _nerve_alt(zones: Sequence[OutcomeZone], timed: Sequence[NerveWindow]) -> str:
    """Alt text for the nerve time-window figure, from its zones and windows."""
    zone_text = "; ".join(f"{z.outcome.lower()}, {_zone_span(z)}" for z in zones)
    marks = "; ".join(f"{w.event.rstrip('.')}: {w.window}" for w in timed)
    sources = _short(dict.fromkeys(k for z in zones for k in z.sources))
    return ("Hours mostly from compartment-syndrome reviews, with the ESVS limit for a blocked "
            "leg artery; not from a DVT. "
            f"Timeline on a log scale of time without enough blood flow, from "
            f"{_time_label(_AXIS_MINUTES[0])} to {_time_label(_AXIS_MINUTES[1])}, shaded in "
            f"{len(zones)} zones ({sources}): {zone_text}. Marked on it, earliest first: "
            f"{marks}.")


def nerve_recovery_figure() -> tuple[Figure, str]:
    """The nerve outcome zones and time windows as a new figure, with its alt text."""
    return style.one_axes_figure(plot_nerve_recovery, 11.0, 6.0)

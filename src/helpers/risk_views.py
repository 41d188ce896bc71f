"""Notebook 04's tables and figures: how little each sign proves; risk factors on a log scale."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers import risk, style
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _data() -> dict[str, Any]:
    return load("signs_and_risks.yaml")


def _lr(e: dict[str, Any]) -> str:
    ci = f" ({e['ci'][0]:g}–{e['ci'][1]:g})" if e.get("ci") else ""
    return f"{e['finding']}: {e['value']:g}{ci}"


def signs_table() -> MarkdownTable:
    """Each sign of a DVT with its likelihood ratio (how much it raises the odds) and sources."""
    rows = []
    for s in _data()["signs"]:
        lrs = "; ".join(_lr(e) for e in s.get("lr_positive") or []) or "not quantified"
        note = s.get("specificity") or s.get("note", "")
        if s.get("typical_dvt_sign") is False:
            note = "Not a typical sign of DVT: " + note if note else "Not a typical sign of DVT"
        rows.append([s["label"], lrs, note, cite(s["sources"])])
    return MarkdownTable(["Sign", "Likelihood ratio if present (95% CI)", "How specific",
                          "Sources"], rows)


def misconceptions_table() -> MarkdownTable:
    """Common claims about DVT signs and risks, and what the sources say instead."""
    return MarkdownTable(["The claim", "What the evidence says", "Sources"],
                         [[m["claim"], m["correction"], cite(m["sources"])]
                          for m in _data()["misconceptions"]])


@dataclass(frozen=True)
class Estimate:
    """One risk factor's headline relative risk or odds ratio, with its interval and source."""

    name: str
    measure: str
    value: float
    low: float | None
    high: float | None
    sources: tuple[str, ...]


def headline_estimates() -> tuple[Estimate, ...]:
    """The plottable headline estimate of each risk factor, smallest first."""
    found = []
    for r in _data()["risk_factors"]:
        for e in r["estimates"]:
            if e.get("headline") and e.get("plot"):
                low, high = e["ci"] if e.get("ci") else (None, None)
                found.append(Estimate(r["name"], e["measure"], float(e["value"]), low, high,
                                      tuple(e["sources"])))
    return tuple(sorted(found, key=lambda x: x.value))


def risk_factor_table() -> MarkdownTable:
    """The headline estimates as a table with their sources (the plot's data)."""
    return MarkdownTable(["Risk factor", "Estimate (95% CI)", "Source"],
                         [[e.name, f"{e.measure} {e.value:g}"
                           + (f" ({e.low:g}–{e.high:g})" if e.low else ""), cite(e.sources)]
                          for e in headline_estimates()])


def plot_risk_factors(ax: Axes) -> str:
    """Draw each factor's estimate and 95% CI on a log axis; return alt text from the data."""
    from matplotlib.ticker import FuncFormatter

    estimates = headline_estimates()
    for y, e in enumerate(estimates):
        if e.low is not None:
            ax.plot([e.low, e.high], [y, y], color=style.PALETTE.blue, linewidth=2.5)
        ax.plot(e.value, y, marker="o", markersize=9, color=style.PALETTE.vermillion,
                markeredgecolor=style.PALETTE.black)
        ax.annotate(f"{e.measure} {e.value:g}", (e.high or e.value, y), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=10)
    ax.axvline(1, color=style.PALETTE.black, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_yticks(range(len(estimates)), [e.name for e in estimates])
    top = max((e.high or e.value) for e in estimates)
    ax.set_xlim(0.8, 10 ** math.ceil(math.log10(top) + 0.5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    ax.set_xlabel("Relative risk or odds ratio, log scale (1 = no extra risk)")
    top_ratio = estimates[-1].value / estimates[0].value
    parts = "; ".join(f"{e.name} {e.measure} {e.value:g}" for e in estimates)
    return (f"Forest plot on a log scale of {len(estimates)} risk factors for venous "
            f"thrombosis, smallest to largest: {parts}. Every estimate lies to the right of 1, "
            f"the line of no extra risk; the largest is about {top_ratio:.0f} times the smallest.")


def risk_factor_figure() -> tuple[Figure, str]:
    """The risk-factor forest plot as a new figure, with its alt text."""
    return style.one_axes_figure(plot_risk_factors, 10.0, 6.5)


def wells_guidance_table() -> MarkdownTable:
    """When to use the Wells score, when not to, and its pitfalls, each with its sources."""
    titles = {"use_when": "Use it", "do_not_use_when": "Do not use it", "pitfalls": "Pitfall"}
    return MarkdownTable(["", "Guidance", "Sources"],
                         [[title, note.text, cite(note.sources)]
                          for section, title in titles.items()
                          for note in risk.wells_dvt_notes(section)])

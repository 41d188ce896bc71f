"""Figures and the slider explorer for notebook 01: the cascade diagram and thrombin curves."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers import coagulation, style
from helpers._data import load
from helpers.display import LiveWithTwin

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

GROUPS = {  # colour, edge style and the legend's words: colour is never the only cue
    "extrinsic": (style.PALETTE.orange, "solid", "Extrinsic (tissue factor)"),
    "intrinsic": (style.PALETTE.sky_blue, "solid", "Intrinsic (contact)"),
    "common": (style.PALETTE.blue, "solid", "Common pathway"),
    "anticoagulant": (style.PALETTE.green, "dashed", "Natural anticoagulants"),
    "fibrinolysis": (style.PALETTE.purple, "dotted", "Fibrinolysis"),
}
EDGE_STYLES = {"activates": ("-|>", "solid"), "feedback": ("-|>", "dotted"),
               "inhibits": ("-[", "dashed"), "dissolves": ("-[", "dotted")}


def plot_cascade(ax: Axes) -> str:
    """Draw the cascade from data/cascade.yaml; return alt text built from the same data."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    data = load("cascade.yaml")
    nodes = data["nodes"]
    boxes = {}
    for key, node in nodes.items():
        colour, line, _ = GROUPS[node["group"]]
        boxes[key] = ax.add_patch(FancyBboxPatch(
            (node["x"] - 0.75, node["y"] - 0.36), 1.5, 0.72, boxstyle="round,pad=0.05",
            facecolor=colour + "33", edgecolor=colour, linestyle=line, linewidth=2.2))
        ax.text(node["x"], node["y"], node["label"], ha="center", va="center", fontsize=9.5)
    for edge in data["edges"]:
        a, b = nodes[edge["from"]], nodes[edge["to"]]
        arrow, line = EDGE_STYLES[edge["kind"]]
        ax.add_patch(FancyArrowPatch((a["x"], a["y"]), (b["x"], b["y"]), arrowstyle=arrow,
                                     mutation_scale=14, linestyle=line, linewidth=1.4,
                                     color="#333333", patchA=boxes[edge["from"]],
                                     patchB=boxes[edge["to"]], shrinkA=3, shrinkB=3,
                                     connectionstyle="arc3,rad=0.08"))
    for i, (colour, line, words) in enumerate(GROUPS.values()):
        ax.add_patch(FancyBboxPatch((7.0, 7.6 - 0.6 * i), 0.4, 0.3, boxstyle="round,pad=0.02",
                                    facecolor=colour + "33", edgecolor=colour, linestyle=line,
                                    linewidth=2))
        ax.text(7.55, 7.75 - 0.6 * i, words, va="center", fontsize=10)
    ax.text(7.0, 4.4, "→ activates\n⊣ (dashed) inhibits\n⋯ feedback or dissolves",
            va="top", fontsize=10)
    ax.set(xlim=(-0.4, 10.2), ylim=(-0.4, 8.6))
    ax.axis("off")
    def name(key: str) -> str:
        return nodes[key]["label"].replace("\n", " ")

    chain = "; then ".join(name(k) for k, n in nodes.items() if n["group"] == "common")
    brakes = "; ".join(
        f"{name(k)} blocks " + " and ".join(name(e["to"]) for e in data["edges"]
                                           if e["from"] == k and e["kind"] == "inhibits")
        for k, n in nodes.items() if n["group"] == "anticoagulant")
    return (f"Diagram of the coagulation cascade with {len(nodes)} steps. Tissue factor with "
            f"factor VIIa (extrinsic) and XII → XI → IX (intrinsic) both activate factor X. "
            f"Common pathway: {chain}. Natural anticoagulants: {brakes}. Fibrinolysis: plasmin "
            "dissolves cross-linked fibrin, releasing D-dimer.")


def cascade_figure() -> tuple[Figure, str]:
    """The cascade diagram as a new figure, with its alt text."""
    fig = style.new_figure(11.0, 8.0)
    alt = plot_cascade(fig.add_axes((0, 0, 1, 1)))
    return fig, alt


def plot_thrombin(ax: Axes, curves: list[coagulation.ThrombinCurve],
                  labels: list[str]) -> str:
    """Draw thrombin curves with the 2 nM lag marker; return alt text from their numbers."""
    line_styles = ["solid", "dashed", "dotted", "dashdot"]
    for i, (curve, label) in enumerate(zip(curves, labels, strict=True)):
        ax.plot(curve.time_min, curve.thrombin_nm, linestyle=line_styles[i % 4], label=label)
    ax.axhline(coagulation.LAG_MARKER_NM, color="#555555", linewidth=1, linestyle=":")
    ax.set(xlabel="Time (min)", ylabel="Thrombin activity (nM)", xlim=(0, 20))
    ax.legend(loc="upper right", frameon=False)
    parts = [f"{label}: " + (f"lag {c.lag_min:.1f} min, peak {c.peak_nm:.0f} nM at "
                             f"{c.time_to_peak_min:.1f} min" if c.burst else
                             "no burst, thrombin stays below 2 nM")
             for c, label in zip(curves, labels, strict=True)]
    return "Thrombin activity over 20 minutes. " + "; ".join(parts) + "."


@dataclass
class ExplorerControls:
    """The explorer's widgets, kept so tests (and teachers) can drive them."""

    tissue_factor: Any
    washout: Any
    antithrombin: Any
    summary: Any
    plot: Any           # HTML widget holding the figure as an <img> with alt text
    last: coagulation.ThrombinCurve | None = None


def summary_html(curve: coagulation.ThrombinCurve) -> str:
    """One line a learner reads: lag time, peak and area, or that no burst happened."""
    if not curve.burst:
        return ("<p><strong>No clotting burst:</strong> thrombin stays below 2 nM for 20 "
                "minutes. Flow or antithrombin wins against this trigger.</p>")
    return (f"<p><strong>Lag</strong> {curve.lag_min:.1f} min · <strong>peak</strong> "
            f"{curve.peak_nm:.0f} nM at {curve.time_to_peak_min:.1f} min · <strong>area"
            f"</strong> {curve.area_nm_min:.0f} nM·min</p>")


def thrombin_explorer() -> ExplorerControls:
    """Sliders for trigger, flow and antithrombin driving a live thrombin curve."""
    import ipywidgets as w

    controls = ExplorerControls(
        tissue_factor=w.FloatLogSlider(value=5.0, base=10, min=0, max=1.6, step=0.05,
                                       description="Tissue factor (pM)",
                                       style={"description_width": "12em"},
                                       layout=w.Layout(width="34em")),
        washout=w.FloatSlider(value=0.0, min=0.0, max=0.02, step=0.001, readout_format=".3f",
                              description="Flow washout (1/s)",
                              style={"description_width": "12em"},
                              layout=w.Layout(width="34em")),
        antithrombin=w.FloatSlider(value=100.0, min=0.0, max=200.0, step=5.0,
                                   description="Antithrombin (%)",
                                   style={"description_width": "12em"},
                                   layout=w.Layout(width="34em")),
        summary=w.HTML(), plot=w.HTML())

    def update(_change: object = None) -> None:
        try:
            curve = coagulation.thrombin_generation(controls.tissue_factor.value,
                                                    controls.washout.value,
                                                    controls.antithrombin.value)
        except (ValueError, RuntimeError) as error:
            controls.summary.value = f"<p>⚠ {html.escape(str(error))}</p>"
            return
        controls.last = curve
        controls.summary.value = summary_html(curve)
        reference = coagulation.default_curve()
        fig = style.new_figure(8.0, 4.0)
        alt = plot_thrombin(fig.add_subplot(), [reference, curve],
                            ["default (5 pM, no flow, 100 % AT)", "your settings"])
        controls.plot.value = style.with_alt(fig, alt).html()

    for slider in (controls.tissue_factor, controls.washout, controls.antithrombin):
        slider.observe(update, names="value")
    update()
    return controls


def show_explorer() -> LiveWithTwin:
    """The explorer: live sliders with a kernel, the default curve as a static twin without."""
    import ipywidgets as w

    c = thrombin_explorer()
    curve = coagulation.default_curve()
    fig = style.new_figure(8.0, 4.0)
    alt = plot_thrombin(fig.add_subplot(), [curve], ["default (5 pM, no flow, 100 % AT)"])
    twin = (f"{style.with_alt(fig, alt).html()}{summary_html(curve)}<p><em>Run this notebook "
            "(JupyterLab, Binder or Voila) to move the sliders.</em></p>")
    box = w.VBox([c.tissue_factor, c.washout, c.antithrombin, c.summary, c.plot])
    return LiveWithTwin(box, twin, "Thrombin explorer: " + alt)

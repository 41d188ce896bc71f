"""Figures and the slider explorer for notebook 01: the cascade diagram and thrombin curves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers import coagulation, display, style
from helpers._data import load

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


def thrombin_alt(curves: list[coagulation.ThrombinCurve], labels: list[str]) -> str:
    """Alt text for thrombin curves, from their numbers."""
    parts = [f"{label}: " + (f"lag {c.lag_min:.1f} min, peak {c.peak_nm:.0f} nM at "
                             f"{c.time_to_peak_min:.1f} min" if c.burst else
                             "no burst, thrombin stays below 2 nM")
             for c, label in zip(curves, labels, strict=True)]
    return "Thrombin activity over 20 minutes. " + "; ".join(parts) + "."


def plot_thrombin(ax: Axes, curves: list[coagulation.ThrombinCurve],
                  labels: list[str]) -> str:
    """Draw thrombin curves with the 2 nM lag marker; return alt text from their numbers."""
    line_styles = ["solid", "dashed", "dotted", "dashdot"]
    for i, (curve, label) in enumerate(zip(curves, labels, strict=True)):
        ax.plot(curve.time_min, curve.thrombin_nm, linestyle=line_styles[i % 4], label=label)
    ax.axhline(coagulation.LAG_MARKER_NM, color="#555555", linewidth=1, linestyle=":")
    ax.set(xlabel="Time (min)", ylabel="Thrombin activity (nM)", xlim=(0, 20))
    ax.legend(loc="upper right", frameon=False)
    return thrombin_alt(curves, labels)


FLOW_SETTINGS = {"stagnant (0 /s)": 0.0, "gentle flow (0.001 /s)": 0.001,
                 "brisk flow (0.01 /s)": 0.01}


def flow_figure() -> tuple[Figure, str]:
    """The static figure figures/01_thrombin_flow: the default trigger in stagnant, gently and
    briskly flowing blood (FLOW_SETTINGS), with its alt text."""
    curves = [coagulation.thrombin_generation(washout_per_s=rate)
              for rate in FLOW_SETTINGS.values()]
    fig = style.new_figure()
    alt = plot_thrombin(fig.add_subplot(), curves, list(FLOW_SETTINGS))
    return fig, alt


# --- the explorer: one declaration, live in a kernel and static in the pages ---------------------

TISSUE_FACTOR_STOPS_PM = (1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 40, 50)
WASHOUT_STOPS_PER_S = tuple(i * 0.0025 for i in range(9))          # 0 to 0.02 per second
ANTITHROMBIN_STOPS_PERCENT = tuple(range(0, 201, 25))
DEFAULT_LABEL = "default (5 pM, no flow, 100 % AT)"
CURVE_EVERY = 3                      # every third solver point: one each 15 s, 81 a curve


def summary_text(curve: coagulation.ThrombinCurve) -> str:
    """One line a learner reads: lag time, peak and area, or that no burst happened."""
    if not curve.burst:
        return ("No clotting burst: thrombin stays below 2 nM for 20 minutes. Flow or "
                "antithrombin wins against this trigger.")
    return (f"Lag {curve.lag_min:.1f} min · peak {curve.peak_nm:.0f} nM at "
            f"{curve.time_to_peak_min:.1f} min · area {curve.area_nm_min:.0f} nM·min")


def thrombin_frame(values: dict[str, Any]) -> display.Frame:
    """Solve the model for the explorer's settings; the sentence and the chart to show."""
    curve = coagulation.thrombin_generation(values["tissue_factor"], values["washout"],
                                            values["antithrombin"])
    reference = coagulation.default_curve()
    top = display.nice_top(max(reference.peak_nm, curve.peak_nm, 10.0) * 1.05)

    def line(c: coagulation.ThrombinCurve, label: str, colour: str, dash: str = ""
             ) -> dict[str, Any]:
        y = c.thrombin_nm[::CURVE_EVERY]
        return display.series(y, float(c.time_min[0]), float(c.time_min[::CURVE_EVERY][-1]),
                              label, colour, dash)

    chart = {"panels": [display.panel(
        x=(0.0, 20.0), x_label="Time (min)", x_ticks=[(t, f"{t:g}") for t in range(0, 21, 5)],
        y_top=top, y_label="Thrombin activity (nM)", y_ticks=display.ticks(top),
        hline=(coagulation.LAG_MARKER_NM, "2 nM lag marker"),
        lines=[line(reference, "default", "#555555", "dashed"),
               line(curve, "your settings", style.PALETTE.blue)])]}
    lead = thrombin_alt([reference], [f"dashed line, {DEFAULT_LABEL}"]).removesuffix(".")
    return display.Frame(summary_text(curve), chart=chart, result=curve,
                         alt_lead=f"{lead}; solid line, your settings:")


EXPLORER = display.Explorer(
    name="thrombin", title="Thrombin explorer",
    controls=(
        display.Slider("tissue_factor", "Tissue factor (trigger)",
                       display.slider_stops(TISSUE_FACTOR_STOPS_PM, "pM"), 5.0),
        display.Slider("washout", "Flow washout",
                       display.slider_stops(WASHOUT_STOPS_PER_S, "per s"), 0.0),
        display.Slider("antithrombin", "Antithrombin",
                       display.slider_stops(ANTITHROMBIN_STOPS_PERCENT, "%"), 100.0)),
    frame=thrombin_frame,
    sources=("coagulation.py", "coagulation_views.py", "data/hockin_mann.yaml"),
    solvers=("numpy", "scipy"))


def thrombin_explorer() -> display.Live:
    """The explorer's live widgets (sliders, sentence, chart), drawn once at default settings."""
    return EXPLORER.live()


def show_explorer() -> display.ExplorerView:
    """The explorer: live sliders with a kernel; in a page, the same sliders over solved curves."""
    return EXPLORER.view()

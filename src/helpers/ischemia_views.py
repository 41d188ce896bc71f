"""Figures and the obstruction slider for the compression model of ``helpers.ischemia``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from helpers import display, ischemia, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DEFAULT_OBSTRUCTION = 0.5
DEFAULT_DIASTOLIC_MMHG = 70.0


def plot_compression(ax: Axes, curve: ischemia.CompressionCurve,
                     state: ischemia.CompressionState | None = None) -> str:
    """Draw compartment pressure and ΔP against obstruction; return alt text from the data."""
    percent = curve.obstruction * 100
    ax.plot(percent, curve.compartment_mmhg, color=style.PALETTE.orange, linestyle="-",
            label="Compartment pressure")
    ax.plot(percent, curve.delta_p_mmhg, color=style.PALETTE.blue, linestyle="--",
            label="ΔP = diastolic − compartment")
    ax.axhline(ischemia.DELTA_P_THRESHOLD_MMHG, color=style.PALETTE.vermillion,
               linestyle=":", linewidth=2, label="30 mmHg danger line")
    if curve.crossing_obstruction is not None:
        ax.axvspan(curve.crossing_obstruction * 100, 100, facecolor="none", hatch="//",
                   edgecolor=style.PALETTE.vermillion, alpha=0.5, linewidth=0,
                   label="ΔP below 30 mmHg")
    if state is not None:
        ax.plot([state.obstruction * 100], [state.delta_p_mmhg], marker="o", markersize=10,
                color=style.PALETTE.black, linestyle="none", label="Your setting")
    ax.set(xlabel="Venous outflow blocked (%)", ylabel="Pressure (mmHg)", xlim=(0, 100),
           ylim=(0, max(curve.diastolic_bp_mmhg, float(curve.compartment_mmhg.max())) + 10),
           title=f"Illustrative model, diastolic {curve.diastolic_bp_mmhg:.0f} mmHg")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=11)
    return compression_alt(curve, state)


def compression_alt(curve: ischemia.CompressionCurve,
                    state: ischemia.CompressionState | None = None) -> str:
    """Alt text for the compression chart, written from the curve and the chosen setting."""
    crossing = ("never falls below 30 mmHg" if curve.crossing_obstruction is None
                else f"falls below the 30 mmHg danger line at "
                     f"{curve.crossing_obstruction:.0%} obstruction")
    alt = (f"Line chart of an illustrative model. As venous outflow is blocked from 0 to 100%, "
           f"compartment pressure rises from {curve.compartment_mmhg[0]:.0f} to "
           f"{curve.compartment_mmhg[-1]:.0f} mmHg, slowly at first and steeply near complete "
           f"obstruction, and ΔP (diastolic {curve.diastolic_bp_mmhg:.0f} mmHg minus "
           f"compartment pressure) falls from {curve.delta_p_mmhg[0]:.0f} to "
           f"{curve.delta_p_mmhg[-1]:.0f} mmHg; ΔP {crossing}.")
    if state is not None:
        alt += (f" A dot marks the chosen setting: {state.obstruction:.0%} blocked, "
                f"ΔP {state.delta_p_mmhg:.0f} mmHg.")
    return alt


def compression_figure(obstruction: float = DEFAULT_OBSTRUCTION,
                       diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG
                       ) -> tuple[Figure, str]:
    """The compression curve with one setting marked, as a new figure and its alt text."""
    state = ischemia.compression_state(obstruction, diastolic_bp_mmhg)
    curve = ischemia.compression_curve(diastolic_bp_mmhg)
    return style.one_axes_figure(lambda ax: plot_compression(ax, curve, state), 10.0, 4.5)


# --- the explorer: one declaration, live in a kernel and in the pages ---------------------------
# The compression algebra is closed form, so the page evaluates it in JavaScript
# (templates/explorers/compression.js) from the same parameters; tests check both agree.

OBSTRUCTION_STOPS = tuple(i / 100 for i in range(101))


def compression_frame(values: dict[str, Any]) -> display.Frame:
    """The steady state for the chosen obstruction and diastolic pressure, and its chart."""
    state = ischemia.compression_state(values["obstruction"], values["diastolic"])
    curve = ischemia.compression_curve(state.diastolic_bp_mmhg)
    percent = [float(x) * 100 for x in curve.obstruction]
    top = display.nice_top(max(curve.diastolic_bp_mmhg, float(curve.compartment_mmhg.max()))
                           + 10)
    lines = [display.series([float(v) for v in curve.compartment_mmhg], percent[0],
                            percent[-1], "Compartment pressure", style.PALETTE.orange),
             display.series([max(float(v), 0.0) for v in curve.delta_p_mmhg], percent[0],
                            percent[-1], "ΔP", style.PALETTE.blue, "dashed")]
    hatch = (None if curve.crossing_obstruction is None
             else (curve.crossing_obstruction * 100, "ΔP below 30 mmHg"))
    chart = {"panels": [display.panel(
        x=(0.0, 100.0), x_label="Venous outflow blocked (%)",
        x_ticks=[(float(t), f"{t}") for t in range(0, 101, 20)], y_top=top,
        y_label="Pressure (mmHg)", y_ticks=display.ticks(top),
        hline=(ischemia.DELTA_P_THRESHOLD_MMHG, "30 mmHg danger line"), hatch=hatch,
        dot=(state.obstruction * 100, max(state.delta_p_mmhg, 0.0), "your setting"),
        lines=lines)]}
    return display.Frame(state.sentence(), chart=chart, alt=compression_alt(curve, state),
                         result=state)


def model_data() -> dict[str, Any]:
    """What the page's script needs to evaluate the model: the parameters and the limits."""
    return {"params": dataclasses.asdict(ischemia.DEFAULT_PARAMETERS),
            "threshold": ischemia.DELTA_P_THRESHOLD_MMHG,
            "diastolic_range": list(ischemia.DIASTOLIC_RANGE_MMHG), "levels": 101,
            "colours": {"compartment": style.PALETTE.orange, "delta_p": style.PALETTE.blue}}


EXPLORER = display.Explorer(
    name="compression", title="Compression explorer",
    controls=(
        display.Slider("obstruction", "Veins blocked",
                       tuple((f"{o:.0%}", o) for o in OBSTRUCTION_STOPS), DEFAULT_OBSTRUCTION),
        display.Number("diastolic", "Diastolic BP (mmHg)", DEFAULT_DIASTOLIC_MMHG,
                       *ischemia.DIASTOLIC_RANGE_MMHG)),
    frame=compression_frame, script="compression.js", script_data=model_data)


def build_explorer(obstruction: float = DEFAULT_OBSTRUCTION,
                   diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG
                   ) -> tuple[Any, display.Live]:
    """The slider, the blood-pressure box, the sentence and the chart; drawn once."""
    live = EXPLORER.live({"obstruction": obstruction, "diastolic": diastolic_bp_mmhg})
    return live.box, live


def explorer(obstruction: float = DEFAULT_OBSTRUCTION,
             diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG) -> display.ExplorerView:
    """The compression explorer (slider, blood pressure, ΔP sentence, chart), ready to display."""
    state = ischemia.compression_state(obstruction, diastolic_bp_mmhg)
    return EXPLORER.view(f"Compression explorer. {state.sentence()}",
                         {"obstruction": obstruction, "diastolic": diastolic_bp_mmhg})

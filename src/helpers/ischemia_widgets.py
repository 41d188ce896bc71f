"""Figures and the obstruction slider for the compression model of ``helpers.ischemia``."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers import ischemia, style
from helpers.display import LiveWithTwin

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


@dataclass
class CompressionControls:
    """The widgets of the compression explorer, kept so tests (and teachers) can drive them."""

    obstruction: Any     # FloatSlider, fraction 0–1
    diastolic: Any       # FloatText, mmHg
    status: Any          # HTML: the ΔP sentence, or a message for an invalid value
    figure: Any          # Output holding the figure
    last_alt: str = ""   # alt text of the figure shown now


def _status_html(text: str, warning: bool = False) -> str:
    """The status line as HTML (escaped), with a warning sign for invalid input."""
    icon = "⚠ " if warning else ""
    return f'<p class="cn-status" aria-live="polite">{icon}{html.escape(text)}</p>'


def _update(controls: CompressionControls) -> None:
    """Recompute the model for the current controls; show the figure and the ΔP sentence."""
    try:
        state = ischemia.compression_state(controls.obstruction.value, controls.diastolic.value)
    except ValueError as error:
        controls.status.value = _status_html(str(error), warning=True)
        return
    fig, alt = compression_figure(state.obstruction, state.diastolic_bp_mmhg)
    controls.last_alt = alt
    # The same figure-with-alt that style.show displays, put into the Output by setting its
    # outputs: no display messages leak into the notebook cell (nbval compares those).
    controls.figure.outputs = ()
    controls.figure.append_display_data(style.with_alt(fig, alt))
    controls.status.value = _status_html(state.sentence())


def build_explorer(obstruction: float = DEFAULT_OBSTRUCTION,
                   diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG
                   ) -> tuple[Any, CompressionControls]:
    """Build the slider, the blood-pressure box, the status line and the figure; draw once."""
    import ipywidgets as w

    slider = w.FloatSlider(value=obstruction, min=0.0, max=1.0, step=0.01,
                           description="Veins blocked", readout_format=".0%",
                           continuous_update=False, style={"description_width": "9em"},
                           layout=w.Layout(width="32em"))
    diastolic = w.FloatText(value=diastolic_bp_mmhg, description="Diastolic BP (mmHg)",
                            style={"description_width": "9em"}, layout=w.Layout(width="16em"))
    controls = CompressionControls(slider, diastolic, w.HTML(), w.Output())
    for control in (slider, diastolic):
        control.observe(lambda _change: _update(controls), names="value")
    _update(controls)
    box = w.VBox([slider, diastolic, controls.status, controls.figure])
    return box, controls


class CompressionExplorer(LiveWithTwin):
    """The explorer for display: live widgets with a kernel, a static figure and text elsewhere."""

    def __init__(self, obstruction: float = DEFAULT_OBSTRUCTION,
                 diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG) -> None:
        self.state = ischemia.compression_state(obstruction, diastolic_bp_mmhg)
        widget, self.controls = build_explorer(obstruction, diastolic_bp_mmhg)
        fig, alt = compression_figure(self.state.obstruction, self.state.diastolic_bp_mmhg)
        png = base64.b64encode(style.png_bytes(fig)).decode("ascii")
        twin = (f'<figure class="cn-explorer"><img src="data:image/png;base64,{png}" '
                f'alt="{html.escape(alt)}" style="max-width:100%">'
                f"<figcaption>{html.escape(self.state.sentence())} In the live notebook a "
                f"slider moves the dot.</figcaption></figure>")
        super().__init__(widget, twin, f"Compression explorer. {self.state.sentence()}")

    def static_html(self) -> str:
        """The first figure and sentence as plain HTML, for pages read without a kernel."""
        return self.twin_html


def explorer(obstruction: float = DEFAULT_OBSTRUCTION,
             diastolic_bp_mmhg: float = DEFAULT_DIASTOLIC_MMHG) -> CompressionExplorer:
    """The compression explorer (slider, blood pressure, ΔP sentence, figure), ready to display."""
    return CompressionExplorer(obstruction, diastolic_bp_mmhg)

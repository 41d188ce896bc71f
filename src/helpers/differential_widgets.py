"""Live views for notebook 05: the comparison tool and the Fagan nomogram, each with a static twin.

Both follow ``display.LiveWithTwin``: ipywidgets where a kernel runs, plain HTML (a worked
example) where none does. Callbacks catch ValueError and show it inline, never as a traceback.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from helpers import diagnosis, differential, pathway
from helpers.display import LiveWithTwin

WORKED_CASE = {"onset": "sudden", "legs": "one", "distribution": "whole_limb_below_level",
               "pain": "severe", "skin": "pale_cold", "pulses": "reduced_absent"}
"""The case the static page shows: a sudden, cold, pale, pulseless, numb leg."""

_NOT_SET = "— not set —"


def _status_html(text: str, warning: bool = False) -> str:
    icon = "⚠ " if warning else ""
    return f'<p class="cn-status" aria-live="polite">{icon}{html.escape(text)}</p>'


# --- the comparison tool -------------------------------------------------------------------------

@dataclass
class ComparisonControls:
    """The comparison tool's widgets, kept so tests (and teachers) can drive them."""

    dropdowns: dict[str, Any]        # feature key → Dropdown (value None = not set)
    reset: Any                       # Button
    result: Any                      # HTML: the ranked causes, or a message
    last: differential.Comparison | None = None


def _update_comparison(controls: ComparisonControls) -> None:
    case = {k: d.value for k, d in controls.dropdowns.items()}
    try:
        comparison = differential.compare(case)
    except ValueError as error:
        controls.result.value = _status_html(str(error), warning=True)
        return
    controls.last = comparison
    controls.result.value = comparison.html()


def build_comparison(case: Mapping[str, str] | None = None) -> tuple[Any, ComparisonControls]:
    """One dropdown per feature, a reset button and the ranked result; compare once."""
    import ipywidgets as w

    start = dict(case or {})
    differential.compare(start)                       # a bad starting case raises here
    dropdowns = {}
    for key in differential.FINDING_FEATURES:
        feature = differential.FEATURES[key]
        options = [(_NOT_SET, None), *((label, value) for value, label in feature.values.items())]
        dropdowns[key] = w.Dropdown(options=options, value=start.get(key),
                                    description=feature.label,
                                    style={"description_width": "11em"},
                                    layout=w.Layout(width="36em"))
    controls = ComparisonControls(dropdowns, w.Button(description="Clear the case",
                                                      tooltip="Set every feature to not set"),
                                  w.HTML())

    def clear(_button: object) -> None:
        for dropdown in controls.dropdowns.values():
            dropdown.unobserve(on_change, names="value")
            dropdown.value = None
            dropdown.observe(on_change, names="value")
        _update_comparison(controls)

    def on_change(_change: object) -> None:
        _update_comparison(controls)

    for dropdown in dropdowns.values():
        dropdown.observe(on_change, names="value")
    controls.reset.on_click(clear)
    _update_comparison(controls)
    box = w.VBox([w.HTML(f"<p><em>{html.escape(differential.TEACHING_AID)}</em></p>"),
                  *dropdowns.values(), controls.reset, controls.result])
    return box, controls


class ComparisonTool(LiveWithTwin):
    """The comparison tool: dropdowns with a kernel; a worked case as HTML without one."""

    def __init__(self, case: Mapping[str, str] | None = None) -> None:
        widget, self.controls = build_comparison(case)
        worked = differential.compare(WORKED_CASE)
        twin = (f'<section class="cn-explorer" aria-label="Comparison tool, worked example">'
                f"<p><strong>Worked example</strong> (run this notebook to set your own case "
                f"with one drop-down list per feature):</p>{worked.html()}</section>"
                "<p><em>Run this notebook (JupyterLab, Binder or Voila) to use the "
                "drop-down lists.</em></p>")
        super().__init__(widget, twin,
                         f"Comparison tool. Worked example: {worked.message}")


def comparison(case: Mapping[str, str] | None = None) -> ComparisonTool:
    """The interactive comparison of a case with the causes of a numb leg, ready to display."""
    return ComparisonTool(case)


# --- the Fagan nomogram --------------------------------------------------------------------------

@dataclass
class FaganControls:
    """The nomogram's widgets, kept so tests (and teachers) can drive them."""

    pretest: Any                     # FloatSlider, percent
    result: Any                      # Dropdown of test results (label → key)
    status: Any                      # HTML: the post-test sentence, or a message
    plot: Any                        # HTML: the nomogram as inline SVG
    last: pathway.FaganReading | None = None
    results: Mapping[str, pathway.ResultLR] = field(default_factory=dict)


def _update_fagan(controls: FaganControls) -> None:
    try:
        result = controls.results[controls.result.value]
        reading = pathway.fagan_reading(controls.pretest.value / 100, result.likelihood_ratio,
                                        result.label)
    except (KeyError, ValueError) as error:
        message = str(error) if isinstance(error, ValueError) else "Choose a test result."
        controls.status.value = _status_html(message, warning=True)
        return
    controls.last = reading
    controls.status.value = _status_html(reading.sentence())
    controls.plot.value = pathway.fagan_svg(reading)


def build_fagan(pretest: float = pathway.DEFAULT_PRETEST,
                result: str = "d_dimer_negative") -> tuple[Any, FaganControls]:
    """A pre-test slider (percent), a test-result list, the sentence and the nomogram."""
    import ipywidgets as w

    results = {r.key: r for r in pathway.result_options()}
    if result not in results:
        raise ValueError(f"unknown test result {result!r}; choose one of {list(results)}")
    pathway.fagan_reading(pretest, results[result].likelihood_ratio)    # checks pretest
    low, high = pathway.PRETEST_RANGE
    slider = w.FloatSlider(value=round(pretest * 100, 1), min=low * 100, max=high * 100,
                           step=0.5, description="Pre-test (%)", readout_format=".1f",
                           continuous_update=False, style={"description_width": "9em"},
                           layout=w.Layout(width="34em"))
    dropdown = w.Dropdown(options=[(r.label, r.key) for r in results.values()], value=result,
                          description="Test result", style={"description_width": "9em"},
                          layout=w.Layout(width="40em"))
    controls = FaganControls(slider, dropdown, w.HTML(), w.HTML(), results=results)
    for control in (slider, dropdown):
        control.observe(lambda _change: _update_fagan(controls), names="value")
    _update_fagan(controls)
    return w.VBox([slider, dropdown, controls.status, controls.plot]), controls


class FaganNomogram(LiveWithTwin):
    """The nomogram: slider and list with a kernel; worked readings as HTML without one."""

    def __init__(self, pretest: float = pathway.DEFAULT_PRETEST,
                 result: str = "d_dimer_negative") -> None:
        widget, self.controls = build_fagan(pretest, result)
        reading = self.controls.last
        assert reading is not None
        rows = "".join(
            f'<tr><td style="text-align:left">{html.escape(r.label)}</td>'
            f"<td>{r.likelihood_ratio:.2f}</td><td>"
            f"{diagnosis.post_test_probability(reading.pretest, r.likelihood_ratio):.1%}"
            "</td></tr>" for r in pathway.result_options())
        twin = (f'<figure class="cn-explorer">{pathway.fagan_svg(reading)}<figcaption>'
                f"{html.escape(reading.sentence())}</figcaption></figure>"
                f"<table><caption>From a pre-test probability of {reading.pretest:.0%}: "
                "each result</caption><thead><tr><th scope=\"col\" style=\"text-align:left\">"
                "Result</th>"
                "<th scope=\"col\">Likelihood ratio</th><th scope=\"col\">Post-test "
                f"probability</th></tr></thead><tbody>{rows}</tbody></table>"
                "<p><em>Run this notebook (JupyterLab, Binder or Voila) to move the slider "
                "and choose other results.</em></p>")
        super().__init__(widget, twin, f"Fagan nomogram. {reading.sentence()}")


def fagan(pretest: float = pathway.DEFAULT_PRETEST,
          result: str = "d_dimer_negative") -> FaganNomogram:
    """The interactive Fagan nomogram (pre-test slider, test result), ready to display."""
    return FaganNomogram(pretest, result)

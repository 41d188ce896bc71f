"""Explorers for notebook 05: the comparison tool and the Fagan nomogram, each declared once.

Both are ``display.Explorer`` declarations: ipywidgets where a kernel runs; in a page without
one, labelled HTML controls whose script (templates/explorers/comparison.js, fagan.js) computes
the same answer from the same data Python reads (tests compare the two on every input).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from helpers import differential, display, pathway, pathway_views

WORKED_CASE = {"onset": "sudden", "legs": "one", "distribution": "whole_limb_below_level",
               "pain": "severe", "skin": "pale_cold", "pulses": "reduced_absent"}
"""A worked case: a sudden, cold, pale, pulseless, numb leg."""

NOT_SET = "— not set —"
_LEFT = 'style="text-align:left;vertical-align:top"'


# --- the comparison tool -------------------------------------------------------------------------

def comparison_table_html(comparison: differential.Comparison) -> str:
    """The ranked causes as an HTML table (none for an empty case), then the teaching-aid line."""
    parts = []
    if comparison.case:
        head = "".join(f'<th scope="col" {_LEFT}>{h}</th>' for h in ("Rank", "Cause", "Fits?",
                                                                      "Why"))
        rows = "".join(
            f"<tr><td {_LEFT}>{n}</td><td {_LEFT}>{html.escape(fit.cause.name)}</td>"
            f"<td {_LEFT}>{differential.VERDICTS[fit.verdict]}</td>"
            f"<td {_LEFT}>{html.escape(fit.message)}</td></tr>"
            for n, fit in enumerate(comparison.ranked, 1))
        parts.append(f'<table class="cn-compare"><thead><tr>{head}</tr></thead>'
                     f"<tbody>{rows}</tbody></table>")
    parts.append(f"<p><em>{html.escape(differential.TEACHING_AID)}</em></p>")
    return "".join(parts)


def comparison_frame(values: Mapping[str, Any]) -> display.Frame:
    """The summary sentence and the ranked causes for the features set (None: not set)."""
    comparison = differential.compare(dict(values))
    return display.Frame(comparison.message, html=comparison_table_html(comparison),
                         result=comparison)


def comparison_model() -> dict[str, Any]:
    """What templates/explorers/comparison.js needs: features, causes, close pairs, words."""
    features = differential.FEATURES
    return {
        "order": list(differential.FINDING_FEATURES),
        "features": {k: {"label": features[k].label, "values": dict(features[k].values)}
                     for k in differential.FINDING_FEATURES},
        "causes": [{"key": c.key, "name": c.name, "urgency": c.urgency.value,
                    "findings": {k: {"value": f.value, "confirmed": f.confirmed}
                                 for k, f in c.findings.items()}}
                   for c in differential.CAUSES.values()],
        "close": sorted([feature, sorted(pair)] for feature, pair in differential._CLOSE),
        "wildcards": sorted([feature, value] for feature, value in differential._WILDCARDS),
        "verdicts": dict(differential.VERDICTS),
        "unconfirmed": differential.UNCONFIRMED,
        "unconfirmed_short": differential.UNCONFIRMED_SHORT, "aid": differential.TEACHING_AID}


def comparison_explorer(case: Mapping[str, str] | None = None) -> display.Explorer:
    """The comparison tool declared once: one list per feature ("not set" first)."""
    start = dict(case or {})
    differential.compare(start)                       # a bad starting case raises here
    controls = tuple(
        display.Choice(key, differential.FEATURES[key].label,
                       ((NOT_SET, None), *((label, value) for value, label
                                           in differential.FEATURES[key].values.items())),
                       start.get(key))
        for key in differential.FINDING_FEATURES)
    return display.Explorer(name="comparison", title="Comparison tool", controls=controls,
                            frame=comparison_frame, script="comparison.js",
                            script_data=comparison_model)


def comparison(case: Mapping[str, str] | None = None) -> display.ExplorerView:
    """The interactive comparison of a case with the causes of a numb leg, ready to display."""
    return comparison_explorer(case).view()     # its text: the title and the starting answer


# --- the Fagan nomogram --------------------------------------------------------------------------

PRETEST_STOPS = tuple(i / 2 for i in range(1, 200))
"""The pre-test slider's stops in percent: 0.5 to 99.5 in steps of 0.5 (the nomogram's scale)."""


def fagan_frame(values: Mapping[str, Any]) -> display.Frame:
    """The sentence and the nomogram for a pre-test probability (percent) and a test result."""
    result = pathway.result_option(values["result"])
    reading = pathway.fagan_reading(values["pretest"] / 100, result.likelihood_ratio,
                                    result.label)
    return display.Frame(reading.sentence(), alt=pathway_views.fagan_alt(reading),
                         html=pathway_views.fagan_svg(reading), result=reading)


def fagan_explorer(pretest: float = pathway.DEFAULT_PRETEST,
                   result: str = "d_dimer_negative") -> display.Explorer:
    """The nomogram declared once: a pre-test slider and a result list; fagan.js in the page."""
    start = round(pretest * 100 * 2) / 2
    if start not in PRETEST_STOPS:
        raise ValueError(f"pretest must be a probability from 0.005 to 0.995 in steps of "
                         f"0.005; got {pretest!r}")
    options = tuple((r.label, r.key) for r in pathway.result_options())
    if result not in dict((k, lab) for lab, k in options):
        raise ValueError(f"unknown test result {result!r}; choose one of "
                         f"{[k for _l, k in options]}")
    return display.Explorer(
        name="fagan", title="Fagan nomogram",
        controls=(display.Slider("pretest", "Pre-test probability",
                                 display.slider_stops(PRETEST_STOPS, "%", ".1f"), start),
                  display.Choice("result", "Test result", options, result)),
        frame=fagan_frame, script="fagan.js", script_data=pathway_views.fagan_model)


def fagan(pretest: float = pathway.DEFAULT_PRETEST,
          result: str = "d_dimer_negative") -> display.ExplorerView:
    """The interactive Fagan nomogram (pre-test slider, test result), ready to display."""
    return fagan_explorer(pretest, result).view()

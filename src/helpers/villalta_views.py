"""The Villalta calculator on screen: ipywidgets in JupyterLab and Voila, an HTML/JS form in pages.

Both views score with the same rules: the live widget calls :func:`helpers.risk.villalta`; the
static form reads :func:`rules` (the items, the 0–3 scale, the bands and the ulcer rule), embedded
in the page as JSON, and scores in JavaScript. Neither stores or sends anything.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from helpers import risk
from helpers._data import load
from helpers.display import LiveWithTwin

KINDS = (("symptom", "Symptoms, rated by the patient"), ("sign", "Signs, rated by a clinician"))
ULCER_LABEL = "Venous ulcer on this leg"


def _data() -> dict[str, Any]:
    return load("villalta.yaml")


def scale() -> tuple[tuple[int, str], ...]:
    """The item scale as (value, meaning): 0 absent, 1 mild, 2 moderate, 3 severe."""
    meaning = _data()["item_scale"]["meaning"]
    low, high = _data()["item_scale"]["min"], _data()["item_scale"]["max"]
    return tuple((v, str(meaning[v])) for v in range(low, high + 1))


def rules() -> dict[str, Any]:
    """The whole rule table as plain data, for the JavaScript form in the static page."""
    return {
        "items": [{"key": i.key, "label": i.label, "kind": i.kind}
                  for i in risk.VILLALTA_ITEMS.values()],
        "scale": {"min": _data()["item_scale"]["min"], "max": _data()["item_scale"]["max"],
                  "meaning": [[v, m] for v, m in scale()]},
        "bands": [{"name": b.name, "min": b.min_points, "max": b.max_points}
                  for b in risk.villalta_bands()],
        "ulcer": {"severity": _data()["ulcer"]["severity"], "rule": _data()["ulcer"]["rule"]},
    }


def bands_text() -> str:
    """The bands in one line: "0–4 none, 5–9 mild, 10–14 moderate, 15 or more severe"."""
    def span(b: risk.Band) -> str:
        return (f"{b.min_points} or more" if b.max_points is None
                else f"{b.min_points}–{b.max_points}")

    return ", ".join(f"{span(b)} {b.name}" for b in risk.villalta_bands())


def summary_text(result: risk.VillaltaResult) -> str:
    """The result as one sentence, without the disclaimer (the JS form builds the same)."""
    return result.explain().removesuffix(f" {risk.DISCLAIMER}")


def summary_html(result: risk.VillaltaResult) -> str:
    """The score, the severity and the bands as HTML."""
    return (f'<div class="cn-vl-summary" data-score="{result.score}" '
            f'data-severity="{result.severity}"><p><strong>{html.escape(summary_text(result))}'
            f"</strong></p><p>Bands: {html.escape(bands_text())}. "
            f"{html.escape(_data()['ulcer']['rule'])}</p></div>")


def error_html(message: str) -> str:
    """An inline message for input that cannot be scored, escaped."""
    return (f'<div class="cn-vl-summary"><p class="cn-vl-error" role="alert">Cannot score this: '
            f"{html.escape(message)}</p></div>")


# --- the live widget ----------------------------------------------------------------------------

@dataclass
class VillaltaControls:
    """The widgets of the live calculator, so tests and notebooks can drive them."""

    root: Any
    items: dict[str, Any]          # item key -> ToggleButtons (0–3)
    ulcer: Any                     # Checkbox
    summary: Any                   # HTML
    reset: Any                     # Button

    def scores(self) -> dict[str, int]:
        """The rating chosen for every item."""
        return {k: control.value for k, control in self.items.items()}

    def result(self) -> risk.VillaltaResult:
        """What the current ratings add up to."""
        return risk.villalta(self.scores(), ulcer=self.ulcer.value)

    def set(self, scores: Mapping[str, int] | None = None, ulcer: bool | None = None) -> None:
        """Set some items (others keep their rating) and the ulcer box; bad values are refused.

        The new state is checked with :func:`helpers.risk.villalta` before any control changes,
        so a ValueError names the bad item or value and leaves the calculator as it was.
        """
        if scores is not None and not isinstance(scores, Mapping):
            raise ValueError(f"scores must map Villalta items to 0–3, such as {{'pain': 1}}; "
                             f"got {scores!r}")
        merged = {**self.scores(), **(scores or {})}
        new_ulcer = self.ulcer.value if ulcer is None else ulcer
        risk.villalta(merged, ulcer=new_ulcer)           # raises a clear ValueError
        for key, value in merged.items():
            self.items[key].value = int(value)
        self.ulcer.value = bool(new_ulcer)


def _update(controls: VillaltaControls) -> None:
    """Redraw the summary; a failure shows as a message, never a traceback."""
    try:
        result = controls.result()
    except (ValueError, KeyError) as error:
        controls.summary.value = error_html(str(error))
        return
    controls.summary.value = summary_html(result)


def build_calculator() -> VillaltaControls:
    """The 11 items as 0–3 toggle buttons plus the ulcer box, showing a score of 0 at first."""
    import ipywidgets as w

    options = [(f"{v} {m}", v) for v, m in scale()]
    items = {i.key: w.ToggleButtons(options=options, value=0, description=i.label,
                                    tooltips=[f"{i.label}: {m}" for _v, m in scale()],
                                    style={"description_width": "13em", "button_width": "7em"})
             for i in risk.VILLALTA_ITEMS.values()}
    ulcer = w.Checkbox(value=False, description=ULCER_LABEL, indent=False)
    reset = w.Button(description="Reset all to 0", tooltip="Set every item to 0 and untick ulcer")
    summary = w.HTML()
    groups = [w.VBox([w.HTML(f"<strong>{html.escape(title)}</strong>"),
                      *(items[k] for k, i in risk.VILLALTA_ITEMS.items() if i.kind == kind)])
              for kind, title in KINDS]
    root = w.VBox([summary, *groups, ulcer, reset])
    controls = VillaltaControls(root, items, ulcer, summary, reset)
    for control in (*items.values(), ulcer):
        control.observe(lambda _change: _update(controls), names="value")
    reset.on_click(lambda _button: controls.set(dict.fromkeys(items, 0), ulcer=False))
    _update(controls)
    return controls


# --- the static form ----------------------------------------------------------------------------

def _script() -> str:
    script = resources.files("helpers").joinpath("templates", "villalta", "villalta.js")
    return script.read_text("utf-8")


def static_html() -> str:
    """A self-contained HTML/JavaScript calculator (no kernel, no network) from the same rules."""
    def item(i: risk.VillaltaItem) -> str:
        radios = "".join(
            f'<span class="cn-vl-choice"><input type="radio" name="cn-vl-{i.key}" '
            f'id="cn-vl-{i.key}-{v}" value="{v}" data-item="{i.key}"{" checked" if v == 0 else ""}>'
            f'<label for="cn-vl-{i.key}-{v}">{v} {html.escape(m)}</label></span>'
            for v, m in scale())
        return (f'<fieldset class="cn-vl-item"><legend>{html.escape(i.label)}</legend>'
                f"{radios}</fieldset>")

    groups = "".join(
        f'<fieldset class="cn-vl-group"><legend>{html.escape(title)}</legend>'
        f'{"".join(item(i) for i in risk.VILLALTA_ITEMS.values() if i.kind == kind)}</fieldset>'
        for kind, title in KINDS)
    ulcer = (f'<div class="cn-vl-ulcer"><input type="checkbox" id="cn-vl-ulcer">'
             f'<label for="cn-vl-ulcer">{html.escape(ULCER_LABEL)}</label></div>')
    start = summary_html(risk.villalta(dict.fromkeys(risk.VILLALTA_ITEMS, 0)))
    data = json.dumps(rules(), ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="cn-villalta" aria-label="Villalta calculator">{_STYLE}'
            f'<div class="cn-vl-live" aria-live="polite">{start}</div>'
            f'<form class="cn-vl-form" autocomplete="off" onsubmit="return false">{groups}'
            f'{ulcer}<button type="button" class="cn-vl-reset">Reset all to 0</button></form>'
            f'<script type="application/json" class="cn-vl-rules">{data}</script>'
            f"<script>{_script()}</script></section>")


_STYLE = """<style>
.cn-villalta fieldset { border: 1px solid #767676; border-radius: 6px; margin: 0.5em 0;
  padding: 0.3em 0.8em; }
.cn-villalta legend { font-weight: bold; padding: 0 0.3em; }
.cn-villalta .cn-vl-item { border: none; margin: 0.1em 0; padding: 0.1em 0; }
.cn-villalta .cn-vl-item legend { font-weight: normal; float: left; width: 13em; padding: 0; }
.cn-villalta .cn-vl-choice { display: inline-block; margin-right: 0.9em; }
.cn-villalta input { width: 1.1em; height: 1.1em; vertical-align: middle; margin-right: 0.3em; }
.cn-villalta input:focus-visible { outline: 3px solid #0072b2; outline-offset: 2px; }
.cn-villalta button { font-size: 1em; padding: 0.2em 0.8em; margin-top: 0.4em; }
.cn-vl-summary { border-left: 4px solid #0072b2; padding: 0.2em 1em; }
.cn-vl-error { color: #9b1c1c; font-weight: bold; }
</style>"""


class VillaltaView(LiveWithTwin):
    """The live calculator where a kernel runs; the HTML/JS form in a static page."""

    def __init__(self) -> None:
        self.controls = build_calculator()
        plain = (f"Villalta calculator: {len(risk.VILLALTA_ITEMS)} items rated 0–3 and a "
                 f"venous-ulcer box; all at 0 so far. {summary_text(self.controls.result())}")
        super().__init__(self.controls.root, static_html(), plain)


def show() -> VillaltaView:
    """The Villalta calculator, ready to display as a cell's result."""
    return VillaltaView()

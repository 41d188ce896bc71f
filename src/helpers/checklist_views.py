"""The risk checklist on screen: ipywidgets in JupyterLab and Voila, an HTML/JS form in pages.

Both views render the same summary from :mod:`helpers.checklist`; the JavaScript form reads the rule
table from :func:`helpers.checklist.rules`, embedded in the page as JSON, and stores nothing.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from helpers import checklist
from helpers.display import LiveWithTwin

PANELS = (("wells", "1 · Wells DVT score (Wells 2003), exactly as published"),
          ("tally", "2 · Risk-factor tally: which arm of Virchow's triad (not a validated score)"),
          ("emergency", "3 · Red flags: signs that need emergency care now"))


def _points(n: int) -> str:
    return f"{n} point{'' if abs(n) == 1 else 's'}"


def emergency_html(a: checklist.Assessment) -> str:
    """The emergency banner for ticked red flags; empty when none is ticked."""
    if not a.emergency:
        return ""
    signs = "".join(f"<li>{html.escape(i.label)}: {html.escape(i.meaning)}</li>"
                    for i in a.emergencies)
    return (f'<div class="cn-cl-emergency" role="alert"><p><strong>EMERGENCY.</strong> '
            f"{html.escape(checklist.emergency_message())}</p><ul>{signs}</ul></div>")


def summary_html(a: checklist.Assessment) -> str:
    """The Wells reading, its next step, the tally by arm and the age line, as HTML."""
    w = a.wells
    two, three = w.two_level_category, w.three_level_category
    arms = "".join(f"<li>{html.escape(name)}: "
                   f"{html.escape('; '.join(a.tally[arm])) if a.tally[arm] else 'none ticked'}"
                   "</li>" for arm, name in checklist.ARMS.items())
    age = (f'<p class="cn-cl-age{"" if a.age.ok else " cn-cl-error"}">'
           f"{html.escape(a.age.message)}</p>" if a.age.message else "")
    return (f'<div class="cn-cl-summary">'
            f"<p><strong>Wells score: {_points(w.points)} → DVT {w.two_level}</strong> "
            f"({html.escape(two.rule)}).</p>"
            f"<p>Three-level reading: {w.three_level} ({html.escape(three.rule)}). "
            f"In the 1997 study, {html.escape(three.prevalence)}.</p>"
            f"<p>Next step: {html.escape(two.next_step)}</p>"
            f"<p><strong>Risk-factor tally</strong> (not a validated score): "
            f"{len(a.factors)} ticked.</p><ul>{arms}</ul>{age}</div>")


# --- the live widget ----------------------------------------------------------------------------

@dataclass
class ChecklistControls:
    """The widgets of the live checklist, so tests and notebooks can drive them."""

    root: Any
    boxes: dict[str, dict[str, Any]]       # panel -> key -> Checkbox
    age: Any
    banner: Any
    summary: Any

    def ticked(self, panel: str) -> list[str]:
        """The keys ticked in one panel."""
        return [k for k, box in self.boxes[panel].items() if box.value]

    def assessment(self) -> checklist.Assessment:
        """What the current ticks and age entry add up to."""
        return checklist.assess(self.ticked("wells"), self.ticked("tally"),
                                self.ticked("emergency"), self.age.value)


def _update(controls: ChecklistControls) -> None:
    """Redraw the banner and the summary; a failure shows as a message, never a traceback."""
    try:
        a = controls.assessment()
    except Exception as error:     # shown to the learner instead of a traceback
        controls.summary.value = (f'<p class="cn-cl-error">Could not read the checklist: '
                                  f"{html.escape(str(error))}</p>")
        return
    controls.banner.value = emergency_html(a)
    controls.summary.value = summary_html(a)


def build_checklist() -> ChecklistControls:
    """The three-panel checklist as ipywidgets, showing the empty (score 0) case at first."""
    import ipywidgets as w

    items = {"wells": [(c.key, f"{c.label} ({c.points:+d})")
                       for c in checklist.risk.WELLS_DVT_CRITERIA.values()],
             "tally": [(i.key, i.label) for i in checklist.tally_items()],
             "emergency": [(i.key, i.label) for i in checklist.emergency_items()]}
    boxes = {panel: {key: w.Checkbox(value=False, description=label, indent=False,
                                     layout=w.Layout(width="auto"))
                     for key, label in items[panel]} for panel, _title in PANELS}
    age = w.Text(value="", description="Age (years)", placeholder="optional, for example 64",
                 style={"description_width": "initial"})
    panels = [w.VBox([w.HTML(f"<strong>{html.escape(title)}</strong>"),
                      *boxes[panel].values(), *([age] if panel == "tally" else [])])
              for panel, title in PANELS]
    banner, summary = w.HTML(), w.HTML()
    root = w.VBox([banner, summary, *panels])
    controls = ChecklistControls(root, boxes, age, banner, summary)
    for box in (b for panel in boxes.values() for b in panel.values()):
        box.observe(lambda _change: _update(controls), names="value")
    age.observe(lambda _change: _update(controls), names="value")
    _update(controls)
    return controls


# --- the static form ----------------------------------------------------------------------------

def _script() -> str:
    script = resources.files("helpers").joinpath("templates", "checklist", "checklist.js")
    return script.read_text("utf-8")


def static_html() -> str:
    """A self-contained HTML/JavaScript checklist (no kernel, no network) from the same rules."""
    def box(panel: str, key: str, label: str) -> str:
        ident = f"cn-cl-{panel}-{key}"
        return (f'<div class="cn-cl-item"><input type="checkbox" id="{ident}" '
                f'data-panel="{panel}" value="{key}"><label for="{ident}">'
                f"{html.escape(label)}</label></div>")

    rules = checklist.rules()
    fields = {"wells": [box("wells", c["key"], f"{c['label']} ({c['points']:+d})")
                        for c in rules["wells"]],
              "tally": [box("tally", i["key"], i["label"]) for i in rules["tally"]],
              "emergency": [box("emergency", i["key"], i["label"]) for i in rules["emergency"]]}
    fields["tally"].append(
        '<div class="cn-cl-item"><label for="cn-cl-age">Age (years, optional)</label> '
        '<input type="text" id="cn-cl-age" inputmode="decimal" autocomplete="off" '
        'aria-describedby="cn-cl-age-note" placeholder="for example 64"> '
        '<span id="cn-cl-age-note">used only for the age-adjusted D-dimer cut-off</span></div>')
    sets = "".join(f'<fieldset><legend>{html.escape(title)}</legend>{"".join(fields[p])}'
                   "</fieldset>" for p, title in PANELS)
    empty = summary_html(checklist.assess())
    data = json.dumps(rules, ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="cn-checklist" aria-label="Risk checklist">{_STYLE}'
            f'<div class="cn-cl-banner"></div>'
            f'<div class="cn-cl-live" aria-live="polite">{empty}</div>'
            f'<form class="cn-cl-form" autocomplete="off" onsubmit="return false">{sets}</form>'
            f'<script type="application/json" class="cn-cl-rules">{data}</script>'
            f"<script>{_script()}</script></section>")


_STYLE = """<style>
.cn-checklist fieldset { border: 1px solid #767676; border-radius: 6px; margin: 0.8em 0;
  padding: 0.4em 0.9em; }
.cn-checklist legend { font-weight: bold; padding: 0 0.3em; }
.cn-checklist .cn-cl-item { margin: 0.35em 0; }
.cn-checklist input[type=checkbox] { width: 1.2em; height: 1.2em; vertical-align: middle;
  margin-right: 0.5em; }
.cn-checklist input[type=text] { font-size: 1em; padding: 0.2em 0.4em; width: 10em; }
.cn-cl-banner { position: sticky; top: 0; z-index: 10; }
.cn-cl-emergency { border: 4px solid #b00020; background: #fff0f0; color: #5c0010;
  padding: 0.6em 1em; border-radius: 6px; font-size: 1.1em; }
.cn-cl-summary { border-left: 4px solid #0072b2; padding: 0.2em 1em; }
.cn-cl-error { color: #9b1c1c; font-weight: bold; }
</style>"""


class ChecklistView(LiveWithTwin):
    """The live checklist where a kernel runs; the HTML/JS form in a static page."""

    def __init__(self) -> None:
        self.controls = build_checklist()
        plain = ("Risk checklist: Wells DVT score, risk-factor tally and red flags; "
                 "nothing ticked yet (score 0, DVT unlikely).")
        super().__init__(self.controls.root, static_html(), plain)


def show() -> ChecklistView:
    """The checklist, ready to display as a cell's result."""
    return ChecklistView()

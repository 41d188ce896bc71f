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
from helpers.references import cite
from helpers.tables import MarkdownTable

PANELS = (("triage", "1 · Triage: which findings, together, need care and how soon"),
          ("wells", "2 · Wells DVT score (Wells 2003), exactly as published"),
          ("tally", "3 · Risk-factor tally: which arm of Virchow's triad (not a validated score)"))


def _points(n: int) -> str:
    return f"{n} point{'' if abs(n) == 1 else 's'}"


def triage_html(t: checklist.TriageResult) -> str:
    """The triage message: its level and what to do; empty when nothing is ticked."""
    if not t.findings:
        return ""
    return (f'<div class="cn-cl-triage cn-cl-{t.level}"><p><strong>'
            f"{html.escape(t.title)}.</strong> {html.escape(t.action)}</p></div>")


def why_html(t: checklist.TriageResult) -> str:
    """Each rule that fired with its source, the ticks that changed nothing and any ticks that
    contradict each other, shown under the findings; empty when none is ticked."""
    if not t.findings:
        return ""
    reasons = ("<ul>" + "".join(f"<li>{html.escape(r)}</li>" for r in t.reasons) + "</ul>"
               if t.reasons else "<p>None of the combinations in the triage table is ticked.</p>")
    also = f'<p class="cn-cl-also">{html.escape(t.also_note)}</p>' if t.also_note else ""
    clash = "".join(f'<p class="cn-cl-conflict">{html.escape(c)}</p>' for c in t.conflicts)
    return f'<div class="cn-cl-why"><p><strong>Why:</strong></p>{reasons}{also}{clash}</div>'


def _live(inner: str, kind: str = "triage") -> str:
    """A panel's live region (always present, so screen readers hear each change)."""
    return f'<div class="cn-cl-{kind}-live" aria-live="polite">{inner}</div>'


def _when(rule: checklist.TriageRule) -> str:
    """The findings that fire a rule, in words: "(a or b) + c"."""
    labels = {k: f.label.split(":")[0].lower() for k, f in checklist.TRIAGE_FINDINGS.items()}

    def either(group: tuple[str, ...]) -> str:
        words = " or ".join(labels[k] for k in group)
        return f"({words})" if len(group) > 1 else words

    return " + ".join(either(g) for g in rule.when)


def triage_table() -> MarkdownTable:
    """Every triage rule: its tier, the findings that fire it, why that tier, and its sources."""
    return MarkdownTable(["Tier", "When ticked together", "Why this tier", "Sources"],
                         [[r.level, _when(r), r.why, cite(r.sources)]
                          for r in checklist.triage_rules()])


def tier_table() -> MarkdownTable:
    """The three tiers as the learner acts on them: what to do, and which ticks lead there.

    Rendered from the triage table, so the lesson's account of the tiers cannot drift from the
    checklist: one row per rule, grouped by tier and action (the bleeding rules carry their own).
    """
    levels = checklist.rules()["levels"]
    rows = []
    for level in checklist.LEVELS:
        rules = [r for r in checklist.triage_rules() if r.level == level]
        for action in dict.fromkeys(r.action for r in rules):
            group = [r for r in rules if r.action == action]
            for i, r in enumerate(group):      # the tier and its action on the first row only
                rows.append([f"**{level.capitalize()}**" if i == 0 else "",
                             (action or levels[level]["action"]) if i == 0 else "",
                             f"{_when(r)} ({cite(r.sources)})"])
    rows.append(["**Routine**", levels["routine"]["action"], levels["routine"]["covers"]])
    return MarkdownTable(["Tier", "What to do", "Ticked together"], rows)


def shared_note_html() -> str:
    """Why the Wells panel and the tally keep their shared items separate."""
    return f'<p class="cn-cl-note">{html.escape(checklist.shared_items()["note"])}</p>'


def _results(body: str, kind: str) -> str:
    """A panel's result box, kept in sight at the foot of its panel while it is ticked."""
    return f'<div class="cn-cl-summary cn-cl-{kind}-result">{body}</div>'


def wells_html(a: checklist.Assessment) -> str:
    """The Wells reading, its next step (after the emergency, if there is one) and the age line."""
    w = a.wells
    two, three = w.two_level_category, w.three_level_category
    step = html.escape(two.next_step)
    if a.emergency:
        step = (f"<strong>{html.escape(checklist.emergency_first())}</strong> "
                f"After that, for the doctor: {step}")
    age = (f'<p class="cn-cl-age{"" if a.age.ok else " cn-cl-error"}">'
           f"{html.escape(a.age.message)}</p>" if a.age.message else "")
    return _results(f"<p><strong>Wells score: {_points(w.points)} → DVT {w.two_level}</strong> "
                    f"({html.escape(two.rule)}).</p>"
                    f"<p>Three-level reading: {w.three_level} ({html.escape(three.rule)}). "
                    f"In the 1997 study, {html.escape(three.prevalence)}.</p>"
                    f'<p class="cn-cl-next">Next step: {step}</p>{age}', "wells")


def tally_html(a: checklist.Assessment) -> str:
    """The tally by arm of the triad, and the shared items ticked in one panel only."""
    arms = "".join(f"<li>{html.escape(name)}: "
                   f"{html.escape('; '.join(a.tally[arm])) if a.tally[arm] else 'none ticked'}"
                   "</li>" for arm, name in checklist.ARMS.items())
    shared = "".join(f'<p class="cn-cl-shared">{html.escape(m)}</p>' for m in a.mismatches)
    return _results(f"<p><strong>Risk-factor tally</strong> (not a validated score): "
                    f"{len(a.factors)} ticked.</p><ul>{arms}</ul>{shared}", "tally")


def summary_html(a: checklist.Assessment) -> str:
    """Both panel results, Wells then tally (each is shown at the foot of its own panel)."""
    return wells_html(a) + tally_html(a)


# --- the live widget ----------------------------------------------------------------------------

@dataclass
class ChecklistControls:
    """The widgets of the live checklist, so tests and notebooks can drive them."""

    root: Any
    boxes: dict[str, dict[str, Any]]       # panel -> key -> Checkbox
    age: Any
    triage: Any                            # the live region at the top of the triage panel
    why: Any                               # the rules that fired, under the findings
    wells: Any                             # the Wells result, at the foot of the Wells panel
    tally: Any                             # the tally result, at the foot of the tally panel

    def ticked(self, panel: str) -> list[str]:
        """The keys ticked in one panel."""
        return [k for k, box in self.boxes[panel].items() if box.value]

    def assessment(self) -> checklist.Assessment:
        """What the current ticks and age entry add up to."""
        return checklist.assess(self.ticked("wells"), self.ticked("tally"),
                                self.ticked("triage"), self.age.value)


def _update(controls: ChecklistControls) -> None:
    """Redraw the triage message and each panel's result; a failure shows as a message."""
    try:
        a = controls.assessment()
    except Exception as error:     # shown to the learner instead of a traceback
        controls.wells.value = (f'<p class="cn-cl-error">Could not read the checklist: '
                                f"{html.escape(str(error))}</p>")
        return
    controls.triage.value = _live(triage_html(a.triage))
    controls.why.value = why_html(a.triage)
    controls.wells.value = _live(wells_html(a), "wells")
    controls.tally.value = _live(tally_html(a), "tally")


def build_checklist() -> ChecklistControls:
    """The three-panel checklist as ipywidgets, showing the empty (score 0) case at first.

    The triage message appears once, at the top of the triage panel (it stays in sight while
    that panel scrolls); the Wells and tally results sit at the foot of their own panels.
    """
    import ipywidgets as w

    items = {"triage": [(f.key, f.label) for f in checklist.TRIAGE_FINDINGS.values()],
             "wells": [(c.key, f"{c.label} ({c.points:+d})")
                       for c in checklist.risk.WELLS_DVT_CRITERIA.values()],
             "tally": [(i.key, i.label) for i in checklist.tally_items()]}
    boxes = {panel: {key: w.Checkbox(value=False, description=label, indent=False,
                                     layout=w.Layout(width="auto"))
                     for key, label in items[panel]} for panel, _title in PANELS}
    age = w.Text(value="", description="Age (years)", placeholder="optional, for example 64",
                 style={"description_width": "initial"})
    triage, why, wells, tally = w.HTML(_live("")), w.HTML(), w.HTML(), w.HTML()
    triage.add_class("cn-cl-triage-sticky")
    for result in (wells, tally):
        result.add_class("cn-cl-result-sticky")
    heads = {panel: w.HTML(f"<strong>{html.escape(title)}</strong>") for panel, title in PANELS}
    panels = {"triage": w.VBox([heads["triage"], triage, *boxes["triage"].values(), why]),
              "wells": w.VBox([heads["wells"], *boxes["wells"].values(), age, wells]),
              "tally": w.VBox([heads["tally"], *boxes["tally"].values(), tally])}
    for name, panel in panels.items():
        panel.add_class(f"cn-cl-panel-{name}")
    root = w.VBox([w.HTML(_STYLE), panels["triage"], w.HTML(shared_note_html()),
                   panels["wells"], panels["tally"]])
    root.add_class("cn-checklist")        # lets each result stick while its panel shows
    controls = ChecklistControls(root, boxes, age, triage, why, wells, tally)
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
    empty = checklist.assess()
    fields = {"triage": [_live(""), *(box("triage", f["key"], f["label"])
                                      for f in rules["findings"]), '<div class="cn-cl-why-live">'
                         "</div>"],
              "wells": [box("wells", c["key"], f"{c['label']} ({c['points']:+d})")
                        for c in rules["wells"]],
              "tally": [box("tally", i["key"], i["label"]) for i in rules["tally"]]}
    fields["wells"].append(
        '<div class="cn-cl-item"><label for="cn-cl-age">Age (years, optional)</label> '
        '<input type="text" id="cn-cl-age" inputmode="decimal" autocomplete="off" '
        'aria-describedby="cn-cl-age-note" placeholder="for example 64"> '
        '<span id="cn-cl-age-note">used only for the age-adjusted D-dimer cut-off</span></div>')
    for panel, result in (("wells", wells_html(empty)), ("tally", tally_html(empty))):
        fields[panel].append(f'<div class="cn-cl-result-sticky">{_live(result, panel)}</div>')
    sets = {p: f'<fieldset class="cn-cl-panel-{p}"><legend>{html.escape(title)}</legend>'
               f'{"".join(fields[p])}</fieldset>' for p, title in PANELS}
    data = json.dumps(rules, ensure_ascii=False).replace("</", "<\\/")
    return (f'<section class="cn-checklist" aria-label="Risk checklist">{_STYLE}'
            f'<form class="cn-cl-form" autocomplete="off" onsubmit="return false">{sets["triage"]}'
            f'{shared_note_html()}{sets["wells"]}{sets["tally"]}</form>'
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
.cn-cl-triage-sticky, .cn-cl-triage-live { position: sticky; top: 0; z-index: 11; }
.cn-cl-triage-sticky .cn-cl-triage-live { position: static; }
.cn-cl-result-sticky { position: sticky; bottom: 0; z-index: 10; background: #fff; }
.cn-cl-result-sticky .cn-cl-summary { margin: 0.3em 0 0; max-height: 45vh; overflow-y: auto;
  border-top: 1px solid #767676; }
.cn-cl-result-sticky p { margin: 0.25em 0; }
.jp-OutputArea:has(.cn-checklist), .jp-OutputArea-child:has(.cn-checklist),
.jp-OutputArea-output:has(.cn-checklist),
.cn-checklist.widget-vbox, .cn-checklist .widget-vbox { overflow: visible; }
.cn-checklist .widget-checkbox { height: auto; min-height: var(--jp-widgets-inline-height); }
.cn-checklist .widget-checkbox .widget-label-basic { white-space: normal; overflow: visible;
  line-height: 1.35; padding: 3px 0; }
.cn-cl-triage { border: 3px solid #0072b2; background: #f0f7fc; color: #003a5c;
  padding: 0.3em 0.8em; border-radius: 6px; margin: 0.3em 0; }
.cn-cl-triage p { margin: 0.3em 0; }
.cn-cl-why ul { margin: 0.2em 0; padding-left: 1.2em; }
.cn-cl-why p { margin: 0.3em 0; }
.cn-cl-emergency { border: 4px solid #b00020; background: #fff0f0; color: #5c0010; }
.cn-cl-urgent { border: 4px solid #a35200; background: #fff5e6; color: #4d2600; }
.cn-cl-summary { border-left: 4px solid #0072b2; padding: 0.2em 1em; }
.cn-cl-note { font-size: 0.95em; }
.cn-cl-shared, .cn-cl-conflict { color: #4d2600; }
.cn-cl-conflict { font-weight: bold; }
.cn-cl-error { color: #9b1c1c; font-weight: bold; }
</style>"""


class ChecklistView(LiveWithTwin):
    """The live checklist where a kernel runs; the HTML/JS form in a static page."""

    def __init__(self) -> None:
        self.controls = build_checklist()
        plain = ("Risk checklist: triage of findings, Wells DVT score and risk-factor tally; "
                 "nothing ticked yet (score 0, DVT unlikely).")
        super().__init__(self.controls.root, static_html(), plain)


def show() -> ChecklistView:
    """The checklist, ready to display as a cell's result."""
    return ChecklistView()

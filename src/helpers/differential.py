"""The causes of a numb or painful leg side by side, and a tool that compares a case with them.

The data (data/differential.yaml) give, for each cause, the typical value of seven bedside
features (onset, legs, distribution, pain, skin, pulses, swelling) with the sources behind each.
A value marked ``unverified`` is the course's reading, kept so the table is complete: a table
marks it with a dagger (``UNCONFIRMED_MARK``, "not confirmed in a source" for a screen reader or a
pointer) and says so once, in its legend; the comparison's sentences call it "unconfirmed". It is
never shown as a cited fact.

``compare`` sets a case's features against every cause and ranks the causes: those with no
conflicting feature first, then by how many features match. **Only a sourced typical value
counts.** A value no source confirms is shown, marked as unconfirmed, but never counts for or
against a cause (``relation`` and ``verdict`` below hold that rule; the value pairs they use are
data in differential.yaml under ``comparison``). It is a teaching aid: real people often lack a
typical feature, and it never diagnoses anyone.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from helpers import ischemia
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

UNCONFIRMED = "not confirmed in a source"
"""What the short marks mean, said in full once per table or comparison, never per cell."""
UNCONFIRMED_SHORT = "unconfirmed"
"""The word the comparison's sentences use for a typical value no source confirms."""
UNCONFIRMED_MARK = f'<abbr class="cn-unconfirmed" title="{UNCONFIRMED}">†</abbr>'
"""The mark after a table cell no source confirms (its title gives the meaning on hover)."""
UNCONFIRMED_LEGEND = (f"† {UNCONFIRMED[0].upper()}{UNCONFIRMED[1:]}: the course's own reading, "
                      "never counted by the comparison tool.")
"""The legend under every table that uses ``UNCONFIRMED_MARK``."""
TEACHING_AID = ("A teaching aid, not a diagnosis: real people often lack a typical feature, "
                "and only a clinician's examination and tests can tell the causes apart.")

VERDICTS = {"fits": "✔ fits", "does_not_fit": "✘ does not fit",
            "cannot_tell": "? cannot tell"}
"""Each verdict of ``verdict`` and how the tables show it."""

# --- the data as typed records -------------------------------------------------------------------

@dataclass(frozen=True)
class Feature:
    """A bedside feature, its allowed values (machine key → label) and its role."""

    key: str
    label: str
    role: str                                  # "finding" (compared) or "triage"
    values: Mapping[str, str]


@dataclass(frozen=True)
class Finding:
    """The typical value of one feature in one cause, with its sources.

    ``unverified`` marks a value no stored source was seen to state: show it as unconfirmed.
    """

    feature: str
    value: str
    text: str
    sources: tuple[str, ...] = ()
    unverified: bool = False
    check: str = ""

    @property
    def confirmed(self) -> bool:
        """True when the value is backed by at least one source and not marked unverified."""
        return bool(self.sources) and not self.unverified


@dataclass(frozen=True)
class Cause:
    """One cause of leg numbness with its typical findings, urgency and related notebooks."""

    key: str
    name: str
    clot: str | None                           # "venous", "arterial", "sometimes" or None
    summary: str
    summary_sources: tuple[str, ...]
    findings: Mapping[str, Finding]
    urgency: Finding
    notebooks: tuple[tuple[str, str], ...] = ()     # (number, why)
    clot_note: Finding | None = None           # how a clot is involved, with its sources

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source the cause's summary, findings and urgency cite, in order, once."""
        keys = [*self.summary_sources]
        extra = (self.clot_note,) if self.clot_note else ()
        for finding in (*extra, *self.findings.values(), self.urgency):
            keys += finding.sources
        return tuple(dict.fromkeys(keys))


def _finding(feature: str, record: Mapping[str, Any]) -> Finding:
    return Finding(feature, record["value"], record.get("text", ""),
                   tuple(record.get("sources") or ()), bool(record.get("unverified", False)),
                   record.get("check", ""))


def _load_features() -> MappingProxyType[str, Feature]:
    records = load("differential.yaml")["features"]
    return MappingProxyType({k: Feature(k, r["label"], r["role"], MappingProxyType(r["values"]))
                             for k, r in records.items()})


FEATURES: MappingProxyType[str, Feature] = _load_features()
"""Every feature by key, read-only, including the triage feature ``urgency``."""

FINDING_FEATURES: tuple[str, ...] = tuple(k for k, f in FEATURES.items() if f.role == "finding")
"""The features a case is compared on, in table order."""


def _load_rules() -> tuple[frozenset[tuple[str, frozenset[str]]], frozenset[tuple[str, str]]]:
    rules = load("differential.yaml")["comparison"]
    close = frozenset((r["feature"], frozenset(r["values"])) for r in rules["close"])
    wildcards = frozenset((r["feature"], r["value"]) for r in rules["wildcards"])
    return close, wildcards


# Value pairs that are close without being the same (half a match, never a conflict), and values
# that fit every other value of their feature ("one or both legs"): data/differential.yaml.
_CLOSE, _WILDCARDS = _load_rules()


def _load_causes() -> MappingProxyType[str, Cause]:
    causes = {}
    for r in load("differential.yaml")["causes"]:
        findings = {k: _finding(k, r["findings"][k]) for k in FINDING_FEATURES}
        causes[r["key"]] = Cause(
            r["key"], r["name"], r.get("clot"), r["summary"], tuple(r["summary_sources"]),
            MappingProxyType(findings), _finding("urgency", r["urgency"]),
            tuple((str(n["number"]), n["why"]) for n in r.get("notebooks", ())),
            _finding("clot", {"value": r.get("clot"), **r["clot_note"]})
            if "clot_note" in r else None)
    return MappingProxyType(causes)


CAUSES: MappingProxyType[str, Cause] = _load_causes()
"""Every cause by key, read-only, in the order of data/differential.yaml."""


def cause(key: str) -> Cause:
    """The cause ``key``; ValueError naming it and the known causes."""
    if key not in CAUSES:
        raise ValueError(f"unknown cause {key!r}; known causes: {list(CAUSES)}")
    return CAUSES[key]


# --- comparing a case with the causes ------------------------------------------------------------

def _check_case(case: Any) -> dict[str, str]:
    """The features set in ``case`` (None or "" means not set), checked against the data."""
    if not isinstance(case, Mapping):
        raise ValueError("case must map features to values, such as {'onset': 'sudden', "
                         f"'pulses': 'reduced_absent'}}; got {case!r}")
    unknown = [k for k in case if k not in FINDING_FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; features: {list(FINDING_FEATURES)}")
    chosen = {}
    for key in FINDING_FEATURES:
        value = case.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or value not in FEATURES[key].values:
            raise ValueError(f"{value!r} is not a value of feature {key!r}; "
                             f"allowed: {list(FEATURES[key].values)}")
        chosen[key] = value
    return chosen


def _relation(feature: str, case_value: str, typical: str) -> str:
    """How a case's value relates to a typical one: "match", "close" or "conflict"."""
    if case_value == typical or (feature, case_value) in _WILDCARDS \
            or (feature, typical) in _WILDCARDS:
        return "match"
    if (feature, frozenset({case_value, typical})) in _CLOSE:
        return "close"
    return "conflict"


def relation(feature: str, case_value: str, finding: Finding) -> str:
    """How a case's value relates to a cause's typical finding, under the course's rule.

    "unconfirmed" when no source confirms the typical value (it then counts neither for nor
    against the cause); otherwise "match", "close" or "conflict".
    """
    if not finding.confirmed:
        return "unconfirmed"
    return _relation(feature, case_value, finding.value)


def verdict(relations: Iterable[str]) -> str:
    """The verdict from the relations of the features set: only sourced relations decide.

    "does_not_fit" when any sourced feature conflicts; "fits" when at least one sourced feature
    matches or is close and none conflicts; "cannot_tell" when no sourced feature was compared.
    An "unconfirmed" relation never changes the verdict.
    """
    counted = [r for r in relations if r != "unconfirmed"]
    if "conflict" in counted:
        return "does_not_fit"
    return "fits" if counted else "cannot_tell"


@dataclass(frozen=True)
class CauseFit:
    """How one cause fits a case: sourced features that match, are close or conflict, and the
    features whose typical value is unconfirmed (shown, never counted)."""

    cause: Cause
    matching: tuple[str, ...]
    close: tuple[str, ...]
    conflicting: tuple[str, ...]
    unconfirmed: tuple[str, ...]       # features set whose typical value no source confirms

    @property
    def verdict(self) -> str:
        """"fits", "does_not_fit" or "cannot_tell", decided by sourced features only."""
        return verdict(["match"] * len(self.matching) + ["close"] * len(self.close)
                       + ["conflict"] * len(self.conflicting))

    @property
    def fits(self) -> bool:
        """True when a sourced feature supports this cause and none conflicts with it."""
        return self.verdict == "fits"

    @property
    def score(self) -> float:
        """Sourced matches count 1, close values ½, conflicts −1 (used only for ranking)."""
        return len(self.matching) + 0.5 * len(self.close) - len(self.conflicting)

    def _describe(self, feature: str) -> str:
        finding = self.cause.findings[feature]
        label = FEATURES[feature].values[finding.value].lower()
        return f"{FEATURES[feature].label.lower()}: typically {label}"

    @property
    def message(self) -> str:
        """One plain sentence: the verdict, the sourced features for and against, and the
        unconfirmed ones that were not counted."""
        compared = len(self.matching) + len(self.close) + len(self.conflicting)
        plural = "s" if compared != 1 else ""
        if self.verdict == "cannot_tell":
            head = "Cannot tell: no feature you set has a sourced typical value for this cause."
        elif self.fits and not self.close:
            amount = {1: "the one sourced feature", 2: "both sourced features"}.get(
                compared, f"all {compared} sourced features")
            head = f"Fits {amount} you set."
        elif self.fits:
            head = (f"Fits: {len(self.matching)} of {compared} sourced features match, the rest "
                    "are close.")
        else:
            head = (f"Does not fit: {len(self.conflicting)} of {compared} sourced "
                    f"feature{plural} conflict.")
        parts = [head]
        if self.matching:
            parts.append("For: " + ", ".join(FEATURES[k].label.lower()
                                             for k in self.matching) + ".")
        for title, keys in (("Close", self.close), ("Against", self.conflicting),
                            (f"Not counted ({UNCONFIRMED_SHORT})", self.unconfirmed)):
            if keys:
                parts.append(f"{title}: " + "; ".join(self._describe(k) for k in keys) + ".")
        return " ".join(parts)


def fit_cause(item: Cause, chosen: Mapping[str, str]) -> CauseFit:
    """How ``item`` fits the checked case ``chosen``: each feature's ``relation``, grouped."""
    groups: dict[str, list[str]] = {"match": [], "close": [], "conflict": [], "unconfirmed": []}
    for key, value in chosen.items():
        groups[relation(key, value, item.findings[key])].append(key)
    return CauseFit(item, tuple(groups["match"]), tuple(groups["close"]),
                    tuple(groups["conflict"]), tuple(groups["unconfirmed"]))


@dataclass(frozen=True)
class Comparison:
    """A case compared with every cause, ranked best fit first, with a summary message."""

    case: Mapping[str, str]
    ranked: tuple[CauseFit, ...]
    message: str

    @property
    def fitting(self) -> tuple[CauseFit, ...]:
        """The causes that a sourced feature supports and none contradicts, best first."""
        return tuple(f for f in self.ranked if f.fits) if self.case else ()

    def _case_text(self) -> str:
        return "; ".join(f"{FEATURES[k].label.lower()}: {FEATURES[k].values[v].lower()}"
                         for k, v in self.case.items()) or "nothing set"

    def explain(self) -> str:
        """The comparison as plain text."""
        lines = [f"Case: {self._case_text()}.", self.message]
        if self.case:
            lines += [f"{n}. {f.cause.name}: {f.message}" for n, f in enumerate(self.ranked, 1)]
        lines.append(TEACHING_AID)
        return "\n".join(lines)

    def html(self) -> str:
        """The comparison as an HTML fragment (escaped), for the widget and the static page."""
        parts = [f"<p><strong>Case:</strong> {html.escape(self._case_text())}.</p>",
                 f'<p class="cn-status" aria-live="polite">{html.escape(self.message)}</p>']
        if self.case:
            left = 'style="text-align:left;vertical-align:top"'
            parts.append(f'<table class="cn-compare"><thead><tr><th scope="col" {left}>Rank'
                         f'</th><th scope="col" {left}>Cause</th><th scope="col" {left}>Fits?'
                         f'</th><th scope="col" {left}>Why</th></tr></thead><tbody>')
            for n, fit in enumerate(self.ranked, 1):
                parts.append(f"<tr><td {left}>{n}</td><td {left}>"
                             f"{html.escape(fit.cause.name)}</td><td {left}>"
                             f"{VERDICTS[fit.verdict]}</td>"
                             f"<td {left}>{html.escape(fit.message)}</td></tr>")
            parts.append("</tbody></table>")
        parts.append(f"<p><em>{html.escape(TEACHING_AID)}</em></p>")
        return "".join(parts)

    def _repr_markdown_(self) -> str:
        lines = [f"**Case:** {html.escape(self._case_text())}.", "", html.escape(self.message),
                 ""]
        if self.case:
            lines += ["| Rank | Cause | Fits? | Why |", "|---|---|---|---|"]
            lines += [f"| {n} | {html.escape(f.cause.name)} | {VERDICTS[f.verdict]} | "
                      f"{html.escape(f.message)} |" for n, f in enumerate(self.ranked, 1)]
            lines.append("")
        lines.append(f"*{TEACHING_AID}*")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": self.explain()}


def compare(case: Mapping[str, str | None],
            causes: Mapping[str, Cause] | None = None) -> Comparison:
    """Compare a case with every cause; rank those with no conflict first, then by matches.

    ``case`` maps feature keys (``FINDING_FEATURES``: onset, legs, distribution, pain, skin,
    pulses, swelling) to one of that feature's value keys (``FEATURES[key].values``); a feature
    given as None or "" counts as not set. An empty case is not an error: every cause is
    returned unranked, in data order, with a message asking for at least one feature.
    ValueError names an unknown feature or value and lists the allowed ones, and refuses a case
    that is not a mapping. ``causes`` defaults to ``CAUSES`` (tests pass altered copies).

    Only sourced typical values count (``relation``, ``verdict``): an unconfirmed one is listed
    as not counted and never makes a cause fit or not fit, nor moves it in the ranking. Values
    match when they are the same (``legs: either`` matches one leg and both); pain "severe" and
    "out of proportion", onset "sudden" and "over days", and swelling "present" and "massive"
    are close (half a match, no conflict). Ties keep the order of the data.
    """
    chosen = _check_case(case)
    causes = CAUSES if causes is None else causes
    fits = [fit_cause(item, chosen) for item in causes.values()]
    if not chosen:
        return Comparison(MappingProxyType({}), tuple(fits),
                          "Set at least one feature of the case (for example how fast it came "
                          "on, or the foot pulses) to compare it with the causes.")
    order = {key: i for i, key in enumerate(causes)}
    ranked = tuple(sorted(fits, key=lambda f: (len(f.conflicting), -f.score,
                                               order[f.cause.key])))
    fitting = [f.cause.name for f in ranked if f.fits]
    if fitting:
        message = (f"{len(fitting)} of {len(ranked)} causes fit the features you set, counting "
                   f"only typical values confirmed by a source: {', '.join(fitting)}.")
    elif all(f.verdict == "cannot_tell" for f in ranked):
        message = ("No feature you set has a sourced typical value for any cause, so the "
                   "comparison cannot tell them apart: set another feature.")
    else:
        best = next(f for f in ranked if f.verdict == "does_not_fit")
        message = (f"No cause fits every sourced feature you set; the closest is "
                   f"{best.cause.name} ({len(best.conflicting)} conflicting). Real cases are "
                   "often atypical, and two conditions can occur together.")
    untold = [f.cause.name for f in ranked if f.verdict == "cannot_tell"]
    if untold and len(untold) < len(ranked):
        message += (f" Cannot tell for {', '.join(untold)}: no feature you set has a sourced "
                    f"typical value for {'it' if len(untold) == 1 else 'them'}.")
    if any(f.unconfirmed for f in ranked):
        message += (f" Typical values {UNCONFIRMED} are shown as {UNCONFIRMED_SHORT} and "
                    "never counted for or against a cause.")
    emergencies = [f.cause.name for f in ranked if f.fits and f.cause.urgency.value == "emergency"]
    if emergencies:
        message += (f" ⚠ If it could be {' or '.join(emergencies)}, it is an emergency: call "
                    "your local emergency number.")
    return Comparison(MappingProxyType(dict(chosen)), ranked, message)


# --- tables ---------------------------------------------------------------------------------

class MarkedTable(MarkdownTable):
    """A table whose unconfirmed cells carry ``UNCONFIRMED_MARK``, with one legend under it
    (only when a cell is marked)."""

    @property
    def legend(self) -> str:
        """``UNCONFIRMED_LEGEND`` when any cell is marked, else an empty string."""
        marked = any(UNCONFIRMED_MARK in cell for row in self.rows for cell in row)
        return UNCONFIRMED_LEGEND if marked else ""

    def _repr_markdown_(self) -> str:
        table, legend = super()._repr_markdown_(), self.legend
        return f"{table}\n\n{legend}" if legend else table

    def __repr__(self) -> str:
        text, legend = super().__repr__().replace(UNCONFIRMED_MARK, "†"), self.legend
        return f"{text}\n{legend}" if legend else text


def _cell(finding: Finding) -> str:
    label = FEATURES[finding.feature].values[finding.value]
    if finding.confirmed:
        return f"{label} ({cite(finding.sources)})"
    return f"{label} {UNCONFIRMED_MARK}"


def differential_table() -> MarkedTable:
    """Every cause against the seven features and the urgency, each cell cited or marked.

    A cell whose typical value no source confirms carries ``UNCONFIRMED_MARK``; the legend says
    what it means, once.
    """
    headers = ["Cause", *(FEATURES[k].label for k in FINDING_FEATURES),
               FEATURES["urgency"].label]
    rows = [[c.name, *(_cell(c.findings[k]) for k in FINDING_FEATURES), _cell(c.urgency)]
            for c in CAUSES.values()]
    return MarkedTable(headers, rows)


def summary_table() -> MarkdownTable:
    """One line per cause: whether a clot is involved and what happens, with sources."""
    return MarkdownTable(["Cause", "Clot?", "What happens"],
                         [[c.name, clot_label(c), f"{c.summary} ({cite(c.summary_sources)})"]
                          for c in CAUSES.values()])


_CLOT_KINDS = {"venous": "Venous clot", "arterial": "Arterial clot", "sometimes": "Sometimes",
               None: "No clot"}


def clot_label(item: Cause) -> str:
    """Whether a clot is involved in ``item``, with the sourced note where there is one."""
    label = _CLOT_KINDS[item.clot]
    note = item.clot_note
    if note is None:
        return label
    return f"{label}: {note.text} ({cite(note.sources)})"


def distribution_links() -> MarkedTable:
    """Where the numbness lies for each cause, linked to the notebook that maps it."""
    rows = []
    for c in CAUSES.values():
        finding = c.findings["distribution"]
        where = _cell(finding)
        links = "; ".join(f"[{n}]({_notebook(n)}): {why}" for n, why in c.notebooks) or "—"
        rows.append([c.name, where, links])
    return MarkedTable(["Cause", "Where the numbness is", "Explained in"], rows)


def _notebook(number: str) -> str:
    from helpers import course

    return course.lesson(number).notebook


# --- the arterial clot at the bedside -----------------------------------------------------------

_DOPPLER_WORDS = {"audible": "Audible", "often_inaudible": "Often inaudible",
                  "inaudible": "Inaudible"}


@dataclass(frozen=True)
class BedsideClass:
    """A Rutherford class with its sensory and motor loss and its hand-held Doppler signals."""

    rutherford: ischemia.RutherfordClass
    arterial_doppler: str
    venous_doppler: str
    doppler_sources: tuple[str, ...]
    doppler_check: str = ""             # where the Doppler values were seen, if not the paper


def arterial_bedside() -> tuple[BedsideClass, ...]:
    """Rutherford classes (helpers.ischemia) joined with Doppler signals (diagnostic_tests.yaml)."""
    doppler = {r["category"]: r for r in load("diagnostic_tests.yaml")["ultrasound"]
               ["handheld_doppler_acute_limb_ischaemia"]["by_category"]}
    classes = ischemia.rutherford_classes()
    if set(doppler) != {c.category for c in classes}:     # pragma: no cover - data guard
        raise ValueError(f"Doppler categories {sorted(doppler)} differ from Rutherford's")
    return tuple(BedsideClass(c, doppler[c.category]["arterial_doppler"],
                              doppler[c.category]["venous_doppler"],
                              tuple(doppler[c.category]["sources"]),
                              doppler[c.category].get("check", ""))
                 for c in classes)


def arterial_bedside_table() -> MarkdownTable:
    """Rutherford class, outlook, sensory and motor loss, and Doppler signals, all cited.

    A Doppler value seen only in reproductions of Rutherford's table is marked with "‡" (the
    dagger "†" is the course's mark for a value no source confirms).
    """
    rows = []
    for b in arterial_bedside():
        r = b.rutherford
        mark = "‡" if b.doppler_check else ""
        rows.append([f"{r.category} · {r.name}", r.prognosis, r.sensory_loss, r.motor_deficit,
                     _DOPPLER_WORDS[b.arterial_doppler] + mark,
                     _DOPPLER_WORDS[b.venous_doppler] + mark,
                     cite(dict.fromkeys((r.source, *b.doppler_sources)))])
    return MarkdownTable(["Class", "Outlook", "Sensory loss", "Motor deficit",
                          "Arterial Doppler", "Venous Doppler", "Sources"], rows)

"""Bedside scores as data, scoring as pure functions: the Wells DVT score and the Villalta scale.

The Wells score (Wells et al. 2003, NEJM 349:1227-35) adds one point for each of nine findings and
takes two away when another diagnosis is at least as likely as a deep vein thrombosis (DVT). NICE
NG158 reads it in two levels (likely ≥ 2, unlikely ≤ 1) to choose the next test; Wells 1997
(Lancet 350:1795-8) read it in three (low ≤ 0, moderate 1–2, high ≥ 3). The Villalta scale grades
the post-thrombotic syndrome, the long-term leg trouble after a DVT (Kahn et al. 2009, ISTH).
Criteria, cut-offs and sources live in data/wells_dvt.yaml and data/villalta.yaml.
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from helpers._data import load
from helpers.references import cite, get
from helpers.tables import MarkdownTable

DISCLAIMER = "Education, not medical advice."



def _plain(keys: Iterable[str]) -> str:
    """The same citations as plain text."""
    return "; ".join(get(k).short for k in keys)


@dataclass(frozen=True)
class Band:
    """A named range of points, ``min_points``..``max_points`` inclusive (None: no bound)."""

    name: str
    min_points: int | None
    max_points: int | None
    rule: str

    def contains(self, points: int) -> bool:
        """Whether ``points`` falls in this band."""
        return ((self.min_points is None or points >= self.min_points)
                and (self.max_points is None or points <= self.max_points))


def _band_for(bands: Iterable[Band], points: int) -> Band:
    """The one band that holds ``points``; the data are checked to leave no gaps or overlaps."""
    matches = [b for b in bands if b.contains(points)]
    if len(matches) != 1:                       # pragma: no cover - guarded by tests on the data
        raise RuntimeError(f"{points} points fall in {len(matches)} bands: {matches}")
    return matches[0]


# --- the Wells DVT score -------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    """One finding of the Wells DVT score, its points and its source."""

    key: str
    label: str
    points: int
    source: str
    label_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class WellsCategory(Band):
    """A category of the two- or three-level reading, with the share of people who had DVT."""

    prevalence_percent: float | None = None
    prevalence: str = ""                  # the figure in words, or why it is missing
    next_step: str = ""
    next_step_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()         # where the cut-off and the figure come from


@dataclass(frozen=True)
class Note:
    """A sentence of guidance (when to use the score, when not, pitfalls) with its sources."""

    text: str
    sources: tuple[str, ...]


def _wells_data() -> dict[str, Any]:
    return load("wells_dvt.yaml")


def _load_criteria() -> MappingProxyType[str, Criterion]:
    records = _wells_data()["criteria"]
    return MappingProxyType({r["key"]: Criterion(r["key"], r["label"], int(r["points"]),
                                                 r["source"], tuple(r.get("label_sources", ())))
                             for r in records})


WELLS_DVT_CRITERIA: MappingProxyType[str, Criterion] = _load_criteria()
"""Key → criterion, read-only, in the published order (data/wells_dvt.yaml)."""


def _two_level_category(r: dict[str, Any], level: dict[str, Any]) -> WellsCategory:
    sources = tuple(dict.fromkeys((level["source"], *level.get("cutoff_sources", ()))))
    return WellsCategory(r["name"], r["min_points"], r["max_points"], r["rule"],
                         r["prevalence_percent"], r.get("prevalence") or "",
                         r.get("next_step", ""), tuple(r.get("next_step_sources", ())), sources)


def _three_level_category(r: dict[str, Any]) -> WellsCategory:
    prevalence = (f"{r['prevalence_percent']}% had DVT ({r['patients_with_dvt']} of "
                  f"{r['patients']} outpatients)")
    return WellsCategory(r["name"], r["min_points"], r["max_points"], r["rule"],
                         float(r["prevalence_percent"]), prevalence, "", (), (r["source"],))


def wells_two_level() -> tuple[WellsCategory, ...]:
    """DVT 'likely' (≥ 2 points) and 'unlikely' (≤ 1), each with NICE's next test."""
    level = _wells_data()["two_level"]
    return tuple(_two_level_category(r, level) for r in level["categories"])


def wells_three_level() -> tuple[WellsCategory, ...]:
    """Low (≤ 0), moderate (1–2) and high (≥ 3) pretest probability, with Wells 1997 shares."""
    return tuple(_three_level_category(r) for r in _wells_data()["three_level"]["categories"])


@dataclass(frozen=True)
class WellsShare:
    """The share with DVT in one three-level Wells group, as one named study found it."""

    category: str         # "low" | "moderate" | "high"
    probability: float
    ci95: tuple[float, float] | None
    detail: str           # "10 of 329 outpatients" or "95% CI 4.2%–5.7%"
    study: str            # who was studied
    source: str           # reference key: the study named beside the number


def _share_text(share: WellsShare) -> str:
    return f"{share.probability:.1%}".replace(".0%", "%") + f" ({share.detail})"


def wells_three_level_shares(source: str | None = None) -> tuple[WellsShare, ...]:
    """Every study's share with DVT by three-level group (Wells 1997, the pooled review).

    The one account that notebooks 04 and 05 and helpers.pathway read; ``source`` keeps one study.
    """
    level = _wells_data()["three_level"]
    shares = [WellsShare(r["name"], r["prevalence_percent"] / 100, None,
                         f"{r['patients_with_dvt']} of {r['patients']} outpatients",
                         level["study"], r["source"]) for r in level["categories"]]
    pooled = level["pooled"]
    shares += [WellsShare(name, float(v["probability"]), tuple(v["ci95"]),
                          f"95% CI {v['ci95'][0]:.1%}–{v['ci95'][1]:.1%}", pooled["study"],
                          pooled["source"]) for name, v in pooled["categories"].items()]
    if source is not None:
        shares = [s for s in shares if s.source == source]
        if not shares:
            raise ValueError(f"no Wells shares from {source!r}; studies: "
                             f"{sorted({level['source'], pooled['source']})}")
    return tuple(shares)


def wells_three_level_table() -> MarkdownTable:
    """One row per study: the share with DVT in the low, moderate and high groups, cited."""
    bands = {c.name: c.rule for c in wells_three_level()}
    studies = dict.fromkeys(s.source for s in wells_three_level_shares())
    rows = []
    for key in studies:
        shares = {s.category: s for s in wells_three_level_shares(key)}
        study = next(iter(shares.values())).study
        rows.append([cite(key), study] + [_share_text(shares[name]) for name in bands])
    return MarkdownTable(["Study", "Who was studied"]
                         + [f"{name.capitalize()} ({rule})" for name, rule in bands.items()],
                         rows)


def wells_dvt_notes(section: str) -> tuple[Note, ...]:
    """Guidance from the data: ``use_when``, ``do_not_use_when`` or ``pitfalls``."""
    sections = ("use_when", "do_not_use_when", "pitfalls")
    if section not in sections:
        raise ValueError(f"section must be one of {list(sections)}; got {section!r}")
    return tuple(Note(r["text"], tuple(r["sources"])) for r in _wells_data()[section])


def _present_keys(present: Any) -> frozenset[str]:
    """The criterion keys in ``present``, checked; ValueError naming what was wrong."""
    example = "{'active_cancer', 'entire_leg_swollen'}"
    if isinstance(present, (str, bytes)):
        raise ValueError(f"present must be a collection of criterion keys such as {example}, "
                         f"not a single string; got {present!r}")
    if isinstance(present, Mapping):
        raise ValueError("present must list only the criteria that are present, such as "
                         f"{example}, not a mapping of answers; got {present!r}")
    try:
        items = list(present)
    except TypeError:
        raise ValueError(f"present must be a collection of criterion keys such as {example}; "
                         f"got {present!r}") from None
    not_text = [k for k in items if not isinstance(k, str)]
    if not_text:
        raise ValueError(f"criterion keys must be strings such as 'active_cancer'; "
                         f"got {not_text!r}")
    unknown = set(items) - WELLS_DVT_CRITERIA.keys()
    if unknown:
        raise ValueError(f"unknown Wells criteria: {sorted(unknown)}; "
                         f"allowed: {list(WELLS_DVT_CRITERIA)}")
    return frozenset(items)


@dataclass(frozen=True)
class WellsResult:
    """A Wells DVT score: points, the two- and three-level readings, and the criteria counted."""

    points: int
    two_level: str        # "likely" | "unlikely"
    three_level: str      # "low" | "moderate" | "high"
    present: tuple[str, ...] = ()     # the criteria counted, in the published order

    @property
    def two_level_category(self) -> WellsCategory:
        """The two-level category with its next step."""
        return next(c for c in wells_two_level() if c.name == self.two_level)

    @property
    def three_level_category(self) -> WellsCategory:
        """The three-level category with the Wells 1997 share of people who had DVT."""
        return next(c for c in wells_three_level() if c.name == self.three_level)

    @property
    def next_step(self) -> str:
        """NICE's next test for this two-level category."""
        return self.two_level_category.next_step

    @property
    def sources(self) -> tuple[str, ...]:
        """Every reference the explanation cites, for the notebook's reference list."""
        keys = [WELLS_DVT_CRITERIA[k].source for k in self.present] or ["wells2003"]
        two, three = self.two_level_category, self.three_level_category
        keys += [*two.sources, *two.next_step_sources, *three.sources]
        keys += [s.source for s in wells_three_level_shares()]
        return tuple(dict.fromkeys(keys))

    @property
    def _points_text(self) -> str:
        return f"{self.points} point{'' if abs(self.points) == 1 else 's'}"

    def _findings(self) -> list[tuple[str, str]]:
        return [(WELLS_DVT_CRITERIA[k].label, f"{WELLS_DVT_CRITERIA[k].points:+d}")
                for k in self.present]

    def _repr_markdown_(self) -> str:
        two, three = self.two_level_category, self.three_level_category
        lines = [f"**Wells DVT score: {self._points_text} → DVT {self.two_level}** "
                 f"(two-level: {two.rule}; three-level: {self.three_level} pretest "
                 f"probability, {three.rule})", ""]
        if self.present:
            lines += ["| Finding | Points |", "|---|---|"]
            lines += [f"| {html.escape(label)} | {pts} |" for label, pts in self._findings()]
            lines += [f"| **Total** | **{self.points}** |", ""]
        else:
            lines += ["No criterion is present: the score is 0.", ""]
        lines += [f"**Next step:** {two.next_step} ({cite(two.next_step_sources)})", "",
                  f"Share with DVT in the {self.three_level} group, by study: "
                  + "; ".join(f"{cite(s.source)}: {_share_text(s)}"
                              for s in wells_three_level_shares()
                              if s.category == self.three_level) + ".", "",
                  "*The score sorts people for the next test; it never diagnoses or rules "
                  "out a clot on its own.*"]
        return "\n".join(lines)

    def explain(self) -> str:
        """The explanation as plain text."""
        two, three = self.two_level_category, self.three_level_category
        found = "; ".join(f"{label} {pts}" for label, pts in self._findings()) or "none"
        return (f"Wells DVT score {self._points_text}: DVT {self.two_level} "
                f"({two.rule}); three-level {self.three_level} ({three.rule}). "
                f"Findings: {found}. Next step: {two.next_step} "
                f"({_plain(two.next_step_sources)}). {DISCLAIMER}")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": self.explain()}


def wells_dvt(present: Iterable[str]) -> WellsResult:
    """Score the Wells DVT criteria listed in ``present`` (keys of WELLS_DVT_CRITERIA).

    A key given twice counts once. ValueError names an unknown key, and refuses a single string
    (which would otherwise be read letter by letter) or a mapping of answers.
    """
    keys = _present_keys(present)
    ordered = tuple(k for k in WELLS_DVT_CRITERIA if k in keys)
    points = sum(WELLS_DVT_CRITERIA[k].points for k in ordered)
    return WellsResult(points, _band_for(wells_two_level(), points).name,
                       _band_for(wells_three_level(), points).name, ordered)


def wells_dvt_table() -> MarkdownTable:
    """The Wells DVT criteria with their points and sources, in the published order."""
    return MarkdownTable(["Clinical feature", "Points", "Source"],
                         [[c.label, f"{c.points:+d}", cite((c.source, *c.label_sources))]
                          for c in WELLS_DVT_CRITERIA.values()])


# --- the Villalta scale --------------------------------------------------------------------------

@dataclass(frozen=True)
class VillaltaItem:
    """One Villalta item: a symptom rated by the patient or a sign rated by the clinician."""

    key: str
    label: str
    kind: str             # "symptom" | "sign"


def _villalta_data() -> dict[str, Any]:
    return load("villalta.yaml")


def _load_villalta_items() -> MappingProxyType[str, VillaltaItem]:
    items = _villalta_data()["items"]
    return MappingProxyType({r["key"]: VillaltaItem(r["key"], r["label"], kind)
                             for group, kind in (("symptoms", "symptom"), ("signs", "sign"))
                             for r in items[group]})


VILLALTA_ITEMS: MappingProxyType[str, VillaltaItem] = _load_villalta_items()
"""Key → item, read-only: the 5 symptoms, then the 6 signs (data/villalta.yaml)."""


def villalta_bands() -> tuple[Band, ...]:
    """The severity bands: none 0–4, mild 5–9, moderate 10–14, severe ≥ 15 (Kahn 2009)."""
    return tuple(Band(r["name"], r["min_points"], r["max_points"], r["meaning"])
                 for r in _villalta_data()["severity"])


@dataclass(frozen=True)
class VillaltaResult:
    """A Villalta total, its severity, and the symptom and sign subtotals."""

    score: int
    severity: str         # "none" | "mild" | "moderate" | "severe"
    ulcer: bool = False
    symptom_score: int = 0
    sign_score: int = 0

    @property
    def sources(self) -> tuple[str, ...]:
        """The reference the explanation cites."""
        return (_villalta_data()["severity_source"],)

    def explain(self) -> str:
        """The result as plain text."""
        why = " because of the venous ulcer" if self.ulcer and self.score < 15 else ""
        meaning = {"none": "no post-thrombotic syndrome"}.get(
            self.severity, f"{self.severity} post-thrombotic syndrome")
        return (f"Villalta score {self.score} (symptoms {self.symptom_score}, signs "
                f"{self.sign_score}{', venous ulcer' if self.ulcer else ''}): "
                f"{meaning}{why}. {DISCLAIMER}")

    def _repr_markdown_(self) -> str:
        text = html.escape(self.explain().removesuffix(f" {DISCLAIMER}"))
        return (f"**{text}** Bands (as reproduced by secondary sources; not seen in the ISTH "
                f"paper itself): 0–4 none, 5–9 mild, 10–14 moderate, 15 or more (or an "
                f"ulcer) severe ({cite(self.sources)}).")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": self.explain()}


def _item_value(key: str, value: Any) -> int:
    low, high = _villalta_data()["item_scale"]["min"], _villalta_data()["item_scale"]["max"]
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral)
            or not low <= value <= high):
        raise ValueError(f"Villalta item {key!r} must be a whole number from {low} to {high} "
                         f"(0 absent, 1 mild, 2 moderate, 3 severe); got {value!r}")
    return int(value)


def villalta(scores: Mapping[str, int], ulcer: bool = False) -> VillaltaResult:
    """Total the 11 Villalta items (each 0–3) and grade it; a venous ulcer makes it severe.

    ``scores`` maps every key of VILLALTA_ITEMS to a whole number from 0 to 3. ValueError names
    a missing or unknown item, or a value that is not a whole number in range (bools, 1.5 and
    "2" are refused). ``.score`` is the plain sum; the ulcer changes only the severity.
    """
    if not isinstance(scores, Mapping):
        raise ValueError(f"scores must map each Villalta item to 0–3, such as {{'pain': 1, ...}}; "
                         f"got {scores!r}")
    if isinstance(ulcer, np.bool_):
        ulcer = bool(ulcer)
    if not isinstance(ulcer, bool):
        raise ValueError(f"ulcer must be True or False; got {ulcer!r}")
    unknown = [k for k in scores if k not in VILLALTA_ITEMS]
    if unknown:
        raise ValueError(f"unknown Villalta items: {sorted(unknown, key=repr)}; "
                         f"allowed: {list(VILLALTA_ITEMS)}")
    missing = [k for k in VILLALTA_ITEMS if k not in scores]
    if missing:
        raise ValueError(f"Villalta scores are missing {missing}; all {len(VILLALTA_ITEMS)} "
                         f"items are needed: {list(VILLALTA_ITEMS)}")
    values = {k: _item_value(k, scores[k]) for k in VILLALTA_ITEMS}
    symptoms = sum(v for k, v in values.items() if VILLALTA_ITEMS[k].kind == "symptom")
    signs = sum(v for k, v in values.items() if VILLALTA_ITEMS[k].kind == "sign")
    total = symptoms + signs
    severity = (_villalta_data()["ulcer"]["severity"] if ulcer
                else _band_for(villalta_bands(), total).name)
    return VillaltaResult(total, severity, ulcer, symptoms, signs)


def villalta_table() -> MarkdownTable:
    """The 11 Villalta items, who rates each, and the 0–3 scale."""
    scale = ", ".join(f"{k} {v}" for k, v in _villalta_data()["item_scale"]["meaning"].items())
    source = cite((_villalta_data()["source"],))
    return MarkdownTable(["Item", "Rated by", "Scale", "Source"],
                         [[i.label, "patient" if i.kind == "symptom" else "clinician", scale,
                           source] for i in VILLALTA_ITEMS.values()])

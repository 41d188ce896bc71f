"""The risk checklist of notebook 04 as pure logic: Wells score, risk-factor tally, triage, age.

One rule table drives everything: the Wells criteria (data/wells_dvt.yaml through helpers.risk),
the tally (data/signs_and_risks.yaml), the tiered triage (data/triage.yaml) and the age-adjusted
D-dimer rule (data/d_dimer.yaml). :func:`rules` hands the same table to the JavaScript form of the
static page, so the Python and browser versions cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from helpers import diagnosis, references, risk
from helpers._data import load

AGE_PATTERN = r"[0-9]{1,3}(?:\.[0-9]+)?"        # what the age box accepts, in Python and JavaScript
ARMS = {"stasis": "Stasis", "vessel_wall": "Vessel-wall injury",
        "hypercoagulability": "Hypercoagulability"}


@dataclass(frozen=True)
class Item:
    """One tickable line of the checklist."""

    key: str
    label: str
    sources: tuple[str, ...]
    arms: tuple[str, ...] = ()       # tally items: the arms of Virchow's triad they feed


def _signs_and_risks() -> dict[str, Any]:
    return load("signs_and_risks.yaml")


def tally_items() -> tuple[Item, ...]:
    """The risk factors a learner can tick, each with the arms of the triad it feeds."""
    return tuple(Item(f["key"], f["label"], tuple(f["sources"]), tuple(f["arms"]))
                 for f in _signs_and_risks()["tally"]["factors"])


# --- the triage: combinations of findings, each rule a sourced row of data/triage.yaml ------------

LEVELS = ("emergency", "urgent", "routine")      # most severe first


@dataclass(frozen=True)
class Finding:
    """One finding the learner can tick in the triage panel."""

    key: str
    label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TriageRule:
    """One row of the triage table: the level it sets when every group has a ticked finding."""

    key: str
    level: str
    when: tuple[tuple[str, ...], ...]    # AND of ORs over finding keys
    reason: str
    why: str
    sources: tuple[str, ...]
    action: str = ""                     # its own action sentence, when not the tier's default

    def fires(self, ticked: frozenset[str]) -> bool:
        """Whether every group of the rule has at least one ticked finding."""
        return all(ticked.intersection(group) for group in self.when)

    @property
    def sentence(self) -> str:
        """The reason as shown to the learner, ending with its sources."""
        return _sentence(self.reason, self.sources)


@cache
def _sentence(reason: str, sources: tuple[str, ...]) -> str:
    return f"{reason} ({'; '.join(references.get(k).short for k in sources)})."


@dataclass(frozen=True)
class TriageResult:
    """The triage of a set of findings: the level and the sentences of the rules that fired."""

    level: str                      # "emergency" | "urgent" | "routine"
    reasons: tuple[str, ...]        # empty only for routine
    findings: tuple[str, ...] = ()  # the ticked keys, in the table's order
    also_ticked: tuple[str, ...] = ()   # ticked keys no fired rule used, in the table's order
    conflicts: tuple[str, ...] = ()     # a sentence for each pair of ticks that cannot both be true
    rule_action: str = ""           # the fired rules' own action, when it replaces the tier's

    @property
    def title(self) -> str:
        """The level's heading, such as "EMERGENCY"."""
        return _triage()["levels"][self.level]["title"]

    @property
    def action(self) -> str:
        """What to do: the rules' own action sentence when they carry one, else the tier's."""
        return self.rule_action or _triage()["levels"][self.level]["action"]

    @property
    def also_note(self) -> str:
        """The sentence naming the ticked findings that did not change the advice ("" if none)."""
        return also_ticked_note(self.also_ticked)


def _triage() -> dict[str, Any]:
    return load("triage.yaml")


TRIAGE_FINDINGS: MappingProxyType[str, Finding] = MappingProxyType({
    f["key"]: Finding(f["key"], f["label"], tuple(f["sources"])) for f in _triage()["findings"]})


@cache
def triage_rules() -> tuple[TriageRule, ...]:
    """The triage table's rules in their order (emergency rules first)."""
    rules = tuple(TriageRule(r["key"], r["level"], tuple(tuple(g) for g in r["when"]),
                             r["reason"], r["why"], tuple(r["sources"]), r.get("action", ""))
                  for r in _triage()["rules"])
    for rule in rules:            # resolve the sources now, not on the learner's first tick
        _sentence(rule.reason, rule.sources)
    return rules


def also_ticked_note(keys: Iterable[str]) -> str:
    """"Also ticked: … — on its own this does not change what to do." for ``keys`` ("" if none)."""
    labels = [f"“{TRIAGE_FINDINGS[k].label.split(':')[0]}”" for k in keys]
    if not labels:
        return ""
    template = _triage()["also_ticked"]["one" if len(labels) == 1 else "many"]
    return template.format(labels=", ".join(labels))


def triage(findings: Iterable[str]) -> TriageResult:
    """Triage ticked findings: the most severe level among the rules that fire, else routine.

    Every tick is acknowledged: ticks no fired rule used are listed in ``also_ticked``, and ticks
    that cannot both be true are named in ``conflicts``.
    """
    ticked = list(dict.fromkeys(findings))
    unknown = [k for k in ticked if k not in TRIAGE_FINDINGS]
    if unknown:
        raise ValueError(f"unknown triage findings: {unknown}; allowed: {list(TRIAGE_FINDINGS)}")
    keys = frozenset(ticked)
    fired = sorted((r for r in triage_rules() if r.fires(keys)),
                   key=lambda r: LEVELS.index(r.level))
    level = fired[0].level if fired else "routine"
    top = [r for r in fired if r.level == level]
    # a rule's own action replaces the tier's only when every rule at that tier carries one
    own = top[0].action if top and all(r.action for r in top) else ""
    used = {k for r in fired for group in r.when for k in group}
    conflicts = tuple(c["message"] for c in _triage()["conflicts"] if keys.issuperset(c["keys"]))
    return TriageResult(level, tuple(r.sentence for r in fired),
                        tuple(k for k in TRIAGE_FINDINGS if k in keys),
                        tuple(k for k in TRIAGE_FINDINGS if k in keys and k not in used),
                        conflicts, own)


def emergency_first() -> str:
    """What the Wells panel's next step says under an emergency: the emergency comes first."""
    return _triage()["emergency_first"]


def shared_items() -> dict[str, Any]:
    """The items the Wells panel and the tally both ask about, and why they stay separate."""
    return _triage()["shared_items"]


def shared_mismatches(wells: Iterable[str], tally: Iterable[str]) -> tuple[str, ...]:
    """A sentence for each shared item ticked in one panel only (the panels define it apart)."""
    w, t, shared = set(wells), set(tally), shared_items()
    out = []
    for pair in shared["pairs"]:
        in_wells, in_tally = pair["wells"] in w, bool(t.intersection(pair["tally"]))
        if in_wells != in_tally:
            ticked, other = ("wells", "tally") if in_wells else ("tally", "wells")
            out.append(shared["mismatch"].format(name=pair["name"], ticked=shared["panels"][ticked],
                                                 other=shared["panels"][other]))
    return tuple(out)


@dataclass(frozen=True)
class AgeReading:
    """The age box read: the age in years (None when empty or bad), and a message for the reader."""

    years: float | None
    message: str
    d_dimer_cutoff: float | None = None
    ok: bool = True


def read_age(text: Any) -> AgeReading:
    """Read the age box: empty is fine, text or an impossible age gets a message, never an error."""
    entry = "" if text is None else str(text).strip()
    if not entry:
        return AgeReading(None, "")
    low, high = diagnosis.AGE_RANGE_YEARS
    if not re.fullmatch(AGE_PATTERN, entry):
        return AgeReading(None, f"Age must be a number of years from {low:g} to {high:g}, "
                                "such as 64.", ok=False)
    years = float(entry)
    if not low <= years <= high:
        return AgeReading(None, f"An age of {years:g} years is not possible here: use "
                                f"{low:g} to {high:g}.", ok=False)
    cutoff = diagnosis.age_adjusted_d_dimer_cutoff(years)
    return AgeReading(years, f"Age-adjusted D-dimer cut-off at {years:g} years: {cutoff:g} µg/L "
                             "(FEU).", cutoff)


@dataclass(frozen=True)
class Assessment:
    """Everything the checklist shows for one set of ticks and one age entry."""

    wells: risk.WellsResult
    factors: tuple[Item, ...]              # ticked risk factors, in the table's order
    triage: TriageResult
    age: AgeReading
    mismatches: tuple[str, ...] = ()       # shared Wells/tally items ticked on one side only

    @property
    def tally(self) -> dict[str, tuple[str, ...]]:
        """Each arm of the triad with the labels of the ticked factors that feed it."""
        return {arm: tuple(i.label for i in self.factors if arm in i.arms) for arm in ARMS}

    @property
    def emergency(self) -> bool:
        """Whether the triage says to call the emergency number."""
        return self.triage.level == "emergency"


def _known(kind: str, keys: Iterable[str], items: tuple[Item, ...]) -> list[Item]:
    """The items for ``keys``; ValueError naming unknown keys."""
    wanted = list(dict.fromkeys(keys))
    by_key = {i.key: i for i in items}
    unknown = [k for k in wanted if k not in by_key]
    if unknown:
        raise ValueError(f"unknown {kind} items: {unknown}; allowed: {list(by_key)}")
    return [by_key[k] for k in by_key if k in wanted]


def assess(wells: Iterable[str] = (), factors: Iterable[str] = (),
           findings: Iterable[str] = (), age: Any = "") -> Assessment:
    """Score the ticked Wells criteria, group the ticked factors by arm, triage the findings."""
    wells, factors = list(wells), list(factors)
    return Assessment(risk.wells_dvt(wells), tuple(_known("tally", factors, tally_items())),
                      triage(findings), read_age(age), shared_mismatches(wells, factors))


def rules() -> dict[str, Any]:
    """The whole rule table as plain data, for the JavaScript form in the static page."""
    def band(c: risk.WellsCategory) -> dict[str, Any]:
        return {"name": c.name, "min": c.min_points, "max": c.max_points, "rule": c.rule,
                "next_step": c.next_step, "prevalence": c.prevalence}

    cutoff = load("d_dimer.yaml")["age_adjusted_cutoff"]
    return {
        "wells": [{"key": c.key, "label": c.label, "points": c.points}
                  for c in risk.WELLS_DVT_CRITERIA.values()],
        "two_level": [band(c) for c in risk.wells_two_level()],
        "three_level": [band(c) for c in risk.wells_three_level()],
        "tally": [{"key": i.key, "label": i.label, "arms": list(i.arms)} for i in tally_items()],
        "arms": ARMS,
        "findings": [{"key": f.key, "label": f.label} for f in TRIAGE_FINDINGS.values()],
        "triage_rules": [{"key": r.key, "level": r.level, "when": [list(g) for g in r.when],
                          "sentence": r.sentence, "action": r.action} for r in triage_rules()],
        "also_ticked": dict(_triage()["also_ticked"]),
        "emergency_first": emergency_first(),
        "conflicts": [{"keys": list(c["keys"]), "message": c["message"]}
                      for c in _triage()["conflicts"]],
        "levels": {name: dict(_triage()["levels"][name]) for name in LEVELS},
        "shared": {"note": shared_items()["note"], "mismatch": shared_items()["mismatch"],
                   "panels": dict(shared_items()["panels"]),
                   "pairs": [{"name": p["name"], "wells": p["wells"], "tally": list(p["tally"])}
                             for p in shared_items()["pairs"]]},
        "age": {"pattern": AGE_PATTERN, "min": diagnosis.AGE_RANGE_YEARS[0],
                "max": diagnosis.AGE_RANGE_YEARS[1], "from": cutoff["age_from_years"],
                "conventional": cutoff["conventional_ug_per_l"],
                "per_year": cutoff["per_year_ug_per_l"]},
    }

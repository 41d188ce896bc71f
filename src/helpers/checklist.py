"""The risk checklist of notebook 04 as pure logic: Wells score, risk-factor tally, red flags, age.

One rule table drives everything: the Wells criteria (data/wells_dvt.yaml through helpers.risk),
the tally and the emergency signs (data/signs_and_risks.yaml) and the age-adjusted D-dimer rule
(data/d_dimer.yaml). :func:`rules` hands the same table to the JavaScript form of the static page,
so the Python and browser versions cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from helpers import diagnosis, risk
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
    meaning: str = ""                # emergency signs: what the sign may mean


def _signs_and_risks() -> dict[str, Any]:
    return load("signs_and_risks.yaml")


def tally_items() -> tuple[Item, ...]:
    """The risk factors a learner can tick, each with the arms of the triad it feeds."""
    return tuple(Item(f["key"], f["label"], tuple(f["sources"]), tuple(f["arms"]))
                 for f in _signs_and_risks()["tally"]["factors"])


def emergency_items() -> tuple[Item, ...]:
    """The emergency signs (the six Ps of an arterial clot, signs of a clot on the lung, ...)."""
    return tuple(Item(s["key"], s["label"], tuple(s["sources"]), meaning=s["meaning"])
                 for s in _signs_and_risks()["emergency_signs"]["signs"])


def emergency_message() -> str:
    """What to do when any emergency sign is ticked."""
    return _signs_and_risks()["emergency_signs"]["message"]


def tally_disclaimer() -> str:
    """Why the tally is not a score."""
    return _signs_and_risks()["tally"]["disclaimer"]


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
    emergencies: tuple[Item, ...]          # ticked emergency signs, in the table's order
    age: AgeReading

    @property
    def tally(self) -> dict[str, tuple[str, ...]]:
        """Each arm of the triad with the labels of the ticked factors that feed it."""
        return {arm: tuple(i.label for i in self.factors if arm in i.arms) for arm in ARMS}

    @property
    def emergency(self) -> bool:
        """Whether any emergency sign is ticked."""
        return bool(self.emergencies)


def _known(kind: str, keys: Iterable[str], items: tuple[Item, ...]) -> list[Item]:
    """The items for ``keys``; ValueError naming unknown keys."""
    wanted = list(dict.fromkeys(keys))
    by_key = {i.key: i for i in items}
    unknown = [k for k in wanted if k not in by_key]
    if unknown:
        raise ValueError(f"unknown {kind} items: {unknown}; allowed: {list(by_key)}")
    return [by_key[k] for k in by_key if k in wanted]


def assess(wells: Iterable[str] = (), factors: Iterable[str] = (),
           emergencies: Iterable[str] = (), age: Any = "") -> Assessment:
    """Score the ticked Wells criteria, group the ticked factors by arm, flag emergencies."""
    return Assessment(risk.wells_dvt(wells), tuple(_known("tally", factors, tally_items())),
                      tuple(_known("emergency", emergencies, emergency_items())), read_age(age))


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
        "emergency": [{"key": i.key, "label": i.label, "meaning": i.meaning}
                      for i in emergency_items()],
        "emergency_message": emergency_message(),
        "age": {"pattern": AGE_PATTERN, "min": diagnosis.AGE_RANGE_YEARS[0],
                "max": diagnosis.AGE_RANGE_YEARS[1], "from": cutoff["age_from_years"],
                "conventional": cutoff["conventional_ug_per_l"],
                "per_year": cutoff["per_year_ug_per_l"]},
    }

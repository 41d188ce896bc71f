"""Notebook 06's tables: what anticoagulants do and do not do, the DOACs side by side, how long to
treat, the trials of procedures, and the procedures with their indications. Each row carries its
citations (``references.cite``); the numbers come from data/pharmacology.yaml, data/procedures.yaml
and data/pharmacokinetic_models.yaml.
"""

from __future__ import annotations

from typing import Any

from helpers import pharmacology as pk
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable


def _pharmacology() -> dict[str, Any]:
    return load("pharmacology.yaml")


def misconceptions_table() -> MarkdownTable:
    """Common claims about 'blood thinners' and clot-busters, and what the sources say instead."""
    return MarkdownTable(["The claim", "What the sources say", "Sources"],
                         [[m["claim"], " ".join(m["correction"].split()), cite(m["sources"])]
                          for m in _pharmacology()["misconceptions"]])


def _range_text(record: dict[str, Any]) -> str:
    if "value" in record:
        value = record["value"]
        return f"{value:g}" if isinstance(value, int | float) else str(value)
    low, high = record["range"]
    return f"{low:g}–{high:g}"


def _regimen_text(regimen: dict[str, Any]) -> str:
    parts = []
    for phase in regimen["phases"]:
        how = "once daily" if phase["per_day"] == 1 else f"{phase['per_day']} times daily"
        if phase["per_day"] == 2:
            how = "twice daily"
        length = f" for {phase['days']} days" if phase["days"] else ""
        parts.append(f"{phase['dose_mg']:g} mg {how}{length}")
    text = ", then ".join(parts)
    if regimen.get("parenteral_lead_in"):
        low, high = regimen["lead_in_days_us"]
        text = (f"after an injected anticoagulant for ≥{regimen['lead_in_days_eu_min']} days "
                f"(EU SmPC); {low}–{high} days (US label): {text}")
    return text


def doac_table() -> MarkdownTable:
    """The four DOACs: target, absorption, half-life, kidney share, VTE regimen, with sources."""
    rows = []
    for drug in pk.DOACS:
        d = _pharmacology()["drugs"][drug]
        params = {p["name"]: p for p in d["parameters"]}
        regimen = next(r for r in d["regimens"] if r["name"] == "vte_treatment")
        half = params["half_life"]
        half_text = half.get("note") or f"{_range_text(half)} h"
        absorbed = _range_text(params["bioavailability"])
        absorbed += "%" if absorbed[-1].isdigit() else ""
        rows.append([
            d["name"], d["target"], absorbed,
            f"{_range_text(params['tmax'])} h", half_text,
            f"{_range_text(params['renal_fraction'])}%", _regimen_text(regimen),
            cite(dict.fromkeys([*params["half_life"]["sources"], *regimen["sources"]]))])
    return MarkdownTable(["Drug", "Target", "Absorbed", "Peak after", "Half-life",
                          "Cleared by the kidneys", "VTE treatment", "Sources"], rows)


def kidney_table() -> MarkdownTable:
    """Each DOAC's half-life and exposure by kidney function, from the single-dose studies, and
    what the labels say at low kidney function."""
    s = load("pharmacokinetic_models.yaml")["doac"]
    bands = [b["band"] for b in s["kidney_bands"]]
    rows = []
    for drug in pk.DOACS:
        k = s["kidney"][drug]
        cells = [pk.kidney_half_life_text(drug, b) + (f" (AUC ×{k['auc_ratio'][b]:g})"
                                                       if b != "normal" else "") for b in bands]
        rows.append([pk.DRUG_NAMES[drug], *cells, k["label_note"], cite(k["sources"])])
    heads = [f"{b.capitalize()} ({lo}{'+' if hi is None else f'–{hi - 1}'} mL/min)"
             for b, lo, hi in ((b["band"], b["low"], b["high"]) for b in s["kidney_bands"])]
    return MarkdownTable(["Drug", *heads, "Labels at low kidney function", "Sources"], rows)


def duration_table() -> MarkdownTable:
    """How long to treat: each situation, the recommendation, its strength and its sources."""
    rows = []
    for d in _pharmacology()["duration"]:
        if "clauses" in d:               # each clause with its own grade
            text = " ".join(f"{c['text']} ({c['strength']})." for c in d["clauses"])
        else:
            strength = d.get("strength", "")
            text = d["recommendation"] + (f" ({strength})" if strength else "")
        rows.append([d["situation"], text, cite(d["sources"])])
    return MarkdownTable(["Situation", "Recommendation", "Sources"], rows)


def trials_table() -> MarkdownTable:
    """ATTRACT, PREPIC and PREPIC2: one row per outcome, with each trial's source."""
    rows = []
    for p in _pharmacology()["procedures"]:
        if "trial" not in p:
            continue
        for i, r in enumerate(p["results"]):
            unit = r["unit"]
            values = [f"{v}{'%' if unit.startswith('%') else ''}" if isinstance(v, int | float)
                      else str(v) for v in (r["intervention"], r["control"])]
            trial = f"**{p['trial']}**: {p['design']}" if i == 0 else f"{p['trial']} (continued)"
            rows.append([trial, r["outcome"], values[0], values[1], r["effect"],
                         cite(p["sources"])])
        rows.append([f"{p['trial']}: conclusion", p["conclusion"], "", "", "",
                     cite(p["sources"])])
    return MarkdownTable(["Trial", "Outcome", "With the procedure", "Without", "Effect",
                          "Sources"], rows)


def procedures_table() -> MarkdownTable:
    """Procedures for a leg clot: what each does, when it is used, what limits it, with sources."""
    return MarkdownTable(["Procedure", "What it does", "When it is used", "What limits it",
                          "Sources"],
                         [[p["name"], p["does"], p["used_when"], p["limits"], cite(p["sources"])]
                          for p in load("procedures.yaml")["procedures"]])


def overlap_rule() -> str:
    """The warfarin overlap rule, as the data state it."""
    return _pharmacology()["drugs"]["warfarin"]["overlap"]["rule"]

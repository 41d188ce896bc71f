"""Virchow's triad and venous versus arterial clots (data/clots.yaml) as cited tables."""

from __future__ import annotations

from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable


def virchow_table() -> MarkdownTable:
    """Virchow's three arms: how each favours clotting, its risk factors, and sources."""
    rows = load("clots.yaml")["virchow"]
    return MarkdownTable(["Arm of the triad", "How it favours a clot", "Risk factors (notebook 04)",
                          "Source"],
                         [[r["arm"], r["how"], r["risk_factors"], cite(r["sources"])]
                          for r in rows])


def venous_vs_arterial_table() -> MarkdownTable:
    """Venous (red) against arterial (white) clots, side by side, with sources."""
    rows = load("clots.yaml")["venous_vs_arterial"]
    return MarkdownTable(["", "Venous clot (DVT)", "Arterial clot", "Source"],
                         [[f"**{r['feature']}**", r["venous"], r["arterial"],
                           cite(r["sources"])] for r in rows])

"""Notebook 01's tables of Virchow's triad and of venous against arterial clots."""

from helpers import clots, references
from helpers._data import load


def _row(feature: str) -> dict:
    (row,) = [r for r in load("clots.yaml")["venous_vs_arterial"] if r["feature"] == feature]
    return row


def test_arterial_prevention_separates_plaque_from_an_embolus_from_the_heart():
    # Issue 13: "arterial clots are prevented with antiplatelet drugs" left out the embolus.
    # Wasilewska 2013 (PubMed 24431317): AF in 60-95% of patients operated on for acute limb
    # ischaemia, "a leading cause of peripheral embolism"; NICE QS93: anticoagulation offered in
    # AF with CHA2DS2-VASc 2 or more; Mackman 2008: antiplatelet drugs for platelet-rich clots.
    arterial = _row("Drugs that prevent it")["arterial"]
    assert "antiplatelet" in arterial and "atherosclerotic" in arterial
    assert "atrial fibrillation" in arterial and "anticoagulants" in arterial
    sources = set(_row("Drugs that prevent it")["sources"])
    assert {"mackman2008", "wasilewska2013", "nice_qs93"} <= sources
    assert "atrial fibrillation" in _row("Where")["arterial"]


def test_every_row_of_both_tables_is_cited_from_the_bibliography():
    for table in (clots.virchow_table(), clots.venous_vs_arterial_table()):
        text = table._repr_markdown_()
        assert text.count("](#ref-") >= len(table.rows)
    for record in load("clots.yaml")["venous_vs_arterial"] + load("clots.yaml")["virchow"]:
        assert record["sources"] and all(references.get(k) for k in record["sources"])

"""Notebook 06's tables (helpers.treatment): every row cited, the claims corrected, the trials."""

import re
from pathlib import Path

import nbformat
import pytest

from helpers import quiz, reading, references, treatment

TABLES = [treatment.misconceptions_table, treatment.doac_table, treatment.kidney_table,
          treatment.duration_table, treatment.trials_table, treatment.procedures_table]
CITATION = re.compile(r"^(\[[^\]]+\]\(#ref-[\w-]+\)(; )?)+$")


@pytest.mark.parametrize("build", TABLES, ids=lambda f: f.__name__)
def test_every_row_ends_with_citations_that_resolve(build):
    table = build()
    assert table.rows
    for row in table.rows:
        assert CITATION.match(row[-1]), row
        for key in re.findall(r"#ref-([\w-]+)", row[-1]):
            references.get(key)


@pytest.mark.parametrize("build", TABLES, ids=lambda f: f.__name__)
def test_plain_text_twin_drops_link_targets(build):
    text = repr(build())
    assert "#ref-" not in text and text.strip()


def test_misconceptions_correct_thinning_and_dissolving():
    text = treatment.misconceptions_table()._repr_markdown_()
    assert "Blood thinners make the blood thinner" in text
    assert "do not break up a clot that has already formed" in text
    assert "Thrombolytics are a different class: they do dissolve clots" in text


def test_trials_table_has_attract_prepic_and_prepic2_with_their_numbers():
    rows = treatment.trials_table().rows
    trials = {row[0].split(":")[0].strip("*").split(" (")[0] for row in rows}
    assert trials == {"ATTRACT", "PREPIC", "PREPIC2"}
    attract = next(r for r in rows if r[1].startswith("Post-thrombotic syndrome, 6-24"))
    assert attract[2:4] == ["47%", "48%"] and "P = 0.56" in attract[4]
    prepic2 = next(r for r in rows if r[1] == "Recurrent PE at 3 months")
    assert prepic2[2:4] == ["3.0%", "1.5%"]


def test_durations_cover_provoked_unprovoked_and_cancer_with_three_months_minimum():
    rows = treatment.duration_table().rows
    situations = " ".join(r[0] for r in rows)
    for word in ("major transient", "minor transient", "Unprovoked", "Cancer-associated"):
        assert word in situations
    assert "3 months" in rows[0][1]
    unprovoked = next(r[1] for r in rows if r[0].startswith("Unprovoked"))
    assert ("with a DOAC; reassess periodically (CHEST 2021: strong recommendation, "
            "moderate-certainty evidence). If the bleeding risk is high, 3 months, then stop "
            "(Kearon 2012, CHEST 9th edition: Grade 1B).") in unprovoked


def test_procedures_name_thrombectomy_catheter_thrombolysis_filters_and_arterial_clot():
    rows = treatment.procedures_table().rows
    names = " ".join(r[0] for r in rows)
    for word in ("thrombectomy", "Catheter-directed", "vena cava", "revascularisation"):
        assert word in names
    ivc = next(r for r in rows if "vena cava" in r[0])
    assert "contraindicated" in ivc[2] and "PREPIC2" in ivc[3]


def test_doac_table_lists_the_four_drugs_with_their_vte_regimens():
    rows = treatment.doac_table().rows
    assert [r[0].split()[0] for r in rows] == ["Rivaroxaban", "Apixaban", "Edoxaban",
                                                "Dabigatran"]
    assert rows[0][6] == "15 mg twice daily for 21 days, then 20 mg once daily"
    assert rows[2][6].startswith("after an injected anticoagulant for ≥5 days (EU SmPC); "
                                 "5–10 days (US label): 60 mg")
    assert rows[3][6].startswith("after an injected anticoagulant for ≥5 days (EU SmPC); "
                                 "5–10 days (US label): 150 mg")
    assert rows[3][5] == "80%"


def test_kidney_table_gives_each_band_with_the_study_exposure():
    rows = treatment.kidney_table().rows
    by_drug = {r[0]: r for r in rows}
    assert by_drug["Dabigatran"][1:5] == ["13.8 h", "16.6 h (AUC ×1.5)", "18.7 h (AUC ×3.2)",
                                          "27.5 h (AUC ×6.3)"]
    assert by_drug["Rivaroxaban"][2:5] == ["8.7 h (AUC ×1.44)", "9 h (AUC ×1.52)",
                                           "9.5 h (AUC ×1.64)"]
    assert by_drug["Apixaban"][1] == "12 h (class value)"
    assert by_drug["Apixaban"][4] == "model 17.3 h (AUC ×1.44)"
    assert by_drug["Edoxaban"][1] == "10–14 h (model: 12 h)"
    assert "contraindicated below 30" in by_drug["Dabigatran"][5]
    assert "30 mg once daily" in by_drug["Edoxaban"][5]


def test_overlap_rule_reads_as_the_data_state_it():
    assert "until the INR is 2.0 or above for at least 24 h" in treatment.overlap_rule()


# --- notebook 06: a short core that keeps the safety messages, deeper material folded -----------

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_treatment.ipynb"


def _core_and_deeper() -> tuple[list, list]:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    inside = {i for s in reading.deeper_sections(cells) for i in s.cells}
    return ([c for i, c in enumerate(cells) if i not in inside],
            [c for i, c in enumerate(cells) if i in inside])


def test_core_keeps_every_safety_message():
    # Issue 15: the corrections and warning signs stay in the core (its 1,500-word limit is
    # checked for every notebook in test_learning_path).
    core = "\n".join(c.source for c in _core_and_deeper()[0] if c.cell_type == "markdown")
    assert "do not dissolve a clot that is already there" in core
    for sign in ("blood in the urine", "black stools", "vomiting or coughing up blood",
                 "nosebleed lasting more than 10 minutes", "bleeding that will not stop",
                 "New numbness or weakness of the thigh with groin, hip or back pain"):
        assert sign in core, sign


def test_model_internals_kidney_tables_checks_and_trials_are_in_deeper_sections():
    core, deeper = _core_and_deeper()
    folded = {"treatment.kidney_table()", "pharmacology.model_checks_table()",
              "treatment.trials_table()", "pharmacology.inr_delay_by_factor_ii()"}
    assert folded <= {c.source for c in deeper}
    assert not folded & {c.source for c in core}
    titles = [reading.heading(c) for c in deeper if reading.heading(c)]
    assert titles and all(level == 3 and text.startswith("Going deeper: ")
                          for level, text in titles)


def test_06_has_at_least_five_questions():
    # That each names a numbered core section is checked for every quiz in test_learning_path.
    assert len(quiz.load_quiz("06_treatment").questions) >= 5

"""Case cards (helpers.cases, issue 22): the cards the lesson plans call for exist, show only the
story and the question, and their worked answers are the course's own results, printed in the
teacher's guide exactly as the module writes them."""

import math
import subprocess
import sys

import nbformat
import pytest

from helpers import cases, diagnosis, nerves, pathway, reading, risk
from helpers._data import load
from tests.notebooks import NOTEBOOKS, ROOT

GUIDE = ROOT / "docs" / "teaching.md"


# --- what the plans call for ---------------------------------------------------------------------

def test_plan_a_has_three_nerve_cards_two_wells_cards_and_an_85_year_old_with_a_positive_d_dimer():
    by_lesson = {n: cases.for_lesson(n) for n in ("03", "04", "05")}
    assert [c.kind for c in by_lesson["03"]] == ["nerve_map"] * 3
    assert [c.kind for c in by_lesson["04"]] == ["wells"] * 2
    (old,) = by_lesson["05"]
    assert old.inputs["age_years"] == 85
    assert old.inputs["d_dimer_ug_per_l"] >= diagnosis.age_adjusted_d_dimer_cutoff(85)
    assert [c.key for c in cases.plan_cases("A")] == [c.key for c in cases.cases()]


# --- worked answers are the course's results ---------------------------------------------------

@pytest.mark.parametrize("key, points, two, three", [
    # Wells 2003 (NICE NG158 Table 1): surgery, tenderness, whole leg, calf ≥3 cm, pitting +1 each
    ("wells_after_knee_replacement", 5, "likely", "high"),
    # calf ≥3 cm +1, alternative diagnosis at least as likely −2
    ("wells_kicked_calf", -1, "unlikely", "low"),
])
def test_wells_cards_score_as_published(key, points, two, three):
    result = cases.answer(key).result
    assert (result.points, result.two_level, result.three_level) == (points, two, three)
    assert result == risk.wells_dvt(cases.case(key).inputs["wells"])
    assert f"| **Total** | **{points}** |" in cases.answer(key).markdown


@pytest.mark.parametrize("key, nerve, root, explained", [
    ("nerve_outer_thigh", "lateral_femoral_cutaneous", "L2", True),
    ("nerve_shin_and_foot", "superficial_fibular", "L5", True),
    ("nerve_back_of_leg", "sural", "S1", False),
])
def test_nerve_cards_answer_what_the_nerve_map_says(key, nerve, root, explained):
    result = cases.answer(key).result
    assert result == nerves.localize(cases.case(key).inputs["areas"])
    assert (result.top_nerves[0], result.top_roots[0], result.explained) == (nerve, root, explained)
    assert result.message in cases.answer(key).markdown


def test_the_85_year_old_is_worked_with_the_age_adjusted_cut_off_and_the_probability_chain():
    chain = cases.answer("d_dimer_at_85").result
    # Righini 2014: 85 × 10 = 850 µg/L; Wells 1 point → moderate, 17.4% (Wells 2004 meta-analysis)
    expected = pathway.probability_chain(
        0.174, ["d_dimer_positive_age_adjusted_over_80", "ultrasound_negative"])
    assert chain == expected
    text = cases.answer("d_dimer_at_85").markdown
    assert "85 × 10 = 850 µg/L instead of 500" in text
    assert "1,100 µg/L is positive by either cut-off" in text
    # the numbers a learner reads, at the precision shown
    assert f"17.4% → {expected.steps[0].after:.1%}" in text and "→ 1.9%" in text
    assert f"likelihood ratio {0.96 / (1 - 0.352):.2f}" in text      # Schouten 2013, over 80


def test_a_d_dimer_between_the_two_cut_offs_is_read_differently_by_each():
    item = cases.case("d_dimer_at_85")
    between = cases.Case(**{**item.__dict__, "inputs": {**item.inputs, "d_dimer_ug_per_l": 700}})
    text = cases.answer(between).markdown
    assert "700 µg/L is negative by the age-adjusted cut-off (positive at 500)" in text
    assert cases.answer(between).result.steps[0].result.key == "d_dimer_negative"


def test_age_without_course_likelihood_ratios_is_named():
    with pytest.raises(ValueError, match="61–70 and over 80 only; got 75"):
        cases.age_band_key(75)


def test_unknown_case_lesson_and_plan_are_named():
    with pytest.raises(ValueError, match="unknown case 'nope'"):
        cases.case("nope")
    with pytest.raises(ValueError, match="lesson 06 has no case cards"):
        cases.show("06")
    with pytest.raises(ValueError, match="unknown plan 'Z'"):
        cases.plan_cases("Z")


def test_a_card_of_an_unknown_kind_is_refused():
    record = {"key": "x", "lesson": "04", "kind": "horoscope", "title": "t", "minutes": 1,
              "story": "s", "findings": [], "question": "q", "inputs": {}}
    with pytest.raises(ValueError, match="kind must be one of"):
        cases._case(record)


# --- the card the learner sees -----------------------------------------------------------------

def test_a_card_is_one_static_table_with_its_story_and_question_but_not_its_answer():
    item = cases.case("wells_kicked_calf")
    card = cases.card_html(item)
    assert card.count("<table") == 1 and "<script" not in card and "<input" not in card
    assert "A footballer&#x27;s swollen calf" in card and "Score the Wells items" in card
    assert "break-inside:avoid" in card
    assert "unlikely" not in card and "-1" not in card


def test_a_card_counts_as_a_table_so_it_adds_no_core_prose_words():
    tally = reading.Tally()
    tally.add_html(cases.show("04")._repr_html_())
    assert tally.prose_words == 0 and tally.tables == 2 and tally.table_words > 100


@pytest.mark.parametrize("lesson, stem", [("03", "03_nerve_map"), ("04", "04_signs_and_risk"),
                                          ("05", "05_differential")])
def test_each_notebook_shows_its_cards_as_static_html(lesson, stem):
    nb = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    shown = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
             for o in c.outputs if "cn-case" in str(o.get("data", {}).get("text/html", ""))]
    assert shown == [cases.show(lesson)._repr_html_()]
    cell = next(c for c in nb.cells if c.cell_type == "code" and "cases.show" in c.source)
    assert reading.DEEPER_TAG not in reading.tags(cell)


# --- the teacher's guide -----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(cases.SECTIONS))
def test_guide_prints_each_generated_section_as_the_module_writes_it(name):
    """If this fails, run `python -m helpers.tidy times`."""
    text = GUIDE.read_text(encoding="utf-8")
    body = cases.guide_sections(NOTEBOOKS)[name]
    assert f"<!-- generated: {name} -->\n\n{body}\n<!-- end: {name} -->" in text


def test_guide_has_every_worked_answer_and_a_model_answer_per_discussion_question():
    text = GUIDE.read_text(encoding="utf-8")
    for item in cases.cases():
        assert f"### {item.label}" in text and cases.answer(item).markdown in text
    assert text.count("*Model answer.*") == 8 and "### Exit ticket" in text


def test_write_guide_rewrites_a_stale_section_and_is_idempotent(tmp_path):
    guide = tmp_path / "teaching.md"
    stale = "".join(f"<!-- generated: {n} -->\nold\n<!-- end: {n} -->\n\n" for n in cases.SECTIONS)
    guide.write_text("# Guide\n\n" + stale, encoding="utf-8")
    assert cases.write_guide(guide, NOTEBOOKS)
    text = guide.read_text(encoding="utf-8")
    assert "\nold\n" not in text and cases.answers_markdown() in text
    assert not cases.write_guide(guide, NOTEBOOKS)


def test_write_guide_names_a_missing_marker(tmp_path):
    guide = tmp_path / "teaching.md"
    guide.write_text("# Guide\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no '<!-- generated: discussion -->'"):
        cases.write_guide(guide, NOTEBOOKS)


# --- the 90-minute plan ------------------------------------------------------------------------

def test_ninety_minute_plan_fits_and_its_minutes_come_from_the_notebooks():
    plan = cases.ninety_minute_plan(NOTEBOOKS)
    assert sum(r.minutes for r in plan) <= 90
    talks = [int(r["talk"]) for r in load("cases.yaml")["ninety_minutes"]]
    for row, planned_talk in zip(plan, talks, strict=True):
        minutes = reading.section_minutes(NOTEBOOKS / row.lesson.notebook)
        assert set(row.taught) | set(row.skipped) == set(minutes)
        assert not set(row.taught) & set(row.skipped)
        read = sum(minutes[t] for t in row.taught)
        if row.lesson.number in {"03", "04", "05"}:              # their cards' sections are taught
            tally = reading.Tally()
            tally.add_html(cases.show(row.lesson.number)._repr_html_())
            read -= tally.minutes
        talk = row.minutes - sum(c.minutes for c in row.cards) - math.ceil(read - 1e-9)
        assert talk == planned_talk
    used = [c for r in plan for c in r.cards]
    assert used == list(cases.plan_cases("90"))          # every card of the plan has its slot


def test_section_minutes_leave_out_going_deeper_cells():
    path = NOTEBOOKS / "05_differential.ipynb"
    nb = nbformat.read(path, as_version=4)
    sections = reading.section_minutes(path)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 6. "))
    end = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 7. "))
    core = [c for c in nb.cells[start:end] if reading.DEEPER_TAG not in reading.tags(c)]
    assert len(core) < end - start                         # section 6 has a deeper part
    assert sections[nb.cells[start].source.splitlines()[0][3:]] == reading.tally(core).minutes


def test_showing_the_cards_loads_no_notebook_reader():
    # A classroom's every kernel runs notebook 04: its cards must not import nbformat (about 2 s
    # of CPU per learner; the guide's tools import it when they need it).
    shown = subprocess.run(
        [sys.executable, "-c", "import sys; from helpers import cases; cases.show('04')"
         "._repr_html_(); print(sorted(m for m in ('nbformat', 'helpers.reading') "
         "if m in sys.modules))"], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"

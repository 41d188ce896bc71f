"""Notebook 08's answers and glossary: cited, and every link points at a real section."""

import re

import pytest

from helpers import course, references, review
from tests.notebooks import NOTEBOOKS, load, source

FAQ = review.answers()


def _headings(number: str) -> set[str]:
    nb = load(NOTEBOOKS / course.lesson(number).notebook)
    return {line[3:] for c in nb["cells"] if c["cell_type"] == "markdown"
            for line in source(c).splitlines() if line.startswith("## ")}


def test_the_questions_people_ask_are_all_answered():
    asked = [a.question for a in FAQ.answers]
    for q in ("Can a blood clot cause leg numbness directly?", "Which clots?",
              "How does compression happen?", "What else comes with it?",
              "When should I get help?"):
        assert q in asked


@pytest.mark.parametrize("answer", FAQ.answers, ids=lambda a: a.question[:30])
def test_every_answer_is_cited_and_links_to_existing_sections(answer):
    assert answer.sources and all(references.get(k) for k in answer.sources)
    for number, heading in answer.see:
        if (NOTEBOOKS / course.lesson(number).notebook).exists():
            assert heading in _headings(number), (number, heading)


def test_section_links_use_the_heading_ids_of_jupyterlab_and_nbconvert():
    assert course.section_link("02", "6. Try it: block the veins and watch ΔP") == (
        "02_ischemia_and_compression.ipynb#6.-Try-it:-block-the-veins-and-watch-%CE%94P")


def test_glossary_is_alphabetical_and_every_term_is_sourced():
    table = review.glossary_table()
    terms = [re.sub(r"\*", "", row[0]) for row in table.rows]
    assert terms == sorted(terms, key=str.lower) and len(terms) >= 15
    assert all(row[3].startswith("[") for row in table.rows)

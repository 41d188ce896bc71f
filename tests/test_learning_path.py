"""The learner's path (issue 15): each notebook's core fits its reader, and its self-check
questions test the core lesson, not details folded away in a "Going deeper" section."""

import math
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers import course, quiz, reading
from tests.notebooks import NOTEBOOKS, course_notebooks

CORE_PROSE_WORDS = 1500
STEMS = [p.stem for p in course_notebooks()]


def core_prose_words(path: Path) -> int:
    """Prose words outside the notebook's "Going deeper" sections (what its reader must read)."""
    return reading.lesson_time(path).core.prose_words


def core_sections(path: Path) -> set[str]:
    """The numbered ``##`` sections of the notebook at ``path`` whose heading is not ``deeper``."""
    cells = nbformat.read(path, as_version=4).cells
    return {h[1] for c in cells if (h := reading.heading(c)) and h[0] == 2
            and re.match(r"\d+\. ", h[1]) and reading.DEEPER_TAG not in reading.tags(c)}


def objectives(path: Path) -> list[str]:
    """The header's "You will learn to" list."""
    header = nbformat.read(path, as_version=4).cells[0].source
    block = header.split("**You will learn to**", 1)[1].split("**Time**", 1)[0]
    return re.findall(r"^- (.+)$", block, re.M)


def _where(question: quiz.Question, stem: str) -> str:
    """The stem of the notebook whose section answers ``question`` (08's review points on)."""
    return Path(course.lesson(question.notebook).notebook).stem if question.notebook else stem


def section_problems(stem: str, folder: Path = NOTEBOOKS) -> list[str]:
    """Questions of ``stem``'s quiz whose section is not a core section of the notebook they
    name."""
    problems = []
    for q in quiz.load_quiz(stem).questions:
        where = _where(q, stem)
        if q.section not in core_sections(folder / f"{where}.ipynb"):
            problems.append(f"{q.id}: {q.section!r} is not a core section of {where}")
    return problems


# --- the course -------------------------------------------------------------------------------

def test_every_notebook_is_checked():
    assert len(STEMS) == 9 and STEMS[0] == "00_start_here" and STEMS[-1] == "08_review"


@pytest.mark.parametrize("stem", STEMS)
def test_core_prose_is_at_most_1500_words(stem):
    words = core_prose_words(NOTEBOOKS / f"{stem}.ipynb")
    assert words <= CORE_PROSE_WORDS, (
        f"{stem}: {words} core prose words; move detail into '### Going deeper: ...' cells "
        "tagged deeper, or tighten the prose")


@pytest.mark.parametrize("stem", STEMS)
def test_every_question_points_at_a_core_section_of_the_notebook_that_teaches_it(stem):
    assert section_problems(stem) == []


@pytest.mark.parametrize("stem", STEMS)
def test_quiz_spreads_over_at_least_half_as_many_core_sections_as_objectives(stem):
    # A proxy for "the quiz covers at least half of the stated objectives": each objective is
    # taught in its own section(s), so a quiz drawn from fewer sections cannot cover half of them.
    # Which objective a question tests is judged by a person, not matched on keywords here.
    goals = objectives(NOTEBOOKS / f"{stem}.ipynb")
    spread = {(_where(q, stem), q.section) for q in quiz.load_quiz(stem).questions}
    assert len(goals) >= 3
    assert len(spread) >= math.ceil(len(goals) / 2), (stem, sorted(spread))


# --- the checks can fail ----------------------------------------------------------------------

@pytest.fixture
def copies(tmp_path):
    """A copy of every notebook, to break on purpose."""
    for path in course_notebooks():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_words_in_a_deeper_section_do_not_count_but_the_same_words_in_the_core_do(copies):
    path = copies / "02_ischemia_and_compression.ipynb"
    before = core_prose_words(path)
    nb = nbformat.read(path, as_version=4)
    summary = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Summary"))
    text = "### Going deeper: padding\n\n" + "word " * 200
    nb.cells.insert(summary, nbformat.v4.new_markdown_cell(text, metadata={"tags": ["deeper"]}))
    nbformat.write(nb, path)
    assert core_prose_words(path) == before
    nb.cells[summary].metadata["tags"] = []
    nbformat.write(nb, path)
    assert core_prose_words(path) == before + 3 + 200     # "Going deeper: padding", 200 "word"


def test_a_question_whose_section_was_folded_away_is_caught(copies):
    path = copies / "02_ischemia_and_compression.ipynb"
    nb = nbformat.read(path, as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## 5. "))
    for cell in nb.cells[start:]:
        if cell.source.startswith("## 6. "):
            break
        cell.metadata["tags"] = ["deeper"]
    nbformat.write(nb, path)
    assert section_problems("02_ischemia_and_compression", copies) == [
        "delta-p: '5. Squeezing instead of starving: a model of compression' is not a core "
        "section of 02_ischemia_and_compression"]
    # the review quiz of 08 points at the same section in 02, and is caught there too
    assert [p.split(":")[0] for p in section_problems("08_review", copies)] == ["delta-p",
                                                                                "delta-p-sum"]


def test_a_question_pointing_at_a_going_deeper_heading_is_caught(copies):
    path = copies / "02_ischemia_and_compression.ipynb"
    deeper = {h[1] for c in nbformat.read(path, as_version=4).cells
              if (h := reading.heading(c)) and reading.DEEPER_TAG in reading.tags(c)}
    assert deeper and not deeper & core_sections(path)

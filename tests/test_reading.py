"""Lesson times: words, tables and activities of the core and of each "Going deeper" section."""

import math

import nbformat
import pytest

from helpers import course, reading
from tests.notebooks import NOTEBOOKS, course_notebooks, lesson_for

md = nbformat.v4.new_markdown_cell


def code(outputs=(), tags=()):
    cell = nbformat.v4.new_code_cell("x", outputs=list(outputs))
    cell.metadata["tags"] = list(tags)
    return cell


def result(data):
    return nbformat.v4.new_output("execute_result", data=data, execution_count=1)


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def test_words_drop_markup_link_targets_and_tags():
    assert reading.words("A **bold** [link](https://example.org/a-b-c) <b>x</b>") == 4
    assert reading.words("ΔP falls, 4–6 h; D-dimer's cut-off") == 6


def test_markdown_tables_count_apart_from_prose_and_rules_are_not_words():
    t = reading.Tally()
    t.add_markdown("Two words\n\n| a | b |\n|---|---|\n| c d | e |\n\nthen prose")
    assert (t.prose_words, t.table_words, t.tables) == (4, 5, 1)


def test_minutes_follow_the_documented_rates():
    t = reading.Tally(prose_words=300, table_words=240, tables=2, figures=1, activities=1,
                      questions=2)
    assert t.minutes == pytest.approx(300 / 150 + 1 + 2 * 0.5 + 1 + 3 + 2)


def test_setup_cells_references_and_source_lists_are_not_counted():
    cells = [tagged(md("## Setup\nsix words that are not read"), "setup"),
             md("## 1. One\nthree more words"),
             code([result({"text/markdown": '1. <a id="ref-x"></a>A source list'})]),
             md("## References"), md("many words here that nobody reads")]
    t = reading.tally(cells)
    assert t.prose_words == 5       # "1. One" + "three more words"


def test_deeper_section_runs_from_its_heading_to_the_next_heading_of_its_level():
    cells = [md("## 1. Core"),
             tagged(md("### Going deeper: detail\n" + "word " * 300), "deeper"),
             code([result({"image/png": "", "text/plain": "Figure"})], tags=["deeper"]),
             tagged(md("#### sub-heading inside"), "deeper"),
             tagged(md("### Going deeper: second"), "deeper"),
             md("## 2. Core again")]
    sections = reading.deeper_sections(cells)
    assert [(s.title, s.cells) for s in sections] == [
        ("Going deeper: detail", (1, 2, 3)), ("Going deeper: second", (4,))]
    assert sections[0].minutes == math.ceil((303 + 4) / 150 + 1)
    assert sections[1].minutes == 1


def test_quiz_questions_and_widgets_are_activities_not_words():
    quiz = '<form class="cn-quiz"><fieldset>a</fieldset><fieldset>b</fieldset></form>'
    widget = {"application/vnd.jupyter.widget-view+json": {}, "text/html": "<p>many words</p>"}
    t = reading.tally([code([result({"text/html": quiz, "text/plain": "Quiz"})]),
                       code([result(widget)])])
    assert (t.questions, t.activities, t.prose_words) == (2, 1, 0)


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_stated_times_are_the_computed_times(path):
    """Run `python -m helpers.tidy times` after changing a lesson (then re-execute 00)."""
    computed, lesson = reading.lesson_time(path), lesson_for(path)
    assert (lesson.minutes, lesson.deeper_minutes) == \
        (computed.core_minutes, computed.deeper_minutes)
    header = nbformat.read(path, as_version=4).cells[0].source
    deeper = f" (+ {lesson.deeper_minutes} min going deeper)" if lesson.deeper_minutes else ""
    assert f"**Time** {lesson.minutes} min{deeper} ·" in header


def test_every_lesson_has_a_notebook_so_every_time_is_checked():
    assert [p.name for p in course_notebooks()] == \
        [x.notebook for x in course.lessons() if (NOTEBOOKS / x.notebook).exists()]

"""The course-wide notebook edits (helpers.tidy) are already applied, and applying them is
idempotent; spelling, glossary links, setup tags and red-flag placement each do what they say."""

import copy

import nbformat
import pytest

from helpers import course, review, tidy
from tests.notebooks import ROOT, course_notebooks, lesson_for

PATHS = course_notebooks()
md = nbformat.v4.new_markdown_cell


@pytest.mark.parametrize("command", ["setup", "warnings", "spelling", "glossary", "times"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_notebooks_need_no_tidying(path, command):
    """If this fails, run `python -m helpers.tidy all` and re-execute the notebooks it names."""
    nb = nbformat.read(path, as_version=4)
    before = copy.deepcopy(nb)
    edit = {"setup": lambda: tidy.setup(nb), "spelling": lambda: tidy.spelling(nb),
            "warnings": lambda: tidy.warnings(nb, lesson_for(path)),
            "glossary": lambda: tidy.glossary(nb, lesson_for(path)),
            "times": lambda: tidy.header_time(nb, lesson_for(path))}[command]
    assert not edit() and nb == before


def test_british_keeps_capitals_and_proper_nouns():
    assert tidy.british("Ischemia, edema and paresthesia") == \
        "Ischaemia, oedema and paraesthesia"
    assert tidy.british("Gray 1918 shows gray matter") == "Gray 1918 shows grey matter"


def test_spelling_leaves_code_links_and_html_alone():
    cell = md("The `ischemia` module; [ischemia](02_ischemia_and_compression.ipynb) and "
              '<a id="ischemia"></a> but ischemia here.')
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert tidy.spelling(nb)
    assert cell.source == ("The `ischemia` module; [ischemia](02_ischemia_and_compression.ipynb)"
                           ' and <a id="ischemia"></a> but ischaemia here.')
    assert tidy.us_forms(cell.source) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_prose_uses_british_spelling(path):
    prose = [c.source for c in nbformat.read(path, as_version=4).cells
             if c.cell_type == "markdown"]
    assert [w for text in prose for w in tidy.us_forms(text)] == []


def test_glossary_links_the_first_use_only_and_never_in_a_heading():
    nb = nbformat.v4.new_notebook(cells=[
        md("# header with D-dimer"), md("## 2. The D-dimer test"),
        md("A **D-dimer** test; another D-dimer."), md("## References")])
    lesson = course.lesson("05")
    assert tidy.glossary(nb, lesson)
    target = f"08_review.ipynb#{review.glossary_anchor('D-dimer')}"
    assert nb.cells[2].source == f"A **[D-dimer]({target})** test; another D-dimer."
    assert nb.cells[0].source == "# header with D-dimer"
    assert nb.cells[1].source == "## 2. The D-dimer test"
    assert not tidy.glossary(nb, lesson)


def test_glossary_abbreviation_matches_its_case_only():
    nb = nbformat.v4.new_notebook(cells=[md("# h"), md("The dvt word, then a DVT.")])
    tidy.glossary(nb, course.lesson("04"))
    assert "the dvt word" in nb.cells[1].source.lower()
    assert "[DVT](08_review.ipynb#glossary-deep-vein-thrombosis)" in nb.cells[1].source


def test_every_glossary_anchor_is_in_the_glossary_table():
    table = review.glossary_table()._repr_markdown_()
    for entry in tidy.load("review.yaml")["glossary"]:
        assert f'id="{review.glossary_anchor(entry["term"])}"' in table


def test_warnings_drops_the_box_its_lead_in_and_the_unused_import():
    imports = nbformat.v4.new_code_cell("from helpers import quiz, safety, style")
    imports.metadata["tags"] = ["setup", "imports"]
    nb = nbformat.v4.new_notebook(cells=[
        md("# h"), imports, md("Some signs need emergency care now:"),
        nbformat.v4.new_code_cell("safety.red_flags()"), md("## Summary")])
    assert tidy.warnings(nb, course.lesson("03"))     # 03 does not teach the red flags
    assert [c.source for c in nb.cells] == ["# h", "from helpers import quiz, style",
                                            "## Summary"]
    assert not tidy.warnings(nb, course.lesson("03"))


def test_setup_tags_the_two_cells_under_one_heading():
    colab = nbformat.v4.new_code_cell("pip")
    colab.metadata["tags"] = ["colab-install"]
    nb = nbformat.v4.new_notebook(cells=[
        md("# h"), md("## Imports\nold words"), colab,
        nbformat.v4.new_code_cell("from helpers import style"), md("## 1. x")])
    assert tidy.setup(nb)
    assert nb.cells[1].source == tidy.SETUP_MARKDOWN
    assert [c.metadata.get("tags") for c in nb.cells[1:5]] == \
        [["setup"], ["colab-install", "setup"], ["setup", "imports"], None]
    assert not tidy.setup(nb)


def test_course_times_are_written_with_comments_kept(tmp_path):
    from helpers import reading

    yaml = tmp_path / "course.yaml"
    yaml.write_text('# keep me\n- number: "00"\n  minutes: 15\n  before: []\n', "utf-8")
    times = {"00": reading.LessonTime(reading.Tally(), reading.Tally(), 20, 5)}
    assert tidy.write_course_times(times, yaml)
    assert yaml.read_text("utf-8") == \
        '# keep me\n- number: "00"\n  minutes: 20\n  deeper_minutes: 5\n  before: []\n'
    assert not tidy.write_course_times(times, yaml)


def test_warnings_drops_red_flag_sources_nothing_else_cites_wherever_they_stand():
    refs = nbformat.v4.new_code_cell('references.bibliography([\n    "gray1918", "creager2012",'
                                     '\n    "nwas_stroke",\n    "schneider1994"])')
    nb = nbformat.v4.new_notebook(cells=[md("# h"), md("As [Gray 1918](#ref-gray1918) shows."),
                                         refs])
    assert tidy.warnings(nb, course.lesson("03"))
    assert refs.source == 'references.bibliography([\n    "gray1918"])'
    assert not tidy.warnings(nb, course.lesson("03"))


def test_warnings_drops_a_lead_in_that_ends_a_longer_cell():
    nb = nbformat.v4.new_notebook(cells=[
        md("# h"), md("A paragraph.\n\nSigns that need emergency care now:"),
        nbformat.v4.new_code_cell("safety.red_flags()"), md("## Summary")])
    assert tidy.warnings(nb, course.lesson("06"))
    assert [c.source for c in nb.cells] == ["# h", "A paragraph.", "## Summary"]


def test_teaching_guide_states_every_lesson_time_as_course_yaml_does():
    text = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    assert tidy.guide_table(course.lessons()) in text


def test_guide_times_are_rewritten_from_course_yaml(tmp_path):
    guide = tmp_path / "teaching.md"
    guide.write_text("# Guide\n\n| Notebook | Title | Minutes |\n|---|---|---|\n| 00 | Old | 99 |\n"
                     "\nAfter the table.\n", encoding="utf-8")
    assert tidy.write_guide_times(guide)
    text = guide.read_text(encoding="utf-8")
    assert "| 99 |" not in text and tidy.guide_table(course.lessons()) in text
    assert text.endswith("\nAfter the table.\n") and text.startswith("# Guide\n\n")
    assert not tidy.write_guide_times(guide)          # idempotent

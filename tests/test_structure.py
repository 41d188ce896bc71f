"""Every notebook follows the lesson template and agrees with the course sequence."""

import json
import re

import pytest

from helpers import course, quiz
from tests.images import notebook_images, without_alt
from tests.notebooks import NOTEBOOKS, course_notebooks, lesson_for, load, output_text, source

PATHS = course_notebooks()


def _markdown(nb) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def _code(nb) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "code")


def test_there_is_at_least_the_start_notebook():
    assert NOTEBOOKS / "00_start_here.ipynb" in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_file_name_is_a_lesson_in_teaching_order(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)
    assert lesson_for(path).notebook == path.name


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_header_has_title_objectives_time_prerequisites_and_disclaimer(path):
    nb, lesson = load(path), lesson_for(path)
    first = source(nb["cells"][0])
    assert first.startswith(f"# {lesson.number} · {lesson.title}\n")
    assert "> **Education, not medical advice.**" in first
    assert "**You will learn to**" in first
    assert len(re.findall(r"^- ", first.split("**You will learn to**")[1], re.M)) >= 3
    assert f"**Time** {lesson.minutes} min" in first
    assert "**Before this**" in first


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_sections_in_order(path):
    headings = re.findall(r"^## (.+)$", _markdown(load(path)), re.M)
    assert headings[0] == "Setup"
    assert headings[-3:] == ["Summary", "Check yourself", "References"]
    numbered = [h for h in headings if re.match(r"\d+\. ", h)]
    assert [int(h.split(".")[0]) for h in numbered] == list(range(1, len(numbered) + 1))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_quiz_and_references_are_shown_and_red_flags_only_where_taught(path):
    nb = load(path)
    code = _code(nb)
    inline = lesson_for(path).red_flags_inline
    assert ("safety.red_flags()" in code) == inline, "run `python -m helpers.tidy warnings`"
    assert f'quiz.show("{path.stem}")' in code
    assert "references.bibliography(" in code
    outputs = "\n".join(output_text(c) for c in nb["cells"] if c["cell_type"] == "code")
    assert ("RED FLAGS." in outputs) == inline and 'class="cn-quiz"' in outputs


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_setup_section_is_tagged_for_removal_from_the_pages(path):
    cells = load(path)["cells"]
    tagged = [c for c in cells if "setup" in c["metadata"].get("tags", [])]
    assert [c["cell_type"] for c in tagged] == ["markdown", "code", "code"]
    heading, colab, imports = tagged
    assert source(heading).startswith("## Setup\n") and len(source(heading).splitlines()) == 2
    assert "colab-install" in colab["metadata"]["tags"]
    assert "imports" in imports["metadata"]["tags"]
    assert source(imports).lstrip().startswith(("import ", "from "))
    assert cells.index(heading) + 2 == cells.index(imports)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_quiz_sections_exist_in_the_notebook(path):
    for q in quiz.load_quiz(path.stem).questions:
        where = NOTEBOOKS / course.lesson(q.notebook).notebook if q.notebook else path
        headings = set(re.findall(r"^## (.+)$", _markdown(load(where)), re.M))
        assert q.section in headings, f"{q.id} points to missing section {q.section!r}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_ends_with_a_link_to_the_next_lesson(path):
    last = source(load(path)["cells"][-1])
    following = course.next_lesson(path.name[:2])
    if following is None:
        assert last.startswith("**End of the course.**")
    else:
        assert last == f"**Next:** [{following.number} · {following.title}]({following.notebook})"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_executed_in_order_without_errors(path):
    cells = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-run the notebook top to bottom"
    for cell in cells:
        assert all(o["output_type"] != "error" for o in cell["outputs"])
        assert all(o.get("name") != "stderr" for o in cell["outputs"]), "stray warnings"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_image_a_learner_sees_says_what_it_shows(path):
    # Figures are <img> (or <svg role="img">) inside text/html outputs; image outputs carry
    # their alt in the output metadata; Markdown images in their brackets.
    nb = load(path)
    shown = len(re.findall(r"figures\.show\(", _code(nb)))
    found = notebook_images(nb)
    assert len(found) >= shown, "a figure shown by figures.show() is missing from the outputs"
    assert without_alt(found) == [], "describe each image in its alt text"


def test_the_image_check_fails_on_a_copy_without_alt():
    nb = load(NOTEBOOKS / "01_clot_formation.ipynb")
    assert without_alt(notebook_images(nb)) == []
    text = json.dumps(nb, ensure_ascii=False)
    for planted in ('alt=\\"\\"', "", 'alt=\\"image\\"',
                    'alt=\\"No description has been provided for this image\\"'):
        stripped = json.loads(re.sub(r'alt=\\"[^"\\]*\\"', planted, text, count=1))
        assert len(without_alt(notebook_images(stripped))) == 1, planted
    unlabelled = json.loads(re.sub(r'aria-label=\\"[^"\\]*\\"', "", text)
                            .replace("<title>", "<desc>").replace("</title>", "</desc>"))
    assert without_alt(notebook_images(unlabelled)), "an unlabelled chart must be found"
    markdown = {"cells": [{"cell_type": "markdown", "source": "![](figures/01_x.svg)"},
                          {"cell_type": "code", "source": "", "outputs": [
                              {"data": {"image/png": "iVBOR"}, "metadata": {}}]}]}
    assert len(without_alt(notebook_images(markdown))) == 2


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_colab_install_cell_follows_the_imports_heading_and_does_nothing_here(path):
    from helpers import site

    cells = load(path)["cells"]
    heading = next(i for i, c in enumerate(cells)
                   if c["cell_type"] == "markdown" and source(c).startswith("## Setup"))
    cell = cells[heading + 1]
    assert source(cell) == site.colab_cell_source(), "run `make notebooks` to refresh it"
    assert site.settings()["repository"] in source(cell)
    assert cell["outputs"] == []

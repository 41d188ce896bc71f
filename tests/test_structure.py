"""Every notebook follows the lesson template and agrees with the course sequence."""

import re

import pytest

from helpers import course, quiz
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
def test_figures_carry_alt_text(path):
    for cell in load(path)["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert len(alt) > 20, "use style.show(fig, alt=...) with a real description"


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

"""Reading the course notebooks in tests."""

import json
from pathlib import Path

from helpers import course

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def course_notebooks() -> list[Path]:
    """Every notebook file in notebooks/, sorted by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def load(path: Path) -> dict:
    """The notebook as JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    """A cell's source as one string."""
    return "".join(cell["source"])


def output_text(cell: dict) -> str:
    """All text-like output data of a code cell, joined."""
    parts = []
    for output in cell.get("outputs", []):
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/"):
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def markdown_and_outputs(path: Path) -> str:
    """The notebook's Markdown and its stored text outputs, as a reader sees them."""
    cells = load(path)["cells"]
    return "\n".join(source(c) if c["cell_type"] == "markdown" else output_text(c)
                     for c in cells)


def lesson_for(path: Path) -> course.Lesson:
    """The course.yaml record for the notebook at ``path``."""
    return course.lesson(path.name[:2])


def yaml_strings(value):
    """Every string inside a parsed YAML value (data files' prose)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from yaml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from yaml_strings(item)

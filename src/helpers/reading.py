"""How long a lesson takes: its core and its "Going deeper" sections, from words, tables and
activities.

The model (chosen, not measured on our learners; change the constants here and run
``python -m helpers.tidy times`` to restate every lesson's time):

- Prose is read at ``PROSE_WPM`` = 150 words a minute. Adults read non-fiction silently at about
  238 words a minute on average (Brysbaert M. How many words do we read per minute? A review and
  meta-analysis of reading rate. J Mem Lang. 2019;109:104047, doi:10.1016/j.jml.2019.104047);
  a student learning unfamiliar clinical material, who stops to follow a citation or re-read a
  number, is slower, so we take about two thirds of that.
- Tables are scanned, not read word by word: their words count at ``TABLE_WPM`` = 240 words a
  minute, plus ``TABLE_MINUTES`` = 0.5 min per table to take in its rows and columns.
- A figure costs ``FIGURE_MINUTES`` = 1 min (look, read the axes and the legend).
- An activity (an interactive widget: a slider, a checklist, a calculator) costs
  ``ACTIVITY_MINUTES`` = 3 min: try two or three settings and read what changes.
- A self-check question costs ``QUESTION_MINUTES`` = 1 min.
- Not counted: the setup cells (tag ``setup``), folded code, the References section and any
  other list of sources (they are consulted, not read).

A lesson's core time is rounded up to the next 5 minutes; each deeper section's time up to the next
minute, and the lesson's deeper total (the sum) up to the next 5 minutes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

PROSE_WPM = 150
TABLE_WPM = 240
TABLE_MINUTES = 0.5
FIGURE_MINUTES = 1.0
ACTIVITY_MINUTES = 3.0
QUESTION_MINUTES = 1.0

SETUP_TAG = "setup"
DEEPER_TAG = "deeper"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# The line of a lesson's header that states its time (not counted, so stating a time never
# changes the time computed).
TIME_LINE = re.compile(r"^\*\*Time\*\*.*$", re.M)

_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_](?:[\w’'.,–-]*[^\W_])?")
_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)


def words(text: str) -> int:
    """Words a reader sees in Markdown or HTML ``text`` (tags, link targets and markup dropped)."""
    text = _LINK_TARGET.sub("]", _TAG.sub(" ", text))
    return len(_WORD.findall(text))


@dataclass
class Tally:
    """What a stretch of cells asks of a reader."""

    prose_words: int = 0
    table_words: int = 0
    tables: int = 0
    figures: int = 0
    activities: int = 0
    questions: int = 0

    @property
    def minutes(self) -> float:
        """Unrounded reading time in minutes, by the model in this module's docstring."""
        return (self.prose_words / PROSE_WPM + self.table_words / TABLE_WPM
                + self.tables * TABLE_MINUTES + self.figures * FIGURE_MINUTES
                + self.activities * ACTIVITY_MINUTES + self.questions * QUESTION_MINUTES)

    def add_markdown(self, text: str) -> None:
        """Count Markdown: lines starting with ``|`` are table rows, the rest is prose."""
        prose, rows, inside = [], [], False
        for line in text.splitlines():
            is_row = line.lstrip().startswith("|")
            self.tables += is_row and not inside
            inside = is_row
            if not is_row:
                prose.append(line)
            elif not re.fullmatch(r"\s*\|[\s|:-]*\|\s*", line):   # not the |---| rule
                rows.append(line.replace("|", " "))
        self.prose_words += words("\n".join(prose))
        self.table_words += words("\n".join(rows))

    def add_html(self, text: str) -> None:
        """Count HTML: quiz questions and tables apart from the prose around them."""
        if 'class="cn-quiz"' in text:
            self.questions += text.count("<fieldset")
            return
        found = _TABLE.findall(text)
        self.tables += len(found)
        self.table_words += sum(words(t) for t in found)
        self.prose_words += words(_TABLE.sub(" ", text))

    def add_output(self, output: dict[str, Any]) -> None:
        """Count one stored output the way the site shows it."""
        data = output.get("data", {})
        if any('id="ref-' in _text(v) for k, v in data.items() if k.startswith("text/")):
            return                      # a list of sources: consulted, not read
        if output.get("output_type") == "stream":
            self.prose_words += words(output.get("text", ""))
        elif 'class="cn-quiz"' in _text(data.get("text/html", "")):
            self.add_html(_text(data["text/html"]))
        elif WIDGET_MIME in data:
            self.activities += 1
        elif "image/png" in data or "image/svg+xml" in data:
            self.figures += 1
        elif "text/html" in data:
            self.add_html(_text(data["text/html"]))
        elif "text/markdown" in data:
            self.add_markdown(_text(data["text/markdown"]))
        elif "text/plain" in data:
            self.prose_words += words(_text(data["text/plain"]))


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value


def heading(cell: Any) -> tuple[int, str] | None:
    """``(level, text)`` of the Markdown heading that opens ``cell``, or None."""
    if cell.cell_type != "markdown":
        return None
    match = re.match(r"(#{1,6})\s+(.+)", cell.source)
    return (len(match.group(1)), match.group(2).strip()) if match else None


def tags(cell: Any) -> list[str]:
    """The cell's tags."""
    return list(cell.get("metadata", {}).get("tags", []))


def tally(cells: Iterable[Any]) -> Tally:
    """What ``cells`` ask of a reader (cells after a ``## References`` heading are skipped)."""
    result = Tally()
    for cell in cells:
        found = heading(cell)
        if found and found[0] <= 2 and found[1] == "References":
            break
        if SETUP_TAG in tags(cell):
            continue
        if cell.cell_type == "markdown":
            result.add_markdown(TIME_LINE.sub("", cell.source))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                result.add_output(output)
    return result


@dataclass(frozen=True)
class DeeperSection:
    """One "Going deeper" section: its heading, its cells' positions and its reading time."""

    level: int
    title: str
    cells: tuple[int, ...]
    minutes: int


def deeper_sections(cells: list[Any]) -> list[DeeperSection]:
    """The runs of ``deeper`` cells, each from a heading to the next heading of the same or a
    higher level (or the first cell without the tag)."""
    sections: list[DeeperSection] = []
    current: list[int] = []
    level, title = 0, ""

    def close() -> None:
        if current:
            minutes = math.ceil(tally(cells[i] for i in current).minutes)
            sections.append(DeeperSection(level, title, tuple(current), max(1, minutes)))

    for i, cell in enumerate(cells):
        found = heading(cell)
        if DEEPER_TAG not in tags(cell):
            close()
            current = []
            continue
        if found and (not current or found[0] <= level):
            close()
            current, (level, title) = [i], found
        else:
            if not current:
                level, title = 2, "Going deeper"
            current.append(i)
    close()
    return sections


@dataclass(frozen=True)
class LessonTime:
    """A lesson's core and deeper reading, and the times stated for them."""

    core: Tally
    deeper: Tally
    core_minutes: int
    deeper_minutes: int


def _up_to_five(minutes: float) -> int:
    return max(5, 5 * math.ceil(minutes / 5 - 1e-9))


def lesson_time(path: Path) -> LessonTime:
    """Core and deeper reading of the notebook at ``path``, with rounded times."""
    cells = nbformat.read(path, as_version=4).cells
    deeper = deeper_sections(cells)
    inside = {i for s in deeper for i in s.cells}
    core = tally(c for i, c in enumerate(cells) if i not in inside)
    deep = tally(c for i, c in enumerate(cells) if i in inside)
    deeper_total = sum(s.minutes for s in deeper)
    return LessonTime(core, deep, _up_to_five(core.minutes),
                      _up_to_five(deeper_total) if deeper_total else 0)


def section_minutes(path: Path) -> dict[str, float]:
    """Unrounded core reading minutes of each numbered ``## N. Title`` section of a notebook,
    by title (its ``deeper`` cells left out), in notebook order."""
    cells = nbformat.read(path, as_version=4).cells
    inside = {i for s in deeper_sections(cells) for i in s.cells}
    sections: dict[str, list[Any]] = {}
    current: list[Any] | None = None
    for i, cell in enumerate(cells):
        found = heading(cell)
        if found and found[0] <= 2:
            current = sections.setdefault(found[1], []) if re.match(r"\d+\. ", found[1]) else None
        if current is not None and i not in inside:
            current.append(cell)
    return {title: tally(group).minutes for title, group in sections.items()}


def report(paths: Iterable[Path]) -> str:
    """A Markdown table of each notebook's core and deeper words and times."""
    lines = ["| notebook | core prose words | core table words | deeper words | core min | "
             "deeper min |", "|---|---:|---:|---:|---:|---:|"]
    for path in paths:
        t = lesson_time(path)
        lines.append(f"| {path.stem} | {t.core.prose_words} | {t.core.table_words} | "
                     f"{t.deeper.prose_words + t.deeper.table_words} | {t.core_minutes} | "
                     f"{t.deeper_minutes} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(report(sorted(Path(sys.argv[1] if len(sys.argv) > 1 else "notebooks")
                        .glob("[0-9][0-9]_*.ipynb"))))

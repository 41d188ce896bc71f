"""The course sequence (data/course.yaml): notebook numbers, titles, times and prerequisites.

The times are computed (helpers.reading) and written by ``python -m helpers.tidy times``."""

from __future__ import annotations

from dataclasses import dataclass

from helpers._data import load
from helpers.tables import MarkdownTable


@dataclass(frozen=True)
class Lesson:
    """One notebook of the course."""

    number: str
    slug: str
    title: str
    short: str
    part: str
    minutes: int
    before: tuple[str, ...]
    deeper_minutes: int = 0
    red_flags_inline: bool = True

    @property
    def stem(self) -> str:
        """File name without extension, e.g. ``00_start_here``."""
        return f"{self.number}_{self.slug}"

    @property
    def notebook(self) -> str:
        """Notebook file name, e.g. ``00_start_here.ipynb``."""
        return f"{self.stem}.ipynb"


def lessons() -> tuple[Lesson, ...]:
    """All lessons in teaching order."""
    return tuple(
        Lesson(str(r["number"]), r["slug"], r["title"], r["short"], r["part"],
               int(r["minutes"]),
               tuple(str(n) for n in r["before"]), int(r.get("deeper_minutes", 0)),
               bool(r.get("red_flags_inline", True)))
        for r in load("course.yaml")
    )


def lesson(number: str) -> Lesson:
    """The lesson numbered ``number`` (e.g. ``"03"``); ValueError if there is none."""
    for item in lessons():
        if item.number == number:
            return item
    raise ValueError(f"no lesson numbered {number!r}; have {[x.number for x in lessons()]}")


def next_lesson(number: str) -> Lesson | None:
    """The lesson after ``number``, or None for the last one."""
    order = lessons()
    index = order.index(lesson(number))
    return order[index + 1] if index + 1 < len(order) else None


def overview() -> MarkdownTable:
    """The table of all lessons (number linked to the notebook), ready to display."""
    return MarkdownTable(
        ["Notebook", "Title", "Part", "Time", "Before this"],
        [[f"[{x.number}]({x.notebook})", x.title, x.part, f"{x.minutes} min",
          ", ".join(x.before) or "—"] for x in lessons()])


def section_link(number: str, heading: str) -> str:
    """A link target to a section of a notebook, as JupyterLab and nbconvert make heading ids."""
    from urllib.parse import quote

    anchor = quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")
    return f"{lesson(number).notebook}#{anchor}"

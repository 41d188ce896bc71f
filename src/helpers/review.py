"""Notebook 08: the questions people ask, answered with sources and links, and the glossary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from helpers import course
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable


@dataclass(frozen=True)
class Answer:
    """A common question, the course's answer, its sources and the sections that explain it."""

    question: str
    answer: str
    sources: tuple[str, ...]
    see: tuple[tuple[str, str], ...]       # (notebook number, section heading)

    def markdown(self) -> str:
        """The question in bold, the cited answer, and links back to the sections."""
        links = "; ".join(f"[{n} · {heading}]({course.section_link(n, heading)})"
                          for n, heading in self.see)
        return (f"**{self.question}**\n\n{self.answer} ({cite(self.sources)})\n\n"
                f"*More:* {links}")


class FAQ:
    """The common questions, shown as Markdown with a plain-text twin."""

    def __init__(self, answers: tuple[Answer, ...]) -> None:
        self.answers = answers

    def _repr_markdown_(self) -> str:
        return "\n\n---\n\n".join(a.markdown() for a in self.answers)

    def __repr__(self) -> str:
        return "\n".join(f"Q: {a.question} A: {a.answer}" for a in self.answers)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}


def answers() -> FAQ:
    """The questions people actually ask, answered as the course does."""
    return FAQ(tuple(Answer(r["question"], r["answer"].strip(), tuple(r["sources"]),
                            tuple((str(n), h) for n, h in r["see"]))
                     for r in load("review.yaml")["faq"]))


def glossary_anchor(term: str) -> str:
    """The id of a term's row in the glossary, e.g. ``glossary-d-dimer`` (the other notebooks
    link their first use of the term to it: ``python -m helpers.tidy glossary``)."""
    bare = re.sub(r"\(.*?\)", "", term).lower()
    return "glossary-" + re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


def glossary_table() -> MarkdownTable:
    """The terms of the course, in alphabetical order, with where each is explained."""
    rows = sorted(load("review.yaml")["glossary"], key=lambda r: r["term"].lower())
    return MarkdownTable(
        ["Term", "Meaning", "Explained in", "Source"],
        [[f'<a id="{glossary_anchor(r["term"])}"></a>**{r["term"]}**', r["meaning"],
          f"[{r['notebook']} · {course.lesson(str(r['notebook'])).short}]"
          f"({course.lesson(str(r['notebook'])).notebook})", cite(r["sources"])]
         for r in rows])

"""The course bibliography (data/references.yaml) and each notebook's rendered reference list."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from helpers._data import load
from helpers.tables import MarkdownTable


@dataclass(frozen=True)
class Reference:
    """One bibliography entry; ``short`` is the in-text label such as "Wells 2003".

    A dated source has a ``year``; an undated web page has none and carries ``accessed`` instead
    (ISO date on which its content was checked), which the entry prints in place of a year.
    """

    key: str
    short: str
    author: str
    title: str
    container: str
    year: int | None = None
    accessed: str = ""    # ISO date (YYYY-MM-DD) the content was checked; for undated pages
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    no_link: str = ""     # why an entry has neither DOI nor URL (no official address verified)
    note: str = ""
    checked: str = ""     # how the entry was verified; not printed

    def __post_init__(self) -> None:
        if self.year is None and not self.accessed:
            raise ValueError(
                f"reference {self.key!r} needs a year or, if undated, an accessed date")
        if self.accessed:
            date.fromisoformat(self.accessed)   # ValueError names the bad date

    @property
    def accessed_text(self) -> str:
        """The accessed date as printed, e.g. "accessed 25 November 2026"; empty if none."""
        if not self.accessed:
            return ""
        day = date.fromisoformat(self.accessed)
        return f"accessed {day.day} {day:%B %Y}"

    @property
    def href(self) -> str:
        """Where a reader can find it: the DOI resolver, else the URL, else empty."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    def markdown(self) -> str:
        """The entry in Vancouver style, as Markdown; an undated page shows when it was accessed."""
        where = f"{self.year}" if self.year is not None else "Undated"
        if self.volume:
            where += f";{self.volume}"
            where += f"({self.issue})" if self.issue else ""
        where += f":{self.pages}" if self.pages else ""
        title = self.title if self.title.endswith(("?", "!")) else f"{self.title}."
        text = f"{self.author.rstrip('.')}. {title} *{self.container}*. {where}."
        if self.accessed:
            text += f" {self.accessed_text[0].upper()}{self.accessed_text[1:]}."
        if self.note:
            text += f" {self.note}."
        if self.doi:
            text += f" [doi:{self.doi}]({self.href})"
        elif self.url:
            text += f" <{self.url}>"
        return text


@cache
def bibliography_data() -> dict[str, Reference]:
    """Every reference in the course bibliography (all files in data/references/), by key."""
    refs: dict[str, Reference] = {}
    folder = resources.files("helpers") / "data" / "references"
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml")):
        for key, record in load(f"references/{name}").items():
            if key in refs:
                raise ValueError(f"reference key {key!r} is defined twice (again in {name})")
            refs[key] = Reference(key=key, **{k: (int(v) if k == "year" else str(v))
                                              for k, v in record.items()})
    return refs


def get(key: str) -> Reference:
    """The reference ``key``; ValueError naming the key if the bibliography lacks it."""
    refs = bibliography_data()
    if key not in refs:
        raise ValueError(f"unknown reference key {key!r}: add it to helpers/data/references/")
    return refs[key]


def cite(keys: str | Iterable[str]) -> str:
    """Markdown in-text citations for one key or several, each linking to the reference list."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    return "; ".join(f"[{get(k).short}](#ref-{k})" for k in keys)


def link(key: str) -> str:
    """An HTML in-text citation that jumps to the entry in the notebook's reference list."""
    return f'<a href="#ref-{key}">{html.escape(get(key).short)}</a>'


class ReferenceList:
    """A notebook's numbered reference list, with an anchor per entry for in-text links."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(dict.fromkeys(keys))
        if not self.keys:
            raise ValueError("a reference list needs at least one key")
        self.entries = [get(k) for k in self.keys]

    def _repr_markdown_(self) -> str:
        return "\n".join(f'{n}. <a id="ref-{r.key}"></a>{r.markdown()}'
                         for n, r in enumerate(self.entries, start=1))

    def __repr__(self) -> str:
        return "\n".join(f"[{n}] {r.short}: {r.title}" for n, r in enumerate(self.entries, 1))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}


def bibliography(keys: Iterable[str]) -> ReferenceList:
    """The reference list for ``keys`` in the order given (repeats dropped), ready to display."""
    return ReferenceList(keys)


def guideline_table(name: str) -> MarkdownTable:
    """A "Going deeper" table from data/going_deeper.yaml: topic, what sources say, links."""
    tables = load("going_deeper.yaml")
    if name not in tables:
        raise ValueError(f"unknown going-deeper table {name!r}; choose from {sorted(tables)}")
    rows = [[row["topic"], row["says"], cite(row["sources"])] for row in tables[name]["rows"]]
    return MarkdownTable(["Topic", "What the sources say", "Sources"], rows)

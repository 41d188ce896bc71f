"""The static site around the pages: navigation, launch links, the index and the size report.

Everything a page needs is inside ``site/``: the pages use no scripts from elsewhere, so they work
from ``file://`` with the network off. Links to papers in the reference lists are ordinary links.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nbformat

from helpers import course, reading, safety
from helpers._data import load

MAX_PAGE_BYTES = 1_000_000
# A tag that makes the browser fetch something from another host when the page loads.
_EXTERNAL_LOAD = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)"
    r"\s*=\s*[\"']?(?:https?:)?//", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//|url\([\"']?(?:https?:)?//",
                         re.I)


def settings() -> dict[str, Any]:
    """The one place the repository is configured (data/site.yaml)."""
    return load("site.yaml")


def launch_links(notebook: str) -> dict[str, str]:
    """Binder and Colab links that open ``notebook`` from the configured repository."""
    s = settings()
    repo, branch = s["repository"], s["branch"]
    return {"Binder": f"https://mybinder.org/v2/gh/{repo}/{branch}?labpath=notebooks/{notebook}",
            "Colab": f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/"
                     f"{notebook}"}


COLAB_TAG = "colab-install"


def colab_cell_source() -> str:
    """The first code cell of every notebook: installs ``helpers`` on Colab, nothing elsewhere."""
    s = settings()
    url = f"git+https://github.com/{s['repository']}@{s['branch']}"
    return ("# On Google Colab only: install the course's helpers. Elsewhere this does nothing.\n"
            "import subprocess\nimport sys\n\n"
            f'COURSE = "{url}"\n'
            'if "google.colab" in sys.modules:\n'
            '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", COURSE], '
            "check=True)")


def add_colab_cell(path: Path) -> bool:
    """Put the Colab install cell just after the Setup heading, or refresh it; True if changed."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if COLAB_TAG not in c.metadata.get("tags", [])]
    heading = next(i for i, c in enumerate(cells) if c.cell_type == "markdown"
                   and re.match(r"## (Setup|Imports)\b", c.source))
    cell = nbformat.v4.new_code_cell(colab_cell_source(),
                                     metadata={"tags": [COLAB_TAG, reading.SETUP_TAG]})
    cell.id = COLAB_TAG
    cells.insert(heading + 1, cell)
    old = [c.source for c in nb.cells]
    nb.cells = cells
    if [c.source for c in cells] == old:
        return False
    nbformat.write(nb, path)
    return True


def objectives(path: Path) -> list[str]:
    """The "You will learn to" bullets of a notebook's first cell."""
    first = nbformat.read(path, as_version=4).cells[0].source
    part = first.split("**You will learn to**", 1)[-1].split("**Time**", 1)[0]
    return [line[2:].strip() for line in part.splitlines() if line.startswith("- ")]


@dataclass(frozen=True)
class PageContext:
    """What the page template adds around a notebook: navigation, launch links, safety notes."""

    lesson: course.Lesson
    previous: course.Lesson | None
    following: course.Lesson | None
    launch: dict[str, str]
    red_flags_title: str
    red_flags: tuple[str, ...]
    red_flags_inline: bool = False
    shortcut: tuple[str, str] | None = None      # (label, anchor) of the page's main activity

    @property
    def deck(self) -> str:
        """The lesson's slides (see :func:`deck_href`)."""
        return deck_href(self.lesson.stem)


def has_red_flags_box(path: Path) -> bool:
    """Whether the notebook at ``path`` shows the red-flags box itself (then the page's footer
    only links to it, so the box appears once)."""
    cells = nbformat.read(path, as_version=4).cells
    return any(safety.RED_FLAGS_ID in str(o.get("data", {}).get("text/html", ""))
               for c in cells if c.cell_type == "code" for o in c.outputs)


def page_context(stem: str, available: list[str], path: Path | None = None) -> PageContext:
    """The navigation around ``stem``, linking only to pages that exist; ``path`` is the
    notebook (to see whether it shows the red flags itself)."""
    order = [x for x in course.lessons() if x.stem in available]
    here = next(i for i, x in enumerate(order) if x.stem == stem)
    return PageContext(order[here], order[here - 1] if here else None,
                       order[here + 1] if here + 1 < len(order) else None,
                       launch_links(order[here].notebook),
                       load("red_flags.yaml")["title"],
                       tuple(f.sign for f in safety.red_flag_list()),
                       has_red_flags_box(path) if path else False,
                       shortcut(stem, path) if path else None)


def shortcut(stem: str, path: Path) -> tuple[str, str] | None:
    """The configured link from the top of ``stem``'s page to its main activity (site.yaml
    ``shortcuts``): its label and the anchor of the numbered section it is in."""
    wanted = settings().get("shortcuts", {}).get(stem)
    if not wanted:
        return None
    cells = nbformat.read(path, as_version=4).cells
    prefix = f"{wanted['section']}. "
    entry = next(e for e in contents(cells) if e.title.startswith(prefix))
    return wanted["label"], entry.anchor


def dark_theme_css() -> str:
    """JupyterLab's dark theme variables, applied only when the reader's system prefers dark."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates"):
        theme = Path(folder) / "lab" / "static" / "theme-dark.css"
        if theme.exists():
            return ("@media (prefers-color-scheme: dark) {\n" + theme.read_text("utf-8")
                    + "\n}")
    raise FileNotFoundError("nbconvert's lab template (lab/static/theme-dark.css) is missing")


class DeeperSections:
    """nbconvert preprocessor: marks each "Going deeper" section (cells tagged ``deeper``) so the
    template wraps it in a closed <details> whose summary is its heading and reading time."""

    def __call__(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        cells = nb.cells
        for section in reading.deeper_sections(cells):
            first, last = cells[section.cells[0]], cells[section.cells[-1]]
            if reading.heading(first):
                rest = first.source.split("\n", 1)[1] if "\n" in first.source else ""
                first.source = rest.strip()
            first.metadata["cn_deeper_open"] = {
                "level": section.level, "title": section.title, "minutes": section.minutes,
                "id": section.title.replace(" ", "-")}
            last.metadata["cn_deeper_close"] = True
        return nb, resources


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a page's contents list: a section, its anchor and its reading time."""

    title: str
    anchor: str
    minutes: int
    deeper: bool = False


# Sections a contents list leaves out: the page hides the setup, and sources are consulted.
_NOT_IN_CONTENTS = {"Setup", "Imports", "References"}


def heading_anchor(title: str) -> str:
    """The id nbconvert 7 gives a Markdown heading: spaces become hyphens, and characters not
    allowed in a URL fragment are percent-encoded (nbconvert.filters.strings)."""
    return quote(title.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def contents(cells: list[Any]) -> list[ContentsEntry]:
    """A lesson's contents: every second-level section after the title (not the setup or the
    references) with its core reading time, and each "Going deeper" section after the section
    it belongs to, marked, with its own time (helpers.reading's model, rounded up to a minute)."""
    deeper = {s.cells[0]: s for s in reading.deeper_sections(cells)}
    inside = {i for s in deeper.values() for i in s.cells}
    starts = [i for i, c in enumerate(cells)
              if (h := reading.heading(c)) and h[0] == 2 and i not in inside]
    entries = []
    for k, start in enumerate(starts):
        title = reading.heading(cells[start])[1]
        if title in _NOT_IN_CONTENTS:
            continue
        end = starts[k + 1] if k + 1 < len(starts) else len(cells)
        core = reading.tally(cells[i] for i in range(start, end) if i not in inside)
        entries.append(ContentsEntry(title, heading_anchor(title), max(1, math.ceil(core.minutes))))
        entries += [ContentsEntry(d.title, d.title.replace(" ", "-"), d.minutes, True)
                    for i, d in sorted(deeper.items()) if start < i < end]
    return entries


class PageSections:
    """nbconvert preprocessor: the contents list (on the first cell, shown after it) and one
    "Show the code" per section: each code cell gets its section's number, and the first code
    cell of each section carries the section's toggle (``cn_code_toggle``)."""

    def __call__(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        cells = nb.cells
        if cells:
            cells[0].metadata["cn_contents"] = [dataclasses.asdict(e) for e in contents(cells)]
        section, toggled = 0, set()
        for cell in cells:
            found = reading.heading(cell)
            if found and found[0] <= 2 and reading.DEEPER_TAG not in reading.tags(cell):
                section += 1
            if cell.cell_type == "code" and cell.source.strip():
                cell.metadata["cn_section"] = section
                if section not in toggled:
                    toggled.add(section)
                    cell.metadata["cn_code_toggle"] = section
        return nb, resources


def rewrite_links(body: str, available: list[str]) -> str:
    """Point links between notebooks at the rendered pages (``02_x.ipynb`` → ``02_x.html``);
    a lesson not built yet is linked to the index, which lists it as coming."""
    def page(match: re.Match[str]) -> str:
        stem, fragment = match.group(1), match.group(2) or ""
        return f'href="{stem}.html{fragment}"' if stem in available else 'href="index.html"'

    return re.sub(r'href="(\d\d_[a-z0-9_]+)\.ipynb(#[^"]*)?"', page, body)


def external_loads(text: str) -> list[str]:
    """Tags or CSS in ``text`` that would fetch something from the network when shown."""
    return [m.group(0) for m in _EXTERNAL_LOAD.finditer(text)] + \
           [m.group(0) for m in _CSS_IMPORT.finditer(text)]


_INDEX_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0; color: #1a1a1a;
  background: #fff; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin-top: 1.5rem; }
h2 { font-size: 1.3rem; margin: 0.2rem 0; }
ol.cn-lessons { padding-left: 0; list-style: none; }
ol.cn-lessons > li { border: 1px solid #767676; border-radius: 8px; padding: 0.6rem 1rem;
  margin: 0.8rem 0; }
.cn-meta { color: #444; font-size: 0.95rem; }
.cn-disclaimer { border-left: 4px solid #b00020; padding: 0.3rem 0.8rem; background: #fff5f5; }
a { color: #0b5394; }
@media (prefers-color-scheme: dark) {
  body { background: #121212; color: #eee; }
  .cn-meta { color: #ccc; }
  .cn-disclaimer { background: #2a1212; }
  a { color: #8ab4f8; }
}
"""


def deck_href(stem: str) -> str:
    """Where a page or the index links the lesson's slides (``make slides`` writes them)."""
    return f"slides/{stem}.html"


def index_html(pages: dict[str, Path]) -> str:
    """The course index: every lesson in order with its objectives and time, linked if built."""
    items = []
    for x in course.lessons():
        title = html.escape(f"{x.number} · {x.title}")
        heading = (f'<a href="{x.stem}.html">{title}</a>' if x.stem in pages
                   else f"{title} <em>(coming)</em>")
        goals = "".join(f"<li>{html.escape(g)}</li>" for g in objectives(pages[x.stem])) \
            if x.stem in pages else ""
        goals = f"<p>You will learn to:</p><ul>{goals}</ul>" if goals else ""
        deeper = f" (+ {x.deeper_minutes} min going deeper)" if x.deeper_minutes else ""
        deck = f' · <a href="{deck_href(x.stem)}">Slides</a>' if x.stem in pages else ""
        items.append(f'<li><h2>{heading}</h2><p class="cn-meta">{html.escape(x.part)} · '
                     f"{x.minutes} min{deeper}{deck}</p>{goals}</li>")
    total = sum(x.minutes for x in course.lessons())
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Clots &amp; Nerves</title><style>{_INDEX_CSS}</style></head><body>"
            '<header><h1>Clots &amp; Nerves</h1></header><main>'
            "<p>Can a blood clot make a leg numb, and how? A course in "
            f"{len(course.lessons())} notebooks, about {total} minutes in all, taken in order.</p>"
            f'<p class="cn-disclaimer"><strong>{html.escape(safety.DISCLAIMER)}</strong></p>'
            f'<ol class="cn-lessons">{"".join(items)}</ol></main>'
            "<footer><p>Code MIT, content CC BY 4.0.</p></footer></body></html>\n")


def size_report(pages: list[Path]) -> list[tuple[str, int]]:
    """Each page's size in bytes (images are inline, so a page is one file)."""
    return [(p.name, p.stat().st_size) for p in pages]


def format_size_report(rows: list[tuple[str, int]]) -> str:
    """The size table printed by ``make site``, marking pages over the 1 MB budget."""
    lines = [f"{'page':<40} {'size':>10}  budget"]
    for name, size in rows:
        flag = "ok" if size <= MAX_PAGE_BYTES else "OVER 1 MB"
        lines.append(f"{name:<40} {size / 1000:>8.0f} kB  {flag}")
    return "\n".join(lines)

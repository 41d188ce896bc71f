"""Slides: one reveal.js deck per lesson (``make slides`` → ``site/slides/NN_<name>.html``).

A deck is the lesson's core path from the same executed notebook: the setup cells and the
"Going deeper" sections (tags ``setup`` and ``deeper``) are left out, code is hidden, and every
explorer, the risk checklist and the quiz keep their static forms, so they stay live on their
slide with no kernel. Slide boundaries are cell metadata the notebooks carry
(``slideshow.slide_type``), written by ``python -m helpers.tidy slides`` from the rule in
:func:`slide_types`. The teacher's guide's discussion questions (docs/teaching.md) become the
speaker notes of the Summary slide (press ``s``).

Nothing is fetched when a deck opens: reveal.js 4 (the layout nbconvert 7's slides template loads:
``dist/reveal.js``, ``plugin/notes/notes.js``), RequireJS and jQuery come from the npm registry at
build time (``npm pack``) and are copied into ``site/slides/vendor/`` with their licences.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from helpers import build, course, reading, site

NOTEBOOKS = Path("notebooks")
TEACHING_GUIDE = Path("docs/teaching.md")
NPM_CACHE = Path("build/npm")
WIDTH, HEIGHT = 1280, 720       # a projector's 16:9; reveal scales the deck to the screen


@dataclass(frozen=True)
class NpmPackage:
    """A browser library a deck loads, pinned, and the files of its package shipped."""

    name: str
    version: str
    files: tuple[str, ...]      # paths inside the package (a trailing / copies a folder)


# reveal.js 4.x: nbconvert 7's template loads dist/reveal.js and plugin/notes/notes.js (both UMD,
# loaded by RequireJS); the notes plugin of 4.6 carries its speaker view inline. The white theme's
# font ships as WOFF only (every browser the course supports picks it; .eot/.ttf are 1.5 MB).
VENDOR = (
    NpmPackage("reveal.js", "4.6.1", ("LICENSE", "dist/reveal.js", "dist/reveal.css",
                                      "dist/theme/white.css",
                                      *(f"dist/theme/fonts/source-sans-pro/{f}" for f in (
                                          "LICENSE", "source-sans-pro.css",
                                          *(f"source-sans-pro-{s}.woff" for s in (
                                              "regular", "italic", "semibold",
                                              "semibolditalic")))),
                                      "plugin/notes/notes.js")),
    NpmPackage("requirejs", "2.3.8", ("LICENSE", "require.js")),
    NpmPackage("jquery", "3.7.1", ("LICENSE.txt", "dist/jquery.min.js")),
)

# --- slide boundaries (written into the notebooks by `make tidy`) ---------------------------------

SLIDE_TYPE = "slide_type"
# Outputs that fill a slide of their own: figures and the live forms.
BIG_OUTPUTS = ("cn-static-figure", "cn-explorer", "cn-checklist", "cn-quiz", "cn-villalta")
LINES_PER_SLIDE = 13            # lines of 26 px text a 1280 x 720 slide holds under its heading
CHARS_PER_LINE = 72


def _text_lines(text: str) -> float:
    """Roughly how many lines ``text`` (Markdown) takes on a slide."""
    text = re.sub(r"\]\([^)]*\)", "]", text)            # a link shows its text only
    text = re.sub(r"<[^>]+>", "", text)
    lines = 0.0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            lines += 0.4
        elif line.startswith("|") and set(line) <= set("|-: "):
            continue                                     # a table's rule line
        else:
            lines += max(1, math.ceil(len(line) / CHARS_PER_LINE))
    return lines


def _big(cell: Any) -> bool:
    return cell.cell_type == "code" and any(
        any(k in str(o.get("data", {}).get("text/html", "")) for k in BIG_OUTPUTS)
        for o in cell.get("outputs", []))


def _cell_lines(cell: Any) -> float:
    if cell.cell_type == "markdown":
        return _text_lines(cell.source)
    lines = 0.0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/markdown" in data:
            lines += _text_lines(str(data["text/markdown"]))
        elif "text/html" in data:
            html = str(data["text/html"])
            lines += 2 + html.count("<li") + html.count("<tr") * 1.5
        elif "text" in output:
            lines += _text_lines(str(output["text"]))
    return lines


def _lead_in(cell: Any, following: Any | None) -> bool:
    """A heading alone or a short sentence ending in a colon that introduces the output next."""
    if cell.cell_type != "markdown" or following is None or following.cell_type != "code":
        return False
    text = cell.source.strip()
    alone = "\n" not in text and reading.heading(cell) is not None
    return _text_lines(text) <= 3 and (text.endswith(":") or alone)


def slide_types(cells: list[Any]) -> list[str]:
    """The reveal.js slide type of each cell: setup and "Going deeper" cells are skipped; the
    title and each ``##`` section start a slide; a figure or live form gets a sub-slide of its
    own (with the heading or short sentence that introduces it), and so does text after it;
    other cells join the slide until it would hold more than about :data:`LINES_PER_SLIDE`
    lines, then start a sub-slide."""
    skipped = [bool({reading.SETUP_TAG, reading.DEEPER_TAG} & set(reading.tags(c)))
               for c in cells]
    shown = [i for i, s in enumerate(skipped) if not s]
    following = {a: cells[b] for a, b in itertools.pairwise(shown)}
    types: list[str] = []
    used, after_big, joined = 0.0, False, False
    for index, cell in enumerate(cells):
        if skipped[index]:
            types.append("skip")
            continue
        lines, big = _cell_lines(cell), _big(cell)
        if joined:                                    # introduced by the cell before
            kind, joined = "-", False
        else:
            level = (reading.heading(cell) or (0, ""))[0] if cell.cell_type == "markdown" else 0
            nxt = following.get(index)
            joined = _lead_in(cell, nxt)
            unit = lines + (_cell_lines(nxt) if joined else 0)
            if index == shown[0] or level in (1, 2):
                kind = "slide"
            elif (big or (joined and _big(nxt)) or after_big or level >= 3
                  or used + unit > LINES_PER_SLIDE):
                kind = "subslide"
            else:
                kind = "-"
        if kind != "-":
            used = 0.0
        used += lines
        after_big = big
        types.append(kind)
    return types


def stated_types(cells: list[Any]) -> list[str]:
    """The slide types the cells carry (``-`` where none is set)."""
    return [c.metadata.get("slideshow", {}).get(SLIDE_TYPE, "-") for c in cells]


def apply_slide_types(nb: Any) -> bool:
    """Write :func:`slide_types` into each cell's ``slideshow`` metadata; True if changed."""
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb.cells), strict=True):
        if cell.metadata.get("slideshow", {}).get(SLIDE_TYPE) != kind:
            cell.metadata["slideshow"] = {SLIDE_TYPE: kind}
            changed = True
    return changed


# --- speaker notes from the teacher's guide -------------------------------------------------------

def discussion_questions(guide: Path = TEACHING_GUIDE) -> dict[str, list[str]]:
    """The guide's discussion questions by lesson number: a bullet that opens with
    ``**02.**`` belongs to 02, one with ``**00–01.**`` to 00 and 01."""
    text = guide.read_text(encoding="utf-8")
    part = text.split("## Discussion questions", 1)[1].split("\n## ", 1)[0]
    found: dict[str, list[str]] = {}
    for item in re.split(r"\n(?=- )", "\n" + part.strip()):
        match = re.match(r"- \*\*(\d\d)(?:[–-](\d\d))?\.\*\*\s*(.*)", item.strip(), re.S)
        if not match:
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        question = " ".join(match.group(3).split())
        for number in range(first, last + 1):
            found.setdefault(f"{number:02d}", []).append(question)
    return found


def notes_cell(questions: list[str]) -> Any:
    """A speaker-notes cell (reveal.js ``<aside class="notes">``) listing ``questions``."""
    text = "**Discussion questions** (docs/teaching.md):\n\n" + "\n".join(
        f"- {q}" for q in questions)
    return nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {SLIDE_TYPE: "notes"}})


def deck_cells(nb: Any, questions: list[str]) -> list[Any]:
    """The cells a deck shows: no setup or "Going deeper" cells, and the discussion questions
    as notes of the Summary slide (or of the last slide when there is no Summary)."""
    cells = [c for c in nb.cells
             if not {reading.SETUP_TAG, reading.DEEPER_TAG} & set(reading.tags(c))]
    if questions:
        summary = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                        and c.source.startswith("## Summary")), len(cells) - 1)
        cells.insert(summary + 1, notes_cell(questions))
    return cells


# --- browser libraries from the npm registry -----------------------------------------------------

def npm_pack(package: NpmPackage, cache: Path = NPM_CACHE) -> Path:
    """The package's tarball from the npm registry (``npm pack``), kept in ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"{package.name.replace('.', '')}-{package.version}.tgz"
    if not tarball.exists():
        if shutil.which("npm") is None:
            raise RuntimeError("npm is needed once to fetch the decks' browser libraries "
                               "(Debian: apt-get install -y npm)")
        out = subprocess.run(["npm", "pack", f"{package.name}@{package.version}", "--json",
                              "--pack-destination", str(cache.resolve())],
                             check=True, capture_output=True, text=True).stdout
        (cache / json.loads(out)[0]["filename"]).rename(tarball)
    return tarball


def vendor(out: Path, cache: Path = NPM_CACHE) -> Path:
    """Copy the files a deck loads into ``out/vendor`` (each package's licence too); return it."""
    target = out / "vendor"
    for package in VENDOR:
        folder = target / package.name
        shutil.rmtree(folder, ignore_errors=True)
        with tarfile.open(npm_pack(package, cache)) as archive:
            for member in archive.getmembers():
                inner = member.name.split("/", 1)[1]
                if member.isfile() and any(inner == f or (f.endswith("/") and inner.startswith(f))
                                           for f in package.files):
                    dest = folder / inner
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    source = archive.extractfile(member)
                    assert source is not None
                    dest.write_bytes(source.read())
    for css in target.rglob("*.css"):           # no web fonts from elsewhere (simple.css has some)
        text = css.read_text(encoding="utf-8")
        kept = re.sub(r"@import\s+url\((['\"]?)(?:https?:)?//[^)]*\)\s*;?", "", text)
        if kept != text:
            css.write_text(kept, encoding="utf-8")
    return target


# --- decks ----------------------------------------------------------------------------------------

def exporter() -> Any:
    """nbconvert's SlidesExporter with the course's slide template, every library local."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": build.OUTPUT_PRIORITY},
                     "TemplateExporter": {"exclude_input": True, "exclude_input_prompt": True,
                                          "exclude_output_prompt": True},
                     "SlidesExporter": {"reveal_url_prefix": "vendor/reveal.js",
                                        "reveal_theme": "white",
                                        "reveal_width": str(WIDTH),
                                        "reveal_height": str(HEIGHT),
                                        "require_js_url": "vendor/requirejs/require.js",
                                        "jquery_url": "vendor/jquery/dist/jquery.min.js"}})
    templates = resources.files("helpers") / "templates"
    return SlidesExporter(config=config, template_name="slides",
                          extra_template_basedirs=[str(templates)])


def build_slides(out: Path, folder: Path = NOTEBOOKS, guide: Path = TEACHING_GUIDE,
                 cache: Path = NPM_CACHE) -> list[Path]:
    """Write one deck per lesson into ``out`` from the executed notebooks in ``folder``, with
    the libraries they load; ValueError if a deck would load anything from the network."""
    out.mkdir(parents=True, exist_ok=True)
    vendor(out, cache)
    questions = discussion_questions(guide) if guide.exists() else {}
    css = (resources.files("helpers") / "templates" / "slides" / "slides.css").read_text("utf-8")
    slides = exporter()
    sources = build.notebook_paths(folder)
    stems = [p.stem for p in sources]
    written = []
    for source in sources:
        nb = nbformat.read(source, as_version=4)
        lesson = course.lesson(source.stem[:2])
        nb.cells = deck_cells(nb, questions.get(lesson.number, []))
        nb.metadata["title"] = f"{lesson.number} · {lesson.title}"
        body, _ = slides.from_notebook_node(
            nb, resources={"cn_css": css, "cn_page": f"../{source.stem}.html",
                           "metadata": {"name": source.stem, "path": str(folder)}})
        body = site.rewrite_links(body, stems)
        if loads := site.external_loads(body):
            raise ValueError(f"{source.name} slides would load from the network: {loads[:3]}")
        deck = out / f"{source.stem}.html"
        deck.write_text(body, encoding="utf-8")
        written.append(deck)
    return written


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.slides [--out site/slides]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path("site/slides"))
    args = parser.parse_args(argv)
    decks = build_slides(args.out)
    print(site.format_size_report(site.size_report(decks)))
    print(f"\n{len(decks)} decks in {args.out}/ (press s in a deck for the speaker notes).")


if __name__ == "__main__":
    main()

"""Idempotent course-wide edits of the notebooks, safe to re-run after any merge.

``python -m helpers.tidy all`` (or one of ``setup``, ``warnings``, ``spelling``, ``glossary``,
``slides``, ``times``) edits cell sources, tags and slide metadata only, keeps cell ids, and
reports what it changed; a second run changes nothing. Re-execute the notebooks it changed
afterwards (``make notebooks``).

- ``setup``: the Colab install cell and the Imports cell carry the tags ``setup`` (the site
  removes them) and, for the Imports cell, ``imports``; one short "Setup" heading explains them.
- ``warnings``: the inline red-flags box only in lessons that teach those symptoms
  (``red_flags_inline`` in data/course.yaml); elsewhere the site's footer shows it once.
- ``spelling``: British forms (as NICE writes) for the US forms in data/spelling.yaml, in
  Markdown prose only (never in code, link targets, HTML attributes or inline code).
- ``glossary``: the first use of each glossary term (data/review.yaml) in each of notebooks
  00–07 links to its entry in notebook 08.
- ``slides``: each cell's ``slideshow.slide_type`` (where the lesson's deck starts a slide), by
  the rule in :func:`helpers.slides.slide_types`.
- ``times``: every lesson's core and deeper minutes, computed by :mod:`helpers.reading`, written
  to data/course.yaml and to the notebook's header.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from helpers import cases, course, reading, slides
from helpers._data import load
from helpers.review import glossary_anchor

NOTEBOOKS = Path("notebooks")
TEACHING_GUIDE = Path("docs/teaching.md")
SETUP_TAG = reading.SETUP_TAG
IMPORTS_TAG = "imports"
COLAB_TAG = "colab-install"
SETUP_MARKDOWN = ("## Setup\n"
                  "Run these two cells first: the first installs the course's helpers on Google "
                  "Colab (it does nothing anywhere else), the second imports the helpers this "
                  "lesson uses.")
GLOSSARY_NOTEBOOK = "08"

# Text that prose edits must never touch: inline code, links (text and target), HTML tags,
# bare URLs and heading lines.
_PROTECTED = re.compile(r"`[^`\n]*`|!?\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]+>|https?://\S+|^#+ .*$",
                        re.M)


def _add_tags(cell: Any, *new: str) -> bool:
    tags = list(cell.metadata.get("tags", []))
    missing = [t for t in new if t not in tags]
    if missing:
        cell.metadata["tags"] = tags + missing
    return bool(missing)


def _prose_edit(text: str, edit: Callable[[str], str]) -> str:
    """Apply ``edit`` to the unprotected stretches of ``text`` only."""
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out += [edit(text[last:match.start()]), match.group(0)]
        last = match.end()
    out.append(edit(text[last:]))
    return "".join(out)


# --- setup --------------------------------------------------------------------------------------

def setup(nb: Any) -> bool:
    """Tag the Colab and Imports cells ``setup`` (and ``imports``) under one "Setup" heading."""
    cells = nb.cells
    head = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                 and re.match(r"## (Imports|Setup)\b", c.source)), None)
    if head is None:
        return False
    changed = cells[head].source != SETUP_MARKDOWN
    cells[head].source = SETUP_MARKDOWN
    changed |= _add_tags(cells[head], SETUP_TAG)
    for cell in cells[head + 1:]:
        if cell.cell_type != "code":
            break
        if COLAB_TAG in cell.metadata.get("tags", []):
            changed |= _add_tags(cell, SETUP_TAG)
        else:
            changed |= _add_tags(cell, SETUP_TAG, IMPORTS_TAG)
            break
    return changed


# --- warnings -----------------------------------------------------------------------------------

RED_FLAGS_CELL = "safety.red_flags()"


def warnings(nb: Any, lesson: course.Lesson) -> bool:
    """Drop the inline red-flags box (and a one-line lead-in to it) where the lesson does not
    teach those symptoms; ``safety`` leaves the Imports cell when nothing else uses it, and the
    box's sources leave the reference list when nothing else cites them."""
    if lesson.red_flags_inline:
        return False
    cells = nb.cells
    drop = set()
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and cell.source.strip() == RED_FLAGS_CELL:
            drop.add(i)
            before = cells[i - 1] if i else None
            if before is not None and before.cell_type == "markdown":
                *rest, last = before.source.strip().rsplit("\n\n", 1)
                if "\n" not in last and last.endswith(":") and len(last.split()) <= 20:
                    if rest:                      # the lead-in is the cell's last paragraph
                        before.source = rest[0]
                    else:
                        drop.add(i - 1)
    nb.cells = [c for i, c in enumerate(cells) if i not in drop]
    changed = bool(drop)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code"
                     and IMPORTS_TAG not in c.metadata.get("tags", []))
    if "safety." not in code:
        for cell in nb.cells:
            if IMPORTS_TAG in cell.metadata.get("tags", []):
                new = re.sub(r"\n?[ \t]*\bsafety,[ \t]*|,[ \t]*safety\b", "", cell.source,
                             count=1)
                changed |= new != cell.source
                cell.source = new
    return _drop_uncited_red_flag_sources(nb) or changed


def _cited_keys(nb: Any) -> set[str]:
    """Reference keys cited in the notebook's prose and outputs, reference lists aside."""
    texts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        elif "references.bibliography(" not in cell.source:
            texts += [str(o.get("data", {})) for o in cell.get("outputs", [])]
    return set(re.findall(r"#ref-([\w-]+)", "\n".join(texts)))


def _drop_uncited_red_flag_sources(nb: Any) -> bool:
    from helpers import safety

    flag_keys = {k for f in safety.red_flag_list() for k in f.sources}
    unused = flag_keys - _cited_keys(nb)
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "code" or "references.bibliography(" not in cell.source:
            continue
        for key in sorted(unused):
            new = re.sub(rf'"{re.escape(key)}",[ \t]*(\n[ \t]*(?=\S))?|,\s*"{re.escape(key)}"',
                         "", cell.source, count=1)
            changed |= new != cell.source
            cell.source = new
    return changed


# --- spelling -----------------------------------------------------------------------------------

def spelling_pairs() -> dict[str, str]:
    """US form → British form (data/spelling.yaml); lower-case entries also match capitalised."""
    return dict(load("spelling.yaml")["us_to_uk"])


def _spelling_pattern() -> re.Pattern[str]:
    words = sorted(spelling_pairs(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def british(text: str) -> str:
    """``text`` with every listed US form replaced by the British one, capitals kept."""
    pairs = spelling_pairs()

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        uk = pairs.get(word) or pairs.get(word.lower())
        if uk is None or (word[0].isupper() and word.lower() in load("spelling.yaml")
                          .get("lower_case_only", [])):
            return word
        return uk[0].upper() + uk[1:] if word[0].isupper() else uk

    pattern = _spelling_pattern()
    return pattern.sub(swap, text)


def us_forms(text: str) -> list[str]:
    """The listed US forms found in the prose of ``text`` (protected stretches skipped)."""
    prose = _PROTECTED.sub(" ", text)
    return [m.group(0) for m in _spelling_pattern().finditer(prose)
            if british(m.group(0)) != m.group(0)]


def spelling(nb: Any) -> bool:
    """British spelling in every Markdown cell's prose."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            new = _prose_edit(cell.source, british)
            changed |= new != cell.source
            cell.source = new
    return changed


# --- glossary -----------------------------------------------------------------------------------

def glossary_forms(term: str) -> list[str]:
    """The words that count as a use of ``term``: the term without its bracket, and the
    bracketed abbreviation or synonym (``Deep vein thrombosis (DVT)`` → both)."""
    main = re.sub(r"\s*\(.*?\)", "", term).strip()
    extra = re.findall(r"\((.*?)\)", term)
    return [main, *extra]


def _term_pattern(form: str) -> re.Pattern[str]:
    abbreviation = form.upper() == form
    flags = 0 if abbreviation else re.I
    return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?:s|es|ae)?(?![\w-])", flags)


def _lesson_cells(nb: Any) -> Iterator[Any]:
    """The Markdown cells a glossary link may go in: not the header, setup, References or Next."""
    for cell in nb.cells[1:]:
        found = reading.heading(cell)
        if found and found[1] == "References":
            return
        if cell.cell_type == "markdown" and SETUP_TAG not in cell.metadata.get("tags", []) \
                and not cell.source.startswith("**Next:**"):
            yield cell


def glossary(nb: Any, lesson: course.Lesson) -> bool:
    """Link each glossary term's first use in this notebook to its entry in notebook 08."""
    if lesson.number == GLOSSARY_NOTEBOOK or int(lesson.number) > int(GLOSSARY_NOTEBOOK):
        return False
    book = course.lesson(GLOSSARY_NOTEBOOK).notebook
    everything = "\n".join(c.source for c in nb.cells)
    changed = False
    for entry in load("review.yaml")["glossary"]:
        target = f"{book}#{glossary_anchor(entry['term'])}"
        if f"({target})" in everything:
            continue
        patterns = [_term_pattern(f) for f in glossary_forms(entry["term"])]
        for cell in _lesson_cells(nb):
            firsts = [(m.start(), m) for p in patterns
                      if (m := _first_unprotected(cell.source, p))]
            if firsts:
                match = min(firsts, key=lambda x: x[0])[1]
                cell.source = (cell.source[:match.start()] + f"[{match.group(0)}]({target})"
                               + cell.source[match.end():])
                changed = True
                break
    return changed


def _first_unprotected(text: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    last = 0
    spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)] + [(len(text), len(text))]
    for start, end in spans:
        if match := pattern.search(text, last, start):
            return match
        last = end
    return None


# --- times --------------------------------------------------------------------------------------

COURSE_YAML = Path(str(resources.files("helpers").joinpath("data", "course.yaml")))
_TIME = re.compile(r"\*\*Time\*\* \d+ min(?: \(\+ \d+ min going deeper\))?")


def stated_time(lesson: course.Lesson) -> str:
    """How a notebook's header states its time."""
    deeper = f" (+ {lesson.deeper_minutes} min going deeper)" if lesson.deeper_minutes else ""
    return f"**Time** {lesson.minutes} min{deeper}"


def write_course_times(times: dict[str, reading.LessonTime], path: Path = COURSE_YAML) -> bool:
    """Write each lesson's ``minutes`` and ``deeper_minutes`` into course.yaml, comments kept."""
    text = path.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=- number: )", text)
    for n, block in enumerate(blocks):
        number = re.match(r'- number: "(\d\d)"', block)
        if not number or number.group(1) not in times:
            continue
        t = times[number.group(1)]
        block = re.sub(r"(?m)^  deeper_minutes: .*\n", "", block)
        block = re.sub(r"(?m)^  minutes: .*$",
                       f"  minutes: {t.core_minutes}\n  deeper_minutes: {t.deeper_minutes}", block)
        blocks[n] = block
    new = "".join(blocks)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    load.cache_clear()
    return True


def header_time(nb: Any, lesson: course.Lesson) -> bool:
    """State the lesson's time (from course.yaml) in the notebook's header."""
    first = nb.cells[0]
    new = _TIME.sub(stated_time(lesson), first.source, count=1)
    changed = new != first.source
    first.source = new
    return changed


_GUIDE_TABLE = re.compile(r"(?ms)^\| Notebook \| Title \|.*?\n(?=\n|\Z)")


def guide_table(lessons: tuple[course.Lesson, ...]) -> str:
    """The teacher's guide's table of lessons and their times, as course.yaml states them."""
    rows = [f"| {x.number} | {x.title} | {x.minutes} | {x.deeper_minutes or '—'} |"
            for x in lessons]
    return "\n".join(["| Notebook | Title | Core minutes | Going deeper (minutes) |",
                      "|---|---|---:|---:|", *rows]) + "\n"


def write_guide_times(path: Path = TEACHING_GUIDE) -> bool:
    """Restate the lesson times in the teacher's guide (docs/teaching.md) from course.yaml."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    new = _GUIDE_TABLE.sub(lambda m: guide_table(course.lessons()), text, count=1)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


# --- command line -------------------------------------------------------------------------------

def _paths(folder: Path) -> list[tuple[Path, course.Lesson]]:
    return [(folder / x.notebook, x) for x in course.lessons() if (folder / x.notebook).exists()]


def run(commands: list[str], folder: Path = NOTEBOOKS) -> list[str]:
    """Apply ``commands`` to every notebook in ``folder``; the notebooks changed, as messages."""
    done = []
    edits: dict[str, Callable[[Any, course.Lesson], bool]] = {
        "setup": lambda nb, x: setup(nb),
        "warnings": warnings,
        "spelling": lambda nb, x: spelling(nb),
        "glossary": glossary,
        "slides": lambda nb, x: slides.apply_slide_types(nb),
    }
    for step in [[c for c in commands if c in edits], ["times"] if "times" in commands else []]:
        if step == ["times"]:       # after the other edits, which change what there is to read
            times = {x.number: reading.lesson_time(p) for p, x in _paths(folder)}
            if write_course_times(times):
                done.append(f"times: {COURSE_YAML}")
            if write_guide_times(folder.parent / TEACHING_GUIDE):
                done.append(f"times: {folder.parent / TEACHING_GUIDE}")
            guide = folder.parent / TEACHING_GUIDE
            if guide.exists() and cases.write_guide(guide, folder):
                done.append(f"cases, plans and answers: {guide}")
            edits["times"] = header_time
        for path, lesson in _paths(folder):
            nb = nbformat.read(path, as_version=4)
            changed = [name for name in step if edits[name](nb, lesson)]
            if changed:
                nbformat.write(nb, path)
                done.append(f"{', '.join(changed)}: {path}")
    return done


ORDER = ["setup", "warnings", "spelling", "glossary", "slides", "times"]


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.tidy all`` or any of setup, warnings, spelling,
    glossary, slides, times; then re-execute the notebooks it names."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("commands", nargs="+", choices=[*ORDER, "all"])
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS)
    args = parser.parse_args(argv)
    commands = ORDER if "all" in args.commands else [c for c in ORDER if c in args.commands]
    for line in run(commands, args.notebooks) or ["nothing to change"]:
        print(line)


if __name__ == "__main__":
    main()

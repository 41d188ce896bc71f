"""Printable handouts (issue 22): each lesson's core as a PDF, and a one-page worksheet per lesson
plan with its case cards, printed by Debian's Chromium through Playwright's ``page.pdf``.

A handout is the course page (helpers.build's exporter and template) without code, "Going
deeper" sections, setup cells or interactive pieces (widgets, their static forms and the quiz),
plus print CSS: A4 or Letter, figures and boxes never split across pages. The browser is sandboxed
to ``file://``: printing fetches nothing.

``python -m helpers.handouts --out site/handouts`` (``make handouts``).
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from helpers import build, cases, course, reading, safety

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAPERS = ("A4", "Letter")
WIDGET_MIME = reading.WIDGET_MIME
HANDOUT_TAGS = (reading.SETUP_TAG, reading.DEEPER_TAG)

PRINT_CSS = """
@page { margin: 14mm 13mm 16mm 13mm; }
@media print {
  html, body.jp-Notebook { font-size: 10.5pt; background: #fff !important; color: #111; }
  .cn-header, .cn-nav, .cn-launch, details.cn-code, button, .cn-fullsize {
    display: none !important; }
  .jp-Cell, .jp-Notebook .jp-Cell { padding: 0 !important; }
  main { max-width: none; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  /* Figures, boxes, cards and table rows stay whole; long outputs (tables, lists) may break:
     JupyterLab keeps every output whole, which leaves a blank page before a long one. */
  .jp-OutputArea-child { break-inside: auto !important; }
  .jp-OutputArea-child:has(img) { break-inside: avoid-page !important; }
  /* (their own elements) */
  img, svg, figure, tr, li, .cn-red-flags, .cn-case, .jp-RenderedImage {
    break-inside: avoid; page-break-inside: avoid; }
  .cn-print-alt { break-before: avoid; page-break-before: avoid; }
  img { max-width: 100% !important; max-height: 170mm; height: auto; object-fit: contain; }
  table { font-size: 9pt; }
  a { color: #111; }
}
.cn-print-alt { font-size: 8.5pt; color: #333; margin: 0.3em 0 0.8em; }
.cn-print-note { font-style: italic; border-bottom: 1px solid #999; padding-bottom: 0.3em; }
"""


_IMG = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')


class PrintCells:
    """nbconvert preprocessor: drops interactive outputs (widget views with their static forms,
    the quiz), code cells left without output, and a section whose heading cell is all that is
    left of it (the quiz's "Check yourself" and its instructions)."""

    def __call__(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        emptied: set[int] = set()
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if WIDGET_MIME not in o.get("data", {})]
                if not cell.outputs:
                    emptied.add(n)
        drop = set(emptied)
        for n, cell in enumerate(nb.cells):
            level = _heading_level(cell)
            if not level:
                continue
            end = next((m for m in range(n + 1, len(nb.cells))
                        if 0 < _heading_level(nb.cells[m]) <= level), len(nb.cells))
            if all(m in emptied for m in range(n + 1, end)):
                drop.add(n)
        nb.cells = [c for n, c in enumerate(nb.cells) if n not in drop]
        return nb, resources


def _heading_level(cell: Any) -> int:
    found = reading.heading(cell)
    return found[0] if found else 0


@functools.cache
def _exporter() -> tuple[Any, dict[str, str]]:
    """The handouts' exporter, built once for all lessons (as the site builds one for its pages)."""
    return build.page_exporter(remove_tags=HANDOUT_TAGS, exclude_input=True,
                               first=(PrintCells(),))


def handout_html(path: Path) -> str:
    """The printable page of the notebook at ``path`` (its committed outputs, not re-run)."""
    exporter, styles = _exporter()
    stems = [p.stem for p in build.notebook_paths(path.parent)]
    body = build.render_page(exporter, styles, path, path, stems)
    lesson = next(x for x in course.lessons() if x.stem == path.stem)
    note = (f'<p class="cn-print-note">Printed handout of lesson {lesson.number}: the core text, '
            "figures and references. The interactive pieces, the quiz and the \"Going deeper\" "
            "sections are in the course pages and notebooks.</p>")
    body = body.replace("<main>", "<main>" + note, 1)
    # On paper the alt text is the figure's caption: a figure never stands wordless on a page.
    body = _IMG.sub(lambda m: f'{m.group(0)}<p class="cn-print-alt">Figure: {m.group(1)}</p>',
                    body)
    return body.replace("</head>", f"<style>{PRINT_CSS}</style></head>", 1)


WORKSHEET_CSS = """
@page { margin: 10mm; }
body { font-family: system-ui, sans-serif; font-size: 8pt; line-height: 1.3; color: #111;
  margin: 0; }
h1 { font-size: 13pt; margin: 0 0 0.2em; }
p { margin: 0.2em 0; }
.cn-cards { column-count: 2; column-gap: 6mm; }
.cn-case { font-size: 7.8pt; margin: 0 0 1mm !important; break-inside: avoid; }
.cn-case th, .cn-case td { padding: 0.15em 0.45em !important; }
.cn-case ul { margin: 0; }
.cn-answer { border-top: 1px dashed #777; height: 7mm; break-before: avoid; }
.cn-flags { border: 2px solid #B00020; padding: 0.2em 0.6em; margin-top: 2mm; font-size: 8pt; }
"""


def worksheet_html(plan: str) -> str:
    """A one-page worksheet for a lesson plan: its case cards, room to write, the red flags."""
    items = cases.plan_cases(plan)
    cards = "".join(cases.card_html(c) + '<div class="cn-answer"></div>' for c in items)
    flags = "; ".join(html.escape(f.sign) for f in safety.red_flag_list())
    title = html.escape(f"Clots & Nerves · worksheet · {cases.plan_title(plan)}")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{WORKSHEET_CSS}</style></head><body>"
            f"<h1>{title}</h1><p><strong>{html.escape(safety.DISCLAIMER)}</strong> "
            "Work each case with its notebook; write your answer under the card.</p>"
            f'<div class="cn-cards">{cards}</div>'
            f'<p class="cn-flags"><strong>⚠ Red flags, get emergency help:</strong> {flags}</p>'
            "</body></html>\n")


def print_pdfs(jobs: list[tuple[str, Path]], paper: str = "A4",
               chromium: str = CHROMIUM) -> list[Path]:
    """Print each ``(html, pdf_path)`` with headless Chromium; nothing outside file:// loads."""
    from playwright.sync_api import sync_playwright

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {list(PAPERS)}; got {paper!r}")
    written = []
    with tempfile.TemporaryDirectory(prefix="clots-print-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(re.compile(r"^(?!file:|data:|about:)"), lambda route: route.abort())
            page.emulate_media(media="print")
            for n, (text, out) in enumerate(jobs):
                source = Path(tmp) / f"page{n}.html"
                source.write_text(text, encoding="utf-8")
                page.goto(source.as_uri(), wait_until="load")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(out), format=paper, print_background=True,
                         prefer_css_page_size=False)
                written.append(out)
        finally:
            browser.close()
    return written


def build_handouts(out: Path, folder: Path = build.NOTEBOOKS, paper: str = "A4") -> list[Path]:
    """Write NN_<name>.pdf for every lesson and worksheet_<plan>.pdf for every plan into ``out``."""
    jobs = [(handout_html(p), out / f"{p.stem}.pdf") for p in build.notebook_paths(folder)]
    jobs += [(worksheet_html(plan), out / f"worksheet_{plan}.pdf") for plan in cases.plans()]
    return print_pdfs(jobs, paper)


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.handouts [--out site/handouts] [--paper A4|Letter]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path("site/handouts"))
    parser.add_argument("--paper", choices=PAPERS, default="A4")
    parser.add_argument("--notebooks", type=Path, default=build.NOTEBOOKS)
    args = parser.parse_args(argv)
    for path in build_handouts(args.out, args.notebooks, args.paper):
        print(f"{path}  {path.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main()

"""Maintainer commands: execute notebooks in place, and render the course to HTML in site/."""

from __future__ import annotations

import argparse
import html
import shutil
from importlib import resources
from pathlib import Path

import nbformat

from helpers import course

NOTEBOOKS = Path("notebooks")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def execute(path: Path, *, store_widget_state: bool = False, timeout: int = 300) -> None:
    """Execute the notebook at ``path`` in place, deterministically (no timings recorded)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False,
                            store_widget_state=True)  # Output widgets need it
    client.execute()
    if not store_widget_state:
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The course's notebooks that exist, in teaching order."""
    return [folder / x.notebook for x in course.lessons() if (folder / x.notebook).exists()]


def build_site(out: Path, folder: Path = NOTEBOOKS, run: bool = True) -> list[Path]:
    """Execute copies of the notebooks (unless ``run`` is False) and render each, plus an index,
    as HTML into ``out``."""
    from nbconvert import HTMLExporter

    out.mkdir(parents=True, exist_ok=True)
    from traitlets.config import Config

    # Outputs that carry a static HTML twin of a widget (the quizzes) use the twin: no kernel.
    priority = ["text/html", "application/vnd.jupyter.widget-view+json", "text/markdown",
                "image/svg+xml", "image/png", "image/jpeg", "text/plain"]
    config = Config({"NbConvertBase": {"display_data_priority": priority}})
    templates = resources.files("helpers") / "templates"
    exporter = HTMLExporter(config=config, template_name="course",
                            extra_template_basedirs=[str(templates)])
    written = []
    work = out / ".work"
    work.mkdir(exist_ok=True)
    for source in notebook_paths(folder):
        copy = work / source.name
        shutil.copy(source, copy)
        if run:
            execute(copy)
        body, _ = exporter.from_filename(str(copy))
        page = out / f"{source.stem}.html"
        page.write_text(body, encoding="utf-8")
        written.append(page)
    shutil.rmtree(work)
    index = out / "index.html"
    index.write_text(_index_html([p.stem for p in written]), encoding="utf-8")
    return [index, *written]


def _index_html(stems: list[str]) -> str:
    """A plain course index: every lesson in order, linked where its page exists."""
    items = []
    for x in course.lessons():
        label = f"{x.number} · {html.escape(x.title)} ({x.minutes} min)"
        items.append(f'<li><a href="{x.stem}.html">{label}</a></li>' if x.stem in stems
                     else f"<li>{label} <em>(coming)</em></li>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Clots &amp; Nerves</title></head><body><main>"
            "<h1>Clots &amp; Nerves</h1><p>Can a blood clot make a leg numb, and how? "
            "A course in notebooks. Education, not medical advice.</p>"
            f"<ol>{''.join(items)}</ol></main></body></html>\n")


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.build execute [NOTEBOOK ...]`` or ``site [--out site]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="execute notebooks in place")
    run.add_argument("notebooks", nargs="*", type=Path)
    site = sub.add_parser("site", help="render the course to HTML")
    site.add_argument("--out", type=Path, default=Path("site"))
    args = parser.parse_args(argv)
    if args.command == "execute":
        for path in args.notebooks or notebook_paths():
            execute(path)
            print(f"executed {path}")
    else:
        for path in build_site(args.out):
            print(path)


if __name__ == "__main__":
    main()

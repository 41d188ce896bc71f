"""Maintainer commands: execute notebooks in place, and render the course to HTML in site/."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from helpers import course, reading, site

NOTEBOOKS = Path("notebooks")
# Outputs that carry a static HTML twin of a widget use the twin: pages and decks need no kernel.
OUTPUT_PRIORITY = ["text/html", "application/vnd.jupyter.widget-view+json", "text/markdown",
                   "image/svg+xml", "image/png", "image/jpeg", "text/plain"]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def kernel_transport(folder: str) -> dict[str, str]:
    """Kernel-manager settings that talk to the kernel over local IPC sockets in ``folder``
    (POSIX), so no TCP port is opened and ipykernel has no plain-text transport to warn about;
    elsewhere (Windows) nothing changes: TCP on the loopback interface."""
    if os.name != "posix":
        return {}
    return {"transport": "ipc", "ip": os.path.join(folder, "kernel")}


def execute(path: Path, *, store_widget_state: bool = False, timeout: int = 300) -> None:
    """Execute the notebook at ``path`` in place, deterministically (no timings recorded)."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    with tempfile.TemporaryDirectory(prefix="clots-kernel-") as sockets:
        config = Config({"KernelManager": kernel_transport(sockets)})
        client = NotebookClient(nb, config=config, timeout=timeout, kernel_name="python3",
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


def page_exporter(remove_tags: tuple[str, ...] = (reading.SETUP_TAG,),
                  exclude_input: bool = False,
                  first: tuple[Any, ...] = ()) -> tuple[Any, dict[str, str]]:
    """The course's HTML exporter (its template, static widget twins, contents list, folded
    "Going deeper") and the style sheets the template needs; cells tagged ``remove_tags`` are
    left out, and the preprocessors ``first`` run before the page's own (so the contents list
    names only what they keep)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": OUTPUT_PRIORITY},
                     "TemplateExporter": {"exclude_input_prompt": True,
                                          "exclude_output_prompt": True,
                                          "exclude_input": exclude_input},
                     # The setup cells (Colab install, imports) are for JupyterLab, not the page.
                     "TagRemovePreprocessor": {"enabled": True,
                                               "remove_cell_tags": list(remove_tags)}})
    templates = resources.files("helpers") / "templates"
    exporter = HTMLExporter(config=config, template_name="course",
                            extra_template_basedirs=[str(templates)])
    for preprocessor in first:
        exporter.register_preprocessor(preprocessor, enabled=True)
    exporter.register_preprocessor(site.PageSections(), enabled=True)   # before the next:
    exporter.register_preprocessor(site.DeeperSections(), enabled=True)  # it edits headings
    css = (templates / "course" / "course.css").read_text(encoding="utf-8")
    return exporter, {"cn_css": css, "cn_dark_css": site.dark_theme_css()}


def render_page(exporter: Any, styles: dict[str, str], source: Path, copy: Path,
                stems: list[str]) -> str:
    """The page of the notebook ``source`` (rendered from ``copy``), links between pages
    rewritten; ValueError if it would load anything from outside the site."""
    context = {"cn": site.page_context(source.stem, stems, copy), **styles}
    body, _ = exporter.from_filename(str(copy), resources=context)
    body = site.rewrite_links(body, stems)
    if loads := site.external_loads(body):
        raise ValueError(f"{source.name} would load from the network: {loads[:3]}")
    return body


def build_site(out: Path, folder: Path = NOTEBOOKS, run: bool = True) -> list[Path]:
    """Execute copies of the notebooks (unless ``run`` is False) and render each, plus an index,
    as HTML into ``out``; ValueError if a page would load anything from outside the site."""
    out.mkdir(parents=True, exist_ok=True)
    exporter, styles = page_exporter()
    sources = notebook_paths(folder)
    stems = [p.stem for p in sources]
    written = []
    work = out / ".work"
    work.mkdir(exist_ok=True)
    for source in sources:
        copy = work / source.name
        shutil.copy(source, copy)
        if run:
            execute(copy)
        page = out / f"{source.stem}.html"
        page.write_text(render_page(exporter, styles, source, copy, stems), encoding="utf-8")
        written.append(page)
    shutil.rmtree(work)
    index = out / "index.html"
    index.write_text(site.index_html(dict(zip(stems, sources, strict=True))), encoding="utf-8")
    return [index, *written]


SITE_ZIP = Path("dist/clots-and-nerves-site.zip")
"""Where ``make site`` writes the whole site as one file to hand out or host."""
ZIP_FOLDER = "clots-and-nerves"
"""The one folder a reader gets on unzipping it, ``index.html`` at its top."""


def zip_site(folder: Path, archive: Path = SITE_ZIP) -> Path:
    """Write every file under ``folder`` into ``archive`` inside one folder, byte-identical for
    the same files (sorted names, a fixed date), so two builds give the same zip."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in files:
            entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{path.relative_to(folder).as_posix()}",
                                    date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, path.read_bytes())
    return archive


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.build execute [NOTEBOOK ...]``, ``site [--out site]`` or
    ``zip [--site site] [--out dist/clots-and-nerves-site.zip]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("execute", help="execute notebooks in place")
    run.add_argument("notebooks", nargs="*", type=Path)
    sub.add_parser("colab", help="add or refresh the Colab install cell in every notebook")
    render = sub.add_parser("site", help="render the course to HTML")
    render.add_argument("--out", type=Path, default=Path("site"))
    pack = sub.add_parser("zip", help="pack the rendered site into one zip file")
    pack.add_argument("--site", type=Path, default=Path("site"))
    pack.add_argument("--out", type=Path, default=SITE_ZIP)
    args = parser.parse_args(argv)
    if args.command == "execute":
        for path in args.notebooks or notebook_paths():
            execute(path)
            print(f"executed {path}")
    elif args.command == "zip":
        archive = zip_site(args.site, args.out)
        print(f"The whole site is in {archive} ({archive.stat().st_size / 1e6:.1f} MB): unzip it "
              f"and open {ZIP_FOLDER}/index.html, or put the folder on any static web host.")
    elif args.command == "colab":
        for path in notebook_paths():
            if site.add_colab_cell(path):
                print(f"added the Colab cell to {path}")
    else:
        pages = build_site(args.out)
        print(site.format_size_report(site.size_report(pages)))
        print(f"\nThe course is in {args.out}/. Open {args.out / 'index.html'} in any browser "
              "(it works offline).")


if __name__ == "__main__":
    main()

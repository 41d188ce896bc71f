"""Course-wide diagrams (the course map), the ``make figures`` writer for ``figures/``, and
``show`` to display a committed static figure without redrawing it.

Topic modules are imported only when a figure is drawn, so importing this module is cheap.
"""

from __future__ import annotations

import argparse
import base64
import html
import importlib
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers import course, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# figures/ beside src/ in the course's repository (absent when helpers is installed elsewhere).
FIGURES = Path(__file__).resolve().parents[2] / "figures"

PART_COLOURS = {
    "Orientation": style.PALETTE.sky_blue,
    "Mechanisms": style.PALETTE.orange,
    "Recognising": style.PALETTE.green,
    "Managing": style.PALETTE.purple,
    "Review": style.PALETTE.yellow,
}
_PER_ROW = 5


def _box_centre(index: int) -> tuple[float, float]:
    """Centre of lesson ``index`` on a two-row grid read left to right, top row first."""
    row, col = divmod(index, _PER_ROW)
    return 1.0 + 2.2 * col, 3.0 - 2.0 * row


def plot_course_map(ax: Axes) -> str:
    """Draw the course path as numbered boxes joined by arrows; return alt text from the data."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    lessons = course.lessons()
    for index, item in enumerate(lessons):
        x, y = _box_centre(index)
        ax.add_patch(FancyBboxPatch(
            (x - 0.95, y - 0.65), 1.9, 1.3, boxstyle="round,pad=0.04",
            facecolor=PART_COLOURS[item.part] + "55", edgecolor=PART_COLOURS[item.part],
            linewidth=3))
        ax.text(x, y + 0.32, item.number, ha="center", va="center", fontsize=17,
                fontweight="bold")
        ax.text(x, y - 0.08, textwrap.fill(item.short, 16), ha="center",
                va="center", fontsize=11, linespacing=1.1)
        ax.text(x, y - 0.48, f"{item.part} · {item.minutes} min", ha="center",
                va="center", fontsize=9, color="#333333")
    for index in range(len(lessons) - 1):
        (x0, y0), (x1, y1) = _box_centre(index), _box_centre(index + 1)
        if y0 == y1:
            start, end = (x0 + 0.97, y0), (x1 - 0.97, y1)
        else:  # down from the end of the top row, back along the gap, into the next row
            gap = (y0 + y1) / 2
            ax.plot([x0, x0, x1], [y0 - 0.69, gap, gap], color=style.PALETTE.black,
                    linewidth=1.5, solid_capstyle="butt")
            start, end = (x1, gap), (x1, y1 + 0.69)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=18,
                                     color=style.PALETTE.black, linewidth=1.5))
    ax.set(xlim=(-0.1, 2.2 * _PER_ROW - 0.1), ylim=(0.2, 3.8), aspect="equal")
    ax.axis("off")
    total = sum(item.minutes for item in lessons)
    steps = "; ".join(f"{x.number} {x.short} ({x.part}, {x.minutes} min)" for x in lessons)
    return (f"Course map: {len(lessons)} notebooks taken in order, about {total} minutes "
            f"in all. {steps}.")


def course_map_figure() -> tuple[Figure, str]:
    """The course map as a new figure, with its alt text."""
    fig = style.new_figure(11.0, 4.2)
    ax = fig.add_axes((0, 0, 1, 1))
    alt = plot_course_map(ax)
    return fig, alt


def _drawn_by(module: str, name: str) -> Callable[[], tuple[Figure, str]]:
    """A builder that imports ``helpers.<module>`` only when the figure is drawn."""
    def build() -> tuple[Figure, str]:
        return getattr(importlib.import_module(f"helpers.{module}"), name)()
    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"helpers.{module}.{name}(), imported when called."
    return build


# Static figures: file stem in figures/ -> builder returning (figure, alt text).
STATIC_FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "00_course_map": course_map_figure,
    "01_coagulation_cascade": _drawn_by("coagulation_views", "cascade_figure"),
    "01_thrombin_flow": _drawn_by("coagulation_views", "flow_figure"),
    "02_compression_perfusion": _drawn_by("ischemia_views", "compression_figure"),
    "03_nerve_map_front": _drawn_by("nerve_views", "nerve_map_front_figure"),
    "03_nerve_map_back": _drawn_by("nerve_views", "nerve_map_back_figure"),
    "04_risk_factors": _drawn_by("risk_views", "risk_factor_figure"),
    "05_fagan_nomogram": _drawn_by("pathway_views", "fagan_figure"),
    "05_nice_ng158_pathway": _drawn_by("pathway_views", "nice_pathway_figure"),
    "06_heparins": _drawn_by("pharmacology_views", "heparin_figure"),
    "06_warfarin_inr": _drawn_by("pharmacology_views", "warfarin_figure"),
    "06_doacs": _drawn_by("pharmacology_views", "doac_figure"),
    "07_recurrence": _drawn_by("prognosis_views", "recurrence_figure"),
    "07_nerve_time_windows": _drawn_by("prognosis_views", "nerve_recovery_figure"),
}


@dataclass(frozen=True)
class StaticFigure:
    """A committed figure from figures/ with its alt text, shown as an inline <img>.

    The page needs no kernel and no network: the image travels inside the output as a data
    URI. Of the committed SVG and PNG, the smaller file is shown (pages stay within budget).
    """

    stem: str
    mime: str
    data: bytes
    alt: str

    def html(self) -> str:
        """The figure as an inline <img> with its alt text."""
        encoded = base64.b64encode(self.data).decode("ascii")
        return (f'<img src="data:{self.mime};base64,{encoded}" alt="{html.escape(self.alt)}" '
                f'class="cn-static-figure">')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html(), "text/plain": f"Figure: {self.alt}"}


def static_figure(stem: str, folder: Path = FIGURES) -> StaticFigure | None:
    """The committed figure ``stem`` from ``folder``, or None if it is not there."""
    if stem not in STATIC_FIGURES:
        raise ValueError(f"unknown static figure {stem!r}; choose from {sorted(STATIC_FIGURES)}")
    alt_file = folder / f"{stem}.alt.txt"
    files = [f for f in (folder / f"{stem}.svg", folder / f"{stem}.png") if f.exists()]
    if not alt_file.exists() or not files:
        return None
    smallest = min(files, key=lambda f: f.stat().st_size)
    mime = "image/svg+xml" if smallest.suffix == ".svg" else "image/png"
    return StaticFigure(stem, mime, smallest.read_bytes(),
                        alt_file.read_text(encoding="utf-8").strip())


def show(stem: str) -> None:
    """Display the static figure ``stem`` from figures/ (which `make figures` keeps current);
    where figures/ is absent (helpers installed on its own, as on Colab), draw it instead."""
    from IPython.display import display

    committed = static_figure(stem)
    if committed is not None:
        display(committed)
        return
    style.apply()
    style.show(*STATIC_FIGURES[stem]())


def write_static_figures(folder: Path, stems: Iterable[str] | None = None) -> list[Path]:
    """Write every static figure (or those named) as SVG and PNG and its alt text into
    ``folder``."""
    style.apply()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in STATIC_FIGURES if stems is None else stems:
        fig, alt = STATIC_FIGURES[stem]()
        svg = folder / f"{stem}.svg"
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        png = folder / f"{stem}.png"
        png.write_bytes(style.png_bytes(fig))
        alt_file = folder / f"{stem}.alt.txt"
        alt_file.write_text(alt + "\n", encoding="utf-8")
        written += [svg, png, alt_file]
    return written


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m helpers.figures [--out figures]``."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path("figures"))
    args = parser.parse_args(argv)
    for path in write_static_figures(args.out):
        print(path)


if __name__ == "__main__":
    main()

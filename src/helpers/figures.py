"""Course-wide diagrams (the course map) and the ``make figures`` writer for ``figures/``."""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from helpers import (
    coagulation_views,
    course,
    ischemia_widgets,
    nerves,
    pathway,
    pharmacology_widgets,
    prognosis,
    risk_views,
    style,
)

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


# Static figures: file stem in figures/ -> builder returning (figure, alt text).
STATIC_FIGURES: dict[str, Callable[[], tuple[Figure, str]]] = {
    "00_course_map": course_map_figure,
    "01_coagulation_cascade": coagulation_views.cascade_figure,
    "02_compression_perfusion": ischemia_widgets.compression_figure,
    "03_nerve_map_front": nerves.nerve_map_front_figure,
    "03_nerve_map_back": nerves.nerve_map_back_figure,
    "04_risk_factors": risk_views.risk_factor_figure,
    "05_fagan_nomogram": pathway.fagan_figure,
    "05_nice_ng158_pathway": pathway.nice_pathway_figure,
    "06_warfarin_inr": pharmacology_widgets.warfarin_figure,
    "06_doacs": pharmacology_widgets.doac_figure,
    "07_recurrence": prognosis.recurrence_figure,
    "07_nerve_time_windows": prognosis.nerve_recovery_figure,
}


def write_static_figures(folder: Path) -> list[Path]:
    """Write every static figure as SVG and PNG (and its alt text) into ``folder``."""
    style.apply()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, build in STATIC_FIGURES.items():
        fig, alt = build()
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

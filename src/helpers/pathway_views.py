"""Drawings of notebook 05's pathway maths (helpers.pathway): Fagan's nomogram and the NICE
NG158 flowchart.

- The nomogram is drawn twice from one geometry: with matplotlib for the static figure, and as
  inline SVG for the live explorer (a matplotlib redraw takes about 50 ms; the SVG well under
  1 ms). templates/explorers/fagan.js draws the same SVG in a page without a kernel.
- The flowchart is drawn from the pathway's data (``pathway.nice_pathway``); its alt text is
  written from the same data.

The maths (likelihood ratios, Bayes in odds form, the nomogram's reading, the cohort) stays in
helpers.pathway, which imports no plotting library.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpers import style
from helpers.pathway import (
    DEFAULT_PRETEST,
    PRETEST_RANGE,
    FaganReading,
    Pathway,
    PathwayEdge,
    PathwayNode,
    fagan_reading,
    logit,
    nice_pathway,
    result_option,
    result_options,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# --- Fagan's nomogram ----------------------------------------------------------------------------

PROBABILITY_TICKS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98,
                     0.99, 0.995)
LR_TICKS = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200,
            500, 1000)
_Y_LIMIT = math.log(PRETEST_RANGE[1] / (1 - PRETEST_RANGE[1])) + 0.3


def _percent_label(p: float) -> str:
    return f"{p * 100:g}"


def _lr_label(lr: float) -> str:
    return f"{lr:g}"


def _clip(y: float) -> float:
    return max(-_Y_LIMIT, min(_Y_LIMIT, y))


def fagan_alt(reading: FaganReading) -> str:
    """Alt text for a nomogram showing ``reading``, written from its numbers."""
    what = f" for {reading.label}" if reading.label else ""
    return (f"Fagan nomogram: three vertical scales, pre-test probability on the left (0.5% "
            f"at the top to 99.5% at the bottom), likelihood ratio in the middle (0.001 to "
            f"1000) and post-test probability on the right (0.5% at the bottom to 99.5% at "
            f"the top). A straight line from a pre-test probability of {reading.pretest:.1%} "
            f"through a likelihood ratio of {reading.likelihood_ratio:.2f}{what} reaches a "
            f"post-test probability of {reading.post_test:.1%}.")


def plot_fagan(ax: Axes, reading: FaganReading) -> str:
    """Draw Fagan's nomogram with one reading as a line; return alt text from the numbers."""
    for x in (0.0, 0.5, 1.0):
        ax.plot([x, x], [-_Y_LIMIT, _Y_LIMIT], color=style.PALETTE.black, linewidth=1.5)
    for p in PROBABILITY_TICKS:
        ax.plot([-0.02, 0.0], [-logit(p)] * 2, color=style.PALETTE.black, linewidth=1)
        ax.text(-0.03, -logit(p), _percent_label(p), ha="right", va="center", fontsize=10)
        ax.plot([1.0, 1.02], [logit(p)] * 2, color=style.PALETTE.black, linewidth=1)
        ax.text(1.03, logit(p), _percent_label(p), ha="left", va="center", fontsize=10)
    for lr in LR_TICKS:
        y = math.log(lr) / 2
        ax.plot([0.49, 0.51], [y, y], color=style.PALETTE.black, linewidth=1)
        ax.text(0.52, y, _lr_label(lr), ha="left", va="center", fontsize=10)
    end = _clip(reading.right_y)
    slope = reading.middle_y - reading.left_y
    x_end = 1.0 if end == reading.right_y else (end - reading.left_y) / (2 * slope)
    ax.plot([0.0, 0.5, x_end], [reading.left_y, reading.middle_y, end],
            color=style.PALETTE.vermillion, linewidth=2.5, linestyle="--", marker="o",
            label="Your reading")
    for x, text in ((0.0, "Pre-test\nprobability (%)"), (0.5, "Likelihood\nratio"),
                    (1.0, "Post-test\nprobability (%)")):
        ax.text(x, _Y_LIMIT + 0.4, text, ha="center", va="bottom", fontsize=11,
                fontweight="bold")
    ax.set(xlim=(-0.35, 1.3), ylim=(-_Y_LIMIT - 0.3, _Y_LIMIT + 1.6))
    ax.axis("off")
    ax.set_title(f"{reading.pretest:.1%} × LR {reading.likelihood_ratio:.2f} → "
                 f"{reading.post_test:.1%}", fontsize=13, loc="center", y=-0.06)
    return fagan_alt(reading)


def fagan_figure(pretest: float = DEFAULT_PRETEST, likelihood_ratio: float | None = None,
                 label: str = "") -> tuple[Figure, str]:
    """The nomogram with one reading (default: a negative D-dimer from 19%), and its alt text."""
    if likelihood_ratio is None:
        result = result_option("d_dimer_negative")
        likelihood_ratio, label = result.likelihood_ratio, label or result.label
    reading = fagan_reading(pretest, likelihood_ratio, label)
    fig = style.new_figure(6.0, 7.0)
    alt = plot_fagan(fig.add_axes((0, 0.05, 1, 0.93)), reading)
    return fig, alt


FAGAN_SIZE = (380, 520)         # the nomogram's SVG width and height (px): 12 px text stays
# 9 px or more in a 390 px phone's column


def _fagan_scale(width: int, height: int) -> tuple[Callable[[float], float],
                                                    Callable[[float], float]]:
    """Pixel x of a scale position (0 left, 1 right) and pixel y of a height on the scales."""
    top, bottom, left, right = 50.0, height - 20.0, 90.0, width - 90.0

    def px(x: float) -> float:
        return left + x * (right - left)

    def py(y: float) -> float:
        return top + (_Y_LIMIT - y) / (2 * _Y_LIMIT) * (bottom - top)

    return px, py


def fagan_axes_svg(width: int = FAGAN_SIZE[0], height: int = FAGAN_SIZE[1]) -> str:
    """The nomogram's three scales with their ticks and labels (the same for every reading)."""
    top, bottom = 50.0, height - 20.0
    px, py = _fagan_scale(width, height)
    parts = []
    for x, text in ((0.0, "Pre-test %"), (0.5, "Likelihood ratio"), (1.0, "Post-test %")):
        parts.append(f'<line x1="{px(x):.1f}" y1="{top:.1f}" x2="{px(x):.1f}" '
                     f'y2="{bottom:.1f}" stroke="#000" stroke-width="1.5"/>'
                     f'<text x="{px(x):.1f}" y="{top - 14:.1f}" text-anchor="middle" '
                     f'font-weight="bold" font-size="12">{text}</text>')
    for p in PROBABILITY_TICKS:
        yl, yr = py(-logit(p)), py(logit(p))
        parts.append(f'<line x1="{px(0) - 5:.1f}" y1="{yl:.1f}" x2="{px(0):.1f}" '
                     f'y2="{yl:.1f}" stroke="#000"/><text x="{px(0) - 8:.1f}" '
                     f'y="{yl + 4:.1f}" text-anchor="end">{_percent_label(p)}</text>'
                     f'<line x1="{px(1):.1f}" y1="{yr:.1f}" x2="{px(1) + 5:.1f}" '
                     f'y2="{yr:.1f}" stroke="#000"/><text x="{px(1) + 8:.1f}" '
                     f'y="{yr + 4:.1f}">{_percent_label(p)}</text>')
    for lr in LR_TICKS:
        y = py(math.log(lr) / 2)
        parts.append(f'<line x1="{px(0.5) - 4:.1f}" y1="{y:.1f}" x2="{px(0.5) + 4:.1f}" '
                     f'y2="{y:.1f}" stroke="#000"/><text x="{px(0.5) + 7:.1f}" '
                     f'y="{y + 4:.1f}">{_lr_label(lr)}</text>')
    return "".join(parts)


def fagan_svg(reading: FaganReading, width: int = FAGAN_SIZE[0],
              height: int = FAGAN_SIZE[1]) -> str:
    """The nomogram with ``reading`` as inline SVG (role img, alt text as its label).

    templates/explorers/fagan.js draws the reading's line by the same rules in the page."""
    px, py = _fagan_scale(width, height)
    alt = html.escape(fagan_alt(reading))
    end = _clip(reading.right_y)
    slope = reading.middle_y - reading.left_y
    x_end = 1.0 if end == reading.right_y else (end - reading.left_y) / (2 * slope)
    x0, y0, x1, y1 = px(0), py(reading.left_y), px(x_end), py(end)
    colour = style.PALETTE.vermillion
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{alt}" '
            'style="background:#fff;font-family:sans-serif;font-size:12px;max-width:100%;'
            f'height:auto"><title>{alt}</title>{fagan_axes_svg(width, height)}'
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
            f'stroke="{colour}" stroke-width="3" stroke-dasharray="8 4"/>'
            f'<circle cx="{x0:.1f}" cy="{y0:.1f}" r="5" fill="{colour}"/>'
            f'<circle cx="{px(0.5):.1f}" cy="{py(reading.middle_y):.1f}" r="4" '
            f'fill="{colour}"/>'
            f'<circle cx="{x1:.1f}" cy="{y1:.1f}" r="5" fill="{colour}"/></svg>')


def fagan_model() -> dict[str, Any]:
    """What templates/explorers/fagan.js needs to draw a reading: scales, results, colour."""
    return {"size": list(FAGAN_SIZE), "y_limit": _Y_LIMIT, "axes": fagan_axes_svg(),
            "colour": style.PALETTE.vermillion,
            "results": {r.key: {"label": r.label, "lr": r.likelihood_ratio}
                        for r in result_options()}}


# --- the NICE NG158 pathway as a figure ---------------------------------------------------------

# Grid places (column, row) of the pathway's non-final steps: the 'likely' lane on the left, the
# 'unlikely' lane on the right. Final steps are placed beside (or below) the step they follow,
# once for each arrow into them. The texts, kinds and arrows all come from the data.
_COLUMNS = {"A": 0.0, "B": 3.0, "M": 4.75, "C": 6.5, "D": 9.5}
_OUTER = {"B": "A", "C": "D"}
PATHWAY_LAYOUT: dict[str, tuple[str, int]] = {
    "start": ("M", 0), "wells": ("M", 1),
    "likely_scan_possible": ("B", 2), "likely_scan": ("B", 3), "likely_interim": ("A", 3),
    "likely_scan_result": ("B", 4), "likely_d_dimer": ("B", 5), "repeat_scan": ("B", 6),
    "repeat_scan_result": ("B", 7),
    "unlikely_d_dimer_possible": ("C", 2), "unlikely_interim": ("D", 3),
    "unlikely_d_dimer": ("C", 4), "unlikely_scan_possible": ("C", 5), "unlikely_scan": ("C", 6),
    "unlikely_interim_scan": ("D", 6), "unlikely_scan_result": ("C", 7),
}
_KIND_STYLE = {  # fill, edge style, edge width, legend words: colour is never the only cue
    "start": (style.PALETTE.sky_blue, "solid", 1.5, "Start"),
    "decision": (style.PALETTE.orange, "dashed", 1.5, "Question or result (dashed border)"),
    "action": (style.PALETTE.blue, "solid", 1.5, "Action"),
    "end": (style.PALETTE.green, "solid", 3.0, "Outcome (thick border)"),
}
_BOX_W, _ROW_H, _WRAP = 2.35, 1.3, 30


def _place_nodes(path: Pathway) -> list[tuple[PathwayNode, float, float, list[PathwayEdge]]]:
    """Boxes as (node, x, y, arrows in); final steps repeated beside the step they follow."""
    missing = [k for k, n in path.nodes.items() if n.kind != "end" and k not in PATHWAY_LAYOUT]
    if missing:
        raise ValueError(f"no place in PATHWAY_LAYOUT for pathway steps {missing}")
    occupied = {(col, row) for col, row in PATHWAY_LAYOUT.values()}
    boxes = []
    where: dict[str, tuple[float, float]] = {}
    for key, (col, row) in PATHWAY_LAYOUT.items():
        if key in path.nodes:
            where[key] = (_COLUMNS[col], -row * _ROW_H)
            boxes.append([path.nodes[key], *where[key], []])
    for edge in path.edges:
        target = path.nodes[edge.target]
        if target.kind != "end":
            continue
        col, row = PATHWAY_LAYOUT[edge.source]
        spot = (_OUTER.get(col, col), row)
        if spot in occupied:
            spot = (col, row + 1)
        occupied.add(spot)
        boxes.append([target, _COLUMNS[spot[0]], -spot[1] * _ROW_H, [edge]])
    return [tuple(b) for b in boxes]  # type: ignore[misc]


def plot_nice_pathway(ax: Axes) -> str:
    """Draw the NICE NG158 pathway from its data; return alt text from the same data."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    path = nice_pathway()
    boxes = _place_nodes(path)
    patches: dict[tuple[str, int], Any] = {}
    centre: dict[str, tuple[float, float]] = {}
    for i, (node, x, y, _in) in enumerate(boxes):
        fill, line, width, _ = _KIND_STYLE[node.kind]
        text = textwrap.fill(node.text, _WRAP)
        lines = text.count("\n") + 1
        h = 0.19 * lines + 0.14
        patch = ax.add_patch(FancyBboxPatch((x - _BOX_W / 2, y - h / 2), _BOX_W, h,
                                            boxstyle="round,pad=0.04", facecolor=fill + "30",
                                            edgecolor=fill, linestyle=line, linewidth=width))
        ax.text(x, y, text, ha="center", va="center", fontsize=9.5, linespacing=1.15)
        patches[(node.id, i)] = patch
        if node.kind != "end":
            centre[node.id] = (x, y)
    first = {node.id: patches[(node.id, i)] for i, (node, *_rest) in enumerate(boxes)
             if node.kind != "end"}

    def arrow(a: Any, b: Any, pa: tuple[float, float], pb: tuple[float, float],
              label: str) -> None:
        ax.add_patch(FancyArrowPatch(pa, pb, arrowstyle="-|>", mutation_scale=13,
                                     color="#333333", linewidth=1.2, patchA=a, patchB=b,
                                     shrinkA=2, shrinkB=2))
        if label:
            sideways = abs(pa[1] - pb[1]) < 1e-9       # label above a horizontal arrow
            ax.text((pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2 + (0.13 if sideways else 0),
                    label, ha="center", va="center", fontsize=9.5, fontstyle="italic",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                          "edgecolor": "none"})

    for edge in path.edges:
        if path.nodes[edge.target].kind == "end":
            continue
        arrow(first[edge.source], first[edge.target], centre[edge.source],
              centre[edge.target], edge.label)
    for i, (node, x, y, incoming) in enumerate(boxes):
        for edge in incoming:
            arrow(first[edge.source], patches[(node.id, i)], centre[edge.source], (x, y),
                  edge.label)
    for i, (fill, line, width, words) in enumerate(_KIND_STYLE.values()):
        ax.add_patch(FancyBboxPatch((7.6, 0.3 - 0.33 * i), 0.35, 0.2,
                                    boxstyle="round,pad=0.02", facecolor=fill + "30",
                                    edgecolor=fill, linestyle=line, linewidth=width))
        ax.text(8.05, 0.4 - 0.33 * i, words, va="center", fontsize=9.5)
    ys = [y for _n, _x, y, _i in boxes]
    ax.set(xlim=(-1.3, 10.8), ylim=(min(ys) - 0.8, max(ys) + 0.75), aspect="equal")
    ax.axis("off")
    return pathway_alt(path)


def pathway_alt(path: Pathway | None = None) -> str:
    """Alt text for the pathway figure, written from the data."""
    path = path or nice_pathway()
    split = path.after("wells")
    lanes = "; ".join(f"{e.label}: {path.nodes[e.target].text}" for e in split)
    ends = " or ".join(f"'{n.text.split(':')[0]}'" for n in path.nodes.values()
                       if n.kind == "end")
    split_text = f"It splits in two lanes; {lanes}"
    if not split_text.endswith(("?", ".")):
        split_text += "."
    return (f"Flowchart, {path.title}, with {len(path.nodes)} steps and {len(path.edges)} "
            f"arrows. {path.nodes['start'].text}. Then: {path.nodes['wells'].text}. "
            f"{split_text} Every route ends in {ends}. The steps are listed in words below "
            "the figure.")


def nice_pathway_figure() -> tuple[Figure, str]:
    """The NICE NG158 pathway as a new figure, with its alt text."""
    fig = style.new_figure(12.0, 11.5)
    alt = plot_nice_pathway(fig.add_axes((0, 0, 1, 1)))
    return fig, alt


def nice_pathway_image() -> style.AltFigure:
    """The NICE NG158 pathway rendered with its alt text, ready to display."""
    style.apply()
    fig, alt = nice_pathway_figure()
    return style.with_alt(fig, alt)

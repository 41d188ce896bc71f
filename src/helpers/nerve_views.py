"""The nerve map's drawing, and the numb-area explorer for notebook 03.

Every drawing of the nerve and dermatome map lives here (``helpers.nerves`` computes and words,
and never draws): one view of one layer (:func:`draw_layer`, :func:`plot_map`), the figures for
``figures/`` and the explorer's four-panel map.

The explorer's map (nerves and dermatomes, front and back) is drawn as SVG with every patch and
every area star tagged by a CSS class. It is stored in templates/explorers/nervemap.svg (written
by ``python -m helpers.display grids``, with a fingerprint of its inputs; a test keeps it
current), so a notebook shows it without drawing. A change of selection only recomputes the
ranking and swaps a small ``<style>`` block that hides or shows stars and fades or outlines
patches, so the widget answers in about a millisecond instead of re-rendering a figure. It is a
``display.Explorer``: one check box per area; in a page without a kernel the same boxes drive
templates/explorers/nervemap.js, which ranks and words the selection as ``nerves.localize`` does
from the same data (tests compare the two on all 8,192 selections).
"""

from __future__ import annotations

import html
import io
import re
import textwrap
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers import display, nerves, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DEFAULT_SELECTION = ("anterolateral leg", "dorsum of foot", "first web space")
PANELS = (("nerves", "front"), ("nerves", "back"), ("dermatomes", "front"), ("dermatomes", "back"))
FADED_OPACITY = 0.3


# --- one view of one layer -------------------------------------------------------------------

_HATCHES = ("", "//", "\\\\", "..", "xx", "--", "||", "oo", "++", "**")
_OUTLINE_FILL = "#f2f2f2"
_MARKER = dict(marker="*", markersize=16, color=style.PALETTE.black, markeredgecolor="white",
               markeredgewidth=1.0, linestyle="none", zorder=6)
_KEY_POINT = dict(marker="P", markersize=7, color="white", markeredgecolor=style.PALETTE.black,
                  markeredgewidth=1.2, linestyle="none", zorder=4)


def _darker(colour: str, factor: float = 0.65) -> str:
    """``colour`` darkened towards black, for edges and hatches that stay visible."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c * factor) for c in (r, g, b)))


def _style_map(keys: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """A colour and a hatch per key: no two keys share both (colour is never the only cue)."""
    colours = [c for c in style.PALETTE.cycle() if c != style.PALETTE.black]
    return {k: (colours[i % len(colours)], _HATCHES[i % len(_HATCHES)])
            for i, k in enumerate(keys)}


def layer_styles(layer: str) -> dict[str, tuple[str, str]]:
    """Colour and hatch of each patch key in ``layer``."""
    return _style_map(tuple(i.key for i in nerves.layer_items(layer)))


def draw_layer(ax: Axes, view: str, layer: str, emphasis: frozenset[str] = frozenset(),
               markers: tuple[str, ...] = (), gids: bool = False) -> None:
    """Draw one view of one layer; ``gids`` tags patches and markers for CSS highlighting."""
    import numpy as np
    from matplotlib.patches import Polygon as PolygonPatch

    styles = layer_styles(layer)
    ax.add_patch(PolygonPatch(np.asarray(nerves.outline(view)), closed=True,
                              facecolor=_OUTLINE_FILL, edgecolor=style.PALETTE.black,
                              linewidth=1.6, zorder=1))
    faded = bool(emphasis)
    for item in nerves.on_view(layer, view):
        colour, hatch = styles[item.key]
        strong = item.key in emphasis
        for shape in (s for s in item.shapes if s.view == view):
            patch = PolygonPatch(np.asarray(shape.points), closed=True, facecolor=colour + "59",
                                 edgecolor=_darker(colour), hatch=hatch,
                                 linewidth=3.0 if strong else 1.2,
                                 alpha=0.3 if faded and not strong else None,
                                 zorder=3 if strong else 2)
            if gids:
                patch.set_gid(f"cn-{layer}-{item.key}")
            ax.add_patch(patch)
            x, y = shape.label_point()
            text = ax.annotate(
                item.label, xy=tuple(np.mean(shape.points, axis=0)), xytext=(x, y),
                ha="center", va="center", fontsize=9.5, fontweight="bold" if strong else "normal",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none",
                          alpha=0.8),
                arrowprops=(dict(arrowstyle="-", color="#333333", linewidth=0.8)
                            if shape.label_at is not None else None), zorder=7)
            if gids:
                text.set_gid(f"cn-label-{layer}-{item.key}")
    if layer == "dermatomes":
        points = [d.key_point_at for d in nerves.dermatomes() if d.key_point_view == view]
        ax.plot([p[0] for p in points], [p[1] for p in points], **_KEY_POINT)
    for region in nerves.regions():
        if region.view != view or not (gids or region.name in markers):
            continue
        (mark,) = ax.plot([region.anchor[0]], [region.anchor[1]], **_MARKER)
        if gids:
            mark.set_gid(f"cn-region-{nerves.slug(region.name)}")
    for name, height in nerves.landmarks(view):
        ax.text(-0.7, height, name, ha="left", va="center", fontsize=9.5, style="italic",
                color="#444444")
    left, right = (("lateral", "medial") if nerves.lateral_side(view) == "left"
                   else ("medial", "lateral"))
    ax.text(0.6, 31.9, left, ha="left", fontsize=9.5, style="italic", color="#333333")
    ax.text(7.6, 31.9, right, ha="right", fontsize=9.5, style="italic", color="#333333")
    ax.set(xlim=(-0.8, 8.8), ylim=(-0.6, 32.6), aspect="equal")
    ax.set_title(f"{nerves.view_label(view)}\n" + ("nerves" if layer == "nerves"
                                                     else "dermatomes L2–S2"), fontsize=10.5)
    ax.axis("off")


def legend_handles(layer: str, view: str | None = None, with_marker: bool = False,
                   width: int = 46) -> list[Any]:
    """Legend entries (code, colour, hatch, name) for ``layer`` on ``view`` (None: all views)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    styles = layer_styles(layer)
    items = nerves.layer_items(layer) if view is None else nerves.on_view(layer, view)
    handles: list[Any] = [
        Patch(facecolor=styles[i.key][0] + "59", edgecolor=_darker(styles[i.key][0]),
              hatch=styles[i.key][1],
              label=textwrap.fill(f"{i.label}  {i.name if layer == 'nerves' else i.skin}", width))
        for i in items]
    if layer == "dermatomes":
        handles.append(Line2D([], [], label="ISNCSCI key sensory point", **_KEY_POINT))
    if with_marker:
        handles.append(Line2D([], [], label="selected area", **_MARKER))
    return handles


def _legend(ax: Axes, view: str, layer: str, with_marker: bool) -> None:
    """Codes, colours and hatches of the patches on this view, below the drawing."""
    ax.legend(handles=legend_handles(layer, view, with_marker), loc="upper center",
              bbox_to_anchor=(0.5, -0.01), frameon=False, fontsize=7.5, ncol=1,
              handlelength=2.2, handleheight=1.4)


def plot_map(ax: Axes, view: str = "front", layer: str = "nerves",
             highlight: Iterable[str] | str = ()) -> str:
    """Draw one view of the nerve or dermatome map from the data; return its alt text.

    ``highlight`` is a selection of region names: each gets a star, and the best-fitting nerves
    (or roots) are drawn bold while the others fade. Unknown names raise ValueError.
    """
    nerves.check_view(view)
    result = nerves.localize(highlight) if nerves.check_regions(highlight) else None
    draw_layer(ax, view, layer, nerves.emphasis(layer, result), result.selected if result else ())
    _legend(ax, view, layer, with_marker=result is not None)
    return nerves.describe(view, layer, result)


# --- figures ---------------------------------------------------------------------------------

def map_figure(layer: str = "nerves", highlight: Iterable[str] | str = ()) -> tuple[Figure, str]:
    """Front and back of one layer side by side, as a new figure and its alt text."""
    fig = style.new_figure(9.0, 10.5)
    axes = fig.subplots(1, 2)
    alts = [plot_map(ax, view, layer, highlight)
            for ax, view in zip(axes, nerves.VIEWS, strict=True)]
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.30, wspace=0.05)
    return fig, " ".join(alts)


def side_by_side_figure(view: str = "front",
                        highlight: Iterable[str] | str = ()) -> tuple[Figure, str]:
    """Nerve territories and dermatomes of one view side by side, as a figure and alt text."""
    nerves.check_view(view)
    fig = style.new_figure(9.0, 10.5)
    axes = fig.subplots(1, 2)
    alts = [plot_map(ax, view, layer, highlight)
            for ax, layer in zip(axes, nerves.LAYERS, strict=True)]
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.30, wspace=0.05)
    alt = (f"Two schematic maps of the {nerves.view_label(view).lower()} side by side, to "
           f"compare a nerve pattern with a root pattern. Left: {alts[0]} Right: {alts[1]}")
    return fig, alt


def nerve_map_front_figure() -> tuple[Figure, str]:
    """The static figure figures/03_nerve_map_front: front view, nerves beside dermatomes."""
    return side_by_side_figure("front")


def nerve_map_back_figure() -> tuple[Figure, str]:
    """The static figure figures/03_nerve_map_back: back view and sole, nerves beside dermatomes."""
    return side_by_side_figure("back")


# --- the explorer's map ----------------------------------------------------------------------

def _draw_panels(fig: Figure, result: nerves.Localization | None, gids: bool) -> None:
    """Nerves and dermatomes, front and back, with one legend per layer under its pair."""
    axes = fig.subplots(1, 4)
    for ax, (layer, view) in zip(axes, PANELS, strict=True):
        draw_layer(ax, view, layer, nerves.emphasis(layer, result),
                   result.selected if result else (), gids=gids)
    for layer, centre in (("nerves", 0.25), ("dermatomes", 0.75)):
        fig.legend(handles=legend_handles(layer, with_marker=layer == "nerves", width=40),
                   loc="upper center", bbox_to_anchor=(centre, 0.25), ncol=2, frameon=False,
                   fontsize=9.5, handlelength=2.2, handleheight=1.4)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.26, wspace=0.04)


def describe(result: nerves.Localization | None) -> str:
    """Alt text for the four-panel explorer map, from the data and the current result."""
    return " ".join(f"Panel {i}: {nerves.describe(view, layer, result)}"
                    for i, (layer, view) in enumerate(PANELS, start=1))


def draw_base_svg() -> str:
    """Draw the map with every star and patch tagged by class, as inline SVG (about a second)."""
    import matplotlib as mpl

    with mpl.rc_context(style.RC_PARAMS):
        fig = style.new_figure(12.5, 8.5)
        _draw_panels(fig, None, gids=True)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]                              # drop the XML prolog and doctype
    svg = svg.replace('id="cn-', 'class="cn-')                 # tags repeat across panels
    # path coordinates to 0.1 px (a third of the page's weight, no visible change)
    svg = re.sub(r'd="([^"]*)"', lambda m: 'd="' + re.sub(r"(-?\d+\.\d)\d+", r"\1", m[1])
                 + '"', svg)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',  # scale to the output's width
                 r'<svg \1width="100%" aria-hidden="true" focusable="false"', svg, count=1)
    return svg


BACKDROP_FILE = "nervemap.svg"
"""The stored map, in templates/explorers/ beside nervemap.js."""
BACKDROP_SOURCES = ("nerves.py", "nerve_views.py", "style.py", "data/nerves.yaml")
"""The package files the map is drawn from (its fingerprint)."""


def backdrop_fingerprint() -> str:
    """A hash of the files the map is drawn from."""
    return display.files_fingerprint(BACKDROP_SOURCES)


def _fingerprint_line(fingerprint: str) -> str:
    return f"<!-- helpers.nerve_views fingerprint {fingerprint} -->\n"


def stored_base_svg() -> str | None:
    """The stored map (templates/explorers/nervemap.svg) if it is current, else None."""
    path = resources.files("helpers").joinpath("templates", "explorers", BACKDROP_FILE)
    if not path.is_file():
        return None
    text = path.read_text("utf-8")
    head = _fingerprint_line(backdrop_fingerprint())
    return text.removeprefix(head).removesuffix("\n") if text.startswith(head) else None


def write_backdrop(folder: Path) -> Path:
    """Draw the map and store it with its fingerprint in ``folder`` (``display grids`` does)."""
    path = folder / BACKDROP_FILE
    path.write_text(_fingerprint_line(backdrop_fingerprint()) + draw_base_svg() + "\n",
                    encoding="utf-8")
    return path


@cache
def base_svg() -> str:
    """The map with every star and patch tagged by class, as inline SVG: the stored file when
    it is current (no drawing at run time), else drawn now."""
    return stored_base_svg() or draw_base_svg()


SCOPE = "cn-nervemap"
"""The class around the map that the selection's style rules are scoped to."""


def highlight_css(result: nerves.Localization) -> str:
    """CSS rules, scoped to the explorer's map, that show the selection on the base SVG."""
    scope = f".{SCOPE}"
    rules = [f"{scope} [class^='cn-region'] {{display: none;}}"]
    rules += [f"{scope} .cn-region-{nerves.slug(name)} {{display: inline;}}"
              for name in result.selected]
    if result.selected:
        for layer in nerves.LAYERS:
            strong = nerves.emphasis(layer, result)
            for item in nerves.layer_items(layer):
                if item.key in strong:
                    rules.append(f"{scope} .cn-{layer}-{item.key} path "
                                 "{stroke-width: 3px !important;}")
                    rules.append(f"{scope} .cn-label-{layer}-{item.key} text "
                                 "{font-weight: bold !important;}")
                else:
                    rules.append(f"{scope} .cn-{layer}-{item.key} {{opacity: {FADED_OPACITY};}}")
    return "\n".join(rules)


# --- the text --------------------------------------------------------------------------------

def _ranking_html(caption: str, kind: str, ranked: tuple[nerves.Candidate, ...]) -> str:
    """A ranking as an HTML table."""
    head = (f"<tr><th>{kind}</th><th>Fits</th><th>Selected areas it misses</th>"
            "<th>Other areas it also supplies</th></tr>")
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td>"
        f"<td>{len(c.covered)} of {len(c.covered) + len(c.missed)} ({c.score:.0%})</td>"
        f"<td>{html.escape(', '.join(c.missed) or 'none')}</td>"
        f"<td>{html.escape(', '.join(c.extra) or 'none')}</td></tr>" for c in ranked)
    return f"<table><caption>{caption}</caption>{head}{rows}</table>"


def table_html(result: nerves.Localization) -> str:
    """Ranked nerves, ranked roots and the vulnerable sites of the top nerves, as HTML."""
    if not result.selected:
        return ""
    parts = [_ranking_html("Nerves, best fit first", "Nerve", result.nerves),
             _ranking_html("Spinal roots (dermatomes), best fit first", "Root", result.roots)]
    if result.vulnerable:
        rows = "".join(
            f"<tr><td>{html.escape(nerves.territory(s.nerve).name)}</td>"
            f"<td><strong>{html.escape(s.site)}</strong>: {html.escape(s.where)}</td>"
            f"<td>{html.escape(s.mechanism)}</td>"
            + (f'<td><a href="{s.notebook_file}">notebook {s.notebook}</a></td></tr>'
               if s.notebook else "<td>—</td></tr>")
            for s in result.vulnerable)
        parts.append("<table><caption>Where the best-fitting nerves can be hurt</caption>"
                     "<tr><th>Nerve</th><th>Where</th><th>How</th><th>Read more</th></tr>"
                     f"{rows}</table>")
    return "".join(parts)


# --- the explorer ----------------------------------------------------------------------------

def control_key(name: str) -> str:
    """The check box key of a skin area ("first web space" → "first_web_space")."""
    return nerves.slug(name).replace("-", "_")


def selection(values: Mapping[str, Any]) -> tuple[str, ...]:
    """The areas whose boxes are ticked, in display order."""
    return tuple(n for n in nerves.region_names() if values.get(control_key(n)))


def _alt_html(alt: str) -> str:
    """The current alt text, visually hidden, that the map's role="img" points to."""
    return (f'<p id="{SCOPE}-alt" style="position:absolute;left:-10000px;width:1px;height:1px;'
            f'overflow:hidden">{html.escape(alt)}</p>')


def nerve_frame(values: Mapping[str, Any]) -> display.Frame:
    """The message, the map's highlighting (style rules), its alt text and the rankings."""
    result = nerves.localize(selection(values))
    alt = describe(result if result.selected else None)
    return display.Frame(result.message, alt=alt, result=result,
                         html=(f"<style>{highlight_css(result)}</style>{_alt_html(alt)}"
                               f"{table_html(result)}"))


def backdrop() -> str:
    """The map drawn once, every star and patch tagged; each frame's style rules restyle it."""
    return (f'<div class="{SCOPE}" role="img" aria-labelledby="{SCOPE}-alt">'
            f"{base_svg()}</div>")


def nerve_model() -> dict[str, Any]:
    """What templates/explorers/nervemap.js needs: areas, coverage, names, sites, alt pieces."""
    def item(i: nerves.Territory | nerves.Dermatome, layer: str) -> list[str]:
        return [i.key, i.name if layer == "nerves" else i.key]

    panels = []
    for layer, view in PANELS:
        head = nerves.describe(view, layer)
        assert head.endswith(nerves.DESCRIBE_TAIL)
        panels.append({"layer": layer, "view": view,
                       "head": head.removesuffix(nerves.DESCRIBE_TAIL),
                       "items": [item(i, layer) for i in nerves.described_items(view, layer)]})
    return {
        "regions": [{"name": r.name, "key": control_key(r.name), "slug": nerves.slug(r.name),
                     "segment": r.segment, "view": r.view} for r in nerves.regions()],
        "nerves": [{"key": t.key, "name": t.name, "short": t.short, "part_of": t.part_of}
                   for t in nerves.territories()],
        "roots": [d.key for d in nerves.dermatomes()],
        "nerve_coverage": {k: sorted(v) for k, v in nerves.nerve_coverage().items()},
        "root_coverage": {k: sorted(v) for k, v in nerves.root_coverage().items()},
        "sites": [{"nerve": v.nerve, "site": v.site, "where": v.where,
                   "mechanism": v.mechanism, "notebook": v.notebook, "file": v.notebook_file}
                  for v in nerves.vulnerable_sites()],
        "max_top": nerves.MAX_TOP, "no_selection": nerves.NO_SELECTION,
        "faded": FADED_OPACITY, "scope": SCOPE, "panels": panels,
        "tail": nerves.DESCRIBE_TAIL}


def nerve_explorer(selected: tuple[str, ...] = DEFAULT_SELECTION) -> display.Explorer:
    """The explorer declared once: a check box per skin area; nervemap.js in the page."""
    chosen = nerves.check_regions(selected)
    controls = tuple(display.Toggle(control_key(n), n, n in chosen)
                     for n in nerves.region_names())
    return display.Explorer(name="nervemap", title="Nerve map explorer", controls=controls,
                            frame=nerve_frame, script="nervemap.js", script_data=nerve_model,
                            backdrop=backdrop)


def explorer(selected: tuple[str, ...] = DEFAULT_SELECTION) -> display.ExplorerView:
    """The nerve map explorer (a box per area, the map, ranked nerves and roots), to display."""
    return nerve_explorer(selected).view()

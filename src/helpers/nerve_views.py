"""The numb-area explorer for notebook 03: pick where the skin is numb, see the map and the ranking.

The map (nerves and dermatomes, front and back) is drawn once per process as SVG with every patch
and every area star tagged by a CSS class. A change of selection only recomputes the ranking and
swaps a small ``<style>`` block that hides or shows stars and fades or outlines patches, so the
widget answers in about a millisecond instead of re-rendering a figure. It is a
``display.Explorer``: one check box per area; in a page without a kernel the same boxes drive
templates/explorers/nervemap.js, which ranks and words the selection as ``nerves.localize`` does
from the same data (tests compare the two on all 8,192 selections).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from helpers import display, nerves, style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFAULT_SELECTION = ("anterolateral leg", "dorsum of foot", "first web space")
PANELS = (("nerves", "front"), ("nerves", "back"), ("dermatomes", "front"), ("dermatomes", "back"))
FADED_OPACITY = 0.3


# --- the figure ------------------------------------------------------------------------------

def _draw_panels(fig: Figure, result: nerves.Localization | None, gids: bool) -> None:
    """Nerves and dermatomes, front and back, with one legend per layer under its pair."""
    axes = fig.subplots(1, 4)
    for ax, (layer, view) in zip(axes, PANELS, strict=True):
        nerves.draw_layer(ax, view, layer, nerves.emphasis(layer, result),
                          result.selected if result else (), gids=gids)
    for layer, centre in (("nerves", 0.25), ("dermatomes", 0.75)):
        fig.legend(handles=nerves.legend_handles(layer, with_marker=layer == "nerves",
                                                 width=40),
                   loc="upper center", bbox_to_anchor=(centre, 0.25), ncol=2, frameon=False,
                   fontsize=9.5, handlelength=2.2, handleheight=1.4)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.26, wspace=0.04)


def describe(result: nerves.Localization | None) -> str:
    """Alt text for the four-panel explorer map, from the data and the current result."""
    return " ".join(f"Panel {i}: {nerves.describe(view, layer, result)}"
                    for i, (layer, view) in enumerate(PANELS, start=1))


@cache
def base_svg() -> str:
    """The map with every star and patch tagged by class, as inline SVG (drawn once)."""
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
    chosen = nerve_explorer(selected)
    return chosen.view(f"Nerve map explorer. {chosen.safe_frame(chosen.defaults()).text}")

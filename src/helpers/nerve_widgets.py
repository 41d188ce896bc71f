"""The numb-area explorer for notebook 03: pick where the skin is numb, see the map and the ranking.

The map (nerves and dermatomes, front and back) is drawn once per process as SVG with every patch
and every area star tagged by a CSS class. A change of selection only recomputes the ranking and
swaps a small ``<style>`` block that hides or shows stars and fades or outlines patches, so the
widget answers in about a millisecond instead of re-rendering a figure. Pages read without a
kernel get a static twin: the default case as a PNG with alt text, its message and its tables.
"""

from __future__ import annotations

import html
import io
import re
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

import matplotlib as mpl
from matplotlib.figure import Figure

from helpers import nerves, style
from helpers.display import LiveWithTwin

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
                   fontsize=8, handlelength=2.2, handleheight=1.4)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.26, wspace=0.04)


def describe(result: nerves.Localization | None) -> str:
    """Alt text for the four-panel explorer map, from the data and the current result."""
    return " ".join(f"Panel {i}: {nerves.describe(view, layer, result)}"
                    for i, (layer, view) in enumerate(PANELS, start=1))


def explorer_figure(selection: tuple[str, ...] = DEFAULT_SELECTION) -> tuple[Figure, str]:
    """The explorer's map with ``selection`` marked, as a new figure and its alt text."""
    result = nerves.localize(selection) if selection else None
    with mpl.rc_context(style.RC_PARAMS):
        fig = style.new_figure(14.0, 9.5)
        _draw_panels(fig, result, gids=False)
    return fig, describe(result)


@cache
def base_svg() -> str:
    """The map with every star and patch tagged by class, as inline SVG (drawn once)."""
    with mpl.rc_context(style.RC_PARAMS):
        fig = style.new_figure(14.0, 9.5)
        _draw_panels(fig, None, gids=True)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]                              # drop the XML prolog and doctype
    svg = svg.replace('id="cn-', 'class="cn-')                 # tags repeat across panels
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',  # scale to the output's width
                 r'<svg \1width="100%" aria-hidden="true" focusable="false"', svg, count=1)
    return svg


def highlight_css(scope: str, result: nerves.Localization) -> str:
    """CSS rules, scoped to one explorer, that show the selection on the base SVG."""
    rules = [f"#{scope} [class^='cn-region'] {{display: none;}}"]
    rules += [f"#{scope} .cn-region-{nerves.slug(name)} {{display: inline;}}"
              for name in result.selected]
    if result.selected:
        for layer in nerves.LAYERS:
            strong = nerves.emphasis(layer, result)
            for item in nerves.layer_items(layer):
                if item.key in strong:
                    rules.append(f"#{scope} .cn-{layer}-{item.key} path "
                                 "{stroke-width: 3px !important;}")
                    rules.append(f"#{scope} .cn-label-{layer}-{item.key} text "
                                 "{font-weight: bold !important;}")
                else:
                    rules.append(f"#{scope} .cn-{layer}-{item.key} {{opacity: {FADED_OPACITY};}}")
    return "\n".join(rules)


# --- the text --------------------------------------------------------------------------------

def _status_html(text: str, warning: bool = False) -> str:
    """The message as HTML (escaped), with a warning sign for invalid input."""
    icon = "⚠ " if warning else ""
    return f'<p class="cn-status" aria-live="polite">{icon}{html.escape(text)}</p>'


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
            f'<td><a href="{s.notebook_file}">notebook {s.notebook}</a></td></tr>'
            for s in result.vulnerable)
        parts.append("<table><caption>Where the best-fitting nerves can be hurt</caption>"
                     "<tr><th>Nerve</th><th>Where</th><th>How</th><th>Read more</th></tr>"
                     f"{rows}</table>")
    return "".join(parts)


# --- the explorer ----------------------------------------------------------------------------

@dataclass
class NerveMapControls:
    """The explorer's widgets, kept so tests (and teachers) can drive them."""

    regions: Any         # SelectMultiple of skin areas
    clear: Any           # Button that empties the selection
    status: Any          # HTML: the plain-language message, or a warning
    table: Any           # HTML: ranked nerves and roots, vulnerable sites
    figure: Any          # HTML: the map as inline SVG, set once
    highlight: Any       # HTML: the <style> that marks the selection, and the alt text
    scope: str           # id of this explorer's map, so its CSS touches nothing else
    last_alt: str = ""
    last_result: nerves.Localization | None = None


def _alt_html(scope: str, alt: str) -> str:
    """The current alt text, visually hidden, that the map's role="img" points to."""
    return (f'<p id="{scope}-alt" style="position:absolute;left:-10000px;width:1px;height:1px;'
            f'overflow:hidden">{html.escape(alt)}</p>')


def _update(controls: NerveMapControls) -> None:
    """Rank nerves and roots for the selection; restyle the map and rewrite the text."""
    try:
        result = nerves.localize(controls.regions.value)
    except ValueError as error:          # unknown names: say which, keep the last good view
        controls.status.value = _status_html(str(error), warning=True)
        return
    alt = describe(result if result.selected else None)
    controls.last_result, controls.last_alt = result, alt
    controls.status.value = _status_html(result.message)
    controls.table.value = table_html(result)
    controls.highlight.value = (f"<style>{highlight_css(controls.scope, result)}</style>"
                                + _alt_html(controls.scope, alt))


def build_explorer(selection: tuple[str, ...] = DEFAULT_SELECTION
                   ) -> tuple[Any, NerveMapControls]:
    """Build the area list, the map, the message and the tables; show ``selection`` first."""
    import ipywidgets as w

    nerves.check_regions(selection)
    scope = f"cn-nervemap-{uuid.uuid4().hex[:12]}"
    regions = w.SelectMultiple(options=nerves.region_names(), value=tuple(selection),
                               rows=len(nerves.region_names()), description="Numb areas",
                               style={"description_width": "7em"},
                               layout=w.Layout(width="24em"))
    clear = w.Button(description="Clear selection", icon="eraser",
                     tooltip="Deselect every area")
    figure = w.HTML(f'<div id="{scope}" role="img" aria-describedby="{scope}-alt">'
                    f"{base_svg()}</div>")
    controls = NerveMapControls(regions, clear, w.HTML(), w.HTML(), figure, w.HTML(), scope)
    regions.observe(lambda _change: _update(controls), names="value")
    clear.on_click(lambda _button: setattr(regions, "value", ()))
    _update(controls)
    hint = w.HTML("<p>Hold Ctrl (Cmd on a Mac) or Shift to select several areas.</p>")
    # The list keeps its width and the message takes the rest, so no control is clipped at
    # 1280 px (the message wraps instead); before, the list's column shrank and cut "Clear".
    left = w.VBox([regions, clear, hint], layout=w.Layout(flex="0 0 auto", width="25em"))
    controls.status.layout = w.Layout(flex="1 1 0", min_width="12em")
    box = w.VBox([w.HBox([left, controls.status], layout=w.Layout(flex_flow="row wrap")),
                  controls.highlight, controls.figure, controls.table])
    return box, controls


TWIN_DPI = 72     # the static page's copy of the four-panel map: readable, page under 1 MB


class NerveMapExplorer(LiveWithTwin):
    """The explorer for display: live widgets with a kernel, the default case as HTML elsewhere."""

    def __init__(self, selection: tuple[str, ...] = DEFAULT_SELECTION) -> None:
        widget, self.controls = build_explorer(selection)
        result = nerves.localize(selection)
        fig, alt = explorer_figure(result.selected)
        self.result = result
        twin = (f'<figure class="cn-explorer">{style.with_alt(fig, alt, dpi=TWIN_DPI).html()}'
                f"<figcaption>{_status_html(result.message)}</figcaption></figure>"
                f"{table_html(result)}<p><em>Run this notebook (JupyterLab, Binder or Voila) "
                "to choose other areas.</em></p>")
        super().__init__(widget, twin, f"Nerve map explorer. {result.message}")

    def static_html(self) -> str:
        """The default map, message and tables as plain HTML, for pages read without a kernel."""
        return self.twin_html


def explorer(selection: tuple[str, ...] = DEFAULT_SELECTION) -> NerveMapExplorer:
    """The nerve map explorer (area list, map, ranked nerves and roots), ready to display."""
    return NerveMapExplorer(selection)

"""One declaration per explorer gives both its live ipywidgets view and its static HTML form.

An :class:`Explorer` is declared once: its controls (:class:`Slider`, :class:`Choice`,
:class:`Toggle`, :class:`Number`) and a ``frame(values) -> Frame`` function that runs the Python
model and says what to show (a sentence, notes, a line chart as plain data, alt text). From that:

- **live** (JupyterLab, Voila): ipywidgets with visible labels; each change calls ``frame`` and
  draws the chart as inline SVG (:func:`chart_svg`) in an HTML widget, the sentence in an
  ``aria-live`` line; a ValueError becomes an inline message and the last good chart stays.
- **static** (pages from nbconvert, no kernel): ``<label>``-ed HTML controls and a small shared
  script (``templates/explorers/explorer.js``, inline, no network). Models that solve equations
  stay in Python: the page embeds ``frame`` computed over every control stop (a *grid*: frames
  and curves de-duplicated, curves packed two characters a point). Closed-form models may instead
  name a script that builds the frame in the browser from data Python gives (``script``).

The SVG is drawn by the same rules in Python (:func:`chart_svg`) and JavaScript (``svg`` in
explorer.js), so the page and the notebook draw the same chart for the same frame.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import html
import importlib
import itertools
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


class LiveWithTwin:
    """Displays ``widget`` where a kernel runs; nbconvert and untrusted views show ``twin_html``."""

    def __init__(self, widget: Any, twin_html: str, plain: str) -> None:
        self.widget, self.twin_html, self.plain = widget, twin_html, plain

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.twin_html
        bundle["text/plain"] = self.plain
        return bundle


def img_html(png: bytes, alt: str) -> str:
    """A PNG as an inline <img> with its alt text."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


# --- controls, declared once ---------------------------------------------------------------------

@dataclass(frozen=True)
class Slider:
    """A slider over fixed stops ``(label, value)``; the value is always one of the stops."""

    key: str
    label: str
    stops: tuple[tuple[str, float], ...]
    value: float
    enabled_when: tuple[str, tuple[Any, ...]] | None = None   # (control key, values enabling it)


@dataclass(frozen=True)
class Choice:
    """A drop-down list of ``(label, value)``; ``options_for`` maps another control's value
    (``depends_on``) to the options offered then, the first being chosen when it changes."""

    key: str
    label: str
    options: tuple[tuple[str, Any], ...]
    value: Any
    depends_on: str | None = None
    options_for: Mapping[Any, tuple[tuple[str, Any], ...]] = field(default_factory=dict)
    enabled_when: tuple[str, tuple[Any, ...]] | None = None


@dataclass(frozen=True)
class Toggle:
    """A check box."""

    key: str
    label: str
    value: bool = False
    enabled_when: tuple[str, tuple[Any, ...]] | None = None


@dataclass(frozen=True)
class Number:
    """A number box for free input (script explorers only); ``frame`` checks the value."""

    key: str
    label: str
    value: float
    min: float
    max: float
    step: float = 1.0
    enabled_when: tuple[str, tuple[Any, ...]] | None = None


Control = Slider | Choice | Toggle | Number


def slider_stops(values: Sequence[float], unit: str = "", fmt: str = "g"
                 ) -> tuple[tuple[str, float], ...]:
    """Stops for a :class:`Slider`: each value with its readout ("5 pM")."""
    suffix = f" {unit}" if unit and unit != "%" else unit
    return tuple((f"{format(v, fmt)}{suffix}", float(v)) for v in values)


def _options(control: Control, values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    if isinstance(control, Slider):
        return control.stops
    if isinstance(control, Toggle):
        return (("off", False), ("on", True))
    if isinstance(control, Choice):
        if control.depends_on is not None:
            return tuple(control.options_for[values[control.depends_on]])
        return control.options
    raise TypeError(f"{control.key}: a Number has no fixed options")


# --- what a frame shows --------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """What an explorer shows for one setting: a sentence, notes, a chart spec and its alt text.

    ``error`` frames carry only the message; the view keeps the last good chart.
    ``result`` is the model's own answer, kept for tests; it is not sent to the page."""

    text: str
    notes: tuple[str, ...] = ()
    chart: dict[str, Any] | None = None
    alt: str = ""
    error: bool = False
    result: Any = field(default=None, compare=False)
    alt_lead: str = ""          # with no ``alt``: the alt text is this lead, then ``text``
    html: str = ""              # drawn under the chart: a figure or tables, escaped by its maker

    @property
    def full_alt(self) -> str:
        """The chart's alt text."""
        return self.alt or f"{self.alt_lead} {self.text}"

    def data(self) -> dict[str, Any]:
        """The frame as plain data for the page."""
        return {"text": self.text, "notes": list(self.notes), "chart": copy.deepcopy(self.chart),
                "alt": self.alt, "alt_lead": self.alt_lead, "error": self.error,
                **({"html": self.html} if self.html else {})}


def error_frame(message: str) -> Frame:
    """A frame that only says what is wrong with the input."""
    return Frame(text=message, error=True)


# Curves are packed two characters a point: a 12-bit fraction of the curve's top value.
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_LEVELS = 4095


def pack(values: Sequence[float]) -> dict[str, Any]:
    """Non-negative ``values`` as {"top": max, "v": two characters per value} (±0.013 % of top)."""
    top = max(max(float(v) for v in values), 0.0)
    if min(float(v) for v in values) < 0:
        raise ValueError("pack() takes non-negative values only")
    scale = top if top > 0 else 1.0
    codes = [min(_LEVELS, max(0, math.floor(float(v) / scale * _LEVELS + 0.5))) for v in values]
    return {"top": float(f"{top:.6g}"), "v": "".join(_ALPHABET[c >> 6] + _ALPHABET[c & 63]
                                                    for c in codes)}


def unpack(packed: Mapping[str, Any]) -> list[float]:
    """The values of :func:`pack` (as the page reads them)."""
    text, top = packed["v"], float(packed["top"])
    return [(_ALPHABET.index(text[i]) * 64 + _ALPHABET.index(text[i + 1])) / _LEVELS * top
            for i in range(0, len(text), 2)]


def series(values: Sequence[float], x0: float, x1: float, label: str, colour: str,
           dash: str = "") -> dict[str, Any]:
    """One line of a chart: ``values`` evenly spaced from ``x0`` to ``x1``, packed."""
    return {"x0": x0, "x1": x1, "y": pack(values), "label": label, "colour": colour,
            "dash": dash}


def panel(*, x: tuple[float, float], x_label: str, x_ticks: Sequence[tuple[float, str]],
          y_top: float, y_label: str, y_ticks: Sequence[tuple[float, str]],
          lines: Sequence[dict[str, Any]], band: tuple[float, float, str] | None = None,
          hline: tuple[float, str] | None = None, marks: Sequence[tuple[float, str]] = (),
          hatch: tuple[float, str] | None = None, dot: tuple[float, float, str] | None = None
          ) -> dict[str, Any]:
    """One chart panel as plain data, drawn alike by :func:`chart_svg` and explorer.js."""
    return {"x": list(x), "xlabel": x_label, "xticks": [list(t) for t in x_ticks],
            "ytop": y_top, "ylabel": y_label, "yticks": [list(t) for t in y_ticks],
            "lines": list(lines), "band": list(band) if band else None,
            "hline": list(hline) if hline else None, "marks": [list(m) for m in marks],
            "hatch": list(hatch) if hatch else None, "dot": list(dot) if dot else None}


def tick_step(top: float) -> float:
    """A round tick step giving 4 to 8 ticks from 0 to ``top``."""
    power = 10 ** math.floor(math.log10(top))
    for step in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        if top / (step * power) <= 8:
            return step * power
    return 10 * power


def nice_top(value: float) -> float:
    """The smallest multiple of a round tick step at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1.0
    step = tick_step(value)
    return float(f"{math.ceil(value / step - 1e-9) * step:.6g}")


def ticks(top: float, percent: bool = False) -> list[tuple[float, str]]:
    """Round ticks from 0 to ``top`` with their labels."""
    step = tick_step(top)
    values = [float(f"{i * step:.6g}") for i in range(round(top / step) + 1)]
    # Three significant figures, never in exponent form ("1400", not "1.4e+03"), as explorer.js.
    return [(v, f"{v * 100:.0f}%" if percent else f"{float(f'{v:.3g}'):g}") for v in values]


# --- drawing (the same rules as explorer.js) -----------------------------------------------------
# One layout for every screen: a 400-unit-wide chart drawn at up to 520 px, so its 12-unit text is
# 15.6 px on a laptop and still about 10 px in a 390 px phone's column. Every label sits outside
# the plot area: the legend (lines, then the threshold line, band, hatched zone and dot) flows in
# rows below the axis title, and a vertical mark's label sits above the plot.

WIDTH, NATURAL_WIDTH = 400, 520
PLOT_HEIGHT, LEGEND_ROW, CHAR_WIDTH = 170, 18, 6.8
LEFT, RIGHT = 52.0, 388.0
_DASH = {"": "", "dashed": "8 5", "dotted": "2 4", "dashdot": "9 4 2 4"}


def _f(value: float) -> str:
    """A coordinate with one decimal, rounded half up as JavaScript does."""
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def _legend_items(p: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """The legend's entries in order, ``(kind, label, colour, dash)``: lines, then annotations."""
    items = [("line", line["label"], line["colour"], line["dash"]) for line in p["lines"]]
    if p["hline"]:
        items.append(("hline", p["hline"][1], "", ""))
    if p["band"]:
        items.append(("band", p["band"][2], "", ""))
    if p["hatch"]:
        items.append(("hatch", p["hatch"][1], "", ""))
    if p["dot"]:
        items.append(("dot", p["dot"][2], "", ""))
    return items


def _legend_rows(p: Mapping[str, Any]) -> list[list[tuple[float, tuple[str, str, str, str]]]]:
    """The legend's entries flowed into rows across the chart: ``(x, entry)`` per row."""
    rows: list[list[tuple[float, tuple[str, str, str, str]]]] = []
    x = 0.0
    for item in _legend_items(p):
        width = 28 + len(item[1]) * CHAR_WIDTH
        if not rows or x + width > WIDTH - 4:
            rows.append([])
            x = 8.0
        rows[-1].append((x, item))
        x += width + 14
    return rows


def _plot_top(p: Mapping[str, Any]) -> float:
    return 28.0 if p["marks"] else 12.0


def panel_height(p: Mapping[str, Any]) -> float:
    """A panel's height: marks' labels above the plot, ticks and axis title, legend rows."""
    return _plot_top(p) + PLOT_HEIGHT + 46 + len(_legend_rows(p)) * LEGEND_ROW + 4


def _swatch(kind: str, colour: str, dash: str, x: float, y: float) -> str:
    """The small sample drawn before a legend entry's label (``y`` is the row's middle)."""
    if kind == "line":
        dash_attr = f' stroke-dasharray="{_DASH[dash]}"' if _DASH[dash] else ""
        return (f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 22)}" y2="{_f(y)}" '
                f'stroke="{colour}" stroke-width="2.2"{dash_attr}/>')
    if kind == "hline":
        return (f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 22)}" y2="{_f(y)}" '
                f'stroke="#d55e00" stroke-width="2" stroke-dasharray="2 4"/>')
    if kind == "band":
        return (f'<rect x="{_f(x)}" y="{_f(y - 6)}" width="22" height="12" fill="#009e73" '
                f'fill-opacity="0.15" stroke="#009e73" stroke-dasharray="4 3"/>')
    if kind == "hatch":
        return (f'<rect x="{_f(x)}" y="{_f(y - 6)}" width="22" height="12" '
                f'fill="url(#cn-hatch)" stroke="#d55e00" stroke-opacity="0.5"/>')
    return f'<circle cx="{_f(x + 11)}" cy="{_f(y)}" r="5" fill="#000"/>'


def _panel_svg(p: Mapping[str, Any]) -> str:
    left, right = LEFT, RIGHT
    top = _plot_top(p)
    bottom = top + PLOT_HEIGHT
    x0, x1 = p["x"]
    ytop = p["ytop"]

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (right - left)

    def py(y: float) -> float:
        return bottom - min(max(y, 0.0), ytop) / ytop * (bottom - top)

    out = []
    if p["band"]:
        lo, hi, _label = p["band"]
        y0, y1 = py(hi), py(lo)
        out.append(f'<rect x="{_f(left)}" y="{_f(y0)}" width="{_f(right - left)}" '
                   f'height="{_f(y1 - y0)}" fill="#009e73" fill-opacity="0.15" stroke="#009e73" '
                   'stroke-dasharray="4 3"/>')
    if p["hatch"]:
        hx = px(p["hatch"][0])
        out.append(f'<rect x="{_f(hx)}" y="{_f(top)}" width="{_f(right - hx)}" '
                   f'height="{_f(bottom - top)}" fill="url(#cn-hatch)" stroke="none"/>')
    out.append(f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(right)}" y2="{_f(bottom)}" '
               f'stroke="#000"/><line x1="{_f(left)}" y1="{_f(top)}" x2="{_f(left)}" '
               f'y2="{_f(bottom)}" stroke="#000"/>')
    for x, label in p["xticks"]:
        out.append(f'<line x1="{_f(px(x))}" y1="{_f(bottom)}" x2="{_f(px(x))}" '
                   f'y2="{_f(bottom + 4)}" stroke="#000"/><text class="cn-tick" '
                   f'x="{_f(px(x))}" y="{_f(bottom + 17)}" text-anchor="middle">'
                   f"{html.escape(label)}</text>")
    out.append(f'<text x="{_f((left + right) / 2)}" y="{_f(bottom + 36)}" '
               f'text-anchor="middle">{html.escape(p["xlabel"])}</text>')
    for y, label in p["yticks"]:
        out.append(f'<line x1="{_f(left - 4)}" y1="{_f(py(y))}" x2="{_f(left)}" '
                   f'y2="{_f(py(y))}" stroke="#000"/><text class="cn-tick" x="{_f(left - 6)}" '
                   f'y="{_f(py(y) + 4)}" text-anchor="end">{html.escape(label)}</text>')
    mid = (top + bottom) / 2
    out.append(f'<text x="12" y="{_f(mid)}" text-anchor="middle" '
               f'transform="rotate(-90 12 {_f(mid)})">{html.escape(p["ylabel"])}</text>')
    if p["hline"]:
        y = py(p["hline"][0])
        out.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" '
                   'stroke="#d55e00" stroke-width="2" stroke-dasharray="2 4"/>')
    for x, label in p["marks"]:
        right_half = px(x) > (left + right) / 2          # label on the side with room
        out.append(f'<line x1="{_f(px(x))}" y1="{_f(top - 12)}" x2="{_f(px(x))}" '
                   f'y2="{_f(bottom)}" stroke="#555" stroke-dasharray="3 3"/><text '
                   f'x="{_f(px(x) - 4 if right_half else px(x) + 4)}" y="{_f(top - 4)}" '
                   f'text-anchor="{"end" if right_half else "start"}">{html.escape(label)}</text>')
    for line in p["lines"]:
        ys = unpack(line["y"])
        step = (line["x1"] - line["x0"]) / (len(ys) - 1)
        pts = " ".join(f"{_f(px(line['x0'] + i * step))},{_f(py(y))}"
                       for i, y in enumerate(ys))
        dash = _DASH[line["dash"]]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline class="cn-curve" points="{pts}" fill="none" '
                   f'stroke="{line["colour"]}" stroke-width="2.2"{dash_attr}/>')
    if p["dot"]:
        x, y, _label = p["dot"]
        out.append(f'<circle cx="{_f(px(x))}" cy="{_f(py(y))}" r="6" fill="#000"/>')
    out.append('<g class="cn-legend">')
    for r, row in enumerate(_legend_rows(p)):
        y = bottom + 56 + r * LEGEND_ROW
        for x, (kind, label, colour, dash) in row:
            out.append(_swatch(kind, colour, dash, x, y) +
                       f'<text x="{_f(x + 28)}" y="{_f(y + 4)}">{html.escape(label)}</text>')
    out.append("</g>")
    return "".join(out)


def chart_svg(chart: Mapping[str, Any], alt: str) -> str:
    """A chart spec as one accessible inline SVG (role img, the alt text as its label)."""
    heights = [panel_height(p) for p in chart["panels"]]
    body, y = [], 0.0
    for p, height in zip(chart["panels"], heights, strict=True):
        body.append(f'<g transform="translate(0 {_f(y)})">{_panel_svg(p)}</g>')
        y += height
    natural = NATURAL_WIDTH * y / WIDTH
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(y)}" '
            f'width="{NATURAL_WIDTH}" height="{_f(natural)}" role="img" '
            f'aria-label="{html.escape(alt)}" class="cn-chart" '
            'style="background:#fff;font-family:sans-serif;font-size:12px;max-width:100%;'
            'height:auto"><defs><pattern id="cn-hatch" width="8" height="8" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" '
            'x2="0" y2="8" stroke="#d55e00" stroke-width="2" stroke-opacity="0.5"/></pattern>'
            f"</defs><title>{html.escape(alt)}</title>{''.join(body)}</svg>")


def plot_html(frame: Frame) -> str:
    """What the plot area shows for a good frame: the chart as SVG, then the frame's HTML."""
    return (chart_svg(frame.chart, frame.full_alt) if frame.chart else "") + frame.html


def status_html(frame: Frame) -> str:
    """The sentence and notes as HTML; an error starts with a warning sign."""
    icon = "⚠ " if frame.error else ""
    notes = "".join(f"<br><em>{html.escape(n)}</em>" for n in frame.notes)
    return f'<p class="cn-status" aria-live="polite">{icon}{html.escape(frame.text)}{notes}</p>'


# --- the live view -------------------------------------------------------------------------------

class Live:
    """The built ipywidgets of an explorer: ``widgets[key]``, ``status``, ``plot``, the last good
    ``frame``; controls are also attributes (``live.tissue_factor``) for tests and teachers."""

    def __init__(self, explorer: Explorer, values: Mapping[str, Any] | None = None) -> None:
        import ipywidgets as w

        self.explorer = explorer
        start = {**explorer.defaults(), **(values or {})}
        wide = {"style": {"description_width": "12em"}, "layout": w.Layout(width="36em")}
        self.widgets: dict[str, Any] = {}
        for c in explorer.controls:
            if isinstance(c, Slider):
                widget = w.SelectionSlider(options=list(c.stops), value=start[c.key],
                                           description=c.label, continuous_update=False, **wide)
            elif isinstance(c, Choice):
                widget = w.Dropdown(options=list(_options(c, start)), value=start[c.key],
                                    description=c.label, **wide)
            elif isinstance(c, Toggle):
                widget = w.Checkbox(value=start[c.key], description=c.label, indent=False)
            else:
                widget = w.FloatText(value=start[c.key], description=c.label,
                                     style={"description_width": "12em"},
                                     layout=w.Layout(width="22em"))
            self.widgets[c.key] = widget
        self.status, self.plot = w.HTML(), w.HTML()
        backdrop = [w.HTML(explorer.backdrop())] if explorer.backdrop else []
        self.frame: Frame | None = None
        for c in explorer.controls:
            self.widgets[c.key].observe(lambda change, key=c.key: self._changed(key),
                                        names="value")
        self._busy = False
        self.update()
        self.box = w.VBox([*self.widgets.values(), self.status, *backdrop, self.plot])
        self.box.add_class(f"cn-live-{explorer.name}")        # for tests and styling

    def __getattr__(self, name: str) -> Any:
        widgets = self.__dict__.get("widgets", {})
        if name in widgets:
            return widgets[name]
        raise AttributeError(name)

    def values(self) -> dict[str, Any]:
        """The value of every control now."""
        return {k: widget.value for k, widget in self.widgets.items()}

    def _changed(self, key: str) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            for c in self.explorer.controls:          # rebuild lists that depend on this one
                if isinstance(c, Choice) and c.depends_on == key:
                    options = _options(c, self.values())
                    self.widgets[c.key].options = list(options)
                    self.widgets[c.key].value = options[0][1]
        finally:
            self._busy = False
        self.update()

    def update(self) -> None:
        """Run ``frame`` for the controls now; draw it, or show its message inline."""
        values = self.values()
        for c in self.explorer.controls:
            if c.enabled_when is not None:
                other, allowed = c.enabled_when
                self.widgets[c.key].disabled = values[other] not in allowed
        frame = self.explorer.quick_frame(values)
        if not frame.error:     # the figure first: a reader of the status then sees it current
            self.frame = frame
            self.plot.value = plot_html(frame)
        self.status.value = status_html(frame)


# --- the explorer --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Explorer:
    """One explorer, declared once: controls, and a Python ``frame(values) -> Frame``.

    ``script`` names a JavaScript file in templates/explorers/ that builds frames in the page
    from ``script_data()`` (closed-form models only); without it the page embeds the grid."""

    name: str
    title: str
    controls: tuple[Control, ...]
    frame: Callable[[dict[str, Any]], Frame]
    script: str | None = None
    script_data: Callable[[], Any] | None = None
    sources: tuple[str, ...] = ()       # package files the frames depend on (grid fingerprint)
    backdrop: Callable[[], str] | None = None   # HTML drawn once (a map the frames restyle)
    solvers: tuple[str, ...] = ()       # distributions that compute the frames (their versions
    #                                     are stored with the grid, which tests re-solve in full)

    def defaults(self) -> dict[str, Any]:
        """Every control's starting value."""
        return {c.key: c.value for c in self.controls}

    def safe_frame(self, values: Mapping[str, Any]) -> Frame:
        """``frame`` with a ValueError turned into an error frame."""
        try:
            return self.frame(dict(values))
        except ValueError as error:
            return error_frame(str(error))

    def quick_frame(self, values: Mapping[str, Any]) -> Frame:
        """The frame for ``values``: looked up in the stored grid when it holds them (the same
        numbers, solved once by the same Python), else computed now."""
        _stored(self)
        data = _DECODED[self.name]
        if data is not None:
            try:
                d = lookup(data, values)
            except (KeyError, ValueError, IndexError, TypeError):
                d = None
            if d is not None:
                return Frame(d["text"], tuple(d["notes"]), d["chart"], d["alt"], d["error"],
                             alt_lead=d["alt_lead"], html=d.get("html", ""))
        return self.safe_frame(values)

    def live(self, values: Mapping[str, Any] | None = None) -> Live:
        """The ipywidgets view, drawn once."""
        return Live(self, values)

    def settings(self) -> list[dict[str, Any]]:
        """Every combination of control stops, in declaration order (a grid explorer's inputs)."""
        rows: list[dict[str, Any]] = [{}]
        for c in self.controls:
            rows = [{**row, c.key: value} for row in rows for _label, value in _options(c, row)]
        return rows

    def grid(self) -> dict[str, Any]:
        """``frame`` over every stop, compact: a tree of frame numbers by option index; frames
        de-duplicated and stored as rows of the values that differ from their shape's base;
        curves and repeated strings stored once (the page looks a setting up in it)."""
        curves: list[dict[str, Any]] = []
        curve_ids: dict[str, int] = {}
        rows: list[str] = []
        row_ids: dict[str, int] = {}
        flats: list[dict[tuple[Any, ...], Any]] = []

        def frame_id(values: dict[str, Any]) -> int:
            data = self.safe_frame(values).data()
            for p in (data["chart"] or {}).get("panels", []):
                for line in p["lines"]:
                    key = json.dumps(line["y"], sort_keys=True)
                    curve_ids.setdefault(key, len(curves))
                    if curve_ids[key] == len(curves):
                        curves.append(line["y"])
                    line["y"] = curve_ids[key]
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            if text not in row_ids:
                row_ids[text] = len(rows)
                rows.append(text)
                flats.append(_flatten(data))
            return row_ids[text]

        def tree(level: int, values: dict[str, Any]) -> Any:
            if level == len(self.controls):
                return frame_id(values)
            c = self.controls[level]
            return [tree(level + 1, {**values, c.key: v}) for _label, v in _options(c, values)]

        index = tree(0, {})
        return {"tree": index, **_columns(flats), "curves": curves}

    def control_data(self) -> list[dict[str, Any]]:
        """The controls as the page's script reads them."""
        out = []
        for c in self.controls:
            row: dict[str, Any] = {"key": c.key, "type": type(c).__name__.lower(),
                                   "enabled_when": _jsonable(c.enabled_when)}
            if isinstance(c, Choice) and c.depends_on is not None:
                row["depends_on"] = c.depends_on
                row["options_for"] = {_key(v): [[lab, val] for lab, val in opts]
                                      for v, opts in c.options_for.items()}
            if not isinstance(c, Number):
                row["options"] = [[lab, val] for lab, val in _options(c, self.defaults())]
            out.append(row)
        return out

    def page_data(self) -> dict[str, Any]:
        """Everything the page's script needs: the controls, and the grid or the script's data."""
        data: dict[str, Any] = {"name": self.name, "controls": self.control_data()}
        if self.script is None:
            data["grid_gz"] = encode_grid(self.grid())
        else:
            data["model"] = self.script_data() if self.script_data else None
        return data

    def solver_versions(self) -> dict[str, str]:
        """The installed version of each distribution in ``solvers``."""
        from importlib.metadata import version

        return {name: version(name) for name in self.solvers}

    def fingerprint(self) -> str:
        """A hash of the controls and of the files the frames are computed from. The solving
        libraries' versions are recorded beside the stored grid (``solvers``), not hashed: a new
        numpy or scipy must not make a grid stale on a machine that installs it (the page would
        solve every stop at display), and the tests compare every stored stop with a fresh solve
        at the precision shown, which is what a new library could really change."""
        head = json.dumps(self.control_data(), sort_keys=True)
        return files_fingerprint(("display.py", *self.sources), head.encode())

    def stored_page_data(self) -> dict[str, Any]:
        """The page data from the stored grid (templates/explorers/NAME.json, written by
        ``python -m helpers.display grids``) if it is current, else computed now."""
        return _stored(self) or self.page_data()

    def static_html(self, data: Mapping[str, Any] | None = None) -> str:
        """The static form: labelled controls, the default frame drawn, data and script inline."""
        start = self.defaults()
        frame = self.quick_frame(start)
        rows = "".join(_control_html(self.name, c, start) for c in self.controls)
        payload = json.dumps(data if data is not None else self.page_data(),
                             ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        scripts = [_script(self.script)] if self.script else []
        scripts.append(_script("explorer.js"))
        plot = plot_html(frame)
        backdrop = (f'<div class="cn-ex-backdrop">{self.backdrop()}</div>' if self.backdrop
                    else "")
        return (f'<section class="cn-explorer" id="cn-ex-{self.name}" '
                f'aria-label="{html.escape(self.title)}">{_style()}'
                f'<form class="cn-ex-controls" autocomplete="off" onsubmit="return false">'
                f'{rows}</form><div class="cn-ex-status" aria-live="polite">'
                f'{status_html(frame)}</div>'
                f'{backdrop}<div class="cn-ex-plot">{plot}</div>'
                f'<script type="application/json" class="cn-ex-data">{payload}</script>'
                + "".join(f"<script>{s}</script>" for s in scripts) + "</section>")

    def view(self, plain: str = "", values: Mapping[str, Any] | None = None) -> ExplorerView:
        """Ready to display: the live widgets with a kernel, the static form without."""
        return ExplorerView(self, plain, values)


class ExplorerView(LiveWithTwin):
    """An explorer for display; ``controls`` is its :class:`Live` view."""

    def __init__(self, explorer: Explorer, plain: str = "",
                 values: Mapping[str, Any] | None = None) -> None:
        self.explorer = explorer
        self.controls = explorer.live(values)
        frame = explorer.quick_frame(explorer.defaults())
        super().__init__(self.controls.box, static_form(explorer),
                         plain or f"{explorer.title}. {frame.text}")

    def static_html(self) -> str:
        """The static form (as a page shows it)."""
        return self.twin_html


_STATIC: dict[str, str] = {}
_STORED: dict[str, dict[str, Any] | None] = {}
_DECODED: dict[str, dict[str, Any] | None] = {}


def files_fingerprint(names: Iterable[str], head: bytes = b"") -> str:
    """A hash of ``head`` and of the package files ``names`` (what stored data is drawn from)."""
    digest = hashlib.sha256(head)
    for name in names:
        digest.update(resources.files("helpers").joinpath(name).read_bytes())
    return digest.hexdigest()


def _stored(explorer: Explorer) -> dict[str, Any] | None:
    """The stored grid of ``explorer`` if it is current (read once per process), else None."""
    if explorer.name not in _STORED:
        path = resources.files("helpers").joinpath("templates", "explorers",
                                                   f"{explorer.name}.json")
        data = None
        if explorer.script is None and path.is_file():
            stored = json.loads(path.read_text("utf-8"))
            if stored.get("fingerprint") == explorer.fingerprint():
                data = stored["data"]
        _STORED[explorer.name] = data
        _DECODED[explorer.name] = (None if data is None else
                                   {**data, "grid": decode_grid(data["grid_gz"])})
    return _STORED[explorer.name]


def static_form(explorer: Explorer) -> str:
    """The explorer's static form, built once per process (the grid runs every stop)."""
    if explorer.name not in _STATIC:
        _STATIC[explorer.name] = explorer.static_html(explorer.stored_page_data())
    return _STATIC[explorer.name]


def _flatten(obj: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Leaves of nested dicts and lists by path (empty containers are leaves)."""
    if isinstance(obj, dict) and obj:
        return {k: v for key, value in obj.items()
                for k, v in _flatten(value, (*path, key)).items()}
    if isinstance(obj, list) and obj:
        return {k: v for i, value in enumerate(obj)
                for k, v in _flatten(value, (*path, i)).items()}
    return {path: obj}


def _columns(flats: list[dict[tuple[Any, ...], Any]]) -> dict[str, Any]:
    """Frames as shapes (paths, base values, which paths vary) and rows of varying values;
    strings that vary are numbers into one string table."""
    shapes: list[dict[str, Any]] = []
    shape_ids: dict[tuple[tuple[Any, ...], ...], int] = {}
    members: list[list[int]] = []
    for i, flat in enumerate(flats):
        paths = tuple(flat)
        if paths not in shape_ids:
            shape_ids[paths] = len(shapes)
            shapes.append({"paths": [list(p) for p in paths]})
            members.append([])
        members[shape_ids[paths]].append(i)
    strings: list[str] = []
    string_ids: dict[str, int] = {}
    frames: list[list[Any]] = [[] for _ in flats]
    for shape, group in zip(shapes, members, strict=True):
        paths = [tuple(p) for p in shape["paths"]]
        vary = [j for j, p in enumerate(paths)
                if len({json.dumps(flats[i][p]) for i in group}) > 1]
        shape["base"] = [None if j in vary else flats[group[0]][p] for j, p in enumerate(paths)]
        shape["vary"] = vary
        shape["strings"] = [j for j in vary if all(isinstance(flats[i][paths[j]], str)
                                                    for i in group)]
        for i in group:
            row: list[Any] = [shape_ids[tuple(paths)]]
            for j in vary:
                value = flats[i][paths[j]]
                if j in shape["strings"]:
                    value = string_ids.setdefault(value, len(strings))
                    if value == len(strings):
                        strings.append(flats[i][paths[j]])
                row.append(value)
            frames[i] = row
    return {"shapes": shapes, "frames": frames, "strings": strings}


def _key(value: Any) -> str:
    return json.dumps(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _control_html(name: str, c: Control, values: Mapping[str, Any]) -> str:
    ident = f"cn-ex-{name}-{c.key}"
    label = html.escape(c.label)
    disabled = ""
    if c.enabled_when is not None and values[c.enabled_when[0]] not in c.enabled_when[1]:
        disabled = " disabled"
    if isinstance(c, Slider):
        index = [v for _l, v in c.stops].index(values[c.key])
        text = html.escape(c.stops[index][0])
        return (f'<div class="cn-ex-row"><label for="{ident}">{label}</label>'
                f'<input type="range" id="{ident}" data-key="{c.key}" min="0" '
                f'max="{len(c.stops) - 1}" step="1" value="{index}" aria-valuetext="{text}"'
                f'{disabled}><output for="{ident}">{text}</output></div>')
    if isinstance(c, Choice):
        options = "".join(
            f'<option value="{i}"{" selected" if v == values[c.key] else ""}>'
            f"{html.escape(lab)}</option>" for i, (lab, v) in enumerate(_options(c, values)))
        return (f'<div class="cn-ex-row"><label for="{ident}">{label}</label>'
                f'<select id="{ident}" data-key="{c.key}"{disabled}>{options}</select></div>')
    if isinstance(c, Toggle):
        checked = " checked" if values[c.key] else ""
        return (f'<div class="cn-ex-row cn-ex-toggle"><input type="checkbox" id="{ident}" '
                f'data-key="{c.key}"{checked}{disabled}><label for="{ident}">{label}</label>'
                "</div>")
    return (f'<div class="cn-ex-row"><label for="{ident}">{label}</label>'
            f'<input type="number" id="{ident}" data-key="{c.key}" value="{values[c.key]:g}" '
            f'min="{c.min:g}" max="{c.max:g}" step="{c.step:g}" inputmode="decimal"'
            f"{disabled}></div>")


@cache
def _script(name: str) -> str:
    return resources.files("helpers").joinpath("templates", "explorers", name).read_text("utf-8")


def _style() -> str:
    return f"<style>{_script('explorer.css')}</style>"


def encode_grid(grid: Mapping[str, Any]) -> str:
    """A grid as base64 text of gzipped JSON (the browser inflates it with DecompressionStream);
    written once into the stored file, so the page bytes do not depend on the zlib at hand."""
    text = json.dumps(grid, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(text, compresslevel=9, mtime=0)).decode("ascii")


def decode_grid(text: str) -> dict[str, Any]:
    """The grid of :func:`encode_grid`."""
    return json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))


def lookup(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The frame a page's grid holds for ``values`` (as explorer.js reads it)."""
    grid = data["grid"] if "grid" in data else decode_grid(data["grid_gz"])
    node = grid["tree"]
    for c in data["controls"]:
        options = (c["options_for"][_key(values[c["depends_on"]])] if c.get("depends_on")
                   else [["off", False], ["on", True]] if c["type"] == "toggle"
                   else c["options"])
        node = node[[v for _label, v in options].index(values[c["key"]])]
    row = grid["frames"][node]
    shape = grid["shapes"][row[0]]
    vals = list(shape["base"])
    for k, j in enumerate(shape["vary"]):
        vals[j] = grid["strings"][row[k + 1]] if j in shape["strings"] else row[k + 1]
    root: dict[str, Any] = {}
    for path, value in zip(shape["paths"], vals, strict=True):
        node_: Any = root
        for here, following in itertools.pairwise(path):
            if isinstance(node_, list):
                while len(node_) <= here:
                    node_.append(None)
            if (node_[here] if isinstance(node_, list) else node_.get(here)) is None:
                node_[here] = [] if isinstance(following, int) else {}
            node_ = node_[here]
        if isinstance(node_, list):
            while len(node_) <= path[-1]:
                node_.append(None)
        node_[path[-1]] = value
    for p in (root.get("chart") or {}).get("panels", []):
        for line in p["lines"]:
            line["y"] = grid["curves"][line["y"]]
    return root


GRID_EXPLORERS = ("helpers.coagulation_views", "helpers.pharmacology_views")
# Explorers whose drawn backdrop (a map the frames restyle) is stored, by ``write_backdrop``.
BACKDROP_EXPLORERS = ("helpers.nerve_views",)


def write_grids(folder: Path | None = None) -> list[Path]:
    """Compute every grid explorer's page data and every stored backdrop, beside explorer.js."""
    target = folder or Path(str(resources.files("helpers").joinpath("templates", "explorers")))
    written = []
    for module in GRID_EXPLORERS:
        explorer: Explorer = importlib.import_module(module).EXPLORER
        path = target / f"{explorer.name}.json"
        payload = {"fingerprint": explorer.fingerprint(),
                   "solvers": explorer.solver_versions(), "data": explorer.page_data()}
        path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
        written.append(path)
    for module in BACKDROP_EXPLORERS:
        written.append(importlib.import_module(module).write_backdrop(target))
    return written


def main(argv: list[str] | None = None) -> None:
    """``python -m helpers.display grids``: recompute the stored explorer grids and backdrops."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["grids"]:
        raise SystemExit("usage: python -m helpers.display grids")
    for path in write_grids():
        print(f"written {path} ({path.stat().st_size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()


__all__ = ["Choice", "Control", "Explorer", "ExplorerView", "Frame", "Live", "LiveWithTwin",
           "Number", "Slider", "Toggle", "chart_svg", "error_frame", "img_html", "pack",
           "panel", "plot_html", "series", "slider_stops", "static_form", "status_html",
           "ticks", "unpack"]

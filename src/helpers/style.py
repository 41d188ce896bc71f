"""One figure style for the course, and ``show`` to display a figure with its alt text.

matplotlib is imported when a figure is styled or made, not when this module is imported.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


@dataclass(frozen=True)
class Palette:
    """The Okabe–Ito colour-blind-safe palette (Okabe & Ito, 2008), by name."""

    black: str = "#000000"
    orange: str = "#E69F00"
    sky_blue: str = "#56B4E9"
    green: str = "#009E73"
    yellow: str = "#F0E442"
    blue: str = "#0072B2"
    vermillion: str = "#D55E00"
    purple: str = "#CC79A7"

    def cycle(self) -> list[str]:
        """Colours in the order plots use them (yellow last: it is faint on white)."""
        return [self.blue, self.vermillion, self.green, self.orange, self.purple,
                self.sky_blue, self.black, self.yellow]


PALETTE = Palette()

# Sizes chosen to stay readable when projected in a classroom.
RC_PARAMS: dict[str, Any] = {
    "axes.prop_cycle": f"cycler(color={PALETTE.cycle()!r})",  # parsed by matplotlib
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",   # stays readable in JupyterLab's dark theme
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "lines.linewidth": 2.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "clots-and-nerves",   # stable ids in SVG output
    "svg.fonttype": "none",
}


def apply() -> None:
    """Apply the course style to every matplotlib figure made from now on."""
    import matplotlib as mpl

    mpl.rcParams.update(RC_PARAMS)


MIN_TEXT_KEY = "MinTextPx"   # PNG text chunk: the smallest text's height in image pixels


def _drawn_texts(artist: Artist) -> Iterator[Text]:
    """The non-empty texts that will be drawn under ``artist`` (hidden axes skipped)."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    if not artist.get_visible():
        return
    if isinstance(artist, Text):
        if artist.get_text().strip():
            yield artist
        return
    hidden_axes = isinstance(artist, Axes) and not artist.axison
    for child in artist.get_children():
        if hidden_axes and isinstance(child, Axis):
            continue
        yield from _drawn_texts(child)


def min_text_px(fig: Figure, dpi: float | None = None) -> float:
    """The size in image pixels of the smallest text in ``fig`` rendered at ``dpi``."""
    sizes = [t.get_fontsize() for t in _drawn_texts(fig)]
    return min(sizes, default=0.0) * (dpi or fig.dpi) / 72


def png_bytes(fig: Figure, dpi: float | None = None, colours: int | None = None) -> bytes:
    """Render ``fig`` to PNG bytes with fixed settings (no timestamp or software metadata); a
    text chunk records the smallest text's size in pixels (tests check it on the page).
    ``colours`` reduces the image to a palette of that many colours (a smaller page)."""
    buffer = io.BytesIO()
    smallest = f"{min_text_px(fig, dpi):.2f}"
    fig.savefig(buffer, format="png", bbox_inches="tight",
                metadata={"Software": None, MIN_TEXT_KEY: smallest}, dpi=dpi or "figure")
    if colours is None:
        return buffer.getvalue()
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(MIN_TEXT_KEY, smallest)
    small = io.BytesIO()
    Image.open(buffer).convert("RGB").quantize(colours).save(small, "PNG", pnginfo=info,
                                                             optimize=True)
    return small.getvalue()


def new_figure(width: float = 8.0, height: float = 4.5) -> Figure:
    """A new figure in the course style, outside pyplot (nothing shows until ``show``)."""
    from matplotlib.figure import Figure

    apply()     # here, not in the notebooks' Imports cells: matplotlib loads only to draw
    return Figure(figsize=(width, height))


def one_axes_figure(draw: Callable[[Axes], str], width: float, height: float
                    ) -> tuple[Figure, str]:
    """A new figure with one axes drawn by ``draw`` (which returns the alt text), laid out tight."""
    fig = new_figure(width, height)
    alt = draw(fig.add_subplot())
    fig.tight_layout()
    return fig, alt


class AltFigure:
    """A rendered figure with alt text; Jupyter shows the PNG and nbconvert writes ``alt``."""

    def __init__(self, png: bytes, alt: str) -> None:
        self.png = png
        self.alt = alt

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        data = {"image/png": self.png, "text/plain": f"Figure: {self.alt}"}
        return data, {"image/png": {"alt": self.alt}}

    def html(self) -> str:
        """The figure as an inline <img> with its alt text."""
        from helpers.display import img_html

        return img_html(self.png, self.alt)


def with_alt(fig: Figure, alt: str, dpi: float | None = None, colours: int | None = None
             ) -> AltFigure:
    """Render ``fig`` to a PNG that carries ``alt``; empty alt text is an error."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt text must describe what the figure shows; got an empty string")
    return AltFigure(png_bytes(fig, dpi, colours), alt.strip())


def show(fig: Figure, alt: str) -> None:
    """Display ``fig`` with ``alt`` in its output metadata, so nbconvert writes the HTML alt."""
    from IPython.display import display

    display(with_alt(fig, alt))

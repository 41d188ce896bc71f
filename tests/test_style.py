"""The shared figure style and figures shown with alt text."""

import matplotlib as mpl
import pytest

from helpers import style


def test_palette_is_eight_distinct_okabe_ito_colours():
    colours = style.PALETTE.cycle()
    assert len(set(colours)) == 8
    assert style.PALETTE.vermillion == "#D55E00"   # Okabe & Ito (2008)


def test_apply_sets_white_background_and_classroom_sizes():
    style.apply()
    assert mpl.rcParams["figure.facecolor"] == "white"
    assert mpl.rcParams["font.size"] >= 12


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_empty_alt_text_is_an_error(alt):
    fig = style.new_figure()
    with pytest.raises(ValueError, match="alt text"):
        style.with_alt(fig, alt)


def test_figure_bundle_carries_png_and_alt_metadata():
    fig = style.new_figure(2, 2)
    fig.add_subplot().plot([0, 1], [1, 0])
    data, metadata = style.with_alt(fig, " A falling line. ")._repr_mimebundle_()
    assert data["image/png"].startswith(b"\x89PNG")
    assert metadata == {"image/png": {"alt": "A falling line."}}
    assert data["text/plain"] == "Figure: A falling line."


def test_png_rendering_is_byte_identical_run_to_run():
    def render():
        fig = style.new_figure(2, 2)
        fig.add_subplot().plot([0, 1, 2], [2, 0, 1])
        return style.png_bytes(fig)

    assert render() == render()


def test_one_axes_figure_returns_the_figure_and_the_alt_text_its_drawing_wrote():
    fig, alt = style.one_axes_figure(lambda ax: ax.plot([0, 1]) and "A rising line", 4.0, 3.0)
    assert len(fig.axes) == 1 and alt == "A rising line"
    assert tuple(fig.get_size_inches()) == (4.0, 3.0)

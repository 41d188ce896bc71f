"""Static figures are shown from figures/ (kept current by `make figures`), not redrawn."""

import base64
import html
import re

import nbformat
import pytest

from helpers import figures
from tests.notebooks import NOTEBOOKS, ROOT


def test_a_static_figure_is_the_committed_file_with_its_alt_text():
    shown = figures.static_figure("00_course_map")
    alt = (ROOT / "figures" / "00_course_map.alt.txt").read_text(encoding="utf-8").strip()
    assert shown.alt == alt and shown.mime == "image/svg+xml"
    assert shown.data == (ROOT / "figures" / "00_course_map.svg").read_bytes()
    bundle = shown._repr_mimebundle_()
    src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', bundle["text/html"]).group(1)
    assert base64.b64decode(src) == shown.data
    assert f'alt="{html.escape(alt)}"' in bundle["text/html"]
    assert bundle["text/plain"] == f"Figure: {alt}"


def test_the_smaller_committed_file_is_shown_to_keep_pages_light():
    for stem in figures.STATIC_FIGURES:
        shown = figures.static_figure(stem)
        sizes = {s: (ROOT / "figures" / f"{stem}.{s}").stat().st_size for s in ("svg", "png")}
        assert len(shown.data) == min(sizes.values()), stem


def test_without_figures_folder_the_figure_is_drawn_instead(tmp_path):
    assert figures.static_figure("04_risk_factors", folder=tmp_path) is None


def test_an_unknown_figure_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown static figure 'nope'; choose from"):
        figures.static_figure("nope")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_show_static_figures_from_figures_without_redrawing(path):
    sources = [c.source for c in nbformat.read(path, as_version=4).cells
               if c.cell_type == "code"]
    for name in ("course_map_figure", "cascade_figure", "flow_figure", "side_by_side_figure",
                 "risk_factor_figure", "nice_pathway_image", "heparin_figure",
                 "warfarin_figure", "doac_figure", "recurrence_figure",
                 "nerve_recovery_figure"):
        assert not any(name + "(" in s for s in sources), f"{name}: use figures.show(stem)"
    for stem in re.findall(r'figures\.show\("([^"]+)"\)', "\n".join(sources)):
        assert stem in figures.STATIC_FIGURES


STEMS_BY_PAGE = {
    "00_start_here.html": ["00_course_map"],
    "01_clot_formation.html": ["01_coagulation_cascade", "01_thrombin_flow"],
    "03_nerve_map.html": ["03_nerve_map_front", "03_nerve_map_back"],
    "04_signs_and_risk.html": ["04_risk_factors"],
    "05_differential.html": ["05_nice_ng158_pathway"],
    "06_treatment.html": ["06_heparins", "06_warfarin_inr", "06_doacs"],
    "07_prognosis_and_prevention.html": ["07_nerve_time_windows", "07_recurrence"],
}


@pytest.mark.parametrize("name", STEMS_BY_PAGE)
def test_static_figures_are_drawn_in_the_offline_pages_with_their_alt_text(offline_page, site,
                                                                          name):
    offline_page.goto((site / name).as_uri())
    for stem in STEMS_BY_PAGE[name]:
        alt = figures.static_figure(stem).alt
        image = offline_page.locator(f"img.cn-static-figure[alt={alt!r}]")
        assert image.count() == 1, stem
        assert image.evaluate("i => i.complete && i.naturalWidth > 0"), f"{stem} is broken"
    assert offline_page.blocked == []

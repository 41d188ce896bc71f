"""The drawings of notebook 05's pathway maths: Fagan's nomogram (matplotlib and SVG) and the
NICE NG158 flowchart."""

import re

from helpers import pathway, pathway_views, style


def test_plot_fagan_returns_alt_text_with_the_numbers():
    fig = style.new_figure()
    alt = pathway_views.plot_fagan(fig.add_subplot(), pathway.fagan_reading(0.19, 0.12, "D-dimer"))
    assert alt.startswith("Fagan nomogram")
    assert "19.0%" in alt and "0.12 for D-dimer" in alt and "2.7%" in alt


def test_fagan_svg_is_labelled_and_places_the_line_on_the_scales():
    svg = pathway_views.fagan_svg(pathway.fagan_reading(0.5, 1.0))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Fagan nomogram" in svg
    # Pre-test 50% with LR 1 is a horizontal line at the middle of the scales.
    line = re.search(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" '
                     r'stroke="#D55E00"', svg)
    assert line and line.group(2) == line.group(4)


def test_post_test_beyond_the_scale_is_clipped_not_lost():
    reading = pathway.fagan_reading(0.99, 1000)
    assert reading.post_test > 0.9999
    svg = pathway_views.fagan_svg(reading)
    assert "stroke=\"#D55E00\"" in svg


def test_every_non_final_step_has_a_place_and_outcomes_repeat_beside_their_step():
    path = pathway.nice_pathway()
    boxes = pathway_views._place_nodes(path)
    assert {n.id for n, *_ in boxes if n.kind != "end"} == set(pathway_views.PATHWAY_LAYOUT)
    outcome_boxes = [b for b in boxes if b[0].kind == "end"]
    assert len(outcome_boxes) == sum(path.nodes[e.target].kind == "end" for e in path.edges)
    places = [(x, y) for _n, x, y, _i in boxes]
    assert len(places) == len(set(places)), "two boxes share a place"


def test_pathway_figure_alt_text_comes_from_the_data():
    fig, alt = pathway_views.nice_pathway_figure()
    path = pathway.nice_pathway()
    assert alt.startswith(f"Flowchart, {path.title}, with {len(path.nodes)} steps")
    assert "likely (≥ 2)" in alt and "'DVT unlikely'" in alt
    assert style.png_bytes(fig).startswith(b"\x89PNG")


def test_pathway_image_carries_its_alt_text():
    image = pathway_views.nice_pathway_image()
    data, metadata = image._repr_mimebundle_()
    assert data["image/png"].startswith(b"\x89PNG")
    assert metadata["image/png"]["alt"].startswith("Flowchart, NICE NG158")

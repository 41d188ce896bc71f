"""The nerve map: territory data, the localizer, the drawings and the numb-area explorer."""


import numpy as np
import pytest
from matplotlib.path import Path

from helpers import figures, nerve_views, nerves, references

TOLERANCE = 0.02      # map units (the leg is about 6 wide and 31 tall)
ISSUE_NERVES = {"lateral_femoral_cutaneous", "femoral", "obturator",
                "posterior_femoral_cutaneous", "saphenous", "common_fibular",
                "superficial_fibular", "deep_fibular", "sural", "tibial"}


def _inside(outline, points, tolerance=TOLERANCE):
    """True for points inside the outline or within ``tolerance`` of its border."""
    path = Path(np.asarray(outline))
    pts = np.asarray(points, dtype=float)
    inside = path.contains_points(pts)
    ring = np.asarray((*outline, outline[0]), dtype=float)
    a, b = ring[:-1], ring[1:]
    for i, p in enumerate(pts):
        if inside[i]:
            continue
        t = np.clip(((p - a) * (b - a)).sum(1) / ((b - a) ** 2).sum(1), 0, 1)
        inside[i] = np.min(np.hypot(*(a + t[:, None] * (b - a) - p).T)) <= tolerance
    return inside


def _area(points):
    """Signed area of a polygon (shoelace)."""
    x, y = np.asarray(points, dtype=float).T
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


def _all_shapes():
    for item in nerves.territories() + nerves.dermatomes():
        for shape in item.shapes:
            yield item.key, shape


# --- the known patterns ----------------------------------------------------------------------

# Textbook localisations the issue asks for: first web space = deep fibular (StatPearls, Lezak
# 2024), lateral thigh = lateral femoral cutaneous (meralgia paresthetica, Hui 2011), sole =
# tibial via the plantar nerves (Gray 1918), lateral foot = sural (StatPearls sural nerve), medial
# leg = saphenous (Gray 1918).
@pytest.mark.parametrize(("areas", "nerve", "root"), [
    (["first web space"], "deep_fibular", "L5"),
    (["lateral thigh"], "lateral_femoral_cutaneous", "L2"),
    (["sole"], "tibial", "S1"),
    (["lateral foot/little toe edge"], "sural", "S1"),
    (["medial leg"], "saphenous", "L4"),
])
def test_known_patterns_point_to_the_textbook_nerve_and_root(areas, nerve, root):
    result = nerves.localize(areas)
    assert result.explained
    assert result.nerves[0].key == nerve
    assert result.top_nerves[0] == nerve
    assert result.roots[0].key == root
    assert nerves.territory(nerve).short in result.message
    assert {s.nerve for s in result.vulnerable} == {nerve}


def test_ties_go_to_the_nerve_with_fewest_extra_areas():
    # The deep fibular nerve and its parent both cover the first web space; the branch adds nothing.
    ranked = nerves.localize(["first web space"]).nerves
    assert [c.key for c in ranked[:2]] == ["deep_fibular", "common_fibular"]
    assert ranked[0].score == ranked[1].score == 1.0
    assert len(ranked[0].extra) < len(ranked[1].extra)


def test_front_of_leg_top_of_foot_and_web_space_point_to_the_fibular_head():
    # Common fibular neuropathy at the fibular head numbs the branches' skin (Fortier 2021).
    result = nerves.localize(["anterolateral leg", "dorsum of foot", "first web space"])
    assert result.nerves[0].key == "common_fibular"
    sites = {(s.site, s.notebook) for s in result.vulnerable}
    assert ("fibular head", "05") in sites          # a cause compared in notebook 05
    assert "fibular head (notebook 05)" in result.message
    assert result.roots[0].key == "L5" and "L5" in result.message


def test_a_pattern_crossing_dermatomes_says_it_fits_a_nerve_better():
    result = nerves.localize(["anterior thigh", "medial leg"])
    assert result.nerves[0].key == "femoral"
    assert not any(r.fits_all for r in result.roots)
    assert "crosses dermatome borders" in result.message


def test_score_is_the_share_of_selected_areas_covered():
    result = nerves.localize(["anterolateral leg", "dorsum of foot", "sole"])
    scores = {c.key: c.score for c in result.nerves}
    assert scores["superficial_fibular"] == pytest.approx(2 / 3)
    assert scores["tibial"] == pytest.approx(1 / 3)


# --- empty, impossible and unknown selections -------------------------------------------------

@pytest.mark.parametrize("empty", [[], (), set(), [" "][:0]])
def test_nothing_selected_gives_a_message_not_an_error(empty):
    result = nerves.localize(empty)
    assert result.message == nerves.NO_SELECTION
    assert result.nerves == () and result.roots == () and result.vulnerable == ()
    assert not result.explained
    assert "Nothing selected" in result._repr_markdown_()


def test_impossible_combination_says_so_and_names_the_alternatives():
    result = nerves.localize(["lateral thigh", "sole"])
    assert not result.explained
    text = result.message
    assert text.startswith("No single nerve explains both areas")
    assert "No single root covers both either" in text
    for phrase in ("several nerves at once", "polyneuropathy", "'stocking'", "blocked artery",
                   "notebook 02", "Notebook 05"):
        assert phrase in text
    assert set(result.top_nerves) == {"lateral_femoral_cutaneous", "tibial"}


def test_thigh_only_combinations_do_not_suggest_a_stocking_pattern():
    result = nerves.localize(["medial thigh", "posterior thigh"])
    assert not result.explained
    assert "several nerves at once" in result.message
    assert "stocking" not in result.message and "artery" not in result.message


def test_a_whole_foot_pattern_mentions_polyneuropathy_and_ischaemia_first():
    result = nerves.localize(["dorsum of foot", "sole", "heel", "first web space"])
    assert not result.explained
    assert "Numbness of much of one foot fits a single nerve poorly" in result.message


def test_a_combination_one_root_explains_suggests_the_root():
    result = nerves.localize(["posterior calf", "lateral foot/little toe edge", "heel"])
    assert not result.explained
    assert result.roots[0].key == "S1" and result.roots[0].fits_all
    assert "One spinal root, S1, covers them all" in result.message


@pytest.mark.parametrize("bad", [["knee cap"], ["sole", "moon"], "elbow"])
def test_unknown_area_names_raise_value_error_naming_them(bad):
    with pytest.raises(ValueError, match=r"unknown skin area\(s\)") as error:
        nerves.localize(bad)
    message = str(error.value)
    for name in ([bad] if isinstance(bad, str) else bad):
        if name not in nerves.region_names():
            assert repr(name) in message
    assert "choose from: lateral thigh" in message


def test_names_are_matched_without_case_or_spaces_and_repeats_drop():
    assert nerves.check_regions(["  Sole ", "sole", "HEEL"]) == ("heel", "sole")
    assert nerves.localize("first web space").selected == ("first web space",)


# --- the data --------------------------------------------------------------------------------

def test_the_issue_nerves_and_dermatomes_l2_to_s2_are_all_there():
    assert {t.key for t in nerves.territories()} == ISSUE_NERVES
    assert [d.key for d in nerves.dermatomes()] == ["L2", "L3", "L4", "L5", "S1", "S2"]
    labels = [t.label for t in nerves.territories()]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(("key", "shape"), list(_all_shapes()),
                         ids=lambda v: v if isinstance(v, str) else v.view)
def test_every_polygon_is_closable_and_inside_its_view_outline(key, shape):
    points = list(shape.points)
    if points[0] == points[-1]:                      # explicitly closed: drop the repeat
        points = points[:-1]
    assert len(points) >= 3, key
    assert abs(_area(points)) > 0.05, f"{key} on {shape.view} is degenerate"
    inside = _inside(nerves.outline(shape.view), points)
    assert inside.all(), f"{key} on {shape.view}: {np.asarray(points)[~inside]} outside the leg"


@pytest.mark.parametrize(("key", "shape"), list(_all_shapes()))
def test_point_in_polygon_agrees_with_matplotlib_on_every_polygon(key, shape):
    # 2,000 seeded points over the polygon's bounding box (and a margin), its vertices' mean and
    # every area's anchor on its view: Shape.contains and matplotlib's Path agree on each.
    rng = np.random.default_rng(16)
    xy = np.asarray(shape.points, dtype=float)
    low, high = xy.min(axis=0) - 0.5, xy.max(axis=0) + 0.5
    points = [*rng.uniform(low, high, size=(2000, 2)), xy.mean(axis=0),
              *(r.anchor for r in nerves.regions() if r.view == shape.view)]
    expected = Path(xy).contains_points(np.asarray(points))
    got = [shape.contains((float(x), float(y))) for x, y in points]
    assert got == expected.tolist(), key
    assert 0 < sum(got) < len(got), key                 # both answers occur


def test_coverage_is_what_matplotlib_point_in_polygon_gives():
    def covered(shapes):
        return {r.name for r in nerves.regions()
                if any(s.view == r.view and Path(np.asarray(s.points)).contains_point(r.anchor)
                       for s in shapes)}

    for t in nerves.territories():
        own = covered(t.shapes).union(*(covered(b.shapes) for b in nerves.territories()
                                        if b.part_of == t.key))
        assert nerves.nerve_coverage()[t.key] == own, t.key
    for d in nerves.dermatomes():
        assert nerves.root_coverage()[d.key] == covered(d.shapes), d.key


@pytest.mark.parametrize("view", nerves.VIEWS)
def test_outlines_are_simple_closable_polygons(view):
    assert len(nerves.outline(view)) >= 10
    assert abs(_area(nerves.outline(view))) > 50


def test_every_region_anchor_is_on_the_leg_and_covered_by_a_nerve_and_a_root():
    for region in nerves.regions():
        assert _inside(nerves.outline(region.view), [region.anchor]).all(), region.name
        assert any(region.name in c for c in nerves.nerve_coverage().values()), region.name
        assert any(region.name in c for c in nerves.root_coverage().values()), region.name


def test_every_record_is_sourced_from_the_bibliography():
    refs = references.bibliography_data()
    records = (list(nerves.territories()) + list(nerves.dermatomes())
               + list(nerves.vulnerable_sites()) + list(nerves.neighbourhoods()))
    for record in records:
        assert record.sources, f"{record} has no source"
        missing = set(record.sources) - refs.keys()
        assert not missing, f"{getattr(record, 'key', record)} cites unknown {missing}"


@pytest.mark.parametrize("nerve", sorted(ISSUE_NERVES))
def test_every_nerve_is_top_ranked_for_some_single_area(nerve):
    winners = {r.name: nerves.localize([r.name]).nerves[0].key for r in nerves.regions()}
    assert nerve in winners.values(), f"no area selects the {nerve} nerve first"


def test_every_root_is_top_ranked_for_some_single_area():
    winners = {nerves.localize([r.name]).roots[0].key for r in nerves.regions()}
    assert winners == {d.key for d in nerves.dermatomes()}


def test_every_nerve_has_a_vulnerable_site_and_pointers_go_where_the_topic_is_taught():
    sites = nerves.vulnerable_sites()
    assert {s.nerve for s in sites} == ISSUE_NERVES
    assert {s.notebook_file for s in sites} == {"02_ischemia_and_compression.ipynb",
                                                "05_differential.ipynb", "06_treatment.ipynb",
                                                None}
    pointers = {(s.nerve, s.site): s.notebook for s in sites}
    # 02 teaches compartment pressure; 05 compares meralgia paresthetica and fibular compression
    # at the fibular head; 06 teaches bleeding on anticoagulants. Topics no notebook covers (tarsal
    # tunnel, Baker cyst, vein surgery) have no pointer.
    assert pointers[("deep_fibular", "anterior compartment or front of the ankle")] == "02"
    assert pointers[("lateral_femoral_cutaneous", "inguinal ligament")] == "05"
    assert pointers[("common_fibular", "fibular head")] == "05"
    assert pointers[("femoral", "inguinal ligament")] == "06"
    assert pointers[("tibial", "tarsal tunnel")] is None
    assert pointers[("common_fibular", "popliteal fossa")] is None
    named = {s.site for s in sites}
    for site in ("fibular head", "popliteal fossa", "inguinal ligament", "tarsal tunnel"):
        assert site in named


def test_branches_point_to_existing_parents_and_parents_cover_their_branches():
    coverage = nerves.nerve_coverage()
    for t in nerves.territories():
        if t.part_of:
            assert coverage[t.key] <= coverage[nerves.territory(t.part_of).key]


def test_neighbourhoods_name_nerve_artery_vein_and_the_numbness_that_follows():
    places = {n.name: n for n in nerves.neighbourhoods()}
    assert {"femoral triangle", "popliteal fossa", "anterior compartment", "lateral compartment",
            "deep posterior compartment", "superficial posterior compartment"} == set(places)
    assert "first web space" in places["anterior compartment"].numbness
    assert "sole" in places["deep posterior compartment"].numbness
    for place in places.values():
        assert place.nerve and place.artery and place.vein and place.numbness
        assert _inside(nerves.outline(place.view), [place.anchor]).all()


def test_tables_cite_each_row():
    assert nerves.territory_table()._repr_markdown_().count("](#ref-") >= 10
    assert "ISNCSCI" in nerves.dermatome_table()._repr_markdown_()
    assert "(#ref-gray1918)" in nerves.neighbourhood_table()._repr_markdown_()
    site_table = nerves.localize(["sole"]).site_table()._repr_markdown_()
    assert "notebook" not in site_table and "| — |" in site_table     # tarsal tunnel, Baker cyst
    site_table = nerves.localize(["lateral thigh"]).site_table()._repr_markdown_()
    assert "[notebook 05](05_differential.ipynb)" in site_table


def test_sural_nerve_roots_are_s1_and_s2():
    # Usually S1-S2 (Kenhub; Radiopaedia), not the union of its parents' roots.
    sural = nerves.territory("sural")
    assert sural.roots == ("S1", "S2") and "kenhub_sural" in sural.sources
    row = next(r for r in nerves.territory_table().rows if r[0] == "Sural nerve")
    assert row[2] == "S1–S2"


def test_femoral_site_names_the_bleed_on_anticoagulants_and_its_urgency():
    site = next(s for s in nerves.vulnerable_sites() if s.nerve == "femoral")
    assert "anticoagulants" in site.mechanism and "Urgent" in site.mechanism
    assert "parmer2006" in site.sources and site.notebook_file == "06_treatment.ipynb"


# --- figures and alt text --------------------------------------------------------------------

@pytest.mark.parametrize("view", nerves.VIEWS)
def test_side_by_side_alt_text_describes_every_patch_from_the_data(view):
    fig, alt = nerve_views.side_by_side_figure(view)
    assert len(fig.axes) == 2
    assert alt.startswith(f"Two schematic maps of the {nerves.view_label(view).lower()}")
    assert "Schematic drawing (not to scale)" in alt and "overlap and vary" in alt
    for item in nerves.territories() + nerves.dermatomes():
        if any(s.view == view for s in item.shapes):
            assert f"{item.label} " in alt, item.key
    assert len(alt) > 500


def test_highlighted_map_names_the_stars_and_the_emphasised_nerve():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    alt = nerve_views.plot_map(ax, "front", "nerves", highlight=["first web space"])
    plt.close(fig)
    assert "Stars mark the selected areas on this view: first web space." in alt
    assert "Emphasised: Deep fibular (peroneal) nerve." in alt


def test_plot_map_rejects_unknown_views_layers_and_areas():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="view must be one of"):
        nerve_views.plot_map(ax, "side")
    with pytest.raises(ValueError, match="layer must be one of"):
        nerve_views.plot_map(ax, "front", "veins")
    with pytest.raises(ValueError, match="'shin bone'"):
        nerve_views.plot_map(ax, "front", highlight=["shin bone"])
    plt.close(fig)


def test_front_and_back_of_one_layer_share_a_figure():
    fig, alt = nerve_views.map_figure("dermatomes", highlight=["sole"])
    assert len(fig.axes) == 2
    assert "front of the right leg" in alt and "back of the right leg, with the sole" in alt
    assert "Stars mark the selected areas on this view: sole." in alt


def test_static_figures_are_registered_with_alt_text():
    for stem in ("03_nerve_map_front", "03_nerve_map_back"):
        fig, alt = figures.STATIC_FIGURES[stem]()
        assert len(fig.axes) == 2 and len(alt) > 500


# --- the explorer ----------------------------------------------------------------------------

@pytest.fixture
def view():
    return nerve_views.explorer()


def _tick(view, *names: str) -> None:
    """Tick exactly ``names`` in the live explorer."""
    for name in nerves.region_names():
        view.controls.widgets[nerve_views.control_key(name)].value = name in names


def test_explorer_shows_the_default_case_on_first_display(view):
    controls = view.controls
    ticked = [n for n in nerves.region_names()
              if controls.widgets[nerve_views.control_key(n)].value]
    assert tuple(ticked) == nerve_views.DEFAULT_SELECTION
    assert "Best fit: the common fibular nerve" in controls.status.value
    assert "<caption>Nerves, best fit first</caption>" in controls.plot.value
    assert ".cn-nervemap .cn-region-first-web-space {display: inline;}" in controls.plot.value
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    twin = bundle["text/html"]
    assert twin.startswith('<section class="cn-explorer" id="cn-ex-nervemap"')
    assert twin.count('type="checkbox"') == len(nerves.region_names())
    assert '<div class="cn-nervemap" role="img"' in twin and "<img" not in twin
    assert 'Panel 1: Schematic drawing' in twin
    assert bundle["text/plain"].startswith("Nerve map explorer. Best fit: the common fibular")


def test_selecting_areas_updates_message_table_map_and_alt(view):
    controls = view.controls
    _tick(view, "sole")
    assert "Best fit: the tibial nerve" in controls.status.value
    assert "tarsal tunnel" in controls.plot.value
    assert ".cn-region-sole {display: inline;}" in controls.plot.value
    assert ".cn-region-first-web-space" not in controls.plot.value
    assert "Stars mark the selected areas on this view: sole." in controls.frame.alt
    assert controls.frame.result.top_nerves == ("tibial",)
    assert 'id="cn-nervemap-alt"' in controls.plot.value


def test_clearing_the_selection_shows_a_message_not_an_error(view):
    controls = view.controls
    _tick(view)
    assert nerves.NO_SELECTION in controls.status.value
    assert "<table" not in controls.plot.value
    assert "Stars mark" not in controls.frame.alt


def test_impossible_selection_in_the_widget_reads_as_text(view):
    controls = view.controls
    _tick(view, "lateral thigh", "sole")
    assert "No single nerve explains both areas" in controls.status.value
    assert "⚠" not in controls.status.value


def test_unknown_names_are_refused_with_the_allowed_ones():
    with pytest.raises(ValueError, match=r"kneecap.*choose from"):
        nerve_views.explorer(("kneecap",))


def test_static_twin_is_byte_identical_run_to_run():
    assert nerve_views.explorer().static_html() == nerve_views.explorer().static_html()


def test_stored_map_is_current_and_is_what_the_drawing_gives():
    stored = nerve_views.stored_base_svg()
    hint = "run `python -m helpers.display grids` to redraw the stored nerve map"
    assert stored is not None, hint
    assert stored == nerve_views.draw_base_svg(), hint
    assert stored.startswith("<svg ") and 'class="cn-region-first-web-space"' in stored


def test_the_explorer_shows_the_stored_map_without_drawing(monkeypatch):
    def refuse() -> str:
        raise AssertionError("the map was drawn at run time")

    monkeypatch.setattr(nerve_views, "draw_base_svg", refuse)
    nerve_views.base_svg.cache_clear()
    try:
        assert nerve_views.base_svg() in nerve_views.backdrop()
    finally:
        nerve_views.base_svg.cache_clear()


def test_a_stale_stored_map_is_not_used(monkeypatch):
    monkeypatch.setattr(nerve_views, "backdrop_fingerprint", lambda: "0" * 64)
    assert nerve_views.stored_base_svg() is None


def test_each_dermatome_contains_its_isncsci_key_sensory_point():
    # Kirshblum 2011: L2 mid-anterior thigh, L3 medial femoral condyle, L4 medial malleolus,
    # L5 dorsum of the foot at the third MTP joint, S1 lateral heel, S2 popliteal fossa.
    for d in nerves.dermatomes():
        shapes = [s for s in d.shapes if s.view == d.key_point_view]
        assert any(s.contains(d.key_point_at) for s in shapes), d.key


@pytest.mark.parametrize("bad", [None, 42])
def test_a_selection_that_is_not_a_list_of_names_is_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="choose skin areas"):
        nerves.localize(bad)

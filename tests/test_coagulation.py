"""The Hockin–Mann thrombin model (Hockin et al., 2002) and its explorer."""

import dataclasses
import json
import random
from importlib import resources

import numpy as np
import pytest
import scipy.integrate
from traitlets import TraitError

from helpers import coagulation, coagulation_views, display
from tests.precision import frame_differences


def test_network_has_the_published_size():
    net = coagulation.network()
    assert len(net.species) == 34                       # Hockin 2002: 34 species
    assert net.stoich.shape == (34, 43)                 # 42 constants, k25 used twice


def test_default_curve_matches_the_reference_implementations():
    # Two public implementations of the published constants give ~199 s and ~395 nM at 5 pM TF.
    curve = coagulation.thrombin_generation()
    assert curve.lag_min * 60 == pytest.approx(199, abs=5)
    assert curve.peak_nm == pytest.approx(395, rel=0.02)
    assert np.all(curve.thrombin_nm >= 0)


def test_every_reaction_conserves_tissue_factor():
    net = coagulation.network()
    with_tf = [i for i, s in enumerate(net.species) if s == "TF" or s.startswith("TF_")]
    assert np.all(net.stoich[with_tf].sum(axis=0) == 0)


def test_stronger_trigger_shortens_the_lag():
    lags = [coagulation.thrombin_generation(tf).lag_min for tf in (2, 5, 10, 25)]
    assert lags == sorted(lags, reverse=True)


def test_washout_delays_then_abolishes_the_burst():
    still, gentle, brisk = (coagulation.thrombin_generation(washout_per_s=k)
                            for k in (0.0, 0.001, 0.01))
    assert still.lag_min < gentle.lag_min and gentle.peak_nm < still.peak_nm
    assert not brisk.burst and brisk.lag_min is None


def test_less_antithrombin_gives_a_bigger_burst():
    low, normal = (coagulation.thrombin_generation(antithrombin_percent=p) for p in (50, 100))
    assert low.peak_nm > normal.peak_nm and low.area_nm_min > normal.area_nm_min


@pytest.mark.parametrize("kwargs", [{"tissue_factor_pm": -3}, {"tissue_factor_pm": "abc"},
                                    {"washout_per_s": float("nan")},
                                    {"antithrombin_percent": 1e9}])
def test_bad_input_names_the_value_and_range(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        coagulation.thrombin_generation(**kwargs)


def test_explorer_shows_the_default_case_and_updates_on_slider_change():
    c = coagulation_views.thrombin_explorer()
    assert "Lag 3.3 min · peak 395 nM" in c.status.value
    assert c.plot.value.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    before = c.plot.value
    c.tissue_factor.value = 20.0
    assert "Lag 1.3 min" in c.status.value and c.plot.value != before
    c.washout.value = 0.02
    c.tissue_factor.value = 1.0
    assert "No clotting burst" in c.status.value
    assert "no burst, thrombin stays below 2 nM" not in c.plot.value   # the default did burst


def test_sliders_offer_only_their_stops_and_refuse_anything_else():
    c = coagulation_views.thrombin_explorer()
    view = c.plot.value
    for name, bad in (("tissue_factor", 25.0), ("washout", float("nan")), ("antithrombin", 1e308)):
        with pytest.raises(TraitError):
            c.widgets[name].value = bad
    assert c.plot.value == view and "Lag 3.3 min" in c.status.value


def test_static_form_has_labelled_controls_and_the_default_chart():
    html = coagulation_views.show_explorer()._repr_mimebundle_()["text/html"]
    for label in ("Tissue factor (trigger)", "Flow washout", "Antithrombin"):
        assert f'">{label}</label><input type="range"' in html
    assert 'aria-label="Thrombin activity over 20 minutes. dashed line, default' in html
    assert 'class="cn-ex-data"' in html and "data:image/png" not in html
    bundle = coagulation_views.show_explorer()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def stored_grid() -> dict:
    return json.loads((resources.files("helpers") / "templates" / "explorers" /
                       "thrombin.json").read_text("utf-8"))


def grid_differences(stored: dict, settings: list[dict]) -> list[str]:
    """How the stored grid differs from a fresh solve of each setting, beyond the tolerances
    of tests/precision.py (one unit in a shown digit, 0.1 % of a curve's top)."""
    explorer = coagulation_views.EXPLORER
    grid = {**stored["data"], "grid": display.decode_grid(stored["data"]["grid_gz"])}
    coagulation.default_curve.cache_clear()        # the dashed reference curve is solved too
    found = []
    for values in settings:
        found += frame_differences(display.lookup(grid, values), explorer.frame(values).data(),
                                   str(values))
    coagulation.default_curve.cache_clear()
    return found


def test_stored_grid_is_current_and_holds_every_setting_as_the_model_gives_it():
    # 1,053 solves, about 7 s on one core here (the model takes about 6 ms).
    explorer, stored = coagulation_views.EXPLORER, stored_grid()
    assert stored["fingerprint"] == explorer.fingerprint(), \
        "run `make grids` (python -m helpers.display grids) to recompute the stored grids"
    assert set(stored["solvers"]) == {"numpy", "scipy"}      # what solved it, kept as a record
    settings = explorer.settings()
    assert len(settings) == 13 * 9 * 9
    assert grid_differences(stored, settings) == []
    for values in random.Random(14).sample(settings, 20):
        assert explorer.quick_frame(values).data() == \
            display.lookup(explorer.stored_page_data(), values), values


def test_a_new_solver_version_keeps_the_grid_in_use_and_the_full_check_decides(monkeypatch):
    # A machine with another scipy must not re-solve 1,053 stops when the page is shown, nor fail
    # "the grid is current": the grid stays in use, and the whole-grid check above (every stored
    # stop against a fresh solve, at the precision shown) is what tells whether it still holds.
    explorer = coagulation_views.EXPLORER
    before = explorer.fingerprint()
    monkeypatch.setattr(type(explorer), "solver_versions",
                        lambda self: {"numpy": "2.4.6", "scipy": "9.9.9"})
    assert explorer.fingerprint() == before
    monkeypatch.setattr(type(explorer), "control_data", lambda self: [])
    assert explorer.fingerprint() != before                   # what the grid is made from does


SAMPLE = random.Random(21).sample(coagulation_views.EXPLORER.settings(), 25)


@pytest.mark.parametrize(("relative", "passes"), [(1e-9, True), (1e-5, True), (1e-2, False)])
def test_the_grid_check_ignores_digits_below_those_shown_and_sees_those_above(
        monkeypatch, relative, passes):
    # Every solve's states moved by up to ``relative`` (seeded noise), as another processor's
    # last digits would move them (about 2e-6 here): the check must pass below the shown
    # precision and fail at 1 %.
    solve, rng = scipy.integrate.odeint, np.random.default_rng(21)

    def odeint(*args, **kwargs):
        states, info = solve(*args, **kwargs)
        return states * (1 + relative * rng.uniform(-1, 1, states.shape)), info

    monkeypatch.setattr(scipy.integrate, "odeint", odeint)
    found = grid_differences(stored_grid(), [coagulation_views.EXPLORER.defaults(), *SAMPLE])
    assert (found == []) is passes, found[:3]


def test_rate_constants_moved_in_their_last_digits_give_the_same_grid(monkeypatch):
    # What another BLAS kernel does: the same sums, rounded differently (1e-13 relative); the
    # solver then takes other steps and the raw curves move far more (about 1e-6), but still
    # below what is stored and shown.
    net = coagulation.network()
    moved = net.k * (1 + 1e-13 * np.random.default_rng(7).uniform(-1, 1, net.k.shape))
    with monkeypatch.context() as m:
        m.setattr(coagulation, "round_significant", lambda values: values)
        raw = coagulation.thrombin_generation(20.0, 0.0025, 75.0).thrombin_nm
        m.setattr(coagulation, "network",
                  lambda: dataclasses.replace(net, k=moved, stoich_k=net.stoich * moved))
        shifted = coagulation.thrombin_generation(20.0, 0.0025, 75.0).thrombin_nm
    assert 1e-12 < np.abs(shifted - raw).max() / raw.max() < 1e-4
    monkeypatch.setattr(coagulation, "network",
                        lambda: dataclasses.replace(net, k=moved, stoich_k=net.stoich * moved))
    assert grid_differences(stored_grid(), SAMPLE[:10]) == []


def test_curves_are_rounded_to_the_shown_digits():
    curve = coagulation.thrombin_generation(7.0, 0.005, 25.0)
    assert coagulation.SHOWN_DIGITS == 4
    for value in curve.thrombin_nm:
        assert value == float(f"{value:.4g}")
    assert list(coagulation.round_significant(np.array([0.0, 568.626, 0.00123456, 2.5975])))\
        == [0.0, 568.6, 0.001235, 2.598]


def test_the_explorer_is_shown_from_the_stored_grid_without_solving(monkeypatch):
    def refuse(*_args: object) -> None:
        raise AssertionError("the model was solved to display the explorer")

    monkeypatch.setattr(coagulation, "thrombin_generation", refuse)
    monkeypatch.setattr(display, "_STATIC", {})          # build the static form afresh
    bundle = coagulation_views.show_explorer()._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Thrombin explorer. Lag 3.3 min · peak 395 nM")
    assert 'aria-label="Thrombin activity over 20 minutes. dashed line, default' in \
        bundle["text/html"]


@pytest.mark.parametrize("bad", ["5", True, b"5"])
def test_text_and_booleans_are_not_taken_for_numbers(bad):
    with pytest.raises(ValueError, match="tissue_factor_pm"):
        coagulation.thrombin_generation(tissue_factor_pm=bad)

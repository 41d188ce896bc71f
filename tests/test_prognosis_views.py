"""Figures of notebook 07 (helpers.prognosis_views): what each draws, and alt text written from
the data it drew."""

import pytest
from matplotlib.figure import Figure

from helpers import prognosis, prognosis_views

# --- recurrence after stopping anticoagulation ---------------------------------------------------

def test_the_figure_draws_provoked_curves_solid_to_two_years_then_dashed():
    fig = Figure()
    ax = fig.add_subplot()
    prognosis_views.plot_recurrence(ax, prognosis.recurrence_curves())
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(dashed) == 2
    for line in dashed:
        assert line.get_xdata()[0] == pytest.approx(2.0) and line.get_xdata()[-1] == 5.0


def test_recurrence_alt_text_is_written_from_the_curves():
    _fig, alt = prognosis_views.recurrence_figure()
    for text in ("10.3% at 1 year", "16% at 2 years", "25% at 5 years", "36.1% at 10 years",
                 "95% CI 27.8–45%", "Khan 2019", "Iorio 2010", "4.2% per patient-year",
                 "8.1% by 2 years", "extrapolated (dashed), 18.9% by 5 years"):
        assert text in alt
    fig = Figure()
    short = prognosis.provoked_curve(prognosis.SURGERY, years=1.5)
    alt = prognosis_views.plot_recurrence(fig.add_subplot(), [short])
    assert "1% by 1.5 years" in alt and "extrapolated" not in alt


def test_plotting_nothing_is_refused():
    with pytest.raises(ValueError, match="at least one curve"):
        prognosis_views.plot_recurrence(Figure().add_subplot(), [])


# --- nerves against ischaemia time ---------------------------------------------------------------

def test_nerve_figure_alt_text_names_every_zone_and_timed_window():
    fig, alt = prognosis_views.nerve_recovery_figure()
    assert isinstance(fig, Figure)
    assert alt.startswith("Hours mostly from compartment-syndrome reviews, with the ESVS limit")
    assert "Timeline on a log scale" in alt
    for text in ("usually recovers, up to 4 h", "irreversible damage can begin, 4 h to 6 h",
                 "outcome uncertain, 6 h to 8 h",
                 "permanent, by the most lenient estimate, from 8 h on", "15–45 minutes",
                 "within about 4–6 hours",
                 "within around 6 hours, the end of 4–6 hours",
                 "8 hours (the most lenient estimate)"):
        assert text in alt
    assert "in this order" not in alt          # a window without a time is not drawn

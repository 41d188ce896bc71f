"""Thrombin generation by the Hockin–Mann model (Hockin et al., 2002) with a flow washout term.

numpy and scipy are imported when the model is first built or solved, not with this module: a
notebook that shows the explorer from its stored grid loads neither.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from helpers._data import load

if TYPE_CHECKING:
    import numpy as np

END_S = 1200.0              # simulate 20 minutes, as in Hockin et al. (2002)
LAG_MARKER_NM = 2.0         # lag time: when thrombin activity first reaches 2 nM
MEIZO_WEIGHT = 1.2          # thrombin activity = IIa + 1.2 x meizothrombin, as the model reports it
# Significant digits kept of the solved curve. The solver's tolerance (rtol 1e-6) and the CPU's
# BLAS kernel move the last digits from machine to machine (about 2e-6 relative); the curve is
# rounded to 4 digits before anything is read off, stored or drawn (a chart shows about 3).
SHOWN_DIGITS = 4
LIMITS = {                  # slider ranges the model is offered for (inclusive)
    "tissue_factor_pm": (0.5, 50.0),
    "washout_per_s": (0.0, 0.05),
    "antithrombin_percent": (0.0, 200.0),
}


@dataclass(frozen=True)
class _Network:
    """The reaction network as arrays: stoichiometry, reactant indices and rate constants."""

    species: tuple[str, ...]
    stoich: np.ndarray        # species x reactions
    first: np.ndarray         # index of the first reactant per reaction
    second: np.ndarray        # index of the second reactant, or len(species) for "none"
    k: np.ndarray
    initial: np.ndarray       # plasma levels (M) at time zero
    washout: np.ndarray       # 1.0 for species that flow carries away
    stoich_k: np.ndarray      # stoich scaled by each reaction's rate constant (the Jacobian's)
    first_onehot: np.ndarray  # reactions x species: 1 where the species is the first reactant
    second_onehot: np.ndarray  # reactions x species: 1 where it is the second reactant


@cache
def network() -> _Network:
    """Build the Hockin–Mann network from data/hockin_mann.yaml."""
    import numpy as np

    data = load("hockin_mann.yaml")
    species = tuple(data["species"])
    index = {name: i for i, name in enumerate(species)}
    n, reactions = len(species), data["reactions"]
    stoich = np.zeros((n, len(reactions)))
    first, second = np.full(len(reactions), n), np.full(len(reactions), n)
    for j, r in enumerate(reactions):
        for name in r["from"]:
            stoich[index[name], j] -= 1
        for name in r["to"]:
            stoich[index[name], j] += 1
        first[j] = index[r["from"][0]]
        if len(r["from"]) == 2:
            second[j] = index[r["from"][1]]
    initial = np.zeros(n)
    for name, value in data["initial"].items():
        initial[index[name]] = value
    washout = np.array([1.0 if s in data["washout_species"] else 0.0 for s in species])
    k = np.array([float(r["value"]) for r in reactions])
    onehot = np.eye(n + 1)[:, :n]           # row n (no second reactant) is all zeros
    return _Network(species, stoich, first, second, k, initial, washout, stoich * k,
                    onehot[first], onehot[second])


@dataclass(frozen=True)
class ThrombinCurve:
    """A solved thrombin-generation curve and the numbers a learner reads off it."""

    tissue_factor_pm: float
    washout_per_s: float
    antithrombin_percent: float
    time_min: np.ndarray
    thrombin_nm: np.ndarray
    lag_min: float | None       # None: thrombin never reaches the 2 nM marker
    peak_nm: float
    time_to_peak_min: float
    area_nm_min: float          # area under the curve (thrombin potential)

    @property
    def burst(self) -> bool:
        """Whether the clotting burst happened (thrombin reached the 2 nM marker)."""
        return self.lag_min is not None


def _check(name: str, value: float) -> float:
    """Return ``value`` as a float if it is a number within LIMITS[name], else ValueError."""
    low, high = LIMITS[name]
    if isinstance(value, (bool, str, bytes)):     # float("5") and float(True) would pass silently
        raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r}") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value!r}")
    return number


def thrombin_generation(tissue_factor_pm: float = 5.0, washout_per_s: float = 0.0,
                        antithrombin_percent: float = 100.0) -> ThrombinCurve:
    """Solve 20 min of thrombin generation for a TF trigger (pM), flow washout and AT level.

    LSODA (it switches between stiff and non-stiff steps) with the analytic Jacobian, through
    ``scipy.integrate.odeint``, which drives ODEPACK's solver from compiled code: the method
    ``solve_ivp(method="LSODA")`` wraps, in about a third of the time (``make bench``).
    """
    import numpy as np
    from scipy.integrate import odeint

    tf = _check("tissue_factor_pm", tissue_factor_pm)
    kw = _check("washout_per_s", washout_per_s)
    at = _check("antithrombin_percent", antithrombin_percent)
    net = network()
    n = len(net.species)
    y0 = net.initial.copy()
    y0[net.species.index("TF")] = tf * 1e-12
    y0[net.species.index("ATIII")] *= at / 100.0
    loss = kw * net.washout
    d_loss = np.diag(loss)
    ext = np.ones(n + 1)            # the state and a trailing 1 (the "second reactant" of none)

    def rhs(y: np.ndarray, _t: float) -> np.ndarray:
        ext[:n] = y
        return net.stoich @ (net.k * ext[net.first] * ext[net.second]) - loss * y

    def jacobian(y: np.ndarray, _t: float) -> np.ndarray:
        ext[:n] = y
        return ((net.stoich_k * ext[net.second]) @ net.first_onehot
                + (net.stoich_k * ext[net.first]) @ net.second_onehot - d_loss)

    times = np.linspace(0.0, END_S, 241)
    states, info = odeint(rhs, y0, times, Dfun=jacobian, rtol=1e-6, atol=1e-16,
                          full_output=True)
    if info["message"] != "Integration successful.":
        raise RuntimeError(f"the thrombin model did not converge: {info['message']}")
    free, meizo = (states[:, net.species.index(s)] for s in ("IIa", "mIIa"))
    active = free + MEIZO_WEIGHT * meizo
    thrombin = round_significant(np.clip(active, 0.0, None) * 1e9)
    time_min = times / 60.0
    above = np.nonzero(thrombin >= LAG_MARKER_NM)[0]
    lag = None
    if above.size:
        i = above[0]
        lag = float(np.interp(LAG_MARKER_NM, thrombin[i - 1:i + 1], time_min[i - 1:i + 1])) \
            if i > 0 else 0.0
    peak_index = int(np.argmax(thrombin))
    return ThrombinCurve(tf, kw, at, time_min, thrombin, lag, float(thrombin[peak_index]),
                         float(time_min[peak_index]), float(np.trapezoid(thrombin, time_min)))


def round_significant(values: np.ndarray, digits: int = SHOWN_DIGITS) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits each (zeros stay zero)."""
    import numpy as np

    magnitude = np.floor(np.log10(np.abs(values), where=values != 0,
                                  out=np.zeros_like(values)))
    scale = 10.0 ** (digits - 1 - magnitude)
    return np.round(values * scale) / scale


@cache
def default_curve() -> ThrombinCurve:
    """The curve at default settings, solved once and shared (treat as read-only)."""
    return thrombin_generation()

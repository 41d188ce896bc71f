"""How a clot starves or squeezes a nerve: ischaemia time windows as data, compression as a model.

The compression model is a chain of textbook relations with illustrative parameters:
venous outflow obstruction (0–1) → venous pressure → capillary pressure (series resistances:
Pc = (Rv/Ra·Pa + Pv) / (1 + Rv/Ra)) → Starling filtration (Levick & Michel 2010 form,
Jv = Lp·S·[(Pc − Pi) − σ(πc − πi)]) → interstitial fluid kept in the compartment → compartment
pressure (an illustrative exponential compliance curve) → perfusion pressure
ΔP = diastolic blood pressure − compartment pressure, compared with the published danger line
ΔP < 30 mmHg (McQueen & Court-Brown 1996). It teaches the direction of each effect, not numbers
for a patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from helpers import checks
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

# Published: fasciotomy if diastolic minus compartment pressure falls below 30 mmHg
# (McQueen & Court-Brown 1996); the absolute 30 mmHg line is the one they compared it with.
DELTA_P_THRESHOLD_MMHG = 30.0
ABSOLUTE_THRESHOLD_MMHG = 30.0
DIASTOLIC_RANGE_MMHG = (30.0, 130.0)


# --- input checks --------------------------------------------------------------------------

def _number(name: str, value: Any, low: float, high: float, unit: str) -> float:
    """``value`` as a float in [low, high]; ValueError naming the value and the allowed range."""
    return checks.number(name, value, low, high, f"a number from {low:g} to {high:g}{unit}")


def check_obstruction(value: Any) -> float:
    """A venous outflow obstruction as a fraction from 0 (open) to 1 (fully blocked)."""
    return _number("obstruction", value, 0.0, 1.0, " (0 = open, 1 = fully blocked)")


def check_diastolic(value: Any) -> float:
    """A diastolic blood pressure in mmHg within the range the model accepts."""
    low, high = DIASTOLIC_RANGE_MMHG
    return _number("diastolic_bp_mmhg", value, low, high, " mmHg")


# --- the compression model -----------------------------------------------------------------

@dataclass(frozen=True)
class CompressionParameters:
    """Parameters of the compression model, all illustrative (plausible, not fitted)."""

    arterial_pressure_mmhg: float = 90.0        # pressure entering the arterioles
    central_venous_pressure_mmhg: float = 5.0   # pressure the leg veins drain towards
    precapillary_resistance: float = 4.0        # Ra, relative units (Ra/Rv about 4)
    postcapillary_resistance: float = 1.0       # Rv, relative units
    outflow_resistance: float = 0.5             # open deep veins; grows as 1/(1 − obstruction)
    plasma_oncotic_mmhg: float = 25.0           # πc
    interstitial_oncotic_mmhg: float = 6.0      # πi
    reflection_coefficient: float = 1.0         # σ
    filtration_coefficient_ml_min_mmhg: float = 0.002   # Lp·S per 100 mL of tissue
    lymph_gain_ml_min_mmhg: float = 0.001       # extra lymph flow per mmHg of tissue pressure
    resting_compartment_pressure_mmhg: float = 8.0
    compliance_volume_ml: float = 5.0           # Vc in P = P_rest·exp(V / Vc), per 100 mL

    @property
    def resistance_ratio(self) -> float:
        """Rv/Ra, the weight of venous against arterial pressure in capillary pressure."""
        return self.postcapillary_resistance / self.precapillary_resistance


DEFAULT_PARAMETERS = CompressionParameters()


def venous_pressure_mmhg(obstruction: Any, params: CompressionParameters = DEFAULT_PARAMETERS
                         ) -> float:
    """Venous pressure (mmHg) upstream of an outflow obstruction (0 = open, 1 = fully blocked)."""
    o = check_obstruction(obstruction)
    p = params
    upstream = p.precapillary_resistance + p.postcapillary_resistance
    # Series resistances; the outflow resistance is R0/(1 − o), written to stay finite at o = 1.
    share = p.outflow_resistance / (p.outflow_resistance + (1.0 - o) * upstream)
    return p.central_venous_pressure_mmhg + (
        p.arterial_pressure_mmhg - p.central_venous_pressure_mmhg) * share


def capillary_pressure_mmhg(venous_mmhg: float,
                            params: CompressionParameters = DEFAULT_PARAMETERS) -> float:
    """Capillary pressure (mmHg): Pc = (Rv/Ra·Pa + Pv) / (1 + Rv/Ra)."""
    pv = _number("venous_mmhg", venous_mmhg, 0.0, 300.0, " mmHg")
    ratio = params.resistance_ratio
    return (ratio * params.arterial_pressure_mmhg + pv) / (1.0 + ratio)


def starling_filtration_ml_min(capillary_mmhg: float, interstitial_mmhg: float,
                               params: CompressionParameters = DEFAULT_PARAMETERS) -> float:
    """Filtration Jv (mL/min per 100 mL) = Lp·S·[(Pc − Pi) − σ(πc − πi)] (Levick & Michel 2010)."""
    pc = _number("capillary_mmhg", capillary_mmhg, 0.0, 300.0, " mmHg")
    pi = _number("interstitial_mmhg", interstitial_mmhg, 0.0, 300.0, " mmHg")
    p = params
    oncotic = p.reflection_coefficient * (p.plasma_oncotic_mmhg - p.interstitial_oncotic_mmhg)
    return p.filtration_coefficient_ml_min_mmhg * ((pc - pi) - oncotic)


def _baseline_lymph_ml_min(params: CompressionParameters) -> float:
    """Lymph flow that balances filtration in an open leg at resting compartment pressure."""
    pc0 = capillary_pressure_mmhg(venous_pressure_mmhg(0.0, params), params)
    return starling_filtration_ml_min(pc0, params.resting_compartment_pressure_mmhg, params)


def compliance_pressure_mmhg(excess_fluid_ml: float | NDArray[np.float64],
                             params: CompressionParameters = DEFAULT_PARAMETERS
                             ) -> float | NDArray[np.float64]:
    """Compartment pressure (mmHg) for extra fluid (mL per 100 mL): illustrative P0·exp(V/Vc)."""
    return params.resting_compartment_pressure_mmhg * np.exp(
        np.asarray(excess_fluid_ml) / params.compliance_volume_ml)


def excess_fluid_ml(compartment_mmhg: float,
                    params: CompressionParameters = DEFAULT_PARAMETERS) -> float:
    """Extra interstitial fluid (mL per 100 mL) that the compliance curve needs for a pressure."""
    ratio = compartment_mmhg / params.resting_compartment_pressure_mmhg
    return params.compliance_volume_ml * math.log(max(ratio, 1.0))


@dataclass(frozen=True)
class CompressionState:
    """The steady state of the leg for one obstruction level and diastolic pressure (mmHg)."""

    obstruction: float
    diastolic_bp_mmhg: float
    venous_mmhg: float
    capillary_mmhg: float
    filtration_ml_min: float          # mL/min per 100 mL of tissue, at the steady state
    excess_fluid_ml: float            # extra interstitial fluid, mL per 100 mL of tissue
    compartment_mmhg: float
    delta_p_mmhg: float               # diastolic minus compartment pressure

    @property
    def below_threshold(self) -> bool:
        """True when ΔP is under the published 30 mmHg danger line."""
        return self.delta_p_mmhg < DELTA_P_THRESHOLD_MMHG

    def sentence(self) -> str:
        """One plain sentence stating ΔP and whether it is below 30 mmHg."""
        verdict = ("BELOW the 30 mmHg danger line: the nerves and muscles in the compartment "
                   "are losing their blood supply" if self.below_threshold
                   else "above the 30 mmHg danger line")
        return (f"Veins {self.obstruction:.0%} blocked: compartment pressure "
                f"{self.compartment_mmhg:.0f} mmHg, ΔP = {self.diastolic_bp_mmhg:.0f} − "
                f"{self.compartment_mmhg:.0f} = {self.delta_p_mmhg:.0f} mmHg, {verdict}.")

    def __repr__(self) -> str:
        return (f"venous pressure {self.venous_mmhg:.1f} mmHg → capillary pressure "
                f"{self.capillary_mmhg:.1f} mmHg → extra fluid {self.excess_fluid_ml:.1f} mL "
                f"per 100 mL → compartment pressure {self.compartment_mmhg:.1f} mmHg\n"
                + self.sentence())


def _steady_compartment_mmhg(capillary_mmhg: float, params: CompressionParameters) -> float:
    """Compartment pressure at which filtration equals lymph flow (never below resting)."""
    p = params
    rest = p.resting_compartment_pressure_mmhg
    pc0 = capillary_pressure_mmhg(venous_pressure_mmhg(0.0, p), p)
    # Lp·S·[(Pc − Pi) − σΔπ] = J0 + G·(Pi − P_rest)  ⇒  Pi = P_rest + Lp·S/(Lp·S + G)·(Pc − Pc0)
    k, g = p.filtration_coefficient_ml_min_mmhg, p.lymph_gain_ml_min_mmhg
    return max(rest, rest + k / (k + g) * (capillary_mmhg - pc0))


def compression_state(obstruction: Any, diastolic_bp_mmhg: Any = 70.0,
                      params: CompressionParameters = DEFAULT_PARAMETERS) -> CompressionState:
    """Solve the chain obstruction → compartment pressure → ΔP at steady state."""
    o = check_obstruction(obstruction)
    dbp = check_diastolic(diastolic_bp_mmhg)
    pv = venous_pressure_mmhg(o, params)
    pc = capillary_pressure_mmhg(pv, params)
    pcomp = _steady_compartment_mmhg(pc, params)
    return CompressionState(
        obstruction=o, diastolic_bp_mmhg=dbp, venous_mmhg=pv, capillary_mmhg=pc,
        filtration_ml_min=starling_filtration_ml_min(pc, pcomp, params),
        excess_fluid_ml=excess_fluid_ml(pcomp, params), compartment_mmhg=pcomp,
        delta_p_mmhg=dbp - pcomp)


def threshold_obstruction(diastolic_bp_mmhg: Any = 70.0,
                          params: CompressionParameters = DEFAULT_PARAMETERS) -> float | None:
    """Smallest obstruction (0–1) at which ΔP falls below 30 mmHg; None if it never does."""
    dbp = check_diastolic(diastolic_bp_mmhg)

    def gap(o: float) -> float:
        return compression_state(o, dbp, params).delta_p_mmhg - DELTA_P_THRESHOLD_MMHG

    if gap(0.0) < 0:
        return 0.0
    if gap(1.0) >= 0:
        return None
    low, high = 0.0, 1.0          # ΔP falls monotonically with obstruction: bisect
    for _ in range(40):
        mid = (low + high) / 2
        low, high = (mid, high) if gap(mid) >= 0 else (low, mid)
    return high


@dataclass(frozen=True)
class CompressionCurve:
    """The steady state over a range of obstruction levels, for one diastolic pressure."""

    diastolic_bp_mmhg: float
    obstruction: NDArray[np.float64] = field(repr=False)
    venous_mmhg: NDArray[np.float64] = field(repr=False)
    capillary_mmhg: NDArray[np.float64] = field(repr=False)
    excess_fluid_ml: NDArray[np.float64] = field(repr=False)
    compartment_mmhg: NDArray[np.float64] = field(repr=False)
    delta_p_mmhg: NDArray[np.float64] = field(repr=False)
    crossing_obstruction: float | None = None   # where ΔP first falls below 30 mmHg

    def __repr__(self) -> str:
        crossing = ("never, even with the veins fully blocked" if self.crossing_obstruction
                    is None else f"at {self.crossing_obstruction:.0%} obstruction")
        return (f"Diastolic {self.diastolic_bp_mmhg:.0f} mmHg: compartment pressure rises from "
                f"{self.compartment_mmhg[0]:.0f} to {self.compartment_mmhg[-1]:.0f} mmHg and "
                f"ΔP falls from {self.delta_p_mmhg[0]:.0f} to {self.delta_p_mmhg[-1]:.0f} mmHg "
                f"as the veins close; ΔP drops below 30 mmHg {crossing}.")


def compression_curve(diastolic_bp_mmhg: Any = 70.0, levels: int = 101,
                      params: CompressionParameters = DEFAULT_PARAMETERS) -> CompressionCurve:
    """The steady state at ``levels`` evenly spaced obstruction levels from 0 to 1."""
    dbp = check_diastolic(diastolic_bp_mmhg)
    if isinstance(levels, bool) or not isinstance(levels, int) or not 2 <= levels <= 10_001:
        raise ValueError(f"levels must be a whole number from 2 to 10001; got {levels!r}")
    grid = np.linspace(0.0, 1.0, levels)
    states = [compression_state(float(o), dbp, params) for o in grid]

    def column(name: str) -> NDArray[np.float64]:
        return np.array([getattr(s, name) for s in states])

    return CompressionCurve(dbp, grid, column("venous_mmhg"), column("capillary_mmhg"),
                            column("excess_fluid_ml"), column("compartment_mmhg"),
                            column("delta_p_mmhg"), threshold_obstruction(dbp, params))


@dataclass(frozen=True)
class CompressionTimeCourse:
    """How compartment pressure and ΔP approach their steady state after the veins block."""

    obstruction: float
    diastolic_bp_mmhg: float
    minutes: NDArray[np.float64] = field(repr=False)
    excess_fluid_ml: NDArray[np.float64] = field(repr=False)
    compartment_mmhg: NDArray[np.float64] = field(repr=False)
    delta_p_mmhg: NDArray[np.float64] = field(repr=False)

    @property
    def minutes_to_threshold(self) -> float | None:
        """Minutes until ΔP first falls below 30 mmHg (None if it stays above)."""
        below = np.nonzero(self.delta_p_mmhg < DELTA_P_THRESHOLD_MMHG)[0]
        return float(self.minutes[below[0]]) if below.size else None


def compression_time_course(obstruction: Any, diastolic_bp_mmhg: Any = 70.0,
                            hours: float = 6.0,
                            params: CompressionParameters = DEFAULT_PARAMETERS
                            ) -> CompressionTimeCourse:
    """Fluid balance dV/dt = Jv − lymph after a sudden obstruction, stepped minute by minute."""
    o = check_obstruction(obstruction)
    dbp = check_diastolic(diastolic_bp_mmhg)
    span = _number("hours", hours, 0.1, 48.0, " h")
    p = params
    pc = capillary_pressure_mmhg(venous_pressure_mmhg(o, p), p)
    j0 = _baseline_lymph_ml_min(p)
    minutes = np.arange(0.0, span * 60.0 + 0.5, 1.0)
    volume = np.zeros_like(minutes)
    for i in range(1, minutes.size):
        pi = float(compliance_pressure_mmhg(volume[i - 1], p))
        lymph = j0 + p.lymph_gain_ml_min_mmhg * (pi - p.resting_compartment_pressure_mmhg)
        jv = starling_filtration_ml_min(pc, min(pi, 300.0), p)
        volume[i] = max(0.0, volume[i - 1] + (jv - lymph))   # dt = 1 min
    pressure = np.asarray(compliance_pressure_mmhg(volume, p))
    return CompressionTimeCourse(o, dbp, minutes, volume, pressure, dbp - pressure)


# --- ischaemia data: time windows, the six Ps, Rutherford classes ----------------------------

@dataclass(frozen=True)
class TimeWindow:
    """One published observation of how long nerves (or a limb) tolerate lost blood flow."""

    event: str
    window: str
    setting: str
    reversible: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class IschaemiaClock:
    """The course's one account of when ischaemic nerve and muscle damage becomes irreversible."""

    statement: str
    from_hours: float
    to_hours: float
    sources: tuple[str, ...]
    most_lenient_hours: float
    most_lenient_statement: str
    most_lenient_sources: tuple[str, ...]


@dataclass(frozen=True)
class SixP:
    """One of the six Ps of acute limb ischaemia and when it tends to appear."""

    name: str
    meaning: str
    timing: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RutherfordClass:
    """One Rutherford class of acute limb ischaemia, with its sensory and motor findings."""

    category: str
    name: str
    prognosis: str
    sensory_loss: str
    motor_deficit: str
    source: str


def time_windows() -> tuple[TimeWindow, ...]:
    """Published time windows from reduced flow to nerve block and an unsalvageable limb."""
    return tuple(TimeWindow(**{**r, "sources": tuple(r["sources"])})
                 for r in load("ischemia.yaml")["time_windows"])


def clock() -> IschaemiaClock:
    """Irreversible damage can begin within about 4–6 hours; 8 hours is the most lenient figure."""
    c = load("ischemia.yaml")["clock"]
    lenient = c["most_lenient"]
    return IschaemiaClock(c["statement"], float(c["from_hours"]), float(c["to_hours"]),
                          tuple(c["sources"]), float(lenient["hours"]), lenient["statement"],
                          tuple(lenient["sources"]))


def six_ps() -> tuple[SixP, ...]:
    """The six Ps of acute limb ischaemia, each marked early or late."""
    return tuple(SixP(**{**r, "sources": tuple(r["sources"])})
                 for r in load("ischemia.yaml")["six_ps"])


def rutherford_classes() -> tuple[RutherfordClass, ...]:
    """The Rutherford acute limb ischaemia classes I, IIa, IIb and III."""
    return tuple(RutherfordClass(**r) for r in load("ischemia.yaml")["rutherford"])


def rutherford(category: str) -> RutherfordClass:
    """The Rutherford class ``category`` (I, IIa, IIb or III); ValueError naming it otherwise."""
    classes = {c.category: c for c in rutherford_classes()}
    if category not in classes:
        raise ValueError(f"Rutherford category must be one of {sorted(classes)}; "
                         f"got {category!r}")
    return classes[category]


def time_window_table() -> MarkdownTable:
    """The time windows as a table, each row with its sources."""
    return MarkdownTable(("What happens", "When", "Setting", "Reversible?", "Sources"),
                         [(w.event, w.window, w.setting, w.reversible, cite(w.sources))
                          for w in time_windows()])


def six_ps_table() -> MarkdownTable:
    """The six Ps as a table: what each means and whether it comes early or late."""
    return MarkdownTable(("Sign", "What it means", "Early or late", "Why", "Sources"),
                         [(p.name, p.meaning, p.timing, p.note, cite(p.sources))
                          for p in six_ps()])

"""How a test result changes the chance of a clot: likelihood ratios, Bayes in odds form, D-dimer.

- Likelihood ratios: LR+ = sensitivity / (1 − specificity), LR− = (1 − sensitivity) / specificity.
- Post-test probability (Bayes' theorem in odds form, the arithmetic behind Fagan's 1975 nomogram):
  post-test odds = pre-test odds × LR, with odds = p / (1 − p).
- The age-adjusted D-dimer cut-off: 500 µg/L up to 50 years, age × 10 µg/L above
  (Righini et al. 2014, ADJUST-PE; Schouten et al. 2013).

Edge cases, decided here and tested:
- specificity 1 gives LR+ = inf (a positive result rules in), unless sensitivity is also 0 (0/0);
- specificity 0 makes LR− undefined (it divides by specificity), so it raises ValueError;
- an infinite likelihood ratio gives a post-test probability of 1 when pretest > 0; pretest 0 with
  LR = inf, and pretest 1 with LR = 0, are 0 × ∞ and raise ValueError.

Pooled sensitivity and specificity of D-dimer and ultrasound for DVT are data in data/d_dimer.yaml,
copied as the sources state them (some only as confidence intervals).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

AGE_RANGE_YEARS = (0.0, 130.0)



def _real(name: str, value: Any, allowed: str) -> float:
    """``value`` as a float if it is a real number (not a bool, not NaN); ValueError otherwise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return number


def _proportion(name: str, value: Any) -> float:
    """A proportion in [0, 1]; the message reminds that 95% is written 0.95."""
    allowed = "a proportion from 0 to 1 (write 95% as 0.95)"
    number = _real(name, value, allowed)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return number


# --- likelihood ratios and post-test probability -------------------------------------------------

class LikelihoodRatios(NamedTuple):
    """LR+ and LR− of a test; unpacks as ``(lr_positive, lr_negative)``."""

    positive: float
    negative: float

    def _repr_markdown_(self) -> str:
        return (f"**LR+ {self.positive:.3g}**: a positive result multiplies the odds of disease "
                f"by {self.positive:.3g}. **LR− {self.negative:.2g}**: a negative result "
                f"multiplies them by {self.negative:.2g}.")


def likelihood_ratios(sensitivity: Any, specificity: Any) -> LikelihoodRatios:
    """``(LR+, LR−)`` from sensitivity and specificity given as proportions in [0, 1].

    LR+ = sensitivity / (1 − specificity); LR− = (1 − sensitivity) / specificity. Specificity 1
    gives LR+ = inf. ValueError when specificity is 0 (LR− undefined), when sensitivity is 0 and
    specificity 1 (LR+ = 0/0), and for anything that is not a number from 0 to 1.
    """
    sens = _proportion("sensitivity", sensitivity)
    spec = _proportion("specificity", specificity)
    if spec == 0.0:
        raise ValueError("specificity 0 leaves LR− = (1 − sensitivity) / specificity undefined "
                         "(division by zero): every person without the disease tests positive")
    if spec == 1.0 and sens == 0.0:
        raise ValueError("sensitivity 0 with specificity 1 leaves LR+ = 0 / 0 undefined: "
                         "the test is never positive")
    positive = math.inf if spec == 1.0 else sens / (1.0 - spec)
    return LikelihoodRatios(positive, (1.0 - sens) / spec)


def post_test_probability(pretest: Any, likelihood_ratio: Any) -> float:
    """The probability after a result with ``likelihood_ratio``, by Bayes' theorem in odds form.

    post-test odds = pretest / (1 − pretest) × LR; probability = odds / (1 + odds). ``pretest``
    must be in [0, 1] and ``likelihood_ratio`` ≥ 0 (inf allowed: it gives 1 when pretest > 0).
    ValueError for other input, and for the undefined 0 × ∞ cases (pretest 0 with LR inf,
    pretest 1 with LR 0).
    """
    p = _proportion("pretest", pretest)
    lr = _real("likelihood_ratio", likelihood_ratio, "a number ≥ 0 (inf allowed)")
    if lr < 0:
        raise ValueError(f"likelihood_ratio must be a number ≥ 0 (inf allowed); "
                         f"got {likelihood_ratio!r}")
    if math.isinf(lr):
        if p == 0.0:
            raise ValueError("pretest 0 with an infinite likelihood ratio is undefined (0 × ∞)")
        return 1.0
    if p == 1.0:
        if lr == 0.0:
            raise ValueError("pretest 1 with likelihood ratio 0 is undefined (∞ × 0)")
        return 1.0
    odds = p / (1.0 - p) * lr
    return 1.0 if math.isinf(odds) else odds / (1.0 + odds)


# --- the age-adjusted D-dimer cut-off ------------------------------------------------------------

def _d_dimer_data() -> dict[str, Any]:
    return load("d_dimer.yaml")


def age_adjusted_d_dimer_cutoff(age_years: Any) -> float:
    """The D-dimer cut-off in µg/L (FEU): 500 up to 50 years, age × 10 above 50.

    Righini et al. 2014 (ADJUST-PE) and Schouten et al. 2013. For people whose Wells score makes
    a D-dimer the right next test; ages outside 0–130, NaN, text and bools raise ValueError.
    """
    low, high = AGE_RANGE_YEARS
    allowed = f"a number of years from {low:g} to {high:g}"
    age = _real("age_years", age_years, allowed)
    if not low <= age <= high:
        raise ValueError(f"age_years must be {allowed}; got {age_years!r}")
    rule = _d_dimer_data()["age_adjusted_cutoff"]
    if age <= rule["age_from_years"]:
        return float(rule["conventional_ug_per_l"])
    return age * rule["per_year_ug_per_l"]


@dataclass(frozen=True)
class DDimerCutoff:
    """The D-dimer cut-off for one age, shown as a sentence."""

    age_years: float
    cutoff_ug_per_l: float

    def __repr__(self) -> str:
        rule = _d_dimer_data()["age_adjusted_cutoff"]
        if self.age_years <= rule["age_from_years"]:
            return (f"At {self.age_years:g} years the D-dimer cut-off is the usual "
                    f"{self.cutoff_ug_per_l:g} µg/L (FEU): it is adjusted only above "
                    f"{rule['age_from_years']:g}.")
        return (f"At {self.age_years:g} years the age-adjusted D-dimer cut-off is "
                f"{self.age_years:g} × {rule['per_year_ug_per_l']:g} = "
                f"{self.cutoff_ug_per_l:g} µg/L (FEU), instead of the usual "
                f"{rule['conventional_ug_per_l']:g} µg/L.")

    def _repr_markdown_(self) -> str:
        return repr(self)


def d_dimer_cutoff(age_years: Any) -> DDimerCutoff:
    """The age-adjusted D-dimer cut-off at ``age_years`` as a sentence (see
    :func:`age_adjusted_d_dimer_cutoff` for the number and the errors)."""
    cutoff = age_adjusted_d_dimer_cutoff(age_years)
    return DDimerCutoff(float(age_years), cutoff)


# --- pooled accuracy of D-dimer and ultrasound ---------------------------------------------------

@dataclass(frozen=True)
class Accuracy:
    """Pooled sensitivity and specificity (percent) of a test for DVT, as its source states them.

    A point estimate is None where the source gives only its 95% confidence interval.
    """

    test: str
    variant: str
    sensitivity_percent: float | None
    sensitivity_ci_percent: tuple[float, float]
    specificity_percent: float | None
    specificity_ci_percent: tuple[float, float]
    source: str
    note: str = ""

    def likelihood_ratios(self) -> LikelihoodRatios | None:
        """LR+ and LR− from the point estimates, or None when one of them is not stated."""
        if self.sensitivity_percent is None or self.specificity_percent is None:
            return None
        return likelihood_ratios(self.sensitivity_percent / 100, self.specificity_percent / 100)


def pooled_accuracy() -> tuple[Accuracy, ...]:
    """Pooled accuracy of D-dimer and ultrasound for suspected DVT (data/d_dimer.yaml)."""
    def pair(values: list[float]) -> tuple[float, float]:
        return (values[0], values[1])             # as written in the data: 95.0 stays 95.0

    return tuple(Accuracy(r["test"], r["variant"], r["sensitivity_percent"],
                          pair(r["sensitivity_ci_percent"]), r["specificity_percent"],
                          pair(r["specificity_ci_percent"]), r["source"], r.get("note", ""))
                 for r in _d_dimer_data()["accuracy"])


def _percent(point: float | None, ci: tuple[float, float]) -> str:
    interval = f"{ci[0]}–{ci[1]}"
    return f"{point}% ({interval})" if point is not None else f"95% CI {interval}%"


def accuracy_table() -> MarkdownTable:
    """Pooled sensitivity and specificity with 95% CIs, one row per test, with sources."""
    return MarkdownTable(["Test", "Sensitivity", "Specificity", "Source"],
                         [[f"{a.test}: {a.variant}",
                           _percent(a.sensitivity_percent, a.sensitivity_ci_percent),
                           _percent(a.specificity_percent, a.specificity_ci_percent),
                           cite([a.source])] for a in pooled_accuracy()])

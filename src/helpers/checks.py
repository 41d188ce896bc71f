"""Input checks shared by the models: bad input raises ValueError naming the value and the rule."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def number(name: str, value: Any, low: float, high: float, allowed: str) -> float:
    """``value`` as a float if it is a finite real number from ``low`` to ``high``; ValueError
    (``"<name> must be <allowed>; got <value>"``) for text, bools, NaN or out-of-range values."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    result = float(value)
    if not (math.isfinite(result) and low <= result <= high):
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return result

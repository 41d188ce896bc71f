"""Numbers compared at the precision a learner sees, not to the last bit.

An ODE solve moves in its last digits from one processor (or BLAS kernel) to another, about
2e-6 relative here; the models round what they show (``coagulation.SHOWN_DIGITS``), and the tests
compare stored and drawn numbers with these stated tolerances:

- a number in text may differ by one unit in its last shown digit ("peak 395 nM" against 396);
- a packed curve (``display.pack``) by 0.1 % of its top at any point, its top by 0.1 %;
- any other number in a frame by 0.1 % relative;
- a coordinate in a committed SVG by a quarter of a point (a third of a pixel in the PNG); a
  line by as much anywhere (matplotlib may keep other vertices when it simplifies a line);
- a pixel of a committed PNG by 48 of 255 in any channel (a curve moved a tenth of a pixel).

Everything else (words, keys, structure) must be equal.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from typing import Any

from helpers import display

CURVE_REL = 1e-3            # of the curve's top
NUMBER_REL = 1e-3
SVG_ABS = 0.25              # points
PNG_LEVELS = 48             # of 255

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _text_parts(text: str) -> tuple[list[str], list[str]]:
    return _NUMBER.split(text), _NUMBER.findall(text)


def _last_digit(number: str) -> float:
    mantissa = number.split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    exponent = int(number.split("e")[1]) if "e" in number else 0
    return 10.0 ** (exponent - decimals)


def text_differences(a: str, b: str, where: str = "", unit: float | None = None
                     ) -> Iterator[str]:
    """How two texts differ beyond one unit in the last shown digit of each number
    (or beyond ``unit``, when given, as for SVG coordinates)."""
    words_a, numbers_a = _text_parts(a)
    words_b, numbers_b = _text_parts(b)
    if words_a != words_b or len(numbers_a) != len(numbers_b):
        yield f"{where}: text differs: {a[:200]!r} against {b[:200]!r}"
        return
    for x, y in zip(numbers_a, numbers_b, strict=True):
        allowed = unit if unit is not None else max(_last_digit(x), _last_digit(y))
        if abs(float(x) - float(y)) > allowed * (1 + 1e-9):
            yield f"{where}: {x} against {y} (allowed ±{allowed:g})"


def frame_differences(a: Any, b: Any, where: str = "") -> Iterator[str]:
    """How two frames' data (or any parts of them) differ beyond the stated tolerances."""
    if a == b:          # the usual case, settled at once
        return
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) == {"top", "v"} == set(b):
            top = max(float(a["top"]), float(b["top"]))
            if abs(float(a["top"]) - float(b["top"])) > NUMBER_REL * top:
                yield f"{where}: curve top {a['top']} against {b['top']}"
            ya, yb = display.unpack(a), display.unpack(b)
            if len(ya) != len(yb):
                yield f"{where}: curves of {len(ya)} and {len(yb)} points"
            elif ya:
                worst = max(abs(p - q) for p, q in zip(ya, yb, strict=True))
                if worst > CURVE_REL * top:
                    yield f"{where}: curves differ by {worst:.4g} (top {top:g})"
            return
        if set(a) != set(b):
            yield f"{where}: keys {sorted(a)} against {sorted(b)}"
            return
        for key in a:
            yield from frame_differences(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items against {len(b)}"
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from frame_differences(x, y, f"{where}[{i}]")
    elif isinstance(a, str) and isinstance(b, str):
        yield from text_differences(a, b, where)
    elif (isinstance(a, (int, float)) and isinstance(b, (int, float))
          and not isinstance(a, bool) and not isinstance(b, bool)):
        if not math.isclose(a, b, rel_tol=NUMBER_REL, abs_tol=1e-12):
            yield f"{where}: {a} against {b}"
    elif a != b:
        yield f"{where}: {a!r} against {b!r}"


_PATH = re.compile(r'(?<= d=")[^"]*(?=")')
_CLIP_ID = re.compile(r"\bp[0-9a-f]{10}\b")       # matplotlib's clip-path ids hash the data


def _vertices(d: str) -> Any:
    import numpy as np

    return np.array([float(n) for n in _NUMBER.findall(d)]).reshape(-1, 2)


def _farthest(points: Any, line: Any) -> float:
    """The largest distance from any of ``points`` to the polyline ``line``."""
    import numpy as np

    if len(line) == 1:
        return float(np.hypot(*(points - line[0]).T).max())
    a, b = line[:-1], line[1:]
    ab = b - a
    length2 = np.maximum((ab ** 2).sum(axis=1), 1e-30)
    t = np.clip(((points[:, None, :] - a) * ab).sum(axis=2) / length2, 0, 1)
    nearest = a + t[..., None] * ab
    return float(np.hypot(*(points[:, None, :] - nearest).transpose(2, 0, 1)).min(axis=1).max())


def path_differences(a: str, b: str, where: str) -> list[str]:
    """Two SVG path data strings: the same commands and coordinates within SVG_ABS; line paths
    that matplotlib simplified to different vertices are compared as lines (each vertex within
    SVG_ABS of the other line)."""
    found = list(text_differences(a, b, where, unit=SVG_ABS))
    lines = set(re.sub(r"[\d.\s-]", "", a + b)) <= {"M", "L"}
    if not found or not lines or a.count("M") != 1 or b.count("M") != 1:
        return found
    va, vb = _vertices(a), _vertices(b)
    worst = max(_farthest(va, vb), _farthest(vb, va))
    return [f"{where}: lines {worst:.3g} pt apart"] if worst > SVG_ABS else []


def svg_differences(a: bytes, b: bytes, name: str) -> list[str]:
    """How two SVG files differ beyond a quarter point in any number or line."""
    ta, tb = (_CLIP_ID.sub("pCLIP", x.decode("utf-8")) for x in (a, b))
    paths_a, paths_b = _PATH.findall(ta), _PATH.findall(tb)
    found = list(text_differences(_PATH.sub("", ta), _PATH.sub("", tb), name, unit=SVG_ABS))
    if len(paths_a) != len(paths_b):
        return [*found, f"{name}: {len(paths_a)} paths against {len(paths_b)}"]
    for i, (x, y) in enumerate(zip(paths_a, paths_b, strict=True)):
        found += path_differences(x, y, f"{name} path {i}")
    return found


def png_differences(a: bytes, b: bytes, name: str) -> list[str]:
    """How two PNG files differ: size, or a channel by more than PNG_LEVELS."""
    import numpy as np
    from matplotlib import image

    pa, pb = (np.round(image.imread(io.BytesIO(x), format="png") * 255) for x in (a, b))
    if pa.shape != pb.shape:
        return [f"{name}: {pa.shape} pixels against {pb.shape}"]
    worst = float(np.abs(pa - pb).max())
    return [f"{name}: a pixel differs by {worst:.0f} of 255"] if worst > PNG_LEVELS else []


def file_differences(committed: bytes, fresh: bytes, name: str) -> list[str]:
    """A committed figure file against a fresh one, at the stated tolerances."""
    if committed == fresh:
        return []
    if name.endswith(".png"):
        return png_differences(committed, fresh, name)
    return svg_differences(committed, fresh, name) if name.endswith(".svg") else \
        list(text_differences(committed.decode("utf-8"), fresh.decode("utf-8"), name))

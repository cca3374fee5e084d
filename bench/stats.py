"""Small statistics and formatting helpers shared by the figures."""

from __future__ import annotations

import math


def percentile(values, q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); NaN when empty."""
    data = sorted(values)
    if not data:
        return math.nan
    pos = (len(data) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values) -> float:
    return percentile(values, 50)


def ms(value: float, digits: int = 1) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f} ms"


def size(n: float) -> str:
    if n is None or math.isnan(n):
        return "–"
    for unit, scale in (("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def ratio(ours: float, baseline: float) -> str:
    """How many times better (smaller) ours is than the baseline: '12x', or '0.5x'."""
    if not ours or not baseline or math.isnan(ours) or math.isnan(baseline):
        return "–"
    value = baseline / ours
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"

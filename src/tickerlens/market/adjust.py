"""Guarding against splits in raw closes: a split is not a return.

Raw closes drop by the split ratio on the split day (NVDA went from about 1,200 to 120
on 10 June 2024). Split-adjusted series have no such jump, so this only matters when
raw closes were asked for; then any move that matches a split ratio closely is treated
as a possible split, and a change across it is reported as not available rather than
shown as a crash or a spike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

__all__ = ["SPLIT_RATIOS", "split_like", "split_like_jumps"]

# Forward splits n-for-1 (and 3-for-2) and their reverse splits.
SPLIT_RATIOS: tuple[float, ...] = (1.5, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 40, 50, 100)
_TOLERANCE = 0.02


def split_like(ratio: np.ndarray) -> np.ndarray:
    """Per day-over-day close ratio: True when it is within 2% of a split ratio or its
    inverse (and not an ordinary move of less than 20%). NaN ratios are False."""
    ratio = np.asarray(ratio, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.maximum(ratio, 1.0 / ratio)
        near = np.zeros(ratio.shape, dtype=bool)
        for k in SPLIT_RATIOS:
            near |= np.abs(size / k - 1.0) <= _TOLERANCE
    ordinary = (ratio > 0.8) & (ratio < 1.2)
    return near & ~ordinary & np.isfinite(ratio) & (ratio > 0)


def split_like_jumps(days: Sequence[date], closes: Sequence[float]) -> list[tuple[date, float]]:
    """Days whose close divided by the previous one looks like a split, with that ratio."""
    c = np.asarray(closes, dtype=float)
    if len(c) < 2:
        return []
    ratio = c[1:] / c[:-1]
    return [(days[int(i) + 1], float(ratio[i])) for i in np.flatnonzero(split_like(ratio))]

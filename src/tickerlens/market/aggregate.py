"""Cross-sectional event study: mean CARs over many (article, listing) pairs, by group.

A group is any label the pairs carry (role, sentiment, source...). For each group and
window: the number of pairs with that CAR, the mean CAR, its cross-sectional standard
deviation and the t statistic ``mean / (sd / sqrt(n))`` (Brown and Warner 1985's
cross-sectional test, which does not assume the pairs' variances are known). The path
of mean CAR by event day, used for the plots, keeps only pairs whose every day in the
range has an abnormal return, so each day averages the same pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tickerlens.market.event_study import window_key, window_label

__all__ = ["ALL", "aggregate_cars", "cross_section", "mean_car_path"]

ALL = "all"  # the group label when no grouping is asked for


def cross_section(values: np.ndarray) -> tuple[int, float | None, float | None, float | None]:
    """(n, mean, sd, t) of the finite values; sd and t need two values and some spread."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    n = len(finite)
    if n == 0:
        return 0, None, None, None
    mean = float(finite.mean())
    if n < 2:
        return n, mean, None, None
    sd = float(finite.std(ddof=1))
    t = mean / (sd / np.sqrt(n)) if sd > 0 else None
    return n, mean, sd, t


def aggregate_cars(
    frame: pd.DataFrame, windows: Sequence[tuple[int, int]], by: str | None = None, column: str = "car_{}"
) -> pd.DataFrame:
    """One row per (group, window): group, window, n, mean_car, sd, t_stat. ``frame`` has
    a CAR column per window, named ``column.format(window_key(start, end))`` (``car_0_p5``)."""
    groups = frame[by].fillna("(none)").astype(str) if by else pd.Series(ALL, index=frame.index)
    rows = []
    for label, part in frame.groupby(groups, sort=True):
        for a, b in windows:
            values = part[column.format(window_key(a, b))].to_numpy(dtype=float)
            n, mean, sd, t = cross_section(values)
            rows.append(
                {
                    "group": label,
                    "window": window_label(a, b),
                    "n": n,
                    "mean_car": mean,
                    "sd": sd,
                    "t_stat": t,
                }
            )
    return pd.DataFrame(rows, columns=["group", "window", "n", "mean_car", "sd", "t_stat"])


def mean_car_path(paths: pd.DataFrame, groups: pd.Series, first: int, last: int) -> pd.DataFrame:
    """Mean CAR from day ``first`` to each day up to ``last``, per group: columns group,
    day, mean_car, n, t_stat. ``paths`` has pair_no, day, ar; ``groups`` maps pair_no to
    its group label."""
    span = last - first + 1
    inside = paths[(paths["day"] >= first) & (paths["day"] <= last)]
    complete = inside.groupby("pair_no")["day"].transform("size") == span
    whole = inside[complete].sort_values(["pair_no", "day"])
    if whole.empty:
        return pd.DataFrame(columns=["group", "day", "mean_car", "n", "t_stat"])
    car = whole["ar"].to_numpy().reshape(-1, span).cumsum(axis=1)
    pairs = whole["pair_no"].to_numpy()[::span]
    labels = groups.reindex(pairs).fillna("(none)").astype(str).to_numpy()
    rows = []
    for label in sorted(set(labels)):
        block = car[labels == label]
        for k in range(span):
            n, mean, _, t = cross_section(block[:, k])
            rows.append({"group": label, "day": first + k, "mean_car": mean, "n": n, "t_stat": t})
    return pd.DataFrame(rows)

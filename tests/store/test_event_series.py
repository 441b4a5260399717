"""The per-bar window sums the batch reads, against a brute-force sum."""

from __future__ import annotations

import numpy as np
import pytest

from tickerlens.market.event_study import EventOptions
from tickerlens.store.event_series import _add_window_sums, _returns, window_column


def test_window_sums_equal_brute_force_sums() -> None:
    rng = np.random.default_rng(1)
    n = 120
    sid = np.r_[np.zeros(70, dtype=np.int64), np.ones(50, dtype=np.int64)]
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-01-01") + n).astype("datetime64[D]")
    days[70:] = days[:50]
    stock = {
        "sid": sid,
        "bid": np.zeros(n, dtype=np.int64),
        "day": days,
        "close": 100 * np.cumprod(1 + rng.normal(0, 0.02, n)),
        "raw": np.zeros(n, dtype=bool),
    }
    bench = {
        "bid": np.zeros(70, dtype=np.int64),
        "day": days[:70],
        "close": 50 * np.cumprod(1 + rng.normal(0, 0.01, 70)),
    }
    options = EventOptions(estimation=(-40, -10), windows=((0, 5), (-1, 1)), min_estimation=10)
    out = _add_window_sums(_returns(stock, bench), options)
    y, x = out["y"], out["x"]
    ok = np.isfinite(x) & np.isfinite(y)
    for i in (0, 30, 45, 69, 70, 100, 119):
        lo, hi = sid == sid[i], np.arange(n)
        first, last = hi[lo][0], hi[lo][-1]
        est = [k for k in range(i + 1 - 40, i + 1 - 10 + 1) if first <= k <= last and ok[k]]
        assert out["est_n"][i] == len(est)
        assert out["est_xy"][i] == pytest.approx(sum(x[k] * y[k] for k in est), abs=1e-12)
        start, end = i + 0, i + 1 + 5
        if start >= first and end <= last:
            assert out[window_column("sy", 0, 5)][i] == pytest.approx(
                np.nansum(np.where(ok, y, 0)[start + 1 : end + 1])
            )
            assert out[window_column("end", 0, 5)][i] == end
        else:
            assert np.isnan(out[window_column("end", 0, 5)][i])

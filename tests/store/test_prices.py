from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickerlens.errors import StoreError
from tickerlens.market.bars import Adjustment, Bar, BarSeries
from tickerlens.store.db import connect
from tickerlens.store.prices import (
    build_equal_weighted_index,
    covered_since,
    price_span,
    read_bars,
    record_coverage,
    upsert_frame,
    upsert_series,
)

T0 = datetime(2024, 2, 1, tzinfo=UTC)


def series(closes: list[float], symbol: str = "AAA") -> BarSeries:
    days = [date(2024, 1, 2 + k) for k in range(len(closes))]
    return BarSeries(
        symbol,
        Adjustment.SPLIT,
        "memory",
        tuple(Bar(d, c, volume=10.0) for d, c in zip(days, closes, strict=True)),
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=20))
def test_bars_round_trip(closes: list[float]) -> None:
    con = connect(":memory:")
    written = series(closes)
    upsert_series(con, written, T0, None)
    assert read_bars(con, "AAA", Adjustment.SPLIT, date(2024, 1, 1), date(2024, 2, 1)) == written.bars


def test_writing_again_replaces_and_never_duplicates() -> None:
    con = connect(":memory:")
    upsert_series(con, series([1.0, 2.0, 3.0]), T0, None)
    upsert_series(con, series([1.0, 2.5]), T0, None)
    assert [b.close for b in read_bars(con, "AAA", Adjustment.SPLIT, date(2024, 1, 1), date(2024, 2, 1))] == [
        1.0,
        2.5,
        3.0,
    ]
    assert price_span(con, "AAA", Adjustment.SPLIT) == (date(2024, 1, 2), date(2024, 1, 4))
    assert price_span(con, "AAA", Adjustment.RAW) is None


def test_coverage_merges_touching_ranges() -> None:
    con = connect(":memory:")
    record_coverage(con, "AAA", Adjustment.SPLIT, "yahoo", date(2024, 1, 1), date(2024, 1, 10), T0)
    record_coverage(con, "AAA", Adjustment.SPLIT, "yahoo", date(2024, 1, 11), date(2024, 1, 20), T0)
    record_coverage(con, "AAA", Adjustment.SPLIT, "yahoo", date(2024, 3, 1), date(2024, 3, 5), T0)
    assert covered_since(con, "AAA", Adjustment.SPLIT, "yahoo", date(2024, 1, 5), date(2024, 1, 15)) == T0
    assert covered_since(con, "AAA", Adjustment.SPLIT, "yahoo", date(2024, 1, 5), date(2024, 3, 2)) is None
    assert covered_since(con, "AAA", Adjustment.SPLIT, "local", date(2024, 1, 5), date(2024, 1, 6)) is None


def test_a_failed_write_leaves_nothing_behind() -> None:
    con = connect(":memory:")
    bad = pd.DataFrame(
        {
            "symbol": ["AAA", "AAA"],
            "day": pd.to_datetime(["2024-01-02", "2024-01-03"]),
            "adjustment": ["split", "split"],
            "close": [1.0, None],
            "open": None,
            "high": None,
            "low": None,
            "volume": None,
        }
    )
    with pytest.raises(StoreError, match="NOT NULL"):
        upsert_frame(con, bad, "file", T0)
    assert con.execute("SELECT count(*) FROM prices").fetchall() == [(0,)]


def test_equal_weighted_index_moves_by_the_mean_return() -> None:
    con = connect(":memory:")
    upsert_series(con, series([10.0, 11.0, 12.1]), T0, None)
    upsert_series(con, series([20.0, 19.0, 19.0], "BBB"), T0, None)
    assert build_equal_weighted_index(con, "^EW", Adjustment.SPLIT, ["AAA", "BBB"]) == 3
    levels = [b.close for b in read_bars(con, "^EW", Adjustment.SPLIT, date(2024, 1, 1), date(2024, 2, 1))]
    expected = 100 * np.cumprod([1.0, 1 + (0.10 - 0.05) / 2, 1 + (0.10 + 0.0) / 2])
    assert levels == pytest.approx(expected)

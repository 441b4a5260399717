from __future__ import annotations

from datetime import date

import pytest

from tickerlens.errors import ConfigError, InputError
from tickerlens.market.adjust import split_like_jumps
from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery, parse_adjustment
from tickerlens.market.benchmarks import benchmark_for, parse_benchmark_overrides


def test_queries_check_their_window() -> None:
    with pytest.raises(InputError, match="swap"):
        PriceQuery("NVDA", date(2025, 1, 2), date(2025, 1, 1))
    assert PriceQuery("NVDA", date(2025, 1, 1), date(2025, 1, 2)).adjustments()[0] is Adjustment.SPLIT


def test_series_must_be_in_day_order() -> None:
    with pytest.raises(ValueError, match="ascending"):
        BarSeries("X", Adjustment.RAW, "m", (Bar(date(2025, 1, 3), 1.0), Bar(date(2025, 1, 2), 1.0)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto", None),
        ("split-div", Adjustment.SPLIT_DIV),
        ("raw", Adjustment.RAW),
        ("adjusted", Adjustment.SPLIT_DIV),
    ],
)
def test_adjustment_names(text: str, expected: Adjustment | None) -> None:
    assert parse_adjustment(text) is expected


def test_unknown_adjustment_is_named() -> None:
    with pytest.raises(InputError, match="'dividends'"):
        parse_adjustment("dividends")


def test_split_like_jumps() -> None:
    days = [date(2024, 6, d) for d in (6, 7, 10, 11)]
    assert split_like_jumps(days, [1209.98, 1208.88, 121.79, 120.91]) == [
        (date(2024, 6, 10), pytest.approx(0.10075, rel=1e-3))
    ]
    assert split_like_jumps(days, [100, 90, 85, 80]) == []  # a fall, not a split


def test_benchmarks_by_exchange_and_overrides() -> None:
    assert benchmark_for("XNAS") == "^GSPC" and benchmark_for("XSHE") == "000300.SS"
    assert benchmark_for("XTAI") == "^TWII" and benchmark_for("XHKG") == "^HSI"
    assert benchmark_for("XNAS", {"US": "^NDX"}) == "^NDX"
    assert benchmark_for("XNYS", {"XNAS": "^NDX"}) == "^GSPC"
    assert benchmark_for("XXXX") is None
    assert parse_benchmark_overrides(["xnas=^NDX", "US=SPY"]) == {"XNAS": "^NDX", "US": "SPY"}
    with pytest.raises(ConfigError, match="MIC=SYMBOL"):
        parse_benchmark_overrides(["^NDX"])

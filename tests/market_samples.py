"""Made-up but calendar-true prices for market and store tests (no network, no files).

Closes follow a seeded random walk on the real trading sessions of each exchange, with
a benchmark the listings load on, so event studies have something to find.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd

from tickerlens.market.bars import Adjustment, Bar
from tickerlens.market.calendars import sessions_between
from tickerlens.market.providers.memory import MemoryProvider

SeriesMap = dict[tuple[str, Adjustment], list[Bar]]


def walk(
    days: list[date],
    seed: int,
    start: float = 100.0,
    vol: float = 0.02,
    market: np.ndarray | None = None,
    beta: float = 1.0,
) -> list[float]:
    rng = np.random.default_rng(seed)
    shocks = rng.normal(0.0003, vol, len(days))
    if market is not None:
        shocks = beta * market[: len(days)] + rng.normal(0.0001, vol / 2, len(days))
    return list(start * np.cumprod(1.0 + shocks))


def market_returns(n: int, seed: int = 7) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0004, 0.01, n)


def sample_market(start: date = date(2023, 1, 3), end: date = date(2025, 6, 30)) -> SeriesMap:
    """US listings AAA and BBB on NYSE sessions with ^GSPC; 0005.HK with ^HSI on HKEX
    sessions; 600000.SS with 000300.SS on Shanghai sessions. BBB skips (halts) 2024-03-04
    to 2024-03-08; CCC's history starts in 2025."""
    out: SeriesMap = {}
    for mic, index, listings in (
        ("XNYS", "^GSPC", [("AAA", 1.2, 11), ("BBB", 0.8, 12)]),
        ("XHKG", "^HSI", [("0005.HK", 0.9, 21)]),
        ("XSHG", "000300.SS", [("600000.SS", 1.1, 31)]),
    ):
        days = sessions_between(mic, start, end)
        m = market_returns(len(days), seed=len(index))
        out[(index, Adjustment.SPLIT)] = bars(days, list(4000 * np.cumprod(1 + m)))
        for symbol, beta, seed in listings:
            closes = walk(days, seed, market=m, beta=beta)
            kept = [
                (d, c)
                for d, c in zip(days, closes, strict=True)
                if not (symbol == "BBB" and date(2024, 3, 4) <= d <= date(2024, 3, 8))
            ]
            out[(symbol, Adjustment.SPLIT)] = bars([d for d, _ in kept], [c for _, c in kept])
    late = sessions_between("XNYS", date(2025, 1, 2), end)
    out[("CCC", Adjustment.SPLIT)] = bars(late, walk(late, 41))
    return out


def bars(days: list[date], closes: list[float]) -> list[Bar]:
    return [Bar(d, float(c)) for d, c in zip(days, closes, strict=True)]


def memory_provider(series: SeriesMap) -> MemoryProvider:
    return MemoryProvider(series)


def price_frame(series: SeriesMap) -> pd.DataFrame:
    """The same bars in the providers' frame layout, for loading into the store."""
    rows = [
        (symbol, pd.Timestamp(b.day), adj.value, b.close, b.open, b.high, b.low, b.volume)
        for (symbol, adj), items in series.items()
        for b in items
    ]
    return pd.DataFrame(
        rows, columns=["symbol", "day", "adjustment", "close", "open", "high", "low", "volume"]
    )


NOW = datetime(2025, 7, 1, tzinfo=UTC)

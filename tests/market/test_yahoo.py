"""Yahoo via yfinance. Only the network edge (the download function, or yfinance's
Ticker for the wrapping tests) is replaced; retries, errors and adjustments are real."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from provider_contract import ProviderContract

from tickerlens.errors import NoPriceDataError, ProviderUnavailableError
from tickerlens.market.bars import Adjustment, Bar, PriceQuery
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers import yahoo
from tickerlens.market.providers.yahoo import YahooProvider, yfinance_history


def history_frame(
    split: Sequence[Bar], adjusted: Sequence[Bar] | None = None, splits: Mapping[date, float] | None = None
) -> pd.DataFrame:
    """A frame shaped like ``yfinance.Ticker.history(auto_adjust=False, actions=True)``."""
    index = pd.DatetimeIndex(
        [pd.Timestamp(b.day).tz_localize("America/New_York") for b in split], name="Date"
    )
    close = [b.close for b in split]
    return pd.DataFrame(
        {
            "Open": close,
            "High": close,
            "Low": close,
            "Close": close,
            "Adj Close": [b.close for b in adjusted] if adjusted else close,
            "Volume": [1000] * len(split),
            "Dividends": 0.0,
            "Stock Splits": [(splits or {}).get(b.day, 0.0) for b in split],
        },
        index=index,
    )


class FakeYahoo:
    """The network edge: serves frames from a dict, or raises what it is told to."""

    def __init__(
        self, series: Mapping[tuple[str, Adjustment], Sequence[Bar]], fail: list[Exception] | None = None
    ):
        self.series = series
        self.fail = list(fail or [])
        self.calls: list[tuple[str, date, date]] = []

    def __call__(self, symbol: str, start: date, end: date) -> pd.DataFrame:
        self.calls.append((symbol, start, end))
        if self.fail:
            raise self.fail.pop(0)
        split = self.series.get((symbol, Adjustment.SPLIT))
        if split is None:
            raise NoPriceDataError(symbol, "Yahoo has no prices for it")
        kept = [b for b in split if start <= b.day <= end]
        adjusted = [
            b for b in self.series.get((symbol, Adjustment.SPLIT_DIV), split) if start <= b.day <= end
        ]
        return history_frame(kept, adjusted)


class TestYahooProvider(ProviderContract):
    missing_adjustment = None  # Yahoo serves raw, split and split+dividend closes

    def make_provider(self, series: Mapping[tuple[str, Adjustment], Sequence[Bar]]) -> PriceProvider:
        return YahooProvider(FakeYahoo(series), sleep=lambda _: None, today=lambda: date(2024, 2, 1))


SERIES = {
    ("NVDA", Adjustment.SPLIT): [
        Bar(date(2024, 6, d), c) for d, c in ((6, 120.998), (7, 120.888), (10, 121.79), (11, 120.91))
    ]
}


def test_transient_failures_are_retried_with_growing_waits() -> None:
    waits: list[float] = []
    fake = FakeYahoo(SERIES, fail=[ConnectionError("reset"), TimeoutError("slow")])
    provider = YahooProvider(lambda s, a, b: _transient(fake, s, a, b), sleep=waits.append, backoff=1.0)
    got = provider.fetch(PriceQuery("NVDA", date(2024, 6, 6), date(2024, 6, 11)))
    assert len(fake.calls) == 3 and len(got.bars) == 4
    assert waits == sorted(waits) and waits[0] > 0


def _transient(fake: FakeYahoo, symbol: str, start: date, end: date) -> pd.DataFrame:
    try:
        return fake(symbol, start, end)
    except OSError as exc:  # what yfinance_history does with network errors
        raise yahoo._Transient(str(exc)) from exc


def test_unreachable_after_the_attempts_then_fails_fast() -> None:
    fake = FakeYahoo(SERIES, fail=[ConnectionError("dns")] * 10)
    provider = YahooProvider(lambda s, a, b: _transient(fake, s, a, b), attempts=3, sleep=lambda _: None)
    query = PriceQuery("NVDA", date(2024, 6, 6), date(2024, 6, 11))
    with pytest.raises(ProviderUnavailableError, match="unreachable") as info:
        provider.fetch(query)
    assert isinstance(info.value.__cause__, yahoo._Transient)
    assert len(fake.calls) == 3
    with pytest.raises(ProviderUnavailableError, match="not retried"):
        provider.fetch(query)
    assert len(fake.calls) == 3  # the cool-down spares the network


def test_raw_closes_undo_later_splits() -> None:
    split = [Bar(date(2024, 6, 6), 120.998), Bar(date(2024, 6, 7), 120.888), Bar(date(2024, 6, 10), 121.79)]
    frame = history_frame(split, splits={date(2024, 6, 10): 10.0})
    provider = YahooProvider(lambda s, a, b: frame, today=lambda: date(2024, 6, 10))
    got = provider.fetch(PriceQuery("NVDA", date(2024, 6, 6), date(2024, 6, 10), Adjustment.RAW))
    assert got.closes == pytest.approx([1209.98, 1208.88, 121.79])


def test_an_empty_answer_is_no_price_data() -> None:
    provider = YahooProvider(lambda s, a, b: pd.DataFrame())
    with pytest.raises(NoPriceDataError, match="delisted"):
        provider.fetch(PriceQuery("GONE", date(2024, 1, 2), date(2024, 1, 5)))


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        ("YFPricesMissingError", NoPriceDataError),
        ("YFTzMissingError", NoPriceDataError),
        ("ConnectionError", yahoo._Transient),
    ],
)
def test_yfinance_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch, raised: str, expected: type) -> None:
    import yfinance
    from yfinance import exceptions as yfe

    def boom(*args: object, **kwargs: object) -> None:
        if raised == "ConnectionError":
            raise ConnectionError("Could not resolve host: query2.finance.yahoo.com")
        if raised == "YFTzMissingError":
            raise yfe.YFTzMissingError("ZZZZ")
        raise yfe.YFPricesMissingError("ZZZZ", "no data")

    class Ticker:
        def __init__(self, symbol: str) -> None:
            self.history = boom

    monkeypatch.setattr(yfinance, "Ticker", Ticker)
    with pytest.raises(expected) as info:
        yfinance_history("ZZZZ", date(2024, 1, 2), date(2024, 1, 5))
    assert info.value.__cause__ is not None


@pytest.mark.shared
def test_a_recorded_yfinance_history(shared_dir: Path) -> None:
    """A real yfinance ``history()`` dump (Close, Dividends, Stock Splits...) through the provider."""
    path = shared_dir / "data" / "prices" / "daily_2025" / "xunxuntj_dashboard" / "NVDA.csv"
    recorded = pd.read_csv(path, index_col="Date")
    recorded.index = pd.DatetimeIndex(recorded.index).tz_localize("America/New_York")
    recorded["Adj Close"] = recorded["Close"]  # history() with auto_adjust: Close is already adjusted

    def download(symbol: str, start: date, end: date) -> pd.DataFrame:
        days = pd.DatetimeIndex(recorded.index).date
        return recorded[(days >= start) & (days <= end)]

    got = YahooProvider(download).fetch(PriceQuery("NVDA", date(2025, 4, 14), date(2025, 4, 22)))
    assert got.days == [date(2025, 4, d) for d in (14, 15, 16, 17, 21, 22)]  # no Good Friday
    change = got.closes[2] / got.closes[1] - 1
    assert round(change * 100, 2) == -6.87

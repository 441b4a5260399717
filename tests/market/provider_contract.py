"""What every price provider promises, as a base class each provider's tests subclass.

A subclass supplies ``make_provider(series)``: a provider serving exactly ``series``
(symbol, adjustment) -> bars, through whatever machinery it has (files, a faked network
edge, the cache). The tests here then hold for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pytest

from tickerlens.errors import NoPriceDataError
from tickerlens.market.bars import Adjustment, Bar, PriceQuery
from tickerlens.market.provider import PriceProvider

DAYS = [date(2024, 1, d) for d in (2, 3, 4, 5, 8, 9, 10, 11, 12, 16)]
SPLIT = [100.0, 101.5, 99.0, 98.25, 102.0, 103.0, 101.0, 104.5, 105.0, 107.25]
SPLIT_DIV = [c * 0.98 for c in SPLIT]
SERIES: dict[tuple[str, Adjustment], list[Bar]] = {
    ("AAA", Adjustment.SPLIT): [Bar(d, c) for d, c in zip(DAYS, SPLIT, strict=True)],
    ("AAA", Adjustment.SPLIT_DIV): [Bar(d, c) for d, c in zip(DAYS, SPLIT_DIV, strict=True)],
    ("0005.HK", Adjustment.SPLIT): [Bar(d, c / 2) for d, c in zip(DAYS, SPLIT, strict=True)],
}


class ProviderContract:
    #: an adjustment this provider cannot serve for AAA (None: it serves all)
    missing_adjustment: Adjustment | None = Adjustment.RAW

    def make_provider(self, series: Mapping[tuple[str, Adjustment], Sequence[Bar]]) -> PriceProvider:
        raise NotImplementedError

    @pytest.fixture
    def provider(self) -> PriceProvider:
        return self.make_provider(SERIES)

    def test_is_a_price_provider(self, provider: PriceProvider) -> None:
        assert isinstance(provider, PriceProvider)
        assert isinstance(provider.name, str) and provider.name

    def test_window_is_inclusive_and_ascending(self, provider: PriceProvider) -> None:
        got = provider.fetch(PriceQuery("AAA", date(2024, 1, 3), date(2024, 1, 9), Adjustment.SPLIT))
        assert got.days == [date(2024, 1, d) for d in (3, 4, 5, 8, 9)]
        assert got.closes == pytest.approx(SPLIT[1:6])
        assert got.symbol == "AAA" and got.adjustment is Adjustment.SPLIT

    def test_adjustment_asked_is_the_adjustment_served(self, provider: PriceProvider) -> None:
        got = provider.fetch(PriceQuery("AAA", DAYS[0], DAYS[-1], Adjustment.SPLIT_DIV))
        assert got.adjustment is Adjustment.SPLIT_DIV
        assert got.closes == pytest.approx(SPLIT_DIV)

    def test_any_adjustment_prefers_split_adjusted(self, provider: PriceProvider) -> None:
        got = provider.fetch(PriceQuery("AAA", DAYS[0], DAYS[-1]))
        assert got.adjustment is Adjustment.SPLIT
        assert got.closes == pytest.approx(SPLIT)

    def test_other_exchanges_symbols(self, provider: PriceProvider) -> None:
        got = provider.fetch(PriceQuery("0005.HK", DAYS[0], DAYS[2]))
        assert got.closes == pytest.approx([c / 2 for c in SPLIT[:3]])

    def test_unknown_symbol_is_no_price_data(self, provider: PriceProvider) -> None:
        with pytest.raises(NoPriceDataError) as info:
            provider.fetch(PriceQuery("ZZZZ", DAYS[0], DAYS[-1]))
        assert info.value.symbol == "ZZZZ"

    def test_window_before_the_history_is_explained(self, provider: PriceProvider) -> None:
        # the message names the window asked or where the history starts
        with pytest.raises(NoPriceDataError, match=r"2023-06-01|2024-01-02"):
            provider.fetch(PriceQuery("AAA", date(2023, 6, 1), date(2023, 6, 30), Adjustment.SPLIT))

    def test_missing_adjustment_is_no_price_data(self, provider: PriceProvider) -> None:
        if self.missing_adjustment is None:
            pytest.skip("this provider serves every adjustment")
        with pytest.raises(NoPriceDataError):
            provider.fetch(PriceQuery("AAA", DAYS[0], DAYS[-1], self.missing_adjustment))

from __future__ import annotations

from datetime import date

import pytest
from provider_contract import DAYS, SERIES

from tickerlens.errors import NoPriceDataError, ProviderUnavailableError
from tickerlens.market.bars import BarSeries, PriceQuery
from tickerlens.market.chain import ChainProvider
from tickerlens.market.providers.memory import MemoryProvider


class Down:
    name = "yahoo"

    def fetch(self, query: PriceQuery) -> BarSeries:
        raise ProviderUnavailableError("yahoo", "no network")


def test_the_first_provider_that_has_the_symbol_answers() -> None:
    local = MemoryProvider({k: v for k, v in SERIES.items() if k[0] == "AAA"}, name="local")
    online = MemoryProvider(SERIES, name="online")
    chain = ChainProvider([local, online])
    assert chain.fetch(PriceQuery("AAA", DAYS[0], DAYS[-1])).provider == "local"
    assert chain.fetch(PriceQuery("0005.HK", DAYS[0], DAYS[-1])).provider == "online"
    assert chain.name == "local+online"


def test_when_none_has_it_the_error_says_what_each_said() -> None:
    chain = ChainProvider([MemoryProvider(SERIES, name="local"), Down()])
    with pytest.raises(NoPriceDataError) as info:
        chain.fetch(PriceQuery("ZZZ", date(2024, 1, 2), date(2024, 1, 5)))
    assert "does not know this symbol" in str(info.value) and "unreachable" in str(info.value)


def test_all_unreachable_is_unavailable() -> None:
    with pytest.raises(ProviderUnavailableError):
        ChainProvider([Down()]).fetch(PriceQuery("AAA", date(2024, 1, 2), date(2024, 1, 5)))

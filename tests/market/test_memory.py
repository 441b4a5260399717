from __future__ import annotations

from collections.abc import Mapping, Sequence

from provider_contract import ProviderContract

from tickerlens.market.bars import Adjustment, Bar
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers.memory import MemoryProvider


class TestMemoryProvider(ProviderContract):
    def make_provider(self, series: Mapping[tuple[str, Adjustment], Sequence[Bar]]) -> PriceProvider:
        return MemoryProvider(series)

"""Several providers tried in order: local files first, then the cached online source.

A symbol the first provider lacks is asked of the next. When none has it the error
lists what each one said, so the row explains itself ("not in any price file ...; Yahoo
is unreachable ...").
"""

from __future__ import annotations

from collections.abc import Sequence

from tickerlens.errors import NoPriceDataError, ProviderUnavailableError
from tickerlens.market.bars import BarSeries, PriceQuery
from tickerlens.market.provider import PriceProvider

__all__ = ["ChainProvider"]


class ChainProvider:
    def __init__(self, providers: Sequence[PriceProvider]) -> None:
        if not providers:
            raise ValueError("a provider chain needs at least one provider")
        self.providers = list(providers)
        self.name = "+".join(p.name for p in providers)

    def fetch(self, query: PriceQuery) -> BarSeries:
        problems: list[str] = []
        unreachable = True
        for provider in self.providers:
            try:
                return provider.fetch(query)
            except NoPriceDataError as exc:
                unreachable = False
                problems.append(_detail(str(exc), query.symbol))
            except ProviderUnavailableError as exc:
                problems.append(str(exc))
        if unreachable:
            raise ProviderUnavailableError(self.name, "; ".join(problems))
        raise NoPriceDataError(query.symbol, "; ".join(problems))


def _detail(message: str, symbol: str) -> str:
    return message.removeprefix(f"no prices for {symbol}: ")

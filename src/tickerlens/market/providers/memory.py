"""An in-memory price provider: the reference implementation, and what tests use.

It holds complete series and answers queries by cutting them, so it behaves exactly as
the interface promises and nothing more; the shared provider tests run against it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from tickerlens.errors import NoPriceDataError
from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery
from tickerlens.market.provider import window_of

__all__ = ["MemoryProvider"]


class MemoryProvider:
    """Series keyed by (symbol, adjustment); ``calls`` counts fetches (for cache tests)."""

    def __init__(
        self,
        series: Mapping[tuple[str, Adjustment], Sequence[Bar]] | None = None,
        name: str = "memory",
    ) -> None:
        self.name = name
        self.calls = 0
        self._series: dict[tuple[str, Adjustment], BarSeries] = {}
        for (symbol, adjustment), bars in (series or {}).items():
            self.add(symbol, adjustment, bars)

    def add(self, symbol: str, adjustment: Adjustment, bars: Iterable[Bar]) -> None:
        ordered = tuple(sorted(bars, key=lambda b: b.day))
        self._series[(symbol, adjustment)] = BarSeries(symbol, adjustment, self.name, ordered)

    def add_closes(self, symbol: str, adjustment: Adjustment, closes: Mapping[date, float]) -> None:
        self.add(symbol, adjustment, (Bar(d, float(c)) for d, c in closes.items()))

    def symbols(self) -> set[str]:
        return {s for s, _ in self._series}

    def fetch(self, query: PriceQuery) -> BarSeries:
        self.calls += 1
        for adjustment in query.adjustments():
            series = self._series.get((query.symbol, adjustment))
            if series is not None:
                return window_of(series, query, f"provider {self.name!r}")
        if query.symbol in self.symbols():
            have = sorted(a.value for s, a in self._series if s == query.symbol)
            raise NoPriceDataError(
                query.symbol,
                f"provider {self.name!r} has only {', '.join(have)} closes, not {query.adjustment}; "
                "ask for one of those",
            )
        raise NoPriceDataError(query.symbol, f"provider {self.name!r} does not know this symbol")

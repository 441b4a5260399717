"""A read-through cache of any provider in the store's ``prices`` table.

A query whose window was fetched before is answered from the store, so a second run
needs no network. Only days before the fetch date count as fetched: today's bar may
still change, so a window reaching today (or later) asks the provider again. When the provider
cannot be reached, whatever the store holds for the window is served with
``stale=True`` and a note saying what is missing, instead of failing; only when the store
has nothing either does the ``ProviderUnavailableError`` reach the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import duckdb

from tickerlens.errors import ProviderUnavailableError
from tickerlens.market.bars import BarSeries, PriceQuery
from tickerlens.market.provider import PriceProvider, window_of

__all__ = ["CachedProvider"]


class CachedProvider:
    def __init__(
        self,
        inner: PriceProvider,
        con: duckdb.DuckDBPyConnection,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self._con = con
        self._now = now

    def fetch(self, query: PriceQuery) -> BarSeries:
        # The store imports the bar types from this package, so its functions are
        # imported here, at call time, to keep the two packages free of an import cycle.
        from tickerlens.store.prices import covered_since, read_bars, upsert_series

        today = self._now().date()
        final_end = min(query.end, today - timedelta(days=1))
        for adjustment in query.adjustments():
            if covered_since(self._con, query.symbol, adjustment, self.name, query.start, query.end):
                bars = read_bars(self._con, query.symbol, adjustment, query.start, query.end)
                series = BarSeries(query.symbol, adjustment, self.name, bars, source="cache")
                return window_of(series, query, f"the cache of {self.name}")
        try:
            fresh = self.inner.fetch(query)
        except ProviderUnavailableError as exc:
            stale = self._stale(query, exc)
            if stale is None:
                raise
            return stale
        upsert_series(self._con, fresh, self._now(), (query.start, final_end))
        return fresh

    def _stale(self, query: PriceQuery, exc: ProviderUnavailableError) -> BarSeries | None:
        from tickerlens.store.prices import read_bars

        for adjustment in query.adjustments():
            bars = read_bars(self._con, query.symbol, adjustment, query.start, query.end)
            if bars:
                note = (
                    f"stale: {self.name} is unreachable, so {query.symbol} closes come from the cache "
                    f"and end on {bars[-1].day}; later closes may be missing ({exc})"
                )
                return BarSeries(
                    query.symbol, adjustment, self.name, bars, stale=True, note=note, source="cache"
                )
        return None

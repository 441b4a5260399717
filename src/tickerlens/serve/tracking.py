"""Prices for the server's analyses come from the store only, never from the network.

A request must not wait on an outside price source (nor fail when it is down), so
``POST /analyze`` and ``POST /articles`` measure change since inclusion with the bars
already in the ``prices`` table (loaded by ``tickerlens`` price commands, or written by
the cache of an earlier online run). A listing without bars there gets a row saying so,
exactly as ``market.track`` reports any missing data.
"""

from __future__ import annotations

import duckdb

from tickerlens.errors import NoPriceDataError
from tickerlens.market.bars import BarSeries, PriceQuery
from tickerlens.store.prices import price_span, read_bars

__all__ = ["StorePriceProvider"]


class StorePriceProvider:
    """A ``PriceProvider`` over the store's ``prices`` table."""

    name = "store"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def fetch(self, query: PriceQuery) -> BarSeries:
        spans = []
        for adjustment in query.adjustments():
            bars = read_bars(self._con, query.symbol, adjustment, query.start, query.end)
            if bars:
                return BarSeries(query.symbol, adjustment, self.name, bars, source="store")
            span = price_span(self._con, query.symbol, adjustment)
            if span is not None:
                spans.append(f"{adjustment.value} closes from {span[0]} to {span[1]}")
        if spans:
            detail = (
                f"the store has {'; '.join(spans)}, none between {query.start} and {query.end}; "
                "load prices for those dates"
            )
        else:
            detail = "the store has no prices for it; load them (e.g. tickerlens prices) and analyze again"
        raise NoPriceDataError(query.symbol, detail)

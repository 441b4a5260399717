"""The one interface every price source implements: a query in, a series of bars out.

A provider raises only tickerlens errors: ``NoPriceDataError`` when it has nothing for
the symbol or window, ``ProviderUnavailableError`` when it cannot be reached. Whatever a
dependency raises is wrapped with ``raise ... from exc`` at the provider's edge, so the
callers (the cache, ``track``, the batch) decide what a failure means without knowing
which library sits underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from tickerlens.errors import NoPriceDataError
from tickerlens.market.bars import Bar, BarSeries, PriceQuery

__all__ = ["PriceProvider", "no_bars_in_window", "window_of"]


@runtime_checkable
class PriceProvider(Protocol):
    """A source of daily bars. ``name`` identifies it in the store and in messages."""

    name: str

    def fetch(self, query: PriceQuery) -> BarSeries:
        """Bars of ``query.symbol`` from ``query.start`` to ``query.end`` inclusive."""
        ...


def no_bars_in_window(query: PriceQuery, have: Sequence[Bar], where: str) -> NoPriceDataError:
    """The error for a known symbol with no bar inside the window, saying what there is."""
    if not have:
        return NoPriceDataError(
            query.symbol, f"{where} has no bars for it; check the symbol or add its prices"
        )
    first, last = have[0].day, have[-1].day
    if query.end < first:
        hint = f"its prices start on {first}; import a longer history or pick a later date"
    elif query.start > last:
        hint = f"its prices end on {last}; import newer prices or pick an earlier date"
    else:
        hint = f"{where} has bars from {first} to {last} but none inside the window (a trading halt?)"
    return NoPriceDataError(query.symbol, f"nothing between {query.start} and {query.end}: {hint}")


def window_of(series: BarSeries, query: PriceQuery, where: str) -> BarSeries:
    """``series`` cut to the query's window; raises NoPriceDataError when nothing is left."""
    cut = series.between(query.start, query.end)
    if not cut.bars:
        raise no_bars_in_window(query, series.bars, where)
    return cut

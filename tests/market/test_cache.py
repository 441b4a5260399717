"""The read-through cache in the store: the contract, no network on a second run, and
stale bars with a visible marker when the provider is down."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

import duckdb
import pytest
from provider_contract import DAYS, SERIES, ProviderContract

from tickerlens.errors import ProviderUnavailableError
from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery
from tickerlens.market.cache import CachedProvider
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers.memory import MemoryProvider
from tickerlens.store.db import connect

NOW = datetime(2024, 2, 1, 12, tzinfo=UTC)


class TestCachedProvider(ProviderContract):
    def make_provider(self, series: Mapping[tuple[str, Adjustment], Sequence[Bar]]) -> PriceProvider:
        return CachedProvider(MemoryProvider(series), connect(":memory:"), now=lambda: NOW)


class Switchable:
    """A provider that can be taken down, counting its calls."""

    def __init__(self, inner: MemoryProvider) -> None:
        self.inner, self.name, self.up, self.calls = inner, inner.name, True, 0

    def fetch(self, query: PriceQuery) -> BarSeries:
        self.calls += 1
        if not self.up:
            raise ProviderUnavailableError(self.name, "connection refused")
        return self.inner.fetch(query)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return connect(":memory:")


def test_a_second_run_needs_no_network(con: duckdb.DuckDBPyConnection) -> None:
    source = Switchable(MemoryProvider(SERIES))
    cache = CachedProvider(source, con, now=lambda: NOW)
    query = PriceQuery("AAA", DAYS[0], DAYS[-1], Adjustment.SPLIT)
    first = cache.fetch(query)
    source.up = False
    again = cache.fetch(query)
    inside = cache.fetch(PriceQuery("AAA", DAYS[2], DAYS[5], Adjustment.SPLIT))
    assert source.calls == 1  # the second and third answers came from the store
    assert again.closes == first.closes and not again.stale
    assert inside.days == DAYS[2:6]


def test_stale_bars_are_served_with_a_marker_when_the_provider_is_down(
    con: duckdb.DuckDBPyConnection,
) -> None:
    source = Switchable(MemoryProvider(SERIES))
    cache = CachedProvider(source, con, now=lambda: NOW)
    cache.fetch(PriceQuery("AAA", DAYS[0], DAYS[4], Adjustment.SPLIT))
    source.up = False
    got = cache.fetch(PriceQuery("AAA", DAYS[0], DAYS[-1], Adjustment.SPLIT))
    assert got.stale and got.days == DAYS[:5]
    assert got.note is not None and "stale" in got.note and str(DAYS[4]) in got.note


def test_down_with_nothing_cached_is_unavailable(con: duckdb.DuckDBPyConnection) -> None:
    source = Switchable(MemoryProvider(SERIES))
    source.up = False
    with pytest.raises(ProviderUnavailableError):
        CachedProvider(source, con, now=lambda: NOW).fetch(PriceQuery("AAA", DAYS[0], DAYS[-1]))


def test_a_window_reaching_today_asks_again(con: duckdb.DuckDBPyConnection) -> None:
    source = Switchable(MemoryProvider(SERIES))
    cache = CachedProvider(source, con, now=lambda: datetime(2024, 1, 16, 15, tzinfo=UTC))
    query = PriceQuery("AAA", DAYS[0], DAYS[-1], Adjustment.SPLIT)  # ends today: the last bar may change
    cache.fetch(query)
    cache.fetch(query)
    assert source.calls == 2


def test_bars_are_written_once_however_often_they_are_fetched(con: duckdb.DuckDBPyConnection) -> None:
    cache = CachedProvider(MemoryProvider(SERIES), con, now=lambda: datetime(2024, 1, 12, tzinfo=UTC))
    for end in (DAYS[3], DAYS[6], DAYS[-1]):
        cache.fetch(PriceQuery("AAA", DAYS[0], end, Adjustment.SPLIT))
    rows = con.execute("SELECT count(*), count(DISTINCT day) FROM prices WHERE symbol = 'AAA'").fetchall()
    assert rows == [(len(DAYS), len(DAYS))]
    coverage = con.execute("SELECT start_day, end_day FROM price_coverage").fetchall()
    assert coverage == [(DAYS[0], date(2024, 1, 11))]  # merged; bars before the fetch day only

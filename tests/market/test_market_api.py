"""The market package's public surface is what the rest of tickerlens is promised."""

from __future__ import annotations

import tickerlens.market as market
from tickerlens.market import providers


def test_exported_names() -> None:
    assert sorted(market.__all__) == [
        "Adjustment",
        "Bar",
        "BarSeries",
        "EventOptions",
        "ListingReturn",
        "PriceProvider",
        "PriceQuery",
        "TrackOptions",
        "provider_from_settings",
        "track",
    ]
    assert all(getattr(market, name) is not None for name in market.__all__)
    assert callable(market.track) and callable(market.provider_from_settings)
    assert sorted(providers.__all__) == ["LocalFileProvider", "MemoryProvider", "YahooProvider"]


def test_listing_return_json_keys_are_stable() -> None:
    row = market.ListingReturn("NVDA", "XNAS", "USD", None)
    assert list(row.to_dict()) == [
        "company_id",
        "name",
        "ticker",
        "mic",
        "currency",
        "inclusion_date",
        "ref_date",
        "ref_close",
        "last_date",
        "last_close",
        "pct_change",
        "adjustment",
        "benchmark",
        "abnormal_return",
        "car",
        "model",
        "status",
        "reason",
        "provider",
        "stale",
        "warnings",
    ]

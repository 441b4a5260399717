"""Market data: price providers, exchange calendars, change since inclusion, event study.

The stage after linking: ``track(links, published, provider=...)`` gives, per listing,
the reference close before the story, the latest close as of a date, the change, and the
abnormal return against the exchange's benchmark. ``provider_from_settings`` picks the
price source (local files, or Yahoo through the store's cache).
"""

from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery
from tickerlens.market.event_study import EventOptions
from tickerlens.market.inclusion import ListingReturn
from tickerlens.market.provider import PriceProvider
from tickerlens.market.track import TrackOptions, provider_from_settings, track

__all__ = [
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

"""What the listed companies of one story did since it was published: ``track``.

For each listing of each linked company: the reference session from the exchange
calendar (see ``calendars``), the bars from the provider, the benchmark's bars, and then
``inclusion.measure``. A listing that cannot be measured gets a row saying why; one
listing's failure never stops the others, and only tickerlens' own market-data errors
are turned into rows (anything else is a bug and is raised).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial

import duckdb

from tickerlens.errors import ConfigError, MarketDataError
from tickerlens.linking.model import CompanyLink
from tickerlens.market.bars import Adjustment, BarSeries, PriceQuery
from tickerlens.market.benchmarks import benchmark_for
from tickerlens.market.cache import CachedProvider
from tickerlens.market.calendars import inclusion_day, reference_session, session_offset
from tickerlens.market.chain import ChainProvider
from tickerlens.market.event_study import EventOptions
from tickerlens.market.inclusion import ListingReturn, Target, measure, reason_no_published, unavailable
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.market.providers.yahoo import YahooProvider, yfinance_history
from tickerlens.settings import Settings
from tickerlens.universe.symbols import MIC_CURRENCY

__all__ = ["TrackOptions", "provider_from_settings", "track", "track_targets"]

_MARGIN_SESSIONS = 30  # extra history fetched before the estimation window, for gaps


@dataclass(frozen=True, slots=True)
class TrackOptions:
    adjustment: Adjustment | None = None  # None: the best the provider has (split-adjusted first)
    benchmarks: Mapping[str, str] = field(default_factory=dict)  # MIC (or "US") -> symbol
    event: EventOptions = field(default_factory=EventOptions)
    now: datetime | None = None  # the clock for "latest close" when no as-of date is given


def track(
    links: Sequence[CompanyLink],
    published: datetime | date | None,
    *,
    provider: PriceProvider,
    as_of: date | None = None,
    options: TrackOptions | None = None,
) -> list[ListingReturn]:
    """One ``ListingReturn`` per listing of each listed company in ``links``, in order."""
    targets = [
        Target(lst.ticker, lst.mic, lst.currency or MIC_CURRENCY.get(lst.mic), link.company_id, link.name)
        for link in links
        for lst in link.listings
    ]
    return track_targets(targets, published, provider=provider, as_of=as_of, options=options)


def track_targets(
    targets: Sequence[Target],
    published: datetime | date | None,
    *,
    provider: PriceProvider,
    as_of: date | None = None,
    options: TrackOptions | None = None,
) -> list[ListingReturn]:
    options = options or TrackOptions()
    memo: dict[PriceQuery, BarSeries | MarketDataError] = {}
    fetch = partial(_memo_fetch, provider, memo)
    return [_track_one(t, published, fetch, as_of, options) for t in targets]


def _memo_fetch(
    provider: PriceProvider, memo: dict[PriceQuery, BarSeries | MarketDataError], query: PriceQuery
) -> BarSeries:
    if query not in memo:
        try:
            memo[query] = provider.fetch(query)
        except MarketDataError as exc:
            memo[query] = exc
    found = memo[query]
    if isinstance(found, MarketDataError):
        raise found
    return found


def _track_one(
    target: Target,
    published: datetime | date | None,
    fetch: Callable[[PriceQuery], BarSeries],
    as_of: date | None,
    options: TrackOptions,
) -> ListingReturn:
    if published is None:
        return unavailable(target, None, reason_no_published())
    mic = target.mic or "US"
    inclusion = published if not isinstance(published, datetime) else None
    try:
        inclusion = inclusion_day(mic, published)
        ref = reference_session(mic, published)
    except MarketDataError as exc:
        return unavailable(target, inclusion, str(exc))
    try:
        as_of_day = as_of or reference_session(mic, options.now or datetime.now(UTC))
        start = session_offset(mic, ref, options.event.estimation[0] - _MARGIN_SESSIONS)
        series = fetch(PriceQuery(target.ticker, start, max(as_of_day, ref), options.adjustment))
    except MarketDataError as exc:
        return unavailable(target, inclusion, str(exc), ref_date=ref)
    bench_symbol = benchmark_for(mic, options.benchmarks)
    bench: BarSeries | None = None
    problem: str | None = None
    if bench_symbol is None:
        problem = f"no default benchmark for {mic}; name one (--benchmark {mic}=SYMBOL)"
    else:
        try:
            bench = fetch(PriceQuery(bench_symbol, start, max(as_of_day, ref), None))
        except MarketDataError as exc:
            problem = f"benchmark {bench_symbol}: {exc}"
    session = reference_session(mic, as_of_day) if as_of_day >= ref else None
    row = measure(target, inclusion, ref, as_of_day, series, bench, problem, options.event, session)
    return replace(row, benchmark=bench_symbol) if row.ok else row


def provider_from_settings(settings: Settings, con: duckdb.DuckDBPyConnection | None = None) -> PriceProvider:
    """The provider a run should use: local files when ``settings.prices`` is set (then,
    with ``price_provider="auto"``, the cached Yahoo source for symbols the files lack);
    otherwise Yahoo through the store's cache. ``con`` reuses an open store."""
    choice = settings.price_provider.lower()
    if choice not in {"auto", "local", "yahoo"}:
        raise ConfigError("price_provider", settings.price_provider, "use auto, local or yahoo")
    if choice == "local" and settings.prices is None:
        raise ConfigError("price_provider", "local", "needs price files; give --prices DIR")
    local = LocalFileProvider(settings.prices) if settings.prices is not None and choice != "yahoo" else None
    if choice == "local" and local is not None:
        return local
    if con is None:
        from tickerlens.store.db import connect

        con = connect(settings.db)
    online = CachedProvider(YahooProvider(partial(yfinance_history, timeout=settings.http_timeout)), con)
    return ChainProvider([local, online]) if local is not None else online

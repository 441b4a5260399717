"""Everything about one company the page and ``GET /companies/{id}`` show, read once.

A company the store has never linked is still shown from the universe (name, listings)
with no stories, so a search result always leads somewhere. Changes and the averages by
sentiment are measured on one listing: the one asked for, else the first listing with
prices in the store, else the primary one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from tickerlens.errors import NotFoundError
from tickerlens.serve.models import CompanyOut, CompanyStoryOut, ListingOut, SentimentReturnOut
from tickerlens.store.db import transaction
from tickerlens.store.queries import (
    CompanyRow,
    CompanyStory,
    ListingRow,
    SentimentReturn,
    abnormal_by_sentiment,
    company_row,
    company_stories,
    price_series,
)
from tickerlens.universe.master import Universe

__all__ = ["CompanyView", "company_out", "load_company"]


@dataclass(frozen=True, slots=True)
class CompanyView:
    company: CompanyRow
    ticker: str | None  # the listing measured and charted
    currency: str | None
    stories: list[CompanyStory]
    by_sentiment: list[SentimentReturn]
    adjustment: str | None
    prices: list[tuple[date, float]]  # (day, close) of ``ticker``


def _from_universe(universe: Universe, company_id: str) -> CompanyRow | None:
    c = universe.get(company_id)
    if c is None:
        return None
    listings = [
        ListingRow(x.mic, x.symbol, x.yahoo, x.currency, x.isin, x.primary, x.start, x.end)
        for x in sorted(c.listings, key=lambda x: (not x.primary, x.end is not None, x.mic))
    ]
    return CompanyRow(c.id, c.name, c.kind.value, c.country, c.sector, c.zh_name, listings)


def load_company(
    con: duckdb.DuckDBPyConnection, universe: Universe, company_id: str, ticker: str | None = None
) -> CompanyView:
    with transaction(con):  # one snapshot for the company, its stories and their returns
        return _load(con, universe, company_id, ticker)


def _load(
    con: duckdb.DuckDBPyConnection, universe: Universe, company_id: str, ticker: str | None
) -> CompanyView:
    company = company_row(con, company_id) or _from_universe(universe, company_id)
    if company is None:
        raise NotFoundError(f"company {company_id!r}", "search for it with GET /search?q=NAME")
    symbols = [x.yahoo for x in company.listings]
    if ticker is not None and ticker.upper() not in {s.upper() for s in symbols}:
        raise NotFoundError(
            f"ticker {ticker!r} of {company.name}",
            f"its listings are {', '.join(symbols) or 'none (it is not listed)'}",
        )
    chosen = next((s for s in symbols if s.upper() == ticker.upper()), None) if ticker else None
    adjustment: str | None = None
    prices: list[tuple[date, float]] = []
    for symbol in [chosen] if chosen else symbols:
        adjustment, prices = price_series(con, symbol)
        if prices:
            chosen = symbol
            break
    chosen = chosen or (symbols[0] if symbols else None)
    currency = next((x.currency for x in company.listings if x.yahoo == chosen), None)
    stories = company_stories(con, company.id, chosen)
    by_sentiment = abnormal_by_sentiment(con, company.id, chosen) if chosen else []
    return CompanyView(company, chosen, currency, stories, by_sentiment, adjustment, prices)


def company_out(view: CompanyView) -> CompanyOut:
    c = view.company
    return CompanyOut(
        id=c.id,
        name=c.name,
        kind=c.kind,
        country=c.country,
        sector=c.sector,
        zh_name=c.zh_name,
        listings=[
            ListingOut(
                mic=x.mic,
                symbol=x.symbol,
                ticker=x.yahoo,
                currency=x.currency,
                isin=x.isin,
                primary=x.primary,
            )
            for x in c.listings
        ],
        ticker=view.ticker,
        stories=[
            CompanyStoryOut(
                article_id=s.article_id,
                title=s.title,
                published=s.published,
                role=s.role,
                sentiment=s.sentiment_label,
                relevance=round(s.relevance, 4),
                ticker=s.symbol,
                inclusion_date=s.inclusion_date,
                pct_change=s.pct_change,
                abnormal_return=s.abnormal_return,
                reason=s.reason,
            )
            for s in view.stories
        ],
        by_sentiment=[
            SentimentReturnOut(
                sentiment=r.label,
                stories=r.stories,
                measured=r.measured,
                mean_abnormal_pct=r.mean_abnormal,
                mean_change_pct=r.mean_change,
            )
            for r in view.by_sentiment
        ],
    )

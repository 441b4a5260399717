"""The whole pipeline for one article: link, then signals, then market tracking.

``analyze_article`` is what the CLI's ``analyze``, the REST API and the batch engines
call, so every surface gives the same answer for the same article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tickerlens.ingest.article import Article
from tickerlens.linking.linker import Linker, get_linker
from tickerlens.linking.model import CompanyLink

__all__ = ["Analysis", "AnalyzeOptions", "analyze_article", "publication_moment"]


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    """What to compute beyond linking. Market tracking needs a price provider."""

    signals: bool = True
    prices: Any | None = None  # a market price provider; None skips tracking
    as_of: date | None = None
    fx: Any | None = None


@dataclass(slots=True)
class Analysis:
    article: Article
    companies: list[CompanyLink]
    signals: Any | None = None  # signals.Signals
    returns: dict[str, Any] = field(default_factory=dict)  # ticker -> market ListingReturn

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        out: dict[str, Any] = {
            "id": a.id,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "published_precision": a.published_precision,
            "published_from": a.published_from.value,
            "lang": a.lang,
            "source": a.source,
            "companies": [c.to_dict() for c in self.companies],
        }
        sig = self.signals.to_dict() if self.signals is not None else {}
        sentiment = sig.get("sentiment", {})
        for comp in out["companies"]:
            if comp["id"] in sentiment:
                comp["sentiment"] = sentiment[comp["id"]]
            rets = [self.returns[t].to_dict() for t in comp["tickers"] if t in self.returns]
            if rets:
                comp["returns"] = rets
        if sig:
            out["facts"] = sig.get("facts", [])
            out["claims"] = sig.get("claims", [])
        return out


def publication_moment(article: Article) -> datetime | date | None:
    """What the market stage should treat as the publication time: the instant when the
    source gave a time, the local calendar date when it gave only a date (a date counts
    as the end of that day on each exchange)."""
    if article.published is None:
        return None
    if article.published_precision == "day":
        return (article.published + timedelta(minutes=article.published_offset or 0)).date()
    return article.published


def analyze_article(
    article: Article, options: AnalyzeOptions | None = None, linker: Linker | None = None
) -> Analysis:
    """Link the article's companies and add what ``options`` asks for."""
    options = options or AnalyzeOptions()
    linker = linker or get_linker()
    moment = publication_moment(article)
    links = linker.link(article.text, title=article.title, published=moment)
    result = Analysis(article, links)
    if options.prices is not None:
        from tickerlens.market.track import track

        for ret in track(links, moment, provider=options.prices, as_of=options.as_of):
            result.returns[ret.ticker] = ret
    if options.signals:
        from tickerlens.signals import analyze_signals

        result.signals = analyze_signals(
            article.text,
            article.title,
            moment,
            links,
            prices=options.prices,
            fx=options.fx,
            published_offset=article.published_offset,
        )
    return result

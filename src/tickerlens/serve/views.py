"""One shape for a story whether it was stored or only analyzed, and the rows the pages
and the API show from it.

``stored_from_analysis`` gives an unsaved analysis the shape of a stored story, so the
analyze box shows exactly what the story page would; ``analysis_out`` and
``article_out`` are the API's bodies for the same two cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from tickerlens.analysis import Analysis
from tickerlens.errors import MarketDataError, SymbolError
from tickerlens.serve.models import (
    AnalysisOut,
    ArticleOut,
    ArticleSummaryOut,
    CompanyChipOut,
    LinkOut,
    MentionOut,
    ReturnOut,
    Role,
    SentimentOut,
)
from tickerlens.store.queries import (
    ArticleSummary,
    StoredArticle,
    StoredLink,
    StoredMention,
    StoredReturn,
)

__all__ = [
    "TickerRow",
    "analysis_out",
    "article_out",
    "mention_out",
    "stored_from_analysis",
    "summary_out",
    "ticker_rows",
]


def _return_from(ret: Any) -> StoredReturn:
    """A market ``ListingReturn`` as the row the store would hold for it."""
    return StoredReturn(
        ret.ticker,
        ret.inclusion_date,
        ret.ref_date,
        ret.ref_close,
        ret.last_date,
        ret.last_close,
        ret.pct_change,
        ret.abnormal_return,
        ret.currency,
        ret.benchmark,
        ret.status,
        ret.reason,
    )


def stored_from_analysis(analysis: Analysis) -> StoredArticle:
    a = analysis.article
    sig = analysis.signals.to_dict() if analysis.signals is not None else {}
    sentiment = sig.get("sentiment", {})
    links = []
    for lk in analysis.companies:
        sent = sentiment.get(lk.company_id) or {}
        mentions = [
            StoredMention(m.text, m.start, m.end, m.sentence, m.kind, m.in_title) for m in lk.mentions
        ]
        returns = [_return_from(analysis.returns[t]) for t in lk.tickers if t in analysis.returns]
        links.append(
            StoredLink(
                lk.company_id,
                lk.name,
                lk.listed,
                lk.tickers,
                lk.role.value,
                lk.relevance,
                lk.confidence,
                sent.get("score"),
                sent.get("label"),
                mentions,
                returns,
            )
        )
    links.sort(key=lambda x: ({"primary": 0, "secondary": 1}.get(x.role, 2), -x.relevance, x.name))
    return StoredArticle(
        id=a.id,
        title=a.title,
        text=a.text,
        published=a.published,
        published_from=a.published_from.value,
        published_precision=a.published_precision,
        source=a.site or a.source,
        site=a.site,
        url=a.url,
        lang=a.lang,
        author=a.author,
        stored_at=None,
        dup_of=None,
        links=links,
        facts=list(sig.get("facts", [])),
        claims=list(sig.get("claims", [])),
    )


def _return_out(r: StoredReturn) -> ReturnOut:
    return ReturnOut(
        ticker=r.symbol,
        inclusion_date=r.inclusion_date,
        ref_date=r.ref_date,
        ref_close=r.ref_close,
        last_date=r.last_date,
        last_close=r.last_close,
        pct_change=r.pct_change,
        abnormal_return=r.abnormal_return,
        currency=r.currency,
        benchmark=r.benchmark,
        status=r.status,
        reason=r.reason,
    )


def mention_out(m: StoredMention) -> MentionOut:
    return MentionOut(
        text=m.text, start=m.start, end=m.end, sentence=m.sentence, kind=m.kind, in_title=m.in_title
    )


def _link_out(lk: StoredLink, extra: dict[str, Any] | None = None) -> LinkOut:
    extra = extra or {}
    sentiment = extra.get("sentiment") or (
        {"label": lk.sentiment_label, "score": lk.sentiment_score} if lk.sentiment_label else None
    )
    return LinkOut(
        id=lk.company_id,
        name=lk.name,
        short_name=extra.get("short_name"),
        zh_name=extra.get("zh_name"),
        listed=lk.listed,
        kind=extra.get("kind"),
        tickers=lk.tickers,
        listings=extra.get("listings", []),
        role=cast(Role, lk.role),
        relevance=round(lk.relevance, 4),
        confidence=round(lk.confidence, 4),
        mentions=[mention_out(m) for m in lk.mentions],
        sentiment=SentimentOut.model_validate(sentiment) if sentiment else None,
        returns=[_return_out(r) for r in lk.returns],
    )


def analysis_out(analysis: Analysis) -> AnalysisOut:
    """The API body of an analysis: ``Analysis.to_dict()`` with mentions' title flags."""
    raw = analysis.to_dict()
    view = stored_from_analysis(analysis)
    by_id = {c["id"]: c for c in raw["companies"]}
    return AnalysisOut(
        id=view.id,
        title=view.title,
        published=view.published,
        published_from=view.published_from,
        lang=view.lang,
        source=analysis.article.source,
        url=view.url,
        companies=[_link_out(lk, by_id.get(lk.company_id)) for lk in view.links],
        facts=view.facts,
        claims=view.claims,
    )


def article_out(a: StoredArticle) -> ArticleOut:
    return ArticleOut(
        id=a.id,
        title=a.title,
        text=a.text,
        published=a.published,
        published_from=a.published_from,
        source=a.source,
        site=a.site,
        url=a.url,
        lang=a.lang,
        author=a.author,
        stored_at=a.stored_at,
        duplicate_of=a.dup_of,
        companies=[_link_out(lk) for lk in a.links],
        facts=a.facts,
        claims=a.claims,
    )


def summary_out(s: ArticleSummary) -> ArticleSummaryOut:
    return ArticleSummaryOut(
        id=s.id,
        title=s.title,
        published=s.published,
        source=s.source,
        url=s.url,
        lang=s.lang,
        snippet=s.snippet,
        companies=[CompanyChipOut(id=c[0], name=c[1], role=c[2], sentiment=c[3]) for c in s.companies],
    )


@dataclass(frozen=True, slots=True)
class TickerRow:
    """One row of a story's stock table: a listing of a company the story names."""

    ticker: str
    name: str
    company_id: str
    role: str
    relevance: float
    sentiment: str | None
    sentiment_score: float | None
    pct_change: float | None
    inclusion_date: date | None
    last_date: date | None
    note: str | None  # why there is no change, when there is none


def _inclusion_date(ticker: str, published: datetime | None) -> date | None:
    """The inclusion date from the exchange calendar, for a listing with no stored return."""
    if published is None:
        return None
    from tickerlens.market.calendars import calendar_mic, inclusion_day
    from tickerlens.universe.symbols import from_yahoo

    try:
        venue, _ = from_yahoo(ticker)
        return inclusion_day(calendar_mic(venue), published)
    except (SymbolError, MarketDataError):
        return None


def ticker_rows(article: StoredArticle) -> tuple[list[TickerRow], list[StoredLink]]:
    """(rows of the listed companies' tickers, the named organisations that are not listed)."""
    rows, unlisted = [], []
    for lk in article.links:
        if not lk.tickers:
            unlisted.append(lk)
            continue
        by_symbol = {r.symbol: r for r in lk.returns}
        for ticker in lk.tickers:
            ret = by_symbol.get(ticker)
            included = (
                ret.inclusion_date
                if ret and ret.inclusion_date
                else _inclusion_date(ticker, article.published)
            )
            note = None
            if ret is None:
                note = "no change measured yet: the store has no prices for this listing"
            elif ret.pct_change is None:
                note = ret.reason or "not available"
            rows.append(
                TickerRow(
                    ticker,
                    lk.name,
                    lk.company_id,
                    lk.role,
                    lk.relevance,
                    lk.sentiment_label,
                    lk.sentiment_score,
                    ret.pct_change if ret else None,
                    included,
                    ret.last_date if ret else None,
                    note,
                )
            )
    return rows, unlisted

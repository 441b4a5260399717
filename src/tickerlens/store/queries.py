"""Read queries behind the web pages and the REST API: stories, companies, prices, search.

Every function takes an open connection (a cursor per request in the server), runs a
few lookups and returns plain dataclasses, so the pages and the API show the same
numbers. A function of several statements runs them in one transaction: they read one
snapshot, so a story stored meanwhile never shows up half (a count without its row, or
a story with another version's links). Results are always fetched to the end: DuckDB refuses other work on a
connection while a result is still open. Near-duplicate articles (``dup_of`` set) are
left out of lists; they can still be read by id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import duckdb

from tickerlens.market.bars import ADJUSTMENT_PREFERENCE
from tickerlens.store.db import transaction

__all__ = [
    "ArticleFilter",
    "ArticleSummary",
    "CompanyRow",
    "CompanyStory",
    "ListingRow",
    "SentimentReturn",
    "StoredArticle",
    "StoredLink",
    "StoredMention",
    "StoredReturn",
    "TickerMention",
    "TopCompany",
    "abnormal_by_sentiment",
    "company_row",
    "company_stories",
    "get_stored_article",
    "latest_story_time",
    "list_articles",
    "price_series",
    "search_articles",
    "store_counts",
    "ticker_mentions",
    "top_companies",
]

# When an article has no publication time, its place in lists is the time it was stored.
_WHEN = "coalesce(a.published, a.stored_at)"


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What a list of stories is narrowed to; every field is optional."""

    limit: int = 20
    offset: int = 0
    since: datetime | None = None  # published at or after (UTC)
    until: datetime | None = None  # published before (UTC)
    source: str | None = None  # part of the site, URL or source, case-insensitive
    sentiment: str | None = None  # a linked company with this sentiment label
    role: str | None = None  # a linked company with this role
    company: str | None = None  # a linked company with this id (role and sentiment then apply to it)
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class StoredMention:
    text: str
    start: int
    end: int
    sentence: int
    kind: str
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class StoredReturn:
    symbol: str
    inclusion_date: date | None
    ref_date: date | None
    ref_close: float | None
    last_date: date | None
    last_close: float | None
    pct_change: float | None
    abnormal_return: float | None
    currency: str | None
    benchmark: str | None
    status: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class StoredLink:
    company_id: str
    name: str
    listed: bool
    tickers: list[str]
    role: str
    relevance: float
    confidence: float
    sentiment_score: float | None
    sentiment_label: str | None
    mentions: list[StoredMention]
    returns: list[StoredReturn] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str | None
    published: datetime | None
    stored_at: datetime | None
    source: str
    site: str | None
    url: str | None
    lang: str | None
    snippet: str
    companies: list[tuple[str, str, str, str | None]]  # (id, name, role, sentiment label), by relevance


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    title: str | None
    text: str
    published: datetime | None
    published_from: str | None
    published_precision: str | None
    source: str
    site: str | None
    url: str | None
    lang: str | None
    author: str | None
    stored_at: datetime | None
    dup_of: str | None
    links: list[StoredLink]
    facts: list[dict[str, Any]]
    claims: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ListingRow:
    mic: str
    symbol: str
    yahoo: str
    currency: str | None
    isin: str | None
    primary: bool
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class CompanyRow:
    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    zh_name: str | None
    listings: list[ListingRow]


@dataclass(frozen=True, slots=True)
class CompanyStory:
    article_id: str
    title: str | None
    published: datetime | None
    role: str
    sentiment_label: str | None
    sentiment_score: float | None
    relevance: float
    symbol: str | None  # the listing the change is measured on
    inclusion_date: date | None
    pct_change: float | None
    abnormal_return: float | None
    reason: str | None  # why the change is missing, when it is


@dataclass(frozen=True, slots=True)
class SentimentReturn:
    """Mean abnormal return after a company's stories of one sentiment, on one listing."""

    label: str
    stories: int  # stories with this sentiment
    measured: int  # of those, how many have an abnormal return
    mean_abnormal: float | None  # in percent
    mean_change: float | None  # mean raw change since inclusion, in percent


@dataclass(frozen=True, slots=True)
class TopCompany:
    company_id: str
    name: str
    stories: int
    tickers: list[str]


@dataclass(frozen=True, slots=True)
class TickerMention:
    article_id: str
    title: str | None
    published: datetime | None
    company_id: str
    role: str
    sentiment_label: str | None
    mentions: list[StoredMention]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _source_label(source: str | None, site: str | None, url: str | None) -> str:
    if site:
        return site
    if url and "//" in url:
        return url.split("//", 1)[1].split("/", 1)[0]
    return source or ""


def _mentions(raw: str | None) -> list[StoredMention]:
    items = json.loads(raw) if raw else []
    return [
        StoredMention(
            m["text"],
            int(m["start"]),
            int(m["end"]),
            int(m.get("sentence", 0)),
            m.get("kind", "alias"),
            bool(m.get("in_title", False)),
        )
        for m in items
    ]


def _filter_sql(f: ArticleFilter) -> tuple[str, list[object]]:
    where: list[str] = ["a.dup_of IS NULL"]
    params: list[object] = []
    if f.since is not None:
        where.append(f"{_WHEN} >= ?")
        params.append(f.since)
    if f.until is not None:
        where.append(f"{_WHEN} < ?")
        params.append(f.until)
    if f.source:
        where.append("(a.site ILIKE ? OR a.url ILIKE ? OR a.source ILIKE ?)")
        params += [f"%{f.source}%"] * 3
    if f.lang:
        where.append("a.lang = ?")
        params.append(f.lang)
    link_conds: list[str] = []
    link_params: list[object] = []
    for column, value in (("company_id", f.company), ("role", f.role), ("sentiment_label", f.sentiment)):
        if value:
            link_conds.append(f"l.{column} = ?")
            link_params.append(value)
    if link_conds:
        conds = " AND ".join(link_conds)
        where.append(f"EXISTS (SELECT 1 FROM links l WHERE l.article_id = a.id AND {conds})")
        params += link_params
    return " AND ".join(where), params


def _summaries(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> list[ArticleSummary]:
    ids = [r[0] for r in rows]
    chips: dict[str, list[tuple[str, str, str, str | None]]] = {i: [] for i in ids}
    if ids:
        for aid, cid, name, role, label in _rows(
            con,
            "SELECT article_id, company_id, name, role, sentiment_label FROM links "
            "WHERE article_id IN (SELECT unnest(?)) ORDER BY relevance DESC, name",
            [ids],
        ):
            chips[aid].append((cid, name, role, label))
    return [
        ArticleSummary(
            r[0],
            r[1],
            r[2],
            r[3],
            _source_label(r[4], r[5], r[6]),
            r[5],
            r[6],
            r[7],
            _snippet(r[8]),
            chips[r[0]],
        )
        for r in rows
    ]


def _snippet(text: str | None, size: int = 220) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


_SUMMARY_COLUMNS = (
    "a.id, a.title, a.published, a.stored_at, a.source, a.site, a.url, a.lang, left(a.text, 400)"
)


def list_articles(con: duckdb.DuckDBPyConnection, f: ArticleFilter) -> tuple[int, list[ArticleSummary]]:
    """(number of matching stories, the page of them asked for), newest first."""
    where, params = _filter_sql(f)
    with transaction(con):  # the count and the page from one snapshot, whatever is stored meanwhile
        total = _rows(con, f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0]
        rows = _rows(
            con,
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE {where} "
            f"ORDER BY {_WHEN} DESC, a.id LIMIT ? OFFSET ?",
            [*params, f.limit, f.offset],
        )
        return int(total), _summaries(con, rows)


def search_articles(
    con: duckdb.DuckDBPyConnection, words: list[str], limit: int = 20
) -> list[ArticleSummary]:
    """Stories whose title or text holds every one of ``words`` (substring match, so
    Chinese needs no word breaks), newest first."""
    terms = [w for w in words if w.strip()]
    if not terms:
        return []
    cond = " AND ".join("(a.title ILIKE ? OR a.text ILIKE ?)" for _ in terms)
    params: list[object] = []
    for t in terms:
        like = "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
    cond = cond.replace("ILIKE ?", "ILIKE ? ESCAPE '\\'")
    rows = _rows(
        con,
        f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.dup_of IS NULL AND {cond} "
        f"ORDER BY {_WHEN} DESC, a.id LIMIT ?",
        [*params, limit],
    )
    return _summaries(con, rows)


def _returns_of(con: duckdb.DuckDBPyConnection, article_id: str) -> list[StoredReturn]:
    return [
        StoredReturn(*r)
        for r in _rows(
            con,
            "SELECT symbol, inclusion_date, ref_date, ref_close, last_date, last_close, pct_change, "
            "abnormal_return, currency, benchmark, status, reason FROM returns WHERE article_id = ? "
            "ORDER BY symbol",
            [article_id],
        )
    ]


def _details(con: duckdb.DuckDBPyConnection, table: str, article_id: str) -> list[dict[str, Any]]:
    rows = _rows(con, f"SELECT detail FROM {table} WHERE article_id = ? ORDER BY seq", [article_id])
    return [json.loads(r[0]) for r in rows if r[0]]


def _links_of(con: duckdb.DuckDBPyConnection, article_id: str) -> list[StoredLink]:
    returns = _returns_of(con, article_id)
    rows = _rows(
        con,
        "SELECT company_id, name, listed, tickers, role, relevance, confidence, sentiment_score, "
        "sentiment_label, mentions FROM links WHERE article_id = ? "
        "ORDER BY CASE role WHEN 'primary' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END, relevance DESC, name",
        [article_id],
    )
    return [
        StoredLink(row[0], row[1] or row[0], bool(row[2]), list(row[3] or []), row[4] or "passing",
                   float(row[5] or 0.0), float(row[6] or 0.0), row[7], row[8], _mentions(row[9]),
                   [ret for ret in returns if ret.symbol in (row[3] or [])])
        for row in rows
    ]


def get_stored_article(con: duckdb.DuckDBPyConnection, article_id: str) -> StoredArticle | None:
    """The story with its links (each with the returns of its tickers), facts and claims."""
    with transaction(con):  # one snapshot: never an old story with new links
        found = _rows(
            con,
            "SELECT id, title, text, published, published_from, published_precision, source, site, url, "
            "lang, author, stored_at, dup_of FROM articles WHERE id = ?",
            [article_id],
        )
        if not found:
            return None
        r = found[0]
        return StoredArticle(
            id=r[0], title=r[1], text=r[2], published=r[3], published_from=r[4], published_precision=r[5],
            source=_source_label(r[6], r[7], r[8]), site=r[7], url=r[8], lang=r[9], author=r[10],
            stored_at=r[11], dup_of=r[12], links=_links_of(con, article_id),
            facts=_details(con, "facts", article_id), claims=_details(con, "claims", article_id),
        )


def company_row(con: duckdb.DuckDBPyConnection, company_id: str) -> CompanyRow | None:
    """The company as the store knows it (it was linked at least once), with its listings."""
    found = _rows(
        con, "SELECT id, name, kind, country, sector, zh_name FROM companies WHERE id = ?", [company_id]
    )
    if not found:
        return None
    listings = [
        ListingRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7])
        for r in _rows(
            con,
            "SELECT mic, symbol, yahoo, currency, isin, is_primary, start_date, end_date FROM listings "
            "WHERE company_id = ? ORDER BY is_primary DESC NULLS LAST, end_date IS NOT NULL, mic, symbol",
            [company_id],
        )
    ]
    c = found[0]
    return CompanyRow(c[0], c[1], c[2], c[3], c[4], c[5], listings)


def company_stories(
    con: duckdb.DuckDBPyConnection, company_id: str, symbol: str | None, limit: int = 200
) -> list[CompanyStory]:
    """The company's stories, newest first, with the change since inclusion on ``symbol``
    (else on the first of its tickers that has a stored return)."""
    rows = _rows(
        con,
        f"""SELECT a.id, a.title, a.published, l.role, l.sentiment_label, l.sentiment_score, l.relevance,
               r.symbol, r.inclusion_date, r.pct_change, r.abnormal_return, r.reason
        FROM links l JOIN articles a ON a.id = l.article_id
        LEFT JOIN returns r ON r.article_id = l.article_id AND r.symbol = coalesce(?, l.tickers[1])
        WHERE l.company_id = ? AND a.dup_of IS NULL
        ORDER BY {_WHEN} DESC, a.id LIMIT ?""",
        [symbol, company_id, limit],
    )
    return [
        CompanyStory(r[0], r[1], r[2], r[3] or "passing", r[4], r[5], float(r[6] or 0.0), *r[7:])
        for r in rows
    ]


def abnormal_by_sentiment(
    con: duckdb.DuckDBPyConnection, company_id: str, symbol: str
) -> list[SentimentReturn]:
    """Per sentiment label, the mean abnormal return (and raw change) since inclusion of
    ``symbol`` after the company's stories; labels in a fixed order."""
    rows = _rows(
        con,
        """SELECT coalesce(l.sentiment_label, 'unknown') AS label, count(*),
               count(r.abnormal_return), avg(r.abnormal_return) * 100, avg(r.pct_change)
        FROM links l JOIN articles a ON a.id = l.article_id
        LEFT JOIN returns r ON r.article_id = l.article_id AND r.symbol = ?
        WHERE l.company_id = ? AND a.dup_of IS NULL
        GROUP BY label
        ORDER BY CASE label WHEN 'positive' THEN 0 WHEN 'neutral' THEN 1 WHEN 'negative' THEN 2 ELSE 3 END""",
        [symbol, company_id],
    )
    return [SentimentReturn(r[0], int(r[1]), int(r[2]), r[3], r[4]) for r in rows]


def price_series(
    con: duckdb.DuckDBPyConnection, symbol: str, start: date | None = None
) -> tuple[str | None, list[tuple[date, float]]]:
    """(adjustment, [(day, close)]) of ``symbol`` in the best adjustment the store holds
    (split-adjusted first, as quoted in the news), from ``start`` on."""
    have = {r[0] for r in _rows(con, "SELECT DISTINCT adjustment FROM prices WHERE symbol = ?", [symbol])}
    chosen = next((a.value for a in ADJUSTMENT_PREFERENCE if a.value in have), None)
    if chosen is None:
        return None, []
    rows = _rows(
        con,
        "SELECT day, close FROM prices WHERE symbol = ? AND adjustment = ? AND day >= ? ORDER BY day",
        [symbol, chosen, start or date(1900, 1, 1)],
    )
    return chosen, [(r[0], float(r[1])) for r in rows]


def top_companies(
    con: duckdb.DuckDBPyConnection, since: datetime, until: datetime, limit: int = 10
) -> list[TopCompany]:
    """Companies named in the most stories published in [since, until), most first."""
    rows = _rows(
        con,
        f"""SELECT l.company_id, any_value(l.name), count(DISTINCT a.id) AS n, any_value(l.tickers)
        FROM links l JOIN articles a ON a.id = l.article_id
        WHERE a.dup_of IS NULL AND {_WHEN} >= ? AND {_WHEN} < ?
        GROUP BY l.company_id ORDER BY n DESC, any_value(l.name) LIMIT ?""",
        [since, until, limit],
    )
    return [TopCompany(r[0], r[1] or r[0], int(r[2]), list(r[3] or [])) for r in rows]


def latest_story_time(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = _rows(con, f"SELECT max({_WHEN}) FROM articles a WHERE a.dup_of IS NULL")
    return row[0][0] if row else None


def ticker_mentions(
    con: duckdb.DuckDBPyConnection,
    company_ids: list[str],
    tickers: list[str],
    since: datetime | None,
    until: datetime | None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[TickerMention]]:
    """Stories that link one of ``company_ids`` or carry one of ``tickers``, in a time window."""
    where = [
        "a.dup_of IS NULL",
        "(l.company_id IN (SELECT unnest(?)) OR len(list_intersect(l.tickers, ?)) > 0)",
    ]
    params: list[object] = [company_ids, tickers]
    if since is not None:
        where.append(f"{_WHEN} >= ?")
        params.append(since)
    if until is not None:
        where.append(f"{_WHEN} < ?")
        params.append(until)
    sql = f"FROM links l JOIN articles a ON a.id = l.article_id WHERE {' AND '.join(where)}"
    with transaction(con):
        total = _rows(con, f"SELECT count(*) {sql}", params)[0][0]
        rows = _rows(
            con,
            f"SELECT a.id, a.title, a.published, l.company_id, l.role, l.sentiment_label, l.mentions {sql} "
            f"ORDER BY {_WHEN} DESC, a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    found = [TickerMention(r[0], r[1], r[2], r[3], r[4] or "passing", r[5], _mentions(r[6])) for r in rows]
    return int(total), found


def store_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the main tables, for the health check."""
    tables = ("articles", "links", "companies", "prices", "returns")
    row = _rows(con, "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables))[0]
    return {t: int(n) for t, n in zip(tables, row, strict=True)}

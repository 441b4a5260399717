"""Storing analyses: an article's companies, links, and its signals, in one transaction.

Re-running on the same article replaces its links (and facts and claims) instead of
adding to them, so the store holds the latest analysis of each article exactly once.
Companies and listings are upserted from the universe as they are first linked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import duckdb

from tickerlens.analysis import Analysis
from tickerlens.linking.model import CompanyLink
from tickerlens.store.articles import StoredRow, upsert_articles
from tickerlens.store.db import transaction
from tickerlens.universe.master import Universe

__all__ = ["save_analyses"]


def _company_rows(links: Iterable[CompanyLink], universe: Universe | None) -> tuple[list, list]:
    companies, listings = [], []
    for lk in links:
        c = universe.get(lk.company_id) if universe else None
        companies.append(
            (lk.company_id, lk.name, lk.kind, c.country if c else None, c.sector if c else None, lk.zh_name)
        )
        source = c.listings if c else ()
        for lst in source:
            listings.append(
                (
                    lk.company_id,
                    lst.mic,
                    lst.symbol,
                    lst.yahoo,
                    lst.currency,
                    lst.isin,
                    lst.primary,
                    lst.start,
                    lst.end,
                )
            )
        if not source:
            for ref in lk.listings:
                listings.append(
                    (
                        lk.company_id,
                        ref.mic,
                        ref.symbol,
                        ref.ticker,
                        ref.currency,
                        ref.isin,
                        ref.primary,
                        None,
                        None,
                    )
                )
    return companies, listings


def _link_row(article_id: str, lk: CompanyLink, sentiment: dict[str, Any]) -> tuple:
    first = lk.mentions[0].text if lk.mentions else None
    mentions = [
        {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "sentence": m.sentence,
            "kind": m.kind,
            "in_title": m.in_title,
        }
        for m in lk.mentions
    ]
    sent = sentiment.get(lk.company_id) or {}
    return (
        article_id,
        lk.company_id,
        lk.name,
        lk.listed,
        lk.tickers,
        lk.role.value,
        lk.relevance,
        lk.confidence,
        sent.get("score"),
        sent.get("label"),
        len(lk.mentions),
        first,
        json.dumps(mentions),
    )


def save_analyses(
    con: duckdb.DuckDBPyConnection, analyses: list[Analysis], universe: Universe | None = None
) -> int:
    """Store articles with their links and signals; returns the number of articles."""
    if not analyses:
        return 0
    with transaction(con):
        upsert_articles(con, [StoredRow(a.article) for a in analyses])
        for a in analyses:
            _save_one(con, a, universe)
    return len(analyses)


def _save_one(con: duckdb.DuckDBPyConnection, a: Analysis, universe: Universe | None) -> None:
    aid = a.article.id
    companies, listings = _company_rows(a.companies, universe)
    if companies:
        con.executemany("INSERT OR REPLACE INTO companies VALUES (?, ?, ?, ?, ?, ?)", companies)
    if listings:
        con.executemany("INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", listings)
    sig = a.signals.to_dict() if a.signals is not None else {}
    con.execute("DELETE FROM links WHERE article_id = ?", [aid])
    rows = [_link_row(aid, lk, sig.get("sentiment", {})) for lk in a.companies]
    if rows:
        con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    for table in ("facts", "claims"):
        con.execute(f"DELETE FROM {table} WHERE article_id = ?", [aid])
    for seq, fact in enumerate(sig.get("facts", [])):
        con.execute(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                aid,
                seq,
                fact.get("company_id"),
                fact.get("kind"),
                fact.get("metric"),
                fact.get("value"),
                fact.get("currency"),
                fact.get("period"),
                fact.get("text"),
                fact.get("start"),
                fact.get("end"),
                json.dumps(fact, default=str),
            ],
        )
    for seq, claim in enumerate(sig.get("claims", [])):
        con.execute(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                aid,
                seq,
                claim.get("ticker") or claim.get("symbol"),
                claim.get("text"),
                claim.get("claimed_pct"),
                claim.get("measured_pct"),
                claim.get("verdict"),
                claim.get("reason"),
                json.dumps(claim, default=str),
            ],
        )
    if a.returns:
        from tickerlens.store.returns import save_listing_returns

        save_listing_returns(con, aid, list(a.returns.values()))

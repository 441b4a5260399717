"""An Analysis as rows of the store's tables, in Arrow, for the batch output.

Columns and their meaning are those of ``store/schema.py`` (``articles``, ``links``,
``facts``, ``claims``), so a batch output loads into a store with a plain
``INSERT ... SELECT``; each table also carries ``published_date`` (the publication
day, the partition), and ``links`` the article's ``published`` time, which the returns
stage needs. Values are built the way ``store.links.save_analyses`` builds them; a test
loads both into stores and compares.
"""

from __future__ import annotations

import json
from datetime import date, timedelta, timezone
from typing import Any

import pyarrow as pa

from tickerlens.analysis import Analysis
from tickerlens.ingest.article import Article
from tickerlens.linking.model import CompanyLink
from tickerlens.scale.layout import PARTITION

__all__ = ["SCHEMAS", "analysis_rows", "schema_for", "to_tables"]

_TS = pa.timestamp("us", tz="UTC")
_ARTICLE_FIELDS = [
    ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("title", pa.string()),
    ("published", _TS), ("published_offset", pa.int32()), ("published_from", pa.string()),
    ("lang", pa.string()), ("script", pa.string()), ("author", pa.string()), ("site", pa.string()),
    ("content_hash", pa.string()), ("fetched", _TS), ("published_precision", pa.string()),
    ("extra", pa.string()),
]
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([*_ARTICLE_FIELDS, (PARTITION, pa.date32())]),
    "links": pa.schema([
        ("article_id", pa.string()), ("company_id", pa.string()), ("name", pa.string()),
        ("listed", pa.bool_()), ("tickers", pa.list_(pa.string())), ("role", pa.string()),
        ("relevance", pa.float64()), ("confidence", pa.float64()), ("sentiment_score", pa.float64()),
        ("sentiment_label", pa.string()), ("mention_count", pa.int32()), ("first_mention", pa.string()),
        ("mentions", pa.string()), ("published", _TS), (PARTITION, pa.date32()),
    ]),
    "facts": pa.schema([
        ("article_id", pa.string()), ("seq", pa.int32()), ("company_id", pa.string()), ("kind", pa.string()),
        ("metric", pa.string()), ("value", pa.float64()), ("currency", pa.string()), ("period", pa.string()),
        ("text", pa.string()), ("start_pos", pa.int32()), ("end_pos", pa.int32()), ("detail", pa.string()),
        (PARTITION, pa.date32()),
    ]),
    "claims": pa.schema([
        ("article_id", pa.string()), ("seq", pa.int32()), ("symbol", pa.string()), ("text", pa.string()),
        ("claimed_pct", pa.float64()), ("measured_pct", pa.float64()), ("verdict", pa.string()),
        ("reason", pa.string()), ("detail", pa.string()), (PARTITION, pa.date32()),
    ]),
}
_WITH_TEXT = pa.schema(
    [*_ARTICLE_FIELDS[:4], ("text", pa.string()), *_ARTICLE_FIELDS[4:], (PARTITION, pa.date32())]
)


def schema_for(table: str, with_text: bool = False) -> pa.Schema:
    return _WITH_TEXT if table == "articles" and with_text else SCHEMAS[table]


def _day(article: Article) -> date | None:
    """The publication day as the source wrote it (at its own UTC offset; UTC when it gave
    none): a story a Shanghai site dated 2 March belongs to 2 March, whatever UTC says."""
    if article.published is None:
        return None
    offset = timedelta(minutes=article.published_offset or 0)
    return article.published.astimezone(timezone(offset)).date()


def _article_row(a: Article, with_text: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": a.id, "source": a.source, "url": a.url, "title": a.title, "published": a.published,
        "published_offset": a.published_offset, "published_from": str(a.published_from), "lang": a.lang,
        "script": a.script, "author": a.author, "site": a.site, "content_hash": a.content_hash,
        "fetched": a.fetched, "published_precision": a.published_precision,
        "extra": json.dumps(a.extra, ensure_ascii=False) if a.extra else None, PARTITION: _day(a),
    }
    if with_text:
        row["text"] = a.text
    return row


def _link_row(a: Article, lk: CompanyLink, sentiment: dict[str, Any]) -> dict[str, Any]:
    mentions = [
        {"text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence, "kind": m.kind,
         "in_title": m.in_title}
        for m in lk.mentions
    ]
    sent = sentiment.get(lk.company_id) or {}
    return {
        "article_id": a.id, "company_id": lk.company_id, "name": lk.name, "listed": lk.listed,
        "tickers": lk.tickers, "role": lk.role.value, "relevance": lk.relevance, "confidence": lk.confidence,
        "sentiment_score": sent.get("score"), "sentiment_label": sent.get("label"),
        "mention_count": len(lk.mentions), "first_mention": lk.mentions[0].text if lk.mentions else None,
        "mentions": json.dumps(mentions), "published": a.published, PARTITION: _day(a),
    }


def _fact_row(a: Article, seq: int, fact: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": a.id, "seq": seq, "company_id": fact.get("company_id"), "kind": fact.get("kind"),
        "metric": fact.get("metric"), "value": fact.get("value"), "currency": fact.get("currency"),
        "period": fact.get("period"), "text": fact.get("text"), "start_pos": fact.get("start"),
        "end_pos": fact.get("end"), "detail": json.dumps(fact, default=str), PARTITION: _day(a),
    }


def _claim_row(a: Article, seq: int, claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": a.id, "seq": seq, "symbol": claim.get("ticker") or claim.get("symbol"),
        "text": claim.get("text"), "claimed_pct": claim.get("claimed_pct"),
        "measured_pct": claim.get("measured_pct"), "verdict": claim.get("verdict"),
        "reason": claim.get("reason"), "detail": json.dumps(claim, default=str), PARTITION: _day(a),
    }


def analysis_rows(analysis: Analysis, with_text: bool = False) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table for one analysed article."""
    a = analysis.article
    sig = analysis.signals.to_dict() if analysis.signals is not None else {}
    sentiment = sig.get("sentiment", {})
    return {
        "articles": [_article_row(a, with_text)],
        "links": [_link_row(a, lk, sentiment) for lk in analysis.companies],
        "facts": [_fact_row(a, i, f) for i, f in enumerate(sig.get("facts", []))],
        "claims": [_claim_row(a, i, c) for i, c in enumerate(sig.get("claims", []))],
    }


def to_tables(rows: dict[str, list[dict[str, Any]]], with_text: bool = False) -> dict[str, pa.Table]:
    return {
        name: pa.Table.from_pylist(rows.get(name, []), schema=schema_for(name, with_text)) for name in SCHEMAS
    }

"""Ingest into the store: read, group duplicates, write in batches.

Duplicates are grouped against everything already stored (signatures are kept in the
store), so the tenth copy of a wire story arriving next week still joins its group.
Each batch of articles is one transaction; failures never enter a batch, so a bad item
costs only itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import duckdb

from tickerlens.ingest.article import Article
from tickerlens.ingest.dedup import DuplicateIndex, signature, signature_bytes, signature_from_bytes
from tickerlens.ingest.pipeline import iter_items
from tickerlens.ingest.sources import Failure, Source
from tickerlens.settings import Settings, get_settings
from tickerlens.store.articles import StoredRow, known_groups, upsert_articles

__all__ = ["IngestReport", "ingest_into_store", "load_index"]

BATCH = 2000  # articles per transaction


@dataclass
class IngestReport:
    read: int = 0  # articles read (before deduplication and storing)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # read articles that joined an existing group (exact or near)
    failures: list[Failure] = field(default_factory=list)
    new: list[Article] = field(default_factory=list)  # inserted canonical articles, when collected

    @property
    def stored(self) -> int:
        return self.inserted + self.updated


def load_index(con: duckdb.DuckDBPyConnection, threshold: float) -> DuplicateIndex:
    index = DuplicateIndex(threshold=threshold)
    for article_id, digest, canonical, blob in known_groups(con):
        index.add_known(article_id, digest, canonical, signature_from_bytes(blob) if blob else None)
    return index


def _store(
    con: duckdb.DuckDBPyConnection,
    chunk: list[Article],
    index: DuplicateIndex,
    report: IngestReport,
    collect: bool,
) -> None:
    rows = []
    for article in chunk:
        sig = signature(f"{article.title or ''}\n{article.text}")
        head = index.assign(article.id, article.content_hash, sig)
        report.duplicates += head is not None
        rows.append(StoredRow(article, head, signature_bytes(sig) if head is None else None))
    counts = upsert_articles(con, rows)
    report.inserted += counts.inserted
    report.updated += counts.updated
    report.unchanged += counts.unchanged
    if collect and counts.inserted_ids:
        canonical = {r.article.id for r in rows if r.dup_of is None}
        fresh = canonical & set(counts.inserted_ids)
        report.new.extend(a for a in chunk if a.id in fresh)


def ingest_into_store(
    con: duckdb.DuckDBPyConnection,
    inputs: Iterable[Source],
    *,
    settings: Settings | None = None,
    on_item: Callable[[Article | Failure], None] | None = None,
    collect_new: bool = False,
    **options: Any,
) -> IngestReport:
    """Read ``inputs`` (see ``iter_items`` for ``options``) and store them; returns counts."""
    settings = settings or get_settings()
    index = load_index(con, settings.near_dup_threshold)
    report = IngestReport()
    items = iter_items(inputs, settings=settings, **options)
    while chunk := list(islice(items, BATCH)):
        articles: list[Article] = []
        for item in chunk:
            if on_item is not None:
                on_item(item)
            if isinstance(item, Failure):
                report.failures.append(item)
            else:
                articles.append(item)
        report.read += len(articles)
        if articles:
            _store(con, articles, index, report, collect_new)
    return report

"""Articles in the store: idempotent upserts, one transaction per batch, and reads.

Writing the same article twice changes nothing (not even ``stored_at``): a row is only
rewritten when its content hash changed. A batch lands whole or not at all, so a crash
or a refused write leaves the store as it was before the batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from tickerlens.errors import StoreError
from tickerlens.ingest.article import Article, PublishedFrom
from tickerlens.store.db import transaction

__all__ = [
    "StoredRow",
    "UpsertCounts",
    "count_articles",
    "existing_hashes",
    "get_article",
    "known_groups",
    "upsert_articles",
]

_COLUMNS = (
    "id",
    "source",
    "url",
    "title",
    "text",
    "published",
    "published_offset",
    "published_from",
    "lang",
    "script",
    "author",
    "site",
    "content_hash",
    "dup_of",
    "fetched",
    "published_precision",
    "extra",
)
_ARROW = pa.schema(
    [(name, pa.string()) for name in _COLUMNS[:5]]
    + [("published", pa.timestamp("us", tz="UTC")), ("published_offset", pa.int32())]
    + [(name, pa.string()) for name in _COLUMNS[7:14]]
    + [
        ("fetched", pa.timestamp("us", tz="UTC")),
        ("published_precision", pa.string()),
        ("extra", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class StoredRow:
    article: Article
    dup_of: str | None = None  # canonical article of its duplicate group
    minhash: bytes | None = None  # signature, stored for canonical articles only


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    inserted_ids: tuple[str, ...] = ()


def _record(row: StoredRow) -> dict[str, object]:
    a = row.article
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "text": a.text,
        "published": a.published,
        "published_offset": a.published_offset,
        "published_from": str(a.published_from),
        "lang": a.lang,
        "script": a.script,
        "author": a.author,
        "site": a.site,
        "content_hash": a.content_hash,
        "dup_of": row.dup_of,
        "fetched": a.fetched,
        "published_precision": a.published_precision,
        "extra": json.dumps(a.extra, ensure_ascii=False) if a.extra else None,
    }


def existing_hashes(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """Content hash of each of ``ids`` already stored."""
    if not ids:
        return {}
    table = pa.table({"id": pa.array(list(ids), pa.string())})
    con.register("_wanted_ids", table)
    try:
        rows = con.execute(
            "SELECT a.id, a.content_hash FROM articles a JOIN _wanted_ids w ON a.id = w.id"
        ).fetchall()
    finally:
        con.unregister("_wanted_ids")
    return {str(i): str(h) for i, h in rows}


def upsert_articles(con: duckdb.DuckDBPyConnection, rows: Iterable[StoredRow]) -> UpsertCounts:
    """Insert new articles, rewrite changed ones, leave identical ones alone; one transaction."""
    unique: dict[str, StoredRow] = {}
    for row in rows:
        unique.setdefault(row.article.id, row)
    if not unique:
        return UpsertCounts()
    before = existing_hashes(con, list(unique))
    changed = {i for i, r in unique.items() if i in before and before[i] != r.article.content_hash}
    fresh = [r for i, r in unique.items() if i not in before or i in changed]
    table = pa.Table.from_pylist([_record(r) for r in fresh], schema=_ARROW)
    sigs = pa.table(
        {
            "id": pa.array([r.article.id for r in fresh if r.minhash is not None], pa.string()),
            "minhash": pa.array([r.minhash for r in fresh if r.minhash is not None], pa.binary()),
        }
    )
    columns = ", ".join(_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
    try:
        with transaction(con):
            con.register("_batch", table)
            con.register("_sigs", sigs)
            con.execute(
                f"INSERT INTO articles ({columns}) SELECT {columns} FROM _batch "
                f"ON CONFLICT (id) DO UPDATE SET {updates}, stored_at = now()"
            )
            con.execute("INSERT OR REPLACE INTO article_signatures SELECT id, minhash FROM _sigs")
    except duckdb.Error as exc:
        raise StoreError(
            f"could not store {len(fresh)} articles; nothing of this batch was written ({exc})"
        ) from exc
    finally:
        con.unregister("_batch")
        con.unregister("_sigs")
    inserted = tuple(i for i in unique if i not in before)
    return UpsertCounts(len(inserted), len(changed), len(unique) - len(fresh), inserted)


def known_groups(con: duckdb.DuckDBPyConnection) -> Iterable[tuple[str, str, str, bytes | None]]:
    """(id, content hash, canonical id, signature) of every stored article, for deduplication."""
    cursor = con.execute(
        "SELECT a.id, a.content_hash, coalesce(a.dup_of, a.id), s.minhash "
        "FROM articles a LEFT JOIN article_signatures s ON a.id = s.id ORDER BY a.stored_at, a.id"
    )
    while batch := cursor.fetchmany(10_000):
        for row in batch:
            yield str(row[0]), str(row[1]), str(row[2]), (bytes(row[3]) if row[3] is not None else None)


def count_articles(con: duckdb.DuckDBPyConnection, canonical_only: bool = False) -> int:
    where = " WHERE dup_of IS NULL" if canonical_only else ""
    # fetchall, not fetchone: DuckDB keeps a half-read result open and refuses the next query
    return int(con.execute(f"SELECT count(*) FROM articles{where}").fetchall()[0][0])


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> tuple[Article, str | None] | None:
    """The stored article and its ``dup_of``, or None."""
    rows = con.execute(
        "SELECT id, text, title, published, published_offset, published_from, source, url, lang, script, "
        "author, site, fetched, extra, published_precision, dup_of FROM articles WHERE id = ?",
        [article_id],
    ).fetchall()
    if not rows:
        return None
    row = rows[0]
    article = Article(
        id=row[0],
        text=row[1],
        title=row[2],
        published=row[3],
        published_offset=row[4],
        published_from=PublishedFrom(row[5] or "missing"),
        source=row[6] or "",
        url=row[7],
        lang=row[8],
        script=row[9],
        author=row[10],
        site=row[11],
        fetched=row[12],
        extra=json.loads(row[13]) if row[13] else {},
        published_precision=row[14],
    )
    return article, row[15]

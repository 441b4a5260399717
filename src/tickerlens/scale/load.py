"""Loading a batch output folder into a DuckDB store, with plain SQL over its Parquet.

The output's tables have the store's columns, so this is ``INSERT ... SELECT`` per
table in one transaction. An article's links, facts and claims are replaced as a whole
(as ``store.links.save_analyses`` does), so loading twice changes nothing. ``articles``
rows are loaded only when the run kept the text (``--with-text``): the store needs it.
Companies and listings are not part of the output; the store fills those when it links.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tickerlens.scale.layout import TABLES
from tickerlens.store.db import transaction

__all__ = ["load_into_store"]

_COLUMNS = {
    "articles": "id, source, url, title, text, published, published_offset, published_from, lang, script, "
    "author, site, content_hash, fetched, published_precision, extra",
    "links": "article_id, company_id, name, listed, tickers, role, relevance, confidence, sentiment_score, "
    "sentiment_label, mention_count, first_mention, mentions",
    "facts": "article_id, seq, company_id, kind, metric, value, currency, period, text, start_pos, end_pos, "
    "detail",
    "claims": "article_id, seq, symbol, text, claimed_pct, measured_pct, verdict, reason, detail",
    "returns": "article_id, symbol, inclusion_date, ref_date, ref_close, last_date, last_close, pct_change, "
    "currency, adjustment, benchmark, abnormal_return, car, status, reason, mic, company_id, provider, "
    "warnings",
}
_KEY = {"articles": "id", "links": "article_id", "facts": "article_id", "claims": "article_id"}


def _source(out: Path, table: str) -> str | None:
    if not any((out / table).glob("*/*.parquet")):
        return None
    path = str(out / table).replace("'", "''")
    return f"read_parquet('{path}/*/*.parquet', hive_partitioning = true, union_by_name = true)"


def _has_text(con: duckdb.DuckDBPyConnection, source: str) -> bool:
    names = [d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0").description or []]
    return "text" in names


def load_into_store(con: duckdb.DuckDBPyConnection, out: str | Path) -> dict[str, int]:
    """Load the tables of the batch output ``out`` into the store ``con``; rows per table."""
    out = Path(out)
    loaded: dict[str, int] = {}
    with transaction(con):
        for table in (*TABLES, "returns"):
            source = _source(out, table)
            if source is None or (table == "articles" and not _has_text(con, source)):
                continue
            columns = _COLUMNS[table]
            if table in _KEY:
                key = _KEY[table]
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {source})")
                con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {source}")
            else:
                con.execute(f"INSERT OR REPLACE INTO {table} ({columns}) SELECT {columns} FROM {source}")
            loaded[table] = int(con.execute(f"SELECT count(*) FROM {source}").fetchall()[0][0])
    return loaded

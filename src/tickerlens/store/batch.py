"""A batch of (article, ticker, published) pairs end to end: read, price, compute, store.

``load_pairs_file`` reads JSONL or CSV into ``batch_pairs`` (bad lines are counted and
named, not fatal); ``gather_prices`` makes sure the bars are at hand (local price files
as a temp table beside the store, missing symbols fetched once each through the cached
online provider); ``run_batch`` computes in chunks, upserting each chunk into
``returns`` in its own transaction, so an interrupted run keeps every chunk before the
interruption and a re-run replaces rows instead of adding them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tickerlens.errors import EmptyInputError, InputError, MarketDataError
from tickerlens.market.bars import PriceQuery
from tickerlens.market.provider import PriceProvider
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.store.return_rows import append_results, store_results
from tickerlens.store.returns import (
    RESULT_COLUMNS,
    BatchOptions,
    batch_tickers,
    compute_chunk,
    flat_name,
    prepare_batch,
)

__all__ = [
    "OUTPUT_COLUMNS",
    "BatchSummary",
    "PairsFile",
    "car_frame",
    "gather_prices",
    "iter_results",
    "load_pairs_file",
    "run_batch",
    "run_pairs_file",
    "write_results",
]

Progress = Callable[[int, int], None]
# What a batch's result file shows: the stored result less its pair number and model name.
OUTPUT_COLUMNS = [c for c in RESULT_COLUMNS if c not in ("pair_no", "model")]
_HISTORY_DAYS = 450  # calendar days before the earliest story: ~300 sessions for the estimation window


@dataclass(frozen=True, slots=True)
class PairsFile:
    pairs: int
    bad_lines: tuple[int, ...] = ()  # 1-based line numbers that could not be read
    extra: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchSummary:
    pairs: int
    ok: int
    not_available: int
    stored: int
    fetch_problems: dict[str, str] = field(default_factory=dict)


def _json_lines_sql(path: Path, extra: Sequence[str]) -> str:
    fields = ["id", "ticker", "published", *extra]
    picks = ", ".join(
        f'CASE WHEN good THEN trim(json_extract_string(line, \'$."{f}"\')) END AS "{f}"' for f in fields
    )
    return f"""
        WITH raw AS (
            SELECT row_number() OVER () AS line_no, line
            FROM read_csv('{_quote(path)}', columns = {{'line': 'VARCHAR'}}, header = false, delim = '\\x1f',
                          quote = '', escape = '', auto_detect = false)
        ), checked AS (
            SELECT line_no, line,
                   CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false END AS good
            FROM raw WHERE trim(coalesce(line, '')) <> ''
        )
        SELECT line_no, good, {picks} FROM checked"""


def _csv_sql(path: Path, con: duckdb.DuckDBPyConnection, extra: Sequence[str]) -> str:
    header = con.execute(
        f"SELECT * FROM read_csv('{_quote(path)}', all_varchar = true, header = true) LIMIT 0"
    )
    names = {d[0].strip().lower(): d[0] for d in header.description or []}
    header.fetchall()
    missing = [f for f in ("id", "ticker", "published", *extra) if f.lower() not in names]
    if missing:
        raise InputError(
            str(path),
            f"has no column {missing[0]!r} (columns: {sorted(names.values())}); "
            "give id, ticker and published columns",
        )
    picks = ", ".join(f'trim("{names[f.lower()]}") AS "{f}"' for f in ("id", "ticker", "published", *extra))
    return f"""SELECT row_number() OVER () + 1 AS line_no, true AS good, {picks}
               FROM read_csv('{_quote(path)}', all_varchar = true, header = true)"""


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def load_pairs_file(con: duckdb.DuckDBPyConnection, path: Path, extra: Sequence[str] = ()) -> PairsFile:
    """``batch_pairs`` (pair_no, id, ticker, published, and the ``extra`` columns) from a
    JSONL file (one object per line) or a CSV with a header. Raises InputError."""
    if not path.is_file():
        raise InputError(str(path), "does not exist or is not a file")
    if path.stat().st_size == 0:
        raise EmptyInputError(str(path))
    is_csv = path.suffix.lower() in {".csv", ".tsv"}
    try:
        select = _csv_sql(path, con, extra) if is_csv else _json_lines_sql(path, extra)
        con.execute(f"CREATE OR REPLACE TEMP TABLE batch_input AS {select}")
    except duckdb.Error as exc:
        raise InputError(str(path), f"cannot be read as {'CSV' if is_csv else 'JSON lines'} ({exc})") from exc
    bad = [
        int(r[0]) for r in con.execute("SELECT line_no FROM batch_input WHERE NOT good ORDER BY 1").fetchall()
    ]
    columns = ", ".join(f'"{c}"' for c in extra)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_pairs AS
        SELECT (row_number() OVER (ORDER BY line_no) - 1)::BIGINT AS pair_no, line_no, id, ticker, published
               {", " + columns if extra else ""}
        FROM batch_input WHERE good""")
    rows = con.execute("SELECT count(*) FROM batch_pairs").fetchall()
    pairs = int(rows[0][0])
    if pairs == 0:
        raise InputError(
            str(path),
            "holds no readable pair; give lines like "
            '{"id": "a1", "ticker": "NVDA", "published": "2025-04-19"}',
        )
    return PairsFile(pairs, tuple(bad), tuple(extra))


def _earliest_story(con: duckdb.DuckDBPyConnection) -> date | None:
    rows = con.execute("SELECT min(TRY_CAST(left(published, 10) AS DATE)) FROM batch_pairs").fetchall()
    return rows[0][0] if rows else None


def gather_prices(
    con: duckdb.DuckDBPyConnection,
    options: BatchOptions,
    *,
    local: LocalFileProvider | None = None,
    online: PriceProvider | None = None,
    progress: Progress | None = None,
) -> tuple[BatchOptions, dict[str, str]]:
    """Make the bars of every listing and benchmark of ``batch_pairs`` available; returns
    the options to compute with (their ``source``) and, per symbol that could not be had,
    why."""
    tickers = batch_tickers(con, options)
    usable = tickers[tickers["problem"].isna()]
    needed = sorted(set(usable["symbol"].dropna()) | set(usable["benchmark"].dropna()))
    if local is not None:
        con.register("_local_bars", local.frame(needed)[["symbol", "day", "adjustment", "close"]])
        try:
            con.execute("""CREATE OR REPLACE TEMP TABLE batch_local AS
                SELECT symbol, CAST(day AS DATE) AS day, adjustment, close, 'local' AS provider
                FROM _local_bars""")
        finally:
            con.unregister("_local_bars")
        con.execute("""CREATE OR REPLACE TEMP VIEW batch_prices AS
            SELECT symbol, day, adjustment, close, provider FROM batch_local
            UNION ALL
            SELECT p.symbol, p.day, p.adjustment, p.close, p.provider FROM prices p
            ANTI JOIN (SELECT DISTINCT symbol, adjustment FROM batch_local) l
                ON l.symbol = p.symbol AND l.adjustment = p.adjustment""")
        options = replace(options, source="batch_prices")
    have = {r[0] for r in con.execute(f"SELECT DISTINCT symbol FROM {options.source}").fetchall()}
    missing = [s for s in needed if s not in have]
    problems: dict[str, str] = {}
    if online is not None and missing:
        problems = _fetch_missing(online, missing, _earliest_story(con), options, progress)
    return options, problems


def _fetch_missing(
    online: PriceProvider,
    symbols: list[str],
    earliest: date | None,
    options: BatchOptions,
    progress: Progress | None,
) -> dict[str, str]:
    end = options.as_of or date.today()
    start = (earliest or end) - timedelta(days=_HISTORY_DAYS)
    problems: dict[str, str] = {}
    for done, symbol in enumerate(symbols, start=1):
        try:
            online.fetch(PriceQuery(symbol, start, end, options.adjustment))  # the cache stores them
        except MarketDataError as exc:
            problems[symbol] = str(exc)
        if progress:
            progress(done, len(symbols))
    return problems


def run_batch(
    con: duckdb.DuckDBPyConnection,
    options: BatchOptions,
    fetch_problems: dict[str, str] | None = None,
    *,
    chunk_size: int = 200_000,
    store: bool = True,
    progress: Progress | None = None,
) -> BatchSummary:
    """Compute every pair of ``batch_pairs``; results land in the temp table
    ``batch_results`` (and, with ``store``, in ``returns``)."""
    prepare_batch(con, options, fetch_problems)
    total = int(con.execute("SELECT count(*) FROM batch_pairs").fetchall()[0][0])
    con.execute("DROP TABLE IF EXISTS batch_results")
    stored = 0
    for lo in range(0, total, chunk_size):
        compute_chunk(con, options, lo, lo + chunk_size)
        if store:
            stored += store_results(con, options)
        append_results(con, options)
        if progress:
            progress(min(lo + chunk_size, total), total)
    counts = dict(con.execute("SELECT status, count(*) FROM batch_results GROUP BY status").fetchall())
    return BatchSummary(
        total,
        int(counts.get("ok", 0)),
        int(counts.get("not available", 0)),
        stored,
        dict(fetch_problems or {}),
    )


def run_pairs_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    options: BatchOptions,
    *,
    local: LocalFileProvider | None = None,
    online: PriceProvider | None = None,
    extra: Sequence[str] = (),
    chunk_size: int = 200_000,
    store: bool = True,
    progress: Callable[[str], Progress] | None = None,
) -> tuple[PairsFile, BatchSummary, BatchOptions]:
    """Read ``path``, gather prices, compute (and store): the whole ``returns`` command.
    ``progress(label)`` gives a callback for each phase ("prices", "returns")."""
    pairs = load_pairs_file(con, path, extra)
    used, problems = gather_prices(
        con, options, local=local, online=online, progress=progress("prices") if progress else None
    )
    summary = run_batch(
        con,
        used,
        problems,
        chunk_size=chunk_size,
        store=store,
        progress=progress("returns") if progress else None,
    )
    return pairs, summary, used


def _row(values: Sequence[Any], names: Sequence[str]) -> dict[str, Any]:
    out = dict(zip(names, values, strict=True))
    for key in ("inclusion_date", "ref_date", "last_date"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    if isinstance(out.get("car"), str):
        out["car"] = json.loads(out["car"])
    out["warnings"] = list(out.get("warnings") or [])
    return out


def iter_results(con: duckdb.DuckDBPyConnection, batch: int = 10_000) -> Iterator[dict[str, Any]]:
    """The rows of ``batch_results`` in input order, as dicts of ``OUTPUT_COLUMNS``."""
    cursor = con.execute(f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM batch_results ORDER BY pair_no")
    while rows := cursor.fetchmany(batch):
        for values in rows:
            yield _row(values, OUTPUT_COLUMNS)


def write_results(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """``batch_results`` to ``out``: CSV when it ends in .csv, JSON lines otherwise."""
    out.parent.mkdir(parents=True, exist_ok=True)
    columns = ", ".join(OUTPUT_COLUMNS)
    if out.suffix.lower() == ".csv":
        text = {"car": "car::VARCHAR AS car", "warnings": "array_to_string(warnings, ' | ') AS warnings"}
        select = (
            f"SELECT {', '.join(text.get(c, c) for c in OUTPUT_COLUMNS)} FROM batch_results ORDER BY pair_no"
        )
        con.execute(f"COPY ({select}) TO '{_quote(out)}' (FORMAT csv, HEADER true)")
    else:
        con.execute(
            f"COPY (SELECT {columns} FROM batch_results ORDER BY pair_no) TO '{_quote(out)}' (FORMAT json)"
        )
    return int(con.execute("SELECT count(*) FROM batch_results").fetchall()[0][0])


def car_frame(con: duckdb.DuckDBPyConnection, options: BatchOptions, by: str | None) -> pd.DataFrame:
    """pair_no, the grouping column and one CAR column per window, from ``batch_results``."""
    cars = ", ".join(flat_name("car", a, b) for a, b in options.event.windows)
    group = f', p."{by}"' if by else ""
    return con.execute(f"""SELECT r.pair_no{group}, {cars} FROM batch_results r
        JOIN batch_pairs p ON p.pair_no = r.pair_no ORDER BY r.pair_no""").df()

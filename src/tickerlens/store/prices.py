"""Daily bars in the store: writes (idempotent upserts), reads, and what was fetched when.

Bars are keyed by (symbol, day, adjustment): writing the same bars twice leaves one row,
and a newer fetch replaces an older one. Every write runs in one transaction, so an
interrupted load leaves the table as it was before it. ``price_coverage`` keeps the day
ranges a provider was asked for, merged, so the cache can tell "no bar because the
exchange was shut" from "never asked".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from tickerlens.errors import StoreError
from tickerlens.market.bars import Adjustment, Bar, BarSeries
from tickerlens.store.db import transaction

__all__ = [
    "build_equal_weighted_index",
    "covered_since",
    "price_span",
    "read_bars",
    "record_coverage",
    "upsert_frame",
    "upsert_series",
]

_COLUMNS = "symbol, day, adjustment, open, high, low, close, volume, provider, fetched"


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> tuple[Any, ...]:
    """The single row of an aggregate query, fetched to the end (DuckDB 2 keeps a result
    open until a fetch comes back empty, and refuses other work on the connection)."""
    rows = con.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else (None,)


def _series_frame(series: BarSeries, fetched: datetime) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "symbol": series.symbol,
            "day": pd.to_datetime([b.day for b in series.bars]),
            "adjustment": series.adjustment.value,
            "open": [b.open for b in series.bars],
            "high": [b.high for b in series.bars],
            "low": [b.low for b in series.bars],
            "close": [b.close for b in series.bars],
            "volume": [b.volume for b in series.bars],
            "provider": series.provider,
            "fetched": fetched,
        }
    )


def _insert(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    coverage: tuple[str, Adjustment, str, date, date, datetime] | None = None,
) -> int:
    """One transaction: the bars of ``frame`` and, when given, the window they answer.
    The frame is registered outside the transaction, so a failed write rolls back cleanly
    and reports its own error."""
    con.register("_incoming_bars", frame)
    try:
        with transaction(con):
            con.execute(
                f"""INSERT OR REPLACE INTO prices ({_COLUMNS})
                SELECT symbol, CAST(day AS DATE), adjustment, open, high, low, close, volume, provider,
                       CAST(fetched AS TIMESTAMPTZ)
                FROM _incoming_bars"""
            )
            if coverage is not None:
                _merge_coverage(con, *coverage)
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {len(frame):,} bars to the prices table: {exc}") from exc
    finally:
        con.unregister("_incoming_bars")
    return len(frame)


def upsert_series(
    con: duckdb.DuckDBPyConnection, series: BarSeries, fetched: datetime, coverage: tuple[date, date] | None
) -> int:
    """Write ``series`` and, when given, the window it answered, in one transaction."""
    window = None
    if coverage is not None and coverage[0] <= coverage[1]:
        window = (series.symbol, series.adjustment, series.provider, coverage[0], coverage[1], fetched)
    return _insert(con, _series_frame(series, fetched), window)


def upsert_frame(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, provider: str, fetched: datetime
) -> int:
    """Bulk write of bars in the providers' frame layout (symbol, day, adjustment, close,
    open, high, low, volume), e.g. a whole folder of price files, in one transaction."""
    return _insert(con, frame.assign(provider=provider, fetched=fetched))


def read_bars(
    con: duckdb.DuckDBPyConnection, symbol: str, adjustment: Adjustment, start: date, end: date
) -> tuple[Bar, ...]:
    rows = con.execute(
        """SELECT day, close, open, high, low, volume FROM prices
        WHERE symbol = ? AND adjustment = ? AND day BETWEEN ? AND ? ORDER BY day""",
        [symbol, adjustment.value, start, end],
    ).fetchall()
    return tuple(Bar(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows)


def price_span(
    con: duckdb.DuckDBPyConnection, symbol: str, adjustment: Adjustment
) -> tuple[date, date] | None:
    row = _one(
        con,
        "SELECT min(day), max(day) FROM prices WHERE symbol = ? AND adjustment = ?",
        [symbol, adjustment.value],
    )
    return (row[0], row[1]) if row[0] is not None else None


def _merge_coverage(
    con: duckdb.DuckDBPyConnection,
    symbol: str,
    adjustment: Adjustment,
    provider: str,
    start: date,
    end: date,
    fetched: datetime,
) -> None:
    key = [symbol, adjustment.value, provider]
    touching = _one(
        con,
        """SELECT min(start_day), max(end_day) FROM price_coverage
        WHERE symbol = ? AND adjustment = ? AND provider = ? AND start_day <= ? AND end_day >= ?""",
        [*key, end + timedelta(days=1), start - timedelta(days=1)],
    )
    if touching[0] is not None:
        start, end = min(start, touching[0]), max(end, touching[1])
    con.execute(
        """DELETE FROM price_coverage WHERE symbol = ? AND adjustment = ? AND provider = ?
        AND start_day <= ? AND end_day >= ?""",
        [*key, end + timedelta(days=1), start - timedelta(days=1)],
    )
    con.execute("INSERT INTO price_coverage VALUES (?, ?, ?, ?, ?, ?)", [*key, start, end, fetched])


def record_coverage(
    con: duckdb.DuckDBPyConnection,
    symbol: str,
    adjustment: Adjustment,
    provider: str,
    start: date,
    end: date,
    fetched: datetime,
) -> None:
    with transaction(con):
        _merge_coverage(con, symbol, adjustment, provider, start, end, fetched)


def covered_since(
    con: duckdb.DuckDBPyConnection, symbol: str, adjustment: Adjustment, provider: str, start: date, end: date
) -> datetime | None:
    """When the window [start, end] was last fetched whole from ``provider``, or None."""
    row = _one(
        con,
        """SELECT max(fetched) FROM price_coverage WHERE symbol = ? AND adjustment = ? AND provider = ?
        AND start_day <= ? AND end_day >= ?""",
        [symbol, adjustment.value, provider, start, end],
    )
    fetched: datetime | None = row[0]
    return fetched


def build_equal_weighted_index(
    con: duckdb.DuckDBPyConnection,
    name: str,
    adjustment: Adjustment,
    symbols: Iterable[str] | None = None,
    base: float = 100.0,
    table: str = "prices",
) -> int:
    """Store an equal-weighted index of ``symbols`` (all symbols when None) as the series
    ``name`` in ``table``: each day's level moves by the mean return of the members that
    traded on it and the day before. A stand-in market for event studies when no index
    series is at hand; members' own returns are in it, which biases betas towards one
    slightly."""
    members = None if symbols is None else sorted(set(symbols))
    where = "" if members is None else "AND symbol IN (SELECT unnest(?))"
    params: list[object] = [adjustment.value, name] + ([members] if members is not None else [])
    with transaction(con):
        con.execute(f"DELETE FROM {table} WHERE symbol = ? AND adjustment = ?", [name, adjustment.value])
        con.execute(
            f"""INSERT INTO {table} (symbol, day, adjustment, close, provider)
            WITH r AS (
                SELECT day, close / lag(close) OVER (PARTITION BY symbol ORDER BY day) - 1 AS ret
                FROM {table} WHERE adjustment = ? AND symbol <> ? {where}
            ), d AS (SELECT day, avg(ret) AS ret FROM r GROUP BY day)
            SELECT ?, day, ?, {base} * exp(sum(ln(1 + coalesce(ret, 0))) OVER (ORDER BY day)),
                   'equal-weighted'
            FROM d""",
            [*params, name, adjustment.value],
        )
        row = _one(
            con, f"SELECT count(*) FROM {table} WHERE symbol = ? AND adjustment = ?", [name, adjustment.value]
        )
    return int(row[0])

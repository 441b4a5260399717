"""Exchange rates in the store: the cache behind online FX providers.

One row per (day, base, quote): writing a rate again replaces it. Reads answer with the
rate of the day asked or the last one within ``lookback`` before it, like the providers.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from tickerlens.errors import StoreError
from tickerlens.signals.fx import FxRate
from tickerlens.store.db import transaction

__all__ = ["load_rate", "save_rate"]


def save_rate(con: duckdb.DuckDBPyConnection, rate: FxRate) -> None:
    try:
        with transaction(con):
            con.execute(
                "INSERT OR REPLACE INTO fx (day, base, quote, rate, source) VALUES (?, ?, ?, ?, ?)",
                [rate.day, rate.base, rate.quote, rate.rate, rate.source],
            )
    except duckdb.Error as exc:
        raise StoreError(f"cannot save FX rate {rate.base}/{rate.quote} on {rate.day}: {exc}") from exc


def load_rate(
    con: duckdb.DuckDBPyConnection, base: str, quote: str, day: date, lookback: timedelta = timedelta(days=7)
) -> FxRate | None:
    try:
        row = con.execute(
            """SELECT day, rate, source FROM fx WHERE base = ? AND quote = ? AND day <= ? AND day >= ?
               ORDER BY day DESC LIMIT 1""",
            [base.upper(), quote.upper(), day, day - lookback],
        ).fetchone()
    except duckdb.Error as exc:
        raise StoreError(f"cannot read FX rate {base}/{quote}: {exc}") from exc
    if row is None:
        return None
    return FxRate(base.upper(), quote.upper(), row[0], float(row[1]), f"store:{row[2]}")

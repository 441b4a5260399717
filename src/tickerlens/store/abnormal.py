"""Day-by-day abnormal returns of a batch, for the cross-sectional event study.

After ``store.returns.compute_chunk`` has fitted each pair's market model, this reads
the pair's daily returns from event day ``first`` to ``last`` and subtracts what the
model expected: one row per (pair, day). Days past the as-of date, or without both
returns, are left out; the aggregation then keeps only pairs whose path is whole.
"""

from __future__ import annotations

import duckdb
import pandas as pd

__all__ = ["abnormal_paths"]


def abnormal_paths(
    con: duckdb.DuckDBPyConnection, first: int, last: int, table: str = "batch_num"
) -> pd.DataFrame:
    """Columns pair_no, day (event day), ar, for pairs of ``table`` with a market model."""
    if first > last:
        raise ValueError(f"event days {first}..{last}: the first must not come after the last")
    return con.execute(
        f"""
        WITH pairs AS (
            SELECT pair_no, sid, a_gpos, last_gpos, alpha, beta FROM {table} WHERE model_ok
        ), days AS (SELECT range::INTEGER AS day FROM range({first}, {last + 1}))
        SELECT p.pair_no, d.day, s.y - p.alpha - p.beta * s.x AS ar
        FROM pairs p CROSS JOIN days d
        JOIN batch_sd s ON s.gpos = p.a_gpos + 1 + d.day AND s.sid = p.sid
        WHERE s.gpos <= p.last_gpos AND s.x IS NOT NULL AND s.y IS NOT NULL
        ORDER BY p.pair_no, d.day"""
    ).df()

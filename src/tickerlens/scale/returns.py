"""The second stage of a batch run: change since inclusion for every linked listing.

It reads the (article, ticker, published) pairs of the ``links`` output and hands them
to the market stage's set-wise computation (``store.batch``: DuckDB ASOF joins over
exchange sessions and bars), with the bars of a local price folder. It runs after the
linking stage has committed everything, over the whole output (inputs done in earlier
runs too), because its answer depends on the latest bar and so is never "done": each
run writes a new ``returns`` table and swaps it in for the old one.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from tickerlens.errors import InputError
from tickerlens.scale.layout import PARTITION, STAGING

__all__ = ["ReturnsStage", "run_returns_stage"]

_COLUMNS = (
    "r.id AS article_id, coalesce(r.symbol, r.ticker) AS symbol, r.ticker, p.company_id, r.mic, r.currency, "
    "r.inclusion_date, r.ref_date, r.ref_close, r.last_date, r.last_close, r.pct_change, r.adjustment, "
    "r.benchmark, r.abnormal_return, r.car::VARCHAR AS car, r.status, r.reason, "
    "to_json(r.warnings)::VARCHAR AS warnings, r.provider, p.published_at AS published"
)


@dataclass(frozen=True, slots=True)
class ReturnsStage:
    pairs: int
    ok: int
    not_available: int
    problems: dict[str, str]  # symbol -> why its prices could not be had

    def to_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "ok": self.ok, "not_available": self.not_available,
                "symbols_without_prices": len(self.problems)}


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _load_pairs(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    source = f"read_parquet('{_quote(out)}/links/*/*.parquet', hive_partitioning = true)"
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_pairs AS
        SELECT (row_number() OVER (ORDER BY id, ticker) - 1)::BIGINT AS pair_no, *
        FROM (
            SELECT DISTINCT article_id AS id, unnest(tickers) AS ticker, published::VARCHAR AS published,
                   published AS published_at, company_id, {PARTITION}
            FROM {source} WHERE listed
        )""")
    return int(con.execute("SELECT count(*) FROM batch_pairs").fetchall()[0][0])


def _write(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Write the results beside the old table, then swap them in with two renames."""
    run = uuid.uuid4().hex[:12]
    staged = out / STAGING / f"returns-{run}"
    staged.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"""COPY (
            SELECT {_COLUMNS}, p.{PARTITION} FROM batch_results r JOIN batch_pairs p USING (pair_no)
            ORDER BY r.pair_no
        ) TO '{_quote(staged)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({PARTITION}))""")
    target = out / "returns"
    old = out / STAGING / f"returns-old-{run}"
    if target.exists():
        target.rename(old)
    if staged.exists():
        staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def run_returns_stage(out: str | Path, prices: str | Path, as_of: date | None = None) -> ReturnsStage:
    """Compute ``out/returns`` from ``out/links`` and the price files under ``prices``."""
    from tickerlens.market.providers.local import LocalFileProvider
    from tickerlens.store.batch import gather_prices, run_batch
    from tickerlens.store.db import connect
    from tickerlens.store.returns import BatchOptions

    out = Path(out)
    if not any((out / "links").glob("*/*.parquet")):
        raise InputError(str(out), "holds no links output; run `tickerlens batch` into it first")
    local = LocalFileProvider(prices)
    con = connect(":memory:")
    try:
        pairs = _load_pairs(con, out)
        if pairs == 0:
            return ReturnsStage(0, 0, 0, {})
        used, problems = gather_prices(con, BatchOptions(as_of=as_of), local=local)
        summary = run_batch(con, used, problems, store=False)
        _write(con, out)
    finally:
        con.close()
    return ReturnsStage(summary.pairs, summary.ok, summary.not_available, dict(summary.fetch_problems))

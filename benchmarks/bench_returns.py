"""Change since inclusion and CAR[0,+5] for 1,000,000 (article, ticker, date) pairs.

    .venv/bin/python -m benchmarks.bench_returns [--pairs 1000000] [--sample 300] [--repeats 3]

Prices: ``../shared/data/prices/us_daily_2009_2024`` (527 US stocks, 2009 to March 2024,
split-adjusted closes), read once with the local-file provider (load time printed, not
counted). The benchmark of the market model is an equal-weighted index of the same
stocks, built in SQL, because the folder holds no S&P 500 series.

Pairs: tickers drawn uniformly from the folder, publication moments uniformly from June
2010 to December 2023, a third given as dates and two thirds as UTC times, from a fixed
seed. Measured, medians over ``--repeats`` runs in this process:

- tickerlens: ``prepare_batch`` (per-listing series, built once per batch) plus
  ``compute_chunk`` over all pairs (reference session, reference and latest close,
  change, market model, CAR[0,+5] and its t statistic), in DuckDB;
- baseline: a straightforward pandas version on a sample: per pair, filter the ticker's
  rows, find the reference session with the same calendar rule, read the closes, fit the
  market model with numpy on the estimation window and sum the abnormal returns.

Both follow the same rules; the sample's answers are compared and the largest
difference is printed. Also printed, once: turning the million rows into words and JSON
(``finish_sql``), which storing and output add on top.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from tickerlens.market.bars import Adjustment
from tickerlens.market.calendars import reference_session
from tickerlens.market.event_study import EventOptions
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.store.db import connect
from tickerlens.store.prices import build_equal_weighted_index
from tickerlens.store.return_rows import finish_sql
from tickerlens.store.returns import BatchOptions, compute_chunk, prepare_batch

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "prices" / "us_daily_2009_2024"
INDEX = "^EW-US"
OPTIONS = BatchOptions(benchmarks={"US": INDEX}, event=EventOptions(windows=((0, 5),)), source="bench_prices")


def load_prices(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, float]:
    start = time.perf_counter()
    frame = LocalFileProvider(SHARED).frame()
    frame = frame[frame["adjustment"] == Adjustment.SPLIT.value]
    con.register("_bars", frame)
    con.execute("""CREATE OR REPLACE TEMP TABLE bench_prices AS
        SELECT symbol, CAST(day AS DATE) AS day, adjustment, close, 'local' AS provider FROM _bars""")
    con.unregister("_bars")
    build_equal_weighted_index(con, INDEX, Adjustment.SPLIT, table="bench_prices")
    return frame, time.perf_counter() - start


def make_pairs(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_pairs AS
        WITH t AS (SELECT list(DISTINCT symbol ORDER BY symbol) AS l FROM bench_prices
                   WHERE symbol <> '{INDEX}')
        SELECT i::BIGINT AS pair_no, 'story-' || (i // 3)::VARCHAR AS id,
               l[1 + (hash(i, 1) % len(l))::INTEGER] AS ticker,
               CASE WHEN i % 3 = 0
                    THEN strftime(DATE '2010-06-01' + (hash(i, 2) % 4960)::INTEGER, '%Y-%m-%d')
                    ELSE strftime(TIMESTAMP '2010-06-01' + to_seconds((hash(i, 3) % 428000000)::BIGINT),
                                  '%Y-%m-%dT%H:%M:%SZ') END AS published
        FROM range({n}) r(i), t""")


def run_sql(con: duckdb.DuckDBPyConnection, n: int) -> tuple[float, float]:
    start = time.perf_counter()
    prepare_batch(con, OPTIONS)
    prepared = time.perf_counter()
    compute_chunk(con, OPTIONS, 0, n)
    return prepared - start, time.perf_counter() - prepared


def baseline_one(frame: pd.DataFrame, index: pd.DataFrame, ticker: str, published: str) -> tuple:
    """The straightforward way: pandas row filters and numpy, one pair at a time."""
    moment: date | datetime
    if len(published) == 10:
        moment = date.fromisoformat(published)
    else:
        moment = datetime.fromisoformat(published.replace("Z", "+00:00"))
    ref = reference_session("XNYS", moment)
    rows = frame[frame["symbol"] == ticker].reset_index(drop=True)
    hit = rows.index[rows["day"] == pd.Timestamp(ref)]
    if len(hit) == 0:
        return None, None
    k = int(hit[0])
    change = (rows["close"].iloc[-1] / rows["close"].iloc[k] - 1) * 100
    merged = pd.merge_asof(rows[["day", "close"]], index.rename(columns={"close": "level"}), on="day")
    r = merged["close"].pct_change(fill_method=None).to_numpy()
    m = merged["level"].pct_change(fill_method=None).to_numpy()
    est = np.arange(max(k + 1 - 250, 1), k + 1 - 30 + 1)
    est = est[np.isfinite(r[est]) & np.isfinite(m[est])]
    window = np.arange(k + 1, k + 7)
    if len(est) < 100 or window[-1] >= len(r) or not np.isfinite(r[window] + m[window]).all():
        return change, None
    beta, alpha = np.polyfit(m[est], r[est], 1)
    return change, float(np.sum(r[window] - alpha - beta * m[window]))


def run_baseline(frame: pd.DataFrame, sample: pd.DataFrame) -> tuple[float, list[tuple]]:
    index = frame[frame["symbol"] == INDEX][["day", "close"]]
    start = time.perf_counter()
    out = [
        baseline_one(frame, index, t, p) for t, p in zip(sample["ticker"], sample["published"], strict=True)
    ]
    return time.perf_counter() - start, out


def median_of(repeats: int, fn: Callable[[], tuple[float, ...]]) -> tuple[float, ...]:
    runs = [fn() for _ in range(repeats)]
    return tuple(statistics.median(r[i] for r in runs) for i in range(len(runs[0])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=300, help="pairs for the pandas baseline")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"benchmark data not found at {SHARED}; it reads ../shared/data/prices")
    con = connect(":memory:")
    frame, load_s = load_prices(con)
    frame = pd.concat([frame, con.execute(f"SELECT * FROM bench_prices WHERE symbol = '{INDEX}'").df()])
    frame["day"] = pd.to_datetime(frame["day"])
    print(
        f"prices: {len(frame):,} bars of {frame['symbol'].nunique() - 1} stocks loaded in {load_s:.1f} s "
        "(not counted)"
    )
    make_pairs(con, args.pairs)
    prep, comp = median_of(args.repeats, lambda: run_sql(con, args.pairs))
    total = prep + comp
    print(
        f"tickerlens SQL: {args.pairs:,} pairs in {total:.2f} s "
        f"(prepare {prep:.2f} s + compute {comp:.2f} s), "
        f"{args.pairs / total:,.0f} pairs/s  [median of {args.repeats}]"
    )
    start = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TEMP TABLE bench_rows AS {finish_sql(OPTIONS)}")
    print(f"  + words and JSON for every row: {time.perf_counter() - start:.2f} s (once)")
    sample = con.execute(f"""SELECT n.pair_no, p.ticker, p.published, n.pct_change, n.car_0_p5
        FROM batch_num n
        JOIN batch_pairs p USING (pair_no) USING SAMPLE {args.sample} ROWS (reservoir, 42)""").df()
    (base_s,) = median_of(args.repeats, lambda: (run_baseline(frame, sample)[0],))
    _, answers = run_baseline(frame, sample)
    rate = len(sample) / base_s
    print(
        f"pandas per-row baseline: {len(sample)} pairs in {base_s:.2f} s, {rate:,.1f} pairs/s  "
        f"[median of {args.repeats}]"
    )
    print(
        f"speed-up: {args.pairs / total / rate:,.0f}x (target >= 100x); "
        f"{args.pairs:,} pairs in {total:.2f} s "
        "(target for a million: < 10 s)"
    )
    diffs = [abs(a - b) for (a, b) in _pairs_of(answers, sample) if a is not None and b is not None]
    print(f"sample agreement: largest difference {max(diffs):.2e} over {len(diffs)} numbers")
    print(f"run at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


def _pairs_of(answers: list[tuple], sample: pd.DataFrame) -> list[tuple[float | None, float | None]]:
    out: list[tuple[float | None, float | None]] = []
    for (change, car), sql_change, sql_car in zip(
        answers, sample["pct_change"], sample["car_0_p5"], strict=True
    ):
        out.append((change, None if pd.isna(sql_change) else float(sql_change)))
        out.append((car, None if pd.isna(sql_car) else float(sql_car)))
    return out


if __name__ == "__main__":
    main()

"""Change since inclusion and CARs for many (article, ticker, published) pairs, in SQL.

The same rules as ``market.track`` (reference session, bars, event time, market model),
computed set-wise so a million pairs take seconds:

1. ``prepare_batch`` builds, once per batch, the exchange sessions of every calendar
   involved, and per listing its bars numbered in event time with the benchmark's close
   attached by an ASOF join, and running sums of the valid returns ``n, x, y, xx, xy,
   yy`` (x the benchmark's return, y the listing's).
2. ``compute_chunk`` finds each pair's reference session by an ASOF join on the
   sessions (close instant for a time, day for a date), its reference bar, and reads the
   running sums at the few event-time offsets the windows need. Any window's OLS fit
   and CAR then follow from differences of running sums in O(1) per pair.
3. ``store_results`` upserts the rows into ``returns`` in one transaction per chunk,
   keyed by (article, symbol): re-running replaces, never duplicates, and a crash keeps
   every chunk already committed.

Input is the temp table ``batch_pairs(pair_no BIGINT, id VARCHAR, ticker VARCHAR,
published VARCHAR)``; ``batch_pairs_from`` fills it from a frame. A listing's series uses
one adjustment for the whole batch (the one asked, else the best the store holds:
split-adjusted, then split- and dividend-adjusted, then raw).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from tickerlens.errors import CalendarError, SymbolError
from tickerlens.market.bars import ADJUSTMENT_PREFERENCE, Adjustment
from tickerlens.market.benchmarks import benchmark_for
from tickerlens.market.calendars import calendar_mic, sessions_for
from tickerlens.market.event_study import EventOptions, window_key
from tickerlens.market.inclusion import ListingReturn
from tickerlens.market.vendor_symbols import interchange_symbol
from tickerlens.store.event_series import DAY_KEY_SQL, build_event_series, day_key, window_column
from tickerlens.universe.symbols import MIC_CURRENCY, from_yahoo

__all__ = [
    "RESULT_COLUMNS",
    "BatchOptions",
    "batch_pairs_from",
    "batch_tickers",
    "compute_chunk",
    "flat_name",
    "prepare_batch",
    "save_listing_returns",
]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    as_of: date | None = None  # None: the latest bar in the store
    adjustment: Adjustment | None = None
    benchmarks: Mapping[str, str] = field(default_factory=dict)
    event: EventOptions = field(default_factory=EventOptions)
    source: str = "prices"  # table or view of bars (symbol, day, adjustment, close, provider)


RESULT_COLUMNS = [
    "pair_no",
    "id",
    "ticker",
    "symbol",
    "mic",
    "currency",
    "inclusion_date",
    "ref_date",
    "ref_close",
    "last_date",
    "last_close",
    "pct_change",
    "adjustment",
    "benchmark",
    "abnormal_return",
    "car",
    "model",
    "status",
    "reason",
    "warnings",
    "provider",
]


def batch_pairs_from(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    """(Re)create ``batch_pairs`` from a frame with id, ticker, published columns."""
    data = pd.DataFrame(
        {
            "pair_no": range(len(frame)),
            "id": frame["id"].astype("string"),
            "ticker": frame["ticker"].astype("string"),
            "published": frame["published"].astype("string"),
        }
    )
    con.register("_pairs_frame", data)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE batch_pairs AS SELECT pair_no::BIGINT AS pair_no, "
            "trim(id::VARCHAR) AS id, trim(ticker::VARCHAR) AS ticker, "
            "trim(published::VARCHAR) AS published "
            "FROM _pairs_frame"
        )
    finally:
        con.unregister("_pairs_frame")
    return len(data)


# -- step 1: per-batch tables ------------------------------------------------------------
def _ticker_row(ticker: str, overrides: Mapping[str, str]) -> dict[str, object]:
    row: dict[str, object] = {
        "ticker": ticker,
        "symbol": None,
        "mic": None,
        "cal": None,
        "tz": None,
        "currency": None,
        "benchmark": None,
        "problem": None,
    }
    try:
        symbol = interchange_symbol(ticker)
        venue, _ = from_yahoo(symbol)
    except SymbolError as exc:
        row["problem"] = str(exc)
        return row
    mic = None if venue == "US" else venue
    cal = calendar_mic(venue)
    row.update(
        symbol=symbol,
        mic=mic,
        cal=cal,
        currency=MIC_CURRENCY.get(mic or "XNYS"),
        benchmark=benchmark_for(venue, overrides),
    )
    try:
        row["tz"] = sessions_for(cal).tz
    except CalendarError as exc:
        row["problem"] = str(exc)
    return row


def _register_table(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("_frame", frame)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _frame")
    finally:
        con.unregister("_frame")


def _sessions_frame(cals: list[str]) -> pd.DataFrame:
    parts = [
        pd.DataFrame({"cal": cal, "day": sessions_for(cal).days.date, "close_utc": sessions_for(cal).closes})
        for cal in cals
    ]
    if not parts:
        return pd.DataFrame(
            {
                "cal": pd.Series(dtype=str),
                "day": pd.Series(dtype="object"),
                "close_utc": pd.Series(dtype="datetime64[ns, UTC]"),
            }
        )
    return pd.concat(parts, ignore_index=True)


def batch_tickers(con: duckdb.DuckDBPyConnection, options: BatchOptions) -> pd.DataFrame:
    """Per distinct ticker of ``batch_pairs``: symbol, MIC, calendar, time zone, currency,
    benchmark, or the problem that stops it (an unreadable ticker, an unknown exchange)."""
    tickers = [
        r[0]
        for r in con.execute("SELECT DISTINCT ticker FROM batch_pairs WHERE ticker IS NOT NULL").fetchall()
    ]
    return pd.DataFrame([_ticker_row(t, options.benchmarks) for t in tickers], columns=_TICKER_COLUMNS)


_TICKER_COLUMNS = ["ticker", "symbol", "mic", "cal", "tz", "currency", "benchmark", "problem"]


def prepare_batch(
    con: duckdb.DuckDBPyConnection, options: BatchOptions, fetch_problems: Mapping[str, str] | None = None
) -> None:
    """Build the per-batch tables from ``batch_pairs`` and the bars in ``options.source``.
    ``fetch_problems`` (symbol -> why its prices could not be fetched) is reported in the
    rows of those symbols."""
    con.execute("SET TimeZone = 'UTC'")
    rows = batch_tickers(con, options)
    rows["fetch_problem"] = rows["symbol"].map(dict(fetch_problems or {}))
    _register_table(con, "batch_tickers", rows.astype("string"))
    cals = sorted(set(rows.loc[rows["problem"].isna() & rows["cal"].notna(), "cal"]))
    _register_table(con, "batch_sessions", _sessions_frame(cals))
    as_of = f"DATE '{options.as_of.isoformat()}'" if options.as_of else "NULL::DATE"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_cal AS
        SELECT cal, min(day)::DATE AS cal_first, max(day)::DATE AS cal_last,
               max(day) FILTER (WHERE day <= {as_of})::DATE AS asof_session
        FROM batch_sessions GROUP BY cal""")
    _select_series(con, options.adjustment, options.source)
    build_event_series(con, options.as_of, options.event, options.source)
    _calendar_days(con, cals)
    con.execute("""CREATE OR REPLACE TEMP TABLE batch_tk AS
        SELECT t.*, (row_number() OVER (ORDER BY t.ticker))::INTEGER AS tid, sy.sid, sel.adjustment,
               sel.provider, sel.first_day, sel.last_day AS series_last,
               bsel.symbol IS NOT NULL AS bench_has_prices, c.cal_first, c.cal_last, c.asof_session, c.cal_id,
               l.last_day, l.last_idx, l.last_gpos, lr.close AS last_close,
               lr.cn AS lr_cn, lr.cx AS lr_cx, lr.cy AS lr_cy
        FROM batch_tickers t
        LEFT JOIN batch_syms sy ON sy.symbol = t.symbol
        LEFT JOIN batch_sel sel ON sel.symbol = t.symbol
        LEFT JOIN batch_sel bsel ON bsel.symbol = t.benchmark
        LEFT JOIN batch_cal c ON c.cal = t.cal
        LEFT JOIN batch_last l ON l.sid = sy.sid
        LEFT JOIN batch_sd lr ON lr.gpos = l.last_gpos""")


def _calendar_days(con: duckdb.DuckDBPyConnection, cals: list[str]) -> None:
    """Per calendar and day (first session to a week past the last): the last session on
    or before it (``s1``, with its close instant when it is that very day) and the last
    session before it (``s0``), so the reference session of a date or a time is one
    equi-join per pair. (An ASOF join per pair did the same several times slower.)"""
    parts = []
    for cal_id, cal in enumerate(cals, start=1):
        sessions = sessions_for(cal)
        days = sessions.days.to_numpy(dtype="datetime64[D]")
        every = np.arange(days[0], days[-1] + np.timedelta64(8, "D"))
        pos = np.searchsorted(days, every, side="right") - 1
        on_day = days[pos] == every
        closes = sessions.closes.tz_convert("UTC").tz_localize(None).to_numpy(dtype="datetime64[us]")
        parts.append(
            pd.DataFrame(
                {
                    "cal": cal,
                    "cal_id": cal_id,
                    "day": every,
                    "ckey": day_key(np.full(len(every), cal_id), every),
                    "s1": days[pos],
                    "s0": np.where(on_day, days[np.maximum(pos - 1, 0)], days[pos]),
                    "close_that_day": np.where(on_day, closes[pos], np.datetime64("NaT")),
                }
            )
        )
    frame = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(
            {"cal": [], "cal_id": [], "day": [], "ckey": [], "s1": [], "s0": [], "close_that_day": []}
        )
    )
    con.register("_calday", frame)
    try:
        con.execute("""CREATE OR REPLACE TEMP TABLE batch_calday AS
            SELECT cal, cal_id::INTEGER AS cal_id, day::DATE AS day, ckey::BIGINT AS ckey, s1::DATE AS s1,
                   s0::DATE AS s0, timezone('UTC', close_that_day::TIMESTAMP) AS close_that_day
            FROM _calday""")
        con.execute("""CREATE OR REPLACE TEMP TABLE batch_cal AS
            SELECT c.*, i.cal_id FROM batch_cal c
            LEFT JOIN (SELECT DISTINCT cal, cal_id FROM _calday) i USING (cal)""")
    finally:
        con.unregister("_calday")


def _select_series(con: duckdb.DuckDBPyConnection, adjustment: Adjustment | None, source: str) -> None:
    """One adjustment per symbol (listings and benchmarks) for the whole batch."""
    order = (adjustment,) if adjustment else ADJUSTMENT_PREFERENCE
    rank = " ".join(f"WHEN '{a.value}' THEN {i}" for i, a in enumerate(order))
    allowed = ", ".join(f"'{a.value}'" for a in order)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_sel AS
        WITH wanted AS (
            SELECT symbol FROM batch_tickers WHERE symbol IS NOT NULL
            UNION SELECT benchmark FROM batch_tickers WHERE benchmark IS NOT NULL
        ), avail AS (
            SELECT p.symbol, p.adjustment, any_value(p.provider) AS provider, min(p.day) AS first_day,
                   max(p.day) AS last_day
            FROM {source} p SEMI JOIN wanted w ON p.symbol = w.symbol
            WHERE p.adjustment IN ({allowed}) GROUP BY p.symbol, p.adjustment
        )
        SELECT symbol, arg_min(adjustment, CASE adjustment {rank} END) AS adjustment,
               arg_min(provider, CASE adjustment {rank} END) AS provider,
               arg_min(first_day, CASE adjustment {rank} END) AS first_day,
               arg_min(last_day, CASE adjustment {rank} END) AS last_day
        FROM avail GROUP BY symbol""")
    con.execute("""CREATE OR REPLACE TEMP TABLE batch_syms AS
        SELECT symbol, any_value(benchmark) AS benchmark, row_number() OVER (ORDER BY symbol)::INTEGER AS sid
        FROM batch_tickers WHERE problem IS NULL AND symbol IN (SELECT symbol FROM batch_sel)
        GROUP BY symbol""")


# -- step 2: one chunk of pairs ------------------------------------------------------------
def flat_name(kind: str, start: int, end: int) -> str:
    """Column name of a window in the flat result: ``car_0_p5`` for CAR[0,+5]."""
    return f"{kind}_{window_key(start, end)}"


def _pairs_sql(lo: int, hi: int) -> str:
    """Each pair's reference session (see ``_calendar_days``) and reference bar."""
    day_key = DAY_KEY_SQL.format(sid="p.cal_id", day="p.local_day")
    return f"""
        p0 AS (
            SELECT bp.pair_no, tk.tid, tk.sid, tk.cal_id, tk.tz,
                   CASE WHEN length(bp.published) = 10 THEN TRY_CAST(bp.published AS DATE) END AS pub_day,
                   CASE WHEN length(bp.published) > 10
                        THEN TRY_CAST(bp.published AS TIMESTAMPTZ) END AS pub_at
            FROM batch_pairs bp LEFT JOIN batch_tk tk ON tk.ticker = bp.ticker
            WHERE bp.pair_no >= {lo} AND bp.pair_no < {hi}
        ), p AS (
            SELECT *, coalesce(pub_day, CAST(timezone(tz, pub_at) AS DATE)) AS local_day FROM p0
        ), r AS (
            SELECT p.pair_no, p.tid, p.sid, p.local_day AS inclusion_date,
                   p.pub_day IS NULL AND p.pub_at IS NULL AS pub_bad,
                   CASE WHEN p.pub_at IS NOT NULL AND c.close_that_day IS NOT NULL
                             AND p.pub_at < c.close_that_day
                        THEN c.s0 ELSE c.s1 END AS ref_day
            FROM p LEFT JOIN batch_calday c ON c.ckey = {day_key}
        ), b AS (
            SELECT r.*, a.* EXCLUDE (sid, day, dkey, ratio, jump, idx, close, gpos),
                   a.idx AS ref_idx, a.close AS ref_close, a.gpos AS a_gpos
            FROM r LEFT JOIN batch_sd a ON a.dkey = {DAY_KEY_SQL.format(sid="r.sid", day="r.ref_day")}
        )"""


def _jumps_sql(options: EventOptions, with_jumps: bool) -> str:
    """The first split-like move after the reference bar (for the change) and inside the
    study (estimation start to the last bar), looked up only when raw series have any."""
    if not with_jumps:
        return """mj AS (SELECT *, NULL::BIGINT AS jump_gpos, NULL::DATE AS jump_day,
            NULL::DOUBLE AS jump_ratio,
            NULL::BIGINT AS ejump_gpos, NULL::DATE AS ejump_day, NULL::DOUBLE AS ejump_ratio FROM m)"""
    e0 = options.estimation[0]
    return f"""
        k1 AS (
            SELECT q.pair_no, jp.gpos AS jump_gpos, jp.day AS jump_day, jp.ratio AS jump_ratio
            FROM (SELECT pair_no, sid, a_gpos FROM m WHERE a_gpos IS NOT NULL) q
            ASOF JOIN batch_jumps jp ON jp.sid = q.sid AND q.a_gpos + 1 <= jp.gpos
        ), k2 AS (
            SELECT q.pair_no, je.gpos AS ejump_gpos, je.day AS ejump_day, je.ratio AS ejump_ratio
            FROM (SELECT pair_no, sid, a_gpos - ref_idx + greatest(ref_idx + 1 + ({e0}), 1) AS start
                  FROM m WHERE a_gpos IS NOT NULL) q
            ASOF JOIN batch_jumps je ON je.sid = q.sid AND q.start <= je.gpos
        ), mj AS (
            SELECT m.*, k1.jump_gpos, k1.jump_day, k1.jump_ratio, k2.ejump_gpos, k2.ejump_day, k2.ejump_ratio
            FROM m LEFT JOIN k1 ON k1.pair_no = m.pair_no LEFT JOIN k2 ON k2.pair_no = m.pair_no
        )"""


def _model_sql(options: EventOptions, with_jumps: bool) -> str:
    """OLS of the listing's returns on the benchmark's over the estimation window, from sums."""
    return f"""
        m AS (
            SELECT b.*, tk.last_gpos, tk.lr_cn, tk.lr_cx, tk.lr_cy, tk.last_close, tk.bench_has_prices
            FROM b LEFT JOIN batch_tk tk ON tk.tid = b.tid
        ), {_jumps_sql(options, with_jumps)},
        e AS (
            SELECT *, coalesce(est_n, 0) AS n_est,
                   coalesce(jump_gpos <= last_gpos, false) AS split_in_change,
                   coalesce(ejump_gpos <= last_gpos, false) AS split_in_study
            FROM mj
        ), f AS (
            SELECT *, CASE WHEN n_est > 0 THEN est_xx - est_x * est_x / n_est END AS sxx,
                   CASE WHEN n_est > 0 THEN est_xy - est_x * est_y / n_est END AS sxy,
                   CASE WHEN n_est > 0 THEN est_yy - est_y * est_y / n_est END AS syy
            FROM e
        ), g AS (
            SELECT *, coalesce(n_est >= {options.min_estimation} AND n_est >= 3 AND sxx > 0
                               AND NOT split_in_study AND bench_has_prices, false) AS model_ok
            FROM f
        ), h AS (
            SELECT *, CASE WHEN model_ok THEN sxy / sxx END AS beta,
                   CASE WHEN model_ok THEN (est_y - sxy / sxx * est_x) / n_est END AS alpha,
                   CASE WHEN model_ok THEN (syy - sxy / sxx * sxy) / (n_est - 2) END AS sigma2,
                   CASE WHEN model_ok THEN est_x / n_est END AS mean_m
            FROM g
        )"""


def _window_sql(options: EventOptions) -> tuple[list[str], list[str]]:
    """Per window: validity, CAR and variance; then the t statistic."""
    stage1, stage2 = [], []
    for a, b in options.windows:
        n = b - a + 1
        wn, wx, wy, wend = (window_column(k, a, b) for k in ("n", "sx", "sy", "end"))
        car, t, ok, var = (flat_name(k, a, b) for k in ("car", "t", "ok", "var"))
        stage1 += [
            f"coalesce(model_ok AND {wend} <= last_gpos AND {wn} = {n}, false) AS {ok}",
            f"CASE WHEN {ok} THEN {wy} - alpha * {n} - beta * {wx} END AS {car}",
            f"CASE WHEN {ok} THEN sigma2 * ({n} + {n * n} / n_est "
            f"+ pow({wx} - {n} * mean_m, 2) / sxx) END AS {var}",
        ]
        stage2.append(f"CASE WHEN {var} > 0 THEN {car} / sqrt({var}) END AS {t}")
    return stage1, stage2


def compute_chunk(con: duckdb.DuckDBPyConnection, options: BatchOptions, lo: int, hi: int) -> int:
    """Compute the numbers of pairs ``lo <= pair_no < hi`` into the temp table
    ``batch_num`` (narrow: numbers and flags; ``finish_sql`` adds words and JSON)."""
    event = options.event
    stage1, stage2 = _window_sql(event)
    with_jumps = _count(con, "SELECT count(*) FROM batch_jumps") > 0
    windows = [flat_name(k, a, b) for a, b in event.windows for k in ("car", "t", "ok")]
    sql = f"""CREATE OR REPLACE TEMP TABLE batch_num AS
        WITH {_pairs_sql(lo, hi)}, {_model_sql(event, with_jumps)},
        w AS (SELECT *, {", ".join(stage1)} FROM h),
        x AS (SELECT *, {", ".join(stage2)} FROM w)
        SELECT pair_no, tid, sid, a_gpos, last_gpos, ref_day, inclusion_date, pub_bad, ref_idx, ref_close,
               (last_close / ref_close - 1) * 100 AS pct_change,
               CASE WHEN model_ok THEN CASE
                   WHEN last_gpos = a_gpos THEN 0.0
                   WHEN lr_cn - cn = last_gpos - a_gpos
                       THEN (lr_cy - cy) - alpha * (last_gpos - a_gpos) - beta * (lr_cx - cx)
               END END AS abnormal_return,
               {", ".join(windows)}, model_ok, alpha, beta, sigma2, n_est::INTEGER AS n_est,
               split_in_change, jump_day, jump_ratio, split_in_study, ejump_day, ejump_ratio
        FROM x"""
    con.execute(sql)
    return _count(con, "SELECT count(*) FROM batch_num")


# -- one article's rows, from market.track ---------------------------------------------
def save_listing_returns(
    con: duckdb.DuckDBPyConnection, article_id: str, rows: Sequence[ListingReturn]
) -> int:
    """Replace the stored rows of ``article_id`` with ``track``'s rows, inside the caller's
    transaction (storing an article again updates its rows and never adds a second set)."""
    con.execute("DELETE FROM returns WHERE article_id = ?", [article_id])
    records = [
        (
            article_id,
            r.ticker,
            r.inclusion_date,
            r.ref_date,
            r.ref_close,
            r.last_date,
            r.last_close,
            r.pct_change,
            r.currency,
            r.adjustment,
            r.benchmark,
            r.abnormal_return,
            json.dumps(r.car),
            r.status,
            r.reason,
            r.mic,
            r.company_id,
            r.provider,
            r.stale,
            json.dumps(list(r.warnings)),
            json.dumps(r.model) if r.model is not None else None,
        )
        for r in {r.ticker: r for r in rows}.values()
    ]
    if records:
        con.executemany(
            """INSERT OR REPLACE INTO returns (
                article_id, symbol, inclusion_date, ref_date, ref_close, last_date,
                last_close, pct_change, currency, adjustment, benchmark, abnormal_return, car, status, reason,
                mic, company_id, provider, stale, warnings, model)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            records,
        )
    return len(records)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()  # fetched to the end: DuckDB 2 refuses work on an open result
    return int(rows[0][0]) if rows else 0

"""Rows of a batch: the words, JSON and storing that follow ``store.returns.compute_chunk``.

``finish_sql`` turns the narrow numbers of ``batch_num`` into the rows users read: the
listing's labels, "ok" or "not available" with the reason (the same words
``market.inclusion`` writes), warnings, the CARs and the market model as JSON.
``store_results`` upserts them into ``returns``, one transaction per chunk;
``append_results`` collects them for output.
"""

from __future__ import annotations

import duckdb

from tickerlens.errors import StoreError
from tickerlens.market.event_study import EventOptions, window_label
from tickerlens.market.inclusion import NOT_AVAILABLE, OK, reason_no_published
from tickerlens.store.db import transaction
from tickerlens.store.returns import BatchOptions, flat_name

__all__ = ["append_results", "finish_sql", "store_results"]


def _reason_sql(options: BatchOptions) -> str:
    """The words after "not available, because", as ``market.inclusion`` writes them."""
    as_of = f"DATE '{options.as_of.isoformat()}'" if options.as_of else "NULL::DATE"
    no_published = reason_no_published().replace("'", "''")
    return f"""CASE
        WHEN id IS NULL OR id = '' THEN 'the record has no id'
        WHEN ticker IS NULL OR ticker = '' THEN 'the record has no ticker'
        WHEN problem IS NOT NULL THEN problem
        WHEN published IS NULL OR published = '' THEN '{no_published}'
        WHEN pub_bad THEN printf('published %s is not a date (YYYY-MM-DD) or an ISO 8601 time', published)
        WHEN inclusion_date > cal_last + 7 THEN printf(
            'exchange calendar %s: %s is after its last known session %s; upgrade exchange-calendars',
            cal, published, cal_last)
        WHEN ref_day IS NULL THEN printf('exchange calendar %s: %s is before its first session %s',
                                         cal, published, cal_first)
        WHEN adjustment IS NULL THEN coalesce(fetch_problem, printf(
            'no prices for %s: not in the store; load price files (--prices DIR) or fetch them first',
            symbol))
        WHEN {as_of} < ref_day THEN printf('the as-of date %s is before the reference session %s',
                                           {as_of}, ref_day)
        WHEN ref_idx IS NULL AND first_day > ref_day THEN printf(
            'prices for %s start on %s, after the reference session %s', symbol, first_day, ref_day)
        WHEN ref_idx IS NULL AND series_last < ref_day THEN printf(
            'prices for %s end on %s, before the reference session %s', symbol, series_last, ref_day)
        WHEN ref_idx IS NULL THEN printf('no close for %s on %s, the last session before publication '
                                         || '(a trading halt or a gap in the data)', symbol, ref_day)
        WHEN split_in_change THEN printf('raw closes of %s move x%.4g on %s, which looks like an '
                                         || 'unadjusted split; use split-adjusted closes',
                                         symbol, jump_ratio, jump_day)
    END"""


def _warnings_sql(options: EventOptions) -> str:
    e0, e1 = options.estimation
    return f"""list_filter([
        CASE WHEN benchmark IS NULL THEN printf(
                'no abnormal return: no default benchmark for %s; name one (--benchmark %s=SYMBOL)',
                coalesce(mic, 'US'), coalesce(mic, 'US'))
             WHEN NOT bench_has_prices THEN printf('no abnormal return: benchmark %s: no prices for %s: '
                || 'not in the store; load price files (--prices DIR) or fetch them first',
                benchmark, benchmark)
        END,
        CASE WHEN last_day < asof_session THEN printf(
            'the latest close of %s is from %s; the prices lack the session of %s',
            symbol, last_day, asof_session)
        END,
        CASE WHEN benchmark IS NULL OR NOT bench_has_prices THEN NULL
             WHEN split_in_study THEN printf('no abnormal return: raw closes of %s move x%.4g on %s, which '
                || 'looks like an unadjusted split; use split-adjusted closes',
                symbol, ejump_ratio, ejump_day)
             WHEN n_est < {options.min_estimation} THEN printf(
                'no abnormal return against %s: only %d returns '
                || 'with a benchmark return in the estimation window (days {e0} to {e1}); '
                || '{options.min_estimation} are needed', benchmark, n_est)
             WHEN NOT model_ok THEN printf('no abnormal return against %s: the benchmark did not move in the '
                || 'estimation window', benchmark)
        END], lambda w: w IS NOT NULL)"""


def finish_sql(options: BatchOptions) -> str:
    """A SELECT of the finished rows of ``batch_num`` (``RESULT_COLUMNS`` plus the flat
    CAR and t columns): labels, status and reason, warnings, CARs and model as JSON."""
    event = options.event
    flat = [flat_name(k, a, b) for a, b in event.windows for k in ("car", "t")]
    items = ", ".join(
        f"'{window_label(a, b)}', CASE WHEN {flat_name('ok', a, b)} THEN json_object('car', "
        f"{flat_name('car', a, b)}, 't', {flat_name('t', a, b)}, 'days', {b - a + 1}) END"
        for a, b in event.windows
    )
    return f"""
        SELECT pair_no, id, ticker, symbol, mic, currency, inclusion_date, ref_day AS ref_date,
            CASE WHEN reason IS NULL THEN ref_close END AS ref_close,
            CASE WHEN reason IS NULL THEN last_day END AS last_date,
            CASE WHEN reason IS NULL THEN last_close END AS last_close,
            CASE WHEN reason IS NULL THEN pct_change END AS pct_change,
            adjustment, CASE WHEN reason IS NULL THEN benchmark END AS benchmark,
            CASE WHEN reason IS NULL THEN abnormal_return END AS abnormal_return,
            CASE WHEN reason IS NULL AND model_ok THEN json_object({items}) ELSE '{{}}'::JSON END AS car,
            CASE WHEN reason IS NULL AND model_ok
                 THEN json_object('alpha', alpha, 'beta', beta, 'sigma2', sigma2, 'n', n_est) END AS model,
            CASE WHEN reason IS NULL THEN '{OK}' ELSE '{NOT_AVAILABLE}' END AS status, reason,
            CASE WHEN reason IS NULL THEN {_warnings_sql(event)} ELSE []::VARCHAR[] END AS warnings,
            provider, {", ".join(f"CASE WHEN reason IS NULL THEN {c} END AS {c}" for c in flat)}
        FROM (
            SELECT *, {_reason_sql(options)} AS reason FROM (
                SELECT n.*, bp.id, bp.ticker, bp.published,
                       tk.* EXCLUDE (tid, sid, ticker, last_gpos, lr_cn, lr_cx, lr_cy)
                FROM batch_num n JOIN batch_pairs bp ON bp.pair_no = n.pair_no
                LEFT JOIN batch_tk tk ON tk.tid = n.tid
            )
        )"""


def store_results(con: duckdb.DuckDBPyConnection, options: BatchOptions) -> int:
    """Upsert the finished rows of ``batch_num`` into ``returns`` in one transaction; the
    last row of a repeated (article, symbol) wins; rows without an id are not stored."""
    try:
        return _store(con, options)
    except duckdb.Error as exc:
        raise StoreError(f"cannot store this chunk of returns (nothing of it was written): {exc}") from exc


def _store(con: duckdb.DuckDBPyConnection, options: BatchOptions) -> int:
    with transaction(con):
        con.execute(f"""INSERT OR REPLACE INTO returns (
                article_id, symbol, inclusion_date, ref_date, ref_close,
                last_date, last_close, pct_change, currency, adjustment, benchmark, abnormal_return, car,
                status, reason, mic, company_id, provider, stale, warnings, model, computed_at)
            SELECT id, coalesce(symbol, ticker), inclusion_date, ref_date, ref_close, last_date, last_close,
                pct_change, currency, adjustment, benchmark, abnormal_return, car, status, reason, mic, NULL,
                provider, false, to_json(warnings), model, current_timestamp
            FROM ({finish_sql(options)})
            WHERE id IS NOT NULL AND id <> '' AND coalesce(symbol, ticker) IS NOT NULL
            QUALIFY row_number() OVER (
                PARTITION BY id, coalesce(symbol, ticker) ORDER BY pair_no DESC) = 1""")
        return _count(
            con,
            "SELECT count(*) FROM batch_num n JOIN batch_pairs bp ON bp.pair_no = n.pair_no "
            "WHERE bp.id IS NOT NULL AND bp.id <> ''",
        )


def append_results(
    con: duckdb.DuckDBPyConnection, options: BatchOptions, table: str = "batch_results"
) -> None:
    """Add the finished rows of ``batch_num`` to the temp table ``table`` (created on first use)."""
    exists = _count(con, f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{table}' AND temporary")
    verb = f"INSERT INTO {table}" if exists else f"CREATE TEMP TABLE {table} AS"
    con.execute(f"{verb} {finish_sql(options)}")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()  # fetched to the end: DuckDB 2 refuses work on an open result
    return int(rows[0][0]) if rows else 0

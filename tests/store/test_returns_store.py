"""Batch returns in SQL: the same answers as market.track's Python path (to 1e-9), the
same reasons, statsmodels on the same windows, and idempotent, chunk-wise storing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from market_samples import NOW, memory_provider, price_frame, sample_market
from tickerlens.errors import StoreError
from tickerlens.market.bars import Adjustment, Bar
from tickerlens.market.calendars import calendar_mic
from tickerlens.market.event_study import aligned_returns
from tickerlens.market.inclusion import ListingReturn, Target
from tickerlens.market.track import TrackOptions, track_targets
from tickerlens.store import return_rows
from tickerlens.store import returns as batch
from tickerlens.store.db import connect
from tickerlens.store.prices import upsert_frame
from tickerlens.universe.symbols import MIC_CURRENCY, from_yahoo

AS_OF = date(2025, 5, 30)
Market = dict[tuple[str, Adjustment], list[Bar]]
Computed = tuple[duckdb.DuckDBPyConnection, pd.DataFrame]
PAIRS = [
    ("a1", "AAA", "2025-04-19"),  # Saturday after Good Friday
    ("a1", "0005.HK", "2025-04-19"),
    ("a1", "600000.SS", "2025-04-19"),
    ("a2", "AAA", "2025-04-16T13:00:00Z"),  # before the New York open
    ("a3", "AAA", "2025-04-16T21:00:00+00:00"),  # after the close
    ("a4", "0005.HK", "2025-04-16T09:00:00+08:00"),  # before the Hong Kong close
    ("a5", "BBB", "2024-03-05"),  # inside BBB's halt
    ("a6", "BBB", "2024-03-12"),  # the halt inside the estimation window
    ("a7", "CCC", "2024-06-03"),  # before CCC's prices start
    ("a8", "CCC", "2025-03-03"),  # too little history for a market model
    ("a9", "AAA", "2025-05-20"),  # [0,+5] ends 2025-05-29, [0,+20] after the as-of date
    ("b1", "AAA", "2025-06-10"),  # published after the as-of date
]


@pytest.fixture(scope="module")
def market() -> Market:
    return sample_market()


@pytest.fixture(scope="module")
def computed(
    market: dict[tuple[str, Adjustment], list[Bar]],
) -> tuple[duckdb.DuckDBPyConnection, pd.DataFrame]:
    con = connect(":memory:")
    upsert_frame(con, price_frame(market), "memory", NOW)
    batch.batch_pairs_from(con, pd.DataFrame(PAIRS, columns=["id", "ticker", "published"]))
    options = batch.BatchOptions(as_of=AS_OF)
    batch.prepare_batch(con, options)
    batch.compute_chunk(con, options, 0, len(PAIRS))
    return con, con.execute(return_rows.finish_sql(options) + " ORDER BY pair_no").df()


def python_rows(market: Market) -> list[ListingReturn]:
    provider = memory_provider(market)
    out = []
    for _, ticker, published in PAIRS:
        venue, _ = from_yahoo(ticker)
        mic = calendar_mic(venue) if venue == "US" else venue
        moment = datetime.fromisoformat(published) if "T" in published else date.fromisoformat(published)
        if isinstance(moment, datetime) and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        target = Target(ticker, mic, MIC_CURRENCY.get(mic))
        out.append(
            track_targets([target], moment, provider=provider, as_of=AS_OF, options=TrackOptions(now=NOW))[0]
        )
    return out


def test_sql_batch_matches_the_python_path(market: Market, computed: Computed) -> None:
    _, sql = computed
    for python, row in zip(python_rows(market), sql.to_dict("records"), strict=True):
        label = f"{row['id']} {row['ticker']}"
        assert row["status"] == python.status, label
        assert (row["reason"] if isinstance(row["reason"], str) else None) == python.reason, label
        assert _day(row["ref_date"]) == python.ref_date, label
        if python.status != "ok":
            continue
        assert _day(row["last_date"]) == python.last_date, label
        for key in ("ref_close", "last_close", "pct_change", "abnormal_return"):
            assert _num(row[key]) == pytest.approx(getattr(python, key), abs=1e-9, nan_ok=True), (label, key)
        cars = json.loads(row["car"])
        assert set(cars) == set(python.car), label
        for window, stat in python.car.items():
            if stat is None:
                assert cars[window] is None, (label, window)
                continue
            assert cars[window]["car"] == pytest.approx(stat["car"], abs=1e-9), (label, window)
            assert cars[window]["t"] == pytest.approx(stat["t"], abs=1e-9), (label, window)
        assert list(row["warnings"]) == [w for w in python.warnings if "does not say" not in w], label


def test_reference_sessions_and_reasons(computed: Computed) -> None:
    _, sql = computed
    by = {(r["id"], r["ticker"]): r for r in sql.to_dict("records")}
    assert _day(by[("a1", "AAA")]["ref_date"]) == date(2025, 4, 17)
    assert _day(by[("a1", "600000.SS")]["ref_date"]) == date(2025, 4, 18)
    assert _day(by[("a2", "AAA")]["ref_date"]) == date(2025, 4, 15)
    assert _day(by[("a3", "AAA")]["ref_date"]) == date(2025, 4, 16)
    assert _day(by[("a4", "0005.HK")]["ref_date"]) == date(2025, 4, 15)
    assert by[("a5", "BBB")]["reason"].startswith("no close for BBB on 2024-03-05")
    assert by[("a7", "CCC")]["reason"].startswith("prices for CCC start on 2025-01-02")
    assert "only" in by[("a8", "CCC")]["warnings"][0]
    assert (
        by[("b1", "AAA")]["reason"] == "the as-of date 2025-05-30 is before the reference session 2025-06-10"
    )
    late = json.loads(by[("a9", "AAA")]["car"])
    assert late["[0,+5]"] is not None and late["[0,+20]"] is None  # day 20 is after the as-of date


def test_car_matches_statsmodels_on_the_same_windows(market: Market, computed: Computed) -> None:
    _, sql = computed
    row = sql[(sql["id"] == "a1") & (sql["ticker"] == "0005.HK")].iloc[0]
    stock, bench = market[("0005.HK", Adjustment.SPLIT)], market[("^HSI", Adjustment.SPLIT)]
    days = [b.day for b in stock]
    r, m = aligned_returns(days, [b.close for b in stock], [b.day for b in bench], [b.close for b in bench])
    ref = days.index(date(2025, 4, 17))
    est = slice(ref + 1 - 250, ref - 29 + 1)
    fit = sm.OLS(r[est], sm.add_constant(m[est])).fit()
    win = slice(ref + 1, ref + 7)
    x = sm.add_constant(m[win], has_constant="add")
    ar = r[win] - fit.predict(x)
    ones = np.ones(6)
    t = ar.sum() / np.sqrt(fit.scale * 6 + ones @ x @ fit.cov_params() @ x.T @ ones)
    assert row["car_0_p5"] == pytest.approx(ar.sum(), abs=1e-9)
    assert row["t_0_p5"] == pytest.approx(t, abs=1e-9)


def test_bad_records_get_reasons_not_errors() -> None:
    con = connect(":memory:")
    frame = pd.DataFrame(
        [
            ("x", "NVDA", "last week"),
            (None, "NVDA", "2025-04-19"),
            ("y", "NOT A TICKER", "2025-04-19"),
            ("z", "NVDA", None),
            ("w", "NVDA", "1990-01-02"),
        ],
        columns=["id", "ticker", "published"],
    )
    batch.batch_pairs_from(con, frame)
    options = batch.BatchOptions()
    batch.prepare_batch(con, options)
    batch.compute_chunk(con, options, 0, 10)
    reasons = con.execute(return_rows.finish_sql(options) + " ORDER BY pair_no").df()["reason"].tolist()
    assert reasons == [
        "published last week is not a date (YYYY-MM-DD) or an ISO 8601 time",
        "the record has no id",
        "ticker 'NOT A TICKER': not a ticker symbol",
        "the publication date is unknown; give it (--published)",
        "exchange calendar XNYS: 1990-01-02 is before its first session 1995-01-03",
    ]


def test_storing_is_idempotent_and_chunks_commit_one_by_one(market: Market) -> None:
    con = connect(":memory:")
    upsert_frame(con, price_frame(market), "memory", NOW)
    batch.batch_pairs_from(con, pd.DataFrame(PAIRS, columns=["id", "ticker", "published"]))
    options = batch.BatchOptions(as_of=AS_OF)
    batch.prepare_batch(con, options)
    for _ in range(2):
        for lo in range(0, len(PAIRS), 5):
            batch.compute_chunk(con, options, lo, lo + 5)
            return_rows.store_results(con, options)
    stored = con.execute("SELECT count(*), count(DISTINCT (article_id, symbol)) FROM returns").fetchall()
    assert stored == [(len(PAIRS), len(PAIRS))]

    con.execute("DELETE FROM returns")
    batch.compute_chunk(con, options, 0, 5)
    return_rows.store_results(con, options)
    with pytest.raises(StoreError, match="nothing of it was written"), duckdb_failing(con):
        batch.compute_chunk(con, options, 5, 10)
        return_rows.store_results(con, options)
    assert con.execute("SELECT count(*) FROM returns").fetchall() == [(5,)]  # the first chunk survived


class duckdb_failing:
    """Makes the next INSERT into returns fail, as a crash in the middle of a chunk would."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("ALTER TABLE returns RENAME TO returns_kept")

    def __exit__(self, *exc: object) -> None:
        self.con.execute("ALTER TABLE returns_kept RENAME TO returns")


def test_save_listing_returns_replaces_an_articles_rows(market: Market) -> None:
    con = connect(":memory:")
    rows = track_targets(
        [Target("AAA", "XNYS", "USD")],
        date(2025, 4, 19),
        provider=memory_provider(market),
        as_of=AS_OF,
        options=TrackOptions(now=NOW),
    )
    assert batch.save_listing_returns(con, "story", rows) == 1
    assert batch.save_listing_returns(con, "story", rows) == 1
    got = con.execute("""SELECT symbol, ref_date, status, json_extract(car, '$."[0,0]".days')::INTEGER
                         FROM returns""").fetchall()
    assert got == [("AAA", date(2025, 4, 17), "ok", 1)]


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _num(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)  # type: ignore[arg-type]


@pytest.mark.shared
def test_real_prices_sql_and_python_agree(shared_dir: Path, tmp_path: Path) -> None:
    from tickerlens.market.providers.local import LocalFileProvider
    from tickerlens.store.batch import iter_results, run_pairs_file

    provider = LocalFileProvider(shared_dir / "data" / "prices" / "daily_2025")
    tickers = {
        "NVDA": "XNAS",
        "AMD": "XNAS",
        "TSM": "XNYS",
        "688256.SS": "XSHG",
        "0700.HK": "XHKG",
        "2330.TW": "XTAI",
        "QCOM": "XNAS",
    }
    pairs = tmp_path / "seed.jsonl"
    pairs.write_text(
        "\n".join(json.dumps({"id": "seed", "ticker": t, "published": "2025-04-19"}) for t in tickers)
    )
    con = connect(":memory:")
    run_pairs_file(con, pairs, batch.BatchOptions(as_of=AS_OF), local=provider)
    sql = {r["ticker"]: r for r in iter_results(con)}
    python = track_targets(
        [Target(t, m, MIC_CURRENCY[m]) for t, m in tickers.items()],
        date(2025, 4, 19),
        provider=provider,
        as_of=AS_OF,
        options=TrackOptions(now=NOW),
    )
    for row in python:
        got = sql[row.ticker]
        assert (got["status"], got["ref_date"], got["last_date"]) == (
            row.status,
            str(row.ref_date),
            str(row.last_date),
        ), row.ticker
        assert got["pct_change"] == pytest.approx(row.pct_change, abs=1e-9)
        assert _num(got["abnormal_return"]) == pytest.approx(row.abnormal_return, abs=1e-9, nan_ok=True)

"""A pairs file end to end: reading JSONL and CSV, gathering prices (local files, then
the cached online source for what they lack), computing, storing, writing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from market_samples import NOW, memory_provider, sample_market
from tickerlens.errors import EmptyInputError, InputError
from tickerlens.market.bars import Adjustment, BarSeries, PriceQuery
from tickerlens.market.cache import CachedProvider
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.store.batch import iter_results, load_pairs_file, run_pairs_file, write_results
from tickerlens.store.db import connect
from tickerlens.store.returns import BatchOptions


@pytest.fixture
def prices_dir(tmp_path: Path) -> Path:
    """The sample market as price files, without ^HSI (left for the online source)."""
    root = tmp_path / "prices"
    root.mkdir()
    rows = [
        (sym, b.day, b.close) for (sym, adj), bars in sample_market().items() for b in bars if sym != "^HSI"
    ]
    pd.DataFrame(rows, columns=["ticker", "date", "close"]).to_csv(root / "sample_long.csv", index=False)
    return root


def write_pairs(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_with_a_bad_line_and_csv(tmp_path: Path) -> None:
    con = connect(":memory:")
    jsonl = write_pairs(
        tmp_path / "p.jsonl",
        [
            '{"id": "a", "ticker": "AAA", "published": "2025-04-19", "role": "primary"}',
            "{not json",
            "",
            '{"id": 7, "ticker": "0005.HK", "published": "2025-04-19T10:00:00+08:00"}',
            "[1, 2]",
        ],
    )
    read = load_pairs_file(con, jsonl, extra=("role",))
    assert read.pairs == 2 and read.bad_lines == (2, 5)
    assert con.execute("SELECT id, ticker, role FROM batch_pairs ORDER BY pair_no").fetchall() == [
        ("a", "AAA", "primary"),
        ("7", "0005.HK", None),
    ]
    csv = write_pairs(tmp_path / "p.csv", ["ID,Ticker,Published", "a, AAA ,2025-04-19"])
    assert load_pairs_file(con, csv).pairs == 1
    assert con.execute("SELECT ticker FROM batch_pairs").fetchall() == [("AAA",)]


def test_unusable_files_are_named(tmp_path: Path) -> None:
    con = connect(":memory:")
    with pytest.raises(EmptyInputError):
        load_pairs_file(con, _empty(tmp_path))
    with pytest.raises(InputError, match="no column 'published'"):
        load_pairs_file(con, write_pairs(tmp_path / "p.csv", ["id,ticker", "a,AAA"]))
    with pytest.raises(InputError, match="no readable pair"):
        load_pairs_file(con, write_pairs(tmp_path / "p.jsonl", ["oops"]))
    with pytest.raises(InputError, match="does not exist"):
        load_pairs_file(con, tmp_path / "missing.jsonl")


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    return path


class Online:
    def __init__(self, up: bool) -> None:
        self.name, self.up, self.asked = "yahoo", up, []  # type: ignore[var-annotated]
        self.source = memory_provider(sample_market())

    def fetch(self, query: PriceQuery) -> BarSeries:
        self.asked.append(query.symbol)
        if not self.up:
            from tickerlens.errors import ProviderUnavailableError

            raise ProviderUnavailableError("yahoo", "no network")
        return self.source.fetch(query)


def test_local_files_first_then_the_online_source_for_the_rest(tmp_path: Path, prices_dir: Path) -> None:
    con = connect(tmp_path / "store.duckdb")
    pairs = write_pairs(
        tmp_path / "p.jsonl",
        [json.dumps({"id": "s1", "ticker": t, "published": "2025-04-19"}) for t in ("AAA", "0005.HK", "ZZZ")],
    )
    online = Online(up=True)
    options = BatchOptions(as_of=date(2025, 5, 30))
    _, summary, _ = run_pairs_file(
        con,
        pairs,
        options,
        local=LocalFileProvider(prices_dir),
        online=CachedProvider(online, con, now=lambda: NOW),
    )
    assert sorted(online.asked) == ["ZZZ", "^HSI"]  # only what the files lack
    assert (summary.pairs, summary.ok, summary.not_available, summary.stored) == (3, 2, 1, 3)
    rows = list(iter_results(con))
    assert [r["ticker"] for r in rows] == ["AAA", "0005.HK", "ZZZ"]
    assert rows[1]["abnormal_return"] is not None and rows[1]["benchmark"] == "^HSI"
    assert "ZZZ" in rows[2]["reason"]
    cached = con.execute(
        "SELECT count(*) FROM prices WHERE symbol = '^HSI' AND adjustment = ?", [Adjustment.SPLIT.value]
    ).fetchall()[0][0]
    assert cached > 300  # fetched once, kept in the store


def test_offline_reasons_say_the_source_was_unreachable(tmp_path: Path, prices_dir: Path) -> None:
    con = connect(":memory:")
    pairs = write_pairs(tmp_path / "p.jsonl", ['{"id": "s1", "ticker": "ZZZ", "published": "2025-04-19"}'])
    _, summary, _ = run_pairs_file(
        con, pairs, BatchOptions(), local=LocalFileProvider(prices_dir), online=Online(up=False)
    )
    assert "unreachable" in summary.fetch_problems["ZZZ"]
    assert "unreachable" in next(iter_results(con))["reason"]


def test_rerunning_updates_rows_and_results_are_written(tmp_path: Path, prices_dir: Path) -> None:
    con = connect(tmp_path / "store.duckdb")
    pairs = write_pairs(
        tmp_path / "p.jsonl",
        [
            json.dumps({"id": f"s{k}", "ticker": "AAA", "published": f"2025-04-{14 + k:02d}"})
            for k in range(4)
        ],
    )
    for as_of in (date(2025, 5, 1), date(2025, 5, 30)):
        run_pairs_file(
            con, pairs, BatchOptions(as_of=as_of), local=LocalFileProvider(prices_dir), chunk_size=3
        )
    stored = con.execute("SELECT count(*), max(last_date) FROM returns").fetchall()
    assert stored == [(4, date(2025, 5, 30))]
    assert write_results(con, tmp_path / "out.csv") == 4
    frame = pd.read_csv(tmp_path / "out.csv")
    assert frame["status"].tolist() == ["ok"] * 4 and frame["id"].tolist() == ["s0", "s1", "s2", "s3"]
    write_results(con, tmp_path / "out.jsonl")
    first = json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])
    assert first["ref_date"] == "2025-04-14" and isinstance(first["car"], dict)
    assert isinstance(con, duckdb.DuckDBPyConnection)

"""The second stage: returns since inclusion for every linked listing, from local prices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scale_corpus import story, write_jsonl, write_prices

from tickerlens.errors import InputError
from tickerlens.scale import BatchConfig, EngineSpec, run_batch, run_returns_stage


def returns(out: Path) -> list[dict[str, Any]]:
    source = f"read_parquet('{out}/returns/*/*.parquet', hive_partitioning = true)"
    rel = duckdb.sql(f"SELECT * FROM {source} ORDER BY article_id, symbol")
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


@pytest.fixture
def prices(tmp_path: Path) -> tuple[Path, dict[date, float]]:
    closes = write_prices(tmp_path / "prices")
    return tmp_path / "prices", closes


def test_returns_are_computed_for_every_linked_listing(
    tmp_path: Path, prices: tuple[Path, dict[date, float]], make_config: Callable[..., BatchConfig]
) -> None:
    folder, closes = prices
    records = [story(i, f"2025-03-0{3 + i}T15:00:00Z") for i in range(3)]
    news = write_jsonl(tmp_path / "in" / "news.jsonl", records)
    out = tmp_path / "out"
    run_batch([news], out, make_config(), EngineSpec("inline"))
    stage = run_returns_stage(out, folder, as_of=date(2025, 3, 28))

    rows = returns(out)
    assert stage.pairs == len(rows) == 3 * 3  # NVDA, 2330.TW and TSM for each story
    nvda = [r for r in rows if r["symbol"] == "NVDA"]
    assert [r["status"] for r in nvda] == ["ok"] * 3 and stage.ok == 3
    for r in nvda:
        assert r["last_date"] == date(2025, 3, 28) and r["last_close"] == closes[date(2025, 3, 28)]
        assert r["ref_close"] == closes[r["ref_date"]]
        assert r["pct_change"] == pytest.approx((r["last_close"] / r["ref_close"] - 1) * 100)
        assert r["company_id"] == "nvidia" and r["published_date"] == r["published"].date()
    taiwan = [r for r in rows if r["symbol"] != "NVDA"]
    assert {r["status"] for r in taiwan} == {"not available"} and all(r["reason"] for r in taiwan)

    again = run_returns_stage(out, folder, as_of=date(2025, 3, 28))  # a rerun replaces the table
    assert again.pairs == 9 and len(returns(out)) == 9


def test_returns_need_a_links_output(tmp_path: Path, prices: tuple[Path, dict[date, float]]) -> None:
    with pytest.raises(InputError, match="no links output"):
        run_returns_stage(tmp_path / "empty", prices[0])


@pytest.mark.shared
def test_returns_from_real_prices(
    shared_dir: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    records = [story(i, f"2025-03-1{i}T14:00:00Z") for i in range(3)]
    news = write_jsonl(tmp_path / "in" / "news.jsonl", records)
    out = tmp_path / "out"
    run_batch([news], out, make_config(), EngineSpec("inline"))
    run_returns_stage(out, shared_dir / "data" / "prices" / "daily_2025", as_of=date(2025, 6, 30))
    by_symbol = {(r["article_id"], r["symbol"]): r for r in returns(out)}
    for symbol in ("NVDA", "TSM"):
        got = [r for (_, s), r in by_symbol.items() if s == symbol]
        assert len(got) == 3 and all(r["status"] == "ok" and r["last_date"] <= date(2025, 6, 30) for r in got)

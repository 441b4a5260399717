"""A batch output loads straight into a DuckDB store, and holds what `analyze --db` stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scale_corpus import story, write_jsonl, zh_story

from tickerlens.analysis import AnalyzeOptions, analyze_article
from tickerlens.ingest import ingest
from tickerlens.scale import BatchConfig, EngineSpec, load_into_store, run_batch
from tickerlens.scale.work import make_linker
from tickerlens.store.db import connect
from tickerlens.store.links import save_analyses

ARTICLE_COLUMNS = (
    "id, source, url, title, text, published, published_offset,"
    " published_from, lang, content_hash"
)


def dump(con: duckdb.DuckDBPyConnection, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    records = [story(i) for i in range(4)] + [zh_story(i) for i in range(3)]
    records[1]["text"] += " Shares of Nvidia rose 5% to $120 on Tuesday, and revenue was $39.3 billion."
    return write_jsonl(tmp_path / "in" / "news.jsonl", records)


def test_batch_output_loads_into_a_store_as_analyze_would_store_it(
    stories: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    config = make_config(signals=True, with_text=True)
    run_batch([stories], tmp_path / "out", config, EngineSpec("inline"))
    batch = connect(tmp_path / "batch.duckdb")
    loaded = load_into_store(batch, tmp_path / "out")
    assert loaded["articles"] == 7 and loaded["links"] == 4 * 2 + 3 * 2

    direct = connect(tmp_path / "direct.duckdb")
    linker = make_linker(config)
    analyses = [analyze_article(a, AnalyzeOptions(signals=True), linker) for a in ingest(stories)]
    save_analyses(direct, analyses)

    for table in ("links", "facts", "claims"):
        assert dump(batch, table) == dump(direct, table), table
    assert dump(batch, "articles", ARTICLE_COLUMNS) == dump(direct, "articles", ARTICLE_COLUMNS)
    assert dump(batch, "facts", "count(*)")[0][0] > 0  # the comparison covered facts too

    again = load_into_store(batch, tmp_path / "out")  # loading twice replaces, never adds
    assert again == loaded and dump(batch, "links", "count(*)")[0][0] == loaded["links"]


def test_articles_without_text_are_not_loaded(
    stories: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    run_batch([stories], tmp_path / "out", make_config(), EngineSpec("inline"))
    con = connect(":memory:")
    loaded = load_into_store(con, tmp_path / "out")
    assert "articles" not in loaded and loaded["links"] == 14
    assert dump(con, "articles", "count(*)") == [(0,)]

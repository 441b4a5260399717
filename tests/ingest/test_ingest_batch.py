"""Ingesting into the DuckDB store: idempotent, duplicates grouped across runs, bad input
leaves the store exactly as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tickerlens.ingest import ingest_into_store
from tickerlens.store.articles import count_articles, get_article
from tickerlens.store.db import connect

WIRE = (
    "Nvidia said on Wednesday it expects a charge of about $5.5 billion in its first quarter after the "
    "U.S. government told it that exports of its H20 chips to China would need a licence indefinitely. "
    "The company's shares fell nearly 7% in New York, and other chipmakers also declined as investors "
    "weighed the impact of tighter export controls on the semiconductor industry."
)


def _snapshot(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return (
        con.execute("SELECT * FROM articles ORDER BY id").fetchall()
        + con.execute("SELECT * FROM article_signatures ORDER BY id").fetchall()
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(WIRE + "\n")
    (folder / "copy.txt").write_text(
        "By Example Wire\n" + WIRE + "\nReporting by A. Writer; Editing by B. Editor\n"
    )
    (folder / "feed.jsonl").write_text(
        '{"id": "1", "text": "The bank raised its quarterly dividend by 10%.", "date": "2025-04-15"}\n'
        '{"id": "2", "text": "宁德时代一季度净利润同比增长32.9%。", "date": "2025-04-14 20:00"}\n'
    )
    return folder


def test_reingesting_changes_nothing(tmp_path: Path, corpus: Path) -> None:
    con = connect(tmp_path / "news.duckdb")
    first = ingest_into_store(con, [corpus])
    assert (first.read, first.inserted, first.unchanged, first.duplicates) == (4, 4, 0, 1)
    before = _snapshot(con)
    second = ingest_into_store(con, [corpus])
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 4)
    assert _snapshot(con) == before


def test_syndicated_copy_points_at_the_canonical_story(tmp_path: Path, corpus: Path) -> None:
    con = connect(tmp_path / "news.duckdb")
    ingest_into_store(con, [corpus / "wire.txt"])
    report = ingest_into_store(con, [corpus / "copy.txt"])  # a later run: the group is found in the store
    assert report.duplicates == 1
    rows = con.execute("SELECT id, dup_of FROM articles ORDER BY dup_of NULLS FIRST").fetchall()
    assert rows[1][1] == rows[0][0]
    assert count_articles(con, canonical_only=True) == 1


def test_stored_article_reads_back(tmp_path: Path, corpus: Path) -> None:
    con = connect(tmp_path / "news.duckdb")
    report = ingest_into_store(con, [corpus / "feed.jsonl"], collect_new=True)
    zh = next(a for a in report.new if a.lang == "zh")
    stored = get_article(con, zh.id)
    assert stored is not None
    article, dup_of = stored
    assert dup_of is None
    assert (article.text, article.published, article.published_offset) == (zh.text, zh.published, 480)
    assert (article.script, article.published_precision, article.extra) == ("Hans", "minute", zh.extra)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param(
            "truncated.html", b"<html><head><title>x</title></head><body><div><scr", id="truncated-html"
        ),
        pytest.param("blob.bin.txt", bytes(range(256)) * 100, id="binary"),
        pytest.param(
            "empty.rss",
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
            id="empty-feed",
        ),
        pytest.param(
            "dates.csv",
            b"date,text\nsometime,Revenue rose.\nFebtember 45 2024,Shares fell.\n",
            id="invalid-dates",
        ),
        pytest.param(
            "bomb.xml.gz", __import__("gzip").compress(b"<rss>" + b" " * 60_000_000), id="gzip-bomb-feed"
        ),
    ],
)
def test_bad_input_leaves_the_store_as_it_was(
    tmp_path: Path, corpus: Path, name: str, content: bytes
) -> None:
    con = connect(tmp_path / "news.duckdb")
    ingest_into_store(con, [corpus])
    before = _snapshot(con)
    bad = tmp_path / name
    bad.write_bytes(content)
    report = ingest_into_store(con, [bad])
    assert report.failures, "every bad input is reported"
    assert all(str(bad) in f.source for f in report.failures)
    assert report.stored == 0
    assert _snapshot(con) == before


def test_huge_file_leaves_the_store_as_it_was(tmp_path: Path, corpus: Path) -> None:
    con = connect(tmp_path / "news.duckdb")
    ingest_into_store(con, [corpus])
    before = _snapshot(con)
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    report = ingest_into_store(con, [huge])
    assert "over the limit" in report.failures[0].reason
    assert _snapshot(con) == before

"""Corpora: CSV (any separator, quoted newlines), JSONL, JSON and Parquet with column mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tickerlens.errors import ColumnMappingError, InputError
from tickerlens.ingest import Article, ColumnMapping, Failure, ingest, iter_items
from tickerlens.ingest.corpus import detect_mapping, parse_mapping_spec

SEMICOLON = (
    "Date and Timestamp;Title;Full Text;Source;Link\n"
    "2025-03-15 17:55:00;Chip stocks slide;"
    '"Chip stocks fell on Friday.\n\nAnalysts blamed export rules.";Reddit;'
    "https://example.com/r/1\n"
    '2025-03-16 09:00:00;Bank beats;"The bank beat estimates; shares rose 3%.";Example Wire;https://example.com/2\n'
)


def _articles(items: list[Article | Failure]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def test_semicolon_csv_with_quoted_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(SEMICOLON, encoding="utf-8")
    first, second = ingest(path)
    assert first.title == "Chip stocks slide"
    assert first.text == "Chip stocks fell on Friday.\n\nAnalysts blamed export rules."
    assert first.source == f"{path}:2"
    assert second.source == f"{path}:5"  # the quoted newlines push the second row down
    assert first.site == "Reddit" and first.url == "https://example.com/r/1"
    assert first.published == datetime(2025, 3, 15, 17, 55, tzinfo=UTC)
    assert first.published_offset is None  # no zone written: kept as UTC, offset unknown


def test_free_text_dates_and_a_bad_date_row(tmp_path: Path) -> None:
    path = tmp_path / "aapl.csv"
    path.write_text(
        "Date,Url,Text\n"
        '"January 25, 2024 — 03:33 am EST",https://example.com/a,"Apple shares rose."\n'
        '"5 DAYS AGO",https://example.com/b,"Apple shares fell."\n'
        ',https://example.com/c,"Apple was flat."\n',
        encoding="utf-8",
    )
    items = list(iter_items([path]))
    good = _articles(items)
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.text for a in good] == ["Apple shares rose.", "Apple was flat."]
    assert good[0].published == datetime(2024, 1, 25, 8, 33, tzinfo=UTC)
    assert good[0].published_offset == -300
    assert good[1].published is None and good[1].published_from == "missing"
    assert len(failures) == 1
    assert failures[0].source == f"{path}:3"
    assert "5 DAYS AGO" in failures[0].reason


def test_unnamed_index_column_is_the_id_and_label_columns_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "headlines.csv"
    path.write_text(
        ",title,date,stock\n17,Example Corp Q1 EPS $2.35 Up From $0.56 YoY,2020-05-11 07:47:00-04:00,EXC\n"
    )
    (article,) = ingest(path)
    assert article.text == article.title == "Example Corp Q1 EPS $2.35 Up From $0.56 YoY"
    assert article.extra["stock"] == "EXC"
    assert article.id == "17"  # the corpus's own id, verbatim
    path.write_text(path.read_text().replace("Q1 EPS", "First-quarter EPS"))
    (changed,) = ingest(path)
    assert changed.id == article.id  # the corpus's own id decides identity


def test_jsonl_with_a_broken_line_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        '{"id": "a1", "headline": "Moutai results", "content": "贵州茅台2024年净利润增长15%。",'
        ' "published_at": "2025-04-02T19:45:00+08:00"}\n'
        '{"id": "a2", "headline": "broken", \n'
        '["not", "an", "object"]\n'
        '{"id": "a3", "headline": "CATL", "content": "宁德时代一季度净利润增长。"}\n',
        encoding="utf-8",
    )
    items = list(iter_items([path]))
    assert [a.title for a in _articles(items)] == ["Moutai results", "CATL"]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "not valid JSON" in failures[0].reason


def test_json_dict_of_records_uses_keys_as_ids(tmp_path: Path) -> None:
    path = tmp_path / "posts.json"
    path.write_text('{"101": {"sentence": "Buying more $EXC here."}, "102": {"sentence": "Selling $EXC."}}')
    first, second = ingest(path)
    assert (first.text, second.text) == ("Buying more $EXC here.", "Selling $EXC.")
    assert first.id != second.id


def test_parquet_with_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    table = pa.table(
        {
            "doc_id": ["x1", "x2"],
            "body": ["Revenue rose 41%.", "比亚迪四月销量增长。"],
            "created_at": pa.array(
                [datetime(2025, 4, 15, 12, 0, tzinfo=UTC), None], pa.timestamp("us", tz="UTC")
            ),
        }
    )
    pq.write_table(table, path)
    first, second = ingest(path)
    assert first.published == datetime(2025, 4, 15, 12, 0, tzinfo=UTC)
    assert second.lang == "zh" and second.published is None


def test_mapping_override_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("when|words|misc\n2025-04-19|Nvidia fell 7% on Wednesday.|x\n")
    with pytest.raises(ColumnMappingError, match="--map text=COLUMN"):
        list(ingest(path))
    (article,) = ingest(path, mapping="text=words,published=when")
    assert article.text == "Nvidia fell 7% on Wednesday."
    assert article.published == datetime(2025, 4, 19, tzinfo=UTC)
    assert article.extra == {"misc": "x"}
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_mapping_spec("body:words")


@pytest.mark.parametrize(
    ("header", "text", "title", "published"),
    [
        ("Date and Timestamp;Title;Full Text;Source;Link", "Full Text", "Title", "Date and Timestamp"),
        ("author,date,ticker,summary", "summary", None, "date"),
        (",title,date,stock", None, "title", "date"),
        ("subset,code_name,ticker,created_at,text", "text", None, "created_at"),
        ("Date,Url,Mark,New_text", "New_text", None, "Date"),
    ],
)
def test_common_layouts_are_detected(
    header: str, text: str | None, title: str | None, published: str
) -> None:
    columns = header.split(";") if ";" in header else header.split(",")
    mapping = detect_mapping(columns, "x.csv")
    assert (mapping.text, mapping.title, mapping.published) == (text, title, published)


def test_merged_mapping_moves_overridden_columns_out_of_extra() -> None:
    base = detect_mapping(["a", "b", "text"], "x")
    merged = base.merged(ColumnMapping(title="a"))
    assert merged.title == "a" and "a" not in merged.extra


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("nvda_news_2025.csv", 69),
        ("seeking_alpha_2023.csv", 289),
        ("csmd_zh.csv", 8041),
        ("benzinga_headlines.csv", 2526),
    ],
)
def test_real_corpora_read_completely_with_dates(shared_dir: Path, name: str, rows: int) -> None:
    items = list(iter_items([shared_dir / "data" / "news" / name]))
    articles = _articles(items)
    assert len(articles) == rows and len(items) == rows
    assert all(a.published is not None and a.published_from == "metadata" for a in articles)
    assert all(a.text for a in articles)


@pytest.mark.shared
def test_real_corpus_with_relative_dates_reports_each_bad_row(shared_dir: Path) -> None:
    items = list(iter_items([shared_dir / "data" / "news" / "fnspid" / "news_contents_aapl.csv"]))
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures and all("is not a date I can read" in f.reason for f in failures)
    assert len(_articles(items)) > 10 * len(failures)

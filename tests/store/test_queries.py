"""The read queries over rows written here by hand, so every expected answer is known."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import duckdb
import pandas as pd
import pytest

from tickerlens.ingest.article import Article
from tickerlens.store.articles import StoredRow, upsert_articles
from tickerlens.store.db import connect
from tickerlens.store.prices import upsert_frame
from tickerlens.store.queries import (
    ArticleFilter,
    abnormal_by_sentiment,
    company_row,
    company_stories,
    get_stored_article,
    latest_story_time,
    list_articles,
    price_series,
    search_articles,
    ticker_mentions,
    top_companies,
)


def _when(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 4, day, hour, tzinfo=UTC)


ARTICLES = [
    Article(
        "a1",
        "Nvidia fell after export rules. AMD too.",
        "Nvidia falls",
        _when(16),
        site="wire.example",
        url="https://wire.example/a1",
        lang="en",
    ),
    Article(
        "a2",
        "TSMC profit rose. Nvidia is a customer.",
        "TSMC profit rises",
        _when(17),
        site="daily.example",
        lang="en",
    ),
    Article("a3", "腾讯控股营收增长。", "腾讯业绩", _when(18), site="news.example.cn", lang="zh"),
    Article("a4", "Nvidia copy of a1 syndicated.", "Nvidia falls (copy)", _when(19), site="wire.example"),
    Article("a5", "Undated story about AMD and 100% of something_odd.", "AMD note", None, source="notes.txt"),
]

# (article, company, name, tickers, role, relevance, sentiment label, mentions)
LINKS = [
    (
        "a1",
        "nvidia",
        "NVIDIA Corporation",
        ["NVDA"],
        "primary",
        0.8,
        "negative",
        [
            {"text": "Nvidia", "start": 0, "end": 6, "sentence": 0, "kind": "alias", "in_title": False},
            {"text": "Nvidia", "start": 0, "end": 6, "sentence": -1, "kind": "alias", "in_title": True},
        ],
    ),
    (
        "a1",
        "amd",
        "Advanced Micro Devices",
        ["AMD"],
        "secondary",
        0.3,
        "negative",
        [{"text": "AMD", "start": 37, "end": 40, "sentence": 1, "kind": "alias", "in_title": False}],
    ),
    (
        "a2",
        "tsmc",
        "TSMC",
        ["2330.TW", "TSM"],
        "primary",
        0.9,
        "positive",
        [{"text": "TSMC", "start": 0, "end": 4, "sentence": 0, "kind": "alias", "in_title": False}],
    ),
    (
        "a2",
        "nvidia",
        "NVIDIA Corporation",
        ["NVDA"],
        "passing",
        0.1,
        "neutral",
        [{"text": "Nvidia", "start": 19, "end": 25, "sentence": 1, "kind": "alias", "in_title": False}],
    ),
    (
        "a3",
        "tencent",
        "Tencent Holdings",
        ["0700.HK"],
        "primary",
        0.9,
        "positive",
        [{"text": "腾讯控股", "start": 0, "end": 4, "sentence": 0, "kind": "alias", "in_title": False}],
    ),
    ("a4", "nvidia", "NVIDIA Corporation", ["NVDA"], "primary", 0.8, "negative", []),
    ("a5", "amd", "Advanced Micro Devices", ["AMD"], "primary", 0.7, "neutral", []),
]


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = connect(":memory:")
    upsert_articles(c, [StoredRow(a, dup_of="a1" if a.id == "a4" else None) for a in ARTICLES])
    for aid, cid, name, tickers, role, rel, label, mentions in LINKS:
        c.execute(
            "INSERT INTO links VALUES (?, ?, ?, true, ?, ?, ?, 0.9, NULL, ?, ?, ?, ?)",
            [aid, cid, name, tickers, role, rel, label, len(mentions), None, json.dumps(mentions)],
        )
    c.execute(
        "INSERT INTO companies VALUES ('nvidia', 'NVIDIA Corporation', 'listed', 'US', 'Chips', '英伟达')"
    )
    c.execute("INSERT INTO listings VALUES ('nvidia', 'XNAS', 'NVDA', 'NVDA', 'USD', NULL, true, NULL, NULL)")
    for aid, symbol, pct, ar in [
        ("a1", "NVDA", -10.0, -0.04),
        ("a2", "NVDA", 5.0, 0.02),
        ("a4", "NVDA", -10.0, -0.04),
    ]:
        c.execute(
            "INSERT INTO returns (article_id, symbol, inclusion_date, pct_change, abnormal_return, status) "
            "VALUES (?, ?, ?, ?, ?, 'ok')",
            [aid, symbol, date(2025, 4, 16), pct, ar],
        )
    yield c
    c.close()


def _ids(items: list) -> list[str]:
    return [i.id for i in items]


def test_lists_newest_first_without_duplicates_and_undated_by_store_time(
    con: duckdb.DuckDBPyConnection,
) -> None:
    total, items = list_articles(con, ArticleFilter())
    assert total == 4
    # a5 has no publication time: it sorts by when it was stored (now), so first
    assert _ids(items) == ["a5", "a3", "a2", "a1"]
    assert items[3].source == "wire.example"
    assert items[3].companies[0][:3] == ("nvidia", "NVIDIA Corporation", "primary")


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (ArticleFilter(since=_when(17, 0), until=_when(18, 0)), ["a2"]),
        (ArticleFilter(source="WIRE"), ["a1"]),
        (ArticleFilter(sentiment="positive"), ["a3", "a2"]),
        (ArticleFilter(role="passing"), ["a2"]),
        (ArticleFilter(company="nvidia", role="primary"), ["a1"]),
        (ArticleFilter(company="nvidia", sentiment="positive"), []),
        (ArticleFilter(lang="zh"), ["a3"]),
        (ArticleFilter(limit=2, offset=1), ["a3", "a2"]),
    ],
    ids=["dates", "source", "sentiment", "role", "company-and-role", "company-and-sentiment", "lang", "page"],
)
def test_filters(con: duckdb.DuckDBPyConnection, f: ArticleFilter, expected: list[str]) -> None:
    total, items = list_articles(con, f)
    assert _ids(items) == expected
    if f.limit == 20:
        assert total == len(expected)


def test_search_needs_every_word_and_treats_wildcards_literally(con: duckdb.DuckDBPyConnection) -> None:
    assert _ids(search_articles(con, ["nvidia", "EXPORT"])) == ["a1"]
    assert _ids(search_articles(con, ["营收"])) == ["a3"]
    assert _ids(search_articles(con, ["100%"])) == ["a5"]
    assert _ids(search_articles(con, ["g_o"])) == ["a5"]  # "something_odd" holds it literally
    assert _ids(search_articles(con, ["s_m"])) == []  # as a wildcard '_' would match "som"
    assert search_articles(con, ["  "]) == []


def test_one_story_with_links_mentions_and_returns(con: duckdb.DuckDBPyConnection) -> None:
    a = get_stored_article(con, "a1")
    assert a is not None and a.title == "Nvidia falls" and a.source == "wire.example"
    assert [lk.company_id for lk in a.links] == ["nvidia", "amd"]
    nv = a.links[0]
    assert [(m.start, m.end, m.in_title) for m in nv.mentions] == [(0, 6, False), (0, 6, True)]
    assert [(r.symbol, r.pct_change) for r in nv.returns] == [("NVDA", -10.0)]
    assert a.links[1].returns == []
    assert get_stored_article(con, "nope") is None


def test_company_stories_and_means_by_sentiment(con: duckdb.DuckDBPyConnection) -> None:
    row = company_row(con, "nvidia")
    assert row is not None and row.zh_name == "英伟达" and [x.yahoo for x in row.listings] == ["NVDA"]
    assert company_row(con, "amd") is None  # never written to the companies table
    stories = company_stories(con, "nvidia", "NVDA")
    assert [(s.article_id, s.pct_change) for s in stories] == [("a2", 5.0), ("a1", -10.0)]
    means = {r.label: r for r in abnormal_by_sentiment(con, "nvidia", "NVDA")}
    assert means["negative"].stories == 1 and means["negative"].mean_abnormal == pytest.approx(-4.0)
    assert means["neutral"].mean_change == pytest.approx(5.0)


def test_most_named_companies_in_a_window(con: duckdb.DuckDBPyConnection) -> None:
    top = top_companies(con, _when(16, 0), _when(18, 0))
    assert [(t.company_id, t.stories) for t in top] == [("nvidia", 2), ("amd", 1), ("tsmc", 1)]
    assert latest_story_time(con) is not None


def test_ticker_mentions_by_company_or_ticker(con: duckdb.DuckDBPyConnection) -> None:
    total, items = ticker_mentions(con, ["nvidia"], ["NVDA"], None, None)
    assert total == 2 and [m.article_id for m in items] == ["a2", "a1"]
    total, items = ticker_mentions(con, [], ["TSM"], _when(17, 0), _when(18, 0))
    assert [m.company_id for m in items] == ["tsmc"]
    assert ticker_mentions(con, [], ["TSM"], _when(18, 0), None)[0] == 0


def test_price_series_prefers_split_adjusted_closes(con: duckdb.DuckDBPyConnection) -> None:
    frame = pd.DataFrame(
        {
            "symbol": ["NVDA"] * 4,
            "day": pd.to_datetime(["2025-04-15", "2025-04-16"] * 2),
            "adjustment": ["raw", "raw", "split", "split"],
            "close": [1000.0, 900.0, 100.0, 90.0],
            "open": None,
            "high": None,
            "low": None,
            "volume": None,
        }
    )
    upsert_frame(con, frame, "test", datetime(2025, 5, 1, tzinfo=UTC))
    assert price_series(con, "NVDA") == ("split", [(date(2025, 4, 15), 100.0), (date(2025, 4, 16), 90.0)])
    assert price_series(con, "NVDA", date(2025, 4, 16))[1] == [(date(2025, 4, 16), 90.0)]
    assert price_series(con, "AMD") == (None, [])

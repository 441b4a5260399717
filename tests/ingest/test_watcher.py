"""Watching feeds: new items stored and handed to analysis once, polls bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tickerlens.errors import InputError
from tickerlens.ingest import Article, watch
from tickerlens.ingest.watcher import parse_interval, read_feed_list
from tickerlens.settings import get_settings
from tickerlens.store.articles import count_articles
from tickerlens.store.db import connect

ITEM = (
    "<item><title>{title}</title><link>https://news.example.com/{n}</link><guid>g{n}</guid>"
    "<pubDate>Tue, 15 Apr 2025 2{n}:00:00 +0000</pubDate><description>{title}: details of story {n}, "
    "which differs from every other story in this feed in its words and numbers {n}{n}{n}."
    "</description></item>"
)
TITLES = ["Chipmaker beats estimates", "Bank raises dividend", "Carmaker recalls vehicles"]


def _feed(count: int) -> str:
    items = "".join(ITEM.format(title=TITLES[n], n=n) for n in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>{items}</channel></rss>'


def test_each_new_item_is_stored_and_analysed_once(tmp_path: Path) -> None:
    feed = tmp_path / "markets.xml"
    feed.write_text(_feed(2))
    con = connect(tmp_path / "news.duckdb")
    batches: list[list[Article]] = []
    waits: list[float] = []

    def grow_feed(seconds: float) -> None:
        waits.append(seconds)
        feed.write_text(_feed(3))  # a new item appears between polls

    report = watch(
        con,
        [str(feed)],
        settings=get_settings(),
        every=300,
        max_polls=3,
        on_new=batches.append,
        sleep=grow_feed,
    )
    assert report.polls == 3 and waits == [300, 300]
    assert [[a.title for a in b] for b in batches] == [TITLES[:2], TITLES[2:]]
    assert report.new == 3 and count_articles(con) == 3


def test_a_failing_feed_is_reported_and_the_others_polled(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_text(_feed(1))
    con = connect(tmp_path / "news.duckdb")
    report = watch(
        con, [str(tmp_path / "gone.xml"), str(good)], settings=get_settings(), every=1, max_polls=1
    )
    assert (report.failures, report.new) == (1, 1)


@pytest.mark.parametrize(
    ("value", "seconds"), [("90", 90), ("30s", 30), ("5m", 300), ("1h", 3600), ("1.5m", 90)]
)
def test_intervals(value: str, seconds: float) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["", "soon", "0", "-5m", "5x"])
def test_bad_intervals(value: str) -> None:
    with pytest.raises(InputError, match="--every"):
        parse_interval(value)


def test_feed_list_skips_comments_and_refuses_empty(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# markets\nhttps://news.example.com/rss\n\n  feeds/local.xml  \n")
    assert read_feed_list(path) == ["https://news.example.com/rss", "feeds/local.xml"]
    path.write_text("# nothing\n")
    with pytest.raises(InputError, match="lists no feeds"):
        read_feed_list(path)

"""Articles in the store: writes and reads round trip, and a refused batch writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tickerlens.errors import StoreError
from tickerlens.ingest.article import Article, PublishedFrom
from tickerlens.store.articles import StoredRow, count_articles, get_article, upsert_articles
from tickerlens.store.db import connect

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    published = draw(st.none() | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
    return Article(
        id=draw(st.text("0123456789abcdef", min_size=20, max_size=20)),
        text=draw(_TEXT),
        title=draw(st.none() | _TEXT),
        published=published.replace(microsecond=0, tzinfo=UTC) if published else None,
        published_offset=draw(st.none() | st.integers(-720, 840)),
        published_from=draw(st.sampled_from(list(PublishedFrom))),
        source=draw(_TEXT),
        lang=draw(st.sampled_from([None, "en", "zh"])),
        extra=draw(st.dictionaries(st.text(min_size=1, max_size=5), _TEXT, max_size=3)),
        published_precision=draw(st.sampled_from([None, "day", "minute"])),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(articles())
def test_write_then_read_round_trips(article: Article) -> None:
    con = connect(":memory:")
    counts = upsert_articles(con, [StoredRow(article)])
    assert counts.inserted == 1
    stored = get_article(con, article.id)
    assert stored is not None
    back, dup_of = stored
    assert dup_of is None
    assert back.published == article.published
    assert (back.text, back.title, back.extra, back.published_from) == (
        article.text,
        article.title,
        article.extra,
        article.published_from,
    )
    assert upsert_articles(con, [StoredRow(article)]).unchanged == 1


def test_changed_content_updates_in_place() -> None:
    con = connect(":memory:")
    a = Article(id="x" * 20, text="first", published=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=1))
    upsert_articles(con, [StoredRow(a)])
    counts = upsert_articles(con, [StoredRow(Article(id="x" * 20, text="second"))])
    assert (counts.inserted, counts.updated) == (0, 1)
    stored = get_article(con, "x" * 20)
    assert stored is not None and stored[0].text == "second"


def test_a_refused_batch_writes_nothing() -> None:
    con = connect(":memory:")
    upsert_articles(con, [StoredRow(Article(id="a" * 20, text="kept"))])
    con.execute("CREATE TABLE guard (x INTEGER)")
    con.execute("DROP TABLE article_signatures")  # the second statement of the batch will fail
    with pytest.raises(StoreError, match="nothing of this batch was written"):
        upsert_articles(con, [StoredRow(Article(id="b" * 20, text="new"), minhash=b"\x00" * 8)])
    assert count_articles(con) == 1

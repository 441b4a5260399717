"""RSS and Atom feeds, including broken, empty and hostile ones."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tickerlens.errors import EmptyInputError, InputError
from tickerlens.ingest import Failure, ingest, iter_items
from tickerlens.ingest.feeds import parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Markets</title><link>https://news.example.com</link><language>en-us</language>
<item><title>Chipmaker beats estimates</title><link>https://news.example.com/a/1</link>
<guid>https://news.example.com/a/1</guid><pubDate>Tue, 15 Apr 2025 21:05:00 -0400</pubDate>
<content:encoded><![CDATA[<p>Revenue rose 41% from a year earlier.</p><p>Shares rose 5% after hours.</p>
<p>Share to Facebook</p>]]></content:encoded></item>
<item><title>Bank raises dividend</title><link>https://news.example.com/a/2</link>
<description>The bank raised its quarterly dividend by 10%.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>示例财经</title>
<entry><title>宁德时代一季度净利润增长</title><id>urn:example:catl-q1</id>
<link href="https://news.example.cn/catl"/><updated>2025-04-14T20:00:00+08:00</updated>
<summary type="html">&lt;p&gt;宁德时代一季度实现归母净利润139.6亿元，同比增长32.9%。&lt;/p&gt;
</summary></entry>
</feed>"""


def test_rss_entries_become_articles_with_dates_and_links() -> None:
    first, second = ingest(RSS.encode())
    assert first.title == "Chipmaker beats estimates"
    assert first.text == "Revenue rose 41% from a year earlier.\nShares rose 5% after hours."
    assert first.url == "https://news.example.com/a/1"
    assert first.published == datetime(2025, 4, 16, 1, 5, tzinfo=UTC)
    assert (first.published_offset, first.published_from) == (-240, "metadata")
    assert first.site == "Example Markets"
    assert second.text == "The bank raised its quarterly dividend by 10%."
    assert second.published is None and second.published_from == "missing"


def test_atom_entry_in_chinese() -> None:
    (article,) = ingest(ATOM.encode(), kind="feed")
    assert article.text == "宁德时代一季度实现归母净利润139.6亿元，同比增长32.9%。"
    assert (article.lang, article.script) == ("zh", "Hans")
    assert article.published == datetime(2025, 4, 14, 12, 0, tzinfo=UTC)


def test_feed_ids_come_from_guids_so_they_are_stable() -> None:
    once = [a.id for a in ingest(RSS.encode())]
    again = [a.id for a in ingest(RSS.replace("after hours", "in late trading").encode())]
    assert once[0] == again[0]


def test_empty_feed_is_refused_clearly() -> None:
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>'
    with pytest.raises(EmptyInputError, match="empty"):
        list(parse_feed(empty, "empty.xml"))


def test_garbage_is_not_a_feed() -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        list(parse_feed("<rss this is not xml at all", "bad.rss"))


def test_entity_expansion_bomb_does_not_expand() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}]>'
        "<rss version='2.0'><channel><title>t</title><item><title>&lol9;</title>"
        "<description>x</description></item></channel></rss>"
    )
    started = time.perf_counter()
    items = list(iter_items([bomb.encode()], kind="feed"))
    assert time.perf_counter() - started < 10
    texts = [i for i in items if not isinstance(i, Failure)]
    assert all(len(a.text) + len(a.title or "") < 100_000 for a in texts)


def test_an_entry_with_an_unreadable_date_fails_alone() -> None:
    bad = RSS.replace("Tue, 15 Apr 2025 21:05:00 -0400", "sometime last spring")
    items = list(iter_items([bad.encode()]))
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(failures) == 1 and "sometime last spring" in failures[0].reason
    assert [i.title for i in items if not isinstance(i, Failure)] == ["Bank raises dividend"]

"""Web pages: main text, metadata and dates from real-looking pages with their debris.

The Chinese pages in pages_zh/ were written for these tests (invented stories about real
listed companies) in the encodings Chinese sites use, each with its expected text."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tickerlens.errors import InputError
from tickerlens.ingest import ingest
from tickerlens.ingest.html import extract_page, fragment_text, safe_url

PAGES = Path(__file__).parent / "pages_zh"
NAMES = sorted(p.name.split(".")[0] for p in PAGES.glob("*.expected.json"))
PARAGRAPHS = [
    "Chipmaker Example Corp said on Tuesday that its quarterly revenue rose 41% from a year earlier, "
    "beating analyst estimates, as demand for data-centre processors stayed strong.",
    "The company raised its full-year forecast and said it would spend more on new factories in "
    "Arizona and Japan over the next three years.",
    "Its shares rose 5% in early trading in New York, while the broader market was little changed.",
]


def _page(head: str = "", body_extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>Example Corp beats estimates</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>"
        f"<article><h1>Example Corp beats estimates</h1>{paras}{body_extra}</article>"
        "<footer>Copyright 2025 Example News</footer></body></html>"
    )


def test_there_are_at_least_ten_chinese_pages_in_three_encodings() -> None:
    encodings = {json.loads((PAGES / f"{n}.expected.json").read_text("utf-8"))["encoding"] for n in NAMES}
    assert len(NAMES) >= 10
    assert {"gbk", "big5", "utf-8"} <= encodings


@pytest.mark.parametrize("name", NAMES)
def test_chinese_page_text_and_metadata(name: str) -> None:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text("utf-8"))
    (article,) = ingest(PAGES / f"{name}.html")
    assert article.text == expected["text"]
    for line in expected["debris"]:
        assert line not in article.text
    assert article.title == expected["title"]
    assert (article.lang, article.script) == ("zh", expected["script"])
    assert article.author == expected["author"]
    assert article.url == expected["url"]
    want = datetime.fromisoformat(expected["published"]) if expected["published"] else None
    assert article.published == want
    assert article.published_from == expected["published_from"]
    assert article.published_precision == expected["published_precision"]


def test_truncated_page_still_yields_the_text_it_has() -> None:
    data = (PAGES / "moutai_annual.html").read_bytes()
    cut = data[: int(len(data) * 0.6)]
    (article,) = ingest(cut, kind="html")
    expected = json.loads((PAGES / "moutai_annual.expected.json").read_text("utf-8"))["text"]
    assert article.text.split("\n")[0] == expected.split("\n")[0]


def test_share_buttons_never_become_the_story_url() -> None:
    share = '<meta property="og:url" content="https://www.facebook.com/sharer/sharer.php?u=x">'
    bar = "<p>Share to Facebook</p><p><a href='https://twitter.com/intent/tweet?url=x'>Tweet</a></p>"
    page = extract_page(_page(share, bar), "p.html")
    assert page.url is None
    assert "Facebook" not in page.text and "Tweet" not in page.text
    assert page.text == "\n".join(PARAGRAPHS)


def test_markup_date_wins_and_keeps_its_offset() -> None:
    meta = '<meta property="article:published_time" content="2025-04-17T21:05:00-04:00">'
    page = extract_page(_page(meta), "p.html")
    assert page.published is not None
    assert page.published.utc.isoformat() == "2025-04-18T01:05:00+00:00"
    assert page.published.offset == -240
    assert page.published_from == "metadata"


def test_a_page_without_any_date_records_it_as_missing() -> None:
    page = extract_page(_page(), "p.html")
    assert page.published is None and page.published_from == "missing"


def test_canonical_url_is_kept() -> None:
    page = extract_page(_page('<link rel="canonical" href="https://news.example.com/a/1">'), "p.html")
    assert page.url == "https://news.example.com/a/1"


def test_page_without_article_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"nav\.html"):
        extract_page("<html><body><div></div><script>var a = 1;</script></body></html>", "nav.html")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://news.example.com/story/1", True),
        ("https://www.facebook.com/sharer/sharer.php?u=https://x", False),
        ("https://twitter.com/intent/tweet?text=x", False),
        ("https://service.weibo.com/share/share.php?url=x", False),
        ("https://example.com/share?u=1", False),
        ("javascript:void(0)", False),
        ("", False),
    ],
)
def test_safe_url(url: str, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept


def test_fragment_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = "<p>First <b>para</b>.</p><script>var x=1;</script><div>Second<br>line</div>"
    assert fragment_text(html) == "First para.\nSecond\nline"
    assert fragment_text("plain words") == "plain words"

"""The HTML pages, read as markup: what the story, company and home pages say, and that
nothing from a story becomes markup."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from serve_data import STORIES, Store, closes

from tickerlens.linking.linker import Linker
from tickerlens.serve import create_app
from tickerlens.serve.render import fmt_pct
from tickerlens.settings import get_settings


@pytest.fixture
def client(store_copy: Store, linker: Linker) -> Iterator[TestClient]:
    app = create_app(get_settings(db=store_copy.path, api_token="test-token"), linker=linker)
    with TestClient(app) as c:
        yield c


class _Table(HTMLParser):
    """The header and cell texts of the table with the given id."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.depth = table_id, False, 0
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.head if tag == "th" else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _table(html: str, table_id: str) -> _Table:
    t = _Table(table_id)
    t.feed(html)
    t.rows = [r for r in t.rows if r]
    return t


def _close(symbol: str, day: date) -> float:
    frame = closes()
    return float(frame[(frame["symbol"] == symbol) & (frame["day"].dt.date == day)]["close"].iloc[0])


def test_story_page_has_the_stock_table(client: TestClient, store_copy: Store) -> None:
    html = client.get(f"/story/{store_copy.ids['nvidia']}").text
    table = _table(html, "stock-table")
    assert table.head[:4] == ["Ticker", "Name", "Percentage Change", "Inclusion Date"]
    assert table.head[4:7] == ["Role", "Relevance", "Sentiment"]
    rows = {r[0]: r for r in table.rows}
    assert set(rows) >= {"NVDA", "AMD", "2330.TW", "TSM"}
    change = (_close("NVDA", date(2025, 6, 30)) / _close("NVDA", date(2025, 4, 15)) - 1) * 100
    assert rows["NVDA"][1] == "NVIDIA Corporation"
    assert rows["NVDA"][2].startswith(fmt_pct(change))
    assert rows["NVDA"][3] == "16 Apr 2025"
    assert rows["NVDA"][4] == "primary" and rows["NVDA"][6] == "negative"
    assert rows["AMD"][2] == "—" and rows["AMD"][3] == "16 Apr 2025"  # no prices, but an inclusion date
    assert 'href="/company/nvidia"' in html


def test_story_text_highlights_mentions_with_ticker_and_role(client: TestClient, store_copy: Store) -> None:
    html = client.get(f"/story/{store_copy.ids['nvidia']}").text
    marks = re.findall(r'<a class="mention role-(\w+)" href="/company/([\w-]+)" title="([^"]+)"', html)
    assert ("primary", "nvidia", "NVIDIA Corporation · NVDA · primary") in marks
    assert any(cid == "amd" and "AMD" in hover for _, cid, hover in marks)
    assert html.count("<p>") >= 3  # the story's three paragraphs


def test_chinese_story_page(client: TestClient, store_copy: Store) -> None:
    html = client.get(f"/story/{store_copy.ids['tencent']}").text
    assert "腾讯控股一季度营收增长13%" in html and 'lang="zh"' in html
    assert "0700.HK" in [r[0] for r in _table(html, "stock-table").rows]


def test_markup_in_a_story_stays_text(client: TestClient, store_copy: Store) -> None:
    r = client.get(f"/story/{store_copy.ids['hostile']}")
    html = r.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "script-src 'self'" in r.headers["content-security-policy"]
    home = client.get("/").text
    assert "<script>alert" not in home and "Tesla &lt;script&gt;" in home


def test_company_page_chart_marks_each_story(client: TestClient, store_copy: Store) -> None:
    html = client.get("/company/nvidia").text
    figure = json.loads(
        re.search(r'<script type="application/json" id="price-figure">(.*?)</script>', html, re.S)[1]
    )
    line, markers = figure["data"]
    assert line["x"][0] == "2024-01-02" and line["x"][-1] == "2025-06-30"
    assert sorted(markers["x"]) == ["2025-04-16", "2025-04-17"]
    assert any("Nvidia slides" in t and "negative" in t for t in markers["text"])
    assert '<script src="/vendor/plotly.min.js"></script>' in html
    stories = _table(html, "company-stories")
    assert [r[1] for r in stories.rows] == [STORIES["tsmc"]["title"], STORIES["nvidia"]["title"]]
    means = {r[0]: r for r in _table(html, "by-sentiment").rows}
    assert means["negative"][1] == "1" and means["negative"][2].startswith("\u2212")


def test_hover_labels_escape_headlines(client: TestClient) -> None:
    html = client.get("/company/tesla").text
    assert "<script>alert" not in html
    assert "No prices for TSLA in the store" in html


def test_home_lists_stories_and_most_named_companies(client: TestClient, store_copy: Store) -> None:
    html = client.get("/").text
    order = [html.index(f"/story/{store_copy.ids[k]}") for k in ("tencent", "tsmc", "nvidia", "hostile")]
    assert order == sorted(order)
    # the stories are older than a week: the panels show the latest story's day and week
    assert "Most named · On 14 May 2025" in html and "Most named · Week to 14 May 2025" in html
    assert re.search(r'href="/company/tencent">Tencent[^<]*</a></td>\s*<td class="mono">0700.HK', html)


def test_search_page(client: TestClient) -> None:
    html = client.get("/find", params={"q": "英伟达"}).text
    hits = _table(html, "company-hits")
    assert hits.rows[0][0] == "NVIDIA Corporation" and hits.rows[0][2] == "2"


def test_plotly_is_served_locally_and_compressed(client: TestClient) -> None:
    r = client.get("/vendor/plotly.min.js", headers={"accept-encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert b"plotly" in r.content[:2000].lower()  # the client has already unpacked it
    raw = client.get("/vendor/plotly.min.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in raw.headers and len(raw.content) == len(r.content)
    assert len(gzip.compress(raw.content)) < len(raw.content) / 2


def test_analyze_box_shows_the_result_without_storing(client: TestClient) -> None:
    r = client.post("/analyzer", data={"text": "Tencent shares rose 3% after strong games revenue."})
    assert r.status_code == 200
    assert "Result · not stored" in r.text and "0700.HK" in [x[0] for x in _table(r.text, "stock-table").rows]
    assert client.get("/health").json()["counts"]["articles"] == 4


def test_analyze_box_takes_an_uploaded_page(client: TestClient) -> None:
    page = (
        b"<html><head><title>BYD cuts prices</title></head><body><article><h1>BYD cuts prices</h1>"
        b"<p>BYD cut prices on several models, and shares of the carmaker fell in Hong Kong.</p>"
        b"<p>Analysts expect rivals to follow.</p></article></body></html>"
    )
    r = client.post("/analyzer", files={"page": ("byd.html", page, "text/html")})
    assert r.status_code == 200 and "Result · not stored" in r.text
    assert "</a> cuts prices</h1>" in r.text  # the headline, with BYD highlighted
    assert "byd" in re.findall(r'data-company="([\w-]+)"', r.text)


def test_analyze_box_stores_only_with_the_token(client: TestClient) -> None:
    form = {"text": "Alibaba shares jumped 5% on cloud growth.", "store": "1"}
    refused = client.post("/analyzer", data={**form, "token": "wrong"})
    assert refused.status_code == 403 and "token is wrong" in refused.text
    assert "Alibaba shares jumped" in refused.text  # the form keeps what was typed
    stored = client.post("/analyzer", data={**form, "token": "test-token"}, follow_redirects=False)
    assert stored.status_code == 303 and stored.headers["location"].startswith("/story/")
    assert "Alibaba shares jumped" in client.get(stored.headers["location"]).text
    assert client.get("/health").json()["counts"]["articles"] == 5


def test_analyze_box_explains_bad_input(client: TestClient) -> None:
    r = client.post("/analyzer", data={"text": "   "})
    assert r.status_code == 422 and 'role="alert"' in r.text


def test_missing_pages_are_html(client: TestClient) -> None:
    r = client.get("/story/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "Not found" in r.text
    assert client.get("/company/nope").status_code == 404


def test_a_write_refreshes_cached_pages(client: TestClient, store_copy: Store) -> None:
    before = client.get("/company/nvidia").text
    story = {
        "text": "Nvidia rallied as chip stocks rebounded.",
        "title": "Nvidia rebounds",
        "published": "2025-05-20",
    }
    assert (
        client.post("/articles", json=story, headers={"Authorization": "Bearer test-token"}).status_code
        == 201
    )
    after = client.get("/company/nvidia").text
    assert "Nvidia rebounds" not in before and "Nvidia rebounds" in after

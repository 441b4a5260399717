"""The REST API over a real store, through FastAPI's test client (the same ASGI app the
server runs)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_data import STORIES, Store, closes

from tickerlens.linking.linker import Linker
from tickerlens.serve import create_app
from tickerlens.settings import get_settings

TOKEN = {"Authorization": "Bearer test-token"}


def _client(store: Store, linker: Linker, **settings: Any) -> TestClient:
    values = {"api_token": "test-token", **settings}
    return TestClient(create_app(get_settings(db=store.path, **values), linker=linker))


@pytest.fixture
def client(store_copy: Store, linker: Linker) -> Iterator[TestClient]:
    with _client(store_copy, linker) as c:
        yield c


def _close(symbol: str, day: date) -> float:
    frame = closes()
    row = frame[(frame["symbol"] == symbol) & (frame["day"].dt.date == day)]
    return float(row["close"].iloc[0])


def test_health_counts_the_store(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["counts"]["articles"] == len(STORIES)
    assert body["counts"]["prices"] > 500


def test_lists_stories_newest_first(client: TestClient, store_copy: Store) -> None:
    body = client.get("/articles").json()
    ids = store_copy.ids
    assert body["total"] == 4
    assert [i["id"] for i in body["items"]] == [ids["tencent"], ids["tsmc"], ids["nvidia"], ids["hostile"]]
    assert body["items"][2]["companies"][0] == {
        "id": "nvidia",
        "name": "NVIDIA Corporation",
        "role": "primary",
        "sentiment": "negative",
    }


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("since=2025-04-17&until=2025-04-30", ["tsmc"]),
        ("until=2025-04-16", ["nvidia", "hostile"]),
        ("role=primary&company=tesla", ["hostile"]),
        ("lang=zh", ["tencent"]),
        ("limit=2&offset=1", ["tsmc", "nvidia"]),
        ("company=nvidia", ["tsmc", "nvidia"]),
        ("sentiment=negative&company=nvidia", ["nvidia"]),
    ],
    ids=["window", "until-inclusive", "role", "lang", "page", "company", "company-sentiment"],
)
def test_filters_and_pages(client: TestClient, store_copy: Store, query: str, keys: list[str]) -> None:
    body = client.get(f"/articles?{query}").json()
    assert [i["id"] for i in body["items"]] == [store_copy.ids[k] for k in keys]


def test_one_story_with_change_since_inclusion(client: TestClient, store_copy: Store) -> None:
    body = client.get(f"/articles/{store_copy.ids['nvidia']}").json()
    assert body["title"] == STORIES["nvidia"]["title"]
    nvidia = next(c for c in body["companies"] if c["id"] == "nvidia")
    assert nvidia["role"] == "primary" and nvidia["tickers"] == ["NVDA"]
    assert any(m["text"] == "Nvidia" and m["in_title"] for m in nvidia["mentions"])
    (ret,) = nvidia["returns"]
    # published 13:30 UTC on 16 April, before the NYSE close: the reference close is 15 April's
    expected = (_close("NVDA", date(2025, 6, 30)) / _close("NVDA", date(2025, 4, 15)) - 1) * 100
    assert ret["inclusion_date"] == "2025-04-16" and ret["ref_date"] == "2025-04-15"
    assert ret["pct_change"] == pytest.approx(expected, rel=1e-6)
    assert ret["abnormal_return"] < 0  # NVDA fell 7% that day on a rising market
    amd = next(c for c in body["companies"] if c["id"] == "amd")
    assert amd["returns"][0]["pct_change"] is None and "AMD" in amd["returns"][0]["reason"]


def test_company_with_stories_and_means_by_sentiment(client: TestClient, store_copy: Store) -> None:
    body = client.get("/companies/nvidia").json()
    assert body["ticker"] == "NVDA" and body["zh_name"] == "英伟达"
    assert [s["article_id"] for s in body["stories"]] == [store_copy.ids["tsmc"], store_copy.ids["nvidia"]]
    story = client.get(f"/articles/{store_copy.ids['nvidia']}").json()
    ar = next(c for c in story["companies"] if c["id"] == "nvidia")["returns"][0]["abnormal_return"]
    negative = next(r for r in body["by_sentiment"] if r["sentiment"] == "negative")
    assert negative["stories"] == 1 and negative["mean_abnormal_pct"] == pytest.approx(ar * 100)


def test_a_company_never_stored_comes_from_the_universe(client: TestClient) -> None:
    body = client.get("/companies/microsoft").json()
    assert body["name"].startswith("Microsoft") and body["stories"] == [] and "MSFT" in body["ticker"]


@pytest.mark.parametrize("symbol", ["0700.HK", "700.HK"], ids=["padded", "unpadded"])
def test_mentions_of_a_ticker(client: TestClient, store_copy: Store, symbol: str) -> None:
    body = client.get(f"/tickers/{symbol}/mentions?from=2025-05-01&to=2025-05-31").json()
    assert body["company_id"] == "tencent" and body["total"] == 1
    item = body["items"][0]
    assert item["article_id"] == store_copy.ids["tencent"]
    assert "腾讯控股" in [m["text"] for m in item["mentions"]]
    assert client.get(f"/tickers/{symbol}/mentions?from=2025-06-01").json()["total"] == 0


def test_search_by_any_name_and_by_words(client: TestClient, store_copy: Store) -> None:
    for q in ("英伟达", "NVDA", "nvidia"):
        assert client.get("/search", params={"q": q}).json()["companies"][0] == {
            "id": "nvidia",
            "name": "NVIDIA Corporation",
            "kind": "listed",
            "tickers": ["NVDA"],
            "stories": 2,
        }
    words = client.get("/search", params={"q": "游戏 广告"}).json()
    assert [a["id"] for a in words["articles"]] == [store_copy.ids["tencent"]]


def test_analyze_does_not_store(client: TestClient) -> None:
    body = client.post(
        "/analyze", json={"text": "Apple said iPhone sales rose 8% in China.", "published": "2025-05-02"}
    )
    assert body.status_code == 200
    assert [c["id"] for c in body.json()["companies"]] == ["apple"]
    assert client.get("/health").json()["counts"]["articles"] == 4


def test_analyze_a_page(client: TestClient) -> None:
    page = (
        "<html><head><title>Shell profit slips</title><meta property='article:published_time' "
        "content='2025-05-02T07:00:00Z'></head><body><article><h1>Shell profit slips</h1><p>Shell reported "
        "lower first-quarter profit as oil prices fell, though it kept its buyback pace.</p><p>Shell said "
        "its liquefied gas trading had a strong quarter.</p></article></body></html>"
    )
    body = client.post("/analyze", json={"html": page}).json()
    assert body["title"] == "Shell profit slips" and body["published"].startswith("2025-05-02")
    assert body["companies"][0]["id"] == "shell"


def test_store_needs_the_token_and_replaces_on_resend(client: TestClient) -> None:
    story = {
        "text": "Microsoft raised its cloud forecast as Azure grew 33%.",
        "title": "Microsoft lifts forecast",
        "published": "2025-05-01",
    }
    assert client.post("/articles", json=story).status_code == 401
    assert client.post("/articles", json=story, headers={"Authorization": "Bearer nope"}).status_code == 403
    first = client.post("/articles", json=story, headers=TOKEN)
    assert first.status_code == 201 and first.json()["created"] is True
    assert first.headers["location"] == f"/articles/{first.json()['id']}"
    again = client.post("/articles", json=story, headers=TOKEN)
    assert again.status_code == 200 and again.json()["created"] is False
    assert client.get("/health").json()["counts"]["articles"] == 5
    stored = client.get(first.json()["location"]).json()
    assert stored["title"] == "Microsoft lifts forecast" and stored["companies"][0]["id"] == "microsoft"


def test_without_a_token_the_server_takes_no_writes(store_copy: Store, linker: Linker) -> None:
    with _client(store_copy, linker, api_token=None) as c:
        r = c.post("/articles", json={"text": "Nvidia rose."}, headers=TOKEN)
    assert r.status_code == 403 and "turned off" in r.json()["error"]["message"]


def test_closed_reads_need_the_token_too(store_copy: Store, linker: Linker) -> None:
    with _client(store_copy, linker, api_open_reads=False) as c:
        assert c.get("/articles").status_code == 401
        assert c.get("/articles", headers=TOKEN).status_code == 200
        page = c.get("/", headers={"accept": "text/html"})
        assert page.status_code == 401 and "text/html" in page.headers["content-type"]
        assert c.get("/health").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "words"),
    [
        (
            "post",
            "/analyze",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "not valid JSON",
        ),
        ("post", "/analyze", {"json": {"txt": "Nvidia"}}, 422, "'txt' is not known"),
        ("post", "/analyze", {"json": {"text": "a", "html": "<p>a</p>"}}, 422, "exactly one of"),
        ("post", "/analyze", {"json": {}}, 422, "exactly one of"),
        ("post", "/analyze", {"json": {"text": "   "}}, 422, "field 'text'"),
        (
            "post",
            "/analyze",
            {"json": {"text": "Nvidia rose", "published": "someday"}},
            422,
            "'published' must be a date",
        ),
        (
            "post",
            "/analyze",
            {"json": {"html": "<p>Nvidia rose</p>", "published": "0"}},
            422,
            "'published': must be written as a date",
        ),
        (
            "post",
            "/analyze",
            {"content": b'{"text": "\\ud800 x"}', "headers": {"content-type": "application/json"}},
            422,
            "unable to parse raw data as a unicode string",
        ),
        ("post", "/analyze", {"json": ["a list"]}, 422, "JSON object"),
        ("get", "/articles?limit=0", {}, 422, "query parameter 'limit'"),
        ("get", "/articles?since=2025-05-01&until=2025-04-01", {}, 422, "swap them"),
        ("get", "/articles?since=yesterday", {}, 422, "query parameter 'since'"),
        ("get", "/articles?since=0.0", {}, 422, "must be written as a date"),
        ("get", "/articles?since=2025-01-01&since=2025-02-01", {}, 422, "'since': is given 2 times"),
        ("get", "/tickers/NVDA/mentions?from=0", {}, 422, "must be written as a date"),
        ("get", "/articles?sentiment=happy", {}, 422, "query parameter 'sentiment'"),
        ("get", "/articles/nope", {}, 404, "story 'nope' not found"),
        ("get", "/companies/nope", {}, 404, "company 'nope' not found"),
        ("get", "/companies/nvidia?ticker=AAPL", {}, 404, "its listings are NVDA"),
        ("get", "/tickers/ZZZZQ/mentions", {}, 404, "ticker 'ZZZZQ' not found"),
        ("get", "/tickers/!!!/mentions", {}, 422, "not a ticker symbol"),
        ("get", "/search?q=", {}, 422, "query parameter 'q'"),
        ("get", "/analyze", {}, 405, "use POST"),
        ("get", "/no/such/path", {}, 404, "no such path"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith(("/", "post", "get")) else None,
)
def test_bad_input_gets_a_clear_4xx(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int, words: str
) -> None:
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status, r.text
    assert words in r.json()["error"]["message"]
    assert set(r.json()["error"]) == {"code", "message"}


def test_bodies_over_the_limit_are_refused(store_copy: Store, linker: Linker) -> None:
    with _client(store_copy, linker, max_body_bytes=2000) as c:
        declared = c.post("/analyze", json={"text": "Nvidia " * 400})
        assert declared.status_code == 413 and "2,000 bytes" in declared.json()["error"]["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(50):
                yield b"Nvidia rose " * 10
            yield b'"}'

        streamed = c.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        assert c.post("/analyze", json={"text": "Nvidia rose 2%."}).status_code == 200


def test_slow_analysis_answers_503(store_copy: Store, linker: Linker) -> None:
    with _client(store_copy, linker, request_timeout=0.000001) as c:
        r = c.post("/analyze", json={"text": "Nvidia and Apple and TSMC. " * 200})
    assert r.status_code == 503 and "TICKERLENS_REQUEST_TIMEOUT" in r.json()["error"]["message"]


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = {(m.upper(), p) for p, item in spec["paths"].items() for m in item}
    assert paths == {
        ("POST", "/analyze"),
        ("POST", "/articles"),
        ("GET", "/articles"),
        ("GET", "/articles/{article_id}"),
        ("GET", "/companies/{company_id}"),
        ("GET", "/tickers/{symbol}/mentions"),
        ("GET", "/search"),
        ("GET", "/health"),
    }
    assert "bearerAuth" in str(spec["components"]["securitySchemes"]) or spec["components"]["securitySchemes"]


def test_public_surface() -> None:
    import tickerlens.serve as serve
    import tickerlens.store.queries as queries

    assert serve.__all__ == ["create_app"]
    assert all(hasattr(queries, name) for name in queries.__all__)

"""Store access under concurrent requests, and the page cache."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tickerlens.serve.state import PageCache


def test_page_cache_keeps_pages_of_the_current_generation_only() -> None:
    cache = PageCache(2)
    cache.put("/a", 0, b"A")
    cache.put("/b", 0, b"B")
    assert cache.get("/a", 0) == b"A"  # now /b is the least recently used
    cache.put("/c", 0, b"C")
    assert cache.get("/b", 0) is None and cache.get("/a", 0) == b"A" and cache.get("/c", 0) == b"C"
    assert cache.get("/a", 1) is None  # a write happened since
    off = PageCache(0)
    off.put("/a", 0, b"A")
    assert off.get("/a", 0) is None


def test_reads_stay_whole_while_stories_are_stored(live_server: str) -> None:
    """Writers store stories while readers list and open pages: every answer is 2xx and
    complete, and every stored story can be read afterwards."""
    auth = {"Authorization": "Bearer test-token"}
    companies = ["Nvidia", "Apple", "Microsoft", "Tencent", "Alibaba", "TSMC", "Tesla", "Amazon"]

    def write(i: int) -> str:
        story = {
            "text": f"{companies[i % 8]} shares moved after its quarterly report, number {i}.",
            "title": f"{companies[i % 8]} report {i}",
            "published": f"2025-06-{i % 28 + 1:02d}",
        }
        r = httpx.post(f"{live_server}/articles", json=story, headers=auth, timeout=60)
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def read(i: int) -> int:
        with httpx.Client(base_url=live_server, timeout=60) as c:
            listing = c.get("/articles", params={"limit": 100})
            assert listing.status_code == 200
            body = listing.json()
            assert body["total"] >= 4 and len(body["items"]) == min(body["total"], 100)
            for item in body["items"][:3]:
                page = c.get(f"/story/{item['id']}")
                assert page.status_code == 200 and "</html>" in page.text
            return int(body["total"])

    with ThreadPoolExecutor(8) as pool:
        writes = [pool.submit(write, i) for i in range(12)]
        reads = [pool.submit(read, i) for i in range(24)]
        ids = [f.result() for f in writes]
        totals = [f.result() for f in reads]
    assert all(4 <= t <= 16 for t in totals)
    final = httpx.get(f"{live_server}/articles", params={"limit": 100}).json()
    assert final["total"] == 16 and set(ids) <= {i["id"] for i in final["items"]}

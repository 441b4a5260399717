"""Ingestion speed: HTML pages and a 100,000-item JSONL corpus, beside the bare library calls.

- HTML: the 98 real pages of ../shared/data/pages (see bench_extract for quality), pages/s
  and MB/s for the bare ``trafilatura.extract`` call and for tickerlens (decode, extract
  twice, clean, date, language).
- JSONL: 100,000 items built from real news texts (English and Chinese) of ../shared, each
  with an id, title, text and a date. Baseline: ``json.loads`` of every line (the bare
  parse); then tickerlens reading into Articles (``iter_items``: decode, map columns,
  clean, detect language, read dates); then the full ``ingest_into_store`` into a new
  DuckDB file (plus MinHash near-duplicate grouping and one transaction per 2,000 items).
Run: ``python -m benchmarks.bench_ingest`` (``--quick``: 10,000 items, one repeat).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_extract import bare_extract, ours_extract, shared_pages
from benchmarks.common import fmt_table, news_texts, shared_data


def _corpus(path: Path, count: int) -> float:
    """Write ``count`` JSONL items from real texts; returns its size in MB."""
    data = shared_data()
    assert data is not None
    texts = [t[:3000] for t in news_texts(data) if t.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            text = texts[i % len(texts)]
            day = 1 + i % 28
            record = {
                "id": f"n{i}",
                "title": text.split("\n", 1)[0][:80] + f" ({i})",
                "text": text,
                "published": f"2024-{1 + i % 12:02d}-{day:02d}T{i % 24:02d}:15:00+08:00",
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size / 1e6


def _median(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _html(repeats: int) -> dict[str, Any]:
    pages = shared_pages()
    size = sum(len(h) for _, h, _ in pages) / 1e6
    out: dict[str, Any] = {"pages": len(pages), "mb": size}
    ours_extract(pages[0][1])  # load models (language, OpenCC) outside the timing
    for name, fn in (("bare", bare_extract), ("tickerlens", ours_extract)):
        seconds = _median(lambda fn=fn: [fn(h) for _, h, _ in pages], repeats)
        out[name] = {"seconds": seconds, "pages_per_s": len(pages) / seconds, "mb_per_s": size / seconds}
    return out


def _jsonl(count: int, repeats: int) -> dict[str, Any]:
    from tickerlens.ingest import ingest_into_store, iter_items
    from tickerlens.settings import get_settings
    from tickerlens.store.db import connect

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        size = _corpus(path, count)
        settings = get_settings(max_input_bytes=2_000_000_000, db=Path(tmp) / "x.duckdb")

        def bare() -> None:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    json.loads(line)

        def read() -> None:
            for _ in iter_items([path], settings=settings):
                pass

        def store() -> None:
            db = Path(tmp) / f"s{time.perf_counter_ns()}.duckdb"
            con = connect(db)
            report = ingest_into_store(con, [path], settings=settings)
            con.close()
            assert report.read == count and not report.failures

        out: dict[str, Any] = {"items": count, "mb": size}
        for name, fn in (
            ("bare json.loads", bare),
            ("tickerlens read", read),
            ("tickerlens read+store", store),
        ):
            seconds = _median(fn, repeats)
            out[name] = {"seconds": seconds, "items_per_s": count / seconds, "mb_per_s": size / seconds}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    if shared_data() is None:
        print("../shared/data not found: ingestion benchmark skipped")
        return {}
    repeats = 1 if quick else 3
    html = _html(repeats)
    rows = [
        (
            label,
            f"{html[k]['pages_per_s']:.1f}",
            f"{html[k]['mb_per_s']:.2f}",
            f"{html[k]['pages_per_s'] / html['bare']['pages_per_s']:.2f}",
        )
        for k, label in (("bare", "trafilatura.extract (bare)"), ("tickerlens", "tickerlens ingest (html)"))
    ]
    print(f"\nHTML extraction: {html['pages']} real pages, {html['mb']:.1f} MB, median of {repeats}")
    print(fmt_table(rows, ("path", "pages/s", "MB/s", "speed vs bare")))
    count = 10_000 if quick else 100_000
    jsonl = _jsonl(count, repeats)
    base = jsonl["bare json.loads"]["items_per_s"]
    rows = [
        (
            name,
            f"{jsonl[name]['items_per_s']:,.0f}",
            f"{jsonl[name]['mb_per_s']:.2f}",
            f"{jsonl[name]['seconds']:.1f}",
            f"{jsonl[name]['items_per_s'] / base:.3f}",
        )
        for name in ("bare json.loads", "tickerlens read", "tickerlens read+store")
    ]
    print(f"\nJSONL ingestion: {count:,} items, {jsonl['mb']:.0f} MB, median of {repeats}")
    print(fmt_table(rows, ("path", "items/s", "MB/s", "seconds", "speed vs bare")))
    return {"html": html, "jsonl": jsonl}


if __name__ == "__main__":
    import sys

    result = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=1))

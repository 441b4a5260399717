"""Timing and corpus helpers shared by the benchmarks."""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RESULTS = REPO / "artifacts" / "benchmarks"


def shared_data() -> Path | None:
    return SHARED / "data" if (SHARED / "data").is_dir() else None


def median_time(fn: Callable[[], Any], repeats: int = 3) -> float:
    """Median wall time of ``fn`` over ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def news_texts(data: Path) -> list[str]:
    """Real article texts from the shared news sets, English and Chinese."""
    csv.field_size_limit(sys.maxsize)
    out: list[str] = []
    news = data / "news"
    with (news / "nvda_news_2025.csv").open(encoding="utf-8") as fh:
        out += [r["Full Text"] for r in csv.DictReader(fh, delimiter=";") if r.get("Full Text")]
    with (news / "fnspid" / "news_contents_aapl.csv").open(encoding="utf-8-sig") as fh:
        out += [r["Text"] for r in csv.DictReader(fh) if r.get("Text")]
    with (news / "seeking_alpha_2023.csv").open(encoding="utf-8") as fh:
        out += [r["summary"] for r in csv.DictReader(fh) if r.get("summary")]
    with (news / "csmd_zh.csv").open(encoding="utf-8") as fh:
        rows = [r["text"] for r in csv.DictReader(fh) if r.get("text")]
    out += ["".join(rows[i : i + 20]) for i in range(0, len(rows), 20)]  # snippets -> article-sized
    for item in json.loads((news / "finentity.json").read_text(encoding="utf-8")):
        out.append(item["content"])
    return out


def corpus(data: Path, min_bytes: int) -> list[str]:
    """The real texts repeated until they reach ``min_bytes`` of UTF-8."""
    base = news_texts(data)
    size = sum(len(t.encode()) for t in base)
    reps = max(1, -(-min_bytes // size))
    return base * reps


def mb(texts: list[str]) -> float:
    return sum(len(t.encode()) for t in texts) / 1e6


def fmt_table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])

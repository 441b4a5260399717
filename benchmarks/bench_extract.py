"""Main-text extraction quality and speed: tickerlens against the bare trafilatura call.

Two sets: the 98 real article pages of ../shared/data/pages (half of a public extraction
benchmark, hand-checked bodies) and the Chinese financial pages in tests/ingest/pages_zh
(written for this project, in UTF-8, GBK, GB18030 and Big5, with page debris).

Two scores, both per page and then averaged over pages:
- ``shingle``: the public benchmark's own method, so numbers compare with the ones it
  publishes: tokens are runs of word characters, items are 4-token shingles, precision
  and recall are averaged over pages and F1 is taken of the two averages.
- ``token``: bag-of-tokens precision and recall; tokens are whitespace-separated words,
  and each Chinese character is a token (Chinese has no spaces).
For the Chinese set, the shingle score uses characters as tokens too.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.common import REPO, fmt_table, shared_data

ZH_PAGES = REPO / "tests" / "ingest" / "pages_zh"
_WORD = re.compile(r"\w+")
_CJK_OR_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
_CJK_OR_W = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def tokens(text: str) -> list[str]:
    """Whitespace tokens, with every Chinese character its own token."""
    return _CJK_OR_WORD.findall(text or "")


def _counts(items: list[Any]) -> Counter[Any]:
    return Counter(items)


def _shingles(toks: list[str], n: int = 4) -> list[tuple[str, ...]]:
    if len(toks) <= n:
        return [tuple(toks)] if toks else []
    return [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]


def _page_pr(true: Counter[Any], pred: Counter[Any]) -> tuple[float | None, float | None]:
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    if fp == fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def score(pairs: list[tuple[str, str]], kind: str, chinese: bool = False) -> Scores:
    """Mean per-page precision and recall over (expected, extracted) pairs, and their F1."""
    precisions: list[float] = []
    recalls: list[float] = []
    for true, pred in pairs:
        if kind == "shingle":
            tok: Callable[[str], list[str]] = (lambda t: _CJK_OR_W.findall(t)) if chinese else _WORD.findall
            a, b = _counts(_shingles(tok(true))), _counts(_shingles(tok(pred)))
        else:
            a, b = _counts(tokens(true)), _counts(tokens(pred))
        p, r = _page_pr(a, b)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
    p_mean, r_mean = statistics.mean(precisions), statistics.mean(recalls)
    return Scores(p_mean, r_mean, 2 * p_mean * r_mean / (p_mean + r_mean) if p_mean + r_mean else 0.0)


def shared_pages() -> list[tuple[str, bytes, str]]:
    """(id, gzipped-then-unpacked HTML bytes, expected body) of the shared benchmark pages."""
    data = shared_data()
    if data is None:
        return []
    truth = json.loads((data / "pages" / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((data / "pages" / "html" / f"{page_id}.html.gz").read_bytes())
        out.append((page_id, html, item.get("articleBody", "")))
    return out


def chinese_pages() -> list[tuple[str, bytes, str]]:
    out = []
    for expected in sorted(ZH_PAGES.glob("*.expected.json")):
        name = expected.name.split(".")[0]
        body = json.loads(expected.read_text(encoding="utf-8"))["text"]
        out.append((name, (ZH_PAGES / f"{name}.html").read_bytes(), body))
    return out


def bare_extract(html: bytes) -> str:
    """What the public benchmark runs for trafilatura: one call, comments left out."""
    import trafilatura

    return trafilatura.extract(html.decode("utf-8") if _is_utf8(html) else html, include_comments=False) or ""


def ours_extract(html: bytes) -> str:
    """The tickerlens path for a page: decode, extract, clean."""
    from tickerlens.errors import InputError
    from tickerlens.ingest import ingest

    try:
        return next(iter(ingest(html, kind="html"))).text
    except InputError:
        return ""


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _timed(fn: Callable[[bytes], str], pages: list[tuple[str, bytes, str]]) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    out = [fn(html) for _, html, _ in pages]
    return out, time.perf_counter() - t0


def evaluate(pages: list[tuple[str, bytes, str]], chinese: bool = False, repeats: int = 1) -> dict[str, Any]:
    """Scores and speed of both extractors over ``pages`` (timing: median of ``repeats``)."""
    size_mb = sum(len(h) for _, h, _ in pages) / 1e6
    res: dict[str, Any] = {"pages": len(pages), "mb": size_mb}
    for name, fn in (("bare", bare_extract), ("tickerlens", ours_extract)):
        runs = [_timed(fn, pages) for _ in range(repeats)]
        texts, seconds = runs[0][0], statistics.median(r[1] for r in runs)
        pairs = [(truth, got) for (_, _, truth), got in zip(pages, texts, strict=True)]
        res[name] = {
            "shingle": score(pairs, "shingle", chinese).__dict__,
            "token": score(pairs, "token", chinese).__dict__,
            "pages_per_s": len(pages) / seconds,
            "mb_per_s": size_mb / seconds,
        }
    return res


def _rows(res: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = []
    for name in ("bare", "tickerlens"):
        r = res[name]
        s, t = r["shingle"], r["token"]
        rows.append(
            (
                "trafilatura.extract (bare)" if name == "bare" else "tickerlens ingest (html)",
                f"{s['f1']:.4f}",
                f"{s['precision']:.4f}",
                f"{s['recall']:.4f}",
                f"{t['f1']:.4f}",
                f"{t['precision']:.4f}",
                f"{t['recall']:.4f}",
                f"{r['pages_per_s']:.1f}",
                f"{r['mb_per_s']:.2f}",
            )
        )
    return rows


HEAD = ("extractor", "F1 (shingle)", "P", "R", "F1 (token)", "P", "R", "pages/s", "MB/s")


def run(quick: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pages = shared_pages()
    if pages:
        out["shared"] = evaluate(pages, repeats=1 if quick else 3)
        print(
            f"\nExtraction, {len(pages)} real article pages (../shared/data/pages), "
            f"{out['shared']['mb']:.1f} MB"
        )
        print(fmt_table(_rows(out["shared"]), HEAD))
        print(
            "published over all 181 pages of the benchmark (shingle F1): trafilatura 2.0 0.958, "
            "newspaper4k 0.949, readability.js 0.947, best 0.970"
        )
    else:
        print("../shared/data/pages not found: shared-page scores skipped")
    zh = chinese_pages()
    out["chinese"] = evaluate(zh, chinese=True, repeats=1 if quick else 3)
    print(f"\nExtraction, {len(zh)} Chinese financial pages (tests/ingest/pages_zh, GBK/GB18030/Big5/UTF-8)")
    print(fmt_table(_rows(out["chinese"]), HEAD))
    return out


if __name__ == "__main__":
    import sys

    result = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, indent=1))

"""How well linking finds the companies that labelled news sets are about.

For each set the measure is the one its labels allow: the share of items whose labelled
ticker is among the linked tickers (ticker labels), or the share of labelled entity
spans covered by a linked mention (span labels). Read at run time from a data folder
laid out like ``../shared/data``; nothing of it is kept in the package.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tickerlens.linking.linker import Linker
from tickerlens.linking.model import CompanyLink
from tickerlens.linking.normalize import match_form

__all__ = ["SetResult", "evaluate_linking", "linker_with_imports", "seed_check"]


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    published: str | None
    tickers: frozenset[str] = frozenset()  # any of these counts as found
    spans: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SetResult:
    name: str
    measure: str
    items: int
    found: int

    @property
    def rate(self) -> float:
        return self.found / self.items if self.items else 0.0


def _rows(path: Path, **kw: Any) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh, **kw)


def _seeking_alpha(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "seeking_alpha_2023.csv"):
        symbol = r["ticker"].replace(".", "-")
        if symbol.endswith(":CA"):  # the site's form for a Canadian listing: Toronto or its venture board
            labels = frozenset({f"{symbol[:-3]}.TO", f"{symbol[:-3]}.V"})
        else:
            labels = frozenset({symbol})
        yield Item(r["summary"], r["date"][:10], labels)


def _benzinga(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "benzinga_headlines.csv"):
        yield Item(r["title"], r["date"][:10], frozenset({r["stock"]}))


def _nvda(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "nvda_news_2025.csv", delimiter=";"):
        yield Item(f"{r['Title']}\n\n{r['Full Text']}", r["Date and Timestamp"][:10], frozenset({"NVDA"}))


def _csmd(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "csmd_zh.csv"):
        market, code = r["ticker"].split(".")
        yield Item(r["text"], r["created_at"][:10], frozenset({f"{code}.{'SS' if market == 'sh' else 'SZ'}"}))


def _fnspid(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "fnspid" / "news_contents_aapl.csv"):
        yield Item(r["Text"], None, frozenset({"AAPL"}))
    for r in _rows(d / "news" / "fnspid" / "news_summarized_AA.csv"):
        yield Item(r["New_text"], r["Date"][:10], frozenset({"AA"}))


def _fiqa(d: Path) -> Iterator[Item]:
    for post in json.loads((d / "news" / "fiqa_posts.json").read_text("utf-8")).values():
        targets = frozenset(i["target"].upper() for i in post["info"])
        yield Item(post["sentence"], None, targets)


def _finentity(d: Path) -> Iterator[Item]:
    for doc in json.loads((d / "news" / "finentity.json").read_text("utf-8")):
        spans = tuple((a["start"], a["end"]) for a in doc["annotations"])
        if spans:
            yield Item(doc["content"], None, spans=spans)


def _cfsc(d: Path) -> Iterator[Item]:
    for doc in json.loads((d / "news" / "cfsc_ner_zh.json").read_text("utf-8")):
        spans = tuple(
            (lb["from"], lb["to"])
            for lb in doc["labels"]
            if lb.get("Level 1 Aspect") in ("Corporate", "Stock")
        )
        if spans:
            yield Item(doc["text"], None, spans=spans)


def _semeval(d: Path) -> Iterator[Item]:
    for doc in json.loads((d / "news" / "semeval2017_headlines.json").read_text("utf-8")):
        yield Item(doc["title"], None, names=(doc["company"],))


def _sentfin(d: Path) -> Iterator[Item]:
    for r in _rows(d / "news" / "sentfin.csv"):
        names = tuple(re.findall(r"'([^']+)':", r["Decisions"]))
        if names:
            yield Item(r["Title"], None, names=names)


SETS: dict[str, tuple[str, Callable[[Path], Iterator[Item]]]] = {
    "seeking_alpha": ("labelled ticker found", _seeking_alpha),
    "benzinga": ("labelled ticker found (headline only)", _benzinga),
    "nvda_news": ("NVDA found", _nvda),
    "csmd_zh": ("labelled A-share found", _csmd),
    "fnspid": ("labelled ticker found", _fnspid),
    "fiqa": ("cashtag target found", _fiqa),
    "finentity": ("entity spans covered", _finentity),
    "cfsc_zh": ("Corporate/Stock spans covered", _cfsc),
    "semeval2017": ("labelled company named", _semeval),
    "sentfin": ("labelled entities named", _sentfin),
}


def _score(item: Item, links: list[CompanyLink]) -> tuple[int, int]:
    """(found, out of) for one item."""
    if item.tickers:
        have = {t.upper() for lk in links for t in lk.tickers}
        return int(bool(have & item.tickers)), 1
    mentions = [(m.start, m.end) for lk in links for m in lk.mentions if not m.in_title]
    if item.spans:
        hit = sum(1 for s, e in item.spans if any(a < e and s < b for a, b in mentions))
        return hit, len(item.spans)
    texts = {match_form(m.text).strip() for lk in links for m in lk.mentions}
    texts |= {match_form(lk.name).strip() for lk in links}
    hit = sum(
        1 for n in item.names if any(match_form(n).strip() in t or t in match_form(n) for t in texts if t)
    )
    return hit, len(item.names)


def evaluate_linking(
    linker: Linker, data: Path, sets: list[str] | None = None, limit: int | None = None
) -> list[SetResult]:
    """Found rates per labelled set under ``data`` (a folder laid out like ../shared/data)."""
    out = []
    for name in sets or list(SETS):
        measure, loader = SETS[name]
        found = total = 0
        for n, item in enumerate(loader(data)):
            if limit is not None and n >= limit:
                break
            f, t = _score(item, linker.link(item.text, published=item.published))
            found, total = found + f, total + t
        out.append(SetResult(name, measure, total, found))
    return out


def seed_check(linker: Linker, example_dir: Path) -> dict[str, Any]:
    """Listed companies found and false links on a worked example with a gold.json."""
    gold = json.loads((example_dir / "gold.json").read_text("utf-8"))
    text = (example_dir / "article.txt").read_text("utf-8")
    links = linker.link(text, published=gold.get("published"))
    found = {t for lk in links if lk.listed for t in lk.tickers}
    need = [set(c["tickers"]) for c in gold["listed"]]
    allowed = {t for c in gold["listed"] + gold.get("either_way", []) for t in c.get("tickers", [])}
    return {
        "listed_found": sum(1 for t in need if t & found),
        "listed_total": len(need),
        "false_links": sorted(found - allowed),
        "links": links,
    }


def linker_with_imports(universe_dir: Path) -> Linker:
    """A linker over the bundled universe plus every official listing file in
    ``universe_dir``, imported into a temporary folder (the user's imports untouched)."""
    import tempfile

    from tickerlens.errors import ImportFormatError
    from tickerlens.linking.automaton import build_index
    from tickerlens.universe.imports import import_listing_file
    from tickerlens.universe.master import load_universe

    tmp = Path(tempfile.mkdtemp(prefix="tickerlens-eval-"))
    for path in sorted(universe_dir.iterdir()):
        try:
            import_listing_file(path, tmp)
        except ImportFormatError:
            continue  # not a listing layout (a README, say)
    universe = load_universe(extra_dirs=[tmp])
    return Linker(universe, build_index(universe))

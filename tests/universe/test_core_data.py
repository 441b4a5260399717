"""The curated security master is data with its own tests: it must load, be unique,
be well-formed, and agree with the official listing files where they overlap."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tickerlens.universe.importers import read_listing_file
from tickerlens.universe.load import core_files, read_jsonl_companies
from tickerlens.universe.model import Company, Kind
from tickerlens.universe.symbols import MIC_CURRENCY


def isin_ok(isin: str) -> bool:
    """ISO 6166 check digit: letters to numbers, then Luhn."""
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{9}[0-9]", isin):
        return False
    digits = "".join(str(int(ch, 36)) for ch in isin[:-1])
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10 == int(isin[-1])


def test_isin_checker_itself() -> None:
    assert isin_ok("US0378331005")  # Apple
    assert isin_ok("TW0002330008")  # TSMC
    assert not isin_ok("US0378331006")


@pytest.fixture(scope="module")
def core() -> list[Company]:
    return [c for p in core_files() for c in read_jsonl_companies(p)]


def test_ids_are_unique_across_files(core: list[Company]) -> None:
    dupes = [k for k, n in Counter(c.id for c in core).items() if n > 1]
    assert dupes == []


def test_at_least_1500_listed_companies(core: list[Company]) -> None:
    listed = [c for c in core if c.kind == Kind.LISTED and c.listings_on(None)]
    assert len(listed) >= 1500


def test_listings_are_well_formed(core: list[Company]) -> None:
    bad = []
    for c in core:
        if c.kind == Kind.LISTED and not c.listings:
            bad.append((c.id, "listed without listings"))
        for lst in c.listings:
            if lst.mic not in MIC_CURRENCY:
                bad.append((c.id, f"unknown MIC {lst.mic}"))
            if lst.isin and not isin_ok(lst.isin):
                bad.append((c.id, f"bad ISIN {lst.isin}"))
            if lst.start and lst.end and lst.start >= lst.end:
                bad.append((c.id, "listing ends before it starts"))
        if sum(lst.primary for lst in c.listings_on(None)) > 1:
            bad.append((c.id, "two primary listings at once"))
    assert bad == []


def test_parents_exist(core: list[Company]) -> None:
    ids = {c.id for c in core}
    assert sorted({c.parent for c in core if c.parent and c.parent not in ids}) == []


def test_every_listed_company_has_english_and_news_names(core: list[Company]) -> None:
    missing = [c.id for c in core if c.listings and len(c.aliases) < 2]
    assert len(missing) <= len(core) // 50, missing[:20]


def test_chinese_names_for_the_big_chinese_and_us_names(core: list[Company]) -> None:
    by_id = {c.id: c for c in core}
    for cid, zh in [("nvidia", "英伟达"), ("tsmc", "台积电"), ("cambricon", "寒武纪"), ("tencent", "腾讯")]:
        assert cid in by_id, cid
        assert any(a.text.startswith(zh) for a in by_id[cid].aliases), (cid, zh)


@pytest.mark.shared
def test_every_listed_company_of_the_examples_is_curated(shared_dir: Path, core: list[Company]) -> None:
    have = {lst.yahoo for c in core for lst in c.listings}
    for gold in shared_dir.glob("examples/*/gold.json"):
        for comp in json.loads(gold.read_text())["listed"]:
            assert set(comp["tickers"]) <= have, (gold.parent.name, comp["company"])


def _agreement(core: list[Company], mic_set: set[str], official: dict[str, str | None]) -> tuple[int, list]:
    checked, wrong = 0, []
    for c in core:
        for lst in c.listings_on(None):
            if lst.mic not in mic_set:
                continue
            checked += 1
            if lst.symbol not in official:
                wrong.append((c.id, lst.symbol, "not in the official list"))
            elif lst.isin and official[lst.symbol] and official[lst.symbol] != lst.isin:
                wrong.append((c.id, lst.symbol, f"ISIN {lst.isin} vs official {official[lst.symbol]}"))
    return checked, wrong


@pytest.mark.shared
@pytest.mark.parametrize(
    ("files", "mics"),
    [
        (["twse_equities.csv", "tpex_equities.csv"], {"XTAI", "ROCO"}),
        (["cn_a_share_stock_basic_tushare.csv"], {"XSHG", "XSHE", "BJSE"}),
        (["hkex_ListOfSecurities_2025-07.xlsx"], {"XHKG"}),
        (["sec_company_tickers_exchange.json"], {"XNAS", "XNYS", "ARCX", "XASE"}),
    ],
    ids=["taiwan", "a-shares", "hkex", "sec"],
)
def test_curated_listings_agree_with_official_lists(
    shared_dir: Path, core: list[Company], files: list[str], mics: set[str]
) -> None:
    official: dict[str, str | None] = {}
    for name in files:
        _, records = read_listing_file(shared_dir / "data" / "universe" / name)
        for rec in records:
            for lst in rec["listings"]:
                sym = (
                    str(int(lst["symbol"])) if lst["mic"] == "XHKG" else str(lst["symbol"]).replace("-", ".")
                )
                official[sym] = lst.get("isin")
    checked, wrong = _agreement(core, mics, official)
    assert checked > 20
    # the official files are snapshots of one day; a handful of later listings may be missing
    assert len(wrong) <= max(3, checked // 25), wrong[:30]

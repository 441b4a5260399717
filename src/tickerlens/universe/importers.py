"""Readers for the listing files exchanges and regulators publish, as users download them.

Each reader turns one official layout into company records of the curated JSONL
format (``data/README.md``), so imported companies load exactly like curated ones but
in their own layer (``source = "import:<layout>"``), behind the curated core:

- SEC ``company_tickers.json`` and ``company_tickers_exchange.json``
- TWSE / TPEx ISIN lists (``type,code,name,ISIN,start,market,group,CFI``)
- the A-share basic list (``ts_code,symbol,name,area,industry,list_date,delist_date,status``)
- HKEX ``ListOfSecurities.xlsx`` and bilingual index constituent lists
- NSE symbol lists (``Symbol`` plus a name column)
- a plain CSV: ``name,mic,symbol`` and optionally ``isin,currency,zh,country``
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tickerlens.errors import ImportFormatError
from tickerlens.universe.aliases import graded_alias, legal_core

__all__ = ["LAYOUTS", "detect_layout", "read_listing_file"]

Record = dict[str, Any]

_SEC_EXCHANGES = {
    "nasdaq": "XNAS",
    "nyse": "XNYS",
    "otc": "OTCM",
    "cboe": "BATS",
    "nyse arca": "ARCX",
    "nyse american": "XASE",
    "nyse mkt": "XASE",
}


def _slug(prefix: str, code: str) -> str:
    return f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', code.lower()).strip('-')}"


def _names(name: str) -> list[str]:
    core = legal_core(name)
    return [n for n in dict.fromkeys([core]) if n and n != name]


def _record(prefix: str, code: str, name: str, listing: dict[str, Any], **extra: Any) -> Record:
    """A record whose names are graded like the broad list's: nobody curated them."""
    en = extra.pop("en", None)
    names = [("en", n) for n in [name, *(en if en is not None else _names(name))]]
    names += [("zh", n) for n in extra.pop("zh", [])] + [("zh-Hant", n) for n in extra.pop("zh_hant", [])]
    aliases = []
    for lang, text in dict.fromkeys(names):
        if lang == "en" and re.search(r"[\u4e00-\u9fff]", text):
            continue  # a Chinese name given as the canonical one is listed under zh below
        a = graded_alias(text, "import", lang)
        aliases.append({"text": a.text, "lang": a.lang, "kind": a.kind, "context": a.context})
    rec: Record = {
        "id": _slug(prefix, code),
        "name": name,
        "kind": "listed",
        "country": extra.pop("country", None),
        "aliases": aliases,
        "listings": [listing],
    }
    rec.update({k: v for k, v in extra.items() if v})
    return rec


def _sec(text: str) -> Iterator[Record]:
    doc = json.loads(text)
    if isinstance(doc, dict) and "fields" in doc:
        fields = doc["fields"]
        rows = [dict(zip(fields, row, strict=False)) for row in doc["data"]]
    else:
        rows = [
            {"cik": r["cik_str"], "name": r["title"], "ticker": r["ticker"], "exchange": None}
            for r in doc.values()
        ]
    for r in rows:
        if not r.get("ticker"):
            continue
        mic = _SEC_EXCHANGES.get(str(r.get("exchange") or "").lower(), "US")
        yield _record(
            "sec",
            str(r["ticker"]),
            str(r["name"]),
            {"mic": mic, "symbol": r["ticker"], "primary": True},
            country="US",
        )


def _twse(text: str) -> Iterator[Record]:
    for r in csv.DictReader(io.StringIO(text)):
        if r.get("type") != "股票" or not r.get("code", "").isdigit():
            continue
        mic = "ROCO" if "櫃" in r.get("market", "") else "XTAI"
        start = r.get("start", "").replace("/", "-") or None
        yield _record(
            "tw",
            r["code"],
            r["name"],
            {"mic": mic, "symbol": r["code"], "isin": r.get("ISIN") or None, "primary": True, "start": start},
            en=[],
            zh_hant=[r["name"]],
            country="TW",
        )


def _a_share(text: str) -> Iterator[Record]:
    for r in csv.DictReader(io.StringIO(text)):
        code, suffix = r["ts_code"].split(".")
        mic = {"SH": "XSHG", "SZ": "XSHE", "BJ": "BJSE"}.get(suffix)
        if mic is None:
            continue
        start = _yyyymmdd(r.get("list_date"))
        end = _yyyymmdd(r.get("delist_date"))
        yield _record(
            "cn",
            r["ts_code"],
            r["name"],
            {"mic": mic, "symbol": code, "primary": True, "start": start, "end": end},
            en=[],
            zh=[r["name"].replace("Ａ", "A")],
            country="CN",
            sector=r.get("industry"),
        )


def _yyyymmdd(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    return datetime.strptime(value.strip()[:8], "%Y%m%d").date().isoformat()


def _hkex(path: Path) -> Iterator[Record]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    sheet = wb.active
    sheet.reset_dimensions()  # HKEX files declare a wrong sheet size
    rows = sheet.iter_rows(values_only=True)
    header: list[str] | None = None
    for row in rows:
        if header is None:
            if row and row[0] == "Stock Code":
                header = [str(c) for c in row]
            continue
        r = dict(zip(header, row, strict=False))
        if r.get("Category") != "Equity" or not r.get("Stock Code"):
            continue
        name = str(r["Name of Securities"]).strip()
        yield _record(
            "hk",
            str(int(str(r["Stock Code"]))),
            name,
            {
                "mic": "XHKG",
                "symbol": str(r["Stock Code"]),
                "isin": r.get("ISIN") or None,
                "currency": r.get("Trading Currency") or "HKD",
                "primary": True,
            },
            country="HK",
        )


def _nse(text: str) -> Iterator[Record]:
    for r in csv.DictReader(io.StringIO(text)):
        symbol = (r.get("Symbol") or r.get("SYMBOL") or "").strip()
        names = [
            n.strip() for n in (r.get("Entity") or r.get("NAME OF COMPANY") or "").split(",") if n.strip()
        ]
        if not symbol or not names:
            continue
        names = [n for n in names if n != symbol and "- Old" not in n] or names
        yield _record(
            "nse",
            symbol,
            names[0],
            {"mic": "XNSE", "symbol": symbol, "primary": True},
            en=list(dict.fromkeys(names[1:] + _names(names[0]))),
            country="IN",
        )


def _hk_bilingual(text: str) -> Iterator[Record]:
    """Index constituent lists: ``Stock Code,Stock Name`` with English and Chinese names
    on two lines of one quoted cell."""
    for r in csv.DictReader(io.StringIO(text)):
        code = (r.get("Stock Code") or "").split(".")[0].strip()
        parts = [p.strip() for p in (r.get("Stock Name") or "").splitlines() if p.strip()]
        if not code.isdigit() or not parts:
            continue
        zh = [p for p in parts if re.search(r"[\u4e00-\u9fff]", p)]
        en = [p for p in parts if p not in zh]
        yield _record(
            "hk",
            str(int(code)),
            (en or zh)[0],
            {"mic": "XHKG", "symbol": code, "primary": True},
            zh_hant=zh,
            country="HK",
        )


def _plain(text: str) -> Iterator[Record]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "mic", "symbol"} - set(reader.fieldnames or [])
    if missing:
        raise ImportFormatError("plain CSV", f"missing columns {sorted(missing)}")
    for r in reader:
        zh = [z for z in (r.get("zh") or "").split("|") if z]
        yield _record(
            "csv",
            f"{r['mic']}-{r['symbol']}",
            r["name"],
            {
                "mic": r["mic"],
                "symbol": r["symbol"],
                "isin": r.get("isin") or None,
                "currency": r.get("currency") or None,
                "primary": True,
            },
            zh=zh,
            country=r.get("country") or None,
        )


LAYOUTS: dict[str, Callable[[str], Iterator[Record]]] = {
    "sec": _sec,
    "twse": _twse,
    "hk-bilingual": _hk_bilingual,
    "a-share": _a_share,
    "nse": _nse,
    "csv": _plain,
}


def detect_layout(path: Path, head: str) -> str:
    """Which official layout a file is, from its first bytes."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "hkex"
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    if head.lstrip().startswith("{") and ("cik" in head[:400]):
        return "sec"
    if first.startswith("type,code,name,ISIN"):
        return "twse"
    if first.startswith("Stock Code,Stock Name"):
        return "hk-bilingual"
    if first.startswith("ts_code,symbol,name"):
        return "a-share"
    if "Symbol" in first and ("Entity" in first or "NAME OF COMPANY" in first):
        return "nse"
    if {"name", "mic", "symbol"} <= set(first.split(",")):
        return "csv"
    raise ImportFormatError(
        str(path),
        "not a listing layout tickerlens reads (SEC JSON, TWSE/TPEx CSV, "
        "A-share basic CSV, HKEX xlsx, NSE CSV, or CSV with name,mic,symbol)",
    )


def read_listing_file(path: Path) -> tuple[str, list[Record]]:
    """(layout, records) for one official listing file."""
    if not path.is_file():
        raise ImportFormatError(str(path), "no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return "hkex", list(_hkex(path))
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(str(path), "is not UTF-8 text") from exc
    layout = detect_layout(path, text[:2000])
    try:
        return layout, list(LAYOUTS[layout](text))
    except (KeyError, ValueError, json.JSONDecodeError) as exc:
        raise ImportFormatError(
            str(path), f"looks like the {layout} layout but a row is broken: {exc}"
        ) from exc

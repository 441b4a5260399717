"""Breadth beyond the curated core: the listing file shipped inside the ``investpy`` wheel.

investpy (PyPI, MIT) ships ``resources/stocks.csv``: about 40,000 equity lines with
country, name, ISIN, currency and local symbol. It is a snapshot of early 2022 and the
package's online functions are dead, but the file is the broadest offline listing set
with ISINs on PyPI. We read the file only (the package is never imported) and guard it:

- only home-market lines (ISIN country = listing country, or an offshore domicile
  such as KY/BM for Hong Kong and US listings), one company per ISIN;
- never a company the curated core already has (same ISIN or same listing);
- its names link only as whole, capitalised, multi-word names; single-word names
  need context, and explicit tickers and ISINs always work.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import re
from collections.abc import Iterator
from pathlib import Path

from tickerlens.universe.aliases import graded_alias, legal_core, possessive_variant
from tickerlens.universe.model import Company, Kind, Listing
from tickerlens.universe.symbols import MIC_CURRENCY, normalise_local

__all__ = ["BREADTH_AS_OF", "breadth_companies", "breadth_file"]

BREADTH_AS_OF = "2022-01"

_COUNTRY: dict[str, tuple[str, str]] = {  # investpy country -> (ISO 3166 code, MIC)
    "united states": ("US", "US"),
    "china": ("CN", "XSHG"),
    "hong kong": ("HK", "XHKG"),
    "taiwan": ("TW", "XTAI"),
    "japan": ("JP", "XTKS"),
    "south korea": ("KR", "XKRX"),
    "india": ("IN", "XNSE"),
    "united kingdom": ("GB", "XLON"),
    "germany": ("DE", "XETR"),
    "france": ("FR", "XPAR"),
    "netherlands": ("NL", "XAMS"),
    "switzerland": ("CH", "XSWX"),
    "italy": ("IT", "XMIL"),
    "spain": ("ES", "XMAD"),
    "belgium": ("BE", "XBRU"),
    "sweden": ("SE", "XSTO"),
    "denmark": ("DK", "XCSE"),
    "finland": ("FI", "XHEL"),
    "norway": ("NO", "XOSL"),
    "austria": ("AT", "XWBO"),
    "portugal": ("PT", "XLIS"),
    "ireland": ("IE", "XDUB"),
    "canada": ("CA", "XTSE"),
    "australia": ("AU", "XASX"),
    "new zealand": ("NZ", "XNZE"),
    "singapore": ("SG", "XSES"),
    "malaysia": ("MY", "XKLS"),
    "thailand": ("TH", "XBKK"),
    "indonesia": ("ID", "XIDX"),
    "philippines": ("PH", "XPHS"),
    "vietnam": ("VN", "XSTC"),
    "brazil": ("BR", "BVMF"),
    "mexico": ("MX", "XMEX"),
    "argentina": ("AR", "XBUE"),
    "chile": ("CL", "XSGO"),
    "south africa": ("ZA", "XJSE"),
    "israel": ("IL", "XTAE"),
    "saudi arabia": ("SA", "XSAU"),
    "turkey": ("TR", "XIST"),
    "poland": ("PL", "XWAR"),
    "greece": ("GR", "XATH"),
    "egypt": ("EG", "XCAI"),
    "czech republic": ("CZ", "XPRA"),
    "hungary": ("HU", "XBUD"),
    "qatar": ("QA", "DSMD"),
    "kuwait": ("KW", "XKUW"),
    "dubai": ("AE", "XDFM"),
}
_OFFSHORE = {"KY", "BM", "VG", "JE", "GG", "LU", "CW", "PA", "MH", "BS", "IE", "NL", "GB"}
_CLASS_MARK = re.compile(r"\s+(?:A|B|H|SH|SZ|ON|PN|PNA|PNB|UNT|N|Pref|Class [A-Z])$")


def breadth_file() -> Path | None:
    """Where the installed wheel keeps its listing file, or None when it is not installed."""
    try:
        dist = importlib.metadata.distribution("investpy")
    except importlib.metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("investpy/resources/stocks.csv")))
    return path if path.is_file() else None


def _mic_for(country: str, symbol: str) -> str | None:
    iso_mic = _COUNTRY.get(country)
    if iso_mic is None:
        return None
    mic = iso_mic[1]
    if mic == "XSHG" and symbol.isdigit():
        return {"6": "XSHG", "0": "XSHE", "3": "XSHE", "8": "BJSE", "4": "BJSE"}.get(symbol[0])
    return mic


def _home(row: dict[str, str]) -> bool:
    iso = _COUNTRY.get(row["country"], ("", ""))[0]
    prefix = row["isin"][:2]
    return prefix == iso or (prefix in _OFFSHORE and iso in {"US", "HK", "GB", "SG"})


def _company(row: dict[str, str], mic: str) -> Company | None:
    try:
        symbol = normalise_local(mic, row["symbol"])
    except ValueError:
        return None
    full = row["full_name"].strip() or _CLASS_MARK.sub("", row["name"].strip())
    names = {full, legal_core(full), _CLASS_MARK.sub("", row["name"].strip())}
    names = {n for n in names if len(n) >= 4}
    variants = [v for n in sorted(names) if (v := possessive_variant(n, "breadth")) is not None]
    aliases = tuple([graded_alias(n, "breadth") for n in sorted(names)] + variants)
    isin = row["isin"].strip().upper()
    return Company(
        id=f"isin-{isin.lower()}",
        name=full,
        kind=Kind.LISTED,
        country=_COUNTRY[row["country"]][0],
        aliases=aliases,
        listings=(
            Listing(
                mic=mic,
                symbol=symbol,
                currency=row["currency"] or MIC_CURRENCY.get(mic),
                isin=isin,
                primary=True,
            ),
        ),
        source="breadth",
    )


def breadth_companies(path: Path | None = None) -> Iterator[Company]:
    """One Company per home-market ISIN in the breadth file (none when it is absent)."""
    path = path or breadth_file()
    if path is None:
        return
    seen: set[str] = set()
    text = path.read_text("utf-8", errors="replace")
    for row in csv.DictReader(io.StringIO(text)):
        isin = (row.get("isin") or "").strip().upper()
        if len(isin) != 12 or isin in seen or not row.get("symbol") or not _home(row):
            continue
        mic = _mic_for(row["country"], row["symbol"].strip())
        if mic is None:
            continue
        company = _company(row, mic)
        if company is not None:
            seen.add(isin)
            yield company

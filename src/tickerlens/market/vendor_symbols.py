"""Vendor symbols -> the Yahoo-style interchange symbols prices are keyed by.

Price files name the same security many ways: ``sh.688256`` (baostock), ``688256``
(a bare A-share code), ``688256.XSHG`` (joinquant), ``SPX`` or ``^GSPC`` (the S&P 500),
``HSI``. The store keys prices by the interchange symbol (``688256.SS``, ``^GSPC``), so
everything read from a file passes through ``interchange_symbol`` once. Forms that cannot
be told apart without context (``0700`` could be Hong Kong or a Taiwan code) are left
alone unless the caller names the exchange.
"""

from __future__ import annotations

import re

from tickerlens.errors import SymbolError
from tickerlens.universe.symbols import from_yahoo, to_yahoo

__all__ = ["INDEX_ALIASES", "a_share_mic", "interchange_symbol"]

# Names vendors give benchmark indices -> Yahoo's symbol. Kept to names no exchange-listed
# stock in the markets we cover uses, so a ticker column is never mistaken for an index.
INDEX_ALIASES: dict[str, str] = {
    "SPX": "^GSPC",
    "GSPC": "^GSPC",
    "INX": "^GSPC",
    "SP500": "^GSPC",
    "S&P500": "^GSPC",
    "IXIC": "^IXIC",
    "NASDAQCOMP": "^IXIC",
    "NDX": "^NDX",
    "SOX": "^SOX",
    "DJI": "^DJI",
    "DJIA": "^DJI",
    "RUT": "^RUT",
    "VIX": "^VIX",
    "HSI": "^HSI",
    "HSCE": "^HSCE",
    "HSCEI": "^HSCE",
    "N225": "^N225",
    "NIKKEI225": "^N225",
    "TWII": "^TWII",
    "TAIEX": "^TWII",
    "KOSPI": "^KS11",
    "KS11": "^KS11",
    "KOSDAQ": "^KQ11",
    "NIFTY": "^NSEI",
    "NIFTY50": "^NSEI",
    "NSEI": "^NSEI",
    "SENSEX": "^BSESN",
    "BSESN": "^BSESN",
    "FTSE": "^FTSE",
    "UKX": "^FTSE",
    "GDAXI": "^GDAXI",
    "FCHI": "^FCHI",
    "STOXX50E": "^STOXX50E",
    "AXJO": "^AXJO",
    "GSPTSE": "^GSPTSE",
    "STI": "^STI",
    "CSI300": "000300.SS",
    "HS300": "000300.SS",
    "沪深300": "000300.SS",
    "CSI500": "000905.SS",
    "SSE": "000001.SS",
    "SHCOMP": "000001.SS",
    "上证指数": "000001.SS",
    "SZSE": "399001.SZ",
    "SZCOMP": "399001.SZ",
    "深证成指": "399001.SZ",
    "STAR50": "000688.SS",
    "恒生指数": "^HSI",
}

_PREFIXED = re.compile(r"^(?P<ex>SH|SZ|BJ)[.\-_]?(?P<code>\d{6})$")
_SUFFIXED_CN = re.compile(r"^(?P<code>\d{6})\.(?P<ex>SH|SZ|BJ|SS|XSHG|XSHE|XBEI|BSE)$")
_CN_MIC = {
    "SH": "XSHG",
    "SS": "XSHG",
    "XSHG": "XSHG",
    "SZ": "XSHE",
    "XSHE": "XSHE",
    "BJ": "BJSE",
    "XBEI": "BJSE",
    "BSE": "BJSE",
}


def a_share_mic(code: str) -> str:
    """The exchange of a bare six-digit mainland code, by the exchanges' numbering rules:
    Shanghai 6xxxxx (and 9xxxxx B shares), Beijing 4xxxxx/8xxxxx/92xxxx, Shenzhen the rest."""
    if code.startswith(("92", "4", "8")):
        return "BJSE"
    if code.startswith(("6", "9")):
        return "XSHG"
    return "XSHE"


def interchange_symbol(raw: str, mic: str | None = None) -> str:
    """The interchange symbol for a vendor's ``raw`` symbol; ``mic`` names the exchange
    when the file says it (then ``raw`` is read as that exchange's local code).

    Unknown shapes (a company name used as a file name, say) come back stripped and
    upper-cased, so they still work as keys but match no listing. Mixed-case words
    ("Gold", "Brent") are names of series, not symbols, and are kept exactly as written
    so that "Gold" never becomes GOLD (Barrick's ticker).
    """
    text = raw.strip()
    if not text:
        raise SymbolError(raw, "empty symbol")
    if any(c.islower() for c in text) and any(c.isupper() for c in text):
        return text
    upper = text.upper()
    if mic:
        return to_yahoo(mic, upper)
    bare = upper.lstrip("^.$")
    if bare in INDEX_ALIASES or text in INDEX_ALIASES:
        return INDEX_ALIASES.get(bare) or INDEX_ALIASES[text]
    if upper.startswith("^"):
        return upper
    m = _PREFIXED.match(upper) or _SUFFIXED_CN.match(upper)
    if m:
        return to_yahoo(_CN_MIC[m.group("ex")], m.group("code"))
    if re.fullmatch(r"\d{6}", upper):
        return to_yahoo(a_share_mic(upper), upper)
    return _yahoo_or_plain(upper)


def _yahoo_or_plain(upper: str) -> str:
    try:
        venue, local = from_yahoo(upper)
    except SymbolError:
        return upper  # a name, not a symbol: keep it as the key it is
    if venue == "US":
        return local.replace(".", "-")
    try:
        return to_yahoo(venue, local)
    except SymbolError:
        return upper

"""Ticker forms: the Yahoo-style interchange symbol, MIC form, and the forms news uses.

The key of a listing is (MIC, local symbol). Everything else is a rendering:
``to_yahoo("XSHG", "688256") == "688256.SS"`` and ``from_yahoo("0700.HK") ==
("XHKG", "700")``. ``parse_news_ticker`` reads what stories write: ``(NASDAQ: NVDA)``,
``NYSE:TSM``, ``$NVDA``, ``SHA: 688256``, ``688256.SH``, ``SH688256``, ``HKEX: 700``,
``2330 TT``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tickerlens.errors import SymbolError

__all__ = [
    "EXCHANGE_NAMES",
    "MIC_CURRENCY",
    "TickerRef",
    "from_yahoo",
    "normalise_local",
    "parse_news_ticker",
    "to_yahoo",
]

# MIC -> Yahoo suffix ("" for US venues).
_YAHOO_SUFFIX: dict[str, str] = {
    "US": "",  # a US listing whose venue (Nasdaq, NYSE, ...) the source did not say
    "XNAS": "",
    "XNYS": "",
    "ARCX": "",
    "BATS": "",
    "XASE": "",
    "OTCM": "",
    "XSHG": ".SS",
    "XSHE": ".SZ",
    "BJSE": ".BJ",
    "XHKG": ".HK",
    "XTAI": ".TW",
    "ROCO": ".TWO",
    "XTKS": ".T",
    "XLON": ".L",
    "XETR": ".DE",
    "XFRA": ".F",
    "XPAR": ".PA",
    "XAMS": ".AS",
    "XBRU": ".BR",
    "XLIS": ".LS",
    "XDUB": ".IR",
    "XMIL": ".MI",
    "XMAD": ".MC",
    "XSWX": ".SW",
    "XWBO": ".VI",
    "XSTO": ".ST",
    "XCSE": ".CO",
    "XHEL": ".HE",
    "XOSL": ".OL",
    "XKRX": ".KS",
    "XKOS": ".KQ",
    "XNSE": ".NS",
    "XBOM": ".BO",
    "XASX": ".AX",
    "XNZE": ".NZ",
    "XTSE": ".TO",
    "XTSX": ".V",
    "XSES": ".SI",
    "XBKK": ".BK",
    "XIDX": ".JK",
    "XKLS": ".KL",
    "XPHS": ".PS",
    "XSAU": ".SR",
    "XADS": ".AD",
    "DSMD": ".QA",
    "XDFM": ".AE",
    "XTAE": ".TA",
    "XJSE": ".JO",
    "BVMF": ".SA",
    "XMEX": ".MX",
    "XBUE": ".BA",
    "XSGO": ".SN",
    "XIST": ".IS",
    "XWAR": ".WA",
    "XPRA": ".PR",
    "XBUD": ".BD",
    "XATH": ".AT",
    "XCAI": ".CA",
    "XKUW": ".KW",
    "XSTC": ".VN",
    "HSTC": ".HN",
}
_SUFFIX_TO_MIC: dict[str, str] = {v: k for k, v in _YAHOO_SUFFIX.items() if v}
# Yahoo uses ".SS" for Shanghai; news and some vendors write ".SH".
_SUFFIX_TO_MIC[".SH"] = "XSHG"

MIC_CURRENCY: dict[str, str] = {
    "US": "USD",
    "XNAS": "USD",
    "XNYS": "USD",
    "ARCX": "USD",
    "BATS": "USD",
    "XASE": "USD",
    "OTCM": "USD",
    "XSHG": "CNY",
    "XSHE": "CNY",
    "BJSE": "CNY",
    "XHKG": "HKD",
    "XTAI": "TWD",
    "ROCO": "TWD",
    "XTKS": "JPY",
    "XLON": "GBP",
    "XETR": "EUR",
    "XFRA": "EUR",
    "XPAR": "EUR",
    "XAMS": "EUR",
    "XBRU": "EUR",
    "XLIS": "EUR",
    "XDUB": "EUR",
    "XMIL": "EUR",
    "XMAD": "EUR",
    "XSWX": "CHF",
    "XWBO": "EUR",
    "XSTO": "SEK",
    "XCSE": "DKK",
    "XHEL": "EUR",
    "XOSL": "NOK",
    "XKRX": "KRW",
    "XKOS": "KRW",
    "XNSE": "INR",
    "XBOM": "INR",
    "XASX": "AUD",
    "XNZE": "NZD",
    "XTSE": "CAD",
    "XTSX": "CAD",
    "XSES": "SGD",
    "XBKK": "THB",
    "XIDX": "IDR",
    "XKLS": "MYR",
    "XPHS": "PHP",
    "XSAU": "SAR",
    "XADS": "AED",
    "DSMD": "QAR",
    "XDFM": "AED",
    "XTAE": "ILS",
    "XJSE": "ZAR",
    "BVMF": "BRL",
    "XMEX": "MXN",
    "XBUE": "ARS",
    "XSGO": "CLP",
    "XIST": "TRY",
    "XWAR": "PLN",
    "XPRA": "CZK",
    "XBUD": "HUF",
    "XATH": "EUR",
    "XCAI": "EGP",
    "XKUW": "KWD",
    "XSTC": "VND",
    "HSTC": "VND",
}

# Exchange names and abbreviations news writes before a ticker -> MIC.
EXCHANGE_NAMES: dict[str, str] = {
    "NASDAQ": "XNAS",
    "NASDAQGS": "XNAS",
    "NASDAQGM": "XNAS",
    "NASDAQCM": "XNAS",
    "NAS": "XNAS",
    "NMS": "XNAS",
    "NYSE": "XNYS",
    "NYS": "XNYS",
    "NYSEARCA": "ARCX",
    "NYSE ARCA": "ARCX",
    "NYSEAMERICAN": "XASE",
    "NYSE AMERICAN": "XASE",
    "NYSEMKT": "XASE",
    "AMEX": "XASE",
    "OTC": "OTCM",
    "OTCMKTS": "OTCM",
    "OTCQX": "OTCM",
    "CBOE": "BATS",
    "SHA": "XSHG",
    "SSE": "XSHG",
    "SH": "XSHG",
    "SHANGHAI": "XSHG",
    "SHE": "XSHE",
    "SZSE": "XSHE",
    "SZ": "XSHE",
    "SHENZHEN": "XSHE",
    "BSE BEIJING": "BJSE",
    "BJ": "BJSE",
    "HKEX": "XHKG",
    "HKG": "XHKG",
    "HK": "XHKG",
    "SEHK": "XHKG",
    "HKSE": "XHKG",
    "TWSE": "XTAI",
    "TPE": "XTAI",
    "TAI": "XTAI",
    "TW": "XTAI",
    "TPEX": "ROCO",
    "TWO": "ROCO",
    "TYO": "XTKS",
    "TSE": "XTKS",
    "TOKYO": "XTKS",
    "JP": "XTKS",
    "LSE": "XLON",
    "LON": "XLON",
    "LN": "XLON",
    "ETR": "XETR",
    "XETRA": "XETR",
    "FRA": "XFRA",
    "FWB": "XFRA",
    "GR": "XETR",
    "EPA": "XPAR",
    "PAR": "XPAR",
    "FP": "XPAR",
    "AMS": "XAMS",
    "NA": "XAMS",
    "EBR": "XBRU",
    "BIT": "XMIL",
    "IM": "XMIL",
    "BME": "XMAD",
    "SM": "XMAD",
    "SWX": "XSWX",
    "SIX": "XSWX",
    "VTX": "XSWX",
    "SW": "XSWX",
    "STO": "XSTO",
    "SS": "XSTO",
    "CPH": "XCSE",
    "HEL": "XHEL",
    "OSL": "XOSL",
    "KRX": "XKRX",
    "KS": "XKRX",
    "KOSPI": "XKRX",
    "KOSDAQ": "XKOS",
    "NSE": "XNSE",
    "IN": "XNSE",
    "BSE": "XBOM",
    "BOM": "XBOM",
    "ASX": "XASX",
    "AU": "XASX",
    "TSX": "XTSE",
    "CT": "XTSE",
    "TSXV": "XTSX",
    "SGX": "XSES",
    "SP": "XSES",
    "SET": "XBKK",
    "IDX": "XIDX",
    "TADAWUL": "XSAU",
    "TASE": "XTAE",
    "JSE": "XJSE",
    "B3": "BVMF",
    "BMV": "XMEX",
}

# Bloomberg country/exchange codes used in the form "2330 TT".
_BLOOMBERG: dict[str, str] = {
    "US": "XNYS",
    "UW": "XNAS",
    "UN": "XNYS",
    "TT": "XTAI",
    "HK": "XHKG",
    "CH": "XSHG",
    "C1": "XSHG",
    "C2": "XSHE",
    "JT": "XTKS",
    "JP": "XTKS",
    "LN": "XLON",
    "GY": "XETR",
    "GR": "XETR",
    "FP": "XPAR",
    "NA": "XAMS",
    "IM": "XMIL",
    "SM": "XMAD",
    "SW": "XSWX",
    "SE": "XSWX",
    "KS": "XKRX",
    "IN": "XNSE",
    "IB": "XBOM",
    "AU": "XASX",
    "CN": "XTSE",
    "SP": "XSES",
    "SS": "XSTO",
    "DC": "XCSE",
    "FH": "XHEL",
    "NO": "XOSL",
    "BB": "XBRU",
}

_US = {"US", "XNAS", "XNYS", "ARCX", "BATS", "XASE", "OTCM"}


@dataclass(frozen=True, slots=True)
class TickerRef:
    """A ticker read from text: a MIC when the form named one, and the local symbol."""

    symbol: str
    mic: str | None = None

    @property
    def yahoo(self) -> str | None:
        return to_yahoo(self.mic, self.symbol) if self.mic else None


_NORDIC = {"XSTO", "XCSE", "XHEL", "XOSL"}


@lru_cache(maxsize=65536)
def normalise_local(mic: str, symbol: str) -> str:
    """The exchange's canonical local code: HKEX drops leading zeros ("0700" -> "700"),
    US share classes use a dot ("BRK-B" -> "BRK.B"), Nordic share classes a space
    ("NOVO-B" -> "NOVO B"), London drops the TIDM's trailing dot ("BP." -> "BP"),
    everything upper-case."""
    s = symbol.strip().upper()
    if mic in _NORDIC:
        return re.sub(r"[\-_ ]+", " ", s)
    if mic == "XLON":
        return s.rstrip(".").replace("-", ".")
    if mic == "XMEX":
        return s.replace(" ", "").replace("-", "")
    if mic == "XHKG":
        if not s.isdigit():
            raise SymbolError(symbol, "HKEX codes are numeric, like 700 or 0700")
        return str(int(s))
    if mic in _US:
        return s.replace("-", ".").replace("/", ".")
    return s


@lru_cache(maxsize=65536)
def to_yahoo(mic: str, symbol: str) -> str:
    """Render (MIC, local symbol) as the Yahoo-style interchange symbol."""
    if mic not in _YAHOO_SUFFIX:
        raise SymbolError(f"{mic}:{symbol}", f"unknown exchange MIC {mic!r}")
    local = normalise_local(mic, symbol)
    if mic == "XHKG":
        local = local.zfill(4)
    elif mic in _US or mic == "XLON":
        local = local.replace(".", "-")
    elif mic in _NORDIC:
        local = local.replace(" ", "-")
    return local + _YAHOO_SUFFIX[mic]


def from_yahoo(yahoo: str) -> tuple[str, str]:
    """Parse a Yahoo-style symbol into (MIC, local symbol). A bare symbol is a US one;
    its venue is not in the symbol, so it comes back as XNYS or XNAS only through the
    universe. Here a bare symbol returns MIC ``"US"``, a placeholder the caller resolves."""
    s = yahoo.strip().upper()
    if not s or len(s) > 24 or not re.fullmatch(r"[A-Z0-9.\-^=&]+", s):
        raise SymbolError(yahoo, "not a ticker symbol")
    m = re.fullmatch(r"(.+?)(\.[A-Z]{1,3})", s)
    if m and m.group(2) in _SUFFIX_TO_MIC:
        mic = _SUFFIX_TO_MIC[m.group(2)]
        return mic, normalise_local(mic, m.group(1))
    return "US", s.replace("-", ".")


_EXCH_ALT = "|".join(sorted((re.escape(k) for k in EXCHANGE_NAMES), key=len, reverse=True))
_NEWS_FORMS = [
    # "(NASDAQ: NVDA)", "NYSE:TSM", "SHA: 688256", "HKEX: 700"
    re.compile(rf"^(?P<ex>{_EXCH_ALT})\s*[:：]\s*(?P<sym>[A-Z0-9][A-Z0-9.\-]{{0,9}})$", re.I),
    # "$NVDA"
    re.compile(r"^\$(?P<sym>[A-Z][A-Z.\-]{0,6})$"),
    # "SH688256", "SZ000001"
    re.compile(r"^(?P<ex>SH|SZ|BJ)(?P<sym>\d{6})$", re.I),
    # "688256.SH", "0700.HK", "7203.T"
    re.compile(r"^(?P<sym>[A-Z0-9][A-Z0-9\-]{0,9})(?P<suffix>\.[A-Z]{1,3})$", re.I),
    # "2330 TT", "NVDA US"
    re.compile(r"^(?P<sym>[A-Z0-9]{1,6})\s+(?P<bb>[A-Z][A-Z0-9])$"),
]


def parse_news_ticker(text: str) -> TickerRef:
    """Read a ticker as news writes it. Raises SymbolError when the form is unknown."""
    t = text.strip().strip("()（）[]")
    for pat in _NEWS_FORMS:
        m = pat.match(t)
        if not m:
            continue
        groups = m.groupdict()
        sym = groups["sym"].upper()
        if groups.get("ex"):
            ex = groups["ex"].upper()
            mic = EXCHANGE_NAMES.get(ex) or EXCHANGE_NAMES.get(ex.replace(" ", ""))
            if mic is None:  # "SH"/"SZ"/"BJ" prefix form
                mic = {"SH": "XSHG", "SZ": "XSHE", "BJ": "BJSE"}[ex]
            return TickerRef(normalise_local(mic, sym), mic)
        if groups.get("suffix"):
            suffix = groups["suffix"].upper()
            if suffix in _SUFFIX_TO_MIC:
                mic = _SUFFIX_TO_MIC[suffix]
                return TickerRef(normalise_local(mic, sym), mic)
            continue
        if groups.get("bb"):
            bb = groups["bb"].upper()
            if bb in _BLOOMBERG:
                mic = _BLOOMBERG[bb]
                if bb == "US":
                    return TickerRef(sym, None)
                return TickerRef(normalise_local(mic, sym), mic)
            continue
        return TickerRef(sym, None)  # cashtag: venue unknown until the universe says
    raise SymbolError(text, "not a ticker form tickerlens reads (e.g. NASDAQ: NVDA, 0700.HK, SHA: 688256)")

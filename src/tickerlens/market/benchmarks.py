"""The benchmark an abnormal return is measured against, per exchange.

Defaults are each market's broad, widely quoted price index, as Yahoo-style symbols so
any provider can serve them: the S&P 500 for US venues, the Hang Seng for Hong Kong,
the CSI 300 for both mainland exchanges, TAIEX for Taiwan, and so on. A caller
overrides any of them (a sector index, or an index its price files actually hold) with
``{"XNAS": "^NDX"}``, or for all US venues at once with ``{"US": ...}``.
"""

from __future__ import annotations

from collections.abc import Mapping

from tickerlens.errors import ConfigError

__all__ = ["DEFAULT_BENCHMARKS", "US_VENUES", "benchmark_for", "parse_benchmark_overrides"]

US_VENUES = frozenset({"XNAS", "XNYS", "ARCX", "BATS", "XASE", "OTCM", "US"})

DEFAULT_BENCHMARKS: dict[str, str] = {
    **dict.fromkeys(US_VENUES, "^GSPC"),  # S&P 500
    "XHKG": "^HSI",  # Hang Seng Index
    "XSHG": "000300.SS",
    "XSHE": "000300.SS",
    "BJSE": "000300.SS",  # CSI 300
    "XTAI": "^TWII",
    "ROCO": "^TWII",  # TAIEX
    "XTKS": "^N225",  # Nikkei 225
    "XLON": "^FTSE",  # FTSE 100
    "XETR": "^GDAXI",
    "XFRA": "^GDAXI",  # DAX
    "XPAR": "^FCHI",  # CAC 40
    "XAMS": "^AEX",
    "XSWX": "^SSMI",
    "XMAD": "^IBEX",
    "XMIL": "FTSEMIB.MI",
    "XSTO": "^OMX",
    "XNSE": "^NSEI",
    "XBOM": "^BSESN",  # Nifty 50, Sensex
    "XKRX": "^KS11",
    "XKOS": "^KQ11",  # KOSPI, KOSDAQ
    "XASX": "^AXJO",  # S&P/ASX 200
    "XTSE": "^GSPTSE",
    "XTSX": "^GSPTSE",  # S&P/TSX Composite
    "XSES": "^STI",
    "BVMF": "^BVSP",
    "XMEX": "^MXX",
    "XJSE": "^J203.JO",
}


def benchmark_for(mic: str, overrides: Mapping[str, str] | None = None) -> str | None:
    """The benchmark symbol for a listing on ``mic``, or None when there is no default."""
    over = {k.upper(): v for k, v in (overrides or {}).items()}
    key = mic.upper()
    if key in over:
        return over[key]
    if key in US_VENUES and "US" in over:
        return over["US"]
    return DEFAULT_BENCHMARKS.get(key)


def parse_benchmark_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["XNAS=^NDX", "US=SPY"]`` -> ``{"XNAS": "^NDX", "US": "SPY"}``."""
    out: dict[str, str] = {}
    for item in items:
        mic, sep, symbol = item.partition("=")
        if not sep or not mic.strip() or not symbol.strip():
            raise ConfigError("--benchmark", item, "expected MIC=SYMBOL, e.g. XNAS=^NDX or US=SPY")
        out[mic.strip().upper()] = symbol.strip()
    return out

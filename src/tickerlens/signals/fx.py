"""Exchange rates for consistency checks: a local file, Yahoo online, or the bundled
annual averages, with rates fetched online cached in the store.

A rate is units of ``quote`` per one ``base`` on ``day`` (USD->CNY 7.3 on 2025-04-18).
``convert_rate`` finds a pair from whatever a provider holds: the pair itself, its
inverse, or a cross through USD. A provider answers with the rate of the day asked or the
last one within a week before it (weekends and holidays), saying which day it used.

The bundled reference (``data/fx_reference.csv``) holds rounded annual averages. It
makes the checks work on a fresh machine without network, and marks its rates
``approximate`` so callers widen their tolerance: it can tell a yuan figure from a dollar
figure (a factor of seven), not a two-percent slip.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import duckdb

from tickerlens.errors import ConfigError, InputError, ProviderUnavailableError, StoreError

__all__ = [
    "ChainFxProvider",
    "CsvFxProvider",
    "FxProvider",
    "FxRate",
    "ReferenceFxProvider",
    "StoreFxCache",
    "YahooFxProvider",
    "convert_rate",
    "fx_from_settings",
]

_LOOKBACK = timedelta(days=7)
_REFERENCE = Path(__file__).with_name("data") / "fx_reference.csv"


@dataclass(frozen=True, slots=True)
class FxRate:
    base: str
    quote: str
    day: date  # the day the rate is from (may be before the day asked)
    rate: float  # units of quote per one base
    source: str
    approximate: bool = False  # an annual average, not the day's rate

    def inverse(self) -> FxRate:
        return FxRate(self.quote, self.base, self.day, 1.0 / self.rate, self.source, self.approximate)


class FxProvider(Protocol):
    name: str

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        """The rate of exactly this pair on ``day`` or the last day within a week before."""
        ...


def convert_rate(provider: FxProvider, base: str, quote: str, day: date) -> FxRate | None:
    """``base`` -> ``quote`` from the pair, its inverse, or a cross through USD."""
    base, quote = base.upper(), quote.upper()
    if base == quote:
        return FxRate(base, quote, day, 1.0, "identity")
    direct = provider.rate(base, quote, day)
    if direct is not None:
        return direct
    inverse = provider.rate(quote, base, day)
    if inverse is not None:
        return inverse.inverse()
    if "USD" in (base, quote):
        return None
    leg1 = convert_rate(provider, base, "USD", day)
    leg2 = convert_rate(provider, "USD", quote, day)
    if leg1 is None or leg2 is None:
        return None
    return FxRate(
        base,
        quote,
        min(leg1.day, leg2.day),
        leg1.rate * leg2.rate,
        leg1.source,
        leg1.approximate or leg2.approximate,
    )


class _Table:
    """Rates by pair, sorted by day, answering "on or within a week before"."""

    def __init__(self) -> None:
        self._rates: dict[tuple[str, str], list[tuple[date, float]]] = {}

    def add(self, base: str, quote: str, day: date, rate: float) -> None:
        self._rates.setdefault((base.upper(), quote.upper()), []).append((day, rate))

    def finish(self) -> None:
        for rows in self._rates.values():
            rows.sort()

    def get(self, base: str, quote: str, day: date, lookback: timedelta) -> tuple[date, float] | None:
        rows = self._rates.get((base.upper(), quote.upper()))
        if not rows:
            return None
        best = None
        for row_day, rate in rows:
            if row_day > day:
                break
            best = (row_day, rate)
        if best is None or day - best[0] > lookback:
            return None
        return best


class CsvFxProvider:
    """Rates from a CSV file: long (``date,base,quote,rate`` or ``date,pair,rate``) or
    wide (``date`` then one column per pair: ``USDCNY``, ``EURUSD``, ``CNY=X``)."""

    def __init__(self, path: str | Path, name: str | None = None) -> None:
        self.path = Path(path)
        self.name = name or f"file:{self.path.name}"
        self._table = _read_fx_csv(self.path)

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        hit = self._table.get(base, quote, day, _LOOKBACK)
        return None if hit is None else FxRate(base.upper(), quote.upper(), hit[0], hit[1], self.name)


class ReferenceFxProvider:
    """The bundled annual averages (see the module docstring); rates are approximate."""

    name = "reference"

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        table = _reference_table()
        hit = table.get(base, quote, date(day.year, 12, 31), timedelta(days=0))
        if hit is None:
            return None
        return FxRate(base.upper(), quote.upper(), day, hit[1], self.name, approximate=True)


@lru_cache(maxsize=1)
def _reference_table() -> _Table:
    table = _Table()
    lines = [ln for ln in _REFERENCE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for row in csv.DictReader(lines):
        pair = row["pair"]
        table.add(pair[:3], pair[3:], date(int(row["year"]), 12, 31), float(row["rate"]))
    table.finish()
    return table


def _read_fx_csv(path: Path) -> _Table:
    if not path.is_file():
        raise InputError(str(path), "FX file not found; give a CSV of rates (date,base,quote,rate)")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle) if r and not r[0].startswith("#")]
    if not rows:
        raise InputError(str(path), "FX file is empty")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    if "date" not in lower:
        raise InputError(str(path), "FX file has no 'date' column; expected date,base,quote,rate")
    table = _Table()
    di = lower.index("date")
    if {"base", "quote", "rate"} <= set(lower):
        for row in rows[1:]:
            _add(
                table,
                path,
                row[di],
                row[lower.index("base")],
                row[lower.index("quote")],
                row[lower.index("rate")],
            )
    elif {"pair", "rate"} <= set(lower):
        for row in rows[1:]:
            base, quote = _pair(row[lower.index("pair")])
            _add(table, path, row[di], base, quote, row[lower.index("rate")])
    else:
        pairs = {i: _pair(h) for i, h in enumerate(header) if i != di and _is_pair(h)}
        if not pairs:
            raise InputError(str(path), "FX file has no rate columns (USDCNY, EURUSD, CNY=X ...)")
        for row in rows[1:]:
            for i, (base, quote) in pairs.items():
                if i < len(row) and row[i].strip():
                    _add(table, path, row[di], base, quote, row[i])
    table.finish()
    return table


_ISO = frozenset(
    "USD CNY CNH HKD TWD JPY EUR GBP INR KRW CHF AUD CAD SGD NZD BRL MXN SEK NOK DKK "
    "RUB ZAR TRY THB MYR IDR PHP SAR AED ILS PLN".split()
)


def _is_pair(header: str) -> bool:
    text = header.strip().upper()
    if text.endswith("=X"):
        text = text[:-2] if len(text) > 5 else "USD" + text[:-2]
    return len(text) == 6 and text[:3] in _ISO and text[3:] in _ISO


def _pair(raw: str) -> tuple[str, str]:
    text = raw.strip().upper().replace("/", "")
    if text.endswith("=X"):
        text = text[:-2]
        return ("USD", text) if len(text) == 3 else (text[:3], text[3:])
    return text[:3], text[3:]


def _add(table: _Table, path: Path, day: str, base: str, quote: str, rate: str) -> None:
    try:
        parsed_day = datetime.fromisoformat(day.strip()[:10]).date()
        value = float(rate)
    except ValueError:
        return  # a blank or malformed cell in a wide file: that pair has no rate that day
    if value > 0:
        table.add(base.strip(), quote.strip(), parsed_day, value)


History = Callable[[str, date, date], Sequence[tuple[date, float]]]


def yahoo_history(symbol: str, start: date, end: date) -> list[tuple[date, float]]:
    """Daily closes of a Yahoo FX symbol ("USDCNY=X"): the only code here on the network."""
    import yfinance as yf
    from yfinance import exceptions as yfe

    logging.getLogger("yfinance").setLevel(logging.CRITICAL)  # we report failures ourselves
    try:
        frame = yf.Ticker(symbol).history(
            start=start.isoformat(),
            end=(end + timedelta(days=1)).isoformat(),
            interval="1d",
            auto_adjust=False,
            raise_errors=True,
            timeout=10,
        )
    except (yfe.YFPricesMissingError, yfe.YFTzMissingError, yfe.YFTickerMissingError):
        return []
    except (yfe.YFException, OSError) as exc:  # connection errors from curl_cffi are OSErrors
        raise ProviderUnavailableError("yahoo-fx", f"{type(exc).__name__}: {exc}") from exc
    return [(ts.date(), float(close)) for ts, close in frame["Close"].items()]


class YahooFxProvider:
    """Online daily rates through yfinance ("USDCNY=X" is CNY per USD)."""

    name = "yahoo-fx"

    def __init__(self, history: History = yahoo_history) -> None:
        self._history = history

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        if base.upper() != "USD":
            return None  # Yahoo quotes most pairs against USD; crosses go through convert_rate
        rows = [
            r for r in self._history(f"{base.upper()}{quote.upper()}=X", day - _LOOKBACK, day) if r[0] <= day
        ]
        if not rows:
            return None
        last = max(rows)
        return FxRate(base.upper(), quote.upper(), last[0], last[1], self.name)


class StoreFxCache:
    """Rates from the store's ``fx`` table, asking ``inner`` (and saving) when missing."""

    def __init__(self, con: duckdb.DuckDBPyConnection, inner: FxProvider) -> None:
        self.con = con
        self.inner = inner
        self.name = f"cache({inner.name})"

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        from tickerlens.store.fx import load_rate, save_rate

        cached = load_rate(self.con, base, quote, day, _LOOKBACK)
        if cached is not None:
            return cached
        fresh = self.inner.rate(base, quote, day)
        if fresh is not None and not fresh.approximate:
            with contextlib.suppress(StoreError):  # a read-only store still answers; it just keeps nothing
                save_rate(self.con, fresh)
        return fresh


class ChainFxProvider:
    """The first provider that has the pair; unreachable ones are skipped."""

    def __init__(self, providers: Sequence[FxProvider]) -> None:
        self.providers = list(providers)
        self.name = "+".join(p.name for p in providers)

    def rate(self, base: str, quote: str, day: date) -> FxRate | None:
        for provider in self.providers:
            try:
                found = provider.rate(base, quote, day)
            except ProviderUnavailableError:
                continue
            if found is not None:
                return found
        return None


def fx_from_settings(source: str | Path | None, con: duckdb.DuckDBPyConnection | None = None) -> FxProvider:
    """``None``: bundled averages; a path: that CSV first; ``"yahoo"``: online, cached in the store.

    The bundled averages always come last, so a check never fails for want of a rate.
    """
    chain: list[FxProvider] = []
    if source is not None and str(source).lower() == "yahoo":
        online: FxProvider = YahooFxProvider()
        chain.append(StoreFxCache(con, online) if con is not None else online)
    elif source is not None:
        path = Path(source)
        if not path.exists():
            raise ConfigError("fx", str(source), "no such file; give a CSV of rates, 'yahoo', or leave unset")
        chain.append(CsvFxProvider(path))
    chain.append(ReferenceFxProvider())
    return ChainFxProvider(chain)

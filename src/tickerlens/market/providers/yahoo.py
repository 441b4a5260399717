"""Prices from Yahoo Finance through yfinance (online).

The network edge is one function, ``download(symbol, start, end) -> DataFrame`` in the
shape ``yfinance.Ticker.history(auto_adjust=False, actions=True)`` returns; tests replace
only that function. Everything above it (retries, error wrapping, adjustment) is the
provider's own and runs in tests unchanged.

Transient failures (DNS, refused connections, timeouts, Yahoo's rate limit) are retried
with exponential backoff; when the attempts run out the provider raises
``ProviderUnavailableError`` so callers can fall back to the cache or to local files.
An unknown or delisted symbol is ``NoPriceDataError`` at once, without retrying. After
a failure the provider stays "down" for ``cooldown`` seconds and fails fast, so a batch
run offline does not wait out the backoff once per symbol.

Adjustment: Yahoo's "Close" is split-adjusted and "Adj Close" split- and
dividend-adjusted. Raw closes are rebuilt by undoing every split after each day, which
needs the history up to today (to see later splits), so a raw query downloads that much.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from tickerlens.errors import NoPriceDataError, ProviderUnavailableError
from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery
from tickerlens.market.provider import window_of

__all__ = ["Downloader", "YahooProvider", "yfinance_history"]

Downloader = Callable[[str, date, date], pd.DataFrame]


class _Transient(Exception):
    """A failure worth retrying; never leaves this module."""


def yfinance_history(symbol: str, start: date, end: date, timeout: float = 10.0) -> pd.DataFrame:
    """Daily history from Yahoo, ``end`` inclusive. The only code here that touches the
    network; its exceptions are sorted into transient (retry) and permanent (no data)."""
    import yfinance as yf
    from yfinance import exceptions as yfe

    logging.getLogger("yfinance").setLevel(logging.CRITICAL)  # we report failures ourselves
    try:
        return yf.Ticker(symbol).history(
            start=start.isoformat(),
            end=(end + timedelta(days=1)).isoformat(),
            interval="1d",
            auto_adjust=False,
            actions=True,
            raise_errors=True,
            timeout=timeout,
        )
    except yfe.YFRateLimitError as exc:
        raise _Transient(f"rate limited by Yahoo ({exc})") from exc
    except (yfe.YFPricesMissingError, yfe.YFTzMissingError, yfe.YFTickerMissingError) as exc:
        raise NoPriceDataError(symbol, f"Yahoo has no prices for it ({exc})") from exc
    except yfe.YFException as exc:
        raise NoPriceDataError(symbol, f"Yahoo refused the request ({exc})") from exc
    except OSError as exc:  # curl_cffi and requests connection errors are OSErrors
        raise _Transient(f"{type(exc).__name__}: {exc}") from exc


class YahooProvider:
    def __init__(
        self,
        download: Downloader | None = None,
        *,
        attempts: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        today: Callable[[], date] = date.today,
        cooldown: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        name: str = "yahoo",
    ) -> None:
        self.name = name
        self._download: Downloader = download or yfinance_history
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._today = today
        self._cooldown = cooldown
        self._clock = clock
        self._down: tuple[float, str] | None = None  # (until, why)

    def fetch(self, query: PriceQuery) -> BarSeries:
        adjustment = query.adjustment or Adjustment.SPLIT
        end = self._today() if adjustment is Adjustment.RAW else query.end
        frame = self._download_with_retries(query.symbol, query.start, max(end, query.end))
        if frame is None or frame.empty:
            raise NoPriceDataError(
                query.symbol,
                f"Yahoo has no bars between {query.start} and {query.end}; the "
                "symbol may be wrong, delisted, or not listed yet then",
            )
        bars = _bars(frame, adjustment, query.symbol)
        series = BarSeries(query.symbol, adjustment, self.name, bars, source="https://finance.yahoo.com")
        return window_of(series, query, "Yahoo Finance")

    def _download_with_retries(self, symbol: str, start: date, end: date) -> pd.DataFrame:
        if self._down is not None and self._clock() < self._down[0]:
            raise ProviderUnavailableError(self.name, f"{self._down[1]}; not retried for {symbol}")
        try:
            frame = self._retrying(symbol, start, end)
        except ProviderUnavailableError as exc:
            self._down = (self._clock() + self._cooldown, str(exc.__cause__ or exc))
            raise
        self._down = None
        return frame

    def _retrying(self, symbol: str, start: date, end: date) -> pd.DataFrame:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=wait_exponential(multiplier=self._backoff, max=30),
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._download, symbol, start, end)
        except _Transient as exc:
            raise ProviderUnavailableError(
                self.name, f"{exc}; gave up after {self._attempts} attempts"
            ) from exc
        except OSError as exc:  # a replacement downloader that lets a network error through
            raise ProviderUnavailableError(self.name, f"{type(exc).__name__}: {exc}") from exc


def _bars(frame: pd.DataFrame, adjustment: Adjustment, symbol: str) -> tuple[Bar, ...]:
    """Bars from a yfinance history frame, in the asked adjustment."""
    if frame is None or frame.empty or "Close" not in frame.columns:
        raise NoPriceDataError(symbol, "Yahoo returned no rows; the symbol may be wrong or delisted")
    frame = frame[frame["Close"].notna() & (frame["Close"] > 0)].sort_index()
    index = pd.DatetimeIndex(frame.index)
    days = [ts.date() for ts in index]  # tz-aware index: already the exchange's local day
    close = frame["Close"].to_numpy(dtype=float)
    factor = np.ones(len(frame))
    if adjustment is Adjustment.SPLIT_DIV:
        if "Adj Close" not in frame.columns:
            raise NoPriceDataError(symbol, "Yahoo sent no 'Adj Close' column; ask for split-adjusted closes")
        factor = frame["Adj Close"].to_numpy(dtype=float) / close
    elif adjustment is Adjustment.RAW:
        factor = _raw_factor(frame)
    columns = {
        c: frame[c].to_numpy(dtype=float) if c in frame.columns else np.full(len(frame), np.nan)
        for c in ("Open", "High", "Low", "Volume")
    }
    return tuple(
        Bar(
            days[i],
            float(close[i] * factor[i]),
            _f(columns["Open"][i] * factor[i]),
            _f(columns["High"][i] * factor[i]),
            _f(columns["Low"][i] * factor[i]),
            _f(columns["Volume"][i]),
        )
        for i in range(len(frame))
    )


def _raw_factor(frame: pd.DataFrame) -> np.ndarray:
    """Per day, the product of all split ratios after it: Close * factor = the raw close."""
    splits = frame["Stock Splits"].fillna(0.0).to_numpy(dtype=float) if "Stock Splits" in frame else None
    if splits is None:
        return np.ones(len(frame))
    ratios = np.where(splits > 0, splits, 1.0)
    # ratio on day t applies to every day before t: reverse cumulative product, shifted.
    after = np.cumprod(ratios[::-1])[::-1]
    return np.append(after[1:], 1.0)


def _f(value: float) -> float | None:
    return None if np.isnan(value) else float(value)

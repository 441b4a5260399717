"""Telling what a price file holds, and reading it into one normalised frame.

Public price files come in a handful of layouts, told apart by their header:

- **single**: one security per file, ``date`` plus ``close`` (and optionally open,
  high, low, volume, adj_close, in any order: ``date,open,close,high,low`` is as good as
  ``Date,Open,High,Low,Close``); the symbol comes from the file name.
- **long**: a symbol column (``ticker``, ``symbol``, ``code``, ``ts_code``...) plus date
  and close: many securities, one row per (symbol, day).
- **wide**: ``date`` plus one close column per security (``AAPL,ABNB,...``);
  ``X_volume`` columns are X's volume.
- **yfinance**: yfinance's CSV with a second header row naming the ticker of each column
  (and sometimes a third ``Date,,,`` row); one or many tickers.

Timestamps keep the date as written (``2020-01-02 00:00:00+08:00`` is 2 January, the
exchange-local day), gzip is read transparently, Parquet by column name. What the header
cannot say (no header at all, a lone unnamed value column) needs an explicit
``ColumnMapping``; the error says so.

Adjustment: ``adj_close`` columns are split- and dividend-adjusted (Yahoo's "Adj Close").
yfinance ``history()`` dumps (with ``Dividends`` / ``Stock Splits`` columns) and
yfinance's multi-row CSVs without "Adj Close" hold adjusted closes (its default since
0.2.51). Any other plain close is taken as ``default_adjustment`` (split-adjusted unless
the provider is told otherwise) and the series is marked ``adjustment_assumed``.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tickerlens.errors import PriceFileError
from tickerlens.market.bars import Adjustment, parse_adjustment
from tickerlens.market.vendor_symbols import interchange_symbol

__all__ = ["FRAME_COLUMNS", "ColumnMapping", "FileLayout", "Layout", "detect_layout", "read_prices"]

FRAME_COLUMNS = ["symbol", "day", "adjustment", "close", "open", "high", "low", "volume"]


class Layout(StrEnum):
    SINGLE = "single"
    LONG = "long"
    WIDE = "wide"


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """What a file's columns mean, when detection cannot tell (or guesses wrong).

    Columns are named by header text, or by 0-based position when ``header=False``.
    ``symbol_value`` fixes the symbol of a single-security file; ``mic`` says the codes
    are that exchange's local codes (``700`` with ``mic="XHKG"`` is 0700.HK);
    ``symbol_map`` renames vendor symbols (map to ``""`` to drop a series).
    """

    layout: Layout | None = None
    date: str | int | None = None
    close: str | int | None = None
    adj_close: str | int | None = None
    open: str | int | None = None
    high: str | int | None = None
    low: str | int | None = None
    volume: str | int | None = None
    symbol: str | int | None = None
    symbol_value: str | None = None
    mic: str | None = None
    adjustment: Adjustment | None = None
    header: bool = True
    sep: str | None = None
    symbol_map: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "column mapping") -> ColumnMapping:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise PriceFileError(source, f"unknown mapping field {unknown[0]!r}; use one of {sorted(known)}")
        values = dict(data)
        if values.get("layout") is not None:
            values["layout"] = Layout(values["layout"])
        if values.get("adjustment") is not None:
            values["adjustment"] = parse_adjustment(values["adjustment"])
        return cls(**values)


# Header words -> the role of the column (names normalised: lower case, "_" for blanks).
_ROLES: dict[str, str] = {
    **dict.fromkeys(
        [
            "date",
            "datetime",
            "timestamp",
            "time",
            "trade_date",
            "trading_date",
            "day",
            "日期",
            "交易日期",
            "交易日",
        ],
        "date",
    ),
    **dict.fromkeys(["close", "close_price", "closing_price", "last", "px_last", "收盘", "收盘价"], "close"),
    **dict.fromkeys(["adj_close", "adjclose", "adjusted_close", "adj_close_price", "adj"], "adj_close"),
    **dict.fromkeys(["open", "open_price", "开盘", "开盘价"], "open"),
    **dict.fromkeys(["high", "high_price", "最高", "最高价"], "high"),
    **dict.fromkeys(["low", "low_price", "最低", "最低价"], "low"),
    **dict.fromkeys(["volume", "vol", "成交量"], "volume"),
    **dict.fromkeys(
        [
            "ticker",
            "symbol",
            "code",
            "ts_code",
            "stock_code",
            "sec_code",
            "secid",
            "instrument",
            "代码",
            "股票代码",
            "证券代码",
        ],
        "symbol",
    ),
}
# Columns that are known not to be prices, so a file holding them is not "wide".
_IGNORED = {
    "dividends",
    "stock_splits",
    "capital_gains",
    "wap",
    "vwap",
    "count",
    "amount",
    "turnover",
    "trades",
    "pct_chg",
    "change",
    "name",
    "adjustflag",
    "tradestatus",
    "成交额",
    "涨跌幅",
    "名称",
}
_YF_ADJUSTED_MARKERS = {"dividends", "stock_splits"}


@dataclass(frozen=True, slots=True)
class FileLayout:
    """The resolved reading of one file: a layout, and which column plays which role."""

    path: Path
    layout: Layout
    columns: dict[str, str | int]  # role -> column name (or position)
    adjustment: Adjustment
    adjustment_assumed: bool
    header_rows: int = 1
    sep: str = ","
    symbols: tuple[str, ...] = ()  # known from the header (single, wide, yfinance); empty for long
    column_symbols: dict[str, str] = field(default_factory=dict)  # wide: column -> symbol
    mapping: ColumnMapping = field(default_factory=ColumnMapping)


def _norm(name: object) -> str:
    return re.sub(r"[\s.\-/]+", "_", str(name).strip().lower()).strip("_")


def _open_text(path: Path) -> list[str]:
    opener: Any = gzip.open if _is_gzip(path) else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", errors="replace") as fh:
            return [fh.readline() for _ in range(4)]
    except OSError as exc:
        raise PriceFileError(str(path), f"cannot be read ({exc})") from exc


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _sniff_sep(line: str) -> str:
    counts = {sep: line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","


def _looks_like_date(text: str) -> bool:
    return bool(re.match(r"^\s*\d{4}[-/.]?\d{2}[-/.]?\d{2}", text))


def detect_layout(
    path: Path, mapping: ColumnMapping | None = None, default_adjustment: Adjustment = Adjustment.SPLIT
) -> FileLayout:
    """Read the header of ``path`` and decide how to read it. Raises PriceFileError."""
    mapping = mapping or ColumnMapping()
    if path.suffix.lower() in {".parquet", ".pq"}:
        names: list[str] = [str(c) for c in pd.read_parquet(path).columns]
        return _resolve(path, names, [], mapping, default_adjustment, sep=",")
    lines = [ln.rstrip("\r\n") for ln in _open_text(path)]
    if not lines[0].strip():
        raise PriceFileError(str(path), "is empty")
    sep = mapping.sep or _sniff_sep(lines[0])
    first = _cells(lines[0], sep)
    if not mapping.header:
        return _resolve_positional(path, mapping, default_adjustment, sep)
    if _looks_like_date(first[0]):
        raise PriceFileError(
            str(path),
            "has no header row (the first line is data); give a ColumnMapping with header=False "
            "and the positions of date and close",
        )
    second = _cells(lines[1], sep) if len(lines) > 1 else []
    return _resolve(path, first, second, mapping, default_adjustment, sep, third=lines[2:3])


def _cells(line: str, sep: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep), [])


def _resolve_positional(path: Path, mapping: ColumnMapping, default: Adjustment, sep: str) -> FileLayout:
    columns = {role: getattr(mapping, role) for role in _MAPPABLE if getattr(mapping, role) is not None}
    if "date" not in columns or "close" not in columns:
        raise PriceFileError(str(path), "a mapping with header=False needs the positions of date and close")
    layout = Layout.LONG if "symbol" in columns else Layout.SINGLE
    symbol = _single_symbol(path, mapping) if layout is Layout.SINGLE else None
    return FileLayout(
        path,
        layout,
        columns,
        mapping.adjustment or default,
        mapping.adjustment is None,
        header_rows=0,
        sep=sep,
        symbols=(symbol,) if symbol else (),
        mapping=mapping,
    )


_MAPPABLE = ("date", "close", "adj_close", "open", "high", "low", "volume", "symbol")


def _resolve(
    path: Path,
    header: list[str],
    second: list[str],
    mapping: ColumnMapping,
    default: Adjustment,
    sep: str,
    third: list[str] | None = None,
) -> FileLayout:
    header = [h.strip() for h in header]
    yf_symbols = _yfinance_ticker_row(second)
    header_rows = 1
    if yf_symbols is not None:
        header_rows = 3 if third and third[0].split(sep)[0].strip().lower() == "date" else 2
    roles = _roles(header, mapping)
    if yf_symbols is not None and header[0].lower() == "price" and mapping.date is None:
        roles["date"] = header[0]  # newer yfinance: "Price,Close,..." then "Ticker,..." then "Date,,,"
    if "date" not in roles:
        raise PriceFileError(
            str(path), f"no date column among {header[:12]}; give a ColumnMapping with date=..."
        )
    normalised = {_norm(h) for h in header}
    adjustment, assumed = _adjustment(
        mapping, normalised, yf_symbols is not None, "adj_close" in roles, default
    )
    base: dict[str, Any] = {
        "path": path,
        "adjustment": adjustment,
        "adjustment_assumed": assumed,
        "header_rows": header_rows,
        "sep": sep,
        "mapping": mapping,
    }
    if yf_symbols is not None:
        return _yfinance_layout(base, header, yf_symbols[1:], roles)
    layout = mapping.layout or _guess_layout(path, header, roles)
    if layout is Layout.WIDE:
        return _wide_layout(base, header, roles, mapping)
    if layout is Layout.LONG and "symbol" not in roles:
        raise PriceFileError(str(path), "a long layout needs a symbol column; give ColumnMapping(symbol=...)")
    if "close" not in roles:
        raise PriceFileError(str(path), f"no close column among {header[:12]}; give ColumnMapping(close=...)")
    if layout is Layout.LONG:
        return FileLayout(layout=Layout.LONG, columns=roles, **base)
    symbol = _single_symbol(path, mapping)
    return FileLayout(layout=Layout.SINGLE, columns=roles, symbols=(symbol,) if symbol else (), **base)


def _yfinance_ticker_row(second: list[str]) -> list[str] | None:
    """The ticker row of a yfinance CSV: an empty or "Ticker" first cell, then symbols."""
    if len(second) < 2 or second[0].strip().lower() not in {"", "ticker"}:
        return None
    cells = [c.strip() for c in second[1:]]
    if not all(cells) or any(re.fullmatch(r"-?[\d.eE+]+", c) for c in cells):
        return None
    return [second[0].strip(), *cells]


def _roles(header: list[str], mapping: ColumnMapping) -> dict[str, str | int]:
    roles: dict[str, str | int] = {}
    for name in header:
        role = _ROLES.get(_norm(name))
        if role and role not in roles:
            roles[role] = name
    for role in _MAPPABLE:  # an explicit mapping wins over detection
        value = getattr(mapping, role)
        if value is not None:
            roles[role] = value
    return roles


def _adjustment(
    mapping: ColumnMapping, names: set[str], yfinance: bool, has_adj: bool, default: Adjustment
) -> tuple[Adjustment, bool]:
    if mapping.adjustment is not None:
        return mapping.adjustment, False
    if has_adj:
        return Adjustment.SPLIT, False  # Yahoo convention: Close beside Adj Close is split-adjusted
    if names & _YF_ADJUSTED_MARKERS or yfinance:
        return Adjustment.SPLIT_DIV, False
    return default, True


def _guess_layout(path: Path, header: list[str], roles: dict[str, str | int]) -> Layout:
    if "symbol" in roles:
        return Layout.LONG
    if "close" in roles:
        return Layout.SINGLE
    values = [h for h in header if h != roles["date"] and _norm(h) not in _IGNORED]
    if len(values) >= 2:
        return Layout.WIDE
    raise PriceFileError(
        str(path),
        f"cannot tell whether {values} is a close column or a ticker; give a ColumnMapping "
        "(close=... for one security, or layout='wide')",
    )


def _wide_layout(
    base: dict[str, Any], header: list[str], roles: dict[str, str | int], mapping: ColumnMapping
) -> FileLayout:
    column_symbols: dict[str, str] = {}
    for name in header:
        if name == roles["date"] or _norm(name) in _IGNORED or _norm(name).endswith("_volume"):
            continue
        symbol = _map_symbol(name, mapping)
        if symbol:
            column_symbols[name] = symbol
    return FileLayout(
        layout=Layout.WIDE,
        columns={"date": roles["date"]},
        symbols=tuple(column_symbols.values()),
        column_symbols=column_symbols,
        **base,
    )


def _yfinance_layout(
    base: dict[str, Any], header: list[str], tickers: list[str], roles: dict[str, str | int]
) -> FileLayout:
    distinct = sorted(set(tickers))
    mapping: ColumnMapping = base["mapping"]
    if len(distinct) == 1:
        symbol = mapping.symbol_value or _map_symbol(distinct[0], mapping)
        return FileLayout(layout=Layout.SINGLE, columns=roles, symbols=(symbol,) if symbol else (), **base)
    # Many tickers: "Close" columns, one per ticker, read like a wide file.
    column_symbols = {}
    for position, (name, ticker) in enumerate(zip(header[1:], tickers, strict=False), start=1):
        if _ROLES.get(_norm(name.split(".")[0])) == "close":
            symbol = _map_symbol(ticker, mapping)
            if symbol:
                column_symbols[str(position)] = symbol
    return FileLayout(
        layout=Layout.WIDE,
        columns={"date": 0},
        symbols=tuple(column_symbols.values()),
        column_symbols=column_symbols,
        **{**base, "adjustment_assumed": False},
    )


def _map_symbol(raw: str, mapping: ColumnMapping) -> str:
    if raw in mapping.symbol_map:
        return mapping.symbol_map[raw]
    return interchange_symbol(raw, mapping.mic)


_NOISE = {
    "price",
    "prices",
    "raw",
    "close",
    "closes",
    "daily",
    "adj",
    "adjusted",
    "ohlc",
    "ohlcv",
    "data",
    "stock",
    "stocks",
    "history",
    "hist",
    "to",
    "from",
    "bars",
    "eod",
    "day",
    "quotes",
    "long",
    "wide",
    "full",
    "all",
}


def _single_symbol(path: Path, mapping: ColumnMapping) -> str | None:
    """The symbol of a one-security file: the mapping's, else the file name's symbol-like
    part (``DELL_2025-01-02_to_2025-11-28.csv`` -> DELL, ``price_raw_aapl.csv`` -> AAPL)."""
    if mapping.symbol_value:
        return _map_symbol(mapping.symbol_value, mapping)
    stem = path.name
    for suffix in (".gz", ".csv", ".tsv", ".txt", ".parquet", ".pq"):
        stem = stem.removesuffix(suffix).removesuffix(suffix.upper())
    tokens = [t for t in re.split(r"_+", stem) if t]
    kept = [t for t in tokens if t.lower() not in _NOISE and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", t)]
    if not kept:
        return None
    return _map_symbol(kept[0] if len(kept) == 1 or "." in kept[0] else "_".join(kept), mapping)


def read_prices(layout: FileLayout) -> pd.DataFrame:
    """All bars of the file as a frame with ``FRAME_COLUMNS`` (one row per symbol, day,
    adjustment), closes positive, days unique per series. Raises PriceFileError."""
    try:
        raw = _read_raw(layout)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise PriceFileError(str(layout.path), f"cannot be parsed ({exc})") from exc
    if raw.empty:
        raise PriceFileError(str(layout.path), "has a header but no rows")
    frame = _melt_wide(raw, layout) if layout.layout is Layout.WIDE else _long_frame(raw, layout)
    return _clean(frame, layout)


def _read_raw(layout: FileLayout) -> pd.DataFrame:
    if layout.path.suffix.lower() in {".parquet", ".pq"}:
        return pd.read_parquet(layout.path)
    header: int | None = 0 if layout.header_rows else None
    skip = list(range(1, layout.header_rows)) if layout.header_rows > 1 else None
    dtype: dict[Any, Any] = {}
    for role in ("date", "symbol"):
        key = layout.columns.get(role)
        if key is not None and (isinstance(key, str) or header is None):
            dtype[key] = str
    return pd.read_csv(
        layout.path,
        sep=layout.sep,
        header=header,
        skiprows=skip,
        dtype=dtype,
        compression="gzip" if _is_gzip(layout.path) else None,
        low_memory=False,
    )


def _column(raw: pd.DataFrame, key: str | int) -> pd.Series:
    if key in raw.columns:
        return raw[key]
    if isinstance(key, int) or str(key).isdigit():
        return raw.iloc[:, int(key)]
    raise PriceFileError("?", f"column {key!r} not found")


def _long_frame(raw: pd.DataFrame, layout: FileLayout) -> pd.DataFrame:
    cols = layout.columns
    out = pd.DataFrame({"day": _parse_days(_column(raw, cols["date"]), layout.path)})
    if layout.layout is Layout.LONG:
        codes = _column(raw, cols["symbol"]).astype(str)
        mapping = {c: _map_symbol(c, layout.mapping) for c in codes.unique()}
        out["symbol"] = codes.map(mapping)
    else:
        if not layout.symbols:
            raise PriceFileError(
                str(layout.path), "no symbol in the file name; give ColumnMapping(symbol_value=...)"
            )
        out["symbol"] = layout.symbols[0]
    for role in ("close", "open", "high", "low", "volume"):
        out[role] = pd.to_numeric(_column(raw, cols[role]), errors="coerce") if role in cols else np.nan
    out["adjustment"] = layout.adjustment.value
    if "adj_close" not in cols:
        return out
    adjusted = out.copy()
    factor = pd.to_numeric(_column(raw, cols["adj_close"]), errors="coerce") / out["close"]
    for role in ("close", "open", "high", "low"):
        adjusted[role] = out[role] * factor
    adjusted["adjustment"] = Adjustment.SPLIT_DIV.value
    return pd.concat([out, adjusted], ignore_index=True)


def _melt_wide(raw: pd.DataFrame, layout: FileLayout) -> pd.DataFrame:
    days = _parse_days(_column(raw, layout.columns["date"]), layout.path)
    parts = []
    for column, symbol in layout.column_symbols.items():
        values = pd.to_numeric(_column(raw, column), errors="coerce")
        volume_col = f"{column}_volume"
        volume = pd.to_numeric(raw[volume_col], errors="coerce") if volume_col in raw.columns else np.nan
        parts.append(pd.DataFrame({"symbol": symbol, "day": days, "close": values, "volume": volume}))
    frame = pd.concat(parts, ignore_index=True)
    frame["open"] = frame["high"] = frame["low"] = np.nan
    frame["adjustment"] = layout.adjustment.value
    return frame


def _parse_days(values: pd.Series, path: Path) -> pd.Series:
    """Exchange-local days. The date is taken as written: a timestamp's offset says which
    zone it was written in, and the date part is already the exchange's own day."""
    text = values.astype(str).str.strip()
    days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for width, fmt in ((10, "%Y-%m-%d"), (10, "%Y/%m/%d"), (8, "%Y%m%d")):
        rest = days.isna()
        if not rest.any():
            break
        days.loc[rest] = pd.to_datetime(text[rest].str.slice(0, width), format=fmt, errors="coerce")
    rest = days.isna() & text.ne("") & text.ne("nan")
    if rest.any():
        fallback = pd.to_datetime(text[rest].str.slice(0, 19), errors="coerce", format="mixed")
        days.loc[rest] = fallback
    bad = int(days.isna().sum())
    if bad and bad > 0.05 * len(days):
        sample = text[days.isna()].head(3).tolist()
        raise PriceFileError(
            str(path),
            f"{bad:,} of {len(days):,} dates cannot be read, e.g. {sample}; give dates as YYYY-MM-DD",
        )
    return days.dt.normalize()


def _clean(frame: pd.DataFrame, layout: FileLayout) -> pd.DataFrame:
    frame = frame[frame["day"].notna() & frame["symbol"].astype(bool)]
    frame = frame[np.isfinite(frame["close"]) & (frame["close"] > 0)]
    frame = frame.sort_values(["symbol", "adjustment", "day"], kind="stable")
    frame = frame.drop_duplicates(["symbol", "adjustment", "day"], keep="last")
    if frame.empty:
        raise PriceFileError(str(layout.path), "has no row with a date and a positive close")
    return frame[FRAME_COLUMNS].reset_index(drop=True)

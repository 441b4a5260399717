"""Prices from local files: one file, or a folder of files in any of the known layouts.

A folder is indexed by reading headers only; files are parsed on first use and kept in
memory. When several files hold the same symbol with the same adjustment, the one with
the most bars inside the asked window serves it (then the longest history, then the path
name), and series are never stitched together from two sources: two vendors' closes
differ slightly, and a seam would show up as a return that never happened.

A folder may carry ``tickerlens-mapping.json``: ``{"glob pattern": {ColumnMapping
fields}}``, matched against paths relative to the folder, for files whose layout cannot
be detected or whose adjustment is known to differ from the default.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pandas as pd

from tickerlens.errors import NoPriceDataError, PriceFileError
from tickerlens.market.bars import Adjustment, Bar, BarSeries, PriceQuery
from tickerlens.market.provider import no_bars_in_window
from tickerlens.market.providers.layouts import (
    FRAME_COLUMNS,
    ColumnMapping,
    FileLayout,
    Layout,
    detect_layout,
    read_prices,
)

__all__ = ["MAPPING_FILE", "LocalFileProvider"]

MAPPING_FILE = "tickerlens-mapping.json"
_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt.gz", ".parquet", ".pq")


@dataclass(slots=True)
class _Series:
    """One (symbol, adjustment) series of one file, as arrays."""

    source: Path
    days: np.ndarray  # datetime64[D], ascending
    frame: pd.DataFrame  # FRAME_COLUMNS rows of this series
    assumed: bool

    def count_between(self, start: np.datetime64, end: np.datetime64) -> int:
        lo = np.searchsorted(self.days, start, side="left")
        hi = np.searchsorted(self.days, end, side="right")
        return int(hi - lo)


class LocalFileProvider:
    """Serves bars from price files under ``path``; ``skipped`` lists files that could not
    be read, with the reason, instead of failing the whole folder."""

    def __init__(
        self,
        path: str | Path,
        mappings: Mapping[str, ColumnMapping] | None = None,
        default_adjustment: Adjustment = Adjustment.SPLIT,
        name: str = "local",
    ) -> None:
        self.root = Path(path)
        if not self.root.exists():
            raise PriceFileError(str(self.root), "does not exist; give a price file or a folder of them")
        self.name = name
        self.default_adjustment = default_adjustment
        self.mappings = {**self._mapping_file(), **(mappings or {})}
        self.skipped: list[tuple[Path, str]] = []
        self._layouts = self._scan()
        self._series: dict[tuple[str, str], list[_Series]] | None = None
        self._loaded: set[Path] = set()

    # -- indexing --------------------------------------------------------------------
    def _mapping_file(self) -> dict[str, ColumnMapping]:
        sidecar = self.root / MAPPING_FILE if self.root.is_dir() else None
        if sidecar is None or not sidecar.exists():
            return {}
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PriceFileError(str(sidecar), f"is not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise PriceFileError(str(sidecar), 'must be an object {"glob": {mapping fields}}')
        return {str(k): ColumnMapping.from_dict(v, str(sidecar)) for k, v in data.items()}

    def _files(self) -> list[Path]:
        if self.root.is_file():
            return [self.root]
        found = (p for p in self.root.rglob("*") if p.is_file() and p.name.lower().endswith(_SUFFIXES))
        return sorted(found)

    def _mapping_for(self, path: Path) -> ColumnMapping | None:
        rel = path.name if self.root.is_file() else path.relative_to(self.root).as_posix()
        for pattern, mapping in self.mappings.items():
            if fnmatch(rel, pattern) or fnmatch(path.name, pattern):
                return mapping
        return None

    def _scan(self) -> list[FileLayout]:
        layouts = []
        for path in self._files():
            try:
                layout = detect_layout(path, self._mapping_for(path), self.default_adjustment)
                if layout.layout is not Layout.LONG and not layout.symbols:
                    raise PriceFileError(str(path), "names no symbol; give ColumnMapping(symbol_value=...)")
                layouts.append(layout)
            except PriceFileError as exc:
                if self.root.is_file():
                    raise
                self.skipped.append((path, exc.problem))
        if not layouts and self.root.is_dir():
            raise PriceFileError(str(self.root), "holds no readable price file (CSV, CSV.gz or Parquet)")
        return layouts

    # -- loading ---------------------------------------------------------------------
    def _candidates(self, symbol: str) -> list[FileLayout]:
        """Files that may hold ``symbol``: those naming it in their header, and long files."""
        return [lay for lay in self._layouts if lay.layout is Layout.LONG or symbol in lay.symbols]

    def _load(self, layouts: Iterable[FileLayout]) -> dict[tuple[str, str], list[_Series]]:
        if self._series is None:
            self._series = {}
        for layout in layouts:
            if layout.path in self._loaded:
                continue
            self._loaded.add(layout.path)
            try:
                frame = read_prices(layout)
            except PriceFileError as exc:
                if self.root.is_file():
                    raise
                self.skipped.append((layout.path, exc.problem))
                continue
            for (symbol, adjustment), part in frame.groupby(["symbol", "adjustment"], sort=False):
                days = part["day"].to_numpy(dtype="datetime64[D]")
                entry = _Series(layout.path, days, part, layout.adjustment_assumed)
                self._series.setdefault((str(symbol), str(adjustment)), []).append(entry)
        return self._series

    def symbols(self) -> set[str]:
        """Every symbol the files hold (parses them all)."""
        return {s for s, _ in self._load(self._layouts)}

    # -- the provider interface ------------------------------------------------------
    def fetch(self, query: PriceQuery) -> BarSeries:
        series = self._load(self._candidates(query.symbol))
        start, end = np.datetime64(query.start, "D"), np.datetime64(query.end, "D")
        fallback: _Series | None = None
        for adjustment in query.adjustments():
            options = series.get((query.symbol, adjustment.value), [])
            if not options:
                continue
            best = max(options, key=lambda s: (s.count_between(start, end), len(s.days), str(s.source)))
            if best.count_between(start, end):
                return self._to_series(query, adjustment, best, start, end)
            fallback = fallback or best
        if fallback is not None:
            have = [Bar(pd.Timestamp(d).date(), 1.0) for d in (fallback.days[0], fallback.days[-1])]
            raise no_bars_in_window(query, have, f"{fallback.source.name}")
        raise self._unknown(query, series)

    def _unknown(
        self, query: PriceQuery, series: Mapping[tuple[str, str], list[_Series]]
    ) -> NoPriceDataError:
        other = sorted(a for s, a in series if s == query.symbol)
        if other:
            return NoPriceDataError(
                query.symbol,
                f"the files under {self.root} hold only {', '.join(other)} closes for it, not "
                f"{query.adjustment}; ask for one of those",
            )
        return NoPriceDataError(
            query.symbol, f"not in any price file under {self.root}; add a file for it or check the symbol"
        )

    def _to_series(
        self,
        query: PriceQuery,
        adjustment: Adjustment,
        best: _Series,
        start: np.datetime64,
        end: np.datetime64,
    ) -> BarSeries:
        lo = int(np.searchsorted(best.days, start, side="left"))
        hi = int(np.searchsorted(best.days, end, side="right"))
        rows = best.frame.iloc[lo:hi]
        bars = tuple(
            Bar(day.date(), float(close), _num(o), _num(h), _num(low), _num(v))
            for day, close, o, h, low, v in zip(
                rows["day"],
                rows["close"],
                rows["open"],
                rows["high"],
                rows["low"],
                rows["volume"],
                strict=True,
            )
        )
        extra = {"adjustment_assumed": "true"} if best.assumed else {}
        return BarSeries(query.symbol, adjustment, self.name, bars, source=str(best.source), extra=extra)

    # -- bulk access for the store ---------------------------------------------------
    def frame(self, symbols: Iterable[str] | None = None) -> pd.DataFrame:
        """All bars (``FRAME_COLUMNS``) for ``symbols`` (all when None), one source per
        (symbol, adjustment): the one with the longest history, as ``fetch`` would pick
        for a window covering everything."""
        wanted = None if symbols is None else set(symbols)
        layouts = (
            self._layouts
            if wanted is None
            else [lay for lay in self._layouts if lay.layout is Layout.LONG or wanted & set(lay.symbols)]
        )
        series = self._load(layouts)
        parts = []
        for (symbol, _), options in series.items():
            if wanted is not None and symbol not in wanted:
                continue
            parts.append(max(options, key=lambda s: (len(s.days), str(s.source))).frame)
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype="float64") for c in FRAME_COLUMNS})
        return pd.concat(parts, ignore_index=True)


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number

"""Per-listing event-time series for batch returns: built once per batch, read by SQL.

For every listing a batch needs: its bars in day order numbered ``idx`` (event time)
and ``gpos`` (a dense position across all listings), its daily return, the benchmark's
return over the same span (benchmark closes taken as of each day, as
``market.event_study`` does), and running sums ``cn, cx, cy, cxx, cxy, cyy`` of the
valid pairs of returns (x the benchmark's, y the listing's), restarted per listing.

Each bar also carries the sums a story whose reference close is that bar needs: over the
estimation window (``est_*``) and over each event window (``<window>_n/_sx/_sy`` and the
position of the window's last bar, ``<window>_end``). They are differences of running
sums at fixed offsets, so the per-pair SQL needs one join (to the reference bar) instead
of one per offset; a window that runs past the listing's bars is NULL.

Running sums and offsets are computed with numpy and pandas' grouped cumulative sums
(one pass each) rather than SQL window functions, which were several times slower on two
cores; the per-pair work stays in SQL.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from tickerlens.market.adjust import split_like
from tickerlens.market.event_study import EventOptions, window_key

__all__ = ["DAY_KEY_SQL", "build_event_series", "day_key", "window_column"]

_EPOCH = np.datetime64("1900-01-01", "D")
_KEY_SPAN = 100_000  # more days than 1900-2100 holds


def day_key(sid: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The integer key of (listing, day): ``sid * 100000 + days since 1900-01-01``."""
    return sid.astype(np.int64) * _KEY_SPAN + (days.astype("datetime64[D]") - _EPOCH).astype(np.int64)


DAY_KEY_SQL = f"{{sid}}::BIGINT * {_KEY_SPAN} + ({{day}} - DATE '1900-01-01')"


Columns = dict[str, np.ndarray]


def _benchmark_levels(stock: Columns, bench: Columns) -> tuple[np.ndarray, np.ndarray]:
    """The benchmark close as of each listing day, and whether that day is past the
    benchmark's last close (then its return is unknown, not zero)."""
    level = np.full(len(stock["sid"]), np.nan)
    past = np.zeros(len(stock["sid"]), dtype=bool)
    days = stock["day"]
    for b in np.unique(bench["bid"]):
        rows = np.flatnonzero(stock["bid"] == b)
        mine = bench["bid"] == b
        bdays, closes = bench["day"][mine], bench["close"][mine]
        pos = np.searchsorted(bdays, days[rows], side="right") - 1
        level[rows] = np.where(pos >= 0, closes[np.clip(pos, 0, None)], np.nan)
        past[rows] = days[rows] > bdays[-1]
    return level, past


def _jumps(ratio: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """Split-like moves, looked for in raw series only (adjusted ones have none by design)."""
    jump = np.zeros(len(ratio), dtype=bool)
    rows = np.flatnonzero(raw)
    if len(rows):
        jump[rows] = split_like(ratio[rows])
    return jump


def _grouped_cumsum(values: np.ndarray, sid: np.ndarray) -> np.ndarray:
    return pd.Series(values).groupby(sid, sort=False).cumsum().to_numpy()


def _returns(stock: Columns, bench: Columns) -> Columns:
    sid = stock["sid"]
    n = len(sid)
    first = np.ones(n, dtype=bool)
    first[1:] = sid[1:] != sid[:-1]
    close = stock["close"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(first, np.nan, close / np.roll(close, 1))
        level, past = _benchmark_levels(stock, bench)
        m = np.where(first | past, np.nan, level / np.roll(level, 1) - 1.0)
    r = ratio - 1.0
    ok = np.isfinite(r) & np.isfinite(m)
    starts = np.flatnonzero(first)
    out: Columns = {
        "sid": sid.astype(np.int32),
        "idx": np.arange(n) - np.repeat(starts, np.diff(np.append(starts, n))),
        "gpos": np.arange(n, dtype=np.int64),
        "day": stock["day"],
        "close": close,
        "ratio": ratio,
        "jump": _jumps(ratio, stock["raw"]),
        "dkey": day_key(sid, stock["day"]),
    }
    out["x"], out["y"] = np.where(ok, m, np.nan), np.where(ok, r, np.nan)  # per-day returns, for AR paths
    x, y = np.where(ok, m, 0.0), np.where(ok, r, 0.0)
    terms = {"cn": ok.astype(np.float64), "cx": x, "cy": y, "cxx": x * x, "cxy": x * y, "cyy": y * y}
    for name, values in terms.items():
        out[name] = _grouped_cumsum(values, sid)
    return out


def window_column(kind: str, start: int, end: int) -> str:
    """``window_column("n", 0, 5)`` -> ``"w_0_p5_n"``: per-window columns of the series."""
    return f"w_{window_key(start, end)}_{kind}"


class _Offsets:
    """Reads running sums a fixed number of bars away within each listing. Per offset,
    the positions and the masks (before the listing's first bar, after its last) are
    worked out once and shared by every column read at that offset."""

    def __init__(self, sid: np.ndarray) -> None:
        starts = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]])
        sizes = np.diff(np.append(starts, len(sid)))
        self.first = np.repeat(starts, sizes)
        self.last = self.first + np.repeat(sizes, sizes) - 1
        self._at: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def where(self, offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if offset not in self._at:
            j = np.arange(len(self.first)) + offset
            self._at[offset] = (np.clip(j, 0, len(j) - 1), j < self.first, j > self.last)
        return self._at[offset]

    def read(self, cum: np.ndarray, offset: int, before: float) -> np.ndarray:
        """``before`` where the offset falls before the listing's first bar, NaN after its last."""
        pos, early, late = self.where(offset)
        out = cum[pos]
        out[early] = before
        out[late] = np.nan
        return out


def _add_window_sums(series: Columns, options: EventOptions) -> Columns:
    at = _Offsets(series["sid"])
    e0, e1 = options.estimation
    out = dict(series)
    for c in ("cn", "cx", "cy", "cxx", "cxy", "cyy"):  # estimation: bars day0+e0 .. day0+e1, day0 = ref + 1
        out[f"est_{c[1:]}"] = at.read(series[c], 1 + e1, 0.0) - at.read(series[c], e0, 0.0)
    for a, b in options.windows:
        _, early, _ = at.where(a)
        _, _, late = at.where(b + 1)
        for c, name in (("cn", "n"), ("cx", "sx"), ("cy", "sy")):
            out[window_column(name, a, b)] = at.read(series[c], b + 1, np.nan) - at.read(series[c], a, np.nan)
        out[window_column("end", a, b)] = np.where(early | late, np.nan, series["gpos"] + b + 1)
    return out


def _to_arrow(columns: Columns) -> pa.Table:
    """NaN becomes NULL on the way into DuckDB (a NaN would stay a NaN value there);
    counts and positions become integers."""
    arrays = {}
    for name, values in columns.items():
        if values.dtype.kind == "f" and (name.endswith(("_n", "_end")) or name == "cn"):
            missing = np.isnan(values)
            arrays[name] = pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing)
        else:
            arrays[name] = pa.array(values, from_pandas=True)
    return pa.table(arrays)


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> Columns:
    data = con.execute(sql).fetchnumpy()
    out = {k: np.asarray(v) for k, v in data.items()}
    if "day" in out:
        out["day"] = out["day"].astype("datetime64[D]")
    return out


def build_event_series(
    con: duckdb.DuckDBPyConnection, as_of: date | None, options: EventOptions, source: str = "prices"
) -> int:
    """Create ``batch_sd``, ``batch_last`` and ``batch_jumps`` from ``batch_syms`` (sid,
    symbol, benchmark) and ``batch_sel`` (the adjustment used per symbol)."""
    stock = _fetch(
        con,
        f"""
        SELECT sy.sid, coalesce(bs.sid, -1) AS bid, p.day, p.close, sel.adjustment = 'raw' AS raw
        FROM {source} p JOIN batch_sel sel ON p.symbol = sel.symbol AND p.adjustment = sel.adjustment
        JOIN batch_syms sy ON sy.symbol = p.symbol
        LEFT JOIN (SELECT DISTINCT benchmark, dense_rank() OVER (ORDER BY benchmark) AS sid
                   FROM batch_syms) bs
            ON bs.benchmark = sy.benchmark
        ORDER BY sy.sid, p.day""",
    )
    bench = _fetch(
        con,
        f"""
        SELECT bs.sid AS bid, p.day, p.close
        FROM {source} p JOIN batch_sel sel ON p.symbol = sel.symbol AND p.adjustment = sel.adjustment
        JOIN (SELECT DISTINCT benchmark, dense_rank() OVER (ORDER BY benchmark) AS sid FROM batch_syms) bs
            ON bs.benchmark = p.symbol
        ORDER BY bs.sid, p.day""",
    )
    series = _add_window_sums(_returns(stock, bench), options)
    con.register("_event_series", _to_arrow(series))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE batch_sd AS SELECT * FROM _event_series")
    finally:
        con.unregister("_event_series")
    limit = f"WHERE day <= DATE '{as_of.isoformat()}'" if as_of else ""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE batch_last AS
        SELECT sid, max(day) AS last_day, arg_max(idx, day) AS last_idx, arg_max(gpos, day) AS last_gpos
        FROM batch_sd {limit} GROUP BY sid""")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE batch_jumps AS SELECT sid, gpos, day, ratio FROM batch_sd WHERE jump"
    )
    return len(series["sid"])

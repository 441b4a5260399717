"""Change since inclusion: what a listing did from the close before a story to a later date.

``measure`` is pure: given the reference session, the bars and the benchmark's bars it
returns a ``ListingReturn``. It never invents a number. When a close is missing it says
which one and why, in words that fit after "not available, because": the same texts the
batch computation in ``store/returns.py`` writes, so a row reads the same whichever path
made it.

Units: ``pct_change`` is in percent (-6.87 means -6.87%); ``abnormal_return`` and the
CARs are fractions (-0.05 means -5%), as event studies write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from tickerlens.market.adjust import split_like_jumps
from tickerlens.market.bars import Adjustment, BarSeries
from tickerlens.market.event_study import EventOptions, aligned_returns, run_event_study

__all__ = [
    "NOT_AVAILABLE",
    "OK",
    "ListingReturn",
    "Target",
    "measure",
    "reason_after_end",
    "reason_as_of_before",
    "reason_before_start",
    "reason_ends_early",
    "reason_gap",
    "reason_no_published",
]

OK = "ok"
NOT_AVAILABLE = "not available"


def reason_no_published() -> str:
    return "the publication date is unknown; give it (--published)"


def reason_before_start(symbol: str, first: date, ref: date) -> str:
    return f"prices for {symbol} start on {first}, after the reference session {ref}"


def reason_after_end(symbol: str, last: date, ref: date) -> str:
    return f"prices for {symbol} end on {last}, before the reference session {ref}"


def reason_gap(symbol: str, ref: date) -> str:
    return (
        f"no close for {symbol} on {ref}, the last session before publication "
        "(a trading halt or a gap in the data)"
    )


def reason_as_of_before(as_of: date, ref: date) -> str:
    return f"the as-of date {as_of} is before the reference session {ref}"


def reason_ends_early(symbol: str, last: date, session: date) -> str:
    return f"the latest close of {symbol} is from {last}; the prices lack the session of {session}"


@dataclass(frozen=True, slots=True)
class Target:
    """One listing to measure: what the row is labelled with."""

    ticker: str
    mic: str | None
    currency: str | None = None
    company_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ListingReturn:
    ticker: str
    mic: str | None
    currency: str | None
    inclusion_date: date | None
    ref_date: date | None = None
    ref_close: float | None = None
    last_date: date | None = None
    last_close: float | None = None
    pct_change: float | None = None  # percent
    adjustment: str | None = None
    benchmark: str | None = None
    abnormal_return: float | None = None  # fraction, from the reference close to the last close
    car: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    status: str = OK
    reason: str | None = None  # when not available: the words after "because"
    company_id: str | None = None
    name: str | None = None
    provider: str | None = None
    stale: bool = False
    warnings: tuple[str, ...] = ()
    model: dict[str, float] | None = None  # alpha, beta, sigma2, n of the market model

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def display_status(self) -> str:
        return OK if self.ok else f"{NOT_AVAILABLE}, because {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (stable keys); dates as ISO strings."""
        return {
            "company_id": self.company_id,
            "name": self.name,
            "ticker": self.ticker,
            "mic": self.mic,
            "currency": self.currency,
            "inclusion_date": _iso(self.inclusion_date),
            "ref_date": _iso(self.ref_date),
            "ref_close": self.ref_close,
            "last_date": _iso(self.last_date),
            "last_close": self.last_close,
            "pct_change": self.pct_change,
            "adjustment": self.adjustment,
            "benchmark": self.benchmark,
            "abnormal_return": self.abnormal_return,
            "car": self.car,
            "model": self.model,
            "status": self.status,
            "reason": self.reason,
            "provider": self.provider,
            "stale": self.stale,
            "warnings": list(self.warnings),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def unavailable(target: Target, inclusion: date | None, reason: str, **known: Any) -> ListingReturn:
    return ListingReturn(
        target.ticker,
        target.mic,
        target.currency,
        inclusion,
        status=NOT_AVAILABLE,
        reason=reason,
        company_id=target.company_id,
        name=target.name,
        **known,
    )


def _ref_problem(series: BarSeries, ref: date) -> str:
    days = series.days
    if days[0] > ref:
        return reason_before_start(series.symbol, days[0], ref)
    if days[-1] < ref:
        return reason_after_end(series.symbol, days[-1], ref)
    return reason_gap(series.symbol, ref)


def measure(
    target: Target,
    inclusion: date,
    ref: date,
    as_of: date,
    series: BarSeries,
    bench: BarSeries | None,
    bench_problem: str | None = None,
    options: EventOptions | None = None,
    as_of_session: date | None = None,
) -> ListingReturn:
    """The row for ``target``: change from the close of session ``ref`` to the last close
    on or before ``as_of``, and the event study against ``bench`` when there is one.
    ``as_of_session`` (the exchange's last session on or before ``as_of``) lets the row
    warn when the prices end before it."""
    options = options or EventOptions()
    known: dict[str, Any] = {
        "ref_date": ref,
        "adjustment": series.adjustment.value,
        "provider": series.provider,
        "stale": series.stale,
    }
    found = _locate(series, ref, as_of)
    if isinstance(found, str):
        return unavailable(target, inclusion, found, **known)
    ref_idx, last_idx = found
    days, closes = series.days, series.closes
    warnings = _warnings(series, bench, bench_problem)
    if as_of_session is not None and days[last_idx] < as_of_session:
        warnings.append(reason_ends_early(series.symbol, days[last_idx], as_of_session))
    row = {
        **known,
        "ref_close": closes[ref_idx],
        "last_date": days[last_idx],
        "last_close": closes[last_idx],
        "pct_change": (closes[last_idx] / closes[ref_idx] - 1.0) * 100.0,
        "benchmark": bench.symbol if bench else None,
    }
    if bench is not None:
        row.update(_event_fields(series, bench, ref_idx, last_idx, options, warnings))
    return ListingReturn(
        target.ticker,
        target.mic,
        target.currency,
        inclusion,
        company_id=target.company_id,
        name=target.name,
        warnings=tuple(warnings),
        **row,
    )


def _locate(series: BarSeries, ref: date, as_of: date) -> tuple[int, int] | str:
    """Positions of the reference bar and of the last bar on or before ``as_of``, or the
    reason there is no change to show."""
    if as_of < ref:
        return reason_as_of_before(as_of, ref)
    days = series.days
    ref_idx = _index_of(days, ref)
    if ref_idx is None:
        return _ref_problem(series, ref)
    last_idx = (
        int(np.searchsorted(np.asarray(days, dtype="datetime64[D]"), np.datetime64(as_of, "D"), "right")) - 1
    )
    if series.adjustment is Adjustment.RAW:
        jumps = split_like_jumps(days[ref_idx : last_idx + 1], series.closes[ref_idx : last_idx + 1])
        if jumps:
            return _split_reason(series.symbol, *jumps[0])
    return ref_idx, last_idx


def _split_reason(symbol: str, day: date, ratio: float) -> str:
    return (
        f"raw closes of {symbol} move x{ratio:.4g} on {day}, which looks like an unadjusted split; "
        "use split-adjusted closes"
    )


def _index_of(days: list[date], day: date) -> int | None:
    pos = int(np.searchsorted(np.asarray(days, dtype="datetime64[D]"), np.datetime64(day, "D")))
    return pos if pos < len(days) and days[pos] == day else None


def _warnings(series: BarSeries, bench: BarSeries | None, bench_problem: str | None) -> list[str]:
    out = []
    if series.stale and series.note:
        out.append(series.note)
    if series.extra.get("adjustment_assumed"):
        where = Path(series.source).name if series.source else series.provider
        out.append(f"{where} does not say how its closes are adjusted; taken as {series.adjustment.label}")
    if bench is None and bench_problem:
        out.append(f"no abnormal return: {bench_problem}")
    if bench is not None and bench.stale and bench.note:
        out.append(bench.note)
    return out


def _event_fields(
    series: BarSeries,
    bench: BarSeries,
    ref_idx: int,
    last_idx: int,
    options: EventOptions,
    warnings: list[str],
) -> dict[str, Any]:
    r, m = aligned_returns(series.days, series.closes, bench.days, bench.closes)
    if series.adjustment is Adjustment.RAW:
        for day, ratio in split_like_jumps(series.days, series.closes):
            warnings.append(f"no abnormal return: {_split_reason(series.symbol, day, ratio)}")
            return {}
    result = run_event_study(r, m, ref_idx, last_idx, options)
    if result.model is None:
        warnings.append(f"no abnormal return against {bench.symbol}: {result.reason}")
        return {}
    model = result.model
    return {
        "abnormal_return": result.holding.car if result.holding else None,
        "car": {label: stat.to_dict() if stat else None for label, stat in result.cars.items()},
        "model": {"alpha": model.alpha, "beta": model.beta, "sigma2": model.sigma2, "n": model.n},
    }

"""The market-model event study of one listing around one story: pure functions on arrays.

Event time counts the listing's own trading days (its bars): day 0 is the first bar after
the reference close, day -1 the reference day itself. A daily return belongs to the day
it ends on. The benchmark is aligned to the listing's days as of each day (its last close
at or before it), so both returns span the same dates even where holidays differ, and a
halt turns into one return over the whole gap for both.

The market model ``R_t = alpha + beta * M_t + e_t`` is fitted by OLS over the estimation
window (default days -250 to -30, at least ``min_estimation`` returns). Abnormal returns
are ``AR_t = R_t - alpha - beta * M_t``; a window's CAR is their sum, and its variance
includes the estimation error of alpha and beta (MacKinlay 1997, eq. 7-8)::

    Var(CAR) = s^2 * (L + L^2 / n + (sum(M_w) - L * mean(M_est))^2 / Sxx)

for a window of L days, s^2 the residual variance (n - 2 degrees of freedom). The t
statistic is CAR / sqrt(Var(CAR)). A window counts only when every day in it has both
returns; otherwise it is left out, never filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from tickerlens.errors import ConfigError

__all__ = [
    "DEFAULT_WINDOWS",
    "CarStat",
    "EventOptions",
    "EventResult",
    "MarketModel",
    "aligned_returns",
    "fit_market_model",
    "parse_days",
    "run_event_study",
    "window_key",
    "window_label",
]

DEFAULT_WINDOWS: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 5), (0, 20))


def parse_days(text: str, setting: str) -> tuple[int, int]:
    """``"-250,-30"`` -> ``(-250, -30)``: a range of event days as a user writes it."""
    parts = [p.strip() for p in text.replace(":", ",").split(",")]
    try:
        first, last = (int(p) for p in parts)
    except ValueError as exc:
        raise ConfigError(setting, text, "expected two event days like -250,-30") from exc
    if first > last:
        raise ConfigError(setting, text, "the first day must not come after the last")
    return first, last


def window_key(start: int, end: int) -> str:
    """``(0, 5)`` -> ``"0_p5"``, ``(-1, 1)`` -> ``"m1_p1"``: a window as part of a column name."""

    def part(k: int) -> str:
        return f"p{k}" if k > 0 else (f"m{-k}" if k < 0 else "0")

    return f"{part(start)}_{part(end)}"


def window_label(start: int, end: int) -> str:
    """``(0, 5)`` -> ``"[0,+5]"``; the key used in JSON and in the store."""

    def fmt(k: int) -> str:
        return f"+{k}" if k > 0 else str(k)

    return f"[{fmt(start)},{fmt(end)}]"


@dataclass(frozen=True, slots=True)
class EventOptions:
    """Event-study settings; the defaults are the issue's and the literature's usual ones."""

    estimation: tuple[int, int] = (-250, -30)
    windows: tuple[tuple[int, int], ...] = DEFAULT_WINDOWS
    min_estimation: int = 100

    def __post_init__(self) -> None:
        lo, hi = self.estimation
        if lo >= hi:
            raise ConfigError("estimation", self.estimation, "the first day must come before the last")
        for start, end in self.windows:
            if start > end:
                raise ConfigError(
                    "windows", (start, end), "a window's first day must not come after its last"
                )
            if start <= hi:
                raise ConfigError(
                    "estimation",
                    self.estimation,
                    f"overlaps the event window {window_label(start, end)}; end it before day {start}",
                )
        if self.min_estimation < 3 or self.min_estimation > hi - lo + 1:
            raise ConfigError(
                "min_estimation",
                self.min_estimation,
                f"must be between 3 and the window's {hi - lo + 1} days",
            )


@dataclass(frozen=True, slots=True)
class MarketModel:
    alpha: float
    beta: float
    sigma2: float  # residual variance, n - 2 degrees of freedom
    n: int
    mean_m: float
    sxx: float  # sum of squared deviations of the market return

    def abnormal(self, r: np.ndarray, m: np.ndarray) -> np.ndarray:
        return np.asarray(r - self.alpha - self.beta * m, dtype=float)

    def car(self, start: int, end: int, r: np.ndarray, m: np.ndarray) -> CarStat:
        days = len(r)
        value = float(np.sum(self.abnormal(r, m)))
        var = self.sigma2 * (
            days + days**2 / self.n + (float(np.sum(m)) - days * self.mean_m) ** 2 / self.sxx
        )
        t = value / float(np.sqrt(var)) if var > 0 else None
        return CarStat(start, end, value, t, days)


@dataclass(frozen=True, slots=True)
class CarStat:
    start: int
    end: int
    car: float  # a fraction: 0.01 is one percent
    t_stat: float | None
    days: int

    @property
    def label(self) -> str:
        return window_label(self.start, self.end)

    def to_dict(self) -> dict[str, float | int | None]:
        return {"car": self.car, "t": self.t_stat, "days": self.days}


def fit_market_model(r: np.ndarray, m: np.ndarray) -> MarketModel:
    """OLS of ``r`` on a constant and ``m`` (centred sums, for accuracy)."""
    n = len(r)
    if n < 3:
        raise ValueError("the market model needs at least three returns")
    mean_m, mean_r = float(np.mean(m)), float(np.mean(r))
    dm, dr = m - mean_m, r - mean_r
    sxx = float(dm @ dm)
    if sxx <= 0:
        raise ValueError("the benchmark did not move in the estimation window")
    beta = float(dm @ dr) / sxx
    alpha = mean_r - beta * mean_m
    resid = r - alpha - beta * m
    return MarketModel(alpha, beta, float(resid @ resid) / (n - 2), n, mean_m, sxx)


def aligned_returns(
    days: Sequence[date], closes: Sequence[float], bench_days: Sequence[date], bench_closes: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Per bar of the listing: its return since the previous bar, and the benchmark's
    return over the same span (benchmark closes taken as of each day). NaN where a
    return cannot be had: the first bar, and days outside the benchmark's history."""
    close = np.asarray(closes, dtype=float)
    r = np.full(len(close), np.nan)
    r[1:] = close[1:] / close[:-1] - 1.0
    m = np.full(len(close), np.nan)
    if len(bench_days) == 0 or len(close) < 2:
        return r, m
    sd = np.asarray(days, dtype="datetime64[D]")
    bd = np.asarray(bench_days, dtype="datetime64[D]")
    bc = np.asarray(bench_closes, dtype=float)
    pos = np.searchsorted(bd, sd, side="right") - 1
    level = np.where(pos >= 0, bc[np.clip(pos, 0, None)], np.nan)
    m[1:] = level[1:] / level[:-1] - 1.0
    m[1:][sd[1:] > bd[-1]] = np.nan  # past the benchmark's last close: unknown, not flat
    return r, m


@dataclass(frozen=True, slots=True)
class EventResult:
    model: MarketModel | None
    cars: dict[str, CarStat | None]
    holding: CarStat | None  # from day 0 to the last day asked
    reason: str | None = None  # why there is no model, when there is none
    notes: list[str] = field(default_factory=list)


def run_event_study(
    r: np.ndarray, m: np.ndarray, ref_idx: int, last_idx: int, options: EventOptions
) -> EventResult:
    """The study for the listing whose reference bar is ``ref_idx`` and whose last bar
    known as of the date asked is ``last_idx`` (positions in ``r`` and ``m``)."""
    valid = np.isfinite(r) & np.isfinite(m)
    day0 = ref_idx + 1
    lo, hi = max(day0 + options.estimation[0], 1), day0 + options.estimation[1]
    est = np.arange(lo, hi + 1) if hi >= lo else np.arange(0)
    est = est[valid[est]] if len(est) else est
    if len(est) < options.min_estimation:
        return EventResult(
            None,
            dict.fromkeys(map(lambda w: window_label(*w), options.windows)),
            None,
            f"only {len(est)} returns with a benchmark return in the estimation window "
            f"(days {options.estimation[0]} to {options.estimation[1]}); "
            f"{options.min_estimation} are needed",
        )
    try:
        model = fit_market_model(r[est], m[est])
    except ValueError as exc:
        return EventResult(None, {}, None, str(exc))
    cars = {
        window_label(a, b): _window(model, r, m, valid, day0 + a, day0 + b, last_idx, (a, b))
        for a, b in options.windows
    }
    holding = _window(model, r, m, valid, day0, last_idx, last_idx, (0, last_idx - day0))
    return EventResult(model, cars, holding)


def _window(
    model: MarketModel,
    r: np.ndarray,
    m: np.ndarray,
    valid: np.ndarray,
    first: int,
    last: int,
    last_known: int,
    label: tuple[int, int],
) -> CarStat | None:
    if last < first:
        return CarStat(label[0], label[1], 0.0, None, 0) if last == first - 1 else None
    if first < 1 or last > last_known or last >= len(r) or not valid[first : last + 1].all():
        return None
    return model.car(label[0], label[1], r[first : last + 1], m[first : last + 1])

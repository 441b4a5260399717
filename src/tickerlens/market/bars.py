"""The price vocabulary every provider speaks: a query, a daily bar, a series of bars.

Adjustment is part of the identity of a series, never implied: the same day's close of
NVDA is 1,049.99 raw, 104.999 split-adjusted and a little less again split- and
dividend-adjusted. A provider says which one it returned, and every number computed from
the series carries that label on to the user.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import pairwise

from tickerlens.errors import InputError

__all__ = ["ADJUSTMENT_PREFERENCE", "Adjustment", "Bar", "BarSeries", "PriceQuery", "parse_adjustment"]


class Adjustment(StrEnum):
    RAW = "raw"  # closes as printed that day; a split shows as a jump
    SPLIT = "split"  # earlier closes divided by later split ratios
    SPLIT_DIV = "split_div"  # split-adjusted and scaled down for dividends paid since ("Adj Close")

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Adjustment.RAW: "raw closes",
    Adjustment.SPLIT: "split-adjusted closes",
    Adjustment.SPLIT_DIV: "split- and dividend-adjusted closes",
}

# What "any adjustment" means: a price change as quoted in the news is split-adjusted but
# not dividend-adjusted; raw closes come last because a split inside a window spoils them.
ADJUSTMENT_PREFERENCE: tuple[Adjustment, ...] = (Adjustment.SPLIT, Adjustment.SPLIT_DIV, Adjustment.RAW)


def parse_adjustment(value: str | Adjustment | None) -> Adjustment | None:
    """Read an adjustment given by a user; ``None`` or ``"auto"`` means "best available"."""
    if value is None or isinstance(value, Adjustment):
        return value
    text = value.strip().lower().replace("-", "_").replace("+", "_")
    if text in {"", "auto", "any"}:
        return None
    aliases = {
        "split_dividend": "split_div",
        "total": "split_div",
        "adj": "split_div",
        "adjusted": "split_div",
    }
    try:
        return Adjustment(aliases.get(text, text))
    except ValueError as exc:
        raise InputError(
            "--adjustment", f"{value!r} is not an adjustment; use auto, raw, split or split_div"
        ) from exc


@dataclass(frozen=True, slots=True)
class PriceQuery:
    """Daily closes of ``symbol`` (Yahoo-style) from ``start`` to ``end``, both inclusive.

    ``adjustment=None`` accepts whatever the provider has, in ``ADJUSTMENT_PREFERENCE``
    order; the returned series says which one it is.
    """

    symbol: str
    start: date
    end: date
    adjustment: Adjustment | None = None

    def __post_init__(self) -> None:
        if not self.symbol.strip():
            raise InputError("price query", "the symbol is empty")
        if self.start > self.end:
            raise InputError(
                f"price query for {self.symbol}",
                f"start {self.start} is after end {self.end}; swap them",
            )

    def adjustments(self) -> tuple[Adjustment, ...]:
        """The adjustments acceptable for this query, best first."""
        return (self.adjustment,) if self.adjustment else ADJUSTMENT_PREFERENCE


@dataclass(frozen=True, slots=True)
class Bar:
    day: date  # the exchange-local trading day
    close: float
    open: float | None = None
    high: float | None = None
    low: float | None = None
    volume: float | None = None


@dataclass(frozen=True, slots=True)
class BarSeries:
    """What a provider returns: bars in ascending day order, one per day, one adjustment.

    ``stale`` marks bars served from the cache while the provider could not be reached;
    ``note`` says why and since when.
    """

    symbol: str
    adjustment: Adjustment
    provider: str
    bars: tuple[Bar, ...]
    stale: bool = False
    note: str | None = None
    source: str | None = None  # file or URL the bars came from, when the provider knows
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        days = [b.day for b in self.bars]
        if any(a >= b for a, b in pairwise(days)):
            raise ValueError(f"bars of {self.symbol} are not in strictly ascending day order")

    @property
    def days(self) -> list[date]:
        return [b.day for b in self.bars]

    @property
    def closes(self) -> list[float]:
        return [b.close for b in self.bars]

    def between(self, start: date, end: date) -> BarSeries:
        kept = tuple(b for b in self.bars if start <= b.day <= end)
        return BarSeries(
            self.symbol, self.adjustment, self.provider, kept, self.stale, self.note, self.source
        )

    @classmethod
    def from_pairs(
        cls, symbol: str, adjustment: Adjustment, provider: str, pairs: Sequence[tuple[date, float]]
    ) -> BarSeries:
        return cls(symbol, adjustment, provider, tuple(Bar(d, float(c)) for d, c in pairs))

"""What the signals stage returns: entity sentiment, financial facts, price-claim checks.

These are boundary types (read by ``analyze``, the API, the store and the web page), so
their ``to_dict`` forms are the stable JSON contract: keys are never renamed, only added.
Offsets are character offsets into the article text, end exclusive, like linking's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "ClaimCheck",
    "ConsistencyCheck",
    "EntitySentiment",
    "Evidence",
    "Fact",
    "PriceClaim",
    "SentimentLabel",
    "Signals",
    "Verdict",
]


class SentimentLabel(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    CANNOT_CHECK = "cannot check"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that moved an entity's score, with the cue words that fired in it."""

    start: int
    end: int
    text: str
    score: float  # this sentence's score for the entity, in [-1, 1]
    weight: float  # how much it counted (own sentence > shared sentence > neighbour)
    cues: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "score": round(self.score, 4),
            "weight": round(self.weight, 4),
            "cues": list(self.cues),
        }


@dataclass(frozen=True, slots=True)
class EntitySentiment:
    company_id: str
    score: float  # in [-1, 1]
    label: SentimentLabel
    backend: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "label": self.label.value,
            "backend": self.backend,
            "evidence": [ev.to_dict() for ev in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """One number a story reports: an amount of money, a percentage, or a plain count.

    ``value`` is in units (scale applied: ``$5.5 billion`` is 5.5e9); ``qualifier`` keeps
    the hedge the writer used ("about", "more than", "nearly", "up to") because checks
    tolerate more for hedged numbers. ``bracket_of`` is the index of the fact this one
    restates in brackets ("$5.5 billion (about 40 billion yuan)").
    """

    kind: str  # "amount" or "percent"
    value: float
    text: str
    start: int
    end: int
    currency: str | None = None  # ISO 4217; None for percentages and bare numbers
    currency_text: str | None = None  # the symbol or word as written ("NT$", "yuan")
    scale: str | None = None  # the scale word as written ("billion", "亿"); None if absent
    metric: str | None = None  # "revenue", "net_profit", "market_value", "charge", ...
    period: str | None = None  # normalised: "2025Q1", "FY2025", "2024", "YTD", ...
    direction: int = 0  # +1 increase, -1 decrease, 0 level or unknown
    qualifier: str | None = None
    company_id: str | None = None
    sentence: int = 0
    bracket_of: int | None = None
    checks: tuple[ConsistencyCheck, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "value": self.value,
            "currency": self.currency,
            "scale": self.scale,
            "metric": self.metric,
            "period": self.period,
            "direction": self.direction,
            "qualifier": self.qualifier,
            "company_id": self.company_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "bracket_of": self.bracket_of,
            "checks": [check.to_dict() for check in self.checks],
        }


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    """Whether a number holds together, with the reason in words a reader can verify."""

    check: str  # "bracket_conversion", "missing_scale", "market_value_move"
    verdict: Verdict
    reason: str
    expected: float | None = None
    found: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "expected": self.expected,
            "found": self.found,
        }


@dataclass(frozen=True, slots=True)
class PriceClaim:
    """A statement about how a stock's price moved, before it is checked.

    The window is resolved against the publication date: a one-day move (``start`` is
    None and ``end`` the day), or a change from the close on ``start`` to ``end``.
    """

    text: str
    start: int
    end: int
    claimed_pct: float  # signed: -7.0 for "fell nearly 7%"
    qualifier: str | None  # "nearly", "about", "more than", "up to", "exact", "limit"
    kind: str  # "day", "window", "year", "ytd", "limit"
    company_id: str | None = None
    sentence: int = 0
    day: date | None = None  # for one-day moves and the end of windows, when the text names it
    window: tuple[date, date] | None = None  # calendar window (start, end) when resolved
    decimals: int = 0  # decimals the writer gave: precision sets the tolerance
    note: str = ""  # how the date was resolved

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "claimed_pct": self.claimed_pct,
            "qualifier": self.qualifier,
            "kind": self.kind,
            "company_id": self.company_id,
            "sentence": self.sentence,
            "day": _iso(self.day),
            "window": [_iso(d) for d in self.window] if self.window else None,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    claim: PriceClaim
    verdict: Verdict
    reason: str
    symbol: str | None = None
    measured_pct: float | None = None
    from_date: date | None = None  # the base close's day
    to_date: date | None = None  # the last close's day
    from_close: float | None = None
    to_close: float | None = None
    tolerance: tuple[float, float] | None = None  # accepted range of the measured change, in %

    def to_dict(self) -> dict[str, object]:
        return {
            **self.claim.to_dict(),
            "symbol": self.symbol,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "measured_pct": None if self.measured_pct is None else round(self.measured_pct, 4),
            "from_date": _iso(self.from_date),
            "to_date": _iso(self.to_date),
            "from_close": self.from_close,
            "to_close": self.to_close,
            "accepted_range": list(self.tolerance) if self.tolerance else None,
        }


@dataclass(slots=True)
class Signals:
    """Everything the signals stage found in one article."""

    sentiment: dict[str, EntitySentiment] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    claims: list[ClaimCheck] = field(default_factory=list)

    @property
    def issues(self) -> list[tuple[Fact, ConsistencyCheck]]:
        """The facts whose numbers do not hold together, with the failed check."""
        return [
            (fact, check)
            for fact in self.facts
            for check in fact.checks
            if check.verdict is Verdict.INCONSISTENT
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "sentiment": {cid: s.to_dict() for cid, s in self.sentiment.items()},
            "facts": [f.to_dict() for f in self.facts],
            "claims": [c.to_dict() for c in self.claims],
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()

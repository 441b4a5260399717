"""What linking returns: a company, its listings on the story's date, and the evidence.

These are the boundary types every later stage reads (signals, market, store, serve).
Offsets are character offsets into the article text as given (title not included),
end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["CompanyLink", "ListingRef", "Mention", "Role"]


class Role(StrEnum):
    PRIMARY = "primary"  # a main subject of the story
    SECONDARY = "secondary"  # discussed, but not the subject
    PASSING = "passing"  # named in passing


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    sentence: int  # index of the sentence it is in (0-based)
    kind: str = "alias"  # "alias", "ticker", "person", "possessive"
    in_title: bool = False


@dataclass(frozen=True, slots=True)
class ListingRef:
    mic: str
    symbol: str  # the exchange's own code
    ticker: str  # Yahoo-style interchange symbol
    currency: str | None = None
    isin: str | None = None
    primary: bool = False


@dataclass(slots=True)
class CompanyLink:
    company_id: str
    name: str
    kind: str  # universe Kind value: "listed", "unlisted", ...
    listings: list[ListingRef]
    mentions: list[Mention]
    confidence: float  # 0-1: how sure we are that these mentions mean this company
    relevance: float  # 0-1: how much the story is about it
    role: Role
    zh_name: str | None = None
    short_name: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def listed(self) -> bool:
        return bool(self.listings)

    @property
    def tickers(self) -> list[str]:
        return [lst.ticker for lst in self.listings]

    def to_dict(self) -> dict[str, object]:
        """The JSON form of the evaluation contract (keys are stable)."""
        return {
            "id": self.company_id,
            "name": self.name,
            "short_name": self.short_name or self.name,
            "zh_name": self.zh_name,
            "listed": self.listed,
            "kind": self.kind,
            "tickers": self.tickers,
            "listings": [
                {
                    "mic": lst.mic,
                    "symbol": lst.symbol,
                    "ticker": lst.ticker,
                    "currency": lst.currency,
                    "isin": lst.isin,
                    "primary": lst.primary,
                }
                for lst in self.listings
            ],
            "role": self.role.value,
            "relevance": round(self.relevance, 4),
            "confidence": round(self.confidence, 4),
            "mentions": [
                {"text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence, "kind": m.kind}
                for m in self.mentions
            ],
            **self.extra,
        }

"""The security master's vocabulary: companies, their names and their listings.

Exchanges are keyed by ISO 10383 MIC and currencies by ISO 4217; the Yahoo-style
symbol (``688256.SS``) is the interchange form and is derived, never stored as a key.
Dates make the master point-in-time: a listing or a name is valid from ``start`` to
``end`` (both optional, ``end`` exclusive), so a story is linked with the facts of its day.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Any

__all__ = [
    "Alias",
    "Company",
    "Kind",
    "Listing",
    "by_constructor",
]


class Kind(StrEnum):
    LISTED = "listed"
    UNLISTED = "unlisted"  # private companies, start-ups, subsidiaries without own shares
    GOVERNMENT = "government"
    MEDIA = "media"  # an outlet cited as a source; linked only when it is the subject
    NONPROFIT = "nonprofit"
    FUND = "fund"  # ETFs and funds


_FIELD_GETTERS: dict[type, attrgetter[Any]] = {}


def by_constructor(obj: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a frozen dataclass as a call of its constructor. The default goes through
    dataclasses' ``__setstate__``, which looks the fields up again for every object: about
    three times slower to load, and the universe and alias caches hold a few hundred
    thousand of these, loaded by every command."""
    cls = type(obj)
    getter = _FIELD_GETTERS.get(cls)
    if getter is None:
        getter = _FIELD_GETTERS[cls] = attrgetter(*(f.name for f in fields(cls)))
    return cls, getter(obj)


@dataclass(frozen=True, slots=True)
class Listing:
    """One line of stock on one exchange, over the dates it traded under this symbol."""

    mic: str
    symbol: str  # the exchange's own code: "NVDA", "688256", "700" (HKEX), "2330", "SHEL"
    currency: str | None = None
    isin: str | None = None
    primary: bool = False
    start: date | None = None
    end: date | None = None  # delisting or ticker change; exclusive

    __reduce__ = by_constructor

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def yahoo(self) -> str:
        from tickerlens.universe.symbols import to_yahoo

        return to_yahoo(self.mic, self.symbol)


@dataclass(frozen=True, slots=True)
class Alias:
    """A name a company goes by. ``lang`` is "en", "zh" (simplified), "zh-Hant" or "any".

    ``kind`` is "name" (legal or canonical), "short" (what news writes), "former",
    "brand" or "translation" (a rendering seen in the wild, such as "Cambrian").
    ``context`` forces the alias to need supporting evidence before it links; when
    None, the linker decides from word frequency and shape.
    """

    text: str
    lang: str = "en"
    kind: str = "short"
    start: date | None = None
    end: date | None = None
    context: bool | None = None

    __reduce__ = by_constructor


@dataclass(frozen=True, slots=True)
class Company:
    id: str  # stable slug, e.g. "nvidia"
    name: str  # canonical English name
    kind: Kind
    country: str | None = None  # ISO 3166-1 alpha-2
    aliases: tuple[Alias, ...] = ()
    people: tuple[str, ...] = ()  # best-known executives and founders
    parent: str | None = None  # id of the parent company, if any
    listings: tuple[Listing, ...] = ()
    sector: str | None = None
    source: str = "core"  # "core" (curated), or the importer that brought it
    zh_name: str | None = None

    __reduce__ = by_constructor

    @property
    def listed(self) -> bool:
        return bool(self.listings)

    @property
    def short_name(self) -> str:
        """The name news writes ("Nvidia", "Alibaba"), for tables; the canonical name when
        there is none."""
        shorts = [a.text for a in self.aliases if a.kind == "short" and a.lang == "en"]
        return shorts[0] if shorts else self.name  # the curated list puts the usual name first

    def listings_on(self, day: date | None) -> list[Listing]:
        """Listings trading on ``day`` (today's when None), primary first.

        A story from before a delisting still gets the ticker of its day.
        """
        active = [lst for lst in self.listings if lst.active_on(day)]
        return sorted(active, key=lambda lst: (not lst.primary, lst.mic, lst.symbol))


@dataclass(frozen=True, slots=True)
class UniverseStats:
    companies: int
    listed: int
    unlisted: int
    listings: int
    aliases: int
    by_source: dict[str, int] = field(default_factory=dict)
    by_mic: dict[str, int] = field(default_factory=dict)

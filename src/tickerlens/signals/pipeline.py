"""The signals stage as one call: sentiment per company, facts with their checks, and
price claims checked against prices.

Order matters only in one place: claims are checked before facts, because the
market-value check of a fact uses the measured move of the claim in its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import split_sentences
from tickerlens.market.provider import PriceProvider
from tickerlens.signals.claim_check import check_claims
from tickerlens.signals.claims import find_claims
from tickerlens.signals.consistency import check_facts
from tickerlens.signals.facts import extract_facts
from tickerlens.signals.fx import FxProvider, ReferenceFxProvider
from tickerlens.signals.model import Signals
from tickerlens.signals.sentiment import SentimentBackend, score_entities

__all__ = ["analyze_signals"]


def analyze_signals(
    article_text: str,
    title: str | None,
    published: date | datetime | None,
    links: Sequence[CompanyLink],
    *,
    prices: PriceProvider | None = None,
    fx: FxProvider | None = None,
    backend: SentimentBackend | None = None,
    published_offset: int | None = None,
) -> Signals:
    """Signals of one article. Without ``prices`` claims are reported as "cannot check";
    without ``fx`` the bundled annual-average rates are used.

    Relative dates ("yesterday", "on April 16") are read on the writer's calendar: give
    ``published_offset`` (minutes east of UTC, as ``Article`` keeps it) with a UTC
    ``published`` so a story out at 07:00 in Beijing is dated that day, not the day before.
    """
    day = _local_day(published, published_offset)
    spans = split_sentences(article_text)
    sentiment = score_entities(article_text, links, backend=backend, title=title, spans=spans)
    claims = check_claims(find_claims(article_text, links, day, spans=spans), links, prices, published)
    facts = extract_facts(article_text, links, day, spans=spans)
    facts = check_facts(facts, day, fx if fx is not None else ReferenceFxProvider(), claims)
    return Signals(sentiment=sentiment, facts=facts, claims=claims)


def _local_day(published: date | datetime | None, offset_minutes: int | None) -> date | None:
    if not isinstance(published, datetime):
        return published
    if offset_minutes is not None and published.tzinfo is not None:
        return (published.astimezone(UTC) + timedelta(minutes=offset_minutes)).date()
    return published.date()

"""Signals: what a story says about each company it names.

``analyze_signals`` runs the stage on one article: entity-level sentiment (lexicon by
default, a local FinBERT-style model when configured), financial facts with consistency
checks, and price claims checked against daily closes.
"""

from tickerlens.signals.model import (
    ClaimCheck,
    ConsistencyCheck,
    EntitySentiment,
    Evidence,
    Fact,
    PriceClaim,
    SentimentLabel,
    Signals,
    Verdict,
)
from tickerlens.signals.pipeline import analyze_signals
from tickerlens.signals.sentiment import SentimentBackend, get_backend, score_entities, score_text

__all__ = [
    "ClaimCheck",
    "ConsistencyCheck",
    "EntitySentiment",
    "Evidence",
    "Fact",
    "PriceClaim",
    "SentimentBackend",
    "SentimentLabel",
    "Signals",
    "Verdict",
    "analyze_signals",
    "get_backend",
    "score_entities",
    "score_text",
]

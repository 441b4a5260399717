"""How much a story is about each company it names: a 0-1 relevance and a role.

In the spirit of RavenPack's relevance and LSEG's first-mention sentence, from signals
a reader uses too: named in the headline or a section heading, named early, named
often (relative to the other companies), and named across the story rather than in one
list. A company that owns a section of the story (its heading and most mentions
there) is a main subject even when another company dominates the whole text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tickerlens.linking.model import Mention, Role

__all__ = ["RelevanceInput", "role_for", "score_relevance"]

_WEIGHT = {"alias": 1.0, "ticker": 1.0, "person": 0.4, "possessive": 1.0}


@dataclass(frozen=True, slots=True)
class RelevanceInput:
    mentions: list[Mention]
    n_sentences: int
    heading_sentences: frozenset[int]
    total_weight: float  # weighted mentions of all companies in the story


def _weight(mentions: list[Mention]) -> float:
    return sum(_WEIGHT.get(m.kind, 1.0) for m in mentions if not m.in_title)


def score_relevance(inp: RelevanceInput) -> float:
    body = [m for m in inp.mentions if not m.in_title]
    in_title = len(body) != len(inp.mentions)
    n = _weight(inp.mentions)
    count = 1.0 - math.exp(-n / 6.0)
    share = n / inp.total_weight if inp.total_weight else 0.0
    first = min((m.sentence for m in body), default=inp.n_sentences)
    lead = 1.0 if first < 3 or (inp.n_sentences and first / inp.n_sentences < 0.08) else 0.0
    heading = 1.0 if any(m.sentence in inp.heading_sentences for m in body) else 0.0
    sentences = {m.sentence for m in body}
    spread = min(1.0, 4.0 * len(sentences) / max(inp.n_sentences, 1))
    score = (
        0.35 * (1.0 if in_title else 0.0)
        + 0.30 * count
        + 0.12 * heading
        + 0.10 * lead
        + 0.08 * min(1.0, 3.0 * share)
        + 0.05 * spread
    )
    if in_title:
        score = max(score, 0.6)
    return round(min(1.0, score), 4)


def role_for(relevance: float, rank: int) -> Role:
    """Primary for the clear subjects, secondary for companies discussed, else passing."""
    if relevance >= 0.42 or (rank == 0 and relevance >= 0.3):
        return Role.PRIMARY
    if relevance >= 0.17:
        return Role.SECONDARY
    return Role.PASSING

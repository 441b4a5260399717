"""Entity-level sentiment: is the story good or bad news for each company it names?

A company's score comes from the sentences that name it, never from the whole article:
a story about one firm's export ban names its rivals as the winners. Sentences that
name only this company count most (1.0), shared sentences less (0.8, and inside them a
cue counts for the name it is said of, see ``cues``). The next sentence counts 0.5 when
it names no other company and goes on about this one ("Its net loss widened."); the
previous one does not count (measured on FinEntity: it added more noise than signal).
The title counts 1.5.

Backends score segments (a sentence with its target and other names marked) and share
one small interface, so the Loughran-McDonald lexicon with our rules (the default, no
download, works on a fresh machine) and a FinBERT-style transformer are interchangeable.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tickerlens.errors import ConfigError
from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import sentence_index, split_sentences
from tickerlens.settings import Settings
from tickerlens.signals.cues import Cue, clause_marks, drop_ticker_brackets, find_cues, score_cues
from tickerlens.signals.lexicon import Tokens, may_have_cues, tokenize
from tickerlens.signals.model import EntitySentiment, Evidence, SentimentLabel

__all__ = [
    "ENTITY_THRESHOLD",
    "TEXT_THRESHOLD",
    "LexiconBackend",
    "Segment",
    "SegmentScore",
    "SentimentBackend",
    "TextSentiment",
    "get_backend",
    "label_for",
    "score_entities",
    "score_text",
]

# A score at or beyond these is positive / negative. One plain cue scores 0.5, so a
# sentence needs one clear cue; an entity needs its cues to lean clearly one way.
TEXT_THRESHOLD = 0.2
ENTITY_THRESHOLD = 0.15
_WEIGHT_OWN = 1.0
_WEIGHT_SHARED = 0.8
_WEIGHT_NEXT = 0.5
_WEIGHT_TITLE = 1.5
_DAMPING = 0.5  # keeps a single weak sentence from making a company strongly good or bad
_MAX_EVIDENCE = 3
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_MAY_BRACKET = re.compile(r"[<(（\[]")  # the openers drop_ticker_brackets looks for
# A sentence that opens with a pronoun or "the company" continues the one before it.
_REFERS_BACK = re.compile(
    r"[\"“‘'(]?\s*(?:(?:It|Its|It's|They|Their|He|She|His|Her|This|That|These|Those|Such|"
    r"The (?:company|firm|group|bank|lender|carmaker|chipmaker|maker|retailer|insurer|business|stock|shares?|"
    r"results?|move|deal|report|outlook|guidance|board|management)|Shares|Sales|Revenue|Profit|Earnings|"
    r"Net (?:profit|income|loss|sales)|Operating (?:profit|income|loss)|Analysts|However|But|Meanwhile|Also|"
    r"In addition|Moreover|Still|Yet)\b"
    r"|(?:该公司|公司|其|该股|该行|集团|他|她|此外|同时|但|不过|然而|另外|股价|业绩|营收|净利润))"
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text to score; ``targets`` / ``others`` are character spans within it."""

    text: str
    targets: tuple[tuple[int, int], ...] = ()
    others: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SegmentScore:
    score: float  # in [-1, 1]
    cues: tuple[str, ...] = ()


class SentimentBackend(Protocol):
    name: str

    def score_segments(self, segments: Sequence[Segment]) -> list[SegmentScore]: ...


class LexiconBackend:
    """Loughran-McDonald plus our English and Chinese cue lists and rules; target aware."""

    name = "lexicon"

    def score_segments(self, segments: Sequence[Segment]) -> list[SegmentScore]:
        # A sentence shared by several companies is read once: tokens, cues and token
        # offsets are kept by text, and only the attribution is redone per target.
        cache: dict[str, _Read | None] = {}
        out = []
        for seg in segments:
            if seg.text in cache:
                read = cache[seg.text]
            else:
                read = cache[seg.text] = _read(seg.text)
            if read is None:
                out.append(SegmentScore(0.0))
                continue
            tokens, cues, marks = read
            score, fired = score_cues(
                tokens,
                cues,
                _token_ranges(tokens.starts, tokens.ends, seg.targets),
                _token_ranges(tokens.starts, tokens.ends, seg.others),
                marks,
            )
            out.append(SegmentScore(score, tuple(fired)))
        return out


# A sentence's tokens, its cues and its clause marks.
_Read = tuple[Tokens, list[Cue], list[int]]


def _read(text: str) -> _Read | None:
    """Tokens and cues of a sentence; None when it has no cue (it scores 0 for everyone)."""
    if not may_have_cues(text):
        return None
    tokens = tokenize(text)
    if _MAY_BRACKET.search(text):  # no opening bracket, nothing for drop_ticker_brackets to drop
        tokens = drop_ticker_brackets(tokens)
    marks = clause_marks(tokens)
    cues = find_cues(tokens, marks)
    if not cues:
        return None
    return tokens, cues, marks


@dataclass(frozen=True, slots=True)
class TextSentiment:
    score: float
    label: SentimentLabel
    backend: str
    evidence: tuple[Evidence, ...] = ()


def get_backend(settings: Settings | None = None) -> SentimentBackend:
    """The backend the settings ask for; the transformer needs ``transformer_model``."""
    if settings is None or settings.sentiment_backend == "lexicon":
        return LexiconBackend()
    if settings.sentiment_backend == "transformer":
        from tickerlens.signals.sentiment_transformer import TransformerBackend

        if settings.transformer_model is None:
            raise ConfigError(
                "transformer_model",
                None,
                "the transformer backend needs a local model folder; set "
                "TICKERLENS_TRANSFORMER_MODEL or use sentiment_backend=lexicon",
            )
        return TransformerBackend(settings.transformer_model)
    raise ConfigError("sentiment_backend", settings.sentiment_backend, "use 'lexicon' or 'transformer'")


def label_for(score: float, threshold: float = TEXT_THRESHOLD) -> SentimentLabel:
    if score >= threshold:
        return SentimentLabel.POSITIVE
    if score <= -threshold:
        return SentimentLabel.NEGATIVE
    return SentimentLabel.NEUTRAL


def detect_lang(text: str) -> str:
    cjk = len(_CJK_RE.findall(text[:2000]))
    return "zh" if cjk >= 0.2 * max(1, len(text[:2000].strip())) or cjk >= 20 else "en"


def score_text(
    text: str, *, backend: SentimentBackend | None = None, lang: str | None = None
) -> TextSentiment:
    """Sentence-level sentiment of a whole text (a headline, a phrase, a paragraph)."""
    del lang  # both backends read English and Chinese; kept for the shared signature
    engine = backend or LexiconBackend()
    spans = split_sentences(text) or [(0, len(text))]
    scores = engine.score_segments([Segment(text[s:e]) for s, e in spans])
    weighted = [((s, e), sc, 1.0) for (s, e), sc in zip(spans, scores, strict=True)]
    score = _combine([(sc.score, w) for _, sc, w in weighted], damping=0.0 if len(spans) == 1 else _DAMPING)
    label = label_for(score, TEXT_THRESHOLD)
    return TextSentiment(score, label, engine.name, _evidence(text, weighted, label))


def score_entities(
    text: str,
    links: Sequence[CompanyLink],
    *,
    backend: SentimentBackend | None = None,
    lang: str | None = None,
    title: str | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> dict[str, EntitySentiment]:
    """Score, label and evidence sentences for every linked company, keyed by company id.

    ``spans`` are the text's sentences when the caller has already split it."""
    del lang
    engine = backend or LexiconBackend()
    spans = split_sentences(text) if spans is None else spans
    by_sentence = _mentions_by_sentence(text, spans, links)
    title_names = _title_mentions(title, links)
    plan: list[tuple[str, tuple[int, int], float, Segment]] = []
    named_in = _sentences_of(by_sentence)
    for link in links:
        plan.extend(
            _plan_company(link.company_id, text, spans, by_sentence, named_in.get(link.company_id, []))
        )
        if title and link.company_id in title_names:
            names = title_names
            seg = _segment(
                title,
                (0, len(title)),
                names[link.company_id],
                [sp for cid, sps in names.items() if cid != link.company_id for sp in sps],
            )
            plan.append((link.company_id, (-1, -1), _WEIGHT_TITLE, seg))
    scores = engine.score_segments([p[3] for p in plan]) if plan else []
    rows_of: dict[str, list[tuple[tuple[int, int], SegmentScore, float]]] = {}
    for (cid, span, w, _), sc in zip(plan, scores, strict=True):
        rows_of.setdefault(cid, []).append((span, sc, w))
    out: dict[str, EntitySentiment] = {}
    for link in links:
        rows = rows_of.get(link.company_id, [])
        score = _combine([(sc.score, w) for _, sc, w in rows], _DAMPING)
        label = label_for(score, ENTITY_THRESHOLD)
        evidence = _evidence(text, [r for r in rows if r[0][0] >= 0], label, title)
        out[link.company_id] = EntitySentiment(link.company_id, score, label, engine.name, evidence)
    return out


def _sentences_of(by_sentence: dict[int, dict[str, list[tuple[int, int]]]]) -> dict[str, list[int]]:
    """Company id -> the sentences that name it, in order."""
    out: dict[str, list[int]] = {}
    for i in sorted(by_sentence):
        for cid in by_sentence[i]:
            out.setdefault(cid, []).append(i)
    return out


def _plan_company(
    company_id: str,
    text: str,
    spans: list[tuple[int, int]],
    by_sentence: dict[int, dict[str, list[tuple[int, int]]]],
    own: list[int],
) -> list[tuple[str, tuple[int, int], float, Segment]]:
    """The segments that speak of one company; ``own`` are the sentences naming it, in order."""
    plan = []
    used: set[int] = set()
    for i in own:
        names = by_sentence[i]
        others = [sp for cid, sps in names.items() if cid != company_id for sp in sps]
        weight = _WEIGHT_OWN if not others else _WEIGHT_SHARED
        plan.append((company_id, spans[i], weight, _segment(text, spans[i], names[company_id], others)))
        used.add(i)
    for i in own:
        j = i + 1
        if j < len(spans) and j not in used and j not in by_sentence:
            sentence = text[spans[j][0] : spans[j][1]]
            if _REFERS_BACK.match(sentence):  # it goes on about the company: "Its net loss widened."
                plan.append((company_id, spans[j], _WEIGHT_NEXT, Segment(sentence)))
                used.add(j)
    return plan


def _segment(
    text: str, span: tuple[int, int], targets: list[tuple[int, int]], others: list[tuple[int, int]]
) -> Segment:
    """A sentence as a segment, with name spans made relative to its start."""
    offset = span[0]
    return Segment(
        text[span[0] : span[1]],
        tuple([(s - offset, e - offset) for s, e in targets]),
        tuple([(s - offset, e - offset) for s, e in others]),
    )


def _mentions_by_sentence(
    text: str, spans: list[tuple[int, int]], links: Sequence[CompanyLink]
) -> dict[int, dict[str, list[tuple[int, int]]]]:
    out: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for link in links:
        for mention in link.mentions:
            if mention.in_title or not spans or mention.end > len(text):
                continue
            idx = mention.sentence  # the linker's, when it split the same sentences
            if not (0 <= idx < len(spans) and spans[idx][0] <= mention.start < spans[idx][1]):
                idx = sentence_index(spans, mention.start)
            out.setdefault(idx, {}).setdefault(link.company_id, []).append((mention.start, mention.end))
    return out


def _title_mentions(title: str | None, links: Sequence[CompanyLink]) -> dict[str, list[tuple[int, int]]]:
    if not title:
        return {}
    out: dict[str, list[tuple[int, int]]] = {}
    for link in links:
        for mention in link.mentions:
            if mention.in_title and mention.end <= len(title):
                out.setdefault(link.company_id, []).append((mention.start, mention.end))
    return out


def _token_ranges(
    starts: list[int], ends: list[int], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Character spans -> token index ranges (tokens overlapping the span), given the
    tokens' start and end offsets."""
    if not spans:
        return []
    out = []
    for start, end in spans:
        first = bisect_right(ends, start)  # first token ending after the span starts
        last = bisect_left(starts, end)  # first token starting at or after the span ends
        if first < last:
            out.append((first, last))
        elif first > 0:  # a name inside a dropped bracket, "(SHA: 688256)": the word before it
            out.append((first - 1, first))
    return out


def _combine(rows: Sequence[tuple[float, float]], damping: float) -> float:
    """Weighted mean over the sentences that said something; silent ones do not dilute it."""
    total = sum(score * weight for score, weight in rows)
    voiced = sum(weight for score, weight in rows if score != 0.0)
    if voiced == 0.0:
        return 0.0
    return max(-1.0, min(1.0, total / (voiced + damping)))


def _evidence(
    text: str,
    rows: Sequence[tuple[tuple[int, int], SegmentScore, float]],
    label: SentimentLabel,
    title: str | None = None,
) -> tuple[Evidence, ...]:
    del title
    sign = {SentimentLabel.POSITIVE: 1, SentimentLabel.NEGATIVE: -1}.get(label, 0)
    chosen = [r for r in rows if r[1].score != 0 and (sign == 0 or r[1].score * sign > 0)]
    chosen.sort(key=lambda r: -abs(r[1].score * r[2]))
    return tuple(Evidence(s, e, text[s:e], sc.score, w, sc.cues) for (s, e), sc, w in chosen[:_MAX_EVIDENCE])

"""From tokens to signed cues, and from cues to a score for one target.

The rules a reader applies without thinking, written down:

* a direction takes its sign from what moves: "profit rose" is good, "net loss
  widened" bad, "costs fell" good; a direction said of shares or an index is a price
  move; a direction of nothing named counts a little;
* a negator up to three words before a cue flips it ("did not beat"), "not only" does
  not; intensifiers and diminishers scale it ("sharply", "slightly");
* event words carry their own sign (ban, sanction, charge, downgrade, beat, record
  profit, approval ...);
* a cue counts fully for the company it is said of: the nearest name, measured in
  words with a clause boundary counting as several, names joined by "and" sharing it.
  A company named in a benefit frame ("turn to X", "X benefits") gains, and the bad
  news of that sentence belongs to someone else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import attrgetter, is_not

from tickerlens.signals.lexicon import BOUNDARY_PUNCT, COORDINATORS, Token

__all__ = ["Cue", "clause_marks", "drop_ticker_brackets", "find_cues", "score_cues"]

_WINDOW = 6  # words between a direction and the metric it moves
_PHRASAL = frozenset(
    "give given gives gave giving set sets pick picks picked shut shuts step steps stepped back backs backed "
    "scale scaled break breaks broke broken turn turns turned wind winds wound slow slows slowed calm calmed "
    "hold holds held tie tied cool cooled gear geared sign signs signed team teamed start started wrap wraps "
    "wrapped shake shook crack cracked clamp clamped come comes came sum sums summed make made end ended "
    "open opens opened stand stands stood bring brings brought".split()
)
_REACH_BACK = 15  # words back to a metric named earlier in the sentence
_NEGATION_REACH = 3
_CLAUSE_COST = 6  # a clause boundary counts as this many words of distance
_FORWARD_CLAUSE_COST = 12  # extra for a name in a later clause than the cue
_UNNAMED_DIRECTION = 0.4  # "fell 5%" with no metric or price word in reach
_OTHER_SHARE = 0.2  # what a cue said of another company still counts for this one
_SENTIMENT_KINDS = frozenset({"pos", "neg", "up", "down", "good", "bad", "benefit", "harm"})
_BRACKETS = {"<": ">", "(": ")", "（": "）", "[": "]"}
_DAMPING = 1.0  # one plain cue scores 0.5, two agreeing cues 0.67
_EXAMPLE_MARKERS = ("such as", "including", "like", "e.g", "for example", "as well as")
_NORM = attrgetter("norm")
_ENTRY = attrgetter("entry")


@dataclass(frozen=True, slots=True)
class Cue:
    index: int  # token index the cue is anchored at
    value: float  # signed strength
    text: str
    benefit: bool = False
    unnamed: bool = False  # a direction of nothing named: a company's own move when said of it


def drop_ticker_brackets(tokens: Sequence[Token]) -> list[Token]:
    """Remove ``<NVDA.O>`` and short cue-free brackets such as ``(SHA: 688256)``.

    They annotate the name before them; left in, they would separate "Apple <AAPL.O> and
    Microsoft" and count as clause boundaries between a name and what is said of it.
    """
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        closer = _BRACKETS.get(tokens[i].norm)
        if closer is not None:
            j = next((k for k in range(i + 1, min(len(tokens), i + 8)) if tokens[k].norm == closer), None)
            if j is not None and not any(_bears_sentiment(t) for t in tokens[i + 1 : j]):
                i = j + 1
                continue
        out.append(tokens[i])
        i += 1
    return out


def _bears_sentiment(tok: Token) -> bool:
    return tok.entry is not None and tok.entry.kind in _SENTIMENT_KINDS


def clause_marks(tokens: Sequence[Token]) -> list[int]:
    """Running count of clause boundaries: ``marks[k]`` is how many of ``tokens[:k]`` are
    boundaries, so "is there one between i and j" is one subtraction, not a scan (the
    rules ask it for every cue and every name)."""
    flags = list(map(BOUNDARY_PUNCT.__contains__, map(_NORM, tokens)))
    for i in _with_entries(tokens):
        entry = tokens[i].entry
        if entry is not None and entry.kind == "contrast":
            flags[i] = True
    return list(accumulate(flags, initial=0))


def _with_entries(tokens: Sequence[Token]) -> list[int]:
    """Indexes of the tokens that matched the lexicon (a few in a sentence), found at C speed."""
    return list(compress(count(), map(is_not, map(_ENTRY, tokens), repeat(None))))


def find_cues(tokens: Sequence[Token], marks: Sequence[int] | None = None) -> list[Cue]:
    """Signed cues of a token sequence, with direction/metric pairs composed.

    ``marks`` are the tokens' ``clause_marks`` when the caller has them."""
    marks = clause_marks(tokens) if marks is None else marks
    consumed: set[int] = set()
    cues: list[Cue] = []
    entries = _with_entries(tokens)
    for i in entries:
        tok = tokens[i]
        entry = tok.entry
        if entry is None or i in consumed:
            continue
        kind = entry.kind
        if kind in ("up", "down"):
            cue = _direction(tokens, marks, i, consumed)
        elif kind in ("pos", "neg"):
            cue = Cue(i, entry.weight if kind == "pos" else -entry.weight, tok.norm)
        elif kind == "benefit":
            cue = Cue(i, entry.weight, tok.norm, benefit=True)
        elif kind == "harm":
            cue = Cue(i, -entry.weight, tok.norm)
        else:
            continue
        if cue is not None:
            cues.append(_modify(tokens, cue))
    cues.extend(_lone_bad_metrics(tokens, entries, consumed))
    return cues


def _direction(tokens: Sequence[Token], marks: Sequence[int], i: int, consumed: set[int]) -> Cue | None:
    entry = tokens[i].entry
    assert entry is not None
    sign = 1.0 if entry.kind == "up" else -1.0
    metric = _nearest(tokens, marks, i, ("good", "bad"), consumed)
    if metric is not None:
        consumed.add(metric)
        metric_entry = tokens[metric].entry
        assert metric_entry is not None
        msign = 1.0 if metric_entry.kind == "good" else -1.0
        return Cue(i, sign * msign * entry.weight, f"{tokens[metric].norm} {tokens[i].norm}")
    if _nearest(tokens, marks, i, ("price",), set()) is not None:
        return Cue(i, sign * entry.weight, tokens[i].norm)
    if tokens[i].norm in ("up", "down") and i > 0 and tokens[i - 1].norm in _PHRASAL:
        return None  # "given up", "shut down": a particle, not a move
    metric = _metric_earlier(tokens, i, consumed)
    if metric is not None:  # "revenue reached NT$839 billion, a year-on-year increase of 41%"
        metric_entry = tokens[metric].entry
        assert metric_entry is not None
        msign = 1.0 if metric_entry.kind == "good" else -1.0
        return Cue(i, 0.8 * sign * msign * entry.weight, f"{tokens[metric].norm} .. {tokens[i].norm}")
    return Cue(i, sign * entry.weight * _UNNAMED_DIRECTION, tokens[i].norm, unnamed=True)


def _nearest(
    tokens: Sequence[Token], marks: Sequence[int], i: int, kinds: tuple[str, ...], skip: set[int]
) -> int | None:
    """Closest token of ``kinds`` within the window and clause; before wins a tie."""
    n = len(tokens)
    for step in range(1, _WINDOW + 1):
        for j in (i - step, i + step):
            if 0 <= j < n:
                entry = tokens[j].entry
                if entry is not None and entry.kind in kinds and j not in skip and _same_clause(marks, i, j):
                    return j
    return None


def _metric_earlier(tokens: Sequence[Token], i: int, consumed: set[int]) -> int | None:
    """A metric further back in the sentence, across commas but not across ';' or "but"."""
    for j in range(i - 1, max(-1, i - 1 - _REACH_BACK), -1):
        tok = tokens[j]
        if tok.norm in (";", "；", "。", ".") or (tok.entry is not None and tok.entry.kind == "contrast"):
            return None
        if j not in consumed and tok.entry is not None and tok.entry.kind in ("good", "bad"):
            return j
    return None


def _same_clause(marks: Sequence[int], i: int, j: int) -> bool:
    """No clause boundary strictly between tokens ``i`` and ``j`` (see ``clause_marks``)."""
    lo, hi = (i, j) if i < j else (j, i)
    return hi - lo < 2 or marks[hi] == marks[lo + 1]


def _is_boundary(tok: Token) -> bool:
    if tok.norm in BOUNDARY_PUNCT:
        return True
    return tok.entry is not None and tok.entry.kind == "contrast"


def _modify(tokens: Sequence[Token], cue: Cue) -> Cue:
    value = cue.value
    text = cue.text
    for j in range(cue.index - 1, max(-1, cue.index - 1 - _NEGATION_REACH), -1):
        tok = tokens[j]
        if _is_boundary(tok):
            break
        entry = tok.entry
        if entry is None:
            continue
        if entry.kind == "negator" and not _not_only(tokens, j):
            value = -0.8 * value
            text = f"{tok.norm} {text}"
            break
        if entry.kind in ("intensify", "diminish"):
            value *= entry.weight
            text = f"{tok.norm} {text}"
    after = tokens[cue.index + 1] if cue.index + 1 < len(tokens) else None
    if after is not None and after.entry is not None and after.entry.kind in ("intensify", "diminish"):
        value *= after.entry.weight  # "fell sharply", "rose slightly"
        text = f"{text} {after.norm}"
    return Cue(cue.index, value, text, cue.benefit, cue.unnamed)


def _not_only(tokens: Sequence[Token], j: int) -> bool:
    return j + 1 < len(tokens) and tokens[j + 1].norm in ("only", "just", "merely", "least")


def _lone_bad_metrics(tokens: Sequence[Token], entries: list[int], consumed: set[int]) -> list[Cue]:
    """A loss or an impairment reported without a direction is bad news by itself.
    ``entries`` are the indexes of the tokens that matched the lexicon."""
    out = []
    for i in entries:
        tok = tokens[i]
        if i in consumed or tok.entry is None or tok.entry.kind != "bad":
            continue
        if tok.norm in (
            "loss",
            "losses",
            "net loss",
            "operating loss",
            "亏损",
            "净亏损",
        ) or tok.norm.startswith(("impairment", "write")):
            out.append(_modify(tokens, Cue(i, -tok.entry.weight, tok.norm)))
    return out


def score_cues(
    tokens: Sequence[Token],
    cues: Sequence[Cue],
    targets: Sequence[tuple[int, int]] = (),
    others: Sequence[tuple[int, int]] = (),
    marks: Sequence[int] | None = None,
) -> tuple[float, list[str]]:
    """Score in [-1, 1] for the target named at ``targets`` (token index ranges).

    With no targets, every cue counts fully (sentence-level sentiment). A cue said of
    another company (it is nearer to them) counts ``_OTHER_SHARE``; a benefit frame
    around the target cancels the sentence's bad news for it. ``marks`` are the tokens'
    ``clause_marks`` when the caller has them (a sentence scored for several names).
    """
    if not cues:
        return 0.0, []
    if marks is None:
        marks = clause_marks(tokens) if targets else ()
    weights = _attribution(tokens, marks, cues, targets, others)
    if targets and all(_is_source(tokens, s, e) for s, e in targets):
        weights = [0.0] * len(weights)  # the view is the source's, about something else
    benefit = bool(targets) and any(c.benefit and w == 1.0 for c, w in zip(cues, weights, strict=True))
    pos = neg = 0.0
    fired: list[str] = []
    for cue, weight in zip(cues, weights, strict=True):
        value = cue.value * weight
        if cue.unnamed and targets and weight == 1.0 and _follows_name(marks, cue.index, targets):
            value /= _UNNAMED_DIRECTION  # "Apple rose 2%": the company's own move
        if benefit and value < 0:
            continue
        if value > 0:
            pos += value
        elif value < 0:
            neg -= value
        if weight >= 0.5 and value != 0:
            fired.append(cue.text)
    return (pos - neg) / (pos + neg + _DAMPING), fired


def _follows_name(marks: Sequence[int], index: int, targets: Sequence[tuple[int, int]]) -> bool:
    return any(e <= index and _same_clause(marks, e - 1, index) and index - e <= _WINDOW for _, e in targets)


def _is_source(tokens: Sequence[Token], start: int, end: int) -> bool:
    """ "analysts at X", "according to X", "X economists": X gives a view, the view is not about X."""
    before = [t for t in tokens[max(0, start - 4) : start]]
    after = tokens[end : end + 2]
    if any(t.entry is not None and t.entry.kind == "source" for t in after):
        return True
    if before and before[-1].norm in ("'s", "’s"):
        return False
    for k, tok in enumerate(before):
        if tok.entry is not None and tok.entry.kind == "source":
            rest = before[k + 1 :]
            if all(t.norm in ("at", "of", "from", "with", "the", "by") for t in rest):
                return True
    return False


def _attribution(
    tokens: Sequence[Token],
    marks: Sequence[int],
    cues: Sequence[Cue],
    targets: Sequence[tuple[int, int]],
    others: Sequence[tuple[int, int]],
) -> list[float]:
    if not targets or not others:
        return [1.0] * len(cues)
    groups = _groups(tokens, [(s, e, True) for s, e in targets] + [(s, e, False) for s, e in others])
    weights = []
    for cue in cues:
        best = min(groups, key=lambda g: (_cost(tokens, marks, cue.index, g), g[0] > cue.index))
        weights.append(1.0 if best[2] else _OTHER_SHARE)
    return weights


def _cost(tokens: Sequence[Token], marks: Sequence[int], index: int, group: tuple[int, int, bool]) -> float:
    """Distance from a cue to a name; names after the cue are objects, not actors, and
    examples after it ("customers such as X") are rarely what the cue is about."""
    start, end, _ = group
    distance = float(_distance(marks, index, start, end))
    if start > index:
        distance *= 1.5
        before = " ".join(t.norm for t in tokens[max(0, start - 2) : start])
        if before.endswith(_EXAMPLE_MARKERS):
            distance += 8
        if not _same_clause(marks, index, start):
            distance += _FORWARD_CLAUSE_COST  # "... will be lost, and X will no longer buy": not X's loss
    return distance


def _groups(tokens: Sequence[Token], spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Merge names joined only by "and", commas or 、 into one group (target if any is)."""
    spans.sort()
    groups: list[tuple[int, int, bool]] = []
    for start, end, is_target in spans:
        if groups:
            g_start, g_end, g_target = groups[-1]
            between = tokens[g_end:start]
            if all(t.norm in COORDINATORS for t in between):
                groups[-1] = (g_start, max(g_end, end), g_target or is_target)
                continue
        groups.append((start, end, is_target))
    return groups


def _distance(marks: Sequence[int], index: int, start: int, end: int) -> int:
    if start <= index < end:
        return 0
    lo, hi = (index, start) if index < start else (end - 1, index)
    crossings = marks[hi] - marks[lo + 1] if hi > lo + 1 else 0
    return (hi - lo) + _CLAUSE_COST * crossings

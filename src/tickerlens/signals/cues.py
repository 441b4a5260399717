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
from itertools import accumulate, compress, count
from typing import NamedTuple

from tickerlens.signals.lexicon import BOUNDARY_PUNCT, COORDINATORS, Entry, Tokens

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


class Cue(NamedTuple):
    """A signed cue. A named tuple: sentences are scored by the thousand, each cue is built
    twice (found, then modified), and a frozen dataclass costs a call per field."""

    at: int  # index of the token the cue is anchored at
    value: float  # signed strength
    text: str
    benefit: bool = False
    unnamed: bool = False  # a direction of nothing named: a company's own move when said of it


def drop_ticker_brackets(tokens: Tokens) -> Tokens:
    """Remove ``<NVDA.O>`` and short cue-free brackets such as ``(SHA: 688256)``.

    They annotate the name before them; left in, they would separate "Apple <AAPL.O> and
    Microsoft" and count as clause boundaries between a name and what is said of it.
    """
    norms, entries = tokens.norms, tokens.entries
    n = len(norms)
    dropped: list[tuple[int, int]] = []
    done = 0  # tokens before ``done`` are kept or dropped already
    for i in compress(count(), map(_BRACKETS.__contains__, norms)):
        if i < done:
            continue  # inside a bracket already dropped
        closer = _BRACKETS[norms[i]]
        j = next((k for k in range(i + 1, min(n, i + 8)) if norms[k] == closer), None)
        if j is not None and not any(_bears_sentiment(entries[k]) for k in range(i + 1, j)):
            dropped.append((i, j + 1))
            done = j + 1
    if not dropped:
        return tokens
    keep = [True] * n
    for i, end in dropped:
        keep[i:end] = [False] * (end - i)
    return Tokens.of(
        list(compress(tokens.starts, keep)),
        list(compress(tokens.ends, keep)),
        list(compress(norms, keep)),
        list(compress(entries, keep)),
    )


def _bears_sentiment(entry: Entry | None) -> bool:
    return entry is not None and entry.kind in _SENTIMENT_KINDS


def clause_marks(tokens: Tokens) -> list[int]:
    """Running count of clause boundaries: ``marks[k]`` is how many of the first ``k``
    tokens are boundaries, so "is there one between i and j" is one subtraction, not a
    scan (the rules ask it for every cue and every name)."""
    flags = list(map(BOUNDARY_PUNCT.__contains__, tokens.norms))
    entries = tokens.entries
    for i in tokens.lexical:
        entry = entries[i]
        if entry is not None and entry.kind == "contrast":
            flags[i] = True
    return list(accumulate(flags, initial=0))


def find_cues(tokens: Tokens, marks: Sequence[int] | None = None) -> list[Cue]:
    """Signed cues of a sentence's tokens, with direction/metric pairs composed.

    ``marks`` are the tokens' ``clause_marks`` when the caller has them."""
    marks = clause_marks(tokens) if marks is None else marks
    consumed: set[int] = set()
    cues: list[Cue] = []
    norms, entries = tokens.norms, tokens.entries
    for i in tokens.lexical:
        entry = entries[i]
        if entry is None or i in consumed:
            continue
        kind = entry.kind
        if kind in ("up", "down"):
            cue = _direction(tokens, marks, i, consumed)
        elif kind in ("pos", "neg"):
            cue = Cue(i, entry.weight if kind == "pos" else -entry.weight, norms[i])
        elif kind == "benefit":
            cue = Cue(i, entry.weight, norms[i], benefit=True)
        elif kind == "harm":
            cue = Cue(i, -entry.weight, norms[i])
        else:
            continue
        if cue is not None:
            cues.append(_modify(tokens, cue))
    cues.extend(_lone_bad_metrics(tokens, consumed))
    return cues


def _direction(tokens: Tokens, marks: Sequence[int], i: int, consumed: set[int]) -> Cue | None:
    norms, entries = tokens.norms, tokens.entries
    entry = entries[i]
    assert entry is not None
    sign = 1.0 if entry.kind == "up" else -1.0
    metric = _nearest(entries, marks, i, ("good", "bad"), consumed)
    if metric is not None:
        consumed.add(metric)
        metric_entry = entries[metric]
        assert metric_entry is not None
        msign = 1.0 if metric_entry.kind == "good" else -1.0
        return Cue(i, sign * msign * entry.weight, f"{norms[metric]} {norms[i]}")
    if _nearest(entries, marks, i, ("price",), set()) is not None:
        return Cue(i, sign * entry.weight, norms[i])
    if norms[i] in ("up", "down") and i > 0 and norms[i - 1] in _PHRASAL:
        return None  # "given up", "shut down": a particle, not a move
    metric = _metric_earlier(tokens, i, consumed)
    if metric is not None:  # "revenue reached NT$839 billion, a year-on-year increase of 41%"
        metric_entry = entries[metric]
        assert metric_entry is not None
        msign = 1.0 if metric_entry.kind == "good" else -1.0
        return Cue(i, 0.8 * sign * msign * entry.weight, f"{norms[metric]} .. {norms[i]}")
    return Cue(i, sign * entry.weight * _UNNAMED_DIRECTION, norms[i], unnamed=True)


def _nearest(
    entries: Sequence[Entry | None], marks: Sequence[int], i: int, kinds: tuple[str, ...], skip: set[int]
) -> int | None:
    """Closest token of ``kinds`` within the window and clause; before wins a tie."""
    n = len(entries)
    for step in range(1, _WINDOW + 1):
        for j in (i - step, i + step):
            if 0 <= j < n:
                entry = entries[j]
                if entry is not None and entry.kind in kinds and j not in skip and _same_clause(marks, i, j):
                    return j
    return None


def _metric_earlier(tokens: Tokens, i: int, consumed: set[int]) -> int | None:
    """A metric further back in the sentence, across commas but not across ';' or "but"."""
    norms, entries = tokens.norms, tokens.entries
    for j in range(i - 1, max(-1, i - 1 - _REACH_BACK), -1):
        entry = entries[j]
        if norms[j] in (";", "；", "。", ".") or (entry is not None and entry.kind == "contrast"):
            return None
        if j not in consumed and entry is not None and entry.kind in ("good", "bad"):
            return j
    return None


def _same_clause(marks: Sequence[int], i: int, j: int) -> bool:
    """No clause boundary strictly between tokens ``i`` and ``j`` (see ``clause_marks``)."""
    lo, hi = (i, j) if i < j else (j, i)
    return hi - lo < 2 or marks[hi] == marks[lo + 1]


def _modify(tokens: Tokens, cue: Cue) -> Cue:
    norms, entries = tokens.norms, tokens.entries
    value = cue.value
    text = cue.text
    for j in range(cue.at - 1, max(-1, cue.at - 1 - _NEGATION_REACH), -1):
        entry = entries[j]
        if norms[j] in BOUNDARY_PUNCT:
            break
        if entry is None:
            continue
        if entry.kind == "contrast":
            break
        if entry.kind == "negator" and not _not_only(norms, j):
            value = -0.8 * value
            text = f"{norms[j]} {text}"
            break
        if entry.kind in ("intensify", "diminish"):
            value *= entry.weight
            text = f"{norms[j]} {text}"
    after = cue.at + 1
    if after < len(norms):
        entry = entries[after]
        if entry is not None and entry.kind in ("intensify", "diminish"):
            value *= entry.weight  # "fell sharply", "rose slightly"
            text = f"{text} {norms[after]}"
    return Cue(cue.at, value, text, cue.benefit, cue.unnamed)


def _not_only(norms: Sequence[str], j: int) -> bool:
    return j + 1 < len(norms) and norms[j + 1] in ("only", "just", "merely", "least")


def _lone_bad_metrics(tokens: Tokens, consumed: set[int]) -> list[Cue]:
    """A loss or an impairment reported without a direction is bad news by itself."""
    out = []
    norms, entries = tokens.norms, tokens.entries
    for i in tokens.lexical:
        entry = entries[i]
        if i in consumed or entry is None or entry.kind != "bad":
            continue
        norm = norms[i]
        if norm in (
            "loss",
            "losses",
            "net loss",
            "operating loss",
            "亏损",
            "净亏损",
        ) or norm.startswith(("impairment", "write")):
            out.append(_modify(tokens, Cue(i, -entry.weight, norm)))
    return out


def score_cues(
    tokens: Tokens,
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
        if cue.unnamed and targets and weight == 1.0 and _follows_name(marks, cue.at, targets):
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


def _is_source(tokens: Tokens, start: int, end: int) -> bool:
    """ "analysts at X", "according to X", "X economists": X gives a view, the view is not about X."""
    norms, entries = tokens.norms, tokens.entries
    first = max(0, start - 4)
    if any(entry is not None and entry.kind == "source" for entry in entries[end : end + 2]):
        return True
    if start > first and norms[start - 1] in ("'s", "’s"):
        return False
    for k in range(first, start):
        entry = entries[k]
        if (
            entry is not None
            and entry.kind == "source"
            and all(norm in ("at", "of", "from", "with", "the", "by") for norm in norms[k + 1 : start])
        ):
            return True
    return False


def _attribution(
    tokens: Tokens,
    marks: Sequence[int],
    cues: Sequence[Cue],
    targets: Sequence[tuple[int, int]],
    others: Sequence[tuple[int, int]],
) -> list[float]:
    if not targets or not others:
        return [1.0] * len(cues)
    groups = _groups(tokens.norms, [(s, e, True) for s, e in targets] + [(s, e, False) for s, e in others])
    weights = []
    norms = tokens.norms
    for cue in cues:
        best = min(groups, key=lambda g: (_cost(norms, marks, cue.at, g), g[0] > cue.at))
        weights.append(1.0 if best[2] else _OTHER_SHARE)
    return weights


def _cost(norms: Sequence[str], marks: Sequence[int], index: int, group: tuple[int, int, bool]) -> float:
    """Distance from a cue to a name; names after the cue are objects, not actors, and
    examples after it ("customers such as X") are rarely what the cue is about."""
    start, end, _ = group
    distance = float(_distance(marks, index, start, end))
    if start > index:
        distance *= 1.5
        before = " ".join(norms[max(0, start - 2) : start])
        if before.endswith(_EXAMPLE_MARKERS):
            distance += 8
        if not _same_clause(marks, index, start):
            distance += _FORWARD_CLAUSE_COST  # "... will be lost, and X will no longer buy": not X's loss
    return distance


def _groups(norms: Sequence[str], spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Merge names joined only by "and", commas or 、 into one group (target if any is)."""
    spans.sort()
    groups: list[tuple[int, int, bool]] = []
    for start, end, is_target in spans:
        if groups:
            g_start, g_end, g_target = groups[-1]
            if all(norm in COORDINATORS for norm in norms[g_end:start]):
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

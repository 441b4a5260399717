"""Financial facts: the amounts and percentages a story reports, what they measure, for
which company and which period.

A fact is read from its sentence: the metric is the nearest metric word before the
number in its clause (or just after it: "a $5.5 billion charge"), the direction the
nearest increase/decrease word before it ("a year-on-year increase of 41%"), the period
the nearest period in the sentence, and the company the nearest linked mention before
it in the sentence, else after it, else the last one named in the two sentences before.
A number restated in brackets ("$5.5 billion (about 40 billion yuan)") points at the
fact it restates, so consistency checks can compare the two.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import split_sentences
from tickerlens.signals.casing import case_odd, word_key
from tickerlens.signals.model import Fact
from tickerlens.signals.numbers import scan_raw
from tickerlens.signals.periods import period_labels
from tickerlens.signals.trie import trie_pattern

__all__ = ["METRICS", "extract_facts"]

# Canonical metric -> words that name it (English lower-case; Chinese as written).
METRICS: dict[str, tuple[str, ...]] = {
    "revenue": (
        "revenue",
        "revenues",
        "sales",
        "net sales",
        "turnover",
        "operating income",
        "top line",
        "营收",
        "营业收入",
        "营业总收入",
        "收入",
        "销售额",
    ),
    "net_profit": (
        "net profit",
        "net income",
        "profit",
        "profits",
        "earnings",
        "bottom line",
        "净利润",
        "归母净利润",
        "扣非净利润",
        "净利",
        "利润",
        "盈利",
    ),
    "net_loss": ("net loss", "loss", "losses", "亏损", "净亏损"),
    "operating_profit": ("operating profit", "ebit", "ebitda", "营业利润"),
    "market_value": (
        "market value",
        "market cap",
        "market capitalization",
        "market capitalisation",
        "valuation",
        "市值",
    ),
    "charge": ("charge", "charges", "write-down", "writedown", "impairment", "cost loss", "减值", "计提"),
    "rd": ("r&d", "research and development", "研发"),
    "inventory": ("inventory", "inventories", "存货", "库存"),
    "eps": ("earnings per share", "eps", "每股收益"),
    "dividend": ("dividend", "dividends", "分红", "派息"),
    "investment": ("investment", "invest", "capex", "capital expenditure", "投资", "资本开支"),
    "advance_payment": ("advance payment", "advance payments", "预付款", "合同负债"),
    "subsidy": ("subsidy", "subsidies", "补助", "补贴"),
    "price": ("stock price", "share price", "shares", "stock", "股价"),
    "margin": ("gross margin", "margin", "毛利率", "净利率"),
    "orders": ("orders", "order intake", "backlog", "订单"),
    "guidance": ("guidance", "forecast", "outlook", "预期", "指引"),
}
_UP = (
    "increase",
    "increased",
    "increases",
    "rise",
    "rose",
    "risen",
    "rising",
    "up",
    "grew",
    "growth",
    "grow",
    "gain",
    "gained",
    "jumped",
    "jump",
    "surged",
    "surge",
    "soared",
    "higher",
    "climbed",
    "added",
    "doubled",
    "turnaround",
    "增长",
    "上涨",
    "上升",
    "提升",
    "提高",
    "增加",
    "大增",
    "涨",
    "增",
)
_DOWN = (
    "decrease",
    "decreased",
    "decline",
    "declined",
    "fell",
    "fall",
    "fallen",
    "drop",
    "dropped",
    "down",
    "lower",
    "lost",
    "lose",
    "loss",
    "evaporated",
    "wiped",
    "shrank",
    "slid",
    "plunged",
    "slumped",
    "tumbled",
    "下降",
    "下跌",
    "下滑",
    "减少",
    "蒸发",
    "缩水",
    "跌",
    "降",
)


_METRIC_RE = re.compile(trie_pattern([w.lower() for ws in METRICS.values() for w in ws]), re.IGNORECASE)
_METRIC_OF = {w.lower(): name for name, ws in METRICS.items() for w in ws}
_DIR_RE = re.compile(trie_pattern([w.lower() for w in _UP + _DOWN]), re.IGNORECASE)
# The same patterns for lower-cased text: ``re`` tries a case-sensitive prefix tree several
# times faster (it skips a branch on its first character only without IGNORECASE). A text
# is lower-cased once per article. İ ı ſ are the only letters that lower() and IGNORECASE
# treat differently (İ also changes length) and the Kelvin sign the only one lower() makes
# ASCII, so a text with any of them keeps the patterns above.
_METRIC_LOW = re.compile(_METRIC_RE.pattern)
_DIR_LOW = re.compile(_DIR_RE.pattern)
_UP_SET = {w.lower() for w in _UP}
# One literal per branch (not a class of the marks) so that ``re`` skips to the marks.
_CLAUSE_END = re.compile(r";|；|。|!|\?|！|？|,\s*(?:and|but|while|whereas)\b|，(?:而|但)")
# Up to the end of the last clause mark: greedy ``.*`` backs off from the end, so one match
# finds the last mark that iterating ``_CLAUSE_END`` would reach, without visiting the
# others. The same end: every match starts at a mark character and spans no other one.
_LAST_CLAUSE_END = re.compile(r"(?s:.*)(?:" + _CLAUSE_END.pattern + ")")
_BRACKET_GAP = re.compile(r"\s*[（(]\s*$")  # matched from ``pos`` to ``endpos``: no "^"
_LOST_IN = re.compile(
    r"(?:\s*[（(][^()（）]*[)）])?\s+(?:in|of)\s+(?:\w+\s+)?(" + _METRIC_RE.pattern + ")", re.IGNORECASE
)
_LOST_IN_LOW = re.compile(_LOST_IN.pattern)
# The lower-case patterns without their Chinese words, for a story with none of the
# characters those words start with: no Chinese word can match there, and the English
# words match where they did (each tree gives the longest word at a position, and the
# positions tried are the same), while ``re`` skips ahead on a plain byte set.
_ZH_START = re.compile(
    "["
    + "".join(sorted({w[0] for w in [*_METRIC_OF, *_UP_SET, *(w.lower() for w in _DOWN)] if not w.isascii()}))
    + "]"
)
_METRIC_EN = re.compile(trie_pattern([w for w in _METRIC_OF if w.isascii()]))
_DIR_EN = re.compile(trie_pattern([w.lower() for w in _UP + _DOWN if w.isascii()]))


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The word patterns for a story's ``source``: as written, or lower-cased."""

    metric: re.Pattern[str]
    metric_after: re.Pattern[str]  # a metric word after spaces and dashes
    lost_in: re.Pattern[str]
    direction: re.Pattern[str]
    key: Callable[[str], str]  # a matched word -> its key in ``_METRIC_OF``


def _patterns(metric: re.Pattern[str], lost_in: re.Pattern[str], direction: re.Pattern[str]) -> _Patterns:
    # no metric word starts with a space or dash, so ``[ -]*+`` is ``str.lstrip(" -")``
    after = re.compile(rf"[ -]*+({metric.pattern})", metric.flags)
    # a word matched in lower-cased text is its own key
    key: Callable[[str], str] = word_key if metric.flags & re.IGNORECASE else str
    return _Patterns(metric, after, lost_in, direction, key)


_AS_WRITTEN = _patterns(_METRIC_RE, _LOST_IN, _DIR_RE)
_LOWER = _patterns(_METRIC_LOW, _LOST_IN_LOW, _DIR_LOW)
_LOWER_EN = _patterns(_METRIC_EN, _LOST_IN_LOW, _DIR_EN)


class _Sentence(NamedTuple):  # a tuple: built for every sentence with a number
    """What every number of one sentence shares, worked out at its first number."""

    number: int  # its index in the spans
    start: int
    end: int
    periods: list[tuple[int, str]]  # (start, label) in order of start
    mentions: list[tuple[int, int, str, int]]  # (start, end, company id, sentence) in text order
    earlier: str | None  # the company named last in the two sentences before


def extract_facts(
    text: str,
    links: Sequence[CompanyLink] = (),
    published: date | None = None,
    *,
    spans: list[tuple[int, int]] | None = None,
) -> list[Fact]:
    """Every amount and percentage in ``text``, in order, with metric, period and company.

    ``spans`` are the text's sentences when the caller has already split it."""
    spans = split_sentences(text) if spans is None else spans
    low = text.lower() if not case_odd(text) else None
    amounts, percents = scan_raw(text, low)
    if not amounts and not percents:
        return []  # the work below is per story and only a fact needs it
    firsts = [s for s, _ in spans]  # ``sentence_index`` without a key call per probe
    mentions = sorted(
        (m.start, m.end, link.company_id, max(0, bisect_right(firsts, m.start) - 1) if spans else 0)
        for link in links
        for m in link.mentions
        if not m.in_title and m.end <= len(text)
    )
    by_sentence = _by_sentence(mentions)
    # (start, end, kind, value, qualifier, currency, currency text, scale), amounts first
    found: list[tuple[int, int, str, float, str | None, str | None, str | None, str | None]] = [
        (start, end, "amount", value, qualifier, currency, currency_text, scale)
        for value, currency, currency_text, scale, qualifier, start, end, _ in amounts
    ]
    # Is a percentage inside an amount? Bisect the amounts by start; the running
    # furthest end answers "does any amount starting at or before it reach past it".
    amount_spans = sorted((a[5], a[6]) for a in amounts)
    amount_starts = [s for s, _ in amount_spans]
    reach = list(accumulate((e for _, e in amount_spans), max))
    for value, qualifier, points, _, start, end, _ in percents:
        k = bisect_right(amount_starts, start) - 1
        if k >= 0 and reach[k] > start:
            continue
        found.append((start, end, "percent", value, qualifier, None, None, "points" if points else None))

    if low is None:
        source, pats = text, _AS_WRITTEN
    elif not low.isascii() and _ZH_START.search(low):  # isascii() reads a flag
        source, pats = low, _LOWER
    else:
        source, pats = low, _LOWER_EN
    found.sort(key=itemgetter(0))  # stable: the order sorting the facts by start gave
    facts: list[Fact] = []
    here = None  # the sentence of the last number: numbers come in text order
    for start, end, kind, value, qualifier, currency, currency_text, scale in found:
        sent = max(0, bisect_right(firsts, start) - 1) if spans else 0
        if here is None or here.number != sent:
            here = _sentence(text, low, spans, by_sentence, published, sent)
        near = _near_start(text, here.start, start)
        facts.append(
            Fact(
                kind=kind,
                value=value,
                text=text[start:end],
                start=start,
                end=end,
                currency=currency,
                currency_text=currency_text,
                scale=scale,
                metric=_metric(source, near, start, end, min(here.end, end + 60), pats),
                period=_period_at(here.periods, start) if here.periods else None,
                direction=_direction(source, near, start, pats.direction),
                qualifier=qualifier,
                company_id=_company_at(here, start),
                sentence=sent,
            )
        )
    return _link_brackets(text, facts)


def _metric(source: str, near: int, start: int, end: int, limit: int, pats: _Patterns) -> str | None:
    """The metric named before the number at ``start:end`` of ``source`` in its clause
    (from ``near``, at most 80 characters back), else just after it (up to ``limit``).

    The patterns hold literal words and no anchor, look-behind or word boundary, so
    matching between ``pos`` and ``endpos`` of ``source`` finds what matching the window's
    slice would; ``findall`` gives the last word without building match objects."""
    found = pats.metric.findall(source, max(near, start - 80), start)
    if found:
        name = _METRIC_OF[pats.key(found[-1])]
        if name == "net_loss":
            lost = pats.lost_in.match(source, end, limit)
            if lost:  # "a loss of $5.5 billion in quarterly revenue"
                return _METRIC_OF[pats.key(lost.group(1))]
        return name
    m = pats.metric_after.match(source, end, limit)  # after spaces and dashes
    if m is not None:
        return _METRIC_OF[pats.key(m.group(1))]
    m = pats.metric.search(source, end, min(limit, end + 20))
    return _METRIC_OF[pats.key(m.group())] if m else None


def _direction(source: str, near: int, start: int, dir_re: re.Pattern[str]) -> int:
    """The last increase/decrease word in the clause before ``start`` (from ``near``, at
    most 60 characters back), matched in place as in ``_metric``. An English word must be
    whole; the window's ends count as word ends, as they would for the window's slice."""
    window_start = max(near, start - 60)
    first = dir_re.search(source, window_start, start)
    if first is None:
        return 0  # most windows: no list of matches to build
    # the scan goes on from the first word as it would from the window start
    sign = 0
    for m in dir_re.finditer(source, first.start(), start):
        word = m.group()
        if word.isascii():
            a, b = m.span()
            if (a != window_start and source[a - 1].isalpha()) or (b != start and source[b].isalpha()):
                continue  # part of a longer word
        sign = 1 if word.lower() in _UP_SET else -1  # the last whole word counts
    return sign


def _near_start(text: str, s_start: int, start: int) -> int:
    """Where the words before the number at ``start`` are looked for: its clause start, from
    ``s_start`` (its sentence's) on, or 80 characters back if that is later (the furthest
    ``_metric`` and ``_direction`` look).

    Only the last clause mark counts, so a search from 80 characters back usually answers;
    from further back only a mark that began before that and runs past it (", and") can."""
    lo = max(s_start, start - 80)
    first = _CLAUSE_END.search(text, lo, start)  # most windows have none
    if first:
        last = _LAST_CLAUSE_END.match(text, first.start(), start)
        return last.end() if last else first.end()
    if lo > s_start:  # such a mark starts at the last comma before ``lo``
        comma = max(text.rfind(",", s_start, lo), text.rfind("，", s_start, lo))
        if comma >= 0:
            mark = _CLAUSE_END.match(text, comma, start)
            if mark and mark.end() > lo:
                return mark.end()
    return lo


def _sentence(
    text: str,
    low: str | None,
    spans: list[tuple[int, int]],
    by_sentence: dict[int, list[tuple[int, int, str, int]]],
    published: date | None,
    index: int,
) -> _Sentence:
    """Sentence ``index`` of ``spans`` (the whole text without spans), its periods and mentions."""
    if spans:
        start, end = spans[index]
        periods = period_labels(text, low, start, end, published)
    else:
        start, end, periods = 0, len(text), []
    # mentions are in text order, so sentences in order: the last of the two before
    earlier = by_sentence.get(index - 1) or by_sentence.get(index - 2)
    return _Sentence(
        index, start, end, periods, by_sentence.get(index, []), earlier[-1][2] if earlier else None
    )


def _period_at(periods: list[tuple[int, str]], pos: int) -> str | None:
    """The last period of the sentence before ``pos``, else its first."""
    if not periods:
        return None
    label = None
    for p_start, p_label in periods:
        if p_start >= pos:
            break
        label = p_label
    return label if label is not None else periods[0][1]


def _company_at(sentence: _Sentence, pos: int) -> str | None:
    """The company named last before ``pos`` in its sentence, else first after it, else
    the one named last in the two sentences before."""
    if not sentence.mentions:
        return sentence.earlier
    company = sentence.mentions[0][2]
    for m_start, _, m_company, _ in sentence.mentions:
        if m_start >= pos:
            break
        company = m_company
    return company


def _by_sentence(mentions: list[tuple[int, int, str, int]]) -> dict[int, list[tuple[int, int, str, int]]]:
    """Mentions grouped by sentence, each group in text order."""
    out: dict[int, list[tuple[int, int, str, int]]] = {}
    for m in mentions:
        out.setdefault(m[3], []).append(m)
    return out


def _link_brackets(text: str, facts: list[Fact]) -> list[Fact]:
    """Mark a fact that restates the one just before it in brackets."""
    if "(" not in text and "（" not in text:
        return facts  # no bracket to restate anything in
    out = list(facts)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.kind != cur.kind:
            continue
        gap_end = cur.start
        if cur.qualifier:  # the hedge sits inside the bracket, before the number
            gap_end = text.rfind("(", prev.end, cur.start) + 1 or text.rfind("（", prev.end, cur.start) + 1
        if gap_end and _BRACKET_GAP.match(text, prev.end, gap_end) and _closes(text, cur.end):
            out[i] = replace(
                cur,
                bracket_of=i - 1,
                metric=prev.metric or cur.metric,
                company_id=prev.company_id,
                direction=prev.direction,
            )
    return out


def _closes(text: str, pos: int) -> bool:
    rest = text[pos : pos + 40]
    m = re.match(r"[^()（）]*?[)）]", rest)
    return m is not None

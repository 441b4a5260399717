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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import accumulate

from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import split_sentences
from tickerlens.signals.casing import case_odd, word_key
from tickerlens.signals.model import Fact
from tickerlens.signals.numbers import scan_raw
from tickerlens.signals.periods import find_periods, may_hold_period
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
_CLAUSE_END = re.compile(r"[;；。!?！？]|,\s*(?:and|but|while|whereas)\b|，(?:而|但)")
_BRACKET_GAP = re.compile(r"^\s*[（(]\s*$")
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
class _Context:
    text: str
    low: str | None  # ``text`` lower-cased for the case-sensitive patterns; None when it cannot be
    spans: list[tuple[int, int]]
    by_sentence: dict[int, list[tuple[int, int, str, int]]]  # mentions (start, end, company id, sentence)
    published: date | None
    periods: dict[int, list[tuple[int, str]]]  # start, label by sentence, filled on first use


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
    amounts, percents = scan_raw(text)
    if not amounts and not percents:
        return []  # the work below is per story and only a fact needs it
    firsts = [s for s, _ in spans]  # ``sentence_index`` without a key call per probe
    mentions = sorted(
        (m.start, m.end, link.company_id, max(0, bisect_right(firsts, m.start) - 1) if spans else 0)
        for link in links
        for m in link.mentions
        if not m.in_title and m.end <= len(text)
    )
    low = text.lower() if not case_odd(text) else None
    ctx = _Context(text, low, spans, _by_sentence(mentions), published, {})
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
        source, metric_re, lost_in, dir_re = text, _METRIC_RE, _LOST_IN, _DIR_RE
    elif _ZH_START.search(low):
        source, metric_re, lost_in, dir_re = low, _METRIC_LOW, _LOST_IN_LOW, _DIR_LOW
    else:
        source, metric_re, lost_in, dir_re = low, _METRIC_EN, _LOST_IN_LOW, _DIR_EN
    facts: list[Fact] = []
    for start, end, kind, value, qualifier, currency, currency_text, scale in found:
        if spans:
            sent = bisect_right(firsts, start) - 1
            if sent < 0:
                sent = 0
            s_start, s_end = spans[sent]
        else:
            sent, s_start, s_end = 0, 0, len(text)
        clause_start = s_start
        for m in _CLAUSE_END.finditer(text, s_start, start):
            clause_start = m.end()
        facts.append(
            Fact(
                kind=kind,
                value=value,
                text=text[start:end],
                start=start,
                end=end,
                qualifier=qualifier,
                metric=_metric(
                    source, clause_start, start, source[end : min(s_end, end + 60)], metric_re, lost_in
                ),
                direction=_direction(source, clause_start, start, dir_re),
                period=_period(ctx, sent, start),
                company_id=_company(ctx, sent, start),
                sentence=sent,
                currency=currency,
                currency_text=currency_text,
                scale=scale,
            )
        )
    facts.sort(key=lambda f: f.start)
    return _link_brackets(text, facts)


def _metric(
    source: str,
    clause_start: int,
    start: int,
    after: str,
    metric_re: re.Pattern[str],
    lost_in: re.Pattern[str],
) -> str | None:
    """The metric named before the number at ``start`` of ``source`` in its clause (from
    ``clause_start``, at most 80 characters back), else just ``after`` it; the patterns are
    the ones for ``source`` (lower-cased or not).

    The metric pattern is literal words (no anchor, look-around or word boundary), so
    matching it between ``pos`` and ``endpos`` of ``source`` finds what matching the
    window's slice would; ``findall`` gives the last word without building match objects."""
    found = metric_re.findall(source, max(clause_start, start - 80), start)
    if found:
        name = _METRIC_OF[word_key(found[-1])]
        if name == "net_loss":
            lost = lost_in.match(after)
            if lost:  # "a loss of $5.5 billion in quarterly revenue"
                return _METRIC_OF[word_key(lost.group(1))]
        return name
    m = metric_re.match(after.lstrip(" -"))
    if m is None:
        m = metric_re.search(after, 0, 20)
    return _METRIC_OF[word_key(m.group())] if m else None


def _direction(source: str, clause_start: int, start: int, dir_re: re.Pattern[str]) -> int:
    """The last increase/decrease word in the clause before ``start`` (at most 60
    characters back), matched in place as in ``_metric``. An English word must be whole;
    the window's ends count as word ends, as they would for the window's slice."""
    window_start = max(clause_start, start - 60)
    found = list(dir_re.finditer(source, window_start, start))
    for m in reversed(found):
        word = m.group()
        if word.isascii():
            a, b = m.span()
            if (a != window_start and source[a - 1].isalpha()) or (b != start and source[b].isalpha()):
                continue  # part of a longer word
        return 1 if word.lower() in _UP_SET else -1
    return 0


def _period(ctx: _Context, sent: int, pos: int) -> str | None:
    if not ctx.spans:
        return None
    inside = ctx.periods.get(sent)
    if inside is None:
        s_start, s_end = ctx.spans[sent]
        if ctx.low is not None and not may_hold_period(ctx.low, s_start, s_end):
            inside = ctx.periods[sent] = []  # most sentences: one search of the story's ``low``
        else:
            inside = ctx.periods[sent] = [
                (p.start + s_start, p.label) for p in find_periods(ctx.text[s_start:s_end], ctx.published)
            ]
    if not inside:
        return None
    label = None
    for p_start, p_label in inside:  # in order of start: the last one before ``pos``
        if p_start >= pos:
            break
        label = p_label
    return label if label is not None else inside[0][1]


def _company(ctx: _Context, sent: int, pos: int) -> str | None:
    same = ctx.by_sentence.get(sent)
    if same:
        before = [m for m in same if m[0] < pos]
        return before[-1][2] if before else same[0][2]
    # mentions are in text order, so sentences in order: the last of the two before
    earlier = ctx.by_sentence.get(sent - 1) or ctx.by_sentence.get(sent - 2)
    return earlier[-1][2] if earlier else None


def _by_sentence(mentions: list[tuple[int, int, str, int]]) -> dict[int, list[tuple[int, int, str, int]]]:
    """Mentions grouped by sentence, each group in text order."""
    out: dict[int, list[tuple[int, int, str, int]]] = {}
    for m in mentions:
        out.setdefault(m[3], []).append(m)
    return out


def _link_brackets(text: str, facts: list[Fact]) -> list[Fact]:
    """Mark a fact that restates the one just before it in brackets."""
    out = list(facts)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.kind != cur.kind:
            continue
        gap_end = cur.start
        if cur.qualifier:  # the hedge sits inside the bracket, before the number
            gap_end = text.rfind("(", prev.end, cur.start) + 1 or text.rfind("（", prev.end, cur.start) + 1
        if gap_end and _BRACKET_GAP.match(text[prev.end : gap_end]) and _closes(text, cur.end):
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

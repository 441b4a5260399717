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
from tickerlens.linking.sentences import sentence_index, split_sentences
from tickerlens.signals.model import Fact
from tickerlens.signals.numbers import scan_numbers
from tickerlens.signals.periods import Period, find_periods
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
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")
_UP_SET = {w.lower() for w in _UP}
_CLAUSE_END = re.compile(r"[;；。!?！？]|,\s*(?:and|but|while|whereas)\b|，(?:而|但)")
_BRACKET_GAP = re.compile(r"^\s*[（(]\s*$")
_LOST_IN = re.compile(
    r"(?:\s*[（(][^()（）]*[)）])?\s+(?:in|of)\s+(?:\w+\s+)?(" + _METRIC_RE.pattern + ")", re.IGNORECASE
)
_LOST_IN_LOW = re.compile(_LOST_IN.pattern)


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    low: str | None  # ``text`` lower-cased for the case-sensitive patterns; None when it cannot be
    spans: list[tuple[int, int]]
    mentions: list[tuple[int, int, str, int]]  # start, end, company id, sentence index
    by_sentence: dict[int, list[tuple[int, int, str, int]]]  # the same, by sentence
    published: date | None
    periods: dict[int, list[Period]]  # by sentence, filled on first use (most sentences have no number)


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
    mentions = sorted(
        (m.start, m.end, link.company_id, sentence_index(spans, m.start) if spans else 0)
        for link in links
        for m in link.mentions
        if not m.in_title and m.end <= len(text)
    )
    low = text.lower() if not _CASE_ODD.search(text) else None
    ctx = _Context(text, low, spans, mentions, _by_sentence(mentions), published, {})
    facts: list[Fact] = []
    amounts, percents = scan_numbers(text)
    for amount in amounts:
        facts.append(
            _fact(
                ctx,
                "amount",
                amount.value,
                amount.start,
                amount.end,
                amount.qualifier,
                currency=amount.currency,
                currency_text=amount.currency_text,
                scale=amount.scale,
            )
        )
    # Is a percentage inside an amount? Bisect the amounts by start; the running
    # furthest end answers "does any amount starting at or before it reach past it".
    amount_spans = sorted((f.start, f.end) for f in facts)
    amount_starts = [s for s, _ in amount_spans]
    reach = list(accumulate((e for _, e in amount_spans), max))
    for pct in percents:
        k = bisect_right(amount_starts, pct.start) - 1
        if k >= 0 and reach[k] > pct.start:
            continue
        facts.append(
            _fact(
                ctx,
                "percent",
                pct.value,
                pct.start,
                pct.end,
                pct.qualifier,
                scale="points" if pct.points else None,
            )
        )
    facts.sort(key=lambda f: f.start)
    return _link_brackets(text, facts)


def _fact(
    ctx: _Context, kind: str, value: float, start: int, end: int, qualifier: str | None, **extra: str | None
) -> Fact:
    sent = sentence_index(ctx.spans, start) if ctx.spans else 0
    s_start = ctx.spans[sent][0] if ctx.spans else 0
    s_end = ctx.spans[sent][1] if ctx.spans else len(ctx.text)
    clause_start = _clause_start(ctx.text, s_start, start)
    source = ctx.text if ctx.low is None else ctx.low
    before = source[clause_start:start]
    after = source[end : min(s_end, end + 60)]
    folded = ctx.low is not None
    return Fact(
        kind=kind,
        value=value,
        text=ctx.text[start:end],
        start=start,
        end=end,
        qualifier=qualifier,
        metric=_metric(before, after, folded),
        direction=_direction(before, folded),
        period=_period(ctx, sent, start),
        company_id=_company(ctx, sent, start),
        sentence=sent,
        **extra,  # type: ignore[arg-type]
    )


def _clause_start(text: str, sentence_start: int, pos: int) -> int:
    last = sentence_start
    for m in _CLAUSE_END.finditer(text, sentence_start, pos):
        last = m.end()
    return last


def _metric(before: str, after: str, folded: bool = False) -> str | None:
    """The metric named before the number in its clause, else just after it; ``folded``
    says the text is lower case (the faster case-sensitive patterns then apply)."""
    metric_re, lost_in = (_METRIC_LOW, _LOST_IN_LOW) if folded else (_METRIC_RE, _LOST_IN)
    found = list(metric_re.finditer(before[-80:]))
    if found:
        name = _METRIC_OF[found[-1].group().lower()]
        lost = lost_in.match(after) if name == "net_loss" else None
        if lost:  # "a loss of $5.5 billion in quarterly revenue"
            return _METRIC_OF[lost.group(1).lower()]
        return name
    m = metric_re.match(after.lstrip(" -"))
    if m is None:
        m = metric_re.search(after[:20])
    return _METRIC_OF[m.group().lower()] if m else None


def _direction(before: str, folded: bool = False) -> int:
    window = before[-60:]
    found = [m for m in (_DIR_LOW if folded else _DIR_RE).finditer(window) if _whole_word(window, m)]
    if not found:
        return 0
    return 1 if found[-1].group().lower() in _UP_SET else -1


def _whole_word(text: str, m: re.Match[str]) -> bool:
    if not m.group().isascii():
        return True
    before_ok = m.start() == 0 or not text[m.start() - 1].isalpha()
    after_ok = m.end() == len(text) or not text[m.end()].isalpha()
    return before_ok and after_ok


def _period(ctx: _Context, sent: int, pos: int) -> str | None:
    if not ctx.spans:
        return None
    s_start, s_end = ctx.spans[sent]
    if sent not in ctx.periods:
        ctx.periods[sent] = [
            Period(p.label, p.start + s_start, p.end + s_start, p.text)
            for p in find_periods(ctx.text[s_start:s_end], ctx.published)
        ]
    inside = ctx.periods[sent]
    before = [p for p in inside if p.start < pos]
    if before:
        return before[-1].label
    return inside[0].label if inside else None


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

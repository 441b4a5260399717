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
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import sentence_index, split_sentences
from tickerlens.signals.model import Fact
from tickerlens.signals.numbers import scan_numbers
from tickerlens.signals.periods import Period, find_periods

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


def _trie_pattern(words: list[str]) -> str:
    """One regex for many literal words, factored by common prefixes.

    Python's ``re`` tries a plain alternation word by word at every position; a prefix
    tree tries each character once, several times faster on a hundred words. Longer
    words win because the optional tails are greedy.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


_METRIC_RE = re.compile(_trie_pattern([w.lower() for ws in METRICS.values() for w in ws]), re.IGNORECASE)
_METRIC_OF = {w.lower(): name for name, ws in METRICS.items() for w in ws}
_DIR_RE = re.compile(_trie_pattern([w.lower() for w in _UP + _DOWN]), re.IGNORECASE)
_UP_SET = {w.lower() for w in _UP}
_CLAUSE_END = re.compile(r"[;；。!?！？]|,\s*(?:and|but|while|whereas)\b|，(?:而|但)")
_BRACKET_GAP = re.compile(r"^\s*[（(]\s*$")
_LOST_IN = re.compile(
    r"(?:\s*[（(][^()（）]*[)）])?\s+(?:in|of)\s+(?:\w+\s+)?(" + _METRIC_RE.pattern + ")", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    spans: list[tuple[int, int]]
    mentions: list[tuple[int, int, str, int]]  # start, end, company id, sentence index
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
    ctx = _Context(text, spans, mentions, published, {})
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
    amount_spans = [(f.start, f.end) for f in facts]
    for pct in percents:
        if any(s <= pct.start < e for s, e in amount_spans):
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
    before = ctx.text[clause_start:start]
    after = ctx.text[end : min(s_end, end + 60)]
    return Fact(
        kind=kind,
        value=value,
        text=ctx.text[start:end],
        start=start,
        end=end,
        qualifier=qualifier,
        metric=_metric(before, after),
        direction=_direction(before),
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


def _metric(before: str, after: str) -> str | None:
    found = list(_METRIC_RE.finditer(before[-80:]))
    if found:
        name = _METRIC_OF[found[-1].group().lower()]
        lost = _LOST_IN.match(after)
        if name == "net_loss" and lost:  # "a loss of $5.5 billion in quarterly revenue"
            return _METRIC_OF[lost.group(1).lower()]
        return name
    m = _METRIC_RE.match(after.lstrip(" -"))
    if m is None:
        m = _METRIC_RE.search(after[:20])
    return _METRIC_OF[m.group().lower()] if m else None


def _direction(before: str) -> int:
    window = before[-60:]
    found = [m for m in _DIR_RE.finditer(window) if _whole_word(window, m)]
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
    same = [m for m in ctx.mentions if m[3] == sent]
    before = [m for m in same if m[0] < pos]
    if before:
        return before[-1][2]
    if same:
        return same[0][2]
    earlier = [m for m in ctx.mentions if sent - 2 <= m[3] < sent]
    return earlier[-1][2] if earlier else None


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

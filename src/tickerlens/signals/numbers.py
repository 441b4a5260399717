"""Money amounts and percentages as news writes them, in English and Chinese.

``$5.5 billion``, ``US$17.108 billion``, ``NT$839.254 billion``, ``RMB 124.830 billion``,
``1.111 billion yuan``, ``Rs 10.4 crore``, ``EUR 205.5 mn``, ``35.5亿元``, ``人民币35.5亿元``,
``1.2万亿``, ``3.5亿美元``; ``41%``, ``4230.22%``, ``3 per cent``, ``2个百分点``. Each match
keeps the hedge before it ("about", "more than", 约, 超过) because checks depend on it.

Scales: thousand (k), million (m, mn), billion (bn), trillion (tn), crore (1e7), lakh
(1e5), 万 (1e4), 百万, 千万, 亿 (1e8), 十亿, 百亿, 千亿, 万亿 (1e12).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tickerlens.signals.casing import case_odd, word_key
from tickerlens.signals.trie import trie_pattern

__all__ = [
    "Amount",
    "Percent",
    "find_amounts",
    "find_percents",
    "parse_number",
    "scan_numbers",
    "scan_raw",
]

SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
}
# Symbols and words before the number -> ISO 4217.
_PREFIX: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "nt$": "TWD",
    "twd": "TWD",
    "hk$": "HKD",
    "hkd": "HKD",
    "s$": "SGD",
    "a$": "AUD",
    "c$": "CAD",
    "r$": "BRL",
    "$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "CNY",
    "￥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "jpy": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "人民币": "CNY",
    "美元": "USD",
    "港币": "HKD",
    "chf": "CHF",
    "krw": "KRW",
    "₩": "KRW",
}
# Words after the number (and scale) -> ISO 4217.
_SUFFIX: dict[str, str] = {
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "us dollars": "USD",
    "dollars": "USD",
    "taiwan dollars": "TWD",
    "nt dollars": "TWD",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "yen": "JPY",
    "won": "KRW",
    "rupees": "INR",
    "元": "CNY",
    "元人民币": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "欧元": "EUR",
    "新台币": "TWD",
    "台币": "TWD",
    "韩元": "KRW",
    "英镑": "GBP",
}
QUALIFIERS: dict[str, str] = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "more than": "more than",
    "over": "more than",
    "above": "more than",
    "at least": "more than",
    "upwards of": "more than",
    "less than": "less than",
    "under": "less than",
    "below": "less than",
    "up to": "up to",
    "as much as": "up to",
    "as many as": "up to",
    "约": "about",
    "大约": "about",
    "近": "nearly",
    "将近": "nearly",
    "接近": "nearly",
    "超过": "more than",
    "超": "more than",
    "逾": "more than",
    "超逾": "more than",
    "不到": "less than",
    "不足": "less than",
    "最多": "up to",
    "高达": "up to",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_PRE = (
    r"US\$|NT\$|HK\$|S\$|A\$|C\$|R\$|\$|€|£|¥|￥|₹|₩"
    r"|(?:USD|RMB|CNY|EUR|GBP|JPY|HKD|TWD|INR|CHF|KRW|Rs\.?)\s?|人民币"
)
_SCALE_EN = r"trillion|billion|million|thousand|crores?|lakhs?|mln|bln|tn|bn|mn|[kmb](?![a-z])"
_SCALE_ZH = r"万亿|千亿|百亿|十亿|千万|百万|亿|万"
# A hedge right before a number; matched backwards from the number, which is cheaper than
# trying the whole alternation at every position of the text.
_QUAL_BEFORE = re.compile(rf"(?:(?<![A-Za-z])|(?<=[\u3400-\u9fff]))(?P<qual>{_QUAL})\s*$", re.IGNORECASE)
# A hedge ends the text before its number, so the window, stripped and lower-cased, ends
# with one; exact for text without the letters lower() and IGNORECASE treat differently.
_QUAL_ENDS = tuple(QUALIFIERS)
_QUAL_LAST = frozenset(q[-1] for q in QUALIFIERS)


# Longest word first, as a prefix tree: the longest one at the position either way (nothing
# follows it in the pattern), and ``re`` does not try the words one by one after each number.
_SUF = trie_pattern(_SUFFIX)

# Numbers are found first (a cheap scan), then the currency before and the scale and
# currency after are matched around each one.
# The first digit is matched before the look-behind, so ``re`` can skip ahead to digits
# instead of testing the look-behind at every position; the same matches as
# rf"(?<![\d.,])(?:{_NUM})".
_NUM_RE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")
_PRE_BEFORE = re.compile(rf"(?P<pre>{_PRE})$", re.IGNORECASE)
_PRE_BEFORE_LOW = re.compile(rf"(?P<pre>{_PRE.lower()})$")  # for lower-cased text, as ``_SCAN_LOW``
_AFTER_NUM = re.compile(
    rf"(?:\s?(?P<scale_zh>{_SCALE_ZH})|\s?(?P<scale>{_SCALE_EN})\b)?(?:\s?(?P<post>{_SUF}))?", re.IGNORECASE
)
_PCT_AFTER = re.compile(
    r"\s?(?P<unit>%|％|percent\b|per cent\b|pc\b|个百分点|percentage points?\b|pct\b)", re.IGNORECASE
)
# The three above in one pattern, so one match gives a number and what follows it: the
# percent unit if there is one, else the (optional) scale and currency word. The number
# part never backtracks (the amount tail may be empty), so it is the number ``_NUM_RE``
# finds, and the tail is what ``_PCT_AFTER`` or ``_AFTER_NUM`` would match at its end; a
# tail holds no digit, so skipping it skips no number.
#
# Most numbers (years, counts, dates) are no amount: without a percent unit, a currency
# word or 万/亿 after them, only a currency before them could make one. So ``cand`` notes
# whether the characters before the number allow a currency (``_PRE_BEFORE`` is only
# searched then: a currency ends with one of ``_PRE_LAST``, or with one whitespace after
# one, and ``$`` also matches before a final newline), and a number with none of the
# three is not matched at all rather than dropped after building its match. The number
# is atomic, as it never backtracked before (its tail could be empty); a failed tail does
# not try a shorter number.
#
# A tail starts (after one optional whitespace) with one of ``_TAIL_FIRST``: the first
# letters of the percent units, scales and currency words (test_facts checks it covers
# them). A look-ahead for them rules all of those out in one test after most numbers.
_PRE_LAST = frozenset("$€£¥￥₹₩.币DBYRPFWSdbyrpfwsſ")
_PRE_LAST_SET = "[" + re.escape("".join(sorted(_PRE_LAST))) + "]"
_TAIL_FIRST = (
    "[" + re.escape("".join(sorted({*"%％p个", *"万千百十亿", *"tbmclk", *(w[0] for w in _SUFFIX)}))) + "]"
)
_NUM_AND_TAIL = (
    rf"(?P<num>\d(?<![\d.,]\d)"
    rf"(?P<cand>(?<={_PRE_LAST_SET}\d)|(?<={_PRE_LAST_SET}\s\d)|(?<=\s\n\d))?"
    rf"(?>\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?))"
    rf"(?{{flags}}:(?=\s?{_TAIL_FIRST})(?:(?P<pct>{_PCT_AFTER.pattern})|{_AFTER_NUM.pattern}"
    rf"(?(cand)|(?(scale_zh)|(?(post)|(?!)))))|(?(cand)|(?!)))"
)
_SCAN = re.compile(_NUM_AND_TAIL.replace("{flags}", "i"))
# The same for lower-cased text: case-sensitive, ``re`` skips each unit and word of the
# tail on its first character. Offsets are the text's (lower() keeps them outside the
# letters ``casing`` names); the scale and currency word are read from the text as written.
_SCAN_LOW = re.compile(_NUM_AND_TAIL.replace("{flags}", ""))


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    currency: str | None
    currency_text: str | None
    scale: str | None
    qualifier: str | None
    start: int  # the number (or currency symbol) start; the hedge word is not part of the span
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Percent:
    value: float
    qualifier: str | None
    points: bool  # percentage points, not percent
    decimals: int
    start: int
    end: int
    text: str


def parse_number(raw: str) -> float:
    """'1,234.5' -> 1234.5; the minus sign may be ASCII or U+2212."""
    return float(raw.replace(",", "").replace("−", "-").replace("+", ""))


def scan_numbers(text: str) -> tuple[list[Amount], list[Percent]]:
    """Amounts and percentages in one pass over the numbers of ``text``."""
    amounts, percents = scan_raw(text)
    return [Amount(*a) for a in amounts], [Percent(*p) for p in percents]


# The fields of an Amount and a Percent, in order, as plain tuples.
RawAmount = tuple[float, str | None, str | None, str | None, str | None, int, int, str]
RawPercent = tuple[float, str | None, bool, int, int, int, str]


def scan_raw(text: str, low: str | None = None) -> tuple[list[RawAmount], list[RawPercent]]:
    """``scan_numbers`` as tuples: a story has dozens of numbers and the facts stage reads
    each field once, so it skips building the frozen dataclasses. ``low`` is
    ``text.lower()`` when the caller has it and ``case_odd(text)`` is False.

    One loop with the per-number steps inline: most numbers (years, counts, dates) are
    dropped after a look at the character before them, without a function call."""
    amounts: list[RawAmount] = []
    percents: list[RawPercent] = []
    odd = low is None and case_odd(text)
    source = text if low is None else low  # hedges are read case-blind: either will do
    for m in _SCAN.finditer(text) if low is None else _SCAN_LOW.finditer(low):
        raw, cand, pct, unit, scale_zh, scale, post = m.groups()
        s = m.start()
        if pct is not None:
            start = s
            sign = text[s - 1] if s > 0 else ""
            if sign in "-−+" and sign and not (s > 1 and text[s - 2] in "%％0123456789"):
                start -= 1  # a signed change; after "20%" the dash is a range, not minus thirty
                raw = sign + raw
            if _glued(text, start):
                continue
            dot = raw.find(".")
            decimals = len(raw) - dot - 1 if dot >= 0 else 0
            name = unit.lower()
            points = name.startswith("percentage point") or name == "个百分点"
            end = m.end()
            percents.append(
                (parse_number(raw), _hedge(source, start, odd), points, decimals, start, end, text[start:end])
            )
            continue
        if cand is not None:
            if low is None:
                before = _PRE_BEFORE.search(text, max(0, s - 5), s)
            else:
                before = _PRE_BEFORE_LOW.search(low, max(0, s - 5), s)
            pre = text[before.start() : before.end()] if before else None  # as written
        else:
            before = pre = None
        if not pre:
            if post is None and scale_zh is None:
                continue  # only a currency before it would make this an amount
            c = text[s - 1] if s else ""
            if c and ((c.isalpha() and c.isascii()) or c in "._/"):
                continue  # glued to a word or code, as ``_glued`` says
        if low is not None:  # the words as written
            if scale is not None:
                scale = text[m.start(6) : m.end(6)]
            if post is not None:
                post = text[m.start(7) : m.end(7)]
        scale = scale or scale_zh
        if scale and scale.lower() in ("m", "b", "k") and not pre:
            continue  # "5 m" without a currency is metres, not millions
        # ``parse_number`` without its sign handling: the digits of an amount have no sign
        value = float(raw.replace(",", "")) * (SCALES[word_key(scale)] if scale else 1.0)
        start = before.start() if before else s
        end = m.end()
        currency_text = (pre or post or "").strip() or None
        amounts.append(
            (
                value,
                _currency(pre, post),
                currency_text,
                scale,
                _hedge(source, start, odd),
                start,
                end,
                text[start:end],
            )
        )
    return amounts, percents


def find_amounts(text: str) -> Iterator[Amount]:
    """Money amounts (a currency is named) and Chinese scaled numbers (1.2万亿, currency unknown)."""
    yield from scan_numbers(text)[0]


def find_percents(text: str) -> Iterator[Percent]:
    yield from scan_numbers(text)[1]


def _glued(text: str, start: int) -> bool:
    """A number that is part of a word or a longer code ("H20", "688256.SS", "v2.5")."""
    return start > 0 and (
        (text[start - 1].isalpha() and text[start - 1].isascii()) or text[start - 1] in "._/"
    )


def _currency(pre: str | None, post: str | None) -> str | None:
    if post:
        code = _SUFFIX.get(word_key(post))
        if code is not None and not (pre and pre.strip() in ("$",) and code == "USD"):
            # "$5 billion dollars" and "US$" agree; a symbol and a different word: trust the word
            return code
    if pre:
        return _PREFIX.get(word_key(pre.strip()))
    return None


def _hedge(text: str, start: int, odd: bool = True) -> str | None:
    """The hedge right before ``start``; ``odd`` False says the text has none of the letters
    lower() and IGNORECASE treat differently, so the window need not be searched for them
    (and ``text`` may be the lower-cased text: the same hedge is found)."""
    if not odd and start:
        last = text[start - 1]
        if not last.isspace() and last.lower() not in _QUAL_LAST:
            return None  # the window ends with ``last``, and no hedge does (one set lookup)
    window = text[max(0, start - 16) : start]
    if not window.rstrip().lower().endswith(_QUAL_ENDS) and not (odd and case_odd(window)):
        return None  # no hedge can end the window (one C-speed test before the regex)
    m = _QUAL_BEFORE.search(text, max(0, start - 16), start)
    return _qualifier(m.group("qual")) if m else None


def _qualifier(raw: str | None) -> str | None:
    return None if raw is None else QUALIFIERS.get(word_key(raw), raw.lower())

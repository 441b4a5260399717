"""Find claims about stock-price moves and resolve the dates they speak of.

A claim is a percentage (or a fraction: "1/4 (26%)", "a quarter") that a move verb says
of a stock: "Nvidia's stock price fell nearly 7% on April 16", "shares have fallen by
1/4 (26%) in the past three months", "rose 404.67% in 2024", "is up 3.70% year-to-date",
股价大涨5%, 涨超5%, and the limit moves 涨停 / 跌停. A percentage said of revenue,
profit or anything else is a fact, not a price claim.

Dates are read from the claim's sentence, nearest to the number first, and resolved
against the publication date: "on April 16" is the last April 16 on or before it; "in
the past three months" ends at the last close before publication; "in 2024" is the
calendar year; "year-to-date" runs from the last close of the year before. A claim
with no date is kept and later reported as "cannot check".

The company is the nearest linked mention before the number in its sentence, else
after it, else the last one named in the previous sentence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tickerlens.linking.model import CompanyLink
from tickerlens.linking.sentences import split_sentences
from tickerlens.signals.casing import case_odd, word_key
from tickerlens.signals.model import PriceClaim
from tickerlens.signals.numbers import QUALIFIERS, parse_number
from tickerlens.signals.trie import trie_pattern

__all__ = ["find_claims"]

_UP_EN = (
    r"rose|risen|rise|rises|rising|gained|gains|gain|climbed|climbs|jumped|jumps|surged|surges|soared|soars|"
    r"rallied|rallies|advanced|added|up|higher|increased|increase"
)
_DOWN_EN = (
    r"fell|fallen|fall|falls|falling|dropped|drops|drop|declined|declines|decline|slid|slides|tumbled|"
    r"tumbles|plunged|plunges|plummeted|sank|sinks|lost|loses|down|lower|shed|sheds|slumped|slumps|"
    r"decreased|decrease|dipped|dips"
)
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS if q.isascii()), key=len, reverse=True))
_FRACTION = r"(?P<frac>\d+/\d+|a quarter|a third|half|a fifth|two[- ]thirds|three[- ]quarters)"
_PCT = r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)"
_CLAIM_EN = re.compile(
    rf"\b(?P<verb>{_UP_EN}|{_DOWN_EN})\b(?:\s+by)?\s+(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:{_FRACTION}\s*(?:\(\s*(?:about\s+|around\s+)?(?P<bnum>\d+(?:\.\d+)?)\s?%\s*\))?|{_PCT})",
    re.IGNORECASE,
)


def _verbs_low(verbs: list[str]) -> str:
    """The verbs as one case-sensitive pattern that starts with a plain letter: each first
    letter, then ``\\b`` as a look-behind (a letter is preceded by no word character),
    then a prefix tree of the rest. ``re`` then skips to positions holding one of those
    letters instead of testing ``\\b`` and the verbs at every position. The tree's order
    does not matter: the ``\\b`` after the verb lets at most one verb end at a boundary."""
    by_first: dict[str, list[str]] = {}
    for verb in verbs:
        by_first.setdefault(verb[0], []).append(verb[1:])
    return "|".join(
        rf"{re.escape(first)}(?<!\w{re.escape(first)})(?:{trie_pattern(rests)})"
        for first, rests in sorted(by_first.items())
    )


# The same pattern for lower-cased text, several times faster (see ``_verbs_low``). İ ı ſ
# (and the Kelvin sign) are the letters lower() and IGNORECASE disagree on; a sentence with
# one keeps the pattern above.
_CLAIM_EN_LOW = re.compile(
    _CLAIM_EN.pattern.replace(
        rf"\b(?P<verb>{_UP_EN}|{_DOWN_EN})",
        "(?P<verb>" + _verbs_low(f"{_UP_EN}|{_DOWN_EN}".split("|")) + ")",
        1,
    )
)
# Every claim has a percent sign, a fraction or a limit move: a sentence without one of
# these words is not read further.
_MAY_CLAIM = re.compile("%|％|percent|per cent|/|涨停|跌停|quarter|third|half|fifth")
_CLAUSE_SPLIT = re.compile(r"[;:]|,\s*(?:and|but|while)\b")
_UP_VERB = re.compile(_UP_EN, re.IGNORECASE)
_PRICE_SUBJECT = re.compile(
    r"\b(?:stock|stocks|shares|share price|stock price|market value|market cap\w*|"
    r"ADRs?)\b",
    re.IGNORECASE,
)
_OTHER_METRIC = re.compile(
    r"\b(?:revenue|revenues|sales|profit|profits|earnings|income|margin|orders|"
    r"shipments|volume|output|demand|costs?|expenses|EPS|dividend|employees|"
    r"turnover|exports|imports|inflation|GDP|index|rate|yields?)\b",
    re.IGNORECASE,
)
_CLAIM_ZH = re.compile(
    r"(?P<verb>大涨|暴涨|上涨|收涨|涨幅|涨|大跌|暴跌|下跌|收跌|跌幅|跌|重挫)(?:了|达|为|幅度)?"
    r"(?P<qual>超过|超|近|约|逾|接近)?(?P<num>\d+(?:\.\d+)?)\s?[%％]"
)
_LAST_MARK = re.compile(r"(?s:.*)[，,；;：:。]")  # up to the last clause mark
_LIMIT_ZH = re.compile(r"(?P<verb>涨停|跌停)")
_ZH_PRICE = re.compile(r"股价|股票|个股|A股|港股|市值|报收|收盘|盘中|开盘")
_ZH_UP = "涨"
_FRACTIONS = {
    "a quarter": 25.0,
    "a third": 100 / 3,
    "half": 50.0,
    "a fifth": 20.0,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "three quarters": 75.0,
    "three-quarters": 75.0,
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ytd",
        re.compile(
            r"year[- ]to[- ]date|\bYTD\b|so far this year|since the (?:beginning|start) of "
            r"(?:the|this) year|this year so far|年内|今年以来|年初至今",
            re.IGNORECASE,
        ),
    ),
    (
        "window",
        re.compile(
            r"(?:in|over|during|for)\s+the\s+(?:past|last|previous)\s+(?P<n>\d+|\w+)?\s*"
            r"(?P<unit>trading days?|days?|weeks?|months?|years?|quarters?)",
            re.IGNORECASE,
        ),
    ),
    (
        "window",
        re.compile(r"(?:过去|近)(?P<n>\d+|[一二三四五六七八九十两]+)个?(?P<unit>交易日|日|天|周|月|年)"),
    ),
    ("iso", re.compile(r"\b(?P<y>20\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "md",
        re.compile(
            rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20\d\d))?",
            re.IGNORECASE,
        ),
    ),
    (
        "dm",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\b(?:\s+(?P<y>20\d\d))?",
            re.IGNORECASE,
        ),
    ),
    ("zh_md", re.compile(r"(?:(?P<y>20\d\d)年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")),
    ("weekday", re.compile(r"\bon\s+(?P<wd>monday|tuesday|wednesday|thursday|friday)\b", re.IGNORECASE)),
    (
        "rel",
        re.compile(r"\b(?P<rel>yesterday|today|overnight)\b|(?P<zrel>昨日|昨天|今日|今天)", re.IGNORECASE),
    ),
    (
        "year",
        re.compile(
            r"\b(?:in|during|for|throughout)\s+(?P<y>20\d\d)\b(?!\s*[-/])|(?P<zy>20\d\d)年(?:全年|度)?"
            r"(?!\d{1,2}月)",
            re.IGNORECASE,
        ),
    ),
]
# A month name is its three-letter abbreviation and more letters ("sept", "january"): what
# the "md" and "dm" patterns cannot match without, as cheap case-sensitive searches.
_MONTH_ABBR = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTH_DAY_HINT = re.compile(_MONTH_ABBR + r"[a-z]*\.?\s+\d")
_DAY_MONTH_HINT = re.compile(r"\d(?:st|nd|rd|th)?\s+" + _MONTH_ABBR)
# What each date pattern cannot match without, tested on the lower-cased sentence (exact
# there: a case-blind match of a word leaves the word in lower case, except for the letters
# lower() and IGNORECASE treat differently, whose sentences try every pattern). Most
# sentences with a claim name no date, or one kind of date, and the patterns are slow.
_DATE_NEEDS: list[Callable[[str], bool]] = [
    lambda low: "year" in low or "ytd" in low or "年内" in low or "今年以来" in low or "年初至今" in low,
    lambda low: "past" in low or "last" in low or "previous" in low,
    lambda low: "过去" in low or "近" in low,
    lambda low: "-" in low,
    lambda low: _MONTH_DAY_HINT.search(low) is not None,
    lambda low: _DAY_MONTH_HINT.search(low) is not None,
    lambda low: "月" in low and "日" in low,
    lambda low: "day" in low,
    lambda low: (
        "day" in low or "overnight" in low or "昨日" in low or "昨天" in low or "今日" in low or "今天" in low
    ),
    lambda low: "20" in low,
]
_ZH_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


@dataclass(frozen=True, slots=True)
class _When:
    kind: str  # "day", "window", "year", "ytd", "none"
    day: date | None = None
    window: tuple[date, date] | None = None
    note: str = ""


def find_claims(
    text: str,
    links: Sequence[CompanyLink] = (),
    published: date | None = None,
    *,
    spans: list[tuple[int, int]] | None = None,
) -> list[PriceClaim]:
    """Price-move claims in ``text`` with company and dates resolved (see module docstring).

    ``spans`` are the text's sentences when the caller has already split it."""
    spans = split_sentences(text) if spans is None else spans
    first = _MAY_CLAIM.search(text)
    if first is None:
        return []  # most stories: one search, and nothing per sentence
    # lower-cased once for every sentence (lower() keeps offsets in text without İ)
    low = text.lower() if not case_odd(text) else None
    mentions: list[tuple[int, str]] | None = None  # sorted on the first claim: most stories have none
    claims: list[PriceClaim] = []
    for idx in _may_claim(text, spans, first):
        s_start, s_end = spans[idx]
        sentence = text[s_start:s_end]
        raws = _raw_claims(sentence, low[s_start:s_end] if low is not None else None)
        if not raws:
            continue
        if mentions is None:
            mentions = sorted(
                (m.start, link.company_id)
                for link in links
                for m in link.mentions
                if not m.in_title and m.end <= len(text)
            )
        dates = _date_matches(sentence, low[s_start:s_end] if low is not None else None)
        for raw in raws:
            start, end = s_start + raw[0], s_start + raw[1]
            when = _resolve_when(dates, raw[1], published)
            kind = "limit" if raw[3] == "limit" else when.kind
            company = _company(mentions, spans, idx, end)
            claims.append(
                PriceClaim(
                    text=text[start:end],
                    start=start,
                    end=end,
                    claimed_pct=raw[2],
                    qualifier=raw[3],
                    kind=kind,
                    company_id=company,
                    sentence=idx,
                    day=when.day,
                    window=when.window,
                    decimals=raw[4],
                    note=when.note,
                )
            )
    return claims


def _may_claim(text: str, spans: list[tuple[int, int]], first: re.Match[str]) -> Iterator[int]:
    """The sentences that hold a ``_MAY_CLAIM`` word, given the ``first`` in ``text``,
    without a search per sentence: the first word at or after a sentence's start answers
    for every sentence up to it (the words are literal, so where one starts does not
    depend on where the search did)."""
    hit: re.Match[str] | None = first
    hit_from = 0  # ``hit`` is the first word at or after ``hit_from``
    for idx, (s_start, s_end) in enumerate(spans):
        if s_start < hit_from or (hit is not None and hit.start() < s_start):
            hit, hit_from = _MAY_CLAIM.search(text, s_start), s_start
        if hit is None or hit.start() >= s_end:
            continue
        if hit.end() <= s_end or _MAY_CLAIM.search(text, s_start, s_end) is not None:
            yield idx  # the word is inside, or runs past the end and another one is


def _raw_claims(sentence: str, low: str | None = None) -> list[tuple[int, int, float, str, int]]:
    """(start, end, signed percent, qualifier, decimals) of each claim in a sentence;
    ``low`` is the sentence lower-cased when the caller has it."""
    out = []
    # Offsets and groups are the same in the lower-cased sentence (every group is read
    # case-blind below); the price-subject test reads the sentence as written.
    if low is None and not case_odd(sentence):
        low = sentence.lower()
    en = _CLAIM_EN.finditer(sentence) if low is None else _CLAIM_EN_LOW.finditer(low)
    for m in en:
        if not _is_price_subject(sentence, m.start()):
            continue
        sign = 1.0 if _UP_VERB.fullmatch(m.group("verb")) else -1.0
        value, decimals, qual = _claimed_value(m)
        if value is None:
            continue
        start = _subject_start(sentence, m.start())
        out.append((start, m.end(), sign * value, qual, decimals))
    if sentence.isascii():
        return out  # the Chinese patterns need Chinese (isascii() reads a flag)
    for m in _CLAIM_ZH.finditer(sentence):
        if not _ZH_PRICE.search(sentence, max(0, m.start() - 20), m.start() + 1) and not _zh_company_move(m):
            continue
        sign = 1.0 if _ZH_UP in m.group("verb") else -1.0
        raw = m.group("num")
        qual = QUALIFIERS.get(m.group("qual") or "", "exact")
        out.append((_zh_clause_start(sentence, m.start()), m.end(), sign * float(raw), qual, _decimals(raw)))
    for m in _LIMIT_ZH.finditer(sentence):
        sign = 1.0 if m.group("verb") == "涨停" else -1.0
        out.append((_zh_clause_start(sentence, m.start()), m.end(), sign * 10.0, "limit", 0))
    return out


def _zh_clause_start(sentence: str, pos: int) -> int:
    """Start of the Chinese clause holding ``pos``, at most 12 characters back."""
    lo = max(0, pos - 12)
    mark = _LAST_MARK.match(sentence, lo, pos)  # a mark further back gives ``lo`` anyway
    return mark.end() if mark else lo


def _zh_company_move(m: re.Match[str]) -> bool:
    # "涨超5%" after a name: the verb itself is a price verb in Chinese market reports
    return m.group("verb") in ("收涨", "收跌", "大涨", "暴涨", "大跌", "暴跌", "重挫", "涨", "跌")


def _claimed_value(m: re.Match[str]) -> tuple[float | None, int, str]:
    qual = QUALIFIERS.get((m.group("qual") or "").lower(), "exact")
    if m.group("num"):
        return parse_number(m.group("num")), _decimals(m.group("num")), qual
    if m.group("bnum"):  # "1/4 (26%)": the bracket gives the precise figure
        return parse_number(m.group("bnum")), _decimals(m.group("bnum")), qual
    frac = m.group("frac").lower()
    if "/" in frac:
        num, den = frac.split("/")
        if int(den) == 0:
            return None, 0, qual
        return 100.0 * int(num) / int(den), 0, "about" if qual == "exact" else qual
    return _FRACTIONS.get(frac), 0, "about" if qual == "exact" else qual


def _decimals(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _is_price_subject(sentence: str, verb_at: int) -> bool:
    """A price word before the verb in its clause, with no other metric in between."""
    clause = _CLAUSE_SPLIT.split(sentence[:verb_at])[-1]
    subjects = list(_PRICE_SUBJECT.finditer(clause))
    if not subjects:
        return False
    return _OTHER_METRIC.search(clause[subjects[-1].end() :]) is None


def _subject_start(sentence: str, verb_at: int) -> int:
    clause_start = max(sentence.rfind(",", 0, verb_at), sentence.rfind(";", 0, verb_at)) + 1
    return clause_start + len(sentence[clause_start:verb_at]) - len(sentence[clause_start:verb_at].lstrip())


def _date_matches(sentence: str, low: str | None = None) -> list[tuple[str, re.Match[str]]]:
    """Every date expression in ``sentence`` as (kind, match), in the order of
    ``_DATE_PATTERNS`` and then of position; ``low`` is the sentence lower-cased when the
    caller has it. Read once per sentence: its claims only differ in where they end."""
    if low is None and not case_odd(sentence):
        low = sentence.lower()
    found: list[tuple[str, re.Match[str]]] = []
    for (kind, pattern), needs in zip(_DATE_PATTERNS, _DATE_NEEDS, strict=True):
        if low is not None and not needs(low):
            continue
        found.extend((kind, m) for m in pattern.finditer(sentence))
    return found


def _resolve_when(dates: list[tuple[str, re.Match[str]]], at: int, published: date | None) -> _When:
    """The date expression nearest to the claimed number (``at`` is where it ends), from
    the sentence's ``_date_matches``."""
    found = []
    for kind, m in dates:
        distance = m.start() - at if m.start() >= at else max(0, at - m.end())
        found.append((distance, kind, m))
    for _, kind, m in sorted(found, key=lambda f: f[0]):
        when = _when(kind, m, published)
        if when is not None:
            return when
    return _When("none", note="the text does not say when")


def _when(kind: str, m: re.Match[str], published: date | None) -> _When | None:
    if published is None:
        return _When("none", note="no publication date to resolve the claim's dates against")
    if kind == "ytd":
        return _When("ytd", window=(date(published.year - 1, 12, 31), published), note=f"'{m.group()}'")
    if kind == "window":
        return _window(m, published)
    if kind == "year":
        year = int(m.group("y") or m.group("zy"))
        if year > published.year:
            return None
        if year == published.year:  # "in 2025" written in 2025: so far this year
            return _When("ytd", window=(date(year - 1, 12, 31), published), note=f"'{m.group()}' so far")
        return _When("year", window=(date(year - 1, 12, 31), date(year, 12, 31)), note=f"calendar {year}")
    day = _day(kind, m, published)
    if day is None:
        return None
    return _When("day", day=day, note=f"'{m.group().strip()}' read as {day.isoformat()}")


def _window(m: re.Match[str], published: date) -> _When | None:
    raw_n = (m.group("n") or "one").lower()
    if raw_n.isdigit():
        n = int(raw_n)
    elif raw_n in _NUMBER_WORDS:
        n = _NUMBER_WORDS[raw_n]
    elif all(c in _ZH_DIGITS for c in raw_n):
        n = _ZH_DIGITS[raw_n[-1]] + (
            10 * (_ZH_DIGITS[raw_n[0]] if len(raw_n) > 1 and raw_n[0] != "十" else 0)
        )
        n = 10 if raw_n == "十" else n
    else:
        return None
    unit = m.group("unit").lower()
    if unit.startswith(("month", "月")):
        delta = relativedelta(months=n)
    elif unit.startswith(("year", "年")):
        delta = relativedelta(years=n)
    elif unit.startswith(("week", "周")):
        delta = relativedelta(weeks=n)
    elif unit.startswith("quarter"):
        delta = relativedelta(months=3 * n)
    else:
        delta = relativedelta(days=n)
    return _When(
        "window", window=(published - delta, published), note=f"'{m.group().strip()}' before publication"
    )


def _day(kind: str, m: re.Match[str], published: date) -> date | None:
    try:
        if kind == "iso":
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if kind in ("md", "dm", "zh_md"):
            month = int(m.group("m")) if kind == "zh_md" else _MONTHS[m.group("mon").lower().rstrip(".")]
            day_of = int(m.group("d"))
            year = int(m.group("y")) if m.group("y") else published.year
            found = date(year, month, day_of)
            if not m.group("y") and found > published:
                found = date(year - 1, month, day_of)
            return found
    except ValueError:
        return None
    if kind == "weekday":
        target = _WEEKDAYS[word_key(m.group("wd"))]
        return published - timedelta(days=(published.weekday() - target) % 7)
    if kind == "rel":
        word = (m.group("rel") or m.group("zrel")).lower()
        if word in ("yesterday", "昨日", "昨天"):
            return published - timedelta(days=1)
        return published
    return None


def _company(mentions: list[tuple[int, str]], spans: list[tuple[int, int]], idx: int, pos: int) -> str | None:
    s_start, s_end = spans[idx]
    same = [m for m in mentions if s_start <= m[0] < s_end]
    before = [m for m in same if m[0] < pos]
    if before:
        return before[-1][1]
    if same:
        return same[0][1]
    if idx > 0:
        p_start, p_end = spans[idx - 1]
        prev = [m for m in mentions if p_start <= m[0] < p_end]
        if prev:
            return prev[-1][1]
    return None

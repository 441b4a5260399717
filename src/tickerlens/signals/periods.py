"""Reporting periods a number belongs to, normalised against the publication date.

``Q1``, ``the first quarter of this year``, ``fiscal 2025``, ``FY25``, ``the 2024 calendar
year``, ``first half``, ``H1 2025``, ``year-to-date``, ``2025年第一季度``, ``一季度``,
``上半年``, ``前三季度``. Output labels: ``2025Q1``, ``FY2025``, ``2025H1``, ``2025``,
``2025Q1-Q3``, ``YTD``; a quarter without a year takes the publication year (news
reports the latest quarter) and is marked by the caller as resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tickerlens.signals.casing import case_odd, word_key

__all__ = ["Period", "find_periods", "may_hold_period", "period_labels"]

_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
}
_YEAR_WORD = r"(?P<yw>this year|last year|next year|(?:fiscal |FY\s?)?(?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [  # kind, pattern; the needs below say when to try it
    (
        "quarter",
        re.compile(r"\bQ(?P<q>[1-4])(?:\s*(?:of\s*)?(?:FY|fiscal\s*)?\s*'?(?P<y>(?:19|20)?\d\d)\b)?"),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
            rf"(?:\s+(?:of\s+)?(?:the\s+)?{_YEAR_WORD})?",
            re.IGNORECASE,
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?P<h>first|second)[- ]half(?:\s+(?:of\s+)?(?:the\s+)?" + _YEAR_WORD + ")?", re.IGNORECASE
        ),
    ),
    ("half", re.compile(r"\bH(?P<h>[12])\s*'?(?P<y>(?:19|20)?\d\d)?\b")),
    ("fiscal", re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s*'?(?P<y>(?:19|20)?\d\d)\b", re.IGNORECASE)),
    (
        "ytd",
        re.compile(
            r"\byear[- ]to[- ]date\b|\bYTD\b|so far this year|since the (?:beginning|start) of "
            r"(?:the|this) year|今年以来|年初至今|年内",
            re.IGNORECASE,
        ),
    ),
    ("zh_q3", re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?前三季度")),
    ("zh_quarter", re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?:第)?(?P<q>[一二三四1-4])季度")),
    ("zh_half", re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<h>上|下)半年")),
    (
        "year",
        re.compile(
            r"(?P<y>(?:19|20)\d\d)\s?(?:calendar year|fiscal year|年度|年|full[- ]year)"
            r"|\b(?:in|for|during|of)\s+(?P<y2>(?:19|20)\d\d)\b(?!\s*[-/年])"
        ),
    ),
]


# Every pattern above needs one of these; one cheap search spares ten on most sentences.
_HINT = re.compile(r"Q[1-4]|H[12]|quarter|half|fiscal|FY|year|YTD|(?:19|20)\d\d|季度|半年|年", re.IGNORECASE)
# What each pattern above cannot match without, in order: a sentence with a year but no
# quarter need not try the quarter patterns (most sentences with a number have a year).
_NEEDS: list[re.Pattern[str]] = [
    re.compile(r"Q"),
    re.compile(r"quarter", re.IGNORECASE),
    re.compile(r"half", re.IGNORECASE),
    re.compile(r"H"),
    re.compile(r"fiscal|FY", re.IGNORECASE),
    re.compile(r"year|YTD|今年以来|年初至今|年内", re.IGNORECASE),
    re.compile(r"前三季度"),
    re.compile(r"季度"),
    re.compile(r"半年"),
    re.compile(r"(?:19|20)\d\d"),
]
# ``_HINT`` and ``_NEEDS`` for lower-cased text, as plain substring tests and a pattern
# without IGNORECASE (which ``re`` runs several times faster: it skips to the possible first
# characters). lower() and IGNORECASE agree on every letter these name except İ ı ſ and
# the Kelvin sign, the only letters lower() makes ASCII or IGNORECASE matches to ASCII.
# Every branch starts with a literal, so ``re`` skips to the characters that can start one
# (a "(?:19|20)" branch would have it try every position).
_HINT_LOW = re.compile(r"q[1-4]|h[12]|quarter|half|fiscal|fy|year|ytd|19\d\d|20\d\d|季度|半年|年")
_NON_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: int
    end: int
    text: str


def find_periods(text: str, published: date | None) -> list[Period]:
    """Periods in ``text`` in order of position; overlapping matches keep the first pattern's."""
    return [
        Period(label, start, end, text[start:end])
        for start, label, end in _find(text, _needed(text), published)
    ]


def period_labels(
    text: str, low: str | None, start: int, end: int, published: date | None
) -> list[tuple[int, str]]:
    """(start in ``text``, label) of each period ``find_periods`` finds in ``text[start:end]``.

    ``low`` is ``text.lower()`` when the caller has lower-cased a story without İ ı ſ or
    the Kelvin sign: the hint test then runs in place and the sentence is not lower-cased
    again."""
    if low is None:
        sentence = text[start:end]
        needed = _needed(sentence)
    elif _HINT_LOW.search(low, start, end) is None:
        return []
    else:
        sentence = text[start:end]
        needed = _needed_low(sentence, low[start:end])
    return [(p_start + start, label) for p_start, label, _ in _find(sentence, needed, published)]


def _needed(text: str) -> list[bool] | None:
    """Which of ``_PATTERNS`` can match in ``text``; None when none can."""
    # İ ı ſ or the Kelvin sign: lower() and IGNORECASE disagree on a letter, ask the patterns
    if case_odd(text):
        if not _HINT.search(text):
            return None
        return [need.search(text) is not None for need in _NEEDS]
    low = text.lower()
    if not _HINT_LOW.search(low):
        return None
    return _needed_low(text, low)


def _needed_low(text: str, low: str) -> list[bool]:
    """``_needed`` of a text without İ ı ſ or the Kelvin sign, lower-cased as ``low``."""
    return [
        "Q" in text,
        "quarter" in low,
        "half" in low,
        "H" in text,
        "fiscal" in low or "fy" in low,
        # what each branch of the ytd pattern cannot match without (most sentences
        # say "year" without it being year-to-date, and that pattern is slow)
        "date" in low
        or "ytd" in low
        or "so far this year" in low
        or "since the " in low
        or "今年以来" in text
        or "年初至今" in text
        or "年内" in text,
        "前三季度" in text,
        "季度" in text,
        "半年" in text,
        _NEEDS[9].search(text) is not None,
    ]


def _find(text: str, needed: list[bool] | None, published: date | None) -> list[tuple[int, str, int]]:
    """(start, label, end) of the periods of the ``needed`` patterns in order of start; a
    match that overlaps one of an earlier pattern is dropped."""
    if needed is None:
        return []
    found: list[tuple[int, str, int]] = []
    for (kind, pattern), need in zip(_PATTERNS, needed, strict=True):
        if not need:
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            if found and any(s < end and start < e for s, _, e in found):
                continue
            label = _label(kind, m, published)
            if label is not None:
                found.append((start, label, end))
    found.sort()  # no two periods overlap, so no two share a start
    return found


def may_hold_period(low: str, start: int, end: int) -> bool:
    """False when ``find_periods`` of ``low[start:end]`` is surely empty: the hint test for a
    caller that has lower-cased a whole story once (``low`` must be ``text.lower()`` of a
    text without İ ı ſ or the Kelvin sign), without slicing or lower-casing each sentence."""
    return _HINT_LOW.search(low, start, end) is not None


def _label(kind: str, m: re.Match[str], published: date | None) -> str | None:
    groups = m.groupdict()
    year = _year(groups.get("y") or groups.get("y2") or groups.get("yw"), published)
    if kind in ("quarter", "zh_quarter"):
        q = _ORD[word_key(groups["q"])]
        return f"{year}Q{q}" if year else f"Q{q}"
    if kind in ("half", "zh_half"):
        h = groups["h"].lower()
        half = 1 if h in ("first", "1", "上") else 2
        return f"{year}H{half}" if year else f"H{half}"
    if kind == "zh_q3":
        return f"{year}Q1-Q3" if year else "Q1-Q3"
    if kind == "fiscal":
        return f"FY{year}" if year else None
    if kind == "ytd":
        return f"{published.year}YTD" if published else "YTD"
    if kind == "year":
        return str(year) if year else None
    return None


def _year(raw: str | None, published: date | None) -> int | None:
    if raw is None:
        return published.year if published else None
    raw = raw.strip().lower()
    if raw in ("this year", "last year", "next year"):
        if published is None:
            return None
        return published.year + {"this year": 0, "last year": -1, "next year": 1}[raw]
    digits = _NON_DIGIT.sub("", raw)
    if not digits:
        return None
    value = int(digits)
    return value + 2000 if value < 100 else value

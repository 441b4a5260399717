"""Sentence spans for English and Chinese news text.

Linking records which sentence a mention sits in and signals read a mention's sentence
and its neighbours, so both must cut the text the same way: this one pure function is
that shared definition. It returns character spans into the text as given (no copies,
no normalisation), so offsets stay valid for every later stage.

Rules, in order of strength:

* a blank line, or a line break after a finished sentence, always ends a sentence; a
  single line break inside an unfinished sentence followed by a lower-case word is a
  hard wrap and does not;
* ``。！？`` (and ``!?`` / ``…``) end a sentence wherever they stand, together with the
  closing quotes and brackets right after them;
* ``.`` ends a sentence only before white space and a likely sentence start (a capital,
  digit, quote or CJK character), and not after a known abbreviation (``U.S.``,
  ``Inc.``, ``No.``, ``Jan.``), an initial (``J.``) or a number-ish token (``No. 16``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter

__all__ = ["sentence_index", "split_sentences"]

# Lower-cased abbreviations (without their final dot) that rarely end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "sgt",
        "capt",
        "col",
        "lt",
        "cmdr",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "cos",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "approx",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "art",
        "sec",
        "ch",
        "para",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "vs",
        "etc",
        "al",
        "e.g",
        "i.e",
        "cf",
        "viz",
        "ca",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "p.m",
        "a.m",
        "ave",
        "blvd",
        "rd",
        "hwy",
    ]
)
# Abbreviations that end sentences often enough that a following capital decides.
_SOFT_ABBREVIATIONS = frozenset(
    {"etc", "u.s", "u.k", "u.n", "e.u", "u.s.a", "p.m", "a.m", "inc", "co", "ltd", "corp", "plc", "llc"}
)

_CJK_END = "。！？!?…"
_CLOSERS = "\"'”’」』）)]】》〉"
_WS_NO_NL = " \t\u3000\u00a0"
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_first = itemgetter(0)
_TERMINATOR = re.compile(r"[。！？!?…]+|\.(?:\.\.)?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` (end exclusive) of the sentences of ``text``, in order.

    Leading and trailing white space is outside every span; an empty or blank text has
    no sentences. The spans never overlap and cover every non-space character. Linking
    and each signal ask for the same article's sentences, so recent answers are kept.
    """
    return list(_split_cached(text))


@lru_cache(maxsize=16)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for cut in _cuts(text, block_start, block_end):
            _append(spans, text, start, cut)
            start = cut
        _append(spans, text, start, block_end)
    return tuple(spans)


def sentence_index(spans: Sequence[tuple[int, int]], offset: int) -> int:
    """Index of the sentence holding character ``offset`` (the nearest one before a gap)."""
    return max(0, bisect_right(spans, offset, key=_first) - 1)


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut at line breaks that end a paragraph or a finished line; keep hard wraps together."""
    blocks: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        nl = match.start()
        if _is_wrap(text, start, nl):
            continue
        blocks.append((start, nl))
        start = nl + 1
    blocks.append((start, len(text)))
    return blocks


def _is_wrap(text: str, line_start: int, nl: int) -> bool:
    """A line break inside a sentence: the line runs on into a lower-case word."""
    before = text[line_start:nl].rstrip()
    if not before or before[-1] in _CJK_END + ".:;" + _CLOSERS:
        return False
    if _CJK_RE.search(before[-1]):
        return False
    rest = text[nl + 1 : nl + 40]
    stripped = rest.lstrip(_WS_NO_NL)
    return bool(stripped) and stripped[0].islower() and len(before) > 40


def _cuts(text: str, start: int, end: int) -> list[int]:
    cuts: list[int] = []
    for match in _TERMINATOR.finditer(text, start, end):
        if match.group()[0] == ".":
            cut = _dot_cut(text, match.start(), match.end(), end)
        else:
            cut = _absorb_closers(text, match.end(), end)
            if match.group()[-1] in "!?" and cut < end and not _free_after(text[cut]):
                cut = None  # "?q=1", "Yahoo!Finance": ASCII marks need a space after them
        if cut is not None and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    return cuts


def _free_after(char: str) -> bool:
    return char.isspace() or bool(_CJK_RE.match(char)) or char in _CJK_END


def _absorb_closers(text: str, pos: int, end: int) -> int:
    """Move past closing quotes and brackets that belong to the sentence just ended."""
    while pos < end:
        if text[pos] in _CLOSERS:
            pos += 1
            continue
        # "technologies. ”": a closing curly quote after a space still closes the sentence.
        probe = pos
        while probe < end and text[probe] in _WS_NO_NL:
            probe += 1
        if probe < end and probe > pos and text[probe] in "”’」』":
            pos = probe + 1
            continue
        break
    return pos


def _dot_cut(text: str, dot: int, after: int, end: int) -> int | None:
    if after < end and text[after] not in _WS_NO_NL and text[after] not in _CLOSERS:
        return None  # 3.5, U.S.A, example.com
    cut = _absorb_closers(text, after, end)
    nxt = cut
    while nxt < end and text[nxt] in _WS_NO_NL:
        nxt += 1
    if nxt >= end:
        return cut
    if nxt == cut and cut > after:
        return cut
    first = text[nxt]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'([「『" or _CJK_RE.match(first)):
        return None
    if after - dot == 1 and _is_abbreviation(text, dot, first):
        return None
    return cut


def _is_abbreviation(text: str, dot: int, next_char: str) -> bool:
    match = _WORD_BEFORE_DOT.search(text[max(0, dot - 12) : dot + 1])
    if match is None:
        return False
    word = match.group(1).lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. P. Morgan", "Jensen H. Huang"
    if word not in _ABBREVIATIONS:
        return False
    if word in _SOFT_ABBREVIATIONS:
        # "made in the U.S. The company ..." ends; "the U.S. Department" goes on. A capital
        # after these is a new sentence only when it starts a common sentence opener.
        return not _starts_opener(text, dot + 1)
    return True


_OPENERS = re.compile(
    r"\s+(?:The|This|That|These|Those|It|Its|He|She|They|We|I|In|On|At|But|And|However|A|An|As|"
    r"Shares|Analysts|Meanwhile|Still|Yet|If|When|While|After|Before|Last|Next)\b"
)


def _starts_opener(text: str, pos: int) -> bool:
    return _OPENERS.match(text, pos) is not None

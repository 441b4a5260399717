"""Explicit ticker mentions: the forms stories print after or instead of a name.

``(NASDAQ: NVDA)``, ``NYSE:TSM``, ``$NVDA``, ``SHA: 688256``, ``688256.SH``,
``SH688256``, ``HKEX: 700``, ``2330 TT``, and Chinese inline codes such as
``凯赛生物(688065)`` or ``腾讯控股（00700.HK）``. A form found here is only a candidate:
it counts when the universe knows the listing on the story's date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tickerlens.universe.symbols import TickerRef, normalise_local, parse_news_ticker

__all__ = ["TickerHit", "find_paren_symbols", "find_symbol_lists", "find_tickers"]

_EXCHANGES = frozenset(
    [
        "NASDAQ",
        "NASDAQGS",
        "NASDAQGM",
        "NASDAQCM",
        "NYSE",
        "NYSE",
        "AMERICAN",
        "NYSE",
        "ARCA",
        "NYSEARCA",
        "AMEX",
        "OTCQX",
        "OTC",
        "SHA",
        "SHE",
        "SSE",
        "SZSE",
        "HKEX",
        "HKSE",
        "SEHK",
        "HKG",
        "TWSE",
        "TPEX",
        "TPE",
        "TYO",
        "TSE",
        "LSE",
        "LON",
        "ETR",
        "XETRA",
        "FRA",
        "EPA",
        "AMS",
        "BIT",
        "BME",
        "SWX",
        "SIX",
        "STO",
        "CPH",
        "HEL",
        "OSL",
        "KRX",
        "KOSDAQ",
        "KOSPI",
        "NSE",
        "BSE",
        "ASX",
        "TSXV",
        "TSX",
        "SGX",
        "IDX",
        "JSE",
        "B3",
        "BMV",
        "TADAWUL",
        "TASE",
    ]
) | {"NYSE AMERICAN", "NYSE ARCA"}
_SUFFIXES = "SS|SH|SZ|BJ|HK|TWO|TW|T|L|DE|PA|AS|SW|KS|KQ|NS|BO|AX|TO|SI"
_RIC_SUFFIXES = "N|O|OQ|K|A|P|L|DE|PA|AS|HK|SS|SZ|TW|TWO|T|KS|KQ|NS|BO|AX|TO|SI"
# Each form is found from a rare anchor character (":", "$", "<", ".", "(", a digit),
# so a pass costs little on ordinary prose; the part before the anchor is read backwards
# from a short window.
# A pattern that starts with a look-behind or an optional part defeats the regex engine's
# fast scan for its first character; each pattern here starts with a plain character.
_COLON = re.compile(r"[:：]\s?(?P<sym>[A-Z0-9][A-Z0-9.\-]{0,9})\b")
_EXCHANGE_BEFORE = re.compile(r"(?<![A-Za-z])(?P<ex>[A-Z][A-Za-z0-9]{1,11}(?: [A-Z][a-z]+)?)\s?$")
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Z]{1,5}(?:\.[A-Z])?(?![\w.]*\d)\b")
_RIC_FORM = re.compile(rf"<[A-Z0-9][A-Z0-9\-]{{0,6}}\.(?:{_RIC_SUFFIXES})>")
_DOT_SUFFIX = re.compile(rf"\.(?:{_SUFFIXES})(?![\w.])")
_SYMBOL_BEFORE = re.compile(r"(?<![\w.])(?:\d{4,6}|[A-Z][A-Z0-9\-]{0,5})$")
_PREFIX_FORM = re.compile(r"(?:SH|SZ|BJ|sh|sz|bj)\.?\d{6}(?!\d)")
_BLOOMBERG_TAIL = re.compile(r" (?:TT|HK|JT|JP|KS|C1|C2|CH)(?!\w)")
_BLOOMBERG_CODE = re.compile(r"(?<!\w)\d{4,6}$")
_WORD_BEFORE = re.compile(r"[A-Za-z0-9]")
_BRACKET = re.compile(
    r"[（(]\s*(?:(?:股票)?代码[:：]?\s*)?(?P<code>\d{6}|\d{4,5})(?:\.(?P<csfx>SH|SZ|SS|BJ|HK))?\s*[)）]"
)
_RIC_MIC = {"N": "XNYS", "K": "XNYS", "O": "XNAS", "OQ": "XNAS", "A": "XASE", "P": "ARCX"}
# A bare US-style ticker in brackets right after a name: "Prologis (PLD)"
_PAREN_SYMBOL = re.compile(r"\(([A-Z]{1,5}(?:\.[A-Z])?)\)")
_PREFIX_RE = re.compile(r"(?i)(sh|sz|bj)\.?(\d{6})")
# Three or more bare symbols in brackets, the way market-movers headlines list them:
# "Stocks Hitting 52-Week Highs (TDSC, AAON, ACTG)"
_SYMBOL = r"[A-Z]{1,5}(?:\.[A-Z])?"
_SYMBOL_LIST = re.compile(rf"\(\s*{_SYMBOL}(?:\s*,\s*{_SYMBOL}){{2,}}\s*\)")
_SYMBOL_ITEM = re.compile(_SYMBOL)


@dataclass(frozen=True, slots=True)
class TickerHit:
    ref: TickerRef
    start: int
    end: int
    form: str
    text: str


def _a_share_mic(code: str) -> str | None:
    if code.startswith(("600", "601", "603", "605", "688", "689", "900")):
        return "XSHG"
    if code.startswith(("000", "001", "002", "003", "300", "301", "200")):
        return "XSHE"
    if code.startswith(("43", "83", "87", "88", "92")):
        return "BJSE"
    return None


def _bracket_ref(code: str, suffix: str) -> TickerRef | None:
    mic: str | None
    if suffix == "HK" or (len(code) in (4, 5) and not suffix):
        mic = "XHKG"
    elif suffix in ("SH", "SS"):
        mic = "XSHG"
    elif suffix == "SZ":
        mic = "XSHE"
    elif suffix == "BJ":
        mic = "BJSE"
    else:
        mic = _a_share_mic(code)
    return TickerRef(normalise_local(mic, code), mic) if mic else None


def _ric_ref(raw: str) -> TickerRef:
    code, suffix = raw.strip("<>").rsplit(".", 1)
    if suffix in _RIC_MIC:
        return TickerRef(normalise_local(_RIC_MIC[suffix], code), _RIC_MIC[suffix])
    return parse_news_ticker(f"{code}.{suffix}")


def _exchange_hits(text: str) -> Iterator[TickerHit]:
    for m in _COLON.finditer(text):
        before = _EXCHANGE_BEFORE.search(text[max(0, m.start() - 25) : m.start()])
        if before is None or before.group("ex").upper() not in _EXCHANGES:
            continue
        start = m.start() - len(before.group())
        raw = text[start : m.end()]
        try:
            yield TickerHit(parse_news_ticker(raw), start, m.end(), "exchange", raw)
        except ValueError:
            continue


def _suffix_hits(text: str) -> Iterator[TickerHit]:
    for m in _DOT_SUFFIX.finditer(text):
        before = _SYMBOL_BEFORE.search(text[max(0, m.start() - 7) : m.start()])
        if before is None:
            continue
        start = m.start() - len(before.group())
        raw = text[start : m.end()]
        try:
            yield TickerHit(parse_news_ticker(raw), start, m.end(), "suffix", raw)
        except ValueError:
            continue


def _bloomberg_hits(text: str) -> Iterator[TickerHit]:
    for m in _BLOOMBERG_TAIL.finditer(text):
        code = _BLOOMBERG_CODE.search(text[max(0, m.start() - 7) : m.start()])
        if code is None:
            continue
        start = m.start() - len(code.group())
        raw = text[start : m.end()]
        try:
            yield TickerHit(parse_news_ticker(raw), start, m.end(), "bloomberg", raw)
        except ValueError:
            continue


def _simple_hits(text: str) -> Iterator[TickerHit]:
    passes: list[tuple[str, re.Pattern[str], bool]] = [
        ("cashtag", _CASHTAG, "$" in text),
        ("ric", _RIC_FORM, "<" in text),
        ("prefix", _PREFIX_FORM, True),
    ]
    for form, pat, worth in passes:
        if not worth:
            continue
        for m in pat.finditer(text):
            if form == "prefix" and m.start() and _WORD_BEFORE.match(text[m.start() - 1]):
                continue
            raw = m.group()
            try:
                if form == "prefix":
                    pm = _PREFIX_RE.fullmatch(raw)
                    ref = parse_news_ticker(pm.group(1).upper() + pm.group(2)) if pm else None
                else:
                    ref = _ric_ref(raw) if form == "ric" else parse_news_ticker(raw)
            except ValueError:
                continue
            if ref is not None:
                yield TickerHit(ref, m.start(), m.end(), form, raw)


def _bracket_hits(text: str) -> Iterator[TickerHit]:
    for m in _BRACKET.finditer(text):
        ref = _bracket_ref(m.group("code"), (m.group("csfx") or "").upper())
        if ref is not None:
            yield TickerHit(ref, m.start("code"), m.end(), "bracket", m.group())


def find_paren_symbols(text: str) -> list[TickerHit]:
    """Bare symbols in brackets, "(PLD)": candidates only, which the linker accepts when
    the words just before name the same company."""
    return [
        TickerHit(TickerRef(m.group(1), None), m.start(), m.end(), "paren", m.group())
        for m in _PAREN_SYMBOL.finditer(text)
    ]


def find_symbol_lists(text: str) -> list[list[TickerHit]]:
    """Bracketed lists of three or more bare symbols, each list's symbols in order:
    candidates only, which the linker accepts when every symbol of a list is a listing."""
    return [
        [
            TickerHit(TickerRef(item.group(), None), item.start(), item.end(), "list", item.group())
            for item in _SYMBOL_ITEM.finditer(text, m.start(), m.end())
        ]
        for m in _SYMBOL_LIST.finditer(text)
    ]


def find_tickers(text: str) -> list[TickerHit]:
    """Every explicit ticker form in ``text``, in order of position, without overlaps."""
    hits = [
        *_exchange_hits(text),
        *_suffix_hits(text),
        *_simple_hits(text),
        *_bloomberg_hits(text),
        *_bracket_hits(text),
    ]
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[TickerHit] = []
    for h in hits:
        if not out or h.start >= out[-1].end:
            out.append(h)
    return out

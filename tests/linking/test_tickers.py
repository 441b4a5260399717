"""Explicit ticker forms as stories print them, and the look-alikes that are not tickers."""

from __future__ import annotations

import pytest

from tickerlens.linking.tickers import find_symbol_lists, find_tickers


@pytest.mark.parametrize(
    ("text", "form", "mic", "symbol"),
    [
        ("Nvidia (NASDAQ: NVDA) rose", "exchange", "XNAS", "NVDA"),
        ("shares of NYSE:TSM", "exchange", "XNYS", "TSM"),
        ("buying $NVDA today", "cashtag", None, "NVDA"),
        ("Cambrian (SHA: 688256)", "exchange", "XSHG", "688256"),
        ("code 688256.SH closed", "suffix", "XSHG", "688256"),
        ("code SH688256 closed", "prefix", "XSHG", "688256"),
        ("Tencent (HKEX: 700)", "exchange", "XHKG", "700"),
        ("TSMC 2330 TT fell", "bloomberg", "XTAI", "2330"),
        ("Johnson & Johnson <JNJ.N> gained", "ric", "XNYS", "JNJ"),
        ("凯赛生物(688065)公告", "bracket", "XSHG", "688065"),
        ("腾讯控股（00700.HK）", "bracket", "XHKG", "700"),
        ("Toyota 7203.T", "suffix", "XTKS", "7203"),
    ],
)
def test_forms(text: str, form: str, mic: str | None, symbol: str) -> None:
    (hit,) = find_tickers(text)
    assert (hit.form, hit.ref.mic, hit.ref.symbol) == (form, mic, symbol)
    assert text[hit.start : hit.end] in hit.text


@pytest.mark.parametrize(
    "text",
    [
        "a charge of $5.5 billion",
        "Note: The CEO said",
        "XSH688256 is a part number",
        "in the U.S. and U.K. markets",
        "Time: 10:30 AM",
    ],
)
def test_look_alikes_are_not_tickers(text: str) -> None:
    assert find_tickers(text) == []


def test_symbol_lists_need_three_bare_symbols_in_brackets() -> None:
    (items,) = find_symbol_lists("Movers (TDSC, AAON, BRK.B) and (ABC, DEF) and (Foo, BAR, BAZ)")
    assert [(h.text, h.start) for h in items] == [("TDSC", 8), ("AAON", 14), ("BRK.B", 20)]

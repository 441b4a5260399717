from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickerlens.errors import SymbolError
from tickerlens.universe.symbols import from_yahoo, parse_news_ticker, to_yahoo


@pytest.mark.parametrize(
    ("mic", "symbol", "yahoo"),
    [
        ("XNAS", "NVDA", "NVDA"),
        ("XSHG", "688256", "688256.SS"),
        ("XSHE", "000001", "000001.SZ"),
        ("XHKG", "700", "0700.HK"),
        ("XHKG", "0700", "0700.HK"),
        ("XTAI", "2330", "2330.TW"),
        ("XTKS", "7203", "7203.T"),
        ("XLON", "SHEL", "SHEL.L"),
        ("XNYS", "BRK.B", "BRK-B"),
    ],
    ids=lambda v: str(v),
)
def test_yahoo_rendering(mic: str, symbol: str, yahoo: str) -> None:
    assert to_yahoo(mic, symbol) == yahoo


@pytest.mark.parametrize(
    ("text", "mic", "symbol"),
    [
        ("(NASDAQ: NVDA)", "XNAS", "NVDA"),
        ("NYSE:TSM", "XNYS", "TSM"),
        ("$NVDA", None, "NVDA"),
        ("SHA: 688256", "XSHG", "688256"),
        ("688256.SH", "XSHG", "688256"),
        ("688256.SS", "XSHG", "688256"),
        ("SH688256", "XSHG", "688256"),
        ("HKEX: 700", "XHKG", "700"),
        ("0700.HK", "XHKG", "700"),
        ("2330 TT", "XTAI", "2330"),
    ],
)
def test_news_forms(text: str, mic: str | None, symbol: str) -> None:
    ref = parse_news_ticker(text)
    assert (ref.mic, ref.symbol) == (mic, symbol)


@pytest.mark.parametrize("bad", ["", "hello world", "NASDAQ:", "XX: ???"])
def test_unreadable_forms_raise(bad: str) -> None:
    with pytest.raises(SymbolError):
        parse_news_ticker(bad)


def test_unknown_mic_is_an_error_that_names_it() -> None:
    with pytest.raises(SymbolError, match="XQQQ"):
        to_yahoo("XQQQ", "ABC")


_MICS = ["XSHG", "XSHE", "XHKG", "XTAI", "XTKS", "XLON", "XETR", "XKRX", "XNSE", "XASX"]


@given(st.sampled_from(_MICS), st.integers(min_value=1, max_value=999_999))
def test_round_trip_numeric_codes(mic: str, code: int) -> None:
    symbol = str(code) if mic == "XHKG" else str(code).zfill(6 if mic in ("XSHG", "XSHE", "XKRX") else 4)
    yahoo = to_yahoo(mic, symbol)
    assert from_yahoo(yahoo) == (mic, symbol)


@given(st.from_regex(r"[A-Z]{1,4}(\.[AB])?", fullmatch=True))
def test_round_trip_us_symbols(symbol: str) -> None:
    mic, local = from_yahoo(to_yahoo("XNYS", symbol))
    assert local == symbol and mic == "US"

from __future__ import annotations

import pytest

from tickerlens.errors import SymbolError
from tickerlens.market.vendor_symbols import a_share_mic, interchange_symbol


@pytest.mark.parametrize(
    ("raw", "mic", "expected"),
    [
        ("sh.688256", None, "688256.SS"),
        ("sz.002129", None, "002129.SZ"),
        ("SH600000", None, "600000.SS"),
        ("688256", None, "688256.SS"),
        ("000001", None, "000001.SZ"),
        ("300750", None, "300750.SZ"),
        ("830799", None, "830799.BJ"),
        ("688256.XSHG", None, "688256.SS"),
        ("600000.SH", None, "600000.SS"),
        ("000300.SS", None, "000300.SS"),
        ("^GSPC", None, "^GSPC"),
        ("SPX", None, "^GSPC"),
        ("^HSI", None, "^HSI"),
        ("HSI", None, "^HSI"),
        ("IXIC", None, "^IXIC"),
        ("KOSPI", None, "^KS11"),
        ("CSI300", None, "000300.SS"),
        ("700.HK", None, "0700.HK"),
        ("2330.TW", None, "2330.TW"),
        ("brk.b", None, "BRK-B"),
        ("nvda", None, "NVDA"),
        ("700", "XHKG", "0700.HK"),
        ("2330", "XTAI", "2330.TW"),
        ("Gold", None, "Gold"),
        ("贵州茅台", None, "贵州茅台"),
    ],
    ids=lambda v: str(v),
)
def test_vendor_forms(raw: str, mic: str | None, expected: str) -> None:
    assert interchange_symbol(raw, mic) == expected


def test_empty_symbol_is_an_error() -> None:
    with pytest.raises(SymbolError):
        interchange_symbol("  ")


@pytest.mark.parametrize(
    ("code", "mic"),
    [("600519", "XSHG"), ("900901", "XSHG"), ("002594", "XSHE"), ("430047", "BJSE"), ("920118", "BJSE")],
)
def test_a_share_numbering(code: str, mic: str) -> None:
    assert a_share_mic(code) == mic

"""Which constructions around a name only a company fills: they let a name made of
ordinary words link without its ticker, so each must fail for the ordinary reading."""

from __future__ import annotations

import pytest

from tickerlens.linking.evidence import firm_context


def _around(text: str, name: str) -> bool:
    start = text.index(name)
    return firm_context(text, start, start + len(name))


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Atlas Air rose 4% after the cargo carrier beat estimates.",
        "Atlas Air Reports Q3 Adj. EPS $1.09, Sales $448M",
        "Atlas Air Sees FY Revenue Above Estimates",
        "Atlas Air Beats Q1 Estimates",
        "Dahlman Rose Downgrades Atlas Air to Hold",
        "Stifel maintains buy rating on Atlas Air, lowers target",
        "Atlas Air, Inc. enters a new contract",
        "Atlas Air's shares slid on Monday.",
    ],
)
def test_constructions_only_a_company_fills(text: str) -> None:
    assert _around(text, "Atlas Air")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Asia Pacific shares fell on Monday as investors fled.", "Asia Pacific"),
        ("Shares of Asia Pacific companies fell.", "Asia Pacific"),
        ("Strategists upgrade Asia Pacific equities to overweight.", "Asia Pacific"),
        ("Asia Pacific Reports First Case of the new strain", "Asia Pacific"),
        ("Asia Pacific co-operation deepened this year.", "Asia Pacific"),
        ("Atlas Air routes over the Pacific were busy.", "Atlas Air"),
    ],
)
def test_the_ordinary_reading_is_not_company_context(text: str, name: str) -> None:
    assert not _around(text, name)

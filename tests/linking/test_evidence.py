"""The checks around a name in the text: constructions only a company fills (they let a
name made of ordinary words link without its ticker), and the readings that are never
the company. Each must hold for the company and fail for the ordinary reading."""

from __future__ import annotations

import pytest

from tickerlens.linking.evidence import firm_context, names_a_market, part_of_other_name, straddles_words


def _span(text: str, name: str) -> tuple[str, int, int]:
    """The text and the span of the first occurrence of ``name``, as the checks take them."""
    start = text.index(name)
    return text, start, start + len(name)


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
    assert firm_context(*_span(text, "Atlas Air"))


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
    assert not firm_context(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("GMR Infra posts Q3 net loss of Rs 22 crore; stock up", "Infra"),
        ("Suzanne Frey, an executive at Alphabet, is a member of the board.", "Frey"),
        ("Sidoti Downgrades ABM Indus to Neutral", "Indus"),
        ("Trade steel stocks today: Deepak Mohoni", "Deepak"),
        ("Brazilian newspaper Valor Economico reported the sale.", "Valor"),
        ("Infra stocks a safe bet for the long term", "Infra"),  # a sector
    ],
)
def test_a_word_that_is_part_of_another_name_or_a_persons(text: str, name: str) -> None:
    assert part_of_other_name(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("US Infra shares rallied.", "Infra"),  # a country before a name is not part of it
        ("Frey, the property group, raised its dividend.", "Frey"),
        ("Shares of Indus rose 4% after results.", "Indus"),
        ("Tellurian Nabs LNG Deal With Trafigura", "Tellurian"),  # a headline's verb
        ("Deepak Soars 5% After Results", "Deepak"),
        ("Emami names a new healthcare CEO", "Emami"),  # "names" the verb
    ],
)
def test_a_word_standing_for_itself(text: str, name: str) -> None:
    assert not part_of_other_name(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("交通银行将加大金融资源投入", "大金"),  # 加大 + 金融
        ("国内化工行业景气度较高", "工行"),  # 化工 + 行业
        ("正在努力拓展新的市场", "力拓"),  # 努力 + 拓展
        ("业务收入增长和效益贡献", "长和"),  # 增长 is very frequent and 长和 is not a word
        ("新基地的建设进展顺利", "新基"),  # 基地
    ],
)
def test_a_two_character_name_read_across_two_words(text: str, name: str) -> None:
    assert straddles_words(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("大金空调发布新品", "大金"),  # at the start
        ("投资者看好力拓的铁矿石业务", "力拓"),
        ("招商银行和平安的合作", "平安"),  # 和平 is a word, but 安的 is not
    ],
)
def test_a_two_character_name_standing_as_a_word(text: str, name: str) -> None:
    assert not straddles_words(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Nasdaq Composite fell 2%.", "Nasdaq"),
        ("The Dow Jones Industrial Average rose.", "Dow Jones"),
        ("Japan's Nikkei 225 closed higher.", "Nikkei"),
        ("Nasdaq-listed shares jumped.", "Nasdaq"),
        ("ETFs based on the MSCI Index", "MSCI"),
        ("the KBW Regional Banking index .KRX lost 0.5%", "KRX"),
        ("买方营业部为平安证券股份有限公司深圳金田路证券营业部", "金田"),  # a street of a branch
    ],
)
def test_an_index_or_venue_named_after_a_company(text: str, name: str) -> None:
    assert names_a_market(*_span(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nasdaq shares rose after the exchange operator beat estimates.", "Nasdaq"),
        ("Samsung 50% stake in the venture", "Samsung"),
        ("Nvidia 500-page filing", "Nvidia"),
        ("Dow Jones reported the deal first.", "Dow Jones"),
    ],
)
def test_the_company_itself(text: str, name: str) -> None:
    assert not names_a_market(*_span(text, name))

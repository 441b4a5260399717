from __future__ import annotations

from datetime import date

import pytest

from tickerlens.linking.model import CompanyLink, Mention, Role
from tickerlens.signals.facts import extract_facts
from tickerlens.signals.numbers import find_amounts, find_percents
from tickerlens.signals.periods import find_periods, may_hold_period


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("a charge of $5.5 billion", 5.5e9, "USD", None),
        ("about 1.111 billion yuan", 1.111e9, "CNY", "about"),
        ("revenue of NT$839.254 billion", 839.254e9, "TWD", None),
        ("US$17.108 billion", 17.108e9, "USD", None),
        ("RMB 124.830 billion", 124.83e9, "CNY", None),
        ("HK$3,200 million", 3.2e9, "HKD", None),
        ("EUR 205.5 mn", 205.5e6, "EUR", None),
        ("€2bn", 2e9, "EUR", None),
        ("Rs 10.4 crore", 1.04e8, "INR", None),
        ("营收35.5亿元", 3.55e9, "CNY", None),
        ("人民币1.2万亿", 1.2e12, "CNY", None),
        ("约3.5亿美元", 3.5e8, "USD", "about"),
        ("市值超过1.2万亿", 1.2e12, None, "more than"),
        ("only more than $170, so", 170.0, "USD", "more than"),
        ("nearly ¥900 million", 9e8, "CNY", "nearly"),
    ],
    ids=lambda v: str(v),
)
def test_amounts(text: str, value: float, currency: str | None, qualifier: str | None) -> None:
    (amount,) = list(find_amounts(text))
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency
    assert amount.qualifier == qualifier
    assert text[amount.start : amount.end] == amount.text


@pytest.mark.parametrize(
    "text",
    ["H20 chips", "688256.SS closed", "5 m tall", "in 2024 it grew", "version 2.5 shipped"],
)
def test_not_amounts(text: str) -> None:
    assert list(find_amounts(text)) == []


def test_percents_keep_precision_hedges_and_ranges() -> None:
    found = list(
        find_percents("up nearly 7%, 4230.22% more, growth of 20%-30% and 2个百分点; moreover 5 per cent")
    )
    assert [(p.value, p.qualifier, p.decimals, p.points) for p in found] == [
        (7.0, "nearly", 0, False),
        (4230.22, None, 2, False),
        (20.0, None, 0, False),
        (30.0, None, 0, False),
        (2.0, None, 0, True),
        (5.0, None, 0, False),
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("results for Q1 were strong", "2025Q1"),
        ("in the first quarter of this year", "2025Q1"),
        ("the fourth quarter of 2024", "2024Q4"),
        ("in fiscal 2025", "FY2025"),
        ("FY24 guidance", "FY2024"),
        ("the first half of last year", "2024H1"),
        ("H2 2023 sales", "2023H2"),
        ("up 3% year-to-date", "2025YTD"),
        ("the 2024 calendar year", "2024"),
        ("2025年第一季度营收", "2025Q1"),
        ("一季度净利润", "2025Q1"),
        ("2024年上半年", "2024H1"),
        ("前三季度", "2025Q1-Q3"),
        ("今年以来股价", "2025YTD"),
    ],
)
def test_periods(text: str, label: str) -> None:
    assert [p.label for p in find_periods(text, date(2025, 4, 19))] == [label]


def _link(cid: str, text: str, name: str) -> CompanyLink:
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Mention(name, start, start + len(name), 0))
        start = text.find(name, start + 1)
    return CompanyLink(cid, name, "listed", [], mentions, 1.0, 1.0, Role.PRIMARY)


def test_facts_have_metric_period_direction_and_company() -> None:
    text = (
        "On April 17, Acme released its Q1 results, with revenue reaching NT$839.254 billion, "
        "a year-on-year increase of 41%. Globex said its net loss narrowed to $2 million. "
        "The market value of Acme has evaporated by more than $88.9 billion (about 646 billion yuan)."
    )
    links = [_link("acme", text, "Acme"), _link("globex", text, "Globex")]
    facts = extract_facts(text, links, date(2025, 4, 19))
    got = [(f.text, f.metric, f.period, f.direction, f.company_id, f.bracket_of) for f in facts]
    assert got == [
        ("NT$839.254 billion", "revenue", "2025Q1", 0, "acme", None),
        ("41%", "revenue", "2025Q1", 1, "acme", None),
        ("$2 million", "net_loss", None, -1, "globex", None),
        ("$88.9 billion", "market_value", None, -1, "acme", None),
        ("646 billion yuan", "market_value", None, -1, "acme", 3),
    ]
    assert facts[3].qualifier == "more than" and facts[4].qualifier == "about"


def test_loss_of_revenue_is_revenue_and_facts_serialise() -> None:
    text = "The ban will cost Acme a loss of about $5.5 billion (about 40 billion yuan) in quarterly revenue."
    facts = extract_facts(text, [_link("acme", text, "Acme")])
    assert [f.metric for f in facts] == ["revenue", "revenue"]
    d = facts[0].to_dict()
    assert d["company_id"] == "acme" and d["currency"] == "USD" and d["checks"] == []


def test_chinese_facts() -> None:
    text = "寒武纪一季度营业收入11.11亿元，同比增长4230.22%；净利润3.55亿元。"
    facts = extract_facts(text, [_link("cambricon", text, "寒武纪")], date(2025, 4, 19))
    assert [(f.value, f.metric, f.direction, f.period) for f in facts] == [
        (pytest.approx(1.111e9), "revenue", 0, "2025Q1"),
        (4230.22, "revenue", 1, "2025Q1"),
        (pytest.approx(3.55e8), "net_profit", 0, "2025Q1"),
    ]
    assert {f.company_id for f in facts} == {"cambricon"}


def _described(text: str) -> list[tuple[str, str | None, int, str | None]]:
    return [(f.text, f.metric, f.direction, f.period) for f in extract_facts(text, (), date(2025, 4, 19))]


@pytest.mark.parametrize(
    "noise",
    [
        "",  # English only: the patterns without Chinese words
        "寒武纪。",  # Chinese in the story: the full lower-case patterns
        "Straße İstanbul. ",  # İ: lower() differs from IGNORECASE, the IGNORECASE patterns
    ],
    ids=["english", "chinese", "case-odd"],
)
def test_metric_and_direction_do_not_depend_on_the_story_pattern_set(noise: str) -> None:
    text = (
        noise + "Acme said revenue rose 12% to $5.5 billion in Q1, but the uprise cost loss was $2 million."
    )
    assert _described(text) == [
        ("12%", "revenue", 1, "2025Q1"),
        ("$5.5 billion", "revenue", 1, "2025Q1"),
        ("$2 million", "charge", -1, "2025Q1"),  # "loss" is a whole word; "uprise" is not "up"
    ]


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("paid $\n5 million", "USD"),
        ("paid USD \n5 million", "USD"),
        ("paid Rs. 5 crore", "INR"),
        ("in 5 million", None),
    ],
)
def test_currency_before_a_line_break(text: str, currency: str | None) -> None:
    # ``$`` in the currency pattern also matches before a final newline: the quick test
    # of the characters before a number must let these through
    assert [a.currency for a in find_amounts(text)] == ([currency] if currency else [])


def test_sentence_without_period_words_has_no_period() -> None:
    text = "Acme sold $5 million of chips. Revenue in 2024 was $9 million."
    assert [f.period for f in extract_facts(text, (), date(2025, 4, 19))] == [None, "2024"]
    assert may_hold_period(text.lower(), 0, 30) is False
    assert may_hold_period(text.lower(), 31, len(text)) is True


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Its revenueſ rose 5% to $3 billion.", "revenue", 3e9),  # long s, matched as "s"
        ("Sales reached Rs 5 croreſ.", "revenue", 5e7),
        ("Sabancı Holding said revenue rose 5% in the ſecond quarter.", "revenue", 5.0),
    ],
)
def test_odd_case_letters_are_read_not_fatal(text: str, metric: str, value: float) -> None:
    facts = extract_facts(text)
    assert any(f.metric == metric and f.value == pytest.approx(value) for f in facts), facts


def test_every_unit_scale_and_currency_word_starts_with_a_tail_letter() -> None:
    import re

    from tickerlens.signals.numbers import _SUFFIX, _TAIL_FIRST, SCALES

    units = ["%", "％", "percent", "per cent", "pc", "个百分点", "percentage point", "pct"]
    for word in [*units, *SCALES, *_SUFFIX]:
        assert re.fullmatch(_TAIL_FIRST, word[0]), word

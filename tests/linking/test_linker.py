"""What a reader relies on: the right companies, no false links on ordinary words,
point-in-time tickers, and spans that point at the text."""

from __future__ import annotations

import pytest

from tickerlens.linking.linker import Linker
from tickerlens.linking.model import Role


def tickers(links: list) -> set[str]:
    return {t for lk in links for t in lk.tickers}


def ids(links: list) -> set[str]:
    return {lk.company_id for lk in links}


@pytest.mark.parametrize(
    "text",
    [
        "She ate an apple and a pear for lunch.",
        "Apple pie is the dessert of the season.",
        "The Cambrian period saw an explosion of animal life.",
        "Fossils from the Cambrian explosion were found in Yunnan.",
        "Share to Facebook\nShare to Twitter",
        "He walked along the beach collecting a shell.",
        "The meta question is whether rates will fall.",
    ],
)
def test_ordinary_words_are_not_companies(small_linker: Linker, text: str) -> None:
    assert small_linker.link(text, published="2025-04-19") == []


def test_ambiguous_names_link_with_company_context(small_linker: Linker) -> None:
    text = "Apple shares rose 3% after the iPhone maker reported record revenue."
    assert tickers(small_linker.link(text)) == {"AAPL"}
    text = "Cambrian posted quarterly profit for the first time in five years."
    assert tickers(small_linker.link(text)) == {"688256.SS"}


def test_explicit_ticker_confirms_an_ambiguous_name(small_linker: Linker) -> None:
    text = "Cambrian (SHA: 688256) released its report. Cambrian said demand was strong."
    links = small_linker.link(text)
    assert tickers(links) == {"688256.SS"}
    spans = [(m.start, m.end) for m in links[0].mentions]
    assert [text[s:e] for s, e in spans] == ["Cambrian", "SHA: 688256", "Cambrian"]


def test_executives_resolve_to_their_company(small_linker: Linker) -> None:
    links = small_linker.link("Jensen Huang flew to Beijing. Huang met officials on Thursday.")
    assert tickers(links) == {"NVDA"}
    assert [m.kind for m in links[0].mentions] == ["person", "person"]
    assert tickers(small_linker.link("Tim Cook has met Chinese officials many times.")) == {"AAPL"}


def test_dual_listed_company_gets_every_listing_primary_first(small_linker: Linker) -> None:
    links = small_linker.link("TSMC reported first-quarter revenue up 41%.")
    assert links[0].tickers == ["2330.TW", "TSM"]


@pytest.mark.parametrize(
    "text", ["台積電公布第一季財報。", "台积电公布第一季财报。", "ＴＳＭＣ reported results."]
)
def test_traditional_simplified_and_full_width_forms(small_linker: Linker, text: str) -> None:
    assert ids(small_linker.link(text)) == {"tsmc"}


def test_chinese_longest_match(small_linker: Linker) -> None:
    assert ids(small_linker.link("平安银行今日发布公告。")) == {"ping-an-bank"}
    assert ids(small_linker.link("中国平安今日发布公告。")) == {"ping-an"}


def test_point_in_time_ticker_and_former_name(small_linker: Linker) -> None:
    old = small_linker.link("Facebook (NASDAQ: FB) shares fell 5%.", published="2020-03-02")
    assert tickers(old) == {"FB"}
    new = small_linker.link("Meta (NASDAQ: META) shares fell 5% after earnings.", published="2024-02-02")
    assert tickers(new) == {"META"}


def test_unlisted_and_government_bodies(small_linker: Linker) -> None:
    links = small_linker.link("Huawei unveiled a chip. The Commerce Department said it would respond.")
    assert ids(links) == {"huawei"}
    assert links[0].listed is False and links[0].tickers == []


def test_title_mention_makes_a_primary_subject(small_linker: Linker) -> None:
    body = "The company said demand was strong. Analysts also mentioned TSMC as a supplier."
    links = small_linker.link(body, title="Nvidia beats estimates")
    by_id = {lk.company_id: lk for lk in links}
    assert by_id["nvidia"].role == Role.PRIMARY
    assert by_id["nvidia"].relevance > by_id["tsmc"].relevance
    assert by_id["nvidia"].mentions[0].in_title


def test_mention_offsets_point_into_the_text(small_linker: Linker) -> None:
    text = "On Friday, 英伟达 and Nvidia’s rival TSMC both traded higher."
    for lk in small_linker.link(text):
        for m in lk.mentions:
            assert text[m.start : m.end] == m.text


def test_latin_name_run_into_chinese_characters(small_linker: Linker) -> None:
    assert ids(small_linker.link("受Nvidia影响，台积电股价上涨。")) == {"nvidia", "tsmc"}


def test_chinese_ambiguous_name_needs_company_words(small_linker: Linker) -> None:
    assert small_linker.link("他买了一个苹果。") == []
    assert tickers(small_linker.link("苹果公司发布了新款手机，股价上涨。")) == {"AAPL"}


@pytest.mark.parametrize(
    "text",
    [
        "Broken \ud800 bytes, then Nvidia and 英伟达 in one line.",  # a lone surrogate from bad input
        "🚀🚀 Nvidia and 英伟达 lead 📈 the chip rally.",  # characters beyond the basic plane
    ],
)
def test_spans_survive_surrogates_and_emoji(small_linker: Linker, text: str) -> None:
    links = small_linker.link(text)
    assert ids(links) == {"nvidia"}
    assert [text[m.start : m.end] for m in links[0].mentions] == ["Nvidia", "英伟达"]


@pytest.mark.parametrize(
    "text",
    [
        "The startup raised $3M in seed funding.",
        "Sales reached $658.3M, above the 12.3M units guided.",
        "The fund expects 1-3M in new subscriptions.",
    ],
)
def test_amounts_are_not_company_names(bundled_linker: Linker, text: str) -> None:
    assert "MMM" not in tickers(bundled_linker.link(text))


def test_a_name_that_starts_with_a_digit_still_links(bundled_linker: Linker) -> None:
    text = "Shares of 3M rose 2% after the Post-it maker beat estimates."
    assert "MMM" in tickers(bundled_linker.link(text))


def test_a_price_target_is_not_the_retailer(bundled_linker: Linker) -> None:
    text = "Wedbush raises its Price Target on Acme Robotics to $150 ahead of quarterly earnings."
    assert "TGT" not in tickers(bundled_linker.link(text))
    text = "Target shares fell 3% after the retailer cut its outlook."
    assert "TGT" in tickers(bundled_linker.link(text))


def test_an_analyst_action_is_company_context(bundled_linker: Linker) -> None:
    assert "ABMD" in tickers(bundled_linker.link("Raymond James Downgrades Abiomed to Market Perform"))
    assert "ABMD" not in tickers(bundled_linker.link("The abiomed device literature grew."))


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Atlas Air rose 4% after the cargo carrier beat estimates.",
        "Atlas Air Reports Q3 Adj. EPS $1.09, Sales $448M",
        "Dahlman Rose Downgrades Atlas Air to Hold",
    ],
)
def test_a_name_of_ordinary_words_links_where_only_a_company_fits(bundled_linker: Linker, text: str) -> None:
    assert "AAWW" in tickers(bundled_linker.link(text))


def test_a_name_of_ordinary_words_alone_still_needs_more(bundled_linker: Linker) -> None:
    assert "AAWW" not in tickers(bundled_linker.link("Atlas Air routes over the Pacific were busy."))


def test_a_possessive_name_the_listing_file_wrote_without_its_apostrophe(bundled_linker: Linker) -> None:
    assert "AAN" in tickers(bundled_linker.link("Loop Capital Upgrades Aaron's to Buy"))
    assert "AAN" in tickers(bundled_linker.link("Aaron’s Reports Q4 Adj. EPS $0.65 vs $0.55 Est."))
    # the listing file's "Aarons" is not the first name's possessive
    assert "AAN" not in tickers(bundled_linker.link("Aaron's wife said the company would grow."))


@pytest.mark.parametrize(
    "text",
    [
        "GMR Infra posts Q3 net loss of Rs 22.25 crore; stock up",
        "Suzanne Frey, an executive at Alphabet, is a member of the board of directors.",
    ],
)
def test_a_one_word_listing_name_inside_another_name_does_not_link(bundled_linker: Linker, text: str) -> None:
    names = {lk.name for lk in bundled_linker.link(text)}
    assert not names & {"Infra SA", "Frey"}


@pytest.mark.parametrize(
    "text",
    [
        "Tensions in the South China Sea rose as ships gathered.",
        "Northern California wildfires spread on Monday as investors watched utility stocks.",
        "Information technology stocks drag Sensex down",
        "Investor pessimism is at its worst since 2008, a fund manager survey showed.",
    ],
)
def test_an_ordinary_word_left_by_a_legal_name_is_not_a_company(bundled_linker: Linker, text: str) -> None:
    assert bundled_linker.link(text) == []


def test_a_chinese_name_read_across_two_words_does_not_link(bundled_linker: Linker) -> None:
    # 大金 (Daikin) inside 加大金融, 力拓 (Rio Tinto) inside 大力拓展
    text = "交通银行将加大金融资源投入，大力拓展数字人民币商户。"
    assert {lk.name for lk in bundled_linker.link(text)} == {"Bank of Communications Co., Ltd."}


def test_a_market_wrap_names_indexes_not_their_publishers(bundled_linker: Linker) -> None:
    text = (
        "The Dow Jones Industrial Average rose 0.4%, the Nasdaq Composite added 1.1% and "
        "Japan's Nikkei 225 closed higher; Nasdaq shares rose after the exchange operator's results."
    )
    assert {lk.name for lk in bundled_linker.link(text)} == {"Nasdaq, Inc."}


@pytest.mark.parametrize(
    ("text", "not_linked"),
    [
        ("Baird Downgrades Arctic Cat to Neutral, Announces $15.00 Target", "Target Corporation"),
        ("Download 7 Best Stocks for the Next 30 Days.", "NEXT plc"),
        ("Spectrum Auction: two carriers outbid their rivals", "Charter Communications, Inc."),
        ("The Dow Jones Industrial Average <.DJI> fell 0.5%.", "SZ DJI Technology Co., Ltd."),
        ("Mid-Day Market Update: Dow Surges Over 150 Points; chip shares rise", "Dow Inc."),
        # frequent Chinese words need a company word right after them
        ("公司业绩保持理想增幅，股价上涨。", "Li Auto Inc."),  # 理想: ideal
        ("硅片报价出现巨大差异，公司股价承压。", "Giant Manufacturing Co., Ltd."),  # 巨大: huge
        ("药物临床试验批准苹果酸法米替尼胶囊，公司股价上涨。", "Apple Inc."),  # 苹果酸: malic acid
    ],
)
def test_ordinary_senses_of_company_names(bundled_linker: Linker, text: str, not_linked: str) -> None:
    assert not_linked not in {lk.name for lk in bundled_linker.link(text)}


def test_a_frequent_chinese_word_as_a_name_links_with_a_company_word_after_it(bundled_linker: Linker) -> None:
    names = {lk.name for lk in bundled_linker.link("苹果发布新款手机，股价上涨。")}
    assert "Apple Inc." in names


def test_a_bracketed_list_of_symbols_links_each_listing(bundled_linker: Linker) -> None:
    text = "Stocks that crossed 52-week highs (AAON, ACTG, AAME, BBSI, XQZW)"
    assert {"AAON", "ACTG", "AAME", "BBSI"} <= tickers(bundled_linker.link(text))


@pytest.mark.parametrize(
    "text",
    [
        "New leaders named (CEO, COO, CTO)",
        "Data due this week (GDP, CPI, PMI)",
        "Hot topics (AI, ML, NLP, EV)",
    ],
)
def test_a_list_of_acronyms_is_not_a_list_of_tickers(bundled_linker: Linker, text: str) -> None:
    assert bundled_linker.link(text) == []

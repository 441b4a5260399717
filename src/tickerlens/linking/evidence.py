"""Whether an ambiguous alias ("Apple", "Cambrian", "Shell", "Byte") means the company.

Users of news APIs complain most about false links on words like these, so an alias
marked as needing context links only with evidence, strongest first:

1. the story also names the company unambiguously (another alias, its ticker, an
   executive);
2. company vocabulary right around the mention ("Apple shares", "Cambrian posted
   quarterly profit", "CEO", "营收");
3. it stands in a list with companies already linked ("Alibaba, Tencent, Byte and
   other large manufacturers").

Words that make the ordinary sense likely ("Cambrian period", "apple pie", "Share to
Facebook") veto the local evidence. Names from listing files made of ordinary words
("Atlas Air") need a construction only a company fills ("Shares of Atlas Air"). Some
matches are never the company, whatever the evidence: an index or venue named after it
("Nasdaq Composite"), a word of another name ("Infra" in "GMR Infra"), a Chinese name
read across two words (大金 in 加大金融). All checks are on the original text around the
span, so they are cheap and run only for the hits they concern.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tickerlens.linking.normalize import to_simplified

__all__ = [
    "firm_context",
    "list_neighbours",
    "local_evidence",
    "names_a_market",
    "part_of_other_name",
    "share_button",
    "straddles_words",
    "veto",
]

_COMPANY_WORDS_EN = frozenset(
    [
        "shares",
        "share",
        "stock",
        "stocks",
        "shareholders",
        "investors",
        "analyst",
        "analysts",
        "upgrades",
        "upgraded",
        "downgrades",
        "downgraded",
        "coverage",
        "ceo",
        "cfo",
        "chairman",
        "chief",
        "president",
        "founder",
        "executive",
        "executives",
        "company",
        "companies",
        "firm",
        "corp",
        "inc",
        "ltd",
        "plc",
        "group",
        "revenue",
        "revenues",
        "sales",
        "profit",
        "profits",
        "earnings",
        "income",
        "loss",
        "losses",
        "quarter",
        "quarterly",
        "results",
        "guidance",
        "forecast",
        "outlook",
        "dividend",
        "buyback",
        "ipo",
        "listed",
        "listing",
        "valuation",
        "market",
        "value",
        "customers",
        "supplier",
        "suppliers",
        "products",
        "product",
        "chips",
        "chip",
        "devices",
        "smartphones",
        "iphone",
        "acquisition",
        "acquire",
        "acquired",
        "merger",
        "deal",
        "deals",
        "lawsuit",
        "sued",
        "regulators",
        "antitrust",
        "announced",
        "announces",
        "reported",
        "reports",
        "posted",
        "said",
        "says",
        "launched",
        "launches",
        "unveiled",
        "released",
        "plans",
        "expects",
        "warned",
        "invest",
        "invests",
        "invested",
        "investment",
        "billion",
        "million",
        "brand",
        "brands",
        "store",
        "stores",
        "headquarters",
        "employees",
        "workers",
        "layoffs",
        "hired",
        "rivals",
        "rival",
        "competitor",
        "competitors",
        "peers",
        "maker",
        "manufacturer",
        "manufacturers",
        "vendor",
        "vendors",
        "giant",
        "giants",
        "startup",
        "subsidiary",
        "unit",
        "division",
        "parent",
        "nasdaq",
        "nyse",
        "exchange",
        "traded",
        "rose",
        "fell",
        "jumped",
        "dropped",
        "slid",
        "gained",
        "surged",
        "plunged",
        "rallied",
        "tumbled",
    ]
)
_COMPANY_WORDS_ZH = tuple(
    """
    公司 股价 股份 股票 营收 营业收入 净利润 利润 亏损 财报 季度 年报 业绩 市值 董事长 总裁 首席执行官
    创始人 发布 宣布 产品 芯片 客户 上市 涨停 跌停 大涨 暴跌 收购 投资 集团 厂商 裁员 员工 业务 销售
    营业 亿元 美元 股东 董事 高管 订单 出货 市场份额 估值 评级 分析师 发布会 新品 供应商 合作
    工厂 推出 降价 调价 涨价 优惠 汽车 手机 销量 交付 车型 门店 品牌 旗下 子公司 港股 美股 A股
    """.split()
)
_VETO_AFTER_EN = re.compile(
    r"^\W{0,2}(?:period|era|explosion|fossils?|rocks?|strata|age|times|layer|species|"
    r"pie|pies|juice|tree|trees|orchard|cider|sauce|seeds?|shells?|fish|"
    r"icon|button|page|post|friends?|feed|auction)\b"
    # a span of time: "the Next 30 Days"
    r"|^\s+\d+\s+(?:days?|weeks?|months?|years?|hours?|minutes?|sessions?)\b"
    # a move in points is an index's: "Dow Surges Over 150 Points"
    r"|^\s+(?:[a-z]+\s+){1,3}[\d,.]+\s+points\b",
    re.IGNORECASE,
)
# "an apple", "ate apples", an analyst's "price target" or "$75 Target".
_VETO_BEFORE_EN = re.compile(
    r"(?:(?-i:\b(?:an|a))|\b(?:eat|ate|eating|rotten|green|red|juicy|price))\s*$"
    r"|(?:[$€£¥]|\bRs\.?\s?)\d[\d,]*(?:\.\d+)?\s*$",
    re.I,
)
_SHARE_BUTTON = re.compile(
    r"(?:\b(?:share|shared|post|posted|send)\s+(?:it\s+)?(?:to|on|via|with)|\bfollow us on|\blike us on|"
    r"分享到|分享至|转发到)\s*$",
    re.IGNORECASE,
)
_SHARE_TAILS = ("to", "on", "via", "with", "分享到", "分享至", "转发到")
_ORG_FOLLOWERS = re.compile(
    r"^(?:'s|’s)?\s*(?:Inc\b|Corp\b|Co\b|Ltd\b|plc\b|Group\b|Holdings\b|Technologies\b|"
    r"shares|stock|CEO|chief|executives?|analysts|products|chips|posted|reported|said|announced)",
)


# Constructions only a company's name fills, right beside it: a legal form ("Atlas Air
# Inc."), the possessive of a company noun or a metric ("Atlantic American's shares",
# "BRF SA's fourth quarter results"), a results headline ("Atlas Air Reports Q2 EPS");
# before it, "shares of" and an analyst's action ("Stifel Upgrades Century Communities
# to Buy").
_PERIOD = (
    r"(?:Q[1-4]|FY\s?\d*|[12]H|H[12]|Fiscal(?:\s+\d{4})?|(?:First|Second|Third|Fourth)[- ]Quarter"
    r"|Full[- ]Year|Quarterly|Annual)"
)
_METRIC = (
    r"(?:Adj(?:usted|\.)?\s+)?(?:EPS|Earnings|Revenues?|Sales|Profit|Loss|Net\s+(?:Income|Loss|Profit)|Results"
    r"|Guidance|Outlook|Estimates?|Expectations|Views|Dividend)\b"
)
_FIRM_AFTER = re.compile(  # matched at the end of the name
    r"(?:,?\s+(?-i:Inc|INC|Corp|CORP|Corporation|Co|CO|Ltd|LTD|Limited|plc|PLC|LLC|Bhd|Berhad|Tbk|N\.V|S\.A)\b(?!-)"
    rf"|(?:'s|’s)\s+(?:(?:shares|stock|CEO|CFO|chief executive|board)\b|(?:{_PERIOD}\s+)?{_METRIC})"
    r"|\s+(?:Reports|Posts|Sees|Guides|Raises|Lowers|Cuts|Reaffirms|Narrows|Beats|Misses|Tops)\s+"
    rf"(?:{_PERIOD}\s+)?{_METRIC})",
    re.IGNORECASE,
)
_FIRM_BEFORE = re.compile(
    r"(?:\bshares\s+(?:of|in)"
    r"|\b(?:Upgrades|Downgrades|Initiates(?:\s+Coverage)?\s+(?:On|of)|(?:Maintains|Reiterates|Assumes|Resumes)"
    r"(?:\s+[\w-]+){1,2}\s+on))\s+$",
    re.IGNORECASE,
)
# What follows a name that only qualifies others: "shares of Asia Pacific (tech) companies".
_QUALIFIES = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:companies|firms|stocks|shares|equities|names|peers|banks|lenders|insurers|"
    r"markets|sectors|groups|businesses|exporters|producers|makers|miners|retailers|airlines|"
    r"automakers|carmakers|developers|operators|suppliers|manufacturers|players|indices|indexes|funds)\b"
)
_ACTION_TAIL = re.compile(r"(?:'s|’s)?(?:\s+(?:to|at|with)\b|\s*[,;:]|\s*$)")


def firm_context(text: str, start: int, end: int) -> bool:
    """A construction around the name that only a company fills. Names made of ordinary
    words ("Atlas Air", "Atlantic American") otherwise link only beside their ticker;
    "Shares of Atlas Air rose" is as sure as a ticker, and words nearby ("shares",
    "rose") alone are not: "Asia Pacific shares fell" speaks of a region."""
    if _FIRM_AFTER.match(text, end):
        return True
    before = _FIRM_BEFORE.search(text, max(0, start - 48), start)
    if before is None:
        return False
    # "shares of X" is about X unless X only qualifies a group ("shares of Asia Pacific
    # companies"); an analyst's action must be on X itself ("Upgrades X to Buy")
    if before.group(0).lower().startswith("shares"):
        return not _QUALIFIES.match(text, end)
    return bool(_ACTION_TAIL.match(text, end))


# An acronym right before a word makes one name of both ("GMR Infra", "IRB Infra"); the
# country and market acronyms that stand before company names do not ("US Steel").
_ACRONYM_BEFORE = re.compile(r"(?<![\w&.-])(?!(?:US|UK|EU|HK|USA|UAE|PRC|NYSE)\s)[A-Z]{2,6}[ \t]$")
# A person described after the name: "Suzanne Frey, an executive at Alphabet".
_PERSON_AFTER = re.compile(
    r",\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:executive|analyst|director|officer|spokes(?:man|woman|person)|"
    r"partner|professor|economist|strategist|founder|co-founder|member|manager|trader|investor|chairman|chairwoman)\b"
)


# A capitalised word right after: it goes on with the name when English hardly uses it
# ("Deepak Mohoni", "Birla Nuvo"); a headline's verbs and nouns ("Soars", "Nabs") do not.
_CAPITALISED_AFTER = re.compile(r" ([A-Z][a-z]+)\b")


# A sector, not a company: "Infra stocks a safe bet", "Pharma sector".
_SECTOR_AFTER = re.compile(r" (?:stocks|sector|space|pack|counters)\b", re.IGNORECASE)


def part_of_other_name(text: str, start: int, end: int) -> bool:
    """The word is part of a longer name or a person's name, or names a sector, not the
    company whose one-word name it is ("Infra" in "GMR Infra" and "Infra stocks", "Deepak"
    in "Deepak Mohoni", "Frey" in "Suzanne Frey, an executive")."""
    if (
        _ACRONYM_BEFORE.search(text, max(0, start - 8), start)
        or _PERSON_AFTER.match(text, end)
        or _SECTOR_AFTER.match(text, end)
    ):
        return True
    after = _CAPITALISED_AFTER.match(text, end)
    if after is None:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(after.group(1).lower(), "en") < 1.8


# A market measure or venue named after a company: "Nasdaq Composite", "Nikkei 225", "Dow
# Jones Industrial Average", "Nasdaq-listed". The publisher or exchange operator is not
# what the story is about there.
_MARKET_AFTER = re.compile(
    r"(?:-(?:listed|traded|quoted)\b"
    r"|[ -](?:Composite|Industrial Average|Industrials|Transportation Average|Utility Average|Average"
    r"|(?:Stock |Share |Price )?Ind(?:ex|ices)"
    r"|(?:100|225|250|300|500|600|1000|2000|3000)(?![\d%]|[.,]\d|-[A-Za-z])))",
)


# A street in a branch's address, as trading-seat reports print them: "深圳福田金田路证券
# 营业部" (金田 is not Gold Fields), "上海天山路营业部" (海天 is not Haitian).
_ADDRESS_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,3}(?:路|街|大道)[\u4e00-\u9fff\d号]{0,6}?(?:证券营业部|营业部|支行|分行)"
)


def names_a_market(text: str, start: int, end: int) -> bool:
    """The name is followed by what makes it an index, a listing venue or a street of a
    branch address, or is an index's code (".KRX", Reuters' code for the KBW bank index,
    is not Korea Exchange)."""
    if start and text[start - 1] == "." and (start == 1 or text[start - 2] in " \t\n(<"):
        return True
    after = text[end : end + 1]  # every hit comes here: one look decides which test can match
    if after == " " or after == "-":
        return _MARKET_AFTER.match(text, end) is not None
    return "\u4e00" <= after <= "\u9fff" and _ADDRESS_AFTER.match(text, end) is not None


_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")


class _HanWords(NamedTuple):
    """Two-character Chinese words by how often Chinese uses them (Zipf scale)."""

    known: frozenset[str]  # 3 and more
    frequent: frozenset[str]  # 4 and more: once in 10,000 words
    common: frozenset[str]  # 4.5 and more
    very: frozenset[str]  # 4.8 and more


@lru_cache(maxsize=1)
def _han_words() -> _HanWords:
    """From wordfreq's small Chinese list, read directly so the whole list is not kept."""
    from wordfreq import DATA_PATH, read_cBpack

    buckets = read_cBpack(str(DATA_PATH / "small_zh.msgpack.gz"))  # bucket i: Zipf 9 - i/100

    def upto(zipf: float) -> frozenset[str]:
        return frozenset(
            w for bucket in buckets[: round(100 * (9 - zipf))] for w in bucket if _TWO_HAN.fullmatch(w)
        )

    return _HanWords(known=upto(3.0), frequent=upto(4.0), common=upto(4.5), very=upto(4.8))


def _common_han_word(name: str) -> bool:
    """A two-character name that is a frequent Chinese word in its own right."""
    return len(name) == 2 and name in _han_words().common


def straddles_words(text: str, start: int, end: int) -> bool:
    """A two-character Chinese name read across other words: "大金" (Daikin) in "加大金融"
    ends 加大 and starts 金融, "长和" (CK Hutchison) in "增长和" ends 增长, "新基"
    (Celgene) in "新基地" starts 基地. Chinese has no spaces, so the automaton finds
    these. A real mention seldom has a frequent word on both sides, and a name that is not
    itself a word seldom runs into a very frequent one."""
    if end - start != 2:
        return False
    words = _han_words()
    before = to_simplified(text[start - 1 : start + 1]) if start else ""
    after = to_simplified(text[end - 1 : end + 1]) if end < len(text) else ""
    if before in words.frequent and after in words.frequent:
        return True
    return (before in words.very or after in words.very) and to_simplified(text[start:end]) not in words.known


def share_button(text: str, start: int, end: int) -> bool:
    """A page widget ("Share to Facebook", "分享到微博"), never a company mention. The
    words just before must end like the widget's before the pattern is tried."""
    window = max(0, start - 24)
    if not text[window:start].rstrip()[-4:].lower().endswith(_SHARE_TAILS):
        return False
    return bool(_SHARE_BUTTON.search(text, window, start))


def veto(text: str, start: int, end: int) -> bool:
    """Words around the span that make the ordinary sense of the word likely."""
    if _VETO_AFTER_EN.match(text[end : end + 24]):
        return True
    return bool(_VETO_BEFORE_EN.search(text[max(0, start - 24) : start]))


_CLAUSE_END = re.compile(r"[，。；：、！？,;:!?()（）]")


def local_evidence(text: str, start: int, end: int, sentence: tuple[int, int]) -> float:
    """0-1: how strongly the words around the mention speak of a company."""
    after = text[end : end + 40]
    if _ORG_FOLLOWERS.match(after):
        return 1.0
    s0, s1 = sentence
    if _common_han_word(text[start:end]):
        # A frequent Chinese word ("巨大" huge, "理想" ideal, "大众" the public) as a name
        # needs a company word right after it in its clause ("大众发布"): Chinese finance
        # text has 公司 or 股价 in nearly every sentence.
        clause = _CLAUSE_END.search(text, end, min(s1, end + 8))
        window = text[end : clause.start() if clause else min(s1, end + 8)]
    else:
        window = text[max(s0, start - 80) : min(s1, end + 80)]
    if any(w in window for w in _COMPANY_WORDS_ZH):
        return 0.8
    tokens = re.findall(r"[A-Za-z]+", window.lower())
    hits = sum(1 for t in tokens if t in _COMPANY_WORDS_EN)
    return min(1.0, 0.4 * hits)


_LIST_GAP = re.compile(r"\s*(?:,|、|，|;|and|or|as well as|&|和|与|及|以及)?\s*(?:and|or)?\s*", re.IGNORECASE)


def list_neighbours(text: str, start: int, end: int, linked_spans: list[tuple[int, int]]) -> bool:
    """True when the mention sits in a list next to an already linked company."""
    for s, e in linked_spans:
        if e <= start:
            gap = text[e:start]
        elif s >= end:
            gap = text[end:s]
        else:
            continue
        gap = re.sub(r"^(?:'s|’s)", "", gap)
        if gap and len(gap) <= 14 and _LIST_GAP.fullmatch(gap):
            return True
    return False

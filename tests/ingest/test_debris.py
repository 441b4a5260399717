"""Page debris cleanup: what is dropped, what is moved to metadata, and what must stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from tickerlens.ingest.debris import byline_author, clean_text

BODY = [
    "The chipmaker said on Tuesday that quarterly revenue rose 41% from a year earlier.",
    "Shares of the company rose 5% in early trading, while rivals were little changed.",
    "The company will share more details with investors at its annual meeting in June.",
]


def _text(*lines: str) -> str:
    return "\n".join(lines)


def test_scraped_page_like_the_seed_is_cleaned() -> None:
    page = _text(
        "} ?>",
        "Source of this article: Example Media APP",
        "Author: Chen Ming",
        "Edited by Wang Li",
        "▎" + BODY[0],
        *BODY[1:],
        "Ticker Name",
        "Percentage Change",
        "Inclusion Date",
    )
    cleaned = clean_text(page)
    assert cleaned.text == _text(*BODY)
    assert cleaned.author == "Chen Ming"
    assert cleaned.credits == (
        "Source of this article: Example Media APP",
        "Author: Chen Ming",
        "Edited by Wang Li",
    )
    assert "} ?>" in cleaned.removed


@pytest.mark.parametrize(
    "line",
    [
        "Share to Facebook",
        "Share on Twitter",
        "Share this article",
        "Like this story? Share it with a friend!",
        "分享到：微信 微博 QQ空间",
        "分享到微信",
        "分享至 Facebook 微信 微博",
        "12 comments",
        "Print Article",
        "Order Reprints",
        "Copyright © 2025 Example News. All Rights Reserved",
        "版权所有 © 2025 某某财经 未经书面授权禁止转载",
        "免责声明：本文仅供参考，不构成投资建议。",
        "Sign up for our daily newsletter",
        "Read more: Chipmaker beats estimates again",
        "相关阅读：宁德时代发布一季报",
        "<?php echo $title; ?>",
        "});",
        "______",
        "股票代码 名称 最新价 涨跌幅",
    ],
)
def test_debris_lines_are_dropped(line: str) -> None:
    assert clean_text(_text(BODY[0], line, BODY[1])).text == _text(BODY[0], BODY[1])


@pytest.mark.parametrize(
    "line",
    [
        "Shares of Apple rose 5% after Facebook and Twitter reported results.",
        "The company will share its results on Monday.",
        "Email marketing revenue grew 12% in the quarter.",
        "Price competition in the market is fierce, analysts said.",
        "腾讯控股将在微信中推出新的支付功能，微博股价随之上涨。",
        "The ticker symbol changed last year after the merger was completed.",
    ],
)
def test_story_lines_that_mention_debris_words_stay(line: str) -> None:
    assert clean_text(_text(BODY[0], line, BODY[1])).text == _text(BODY[0], line, BODY[1])


def test_related_list_is_dropped_with_its_header_and_the_story_resumes() -> None:
    text = _text(
        BODY[0], "Related stories", "- Rival posts record sales", "Chip stocks rally on AI demand", BODY[1]
    )
    assert clean_text(text).text == _text(BODY[0], BODY[1])
    zh = _text(
        "公司一季度营收同比增长。",
        "相关阅读",
        "比亚迪四月销量公布",
        "锂电池板块资金流向",
        "公司股价次日上涨。",
    )
    assert clean_text(zh).text == _text("公司一季度营收同比增长。", "公司股价次日上涨。")


def test_chinese_bylines_move_to_metadata() -> None:
    text = _text(
        "宁德时代一季度净利润同比增长32.9%。",
        "公司表示海外订单持续增长。",
        "（本文来源：证券日报）",
        "责任编辑：李四",
    )
    cleaned = clean_text(text)
    assert cleaned.text == _text("宁德时代一季度净利润同比增长32.9%。", "公司表示海外订单持续增长。")
    assert cleaned.credits == ("（本文来源：证券日报）", "责任编辑：李四")


def test_title_repeated_at_the_top_is_dropped() -> None:
    cleaned = clean_text(_text("Chipmaker beats estimates", BODY[0]), title="Chipmaker Beats Estimates")
    assert cleaned.text == BODY[0]


def test_table_words_in_the_middle_of_a_story_stay() -> None:
    text = _text(BODY[0], "Price", BODY[1])
    assert clean_text(text).text == text


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (["2025-04-02 19:45 来源：华夏财经网 作者：周明远"], "周明远"),
        (["2025/04/10 14:35　記者吳佩珊／台北報導"], "吳佩珊"),
        (["By Jane Smith and John Doe"], "Jane Smith"),
        (["公司发文称，业绩符合预期。"], None),
        (["No byline here."], None),
    ],
)
def test_byline_author(lines: list[str], author: str | None) -> None:
    assert byline_author(lines) == author


@pytest.mark.shared
def test_seed_page_debris_is_removed_and_its_body_kept(shared_dir: Path) -> None:
    raw = (shared_dir / "examples" / "seed" / "article.txt").read_text(encoding="utf-8")
    lines = raw.split("\n")
    cleaned = clean_text(raw)
    assert lines[0] in cleaned.removed  # the template leftover
    assert all(line in cleaned.removed for line in lines[-3:])  # the stock table header
    assert len(cleaned.credits) == 3 and cleaned.author is not None
    body = [line.lstrip("▎") for line in lines[4:-3]]
    assert cleaned.text == "\n".join(body)

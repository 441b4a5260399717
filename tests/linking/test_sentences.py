from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickerlens.linking.sentences import sentence_index, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares fell. Analysts cut targets.", ["Shares fell.", "Analysts cut targets."]),
        ("Acme Inc. said sales rose. Then it paid.", ["Acme Inc. said sales rose.", "Then it paid."]),
        (
            "The U.S. Department of Commerce acted. Chips fell.",
            ["The U.S. Department of Commerce acted.", "Chips fell."],
        ),
        ("It was made in the U.S. The company grew.", ["It was made in the U.S.", "The company grew."]),
        ("See Announcement No. 16 of the agency. Next.", ["See Announcement No. 16 of the agency.", "Next."]),
        (
            "J. P. Morgan rose 3.5% to $101.49 today. Done.",
            ["J. P. Morgan rose 3.5% to $101.49 today.", "Done."],
        ),
        (
            'He said: "We meet regularly. ”\nThe stock fell.',
            ['He said: "We meet regularly. ”', "The stock fell."],
        ),
        ("Wait... Analysts cheered!  Really? Yes.", ["Wait...", "Analysts cheered!", "Really?", "Yes."]),
        ("} ?>\nSource: Titanium Media", ["} ?>", "Source: Titanium Media"]),
        ("Visit example.com?q=1 now. Ok.", ["Visit example.com?q=1 now.", "Ok."]),
    ],
    ids=[
        "plain",
        "inc",
        "us-dept",
        "us-end",
        "no-number",
        "initials-decimals",
        "closing-quote",
        "ellipsis-bang-question",
        "debris",
        "url",
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "寒武纪一季度扭亏为盈。股价大涨！是真的吗？是的",
            ["寒武纪一季度扭亏为盈。", "股价大涨！", "是真的吗？", "是的"],
        ),
        ("他说：“业绩很好。”随后股价上涨。", ["他说：“业绩很好。”", "随后股价上涨。"]),
        (
            "营收35.5亿元，同比增长12.3%。净利润1.2亿元。",
            ["营收35.5亿元，同比增长12.3%。", "净利润1.2亿元。"],
        ),
        ("英伟达(NVDA.O)股价下跌6.87%。AMD也跌了", ["英伟达(NVDA.O)股价下跌6.87%。", "AMD也跌了"]),
    ],
    ids=["terminators", "quote", "decimals", "mixed"],
)
def test_chinese(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_lines_break_sentences_but_hard_wraps_do_not() -> None:
    text = (
        "Headline without a stop\nThe first paragraph talks about the market and keeps going\n"
        "across a wrapped line until it ends.\n\nSecond paragraph."
    )
    assert _sentences(text) == [
        "Headline without a stop",
        "The first paragraph talks about the market and keeps going\nacross a wrapped line until it ends.",
        "Second paragraph.",
    ]


def test_blank_text_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\t ") == []


def test_sentence_index_maps_offsets() -> None:
    text = "One here. Two there. Three."
    spans = split_sentences(text)
    assert [sentence_index(spans, text.index(w)) for w in ("One", "Two", "Three")] == [0, 1, 2]
    assert sentence_index(spans, text.index(" Two")) == 0  # the gap belongs to the sentence before


_alphabet = st.sampled_from([*'abc XYZ.!?。！？\n"”0123456789,', "U.S.", "Inc.", "寒武纪"])


@given(st.lists(_alphabet, max_size=60).map("".join))
def test_spans_are_ordered_trimmed_and_cover_all_text(text: str) -> None:
    spans = split_sentences(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())

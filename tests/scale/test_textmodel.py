"""The bigram model behind the synthetic corpus."""

from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tickerlens.scale.textmodel import TextModel, detokenize, is_chinese

EN = [
    "Revenue rose 12% to $4.1 billion in the quarter. Shares gained 3% (a record) on Monday.",
    "The bank cut its forecast. Its stock fell 6.5% after the results, and bonds rallied.",
]
ZH = ["公司营收同比增长百分之十二。股价上涨百分之三！分析师预计利润率将改善。"]
MODEL = TextModel.learn(EN + ZH)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_sentences_only_use_transitions_seen_in_the_texts(seed: int) -> None:
    rng = random.Random(seed)
    for lang in ("en", "zh"):
        model = MODEL.model(lang)
        units = model.sentence(rng)
        chain = ["\x02", *units, "\x03"] if len(units) < 60 else ["\x02", *units]
        assert units
        for a, b in pairwise(chain):
            assert model.counts[a][b] > 0, (lang, a, b)


def test_languages_are_told_apart_and_counted() -> None:
    assert is_chinese(ZH[0]) and not is_chinese(EN[0])
    assert MODEL.texts == {"en": 2, "zh": 1} and MODEL.zh_share == 1 / 3
    assert MODEL.en.sentence_lengths == [2, 2] and MODEL.zh.sentence_lengths == [3]


def test_english_is_spaced_like_prose_and_chinese_is_not_spaced() -> None:
    assert detokenize(["Shares", "rose", "3.2%", "(", "a", "record", ")", "to", "$", "41", "."], "en") == (
        "Shares rose 3.2% (a record) to $41."
    )
    assert detokenize(["股", "价", "上", "涨", "。"], "zh") == "股价上涨。"

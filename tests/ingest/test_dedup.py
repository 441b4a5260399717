"""Duplicate grouping: exact copies, syndicated near-copies, and stories that only look alike."""

from __future__ import annotations

from tickerlens.ingest.dedup import (
    DuplicateIndex,
    shingles,
    signature,
    signature_bytes,
    signature_from_bytes,
)

WIRE = (
    "Nvidia said on Wednesday it expects a charge of about $5.5 billion in its first quarter after the "
    "U.S. government told it that exports of its H20 chips to China would need a licence indefinitely. "
    "The company's shares fell nearly 7% in New York, and other chipmakers also declined as investors "
    "weighed the impact of tighter export controls on the semiconductor industry. Analysts said the "
    "charge reflects inventory, purchase commitments and related reserves for the H20 products."
)
OTHER = (
    "The bank raised its quarterly dividend by 10% on Tuesday after reporting record profit in its "
    "consumer division, and said it would buy back up to $5 billion of its shares over the next year, "
    "citing strong capital ratios and a resilient economy in its home market."
)
ZH = (
    "宁德时代4月14日晚间发布2025年第一季度报告，公司一季度实现营业收入847亿元，同比增长6.2%；"
    "实现归母净利润139.6亿元，同比增长32.9%。报告期内，公司动力电池和储能电池出货量合计同比增长超过四成。"
)


def test_chinese_uses_character_shingles_and_english_word_shingles() -> None:
    assert "宁德时代" in shingles(ZH)
    assert "nvidia said on" in shingles(WIRE)


def test_exact_and_syndicated_copies_join_the_first_story() -> None:
    index = DuplicateIndex(threshold=0.8)
    assert index.assign("a", "h1", signature(WIRE)) is None
    assert index.assign("b", "h1", signature(WIRE)) == "a"  # same content hash
    syndicated = "By Example Wire\n" + WIRE + "\nReporting by A. Writer; Editing by B. Editor"
    assert index.assign("c", "h2", signature(syndicated)) == "a"
    assert index.assign("d", "h3", signature(OTHER)) is None


def test_chinese_near_copy_is_grouped_and_a_different_story_is_not() -> None:
    index = DuplicateIndex(threshold=0.8)
    index.assign("zh1", "h1", signature(ZH))
    assert index.assign("zh2", "h2", signature("（来源：证券时报）" + ZH + "责任编辑：李四")) == "zh1"
    different = "比亚迪5月1日公告，公司4月新能源汽车销量约38.1万辆，同比增长21%，海外销量创单月新高。"
    assert index.assign("zh3", "h3", signature(different)) is None


def test_reassigning_a_known_article_keeps_its_group() -> None:
    index = DuplicateIndex()
    index.assign("a", "h1", signature(WIRE))
    index.assign("b", "h2", signature(WIRE + " Updated."))
    assert index.assign("a", "h1", signature(WIRE)) is None
    assert index.assign("b", "h2", signature(WIRE + " Updated.")) == "a"


def test_signatures_round_trip_through_bytes() -> None:
    sig = signature(WIRE)
    back = signature_from_bytes(signature_bytes(sig))
    assert back.jaccard(sig) == 1.0
    assert len(signature_bytes(sig)) == 64 * 8

"""The synthetic corpus: seeded, sized, with the universe's names planted in real-like text."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from scale_corpus import UNIVERSE

from tickerlens.errors import InputError
from tickerlens.linking.automaton import build_index
from tickerlens.linking.linker import Linker
from tickerlens.scale.synthetic import SynthOptions, generate_corpus, parse_size
from tickerlens.scale.textmodel import is_chinese
from tickerlens.universe.load import company_from_record
from tickerlens.universe.master import Universe

# Learning texts written for this test: a few sentences of each language.
TEXTS = [
    "Quarterly revenue rose 12% to $4.1 billion. The shares gained 3% in early trading. "
    "Analysts expect margins to improve next year.",
    "The company cut its outlook for the full year. Its stock fell 6.5% after the results.",
    "公司一季度营收同比增长百分之十二。股价早盘上涨百分之三。分析师预计明年利润率将改善。",
]
NAMES = {  # the names of each company in the test universe that are not ambiguous
    "nvidia": ["Nvidia", "NVIDIA Corporation", "英伟达"],
    "tsmc": ["TSMC", "Taiwan Semiconductor Manufacturing Company Limited", "台积电"],
    "cambricon": ["Cambricon", "Cambricon Technologies Corporation Limited", "寒武纪"],
}


@pytest.fixture(scope="module")
def universe() -> Universe:
    return Universe({r["id"]: company_from_record(r, "test") for r in UNIVERSE}, digest="test")


def stories(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.glob("*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("100MB", 100_000_000), ("1.5GB", 1_500_000_000), ("512KiB", 524_288), ("500000", 500_000),
        ("2 mb", 2_000_000),
    ],
    ids=["MB", "GB-fraction", "KiB", "bytes", "lower-case-and-space"],
)
def test_sizes_are_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["ten MB", "12 parsecs", ""], ids=["words", "unit", "empty"])
def test_a_size_that_is_not_one_says_so(text: str) -> None:
    with pytest.raises(InputError, match="--size"):
        parse_size(text)


def test_the_same_seed_gives_the_same_corpus_and_another_another(universe: Universe, tmp_path: Path) -> None:
    options = SynthOptions(size_bytes=60_000, seed=7, file_bytes=20_000)
    first = generate_corpus(tmp_path / "a", options, universe, TEXTS)
    second = generate_corpus(tmp_path / "b", options, universe, TEXTS)
    reseeded = SynthOptions(size_bytes=60_000, seed=8, file_bytes=20_000)
    other = generate_corpus(tmp_path / "c", reseeded, universe, TEXTS)
    assert [f.read_bytes() for f in first.files] == [f.read_bytes() for f in second.files]
    assert first.files[0].read_bytes() != other.files[0].read_bytes()


def test_a_corpus_has_the_size_asked_cut_into_files(universe: Universe, tmp_path: Path) -> None:
    options = SynthOptions(size_bytes=60_000, seed=1, file_bytes=20_000)
    report = generate_corpus(tmp_path, options, universe, TEXTS)
    sizes = [f.stat().st_size for f in report.files]
    assert sum(sizes) == report.bytes and 60_000 <= report.bytes < 60_000 + 20_000
    assert len(sizes) >= 3 and all(s <= 20_000 for s in sizes)
    assert report.stories == len(stories(tmp_path)) and report.learned_from == len(TEXTS)


def test_stories_name_the_companies_they_say_they_plant(universe: Universe, tmp_path: Path) -> None:
    january = {"start": date(2025, 1, 1), "end": date(2025, 1, 31)}
    options = SynthOptions(size_bytes=40_000, seed=3, zh_share=0.5, **january)
    generate_corpus(tmp_path, options, universe, TEXTS)
    made = stories(tmp_path)
    zh = [s for s in made if is_chinese(s["text"])]
    assert 0.3 < len(zh) / len(made) < 0.7
    for s in made:
        assert set(s["planted"]) <= set(NAMES)  # listed companies only: Huawei is never planted
        for cid in s["planted"]:
            assert any(name in s["text"] for name in NAMES[cid]), cid
        published = datetime.fromisoformat(s["published"])
        assert date(2025, 1, 1) <= published.date() <= date(2025, 1, 31)
        offset = published.utcoffset()
        assert offset is not None and offset.total_seconds() == (8 * 3600 if s in zh else 0)


def test_the_linker_finds_the_planted_companies(universe: Universe, tmp_path: Path) -> None:
    generate_corpus(tmp_path, SynthOptions(size_bytes=30_000, seed=5, zh_share=0.3), universe, TEXTS)
    linker = Linker(universe, build_index(universe))
    for s in stories(tmp_path):
        found = {link.company_id for link in linker.link(s["text"], title=s["title"])}
        assert set(s["planted"]) <= found


def test_without_learning_texts_the_built_in_sample_is_used(universe: Universe, tmp_path: Path) -> None:
    report = generate_corpus(tmp_path, SynthOptions(size_bytes=20_000, seed=2, zh_share=0.5), universe)
    assert report.learned_from == 0 and 0 < report.zh_stories < report.stories


def test_zero_size_is_refused(universe: Universe, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="more than zero"):
        generate_corpus(tmp_path, SynthOptions(size_bytes=0), universe)

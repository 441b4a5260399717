"""Fixtures of the scale tests: a small universe file, small corpora written here, and
a batch config that links against that universe (workers build it in milliseconds)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scale_corpus import UNIVERSE, story, write_jsonl, zh_story

from tickerlens.scale.config import BatchConfig


@pytest.fixture(scope="session")
def universe_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("universe") / "universe.jsonl", UNIVERSE)


@pytest.fixture
def make_config(universe_file: Path) -> Callable[..., BatchConfig]:
    def make(**overrides: Any) -> BatchConfig:
        values: dict[str, Any] = {"universe_file": universe_file, "shard_size": 4, "signals": False}
        values.update(overrides)
        return BatchConfig(**values)

    return make


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two JSONL files: 9 English stories with a malformed line and an empty one, 5 Chinese."""
    folder = tmp_path / "corpus"
    en: list[dict[str, Any] | str] = [story(i) for i in range(9)]
    en.insert(3, '{"id": "broken", "text": ')
    en.insert(6, {"id": "empty", "text": "   ", "title": ""})
    write_jsonl(folder / "a.jsonl", en)
    write_jsonl(folder / "b.jsonl", [zh_story(i) for i in range(5)])
    return folder

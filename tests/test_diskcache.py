"""Derived data survives between processes, and a bad file never breaks a command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tickerlens.diskcache import cached


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_built_once_then_loaded(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "thing.pickle"
    build = Builder({"a": 1})
    assert cached(path, build, lambda found: isinstance(found, dict)) == {"a": 1}
    assert cached(path, build, lambda found: isinstance(found, dict)) == {"a": 1}
    assert build.calls == 1
    assert not list(path.parent.glob("*.tmp"))  # written under a temporary name, then renamed


@pytest.mark.parametrize("content", [b"", b"torn", b"\x80\x05N."])  # empty, garbage, a pickled None
def test_a_torn_or_stale_file_is_built_again(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "thing.pickle"
    path.write_bytes(content)
    build = Builder([1, 2])
    assert cached(path, build, lambda found: isinstance(found, list)) == [1, 2]
    assert build.calls == 1
    assert cached(path, Builder(None), lambda found: isinstance(found, list)) == [1, 2]  # and rewritten


def test_no_path_builds_every_time(tmp_path: Path) -> None:
    build = Builder(3)
    assert cached(None, build, lambda found: True) == 3
    assert cached(None, build, lambda found: True) == 3
    assert build.calls == 2


def test_a_folder_that_cannot_be_written_only_costs_the_build(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    build = Builder(4)
    assert cached(blocker / "thing.pickle", build, lambda found: True) == 4
    assert cached(blocker / "thing.pickle", build, lambda found: True) == 4
    assert build.calls == 2

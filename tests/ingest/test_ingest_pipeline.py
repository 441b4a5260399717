"""The ingest() entry point: every kind of input, failures, dates from every source, stable ids."""

from __future__ import annotations

import io
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tickerlens.errors import BinaryInputError, EmptyInputError, InputError, InputTooLargeError
from tickerlens.ingest import Failure, ingest, iter_items
from tickerlens.settings import get_settings

STORY = (
    "} ?>\n"
    "Source of this article: Example Media\n"
    "Author: Chen Ming\n"
    "Nvidia said on Wednesday it expects a charge of about $5.5 billion after new export rules.\n"
    "Shares of the chipmaker fell nearly 7% in New York, dragging other chip stocks lower.\n"
    "Ticker Name\n"
    "Percentage Change\n"
    "Inclusion Date\n"
)


def test_text_file_is_cleaned_and_undated(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    (article,) = ingest(path)
    assert article.text.split("\n") == [
        "Nvidia said on Wednesday it expects a charge of about $5.5 billion after new export rules.",
        "Shares of the chipmaker fell nearly 7% in New York, dragging other chip stocks lower.",
    ]
    assert article.author == "Chen Ming"
    assert article.published is None and article.published_from == "missing"
    assert article.lang == "en" and article.source == str(path)


def test_text_file_title_and_dateline(tmp_path: Path) -> None:
    path = tmp_path / "cn.txt"
    path.write_text(
        "宁德时代一季度净利润增长32.9%\n\n2025年4月14日 晚间\n宁德时代发布一季报，净利润同比增长。\n", "utf-8"
    )
    (article,) = ingest(path)
    assert article.title == "宁德时代一季度净利润增长32.9%"
    assert article.published == datetime(2025, 4, 14, 12, 0, tzinfo=UTC)
    assert (article.published_from, article.published_precision) == ("text", "part_of_day")


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Bank raises dividend\n\nThe **bank** raised its [dividend](https://x.example) by 10%.\n"
    )
    (article,) = ingest(path)
    assert article.title == "Bank raises dividend"
    assert article.text == "The bank raised its dividend by 10%."


def test_user_date_overrides_and_file_date_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("Revenue rose 41% from a year earlier, the company said.\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (plain,) = ingest(path)
    assert plain.published is None
    (filed,) = ingest(path, file_dates=True)
    assert filed.published == datetime.fromtimestamp(1_700_000_000, UTC) and filed.published_from == "file"
    (user,) = ingest(path, published="2025-04-19T20:15+08:00")
    assert user.published == datetime(2025, 4, 19, 12, 15, tzinfo=UTC)
    assert (user.published_from, user.published_offset) == ("user", 480)
    with pytest.raises(InputError, match="--published"):
        list(ingest(path, published="next tuesday"))


def test_bytes_and_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    (from_bytes,) = ingest(STORY.encode("utf-16"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    (from_stdin,) = ingest("-")
    assert from_bytes.text == from_stdin.text
    assert from_stdin.source == "<stdin>"


def test_ids_are_stable_and_differ_by_content(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text(STORY)
    first = next(iter(ingest(path))).id
    assert next(iter(ingest(path))).id == first
    path.write_text(STORY.replace("7%", "8%"))
    assert next(iter(ingest(path))).id != first


@pytest.mark.parametrize(
    ("content", "error"),
    [
        pytest.param(b"", EmptyInputError, id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(300), BinaryInputError, id="binary"),
    ],
)
def test_a_bad_named_input_raises(tmp_path: Path, content: bytes, error: type[Exception]) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error, match=r"bad\.txt"):
        list(ingest(path))


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        list(ingest(tmp_path / "nope.html"))


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(InputTooLargeError, match=r"huge\.jsonl"):
        list(ingest(path))


def test_folder_is_read_recursively_and_one_bad_file_does_not_stop_it(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Revenue rose 41% from a year earlier, the company said.\n")
    (tmp_path / "sub" / "b.md").write_text("# Title\n\nThe bank raised its dividend by 10%.\n")
    (tmp_path / "sub" / "c.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG" + bytes(10))  # not a kind we read: not listed
    failures: list[Failure] = []
    articles = list(ingest(tmp_path, on_failure=failures.append))
    assert sorted(a.text for a in articles) == [
        "Revenue rose 41% from a year earlier, the company said.",
        "The bank raised its dividend by 10%.",
    ]
    assert len(failures) == 1 and failures[0].source.endswith("c.txt") and not failures[0].whole


def test_iter_items_reports_each_bad_input_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "g.txt"
    good.write_text("Revenue rose 41% from a year earlier, the company said.\n")
    items = list(iter_items([tmp_path / "missing.txt", b"", good]))
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Article"]
    assert all(i.whole for i in items if isinstance(i, Failure))


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(InputError, match="--kind"):
        list(ingest(b"x", kind="docx"))


def test_settings_limit_is_used(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("x" * 5000)
    with pytest.raises(InputTooLargeError):
        list(ingest(path, settings=get_settings(max_input_bytes=1000)))

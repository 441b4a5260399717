"""Batch runs: what is written, what fails, and resuming after a crash.

What does not depend on the engine (committing, the manifest, dead letters) is tested on
the inline engine, which costs no process start-up; the process pool is tested on a
whole run, and against Ray in test_engines."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scale_corpus import story, write_jsonl, zh_story

from tickerlens.errors import InputError, ManifestError
from tickerlens.scale import BatchConfig, EngineSpec, run_batch
from tickerlens.scale import commit as commit_module
from tickerlens.scale import local as local_engine

INLINE = EngineSpec("inline")


def rows(out: Path, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    source = f"read_parquet('{out}/{table}/*/*.parquet', hive_partitioning = true)"
    return duckdb.sql(f"SELECT {columns} FROM {source} ORDER BY ALL").fetchall()


def dead_letters(out: Path) -> list[dict[str, Any]]:
    path = out / "_dead_letters.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_run_writes_links_by_publication_day_and_reports_failures(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    out = tmp_path / "out"
    summary = run_batch([str(corpus / "*.jsonl")], out, make_config(), EngineSpec("local", 2))

    assert (summary.records, summary.analysed) == (16, 14)
    assert summary.failed == {"malformed_record": 1, "empty_text": 1}
    assert summary.committed == 2 and summary.skipped == 0
    links = rows(out, "links", "article_id, company_id, listed, tickers, published_date")
    en = {(c, tuple(t), d) for _, c, _, t, d in links if c in ("nvidia", "tsmc")}
    march_4 = date(2025, 3, 4)
    assert en == {("nvidia", ("NVDA",), march_4), ("tsmc", ("2330.TW", "TSM"), march_4)}
    zh = {(c, listed, tuple(t), d) for _, c, listed, t, d in links if c in ("cambricon", "huawei")}
    # 07:00 in Beijing on 5 March is 4 March in UTC: the partition is the day the source wrote
    assert zh == {
        ("cambricon", True, ("688256.SS",), date(2025, 3, 5)),
        ("huawei", False, (), date(2025, 3, 5)),
    }
    assert len(links) == 9 * 2 + 5 * 2
    articles = rows(out, "articles", "id")
    assert len(articles) == 14 and {a for a, *_ in links} == {a for (a,) in articles}
    failed = sorted((d["line"], d["reason"]) for d in dead_letters(out))
    assert failed == [(4, "malformed_record"), (7, "empty_text")]
    assert all(d["source"].endswith(f"a.jsonl:{d['line']}") for d in dead_letters(out))
    assert not list(out.rglob("*.tmp")) and not (out / "_staging").exists()
    assert json.loads((out / "_summary.json").read_text())["failed"] == summary.failed
    # each worker that took shards reported its start-up and memory (a fast one may take them all)
    assert 1 <= len(summary.worker_peak_rss_mb) <= 2 and min(summary.worker_peak_rss_mb.values()) > 50
    assert summary.startup_s > 0 and summary.processing_s > 0 and summary.cpu_ms_per_item > 0


def test_a_rerun_skips_inputs_already_done(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, make_config(), INLINE)
    before = rows(out, "links")
    again = run_batch([corpus], out, make_config(), INLINE)
    assert (again.skipped, again.committed, again.records) == (2, 0, 0)
    assert rows(out, "links") == before
    assert len(dead_letters(out)) == 2


def test_a_changed_input_replaces_its_rows_and_old_partitions(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, make_config(), INLINE)
    write_jsonl(corpus / "b.jsonl", [zh_story(i, "2025-04-01T10:00:00+08:00") for i in range(2)])
    again = run_batch([corpus], out, make_config(), INLINE)
    assert (again.skipped, again.committed) == (1, 1)
    zh = rows(out, "links", "company_id, published_date")
    assert [r for r in zh if r[0] == "cambricon"] == [("cambricon", date(2025, 4, 1))] * 2
    assert not any(out.glob("*/published_date=2025-03-05/*.parquet"))


def test_a_crash_while_reading_then_a_rerun_completes_without_duplicates(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    run_batch([corpus], clean, make_config(), INLINE)
    out = tmp_path / "out"
    real = local_engine.read_shards

    def crash_on_second(item: Any, config: BatchConfig) -> Any:
        if item.path.endswith("b.jsonl"):
            raise OSError("disk went away")
        return real(item, config)

    monkeypatch.setattr(local_engine, "read_shards", crash_on_second)
    with pytest.raises(OSError, match="disk went away"):
        run_batch([corpus], out, make_config(), INLINE)
    assert list(json.loads((out / "_manifest.json").read_text())["inputs"]) == [str(corpus / "a.jsonl")]
    monkeypatch.undo()
    again = run_batch([corpus], out, make_config(), INLINE)
    assert (again.skipped, again.committed) == (1, 1)
    for table in ("articles", "links"):
        assert rows(out, table) == rows(clean, table)
    assert dead_letters(out) == dead_letters(clean)


def test_a_crash_mid_commit_leaves_nothing_stray_after_the_rerun(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = commit_module.Committer._append_dead

    def crash_after_publishing(self: Any, dead: Any) -> None:
        if (self.out / "links").exists() and len(self.manifest.inputs) == 1:
            raise KeyboardInterrupt  # files of the second input are in place, the manifest is not
        real(self, dead)

    monkeypatch.setattr(commit_module.Committer, "_append_dead", crash_after_publishing)
    with pytest.raises(KeyboardInterrupt):
        run_batch([corpus], out, make_config(), INLINE)
    monkeypatch.undo()
    assert any(out.glob("links/published_date=2025-03-05/*.parquet"))  # the cut-short commit's files
    write_jsonl(corpus / "b.jsonl", [zh_story(i, "2025-04-01T10:00:00+08:00") for i in range(2)])
    again = run_batch([corpus], out, make_config(), INLINE)
    assert again.committed == 1
    assert not any(out.glob("*/published_date=2025-03-05/*.parquet"))
    assert [r for r in rows(out, "links", "company_id") if r[0] == "cambricon"] == [("cambricon",)] * 2
    assert len(dead_letters(out)) == 2


def test_an_unreadable_input_is_a_dead_letter_and_the_run_goes_on(
    tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    folder = tmp_path / "in"
    write_jsonl(folder / "good.jsonl", [story(1)])
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "binary.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    summary = run_batch([str(folder / "*.jsonl")], tmp_path / "out", make_config(), INLINE)
    assert summary.analysed == 1
    assert summary.failed == {"empty_input": 1, "binary_input": 1}
    assert summary.committed == 3  # a failed input is done too: a rerun does not retry it unchanged


def test_other_options_into_the_same_folder_are_refused(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    out = tmp_path / "out"
    run_batch([corpus], out, make_config(), INLINE)
    with pytest.raises(ManifestError, match="signals"):
        run_batch([corpus], out, make_config(signals=True), INLINE)
    fresh = run_batch([corpus], out, make_config(signals=True), INLINE, fresh=True)
    assert fresh.committed == 2 and len(dead_letters(out)) == 2


def test_a_folder_that_is_not_a_batch_output_is_refused(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "todo.txt").write_text("keep me")
    with pytest.raises(ManifestError, match="not a batch output"):
        run_batch([corpus], out, make_config(), INLINE, fresh=True)
    assert (out / "todo.txt").read_text() == "keep me"


@pytest.mark.parametrize("bad", ["nowhere/*.jsonl", "missing.jsonl"], ids=["glob", "file"])
def test_inputs_that_match_nothing_are_an_input_error(
    bad: str, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    with pytest.raises(InputError, match=r"nowhere|missing"):
        run_batch([str(tmp_path / bad)], tmp_path / "out", make_config(), INLINE)


def test_parquet_and_jsonl_inputs_give_the_articles_ingest_gives(
    tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tickerlens.ingest import ingest

    records = [story(i) for i in range(3)] + [zh_story(i) for i in range(2)]
    folder = tmp_path / "in"
    folder.mkdir()
    pq.write_table(pa.Table.from_pylist(records), folder / "news.parquet")
    write_jsonl(folder / "more.jsonl", records[:2])
    summary = run_batch([folder], tmp_path / "out", make_config(), INLINE)
    assert (summary.records, summary.analysed, summary.failures) == (7, 7, 0)
    expected = sorted(a.id for path in ("news.parquet", "more.jsonl") for a in ingest(folder / path))
    assert sorted(r[0] for r in rows(tmp_path / "out", "articles", "id")) == expected


def test_a_folder_another_run_is_writing_into_is_refused_and_a_dead_runs_lock_is_taken_over(
    corpus: Path, tmp_path: Path, make_config: Callable[..., BatchConfig]
) -> None:
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    (out / "_lock").write_text(str(os.getpid()))  # a live process holds it
    with pytest.raises(ManifestError, match="is writing into it"):
        run_batch([corpus], out, make_config(), INLINE)
    code = "import os; print(os.getpid())"
    dead = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    (out / "_lock").write_text(dead.stdout.strip())  # its process has ended
    assert run_batch([corpus], out, make_config(), INLINE).committed == 2
    assert not (out / "_lock").exists()

"""`tickerlens batch` and `tickerlens synth` as a user meets them: real processes, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from scale_corpus import story, write_jsonl, write_prices, zh_story


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # the curated universe only: the broad listing file adds start-up time and nothing here needs it
    env = {**os.environ, "COLUMNS": "200", "TICKERLENS_USE_BREADTH": "false"}
    command = [sys.executable, "-m", "tickerlens", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)


def test_batch_reports_failures_with_exit_1_and_a_rerun_skips_what_is_done(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    en = [story(1, "2025-03-04T15:00:00Z"), "{not json", story(2, "2025-03-05T15:00:00Z")]
    write_jsonl(corpus / "en.jsonl", en)
    write_jsonl(corpus / "zh.jsonl", [zh_story(1)])
    write_prices(tmp_path / "prices")
    out = tmp_path / "results"
    prices = str(tmp_path / "prices")
    args = ("batch", f"{corpus}/*.jsonl", "--out", str(out), "--engine", "inline", "--prices", prices)

    first = run(*args)
    assert first.returncode == 1, first.stderr
    assert "4 items from 2 input files (0 already done)" in first.stdout
    assert "3 analysed, 1 failed (malformed_record 1)" in first.stdout
    assert "returns: pairs" in first.stdout and "_dead_letters.jsonl" in first.stderr
    assert json.loads((out / "_summary.json").read_text())["returns"]["ok"] == 2  # NVDA in the two stories
    assert any((out / "links").glob("published_date=2025-03-05/*.parquet"))

    again = run(*args)
    assert again.returncode == 0, again.stderr
    assert "0 items from 0 input files (2 already done)" in again.stdout


def test_batch_with_nothing_to_read_exits_2_and_says_why(tmp_path: Path) -> None:
    proc = run("batch", str(tmp_path / "nowhere" / "*.jsonl"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "matches no file" in proc.stderr or "does not exist" in proc.stderr


def test_batch_refuses_an_unknown_engine(tmp_path: Path) -> None:
    proc = run("batch", str(tmp_path), "--out", str(tmp_path / "out"), "--engine", "spark")
    assert proc.returncode == 2 and "spark" in proc.stderr


def test_synth_writes_a_seeded_corpus(tmp_path: Path) -> None:
    proc = run("synth", "--size", "30KB", "--seed", "4", "--out", str(tmp_path / "a"), "--file-size", "10KB")
    assert proc.returncode == 0, proc.stderr
    assert "words learned from the built-in sample" in proc.stdout
    files = sorted((tmp_path / "a").glob("*.jsonl"))
    assert len(files) >= 3 and all(json.loads(line)["planted"] for line in files[0].read_text().splitlines())
    same = run("synth", "--size", "30KB", "--seed", "4", "--out", str(tmp_path / "b"), "--file-size", "10KB")
    assert same.returncode == 0
    again = sorted((tmp_path / "b").glob("*.jsonl"))
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in again]

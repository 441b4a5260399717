"""The command line as a user meets it: real processes, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "tickerlens", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


STORY = (
    "TSMC (NYSE: TSM) said first-quarter revenue rose 41%, while Nvidia warned of a $5.5 billion charge "
    "after new export rules. Huawei is expected to gain share."
)


def test_jsonl_contract_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Chip stocks", "text": STORY, "published": "2025-04-17"}),
        "{not json",
        json.dumps({"id": "a2", "text": "寒武纪(688256)一季度扭亏为盈。"}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("analyze", str(corpus), "--format", "jsonl", "--no-signals")
    assert proc.returncode == 1, proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a1", "a2"]
    first = {c["name"]: c for c in out[0]["companies"]}
    tsmc = next(c for c in first.values() if "2330.TW" in c["tickers"])
    assert tsmc["listed"] and {"mic": "XNYS", "symbol": "TSM"}.items() <= tsmc["listings"][1].items()
    assert all(
        set(c) >= {"name", "listed", "tickers", "listings", "role", "relevance", "confidence", "mentions"}
        for c in first.values()
    )
    assert any(not c["listed"] for c in first.values())  # Huawei
    assert [c["tickers"] for c in out[1]["companies"]] == [["688256.SS"]]
    assert b":2" in proc.stderr  # the bad line is named by its number


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", b"empty"), (b"\x00\x01\x02\xff\xfe" * 200, b"binary")],
    ids=["empty", "binary"],
)
def test_unusable_input_is_one_line_and_exit_2(tmp_path: Path, content: bytes, message: bytes) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    proc = run("analyze", str(path))
    assert proc.returncode == 2
    assert message in proc.stderr.lower()
    assert b"Traceback" not in proc.stderr


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    proc = run("analyze", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030", "big5"])
def test_chinese_in_common_encodings(tmp_path: Path, encoding: str) -> None:
    text = (
        "台積電公布第一季財報，營收年增41%。"
        if encoding == "big5"
        else "台积电公布第一季财报，营收同比增长41%。"
    )
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    proc = run("analyze", str(path), "--format", "json", "--no-signals")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["companies"][0]["tickers"] == ["2330.TW", "TSM"]


def test_stdin_and_table(tmp_path: Path) -> None:
    proc = run("analyze", "-", stdin=STORY.encode())
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "2330.TW" in out and "NVDA" in out and "Not listed" in out


def test_store_is_idempotent(tmp_path: Path) -> None:
    import duckdb

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    for _ in range(2):
        proc = run("analyze", str(story), "--db", str(db), "--published", "2025-04-17")
        assert proc.returncode == 0, proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    n_links = con.execute("SELECT count(*) FROM links").fetchone()
    assert n_links is not None and n_links[0] >= 3
    tickers = {t for (ts,) in con.execute("SELECT tickers FROM links").fetchall() for t in ts}
    assert {"NVDA", "2330.TW", "TSM"} <= tickers


def test_universe_find_any_language() -> None:
    for query in ("英伟达", "NVDA", "0700.HK", "Jensen Huang"):
        proc = run("universe", "find", query, "--limit", "3")
        assert proc.returncode == 0, (query, proc.stderr)
    proc = run("universe", "find", "zzzz-no-such-company")
    assert proc.returncode == 2

"""The ingest and watch commands: output contract, storing, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tickerlens.cli import main
from tickerlens.ingest.render import CONTRACT_KEYS

STORY = "Nvidia said it expects a $5.5 billion charge after new export rules; its shares fell 7%.\n"


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["tickerlens", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_jsonl_prints_the_contract_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.jsonl").write_text(
        '{"id": 7, "title": "招商银行派息", "text": "招商银行拟每股派息2.0元。",'
        ' "date": "2025-03-25 17:00"}\n'
    )
    db = tmp_path / "news.duckdb"
    code, out, _ = _run(
        monkeypatch, capsys, "ingest", str(tmp_path), "--dry-run", "--format", "jsonl", "--db", str(db)
    )
    assert code == 0 and not db.exists()
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 2
    for record in records:
        assert tuple(record)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    zh = next(r for r in records if r["lang"] == "zh")
    assert zh["published"] == "2025-03-25T17:00:00+08:00"  # local offset kept, instant in UTC is 09:00
    assert zh["published_from"] == "metadata" and zh["source"].endswith("b.jsonl:1")
    en = next(r for r in records if r["lang"] == "en")
    assert en["published"] is None and en["published_from"] == "missing"


def test_ingest_stores_then_reingest_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    db = tmp_path / "news.duckdb"
    code, out, _ = _run(monkeypatch, capsys, "ingest", str(tmp_path / "a.txt"), "--db", str(db))
    assert code == 0 and "1 new" in out
    code, out, _ = _run(monkeypatch, capsys, "ingest", str(tmp_path / "a.txt"), "--db", str(db))
    assert code == 0 and "0 new" in out and "1 unchanged" in out


def test_partial_failure_exits_1_and_total_failure_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01" * 100)
    db = str(tmp_path / "news.duckdb")
    code, _, err = _run(
        monkeypatch, capsys, "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db
    )
    assert code == 1 and "b.txt" in err and "binary" in err
    code, _, err = _run(monkeypatch, capsys, "ingest", str(tmp_path / "b.txt"), "--db", db)
    assert code == 2 and "binary" in err


def test_watch_polls_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "f.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Bank raises dividend</title>"
        "<guid>1</guid><description>The bank raised its dividend by 10%.</description></item></channel></rss>"
    )
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{feed}\n")
    args = ("watch", str(feeds), "--every", "1s", "--max-polls", "1", "--db", str(tmp_path / "n.duckdb"))
    code, out, err = _run(monkeypatch, capsys, *args)
    assert code == 0 and "Bank raises dividend" in out and "poll 1: 1 new" in err

"""The returns and event-study commands, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from market_samples import sample_market
from tickerlens.cli import cli


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    rows = [(s, b.day, b.close) for (s, _), bars in sample_market().items() for b in bars]
    (tmp_path / "prices").mkdir()
    pd.DataFrame(rows, columns=["ticker", "date", "close"]).to_csv(
        tmp_path / "prices" / "long.csv", index=False
    )
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            json.dumps(p)
            for p in [
                {"id": "a", "ticker": "AAA", "published": "2025-04-19", "role": "primary"},
                {"id": "a", "ticker": "0005.HK", "published": "2025-04-19", "role": "passing"},
                {"id": "b", "ticker": "NOPE", "published": "2025-04-19", "role": "passing"},
            ]
        )
        + "\n"
    )
    return pairs, tmp_path / "prices"


def test_returns_prints_one_json_line_per_pair(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    pairs, prices = inputs
    result = CliRunner().invoke(
        cli,
        [
            "returns",
            str(pairs),
            "--prices",
            str(prices),
            "--db",
            str(tmp_path / "s.duckdb"),
            "--as-of",
            "2025-05-30",
            "--offline",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["ticker"], r["status"]) for r in rows] == [
        ("AAA", "ok"),
        ("0005.HK", "ok"),
        ("NOPE", "not available"),
    ]
    assert rows[0]["ref_date"] == "2025-04-17" and rows[0]["currency"] == "USD"
    assert "3 pairs: 2 ok, 1 not available, 3 stored" in result.stderr


def test_event_study_writes_table_and_plots(tmp_path: Path, inputs: tuple[Path, Path]) -> None:
    pairs, prices = inputs
    result = CliRunner().invoke(
        cli,
        [
            "event-study",
            str(pairs),
            "--prices",
            str(prices),
            "--db",
            str(tmp_path / "s.duckdb"),
            "--offline",
            "--by",
            "role",
            "-o",
            str(tmp_path / "es" / "roles"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "primary" in result.stdout and "[0,+5]" in result.stdout
    assert {p.name for p in (tmp_path / "es").iterdir()} == {
        "roles.csv",
        "roles_path.csv",
        "roles.png",
        "roles.html",
    }


def test_bad_input_exits_2_with_a_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tickerlens",
            "returns",
            str(tmp_path / "none.jsonl"),
            "--db",
            str(tmp_path / "s.duckdb"),
            "--offline",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "none.jsonl: does not exist" in done.stderr

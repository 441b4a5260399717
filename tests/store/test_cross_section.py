from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from market_samples import sample_market
from tickerlens.market.providers.local import LocalFileProvider
from tickerlens.store.batch import run_pairs_file
from tickerlens.store.cross_section import cross_section_report
from tickerlens.store.db import connect
from tickerlens.store.returns import BatchOptions


def test_cars_by_group_with_paths_and_plots(tmp_path: Path) -> None:
    rows = [(s, b.day, b.close) for (s, _), bars in sample_market().items() for b in bars]
    (tmp_path / "p").mkdir()
    pd.DataFrame(rows, columns=["ticker", "date", "close"]).to_csv(
        tmp_path / "p" / "all_long.csv", index=False
    )
    stories = [
        ("AAA", "2025-03-03", "primary"),
        ("BBB", "2025-03-05", "primary"),
        ("AAA", "2025-02-03", "passing"),
        ("0005.HK", "2025-02-10", "passing"),
        ("600000.SS", "2025-01-20", "primary"),
    ]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "\n".join(
            json.dumps({"id": f"s{k}", "ticker": t, "published": d, "role": r})
            for k, (t, d, r) in enumerate(stories)
        )
    )
    con = connect(":memory:")
    _, summary, used = run_pairs_file(
        con,
        pairs,
        BatchOptions(as_of=date(2025, 5, 30)),
        local=LocalFileProvider(tmp_path / "p"),
        extra=("role",),
        store=False,
        chunk_size=100,
    )
    assert summary.ok == 5 and summary.stored == 0
    report = cross_section_report(con, used, "role", (-5, 20), tmp_path / "out" / "study")
    table = report.table.set_index(["group", "window"])
    assert table.loc[("primary", "[0,+5]"), "n"] == 3 and table.loc[("passing", "[0,+5]"), "n"] == 2
    cars = con.execute(
        "SELECT car_0_p5 FROM batch_results r JOIN batch_pairs p USING (pair_no) WHERE p.role = 'primary'"
    ).df()["car_0_p5"]
    assert table.loc[("primary", "[0,+5]"), "mean_car"] == pytest.approx(cars.mean(), abs=1e-12)
    path = report.path[report.path["group"] == "primary"]
    assert path["day"].tolist() == list(range(-5, 21)) and set(path["n"]) == {3}
    assert [p.name for p in report.files] == ["study.csv", "study_path.csv", "study.png", "study.html"]
    assert all(p.stat().st_size > 0 for p in report.files)

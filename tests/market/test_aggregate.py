"""Cross-sectional aggregation, checked against scipy's one-sample t test, and the plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tickerlens.market.aggregate import aggregate_cars, cross_section, mean_car_path
from tickerlens.market.plots import plot_mean_car_html, plot_mean_car_png


def test_mean_car_and_t_match_a_one_sample_t_test() -> None:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {"role": ["primary"] * 30 + ["passing"] * 20, "car_0_p5": rng.normal(0.01, 0.05, 50)}
    )
    frame.loc[3, "car_0_p5"] = np.nan  # a pair without that window
    table = aggregate_cars(frame, [(0, 5)], by="role").set_index("group")
    for role in ("primary", "passing"):
        values = frame.loc[frame["role"] == role, "car_0_p5"].dropna()
        expected = stats.ttest_1samp(values, 0.0)
        assert table.loc[role, "n"] == len(values)
        assert table.loc[role, "mean_car"] == pytest.approx(values.mean(), abs=1e-12)
        assert table.loc[role, "t_stat"] == pytest.approx(expected.statistic, abs=1e-9)


def test_no_grouping_is_one_group_and_small_groups_have_no_t() -> None:
    frame = pd.DataFrame({"car_0_0": [0.01]})
    table = aggregate_cars(frame, [(0, 0)])
    assert table.to_dict("records") == [
        {"group": "all", "window": "[0,0]", "n": 1, "mean_car": 0.01, "sd": None, "t_stat": None}
    ]
    assert cross_section(np.array([np.nan])) == (0, None, None, None)


def test_mean_path_keeps_only_pairs_with_every_day() -> None:
    paths = pd.DataFrame(
        {
            "pair_no": [1, 1, 1, 2, 2, 2, 3, 3],
            "day": [0, 1, 2, 0, 1, 2, 0, 2],  # pair 3 lacks day 1
            "ar": [0.01, 0.02, -0.01, 0.03, 0.0, 0.01, 0.5, 0.5],
        }
    )
    groups = pd.Series({1: "a", 2: "a", 3: "a"})
    path = mean_car_path(paths, groups, 0, 2)
    assert path["n"].tolist() == [2, 2, 2]
    assert path["mean_car"].tolist() == pytest.approx([0.02, 0.03, 0.03])


def test_plots_are_written_and_the_page_loads_nothing_from_outside(tmp_path: Path) -> None:
    path = pd.DataFrame(
        {
            "group": ["a"] * 3,
            "day": [0, 1, 2],
            "mean_car": [0.0, 0.01, 0.02],
            "n": [5] * 3,
            "t_stat": [0.1, 1.0, 2.0],
        }
    )
    png = plot_mean_car_png(path, tmp_path / "out" / "car.png")
    html = plot_mean_car_html(path, tmp_path / "out" / "car.html")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = html.read_text()
    assert "<script src=" not in page and "Plotly.newPlot" in page
    assert len(page) > 1_000_000  # plotly.js itself is inside
